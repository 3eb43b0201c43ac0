//! The writers: `prometheus.remote_write` (grafana/alloy
//! internal/component/prometheus/remotewrite/types.go, remote_write.go) and
//! `loki.write` (internal/component/loki/write/write.go, types.go, and the
//! clients it builds, common/loki/client/consumer_fanout.go).
//!
//! Defaults are Go's `SetToDefault` values, written here and pinned against
//! the schema by tests where the schema agrees: the schema's loki.write
//! `queue_config.drain_timeout` ("1m") and `wal.drain_timeout` ("30s") are
//! not what Go sets (15s, types.go:85 and common/loki/wal/config.go:15).
//! The endpoint URL and the HTTP client blocks are checked elsewhere.

use super::{Cx, Section, Setting, Validation, Value};
use crate::check::context::Loc;
use crate::check::values::{base2_bytes, go_duration};
use crate::rules::Code;
use crate::syntax::ast::Stmt;
use crate::syntax::quote::go_quote;

/// The validations of `prometheus.remote_write` and `loki.write`.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["prometheus.remote_write"],
        block: "wal",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/remotewrite/types.go:234-243",
        check: remote_write_wal,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/remotewrite/types.go:149-151",
        check: remote_write_endpoint,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint",
        code: Code::UnstableFeature,
        source: "internal/component/prometheus/remotewrite/remote_write.go:235-243",
        check: remote_write_v2,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "prometheus/prometheus storage/remote/write.go:160-163",
        check: remote_write_repeated_endpoints,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint/sigv4",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/remotewrite/types.go:510-518",
        check: sigv4,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint/azuread",
        code: Code::InvalidComponentConfig,
        source: "internal/component/prometheus/remotewrite/types.go:391-475",
        check: azuread,
    },
    Validation {
        components: &["loki.write"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/common/loki/client/consumer_fanout.go:15-34",
        check: loki_endpoints,
    },
    Validation {
        components: &["loki.write"],
        block: "endpoint",
        code: Code::UnstableFeature,
        source: "internal/component/loki/write/write.go:220-227",
        check: loki_queue_config,
    },
    Validation {
        components: &["loki.write"],
        block: "wal",
        code: Code::InvalidComponentConfig,
        source: "internal/component/loki/write/write.go:52-57",
        check: loki_wal,
    },
];

/// A duration in nanoseconds, as Go compares them.
fn nanos(value: &Value) -> Option<i128> {
    value.as_seconds().map(|s| (s * 1e9).round() as i128)
}

/// A duration argument as `Validate` sees it: what is written, else Go's
/// default of `default_seconds`.
fn duration<'a>(s: &Section<'a>, name: &str, default_seconds: f64) -> Setting<'a> {
    s.setting_or(name, Value::String(go_duration(default_seconds)))
}

/// `prometheus.remote_write`'s WAL defaults (types.go:53-57).
const TRUNCATE_FREQUENCY: f64 = 2.0 * 3600.0;
const MIN_KEEPALIVE: f64 = 5.0 * 60.0;
const MAX_KEEPALIVE: f64 = 8.0 * 3600.0;

/// `wal`: `truncate_frequency` is not 0 and `min_keepalive_time` is below
/// `max_keepalive_time`, defaults included (types.go:234-243).
fn remote_write_wal(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let truncate = duration(s, "truncate_frequency", TRUNCATE_FREQUENCY);
    if truncate.value.as_seconds() == Some(0.0) {
        cx.reject(
            s.loc_of("truncate_frequency"),
            "truncate_frequency is 0: the WAL would never be truncated",
            "set a positive truncate_frequency (the default is 2h)",
            "truncate_frequency must not be 0",
        );
    }
    shorter_than(
        cx,
        s,
        ("min_keepalive_time", MIN_KEEPALIVE),
        ("max_keepalive_time", MAX_KEEPALIVE),
        "min_keepalive_time must be smaller than max_keepalive_time",
    );
}

