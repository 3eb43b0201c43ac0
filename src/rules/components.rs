//! Components: whether a block names something Alloy can run.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about the component a block names: whether it exists, and whether
/// it may be used at the configured stability level.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::UnknownComponent,
        severity: Severity::Error,
        summary: "A block name that is no component, config block, declared custom component or imported component.",
        explanation: r#"Alloy resolves every top-level block name to a built-in component, a
config block, a `declare` in scope or a component of an imported
module. A name that matches none of them, usually a typo, stops Alloy
at startup with `cannot find the definition of component name
"prometheus.scrap"`. The `ui`, `cluster` and `otel` services exist but
are configured by command-line flags only, so a block for them is
rejected too.

A component Alloy has removed (`otelcol.exporter.logging`,
`otelcol.receiver.opencensus`, `prometheus.write.queue`) is named as
such, with the release that removed it and its replacement, from Alloy's
CHANGELOG. References to an unknown block's exports are not reported
again: the block's one error covers them."#,
        example: r#"prometheus.scrap "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Correct the name (the diagnostic suggests the closest known one, or
the replacement of a removed component), or declare or import the
custom component before using it.

    prometheus.scrape "worker" {
    	targets    = [{"__address__" = "localhost:8787"}]
    	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
    }"#,
    },
    Rule {
        code: Code::UnstableFeature,
        severity: Severity::Error,
        summary: "A component, config block or stdlib function below the allowed stability level, or a community component that is not enabled.",
        explanation: r#"Alloy only runs features at or above its `--stability.level`
(`generally-available` unless told otherwise). An experimental or
public-preview component, config block (such as `foreach`) or stdlib
function makes it fail at startup: `component "otelcol.exporter.debug"
is at stability level "experimental", which is below the minimum
allowed stability level "generally-available"`. Some argument values
are gated the same way when the component is built: in
`prometheus.scrape`, `honor_metadata`, `enable_type_and_unit_labels`
and `start_timestamp_zero_ingestion` set to true (scrape.go:308-318);
in `prometheus.remote_write`, `protobuf_message =
"io.prometheus.write.v2.Request"` (remote_write.go:238); in
`loki.write`, a `queue_config` that differs from its defaults
(write.go:224). Community components
also need `--feature.community-components.enabled`. alloy-lint checks
against `--stability-level` (default `generally-available`) and
`--community-components`."#,
        example: r#"otelcol.receiver.otlp "default" {
	http {
		endpoint = "0.0.0.0:4318"
	}

	output {
		traces = [otelcol.exporter.debug.default.input]
	}
}

otelcol.exporter.debug "default" {
	verbosity = "detailed"
}"#,
        fix: r#"Use a generally available alternative, or run Alloy with
`--stability.level=experimental` (or `public-preview`) and tell
alloy-lint the same: `--stability-level experimental`, or
`stability-level = "experimental"` in alloy-lint.toml. For community
components, pass `--feature.community-components.enabled` to Alloy and
`--community-components` to alloy-lint."#,
    },
];
