//! Bodies: the attributes and blocks inside a component or config block,
//! against its schema.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about the contents of a block: unknown, misshapen, duplicate,
/// missing and mutually exclusive arguments and blocks.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::UnknownAttribute,
        severity: Severity::Error,
        summary: "An attribute that is not an argument of its component or block.",
        explanation: r#"Each component and block accepts a fixed set of arguments; for a
custom component they are the `argument` blocks of its `declare`.
Anything else, most often a typo, makes Alloy refuse to load the
configuration with `unrecognized attribute name "scrape_intervall"`.
Until it is fixed the setting does nothing."#,
        example: r#"prometheus.scrape "worker" {
	targets          = [{"__address__" = "localhost:8787"}]
	forward_to       = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_intervall = "15s"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Correct the name (the diagnostic suggests the closest argument), or
remove the attribute.

    scrape_interval = "15s""#,
    },
    Rule {
        code: Code::UnknownBlock,
        severity: Severity::Error,
        summary: "A nested block that its component or block does not accept.",
        explanation: r#"Nested blocks are part of a component's schema just like its
attributes. A block name the schema does not know, usually a typo,
makes Alloy refuse to load the configuration with `unrecognized block
name "basicauth"`. Custom components take no blocks at all: their
arguments are attributes."#,
        example: r#"loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

		basicauth {
			username = "698554"
			password = sys.env("GRAFANA_CLOUD_TOKEN")
		}
	}
}"#,
        fix: r#"Correct the block name (the diagnostic suggests the closest one).

    basic_auth {
    	username = "698554"
    	password = sys.env("GRAFANA_CLOUD_TOKEN")
    }"#,
    },
    Rule {
        code: Code::ExpectedBlock,
        severity: Severity::Error,
        summary: "An attribute written where the schema has a block (`endpoint = {...}` instead of `endpoint { ... }`).",
        explanation: r#"Alloy distinguishes blocks (`endpoint { ... }`) from attributes whose
value is an object (`external_labels = { ... }`). Writing a block as an
attribute looks plausible, since both hold `key = value` pairs, but
Alloy refuses to load the configuration: the schema expects a block of
that name."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint = {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push",
	}
}"#,
        fix: r#"Write it as a block: drop the `=` and the commas.

    prometheus.remote_write "grafana_cloud" {
    	endpoint {
    		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
    	}
    }"#,
    },
    Rule {
        code: Code::ExpectedAttribute,
        severity: Severity::Error,
        summary: "A block written where the schema has an attribute.",
        explanation: r#"Some arguments hold an object or a map, such as `external_labels`,
and are set with `=` like any other attribute. Written as a block, they
do not match the schema and Alloy refuses to load the configuration."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	external_labels {
		cluster = "wpt-worker"
	}

	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Write it as an attribute whose value is an object.

    external_labels = {
    	cluster = "wpt-worker",
    }"#,
    },
    Rule {
        code: Code::DuplicateAttribute,
        severity: Severity::Error,
        summary: "The same attribute set twice in one body.",
        explanation: r#"An attribute may be set only once per block. Alloy refuses to load a
body that sets one twice, and a reader cannot tell which value was
meant: often one of them is a leftover from an earlier edit."#,
        example: r#"prometheus.scrape "worker" {
	targets         = [{"__address__" = "localhost:8787"}]
	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_interval = "15s"
	scrape_interval = "30s"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Keep the value you mean and delete the other."#,
    },
    Rule {
        code: Code::MissingAttribute,
        severity: Severity::Error,
        summary: "A required attribute is missing, including a non-optional argument of a custom component.",
        explanation: r#"Some arguments have no default: a remote_write `endpoint` needs its
`url`, a `prometheus.scrape` its `targets` and `forward_to`. Alloy
refuses to load a block without them (`missing required attribute
"url"`). For a custom component, every `argument` of its `declare` that
is not `optional = true` must be set where the component is used."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		basic_auth {
			username = "1402587"
			password = sys.env("GRAFANA_CLOUD_TOKEN")
		}
	}
}"#,
        fix: r#"Set the attribute.

    endpoint {
    	url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    	basic_auth {
    		username = "1402587"
    		password = sys.env("GRAFANA_CLOUD_TOKEN")
    	}
    }"#,
    },
    Rule {
        code: Code::MissingBlock,
        severity: Severity::Error,
        summary: "A required nested block is missing.",
        explanation: r#"Some nested blocks are required: `otelcol.exporter.otlp` needs a
`client` block saying where to send, `foreach` a `template`. Alloy
refuses to load the configuration without them (`missing required
block "client"`). (An otelcol component without its `output` block is
reported as `unused-component`: what it receives goes nowhere.)"#,
        example: r#"otelcol.exporter.otlp "grafana_cloud" {
	timeout = "10s"

	retry_on_failure {
		max_elapsed_time = "10m"
	}
}"#,
        fix: r#"Add the block with its required settings.

    otelcol.exporter.otlp "grafana_cloud" {
    	timeout = "10s"

    	client {
    		endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
    		auth     = otelcol.auth.basic.grafana_cloud.handler
    	}

    	retry_on_failure {
    		max_elapsed_time = "10m"
    	}
    }"#,
    },
    Rule {
        code: Code::RepeatedBlock,
        severity: Severity::Error,
        summary: "A block that may appear only once is given more than once.",
        explanation: r#"Only some nested blocks may be repeated (`endpoint` in
`prometheus.remote_write`, `rule` in `prometheus.relabel`); most, such
as `output`, `client` or `basic_auth`, may appear once. Alloy refuses
to load a body that repeats them. Splitting one `output` into one block
per signal is a common way to get there."#,
        example: r#"otelcol.receiver.otlp "default" {
	grpc {
		endpoint = "0.0.0.0:4317"
	}

	output {
		traces = [otelcol.exporter.otlp.grafana_cloud.input]
	}

	output {
		metrics = [otelcol.exporter.prometheus.grafana_cloud.input]
	}
}

