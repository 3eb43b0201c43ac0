//! Values: whether what an attribute is set to fits its argument.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about attribute values: types, durations and enumerated strings.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::TypeMismatch,
        severity: Severity::Error,
        summary: "A value, or a reference's value, of the wrong type for its argument.",
        explanation: r#"Every argument has a type: `targets` is a list of objects of strings,
`forward_to` a list of receivers, `is_secret` a bool. A value of
another type makes Alloy refuse to load the configuration with
`expected array, got string` or similar. The most common case is a
single receiver where a list is expected: `forward_to` always takes a
list, even of one element."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = prometheus.remote_write.grafana_cloud.receiver
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Give a value of the expected type; here, wrap the receiver in a list.

    forward_to = [prometheus.remote_write.grafana_cloud.receiver]"#,
    },
    Rule {
        code: Code::InvalidDuration,
        severity: Severity::Error,
        summary: "A duration string without a unit or otherwise unparsable (`\"60\"`).",
        explanation: r#"Durations are strings in Go's format: a number and a unit (`ns`, `us`,
`ms`, `s`, `m`, `h`), possibly several (`"1m30s"`). A bare number has
no unit, and Alloy refuses to load the configuration with `time:
missing unit in duration "60"`."#,
        example: r#"prometheus.scrape "worker" {
	targets         = [{"__address__" = "localhost:8787"}]
	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_interval = "60"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Add a unit: `"15s"`, `"1m30s"`, `"2h"`.

    scrape_interval = "60s""#,
    },
    Rule {
        code: Code::InvalidEnumValue,
        severity: Severity::Error,
        summary: "A string outside the values an argument allows.",
        explanation: r#"Some string arguments take one of a fixed set of values: the `action`
of a relabel rule (`replace`, `keep`, `drop`, `labeldrop`...), the
`action` of an `otelcol.auth.headers` header (`insert`, `update`,
`upsert`, `delete`), the `level` of `logging` (`debug`, `info`, `warn`,
`error`), a `decompression` `format` (`gz`, `z`, `bz2`), a syslog
listener's `protocol` and `syslog_format`. Alloy rejects any other value
when it decodes the block, and the configuration does not load. Each
set is read from Alloy's source (`src/schema/enums.rs` cites the
`UnmarshalText` or `Validate` of each); relabel actions match exactly
(`Drop` is refused), unlike Prometheus's YAML. A few values Alloy
passes on unchecked and only the running component trips on (a
`discovery.kubernetes` `role`, a scrape `scheme`): those are warnings
that say what happens instead."#,
        example: r#"logging {
	level  = "verbose"
	format = "logfmt"
}"#,
        fix: r#"Use one of the allowed values (the diagnostic lists them).

    logging {
    	level  = "debug"
    	format = "logfmt"
    }"#,
    },
];