/// A WAL's lower bound (`min`, with its Go default in seconds) must be
/// shorter than its upper bound (`max`), defaults included; else Alloy
/// refuses with `alloy_says`. The user changes what they wrote: the upper
/// bound when it is written, else the lower one.
fn shorter_than(
    cx: &mut Cx<'_, '_>,
    s: &Section<'_>,
    (min_name, min_default): (&str, f64),
    (max_name, max_default): (&str, f64),
    alloy_says: &str,
) {
    let min = duration(s, min_name, min_default);
    let max = duration(s, max_name, max_default);
    let (Some(lo), Some(hi)) = (nanos(&min.value), nanos(&max.value)) else {
        return;
    };
    if lo < hi {
        return;
    }
    let (at, fix) = if max.is_written() {
        (
            s.loc_of(max_name),
            format!(
                "raise {max_name} above {}, or lower {min_name}",
                go_duration(lo as f64 / 1e9)
            ),
        )
    } else {
        (
            s.loc_of(min_name),
            format!(
                "lower {min_name} below {} ({max_name}'s default), or set {max_name} above it",
                go_duration(hi as f64 / 1e9)
            ),
        )
    };
    cx.reject(
        at,
        format!(
            "{} is not shorter than {}",
            min.describe(min_name),
            max.describe(max_name)
        ),
        &fix,
        alloy_says,
    );
}

/// The protobuf messages remote write knows (prometheus/client_golang
/// exp/api/remote/remote_headers.go:51-64, the version Alloy pins).
const WRITE_V1: &str = "prometheus.WriteRequest";
const WRITE_V2: &str = "io.prometheus.write.v2.Request";

/// How Alloy names an endpoint in its messages: its `name` as written
/// (empty when left out).
fn endpoint_name(s: &Section<'_>) -> String {
    match s.attribute("name") {
        Some(a) => Value::of(&a.value)
            .as_str()
            .map_or_else(|| "<name>".to_owned(), str::to_owned),
        None => String::new(),
    }
}

/// An `endpoint` of `prometheus.remote_write`: `protobuf_message` is one
/// remote write knows (types.go:149-151). At most one authentication
/// method (types.go:124-139) is the schema's exclusive group.
fn remote_write_endpoint(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if let Some(attr) = s.attribute("protobuf_message") {
        if let Some(message) = Value::of(&attr.value).as_str() {
            if message != WRITE_V1 && message != WRITE_V2 {
                cx.reject(
                    s.loc_of("protobuf_message"),
                    format!("protobuf_message {message:?} is not a remote write message"),
                    &format!("use {WRITE_V1:?} (the default, remote write 1.0) or {WRITE_V2:?} (remote write 2.0)"),
                    &format!(
                        "invalid protobuf_message {} for endpoint {}: unknown type for remote write protobuf message {message}, supported: {WRITE_V1}, {WRITE_V2}",
                        go_quote(message),
                        go_quote(&endpoint_name(s))
                    ),
                );
            }
        }
    }
}

/// Remote write 2.0 is experimental: the constructor refuses it below that
/// stability level (remote_write.go:235-243).
fn remote_write_v2(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(attr) = s.attribute("protobuf_message") else {
        return;
    };
    if Value::of(&attr.value).as_str() == Some(WRITE_V2) {
        cx.check_stability(
            &format!(
                "{} argument \"protobuf_message\" = {WRITE_V2:?} (remote write 2.0)",
                cx.component
            ),
            "experimental",
            s.loc_of("protobuf_message"),
            &format!(
                "using remote write v2 (protobuf_message={WRITE_V2}) with endpoint {} requires setting the stability.level flag to experimental",
                s.value("name").as_str().unwrap_or("")
            ),
        );
    }
}

/// An endpoint block as far as its text says what Go builds from it:
/// its attributes sorted by name, its nested blocks in order; `None` when
/// a value is computed when Alloy runs.
#[derive(PartialEq)]
struct KnownBody {
    attributes: Vec<(String, Value)>,
    blocks: Vec<(String, KnownBody)>,
}