otelcol.exporter.otlp "grafana_cloud" {
	client {
		endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
	}
}

otelcol.exporter.prometheus "grafana_cloud" {
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Merge the blocks into one.

    output {
    	metrics = [otelcol.exporter.prometheus.grafana_cloud.input]
    	traces  = [otelcol.exporter.otlp.grafana_cloud.input]
    }"#,
    },
    Rule {
        code: Code::ExclusiveArguments,
        severity: Severity::Error,
        summary: "Mutually exclusive arguments set together.",
        explanation: r#"Some arguments exclude each other: an HTTP client authenticates with
one of `basic_auth`, `authorization`, `oauth2`, `bearer_token` or
`bearer_token_file`; a password comes from `password` or
`password_file`. The syntax is fine and `alloy fmt` accepts it; Alloy
only notices when it evaluates the component, at startup or on reload,
and then fails (`at most one of basic_auth, authorization, oauth2,
bearer_token & bearer_token_file must be configured`).

Alloy counts a block that is given and an argument whose value is not
empty, so two are reported only when both are known to count: a block,
or a literal that is not empty (`""`, `[]`, `false` and `null` are
empty). A value Alloy computes, such as `sys.env("TOKEN")` or a
reference to a file's contents or a module argument, is not known before
Alloy runs and never conflicts: it may be empty there."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url               = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
		bearer_token_file = "/var/run/secrets/grafana-cloud/token"

		basic_auth {
			username = "1402587"
			password = sys.env("GRAFANA_CLOUD_TOKEN")
		}
	}
}"#,
        fix: r#"Keep one of them. Grafana Cloud expects basic authentication, with the
stack's instance id as user name and an access-policy token as password.

    endpoint {
    	url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    	basic_auth {
    		username = "1402587"
    		password = sys.env("GRAFANA_CLOUD_TOKEN")
    	}
    }"#,
    },
    Rule {
        code: Code::MissingOneOf,
        severity: Severity::Warning,
        summary: "None of a group of arguments of which exactly one is required is set.",
        explanation: r#"Some components need exactly one of several arguments, such as
`bearer_token` or `bearer_token_file` for `discovery.digitalocean`.
Alloy checks this only when it evaluates the component, so the
configuration passes `alloy fmt` and `alloy validate` and then fails
at startup. It is a warning because converters emit such blocks for a
human to complete."#,
        example: r#"discovery.digitalocean "droplets" {
	refresh_interval = "1m"
}"#,
        fix: r#"Set one of the group's arguments.

    discovery.digitalocean "droplets" {
    	bearer_token_file = "/etc/alloy/do-token"
    }"#,
    },
];
