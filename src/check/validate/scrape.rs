//! `prometheus.scrape`: `Arguments.Validate()` and the checks of its
//! constructor (grafana/alloy internal/component/prometheus/scrape/scrape.go).
//!
//! Defaults are Go's (`SetToDefault`, scrape.go:147-167), not the schema's:
//! the docs write the fallback protocol as the Go constant
//! `PrometheusText0_0_4` and the escaping scheme as `"underscores"`, where
//! Go leaves it empty and derives it from the validation scheme.

use super::{Cx, Section, Validation, Value};
use crate::check::context::Loc;
use crate::check::values::go_duration;
use crate::rules::Code;
use crate::syntax::ast::Expr;
use crate::syntax::quote::go_quote;

/// The validations of `prometheus.scrape`.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["prometheus.scrape"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/scrape/scrape.go:172",
        check: timeout_within_interval,
    },
    Validation {
        components: &["prometheus.scrape"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/scrape/scrape.go:175-219",
        check: scrape_protocols,
    },
    Validation {
        components: &["prometheus.scrape"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/scrape/scrape.go:221-242",
        check: metric_name_schemes,
    },
    Validation {
        components: &["prometheus.scrape"],
        block: "",
        code: Code::UnstableFeature,
        source: "internal/component/prometheus/scrape/scrape.go:308-318",
        check: experimental_arguments,
    },
];

/// `scrape_timeout` may not exceed `scrape_interval`, defaults included
/// (60s and 10s, scrape.go:155-156): `scrape_interval = "5s"` alone fails.
fn timeout_within_interval(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let timeout = s.setting("scrape_timeout");
    let interval = s.setting("scrape_interval");
    let (Some(t), Some(i)) = (timeout.value.as_seconds(), interval.value.as_seconds()) else {
        return;
    };
    if t <= i {
        return;
    }
    // The user changes what they wrote: the interval when the timeout is
    // the default, else the timeout.
    let (at, fix) = if timeout.is_written() {
        (
            s.loc_of("scrape_timeout"),
            format!(
                "lower scrape_timeout to at most {}, or raise scrape_interval to at least {}",
                go_duration(i),
                go_duration(t)
            ),
        )
    } else {
        (
            s.loc_of("scrape_interval"),
            format!(
                "add `scrape_timeout = {:?}` (or shorter), or raise scrape_interval to at least {}",
                go_duration(i),
                go_duration(t)
            ),
        )
    };
    // Alloy names the job as written: empty unless `job_name` is set.
    let job = s
        .attribute("job_name")
        .map(|a| Value::of(&a.value))
        .unwrap_or(Value::String(String::new()));
    let alloy = format!(
        "scrape_timeout ({}) greater than scrape_interval ({}) for scrape config with job name {:?}",
        go_duration(t),
        go_duration(i),
        job.as_str().unwrap_or("")
    );
    let message = format!(
        "{} is longer than {}: a scrape may not take longer than the time between scrapes",
        timeout.describe("scrape_timeout"),
        interval.describe("scrape_interval")
    );
    cx.reject(at, message, &fix, &alloy);
}

/// The scrape protocols Prometheus knows, sorted as its message lists them
/// (prometheus/prometheus v0.313.2 config/config.go:547-587,
/// `ScrapeProtocolsHeaders`).
const KNOWN_PROTOCOLS: [&str; 5] = [
    "OpenMetricsText0.0.1",
    "OpenMetricsText1.0.0",
    "PrometheusProto",
    "PrometheusText0.0.4",
    "PrometheusText1.0.0",
];

/// `config.DefaultScrapeProtocols` (config/config.go:591-596): Alloy's
/// default `scrape_protocols` (scrape.go:51, :157).
const DEFAULT_PROTOCOLS: [&str; 4] = [
    "OpenMetricsText1.0.0",
    "OpenMetricsText0.0.1",
    "PrometheusText1.0.0",
    "PrometheusText0.0.4",
];

/// The protocol native histograms need (scrape.go:196).
const PROTO: &str = "PrometheusProto";

/// Alloy's default `scrape_fallback_protocol`: `config.PrometheusText0_0_4`
/// (scrape.go:158), whose value is this string (config/config.go:575).
const DEFAULT_FALLBACK_PROTOCOL: &str = "PrometheusText0.0.4";

/// `model.UTF8Validation.String()` and `model.LegacyValidation.String()`
/// (prometheus/common v0.70.1 model/metric.go:82-93).
const UTF8: &str = "utf8";
const LEGACY: &str = "legacy";

/// The escaping schemes Alloy accepts, in the order its message lists them
/// (scrape.go:234-236; prometheus/common model/metric.go:234-237).
const ESCAPING_SCHEMES: [&str; 4] = ["allow-utf-8", "underscores", "dots", "values"];
const ALLOW_UTF8: &str = "allow-utf-8";

/// What Prometheus says of an unknown protocol (`ScrapeProtocol.Validate`,
/// config/config.go:547-558).
fn unknown_protocol(p: &str) -> String {
    format!(
        "unknown scrape protocol {p}, supported: [{}]",
        KNOWN_PROTOCOLS.join(" ")
    )
}

/// A list of strings as far as it is known: each element with its
/// expression, `None` where Alloy computes it.
fn string_elements(expr: &Expr) -> Option<Vec<(Option<String>, &Expr)>> {
    match expr {
        Expr::Array(array) => Some(
            array
                .elements
                .iter()
                .map(|e| (Value::of(e).as_str().map(str::to_owned), e))
                .collect(),
        ),
        Expr::Paren(paren) => string_elements(&paren.inner),
        _ => None,
    }
}

/// `scrape_protocols`, `scrape_fallback_protocol`, `scrape_native_histograms`
/// and the deprecated `enable_protobuf_negotiation`, in the order
/// `Validate()` reads them (scrape.go:175-219).
fn scrape_protocols(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    fallback_protocol(cx, s);
    let negotiation = s
        .attribute("enable_protobuf_negotiation")
        .map(|a| Value::of(&a.value));
    let written = s.attribute("scrape_protocols");
    // The list Validate() sees: what is written, else the default.
    let elements = match written {
        Some(attr) => match string_elements(&attr.value) {
            Some(elements) => elements,
            None => return,
        },
        None => Vec::new(),
    };
    let is_default = written.is_none()
        || (elements.len() == DEFAULT_PROTOCOLS.len()
            && elements
                .iter()
                .zip(DEFAULT_PROTOCOLS)
                .all(|((p, _), d)| p.as_deref() == Some(d)));
    let unknown_elements = elements.iter().any(|(p, _)| p.is_none());
    match negotiation.as_ref().map(Value::as_bool) {
        None | Some(Some(false)) => {}
        // Whether the deprecated switch replaces the list is not known.
        Some(None) => return,
        Some(Some(true)) => {
            // scrape.go:175-187: the switch and a list of one's own exclude
            // each other; with the default list it becomes the proto-first
            // list, which is valid and has PrometheusProto.
            if !is_default && !unknown_elements {
                cx.reject(
                    s.loc_of("enable_protobuf_negotiation"),
                    "enable_protobuf_negotiation and scrape_protocols are both set: the deprecated switch only works with the default protocols",
                    "remove enable_protobuf_negotiation and put \"PrometheusProto\" first in scrape_protocols",
                    "both enable_protobuf_negotiation and scrape_protocols are set, only one can be set at a time",
                );
            }
            return;
        }
    }
    let native = s.value("scrape_native_histograms").as_bool();
    // scrape.go:189-199: native histograms replace the default list with the
    // proto-first one; a list of one's own must name PrometheusProto.
    let lists_proto = elements.iter().any(|(p, _)| p.as_deref() == Some(PROTO));
    if native == Some(true) && !is_default && !unknown_elements && !lists_proto {
        cx.reject(
            s.loc_of("scrape_protocols"),
            "scrape_native_histograms is true, but scrape_protocols does not list \"PrometheusProto\": native histograms are only sent in the protobuf format",
            "add \"PrometheusProto\" to scrape_protocols (first, to prefer it), or remove scrape_native_histograms",
            "scrape_native_histograms is set to true, but PrometheusProto is not in scrape_protocols",
        );
    }
    // scrape.go:202-212: each protocol once, each one Prometheus knows. Go
    // stops at the first; each one is reported where it is written.
    let unit = s.unit;
    let mut seen: Vec<&str> = Vec::new();
    for (p, expr) in &elements {
        let Some(p) = p.as_deref() else { continue };
        let at = Loc::new(unit, expr.span());
        if seen.contains(&p) {
            cx.reject(
                at,
                format!("scrape_protocols lists {p:?} twice"),
                "remove the repeated protocol",
                &format!(
                    "duplicate scrape protocol {}: make sure the scrape protocols provided are unique",
                    go_quote(p)
                ),
            );
            continue;
        }
        seen.push(p);
        if !KNOWN_PROTOCOLS.contains(&p) {
            cx.reject(
                at,
                format!(
                    "{p:?} is not a scrape protocol Prometheus knows{}",
                    suggestion(p)
                ),
                &format!(
                    "use one of {}",
                    KNOWN_PROTOCOLS.map(|k| format!("{k:?}")).join(", ")
                ),
                &format!(
                    "invalid scrape protocol {}: {}",
                    go_quote(p),
                    unknown_protocol(p)
                ),
            );
        }
    }
}

/// `scrape_fallback_protocol`, when set, is a protocol Prometheus knows
/// (scrape.go:214-219); its default is Go's, "PrometheusText0.0.4".
fn fallback_protocol(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(attr) = s.attribute("scrape_fallback_protocol") else {
        // The Go default is valid; see the test pinning it.
        debug_assert!(KNOWN_PROTOCOLS.contains(&DEFAULT_FALLBACK_PROTOCOL));
        return;
    };
    let Some(p) = Value::of(&attr.value).as_str().map(str::to_owned) else {
        return;
    };
    if p.is_empty() || KNOWN_PROTOCOLS.contains(&p.as_str()) {
        return;
    }
    cx.reject(
        s.loc_of("scrape_fallback_protocol"),
        format!(
            "scrape_fallback_protocol {p:?} is not a scrape protocol Prometheus knows{}",
            suggestion(&p)
        ),
        &format!(
            "use one of {} (the default is {DEFAULT_FALLBACK_PROTOCOL:?})",
            KNOWN_PROTOCOLS.map(|k| format!("{k:?}")).join(", ")
        ),
        &format!(
            "invalid scrape_fallback_protocol {}: {}",
            go_quote(&p),
            unknown_protocol(&p)
        ),
    );
}

/// The protocol a misspelt one most likely meant (same letters ignoring
/// case and punctuation: `PrometheusText004`, `openmetricstext1.0.0`).
fn suggestion(p: &str) -> String {
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    KNOWN_PROTOCOLS
        .iter()
        .find(|k| squash(k) == squash(p))
        .map(|k| format!(" (did you mean {k:?}?)"))
        .unwrap_or_default()
}

/// `metric_name_validation_scheme` and `metric_name_escaping_scheme`
/// (scrape.go:221-242). The escaping scheme has no default of its own: Go
/// leaves it empty (scrape.go:160) and derives it from the validation
/// scheme, "underscores" for legacy, "allow-utf-8" for utf8 (scrape.go:228-233).
fn metric_name_schemes(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let validation = s.attribute("metric_name_validation_scheme");
    // scrape.go:161: the default is "legacy".
    let scheme = match validation {
        Some(a) => Value::of(&a.value).as_str().map(str::to_owned),
        None => Some(LEGACY.to_owned()),
    };
    let mut valid_scheme = scheme.clone();
    if let Some(v) = scheme.as_deref() {
        if v != UTF8 && v != LEGACY {
            valid_scheme = None;
            cx.reject(
                s.loc_of("metric_name_validation_scheme"),
                format!("metric_name_validation_scheme {v:?} is not a validation scheme: it is \"utf8\" or \"legacy\""),
                "use \"legacy\" (the default) or \"utf8\"",
                &format!(
                    "invalid metric_name_validation_scheme {}: must be either \"utf8\" or \"legacy\"",
                    go_quote(v)
                ),
            );
        }
    }
    let Some(attr) = s.attribute("metric_name_escaping_scheme") else {
        // Derived from a valid validation scheme: always consistent.
        return;
    };
    let Some(escaping) = Value::of(&attr.value).as_str().map(str::to_owned) else {
        return;
    };
    if escaping.is_empty() {
        return;
    }
    if !ESCAPING_SCHEMES.contains(&escaping.as_str()) {
        cx.reject(
            s.loc_of("metric_name_escaping_scheme"),
            format!("metric_name_escaping_scheme {escaping:?} is not an escaping scheme"),
            &format!(
                "use one of {}, or leave it out to follow metric_name_validation_scheme",
                ESCAPING_SCHEMES.map(|k| format!("{k:?}")).join(", ")
            ),
            &format!(
                "invalid metric_name_escaping_scheme: {}, supported values: [{}]",
                go_quote(&escaping),
                ESCAPING_SCHEMES.join(" ")
            ),
        );
        return;
    }
    // scrape.go:240-242.
    if escaping == ALLOW_UTF8 && valid_scheme.as_deref() == Some(LEGACY) {
        let named = match validation {
            Some(_) => "metric_name_validation_scheme (legacy)".to_owned(),
            None => "metric_name_validation_scheme (legacy, its default)".to_owned(),
        };
        cx.reject(
            s.loc_of("metric_name_escaping_scheme"),
            format!("metric_name_escaping_scheme \"allow-utf-8\" keeps UTF-8 metric names, which {named} refuses"),
            "set metric_name_validation_scheme = \"utf8\", or choose another escaping scheme (\"underscores\" follows legacy names)",
            "metric_name_escaping_scheme cannot be set to 'allow-utf-8' while metric_name_validation_scheme is not set to 'utf8'",
        );
    }
}

/// `honor_metadata`, `enable_type_and_unit_labels` and
/// `start_timestamp_zero_ingestion` set to true are experimental: the
/// constructor refuses them below that stability level (scrape.go:308-318).
fn experimental_arguments(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    for name in [
        "honor_metadata",
        "enable_type_and_unit_labels",
        "start_timestamp_zero_ingestion",
    ] {
        if s.attribute(name).map(|a| Value::of(&a.value).as_bool()) == Some(Some(true)) {
            cx.check_stability(
                &format!("{} argument \"{name}\" = true", cx.component),
                "experimental",
                s.loc_of(name),
                &format!("{name} is an experimental feature, and must be enabled by setting the stability.level flag to experimental"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Catalog;

    #[test]
    fn go_defaults_are_pinned_against_the_schema() {
        let schema = Catalog::component("prometheus.scrape").unwrap();
        let default = |name: &str| schema.arguments[name].default.as_deref().unwrap();
        // The docs write the Go constant's name, not its value: the value
        // is config.PrometheusText0_0_4 = "PrometheusText0.0.4".
        assert_eq!(default("scrape_fallback_protocol"), "PrometheusText0_0_4");
        assert!(KNOWN_PROTOCOLS.contains(&DEFAULT_FALLBACK_PROTOCOL));
        assert_eq!(
            default("scrape_protocols"),
            format!(
                "[{}]",
                DEFAULT_PROTOCOLS.map(|p| format!("{p:?}")).join(", ")
            )
        );
        assert_eq!(default("metric_name_validation_scheme"), "\"legacy\"");
        // The docs name the escaping scheme a legacy validation derives;
        // Go's default is empty (derived), which the rule follows.
        assert_eq!(default("metric_name_escaping_scheme"), "\"underscores\"");
        let mut sorted = KNOWN_PROTOCOLS;
        sorted.sort_unstable();
        assert_eq!(sorted, KNOWN_PROTOCOLS, "Go sorts the list it prints");
    }

    #[test]
    fn unknown_protocols_are_worded_as_prometheus_words_them() {
        assert_eq!(
            unknown_protocol("OpenMetricsText1.0"),
            "unknown scrape protocol OpenMetricsText1.0, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]"
        );
        assert_eq!(
            suggestion("prometheustext004"),
            " (did you mean \"PrometheusText0.0.4\"?)"
        );
        assert_eq!(suggestion("OpenMetricsText1.0"), "");
    }
}