fn known_body(block: &crate::syntax::ast::Block) -> Option<KnownBody> {
    fn known(v: &Value) -> bool {
        match v {
            Value::Unknown => false,
            Value::List(items) => items.iter().all(known),
            Value::Object(fields) => fields.iter().all(|(_, v)| known(v)),
            _ => true,
        }
    }
    let mut body = KnownBody {
        attributes: Vec::new(),
        blocks: Vec::new(),
    };
    for stmt in &block.body {
        match stmt {
            Stmt::Attribute(a) => {
                let value = Value::of(&a.value);
                if !known(&value) {
                    return None;
                }
                body.attributes.push((a.name.name.to_string(), value));
            }
            Stmt::Block(b) => {
                if b.is_incomplete() {
                    return None;
                }
                body.blocks.push((b.name.to_string(), known_body(b)?));
            }
            // What a broken statement said is not known.
            Stmt::Error(_) => return None,
        }
    }
    body.attributes.sort_by(|a, b| a.0.cmp(&b.0));
    body.blocks.sort_by(|a, b| a.0.cmp(&b.0));
    Some(body)
}

/// Two endpoints that say the same (names included) build the same
/// remote write config: Prometheus refuses the second, having hashed both
/// the same (storage/remote/write.go:160-163), when the component is built
/// (remote_write.go:114, :224).
fn remote_write_repeated_endpoints(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let mut seen: Vec<KnownBody> = Vec::new();
    for endpoint in s.blocks("endpoint") {
        let Some(body) = known_body(endpoint.block) else {
            continue;
        };
        if seen.contains(&body) {
            let url = endpoint.value("url");
            let url = url.as_str().unwrap_or("");
            cx.reject(
                endpoint.header(),
                "this endpoint repeats an earlier one: Prometheus refuses two identical remote_write endpoints",
                "remove the repeated endpoint block",
                &format!(
                    "duplicate remote write configs are not allowed, found duplicate for URL: {url}"
                ),
            );
        } else {
            seen.push(body);
        }
    }
}

/// `sigv4`: access and secret keys come together; `external_id` needs
/// `role_arn` (types.go:510-518).
fn sigv4(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let empty = |name: &str| match s.attribute(name) {
        None => Some(true),
        Some(a) => match Value::of(&a.value) {
            Value::Unknown => None,
            v => Some(v.emptiness() == crate::check::values::Emptiness::Empty),
        },
    };
    if let (Some(access), Some(secret)) = (empty("access_key"), empty("secret_key")) {
        if access != secret {
            let (has, lacks) = if access {
                ("secret_key", "access_key")
            } else {
                ("access_key", "secret_key")
            };
            cx.reject(
                s.header(),
                format!("sigv4 has {has} but no {lacks}: static credentials need both"),
                &format!("add {lacks}, or remove {has} to use the default AWS credentials"),
                "must provide an AWS SigV4 access key and secret key if credentials are specified in the SigV4 config",
            );
        }
    }
    if empty("external_id") == Some(false) && empty("role_arn") == Some(true) {
        cx.reject(
            s.loc_of("external_id"),
            "sigv4 external_id is only used to assume a role, and role_arn is not set",
            "add role_arn, or remove external_id",
            "external_id can only be used with role_arn",
        );
    }
}

/// The Azure clouds Alloy accepts (types.go:392; prometheus/prometheus
/// storage/remote/azuread/azuread.go:36-38).
const AZURE_CLOUDS: [&str; 3] = ["AzureChina", "AzureGovernment", "AzurePublic"];

/// The Azure authenticators, one of which is required (types.go:397-407).
const AZURE_AUTHENTICATORS: [&str; 4] = ["managed_identity", "workload_identity", "oauth", "sdk"];

