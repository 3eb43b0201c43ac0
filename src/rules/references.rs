//! References: expressions that point at other components' exports.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about references between components: what they resolve to, what
/// they export and the graph they form.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::UndefinedReference,
        severity: Severity::Error,
        summary: "A reference to a component that does not exist or is out of scope.",
        explanation: r#"A reference such as `prometheus.remote_write.grafana_cloud.receiver`
must name a component of the same scope. A typo in the component's
name or label, a reference from inside a `declare` to a component
outside it (modules see only their own components and arguments), or
one from outside into a `foreach` template stops Alloy at startup:
`component "prometheus.remote_write.grafanacloud.receiver" does not
exist or is out of scope`."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.grafanacloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Correct the name or label. Inside a `declare`, pass what the module
needs through an `argument` instead of reaching outside.

    forward_to = [prometheus.remote_write.grafana_cloud.receiver]"#,
    },
    Rule {
        code: Code::SelfReference,
        severity: Severity::Error,
        summary: "A component that references its own exports.",
        explanation: r#"A component's arguments are evaluated before it runs, so they cannot
depend on its own exports. Alloy refuses to load the configuration
(`cannot reference self`). It often comes from copying a
`forward_to` line from the component itself."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.relabel.worker.receiver]
}

prometheus.relabel "worker" {
	forward_to = [prometheus.relabel.worker.receiver]

	rule {
		target_label = "service"
		replacement  = "wpt-worker"
	}
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Point the reference at the next component of the pipeline.

    forward_to = [prometheus.remote_write.grafana_cloud.receiver]"#,
    },
    Rule {
        code: Code::Cycle,
        severity: Severity::Error,
        summary: "Components that reference each other in a loop.",
        explanation: r#"Alloy evaluates components in dependency order: a component's
arguments are computed from the exports of the components it refers
to. When references form a loop there is no order to start from, and
Alloy refuses to start (`cycle detected: prometheus.relabel.filter,
prometheus.relabel.rename`)."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.relabel.filter.receiver]
}

prometheus.relabel "filter" {
	forward_to = [prometheus.relabel.rename.receiver]

	rule {
		source_labels = ["__name__"]
		regex         = "wpt_worker_.*"
		action        = "keep"
	}
}

prometheus.relabel "rename" {
	forward_to = [prometheus.relabel.filter.receiver]

	rule {
		target_label = "service"
		replacement  = "wpt-worker"
	}
}"#,
        fix: r#"Break the loop: the last component of a pipeline forwards to a
destination, not back to an earlier stage.

    prometheus.relabel "rename" {
    	forward_to = [prometheus.remote_write.grafana_cloud.receiver]

    	rule {
    		target_label = "service"
    		replacement  = "wpt-worker"
    	}
    }"#,
    },
    Rule {
        code: Code::UnknownExport,
        severity: Severity::Error,
        summary: "A reference to an export the component does not have.",
        explanation: r#"Each component exports a fixed set of fields: `prometheus.remote_write`
exports `receiver`, `discovery.kubernetes` exports `targets`,
`otelcol.exporter.otlp` exports `input`. A reference to any other field,
such as `.reciever`, passes `alloy fmt` and the component lookup; Alloy
only finds it when it evaluates the expression, and the component that
uses it fails."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.grafana_cloud.reciever]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Use one of the component's exports (the diagnostic lists them).

    forward_to = [prometheus.remote_write.grafana_cloud.receiver]"#,
    },
    Rule {
        code: Code::ReferenceKindMismatch,
        severity: Severity::Error,
        summary: "A reference that carries the wrong kind of data, such as a Loki receiver in a Prometheus `forward_to`.",
        explanation: r#"Metrics, logs, traces and profiles travel through different kinds of
receivers: `prometheus.*` components forward to Prometheus receivers,
`loki.*` components to Loki receivers, otelcol `output` blocks to
otelcol `input`s. A receiver of the wrong kind cannot carry the data:
the component fails to evaluate, or the data never reaches the
destination that was meant."#,
        example: r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [loki.write.grafana_cloud.receiver]
}

loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"
	}
}"#,
        fix: r#"Forward to a component that takes this kind of data; metrics go to
`prometheus.remote_write` (or `prometheus.relabel`), logs to `loki.write`
(or `loki.process`).

    forward_to = [prometheus.remote_write.grafana_cloud.receiver]"#,
    },
];
