//! Structure: what may stand where in a configuration, and how blocks are
//! named.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about the shape of a configuration: attributes where only blocks
/// may stand, labels, duplicate ids and the placement of config blocks.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::TopLevelAttribute,
        severity: Severity::Error,
        summary: "An attribute directly in a configuration, module or foreach template, where only blocks are allowed.",
        explanation: r#"The body of a configuration file, of a `declare` block and of a
`foreach` template holds only blocks: components, config blocks and
custom components. An attribute there belongs to nothing, and Alloy
refuses to load the configuration (`unrecognized attribute name`). It
usually means a closing brace came too early, or a setting was pasted
outside the block it was meant for."#,
        example: r#"local.file "grafana_token" {
	filename = "grafana-token.txt"
}
is_secret = true"#,
        fix: r#"Move the attribute into the block it configures.

    local.file "grafana_token" {
    	filename  = "grafana-token.txt"
    	is_secret = true
    }"#,
    },
    Rule {
        code: Code::MissingLabel,
        severity: Severity::Error,
        summary: "A component, labelled config block or labelled nested block written without a label.",
        explanation: r#"Components are identified by name and label
(`prometheus.remote_write.grafana_cloud`), and other components refer
to them by that id, so a component without a label cannot be loaded:
Alloy fails at startup with `component "prometheus.remote_write" must
have a label`. The same holds for the config blocks `argument`,
`export`, `declare`, `foreach` and `import.*`, for custom components,
and for the few nested blocks that take a label (such as `target` in
`prometheus.exporter.snmp`)."#,
        example: r#"prometheus.remote_write {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Add a label: an identifier of letters, digits and underscores, unique
among the blocks of the same name.

    prometheus.remote_write "grafana_cloud" {
    	endpoint {
    		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
    	}
    }"#,
    },
    Rule {
        code: Code::UnexpectedLabel,
        severity: Severity::Error,
        summary: "A label on a block that takes none.",
        explanation: r#"Config blocks such as `logging`, `tracing` and `http` exist once per
configuration, and nested blocks such as `endpoint` or `basic_auth` are
part of their component: none of them has an id, so none takes a label.
Alloy refuses to load a configuration that gives them one."#,
        example: r#"logging "default" {
	level  = "info"
	format = "logfmt"
}"#,
        fix: r#"Remove the label.

    logging {
    	level  = "info"
    	format = "logfmt"
    }"#,
    },
    Rule {
        code: Code::DuplicateBlock,
        severity: Severity::Error,
        summary: "Two blocks with the same id in one scope, including a config block such as `logging` given twice.",
        explanation: r#"Every component id (name and label) must be unique in its scope: the
configuration, a module or a foreach template. The files of a
directory loaded by `alloy run DIR` share one scope. Alloy refuses to
start with `block local.file_match.worker_logs already declared at
main.alloy:1:1`. Config blocks that exist once, such as `logging`,
`tracing` or `http`, may not be written twice either."#,
        example: r#"local.file_match "worker_logs" {
	path_targets = [{"__path__" = "logs/*.log"}]
}

local.file_match "worker_logs" {
	path_targets = [{"__path__" = "/var/log/wpt-worker/*.log"}]
}"#,
        fix: r#"Give each block its own label, or merge the two into one.

    local.file_match "worker_logs" {
    	path_targets = [
    		{"__path__" = "logs/*.log"},
    		{"__path__" = "/var/log/wpt-worker/*.log"},
    	]
    }"#,
    },
    Rule {
        code: Code::MisplacedBlock,
        severity: Severity::Error,
        summary: "A config block where it is not allowed: `logging`, `http`, `tracing`... in a module or template, `argument` or `export` outside a module.",
        explanation: r#"Process-wide config blocks (`logging`, `tracing`, `http`, `remotecfg`,
`livedebugging`...) belong to the main configuration only; inside a
`declare` body or an imported module Alloy fails with `logging not
allowed in module`, and inside a `foreach` template with `logging not
allowed in foreach`. Conversely, `argument` and `export` declare the
interface of a module and are rejected anywhere else (`argument blocks
only allowed inside a module`)."#,
        example: r#"declare "worker_metrics" {
	argument "forward_to" { }

	logging {
		level = "debug"
	}

	prometheus.scrape "worker" {
		targets    = [{"__address__" = "localhost:8787"}]
		forward_to = argument.forward_to.value
	}
}"#,
        fix: r#"Move the block to the top level of the main configuration (or, for
`argument` and `export`, into a `declare` body or a module file).

    logging {
    	level = "debug"
    }

    declare "worker_metrics" {
    	argument "forward_to" { }

    	prometheus.scrape "worker" {
    		targets    = [{"__address__" = "localhost:8787"}]
    		forward_to = argument.forward_to.value
    	}
    }"#,
    },
];