/// `azuread` (types.go:391-475): a known cloud (default AzurePublic), one
/// authenticator, its ids present and UUIDs, a scope of plain characters.
fn azuread(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if let Some(attr) = s.attribute("cloud") {
        if let Some(cloud) = Value::of(&attr.value).as_str() {
            if !AZURE_CLOUDS.contains(&cloud) {
                cx.reject(
                    s.loc_of("cloud"),
                    format!("azuread cloud {cloud:?} is not an Azure cloud Alloy knows"),
                    "use \"AzurePublic\" (the default), \"AzureGovernment\" or \"AzureChina\"",
                    "must provide a cloud in the Azure AD config",
                );
            }
        }
    }
    let written: Vec<&str> = AZURE_AUTHENTICATORS
        .into_iter()
        .filter(|b| s.has_block(b))
        .collect();
    match written.as_slice() {
        [] => {
            cx.reject(
                s.header(),
                "azuread names no way to authenticate",
                "add one of managed_identity, workload_identity, oauth or sdk",
                "must provide an Azure Managed Identity, Azure Workload Identity, Azure OAuth or Azure SDK in the Azure AD config",
            );
        }
        [_] => {}
        [_, second, ..] => {
            cx.reject(
                s.loc_of(second),
                format!(
                    "azuread has {} authentication methods ({}): it takes one",
                    written.len(),
                    written.join(", ")
                ),
                "keep one of them",
                "cannot provide multiple authentication methods in the Azure AD config",
            );
        }
    }
    // Each authenticator's ids: present (an empty string counts as left
    // out), then UUIDs. The OAuth and SDK tenant ids are matched against a
    // pattern whose result Alloy ignores (types.go:451, :461): any passes.
    let ids: [(&str, &str, &str, bool); 6] = [
        (
            "managed_identity",
            "client_id",
            "Azure Managed Identity",
            true,
        ),
        (
            "workload_identity",
            "client_id",
            "Azure Workload Identity",
            true,
        ),
        (
            "workload_identity",
            "tenant_id",
            "Azure Workload Identity",
            true,
        ),
        ("oauth", "client_id", "Azure OAuth", true),
        ("oauth", "client_secret", "Azure OAuth", false),
        ("oauth", "tenant_id", "Azure OAuth", false),
    ];
    for (block, id, who, uuid) in ids {
        let Some(b) = s.block(block) else { continue };
        let Some(attr) = b.attribute(id) else {
            continue; // A missing required attribute is the schema's finding.
        };
        let Some(text) = Value::of(&attr.value).as_str().map(str::to_owned) else {
            continue;
        };
        if text.is_empty() {
            cx.reject(
                b.loc_of(id),
                format!("{block} {id} is empty"),
                &format!("set {id}"),
                &format!("must provide an {who} {id} in the Azure AD config"),
            );
        } else if uuid && !is_go_uuid(&text) {
            cx.reject(
                b.loc_of(id),
                format!("{block} {id} {text:?} is not a UUID"),
                &format!(
                    "use the {id} as Azure shows it, such as 00000000-0000-0000-0000-000000000000"
                ),
                &format!("the provided {who} {id} is invalid"),
            );
        }
    }
    if let Some(attr) = s.attribute("scope") {
        if let Some(scope) = Value::of(&attr.value).as_str() {
            if !scope.is_empty() && !is_plain_scope(scope) {
                cx.reject(
                    s.loc_of("scope"),
                    format!("azuread scope {scope:?} has characters Alloy refuses: it takes letters, digits, `_`, spaces, `:`, `/`, `.` and `-`"),
                    "remove the other characters from scope",
                    "the provided scope contains invalid characters",
                );
            }
        }
    }
}

/// Whether github.com/google/uuid `Parse` (v1.6.0 uuid.go) accepts `s`:
/// 32 hex digits, or the 36-character dashed form, bare, in any one
/// character on each side (38), or after `urn:uuid:` (45).
fn is_go_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    let dashed = match b.len() {
        32 => return b.iter().all(u8::is_ascii_hexdigit),
        36 => b,
        38 => &b[1..],
        45 if b[..9].eq_ignore_ascii_case(b"urn:uuid:") => &b[9..],
        _ => return false,
    };
    dashed[..36].iter().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => *c == b'-',
        _ => c.is_ascii_hexdigit(),
    })
}

