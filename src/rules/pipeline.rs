//! Pipelines: data that enters a processing stage and goes nowhere.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about the flow of data through processing components.
pub const RULES: &[Rule] = &[Rule {
    code: Code::UnusedComponent,
    severity: Severity::Warning,
    summary: "A processing component that nothing feeds, or whose output goes nowhere.",
    explanation: r#"Processing components (`prometheus.relabel`, `loki.relabel`,
`loki.process`, `pyroscope.relabel`, `otelcol.processor.*`,
`discovery.relabel`) sit between a source and a destination. If no
component sends to their receiver or input, they process nothing; if
their `forward_to` or `output` is empty (or an otelcol receiver or
processor has no `output` block at all), or nothing uses the `output`
of a `discovery.relabel`, what they process is dropped. Alloy starts
without complaint either way, and the data silently bypasses the stage
or never arrives."#,
    example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.relabel "drop_debug" {
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]

	rule {
		source_labels = ["__name__"]
		regex         = "wpt_worker_debug_.*"
		action        = "drop"
	}
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
    fix: r#"Wire the component into the pipeline (here, let the scrape forward to
the relabel stage), or remove it.

    prometheus.scrape "worker" {
    	targets    = [{"__address__" = "localhost:8787"}]
    	forward_to = [prometheus.relabel.drop_debug.receiver]
    }"#,
}];
