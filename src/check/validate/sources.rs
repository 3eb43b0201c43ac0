//! Sources and discovery (`loki.source.file`, `loki.source.syslog`,
//! `discovery.docker`, `loki.source.docker`) and `prometheus.relabel`'s
//! cache: what their `Validate()` and constructors refuse. Closed sets of
//! values (a decompression format, a syslog protocol or format, faro's
//! log format) are enumerations in `schema/enums.rs`.

use super::{Cx, Section, Validation, Value};
use crate::check::values::go_duration;
use crate::rules::Code;

/// The validations of sources, discovery and relabel caches.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["loki.source.file"],
        block: "file_match",
        code: Code::InvalidComponentConfig,
        source: "internal/component/loki/source/file/file.go:118-123",
        check: file_match_sync_period,
    },
    Validation {
        components: &["loki.source.syslog"],
        block: "listener",
        code: Code::InvalidComponentConfig,
        source: "internal/component/loki/source/syslog/types.go:78-124",
        check: syslog_format_options,
    },
    Validation {
        components: &["discovery.docker", "loki.source.docker"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/discovery/docker/docker.go:71-84; internal/component/loki/source/docker/docker.go:82-95",
        check: docker_host,
    },
    Validation {
        components: &["prometheus.relabel"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/relabel/relabel.go:72-89",
        check: relabel_cache,
    },
];

/// `file_match { sync_period }` must be positive (file.go:118-123; the
/// block's default is 10s, :111-116).
fn file_match_sync_period(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let period = s.setting("sync_period");
    if period.is_written() && period.value.as_seconds().is_some_and(|p| p <= 0.0) {
        cx.reject(
            s.loc_of("sync_period"),
            "sync_period must be longer than zero: it is how often the file patterns are matched again",
            "remove it (the default is 10s) or give a positive duration",
            "sync period must be greater than 0",
        );
    }
}

/// A syslog listener's options must fit its `syslog_format` (types.go:78-124;
/// the format defaults to rfc5424, :63). The protocol and format values
/// themselves are enumerations.
fn syslog_format_options(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    // An unknown format is the enumeration's finding, and Alloy stops there.
    let Some(format) = s
        .value("syslog_format")
        .as_str()
        .filter(|f| ["rfc5424", "rfc3164", "raw"].contains(f))
        .map(str::to_owned)
    else {
        return;
    };
    let is_true = |name: &str| s.value(name).as_bool() == Some(true);
    if s.has_block("rfc3164_cisco_components") {
        if format != "rfc3164" {
            cx.reject(
                s.loc_of("rfc3164_cisco_components"),
                format!("rfc3164_cisco_components only applies to the rfc3164 syslog format, not {format}"),
                "set `syslog_format = \"rfc3164\"` or remove the block",
                "rfc3164_cisco_components has no effect when syslog format is not \"rfc3164\"",
            );
        } else if let Some(cisco) = s.block("rfc3164_cisco_components") {
            // At least one option, unless enable_all (types.go:49-60).
            let options = [
                "enable_all",
                "message_counter",
                "sequence_number",
                "hostname",
                "second_fractions",
            ];
            let values: Vec<Value> = options.iter().map(|o| cisco.value(o)).collect();
            if values.iter().all(|v| v.as_bool() == Some(false)) {
                cx.reject(
                    cisco.header(),
                    "rfc3164_cisco_components enables none of its options",
                    "set `enable_all = true` or one of message_counter, sequence_number, hostname, second_fractions",
                    "at least one option in rfc3164_cisco_components has to be enabled",
                );
            }
        }
    }
    if format != "rfc5424" && is_true("rfc5424_allow_empty_msg") {
        cx.reject(
            s.loc_of("rfc5424_allow_empty_msg"),
            format!(
                "rfc5424_allow_empty_msg only applies to the rfc5424 syslog format, not {format}"
            ),
            "remove it, or use the rfc5424 format",
            &format!(
                "\"rfc5424_allow_empty_msg\" has no effect when syslog format is set to {format:?}"
            ),
        );
    }
    if format == "raw" {
        for option in [
            "use_rfc5424_message",
            "rfc3164_default_to_current_year",
            "use_incoming_timestamp",
        ] {
            if is_true(option) {
                cx.reject(
                    s.loc_of(option),
                    format!("{option} does not apply to the raw syslog format, which parses no syslog header"),
                    "remove it, or use the rfc5424 or rfc3164 format",
                    &format!("{option:?} has no effect when syslog format is set to \"raw\""),
                );
            }
        }
    } else if s.has_block("raw_format_options") {
        cx.reject(
            s.loc_of("raw_format_options"),
            format!("raw_format_options only applies to the raw syslog format, not {format}"),
            "set `syslog_format = \"raw\"` or remove the block",
            "raw_format_options has no effect when syslog format is not \"raw\"",
        );
    }
}

/// The Docker host is a `proto://address` string (Docker's client
/// `ParseHostURL`, reached from prometheus discovery/moby/docker.go:150
/// and loki/source/docker/docker.go:287 when the component is built), and
/// the refresh interval is positive (discovery/docker/docker.go:79,
/// loki/source/docker/docker.go:88).
fn docker_host(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let discovery = cx.component == "discovery.docker";
    if let Some(host) = s.value("host").as_str() {
        if host.is_empty() && discovery {
            cx.reject(
                s.loc_of("host"),
                "host is empty",
                "give the Docker daemon's address, such as \"unix:///var/run/docker.sock\"",
                "host attribute must not be empty",
            );
        } else if host
            .split_once("://")
            .is_none_or(|(_, addr)| addr.is_empty())
        {
            let wrapper = if discovery {
                "error setting up docker client"
            } else {
                "failed to create docker client"
            };
            let fix = if host.starts_with('/') {
                format!("write \"unix://{host}\"")
            } else {
                "give a scheme: \"unix:///var/run/docker.sock\" or \"tcp://host:2375\"".to_owned()
            };
            cx.reject(
                s.loc_of("host"),
                format!("Docker host \"{host}\" has no scheme: Docker's client needs `unix://`, `tcp://`, `http(s)://`..."),
                &fix,
                &format!("{wrapper}: unable to parse docker host `{host}`"),
            );
        }
    }
    let refresh = s.setting("refresh_interval");
    if refresh.value.as_seconds().is_some_and(|r| r <= 0.0) {
        let alloy = if discovery {
            "refresh_interval must be greater than 0".to_owned()
        } else {
            format!(
                "refresh_interval must be positive, got \"{}\"",
                go_duration(refresh.value.as_seconds().unwrap_or(0.0))
            )
        };
        cx.reject(
            s.loc_of("refresh_interval"),
            "refresh_interval must be longer than zero",
            "give a positive duration such as \"1m\", or remove it for the default",
            &alloy,
        );
    }
}

/// `prometheus.relabel` keeps its cache either bounded by size or by age,
/// not both, and the size defaults to 100000 (relabel.go:64-68): so
/// `cache_ttl` alone is refused unless `max_cache_size = 0` (:72-89).
fn relabel_cache(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let size = s.setting("max_cache_size");
    let ttl = s.setting("cache_ttl");
    // Unset, the TTL is Go's zero: no age bound.
    let t = if ttl.is_written() {
        ttl.value.as_seconds()
    } else {
        Some(0.0)
    };
    let (Some(n), Some(t)) = (size.value.as_number(), t) else {
        return;
    };
    if n < 0.0 {
        cx.reject(
            s.loc_of("max_cache_size"),
            format!("max_cache_size may not be negative ({n})"),
            "give 0 (to use cache_ttl) or a positive size",
            &format!("max_cache_size must be >= 0; got {n}"),
        );
    } else if t < 0.0 {
        cx.reject(
            s.loc_of("cache_ttl"),
            "cache_ttl may not be negative",
            "give a duration of at least 1m",
            &format!("cache_ttl must be >= 0; got {}", go_duration(t)),
        );
    } else if n > 0.0 && t > 0.0 {
        let (at, message, fix) = if size.is_written() {
            (
                s.loc_of("max_cache_size"),
                "max_cache_size and cache_ttl bound the cache two ways: set one of them".to_owned(),
                "set `max_cache_size = 0` to use cache_ttl, or remove cache_ttl",
            )
        } else {
            (
                s.loc_of("cache_ttl"),
                "cache_ttl needs `max_cache_size = 0`: max_cache_size defaults to 100000, and the two are mutually exclusive".to_owned(),
                "add `max_cache_size = 0` to use cache_ttl, or remove cache_ttl",
            )
        };
        cx.reject(
            at,
            message,
            fix,
            "max_cache_size and cache_ttl are mutually exclusive: set max_cache_size = 0 to use cache_ttl, or unset cache_ttl to keep the bounded LRU cache",
        );
    } else if n == 0.0 && t == 0.0 {
        cx.reject(
            s.loc_of("max_cache_size"),
            "max_cache_size = 0 turns the size bound off, and no cache_ttl is set",
            "set cache_ttl (at least 1m) or a positive max_cache_size",
            "one of max_cache_size or cache_ttl must be set",
        );
    } else if t > 0.0 && t < 60.0 {
        cx.reject(
            s.loc_of("cache_ttl"),
            format!("cache_ttl must be at least 1m, not {}", go_duration(t)),
            "give a duration of at least 1m",
            &format!(
                "cache_ttl must be at least 1m0s when set; got {}",
                go_duration(t)
            ),
        );
    }
}