/// Whether Go's `^[\w\s:/.\-]+$` matches `s` (types.go:469): `\w` and `\s`
/// are ASCII in RE2 (`\s` is tab, newline, form feed, carriage return,
/// space).
fn is_plain_scope(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '_' | '\t' | '\n' | '\x0C' | '\r' | ' ' | ':' | '/' | '.' | '-'
            )
    })
}

/// `loki.write` needs an endpoint, and its endpoints distinct names
/// (consumer_fanout.go:15-34, the same in consumer_wal.go:20-49), checked
/// when the component is built (write.go:195-203).
fn loki_endpoints(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let endpoints: Vec<Section<'_>> = s.blocks("endpoint").collect();
    if endpoints.is_empty() {
        if !s.has_block("endpoint") {
            cx.reject(
                s.header(),
                "loki.write has no endpoint: it has nowhere to send logs",
                "add an endpoint block with the Loki push URL",
                "failed to create cliens: at least one endpoint config must be provided",
            );
        }
        return;
    }
    // getEndpointName (common/loki/client/endpoint.go:89-97): the name, else
    // a hash of the whole client config printed with %v.
    let mut named: Vec<String> = Vec::new();
    let mut unnamed: Vec<KnownBody> = Vec::new();
    for endpoint in &endpoints {
        let name = match endpoint.attribute("name") {
            None => Some(String::new()),
            Some(a) => Value::of(&a.value).as_str().map(str::to_owned),
        };
        match name.as_deref() {
            None => {}
            Some("") => {
                // %v prints the pointers of basic_auth, authorization,
                // oauth2 and http_headers as addresses: two such configs
                // never hash the same.
                let hashed_by_address = ["basic_auth", "authorization", "oauth2"]
                    .iter()
                    .any(|b| endpoint.has_block(b))
                    || endpoint.attribute("http_headers").is_some();
                let Some(body) = known_body(endpoint.block) else {
                    continue;
                };
                if hashed_by_address {
                    continue;
                }
                if unnamed.contains(&body) {
                    cx.reject(
                        endpoint.header(),
                        "this endpoint repeats an earlier one, and neither has a name: both get the same name, a hash of their settings",
                        "remove the repeated endpoint block, or give each endpoint its own name",
                        "failed to create cliens: duplicate endpoint configs are not allowed, found duplicate for name: ",
                    );
                } else {
                    unnamed.push(body);
                }
            }
            Some(name) => {
                if named.iter().any(|n| n == name) {
                    cx.reject(
                        endpoint.loc_of("name"),
                        format!("two endpoints are named {name:?}: each endpoint of loki.write needs its own name"),
                        "rename one of them",
                        &format!(
                            "failed to create cliens: duplicate endpoint configs are not allowed, found duplicate for name: {name}"
                        ),
                    );
                } else {
                    named.push(name.to_owned());
                }
            }
        }
    }
}

/// `loki.write`'s `queue_config` defaults (types.go:82-87).
const QUEUE_CAPACITY: i64 = 10 * 1024 * 1024;
const QUEUE_MIN_SHARDS: f64 = 1.0;
const QUEUE_DRAIN_TIMEOUT: f64 = 15.0;
const QUEUE_BLOCK_ON_OVERFLOW: bool = true;

/// A `queue_config` that differs from its defaults is experimental: the
/// component refuses it below that level (write.go:220-227). One equal to
/// the defaults passes at any level.
fn loki_queue_config(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(queue) = s.block("queue_config") else {
        return;
    };
    for stmt in &queue.block.body {
        let Stmt::Attribute(attr) = stmt else {
            continue;
        };
        let value = Value::of(&attr.value);
        let name = &*attr.name.name;
        let differs = match name {
            "capacity" => value
                .as_str()
                .and_then(base2_bytes)
                .map(|n| n != QUEUE_CAPACITY),
            "min_shards" => value.as_number().map(|n| n != QUEUE_MIN_SHARDS),
            "drain_timeout" => nanos(&value).map(|n| n != (QUEUE_DRAIN_TIMEOUT * 1e9) as i128),
            "block_on_overflow" => value.as_bool().map(|b| b != QUEUE_BLOCK_ON_OVERFLOW),
            _ => None,
        };
        if differs == Some(true) {
            let default = match name {
                "capacity" => "\"10MiB\"".to_owned(),
                "min_shards" => "1".to_owned(),
                "drain_timeout" => "\"15s\"".to_owned(),
                _ => "true".to_owned(),
            };
            cx.check_stability(
                &format!(
                    "{} queue_config changed from its defaults ({name} is not {default})",
                    cx.component
                ),
                "experimental",
                Loc::new(queue.unit, attr.span()),
                "changing queue_config requires stability.level flag to be experimental",
            );
            return;
        }
    }
}

/// `loki.write`'s WAL read frequencies (write.go:44-69, defaults from
/// common/loki/wal/config.go:12-16).
const MIN_READ_FREQUENCY: f64 = 0.25;
const MAX_READ_FREQUENCY: f64 = 1.0;

/// `wal`: `min_read_frequency` below `max_read_frequency`, defaults
/// included, whether or not the WAL is enabled (write.go:52-57).
fn loki_wal(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    shorter_than(
        cx,
        s,
        ("min_read_frequency", MIN_READ_FREQUENCY),
        ("max_read_frequency", MAX_READ_FREQUENCY),
        "WAL min read frequency should be lower than max read frequency",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, Options, Source, StabilityLevel};
    use crate::schema::Catalog;

    /// `code line:column` of each finding of the validations here.
    fn findings(text: &str, stability: StabilityLevel) -> Vec<String> {
        let report = check(
            vec![Source {
                name: "config.alloy".into(),
                path: None,
                text: text.as_bytes().to_vec(),
            }],
            &Options {
                stability,
                community_components: true,
                past_syntax_errors: false,
            },
        );
        report
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    Some(Code::InvalidComponentConfig | Code::UnstableFeature)
                )
            })
            .map(|d| format!("{} {}:{}", d.code.unwrap().as_str(), d.line, d.column))
            .collect()
    }

    #[test]
    fn go_defaults_are_pinned_against_the_schema() {
        let default = |component: &str, path: &[&str], name: &str| {
            let mut node = Catalog::component(component).unwrap();
            for p in path {
                node = &node.blocks[*p];
            }
            node.arguments[name].default.clone().unwrap()
        };
        let rw = "prometheus.remote_write";
        assert_eq!(default(rw, &["wal"], "truncate_frequency"), "\"2h\"");
        assert_eq!(default(rw, &["wal"], "min_keepalive_time"), "\"5m\"");
        assert_eq!(default(rw, &["wal"], "max_keepalive_time"), "\"8h\"");
        assert_eq!(
            default(rw, &["endpoint"], "protobuf_message"),
            format!("{WRITE_V1:?}")
        );
        assert_eq!(
            default(rw, &["endpoint", "azuread"], "cloud"),
            "\"AzurePublic\""
        );
        let lw = "loki.write";
        assert_eq!(default(lw, &["wal"], "min_read_frequency"), "\"250ms\"");
        assert_eq!(default(lw, &["wal"], "max_read_frequency"), "\"1s\"");
        // The schema's queue defaults, against Go's (types.go:82-87): the
        // drain timeout differs, Go's 15s is what the comparison uses.
        let q = ["endpoint", "queue_config"];
        assert_eq!(
            base2_bytes(&default(lw, &q, "capacity")),
            Some(QUEUE_CAPACITY)
        );
        assert_eq!(default(lw, &q, "min_shards"), "1");
        assert_eq!(default(lw, &q, "block_on_overflow"), "true");
        assert_eq!(default(lw, &q, "drain_timeout"), "\"1m\"");
        assert_eq!(QUEUE_DRAIN_TIMEOUT, 15.0);
    }

    #[test]
    fn sizes_parse_as_go_units_parses_them() {
        assert_eq!(base2_bytes("10MiB"), Some(QUEUE_CAPACITY));
        assert_eq!(base2_bytes("10MB"), Some(QUEUE_CAPACITY));
        assert_eq!(base2_bytes("10240KiB"), Some(QUEUE_CAPACITY));
        assert_eq!(base2_bytes("9MiB1024KiB"), Some(QUEUE_CAPACITY));
        assert_eq!(base2_bytes("0.5KiB"), Some(512));
        assert_eq!(base2_bytes("0"), Some(0));
        // "kB" is SI, which Base2Bytes refuses; a bare number has no unit.
        assert_eq!(base2_bytes("10kB"), None);
        assert_eq!(base2_bytes("10485760"), None);
        assert_eq!(base2_bytes(""), None);
    }

    #[test]
    fn uuids_parse_as_google_uuid_parses_them() {
        let id = "0b6d8c4e-5f3a-4b1e-9c2d-7a8f9e0d1c2b";
        assert!(is_go_uuid(id));
        assert!(is_go_uuid(&id.to_uppercase()));
        assert!(is_go_uuid(&format!("{{{id}}}")));
        // Any character on each side: Parse does not look at them.
        assert!(is_go_uuid(&format!("x{id}y")));
        assert!(is_go_uuid(&format!("URN:UUID:{id}")));
        assert!(is_go_uuid(&id.replace('-', "")));
        assert!(!is_go_uuid(&id.replace('-', "_")));
        assert!(!is_go_uuid(&id[1..]));
        assert!(!is_go_uuid("my-client-id"));
        assert!(!is_go_uuid(&format!("urn:uid:a{id}")));
    }

    #[test]
    fn scopes_match_as_go_matches_them() {
        assert!(is_plain_scope("https://monitor.azure.com/.default"));
        assert!(is_plain_scope("api://my_app-1 scope"));
        assert!(!is_plain_scope("scope?x=1"));
        assert!(!is_plain_scope("é"));
        assert!(!is_plain_scope("a\u{0B}b"));
    }

    #[test]
    fn loki_names_and_derived_names_are_unique() {
        let text = r#"loki.write "a" {
	endpoint {
		url = "http://localhost:3100/loki/api/v1/push"
	}
	endpoint {
		url = "http://localhost:3100/loki/api/v1/push"
	}
	endpoint {
		name = "x"
		url  = "http://localhost:3100/loki/api/v1/push"
	}
	endpoint {
		name = "x"
		url  = "http://localhost:3101/loki/api/v1/push"
	}
	endpoint {
		name = sys.env("NAME")
		url  = "http://localhost:3102/loki/api/v1/push"
	}
}

loki.write "b" {
	endpoint {
		url = "http://localhost:3100/loki/api/v1/push"
		basic_auth {
			username = "u"
		}
	}
	endpoint {
		url = "http://localhost:3100/loki/api/v1/push"
		basic_auth {
			username = "u"
		}
	}
	endpoint {
		url       = "http://localhost:3100/loki/api/v1/push"
		tenant_id = sys.env("TENANT")
	}
	endpoint {
		url       = "http://localhost:3100/loki/api/v1/push"
		tenant_id = sys.env("TENANT")
	}
}
"#;
        // The second unnamed twin and the second "x"; basic_auth hashes by
        // address and computed values are unknown, so "b" is clean.
        assert_eq!(
            findings(text, StabilityLevel::Experimental),
            [
                "invalid-component-config 5:2",
                "invalid-component-config 13:3"
            ]
        );
    }

    #[test]
    fn loki_queue_config_is_gated_only_when_it_differs() {
        let text = r#"loki.write "a" {
	endpoint {
		url = "http://localhost:3100/loki/api/v1/push"
		queue_config {
			capacity          = "10MB"
			min_shards        = 1
			drain_timeout     = "15s"
			block_on_overflow = true
		}
	}
	endpoint {
		name = "b"
		url  = "http://localhost:3101/loki/api/v1/push"
		queue_config {
			capacity      = "10MiB"
			drain_timeout = "1m"
		}
	}
}
"#;
        assert_eq!(
            findings(text, StabilityLevel::GenerallyAvailable),
            ["unstable-feature 16:4"]
        );
        assert!(findings(text, StabilityLevel::Experimental).is_empty());
    }
}
