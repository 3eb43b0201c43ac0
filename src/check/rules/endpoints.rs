//! Endpoints: where data is sent and received, and the Grafana Cloud
//! values copied from a stack's page.

use super::Rule;
use crate::diagnostics::Severity;

/// Rules about URLs, gRPC targets, listen addresses and Grafana Cloud
/// credentials' user names.
pub const RULES: &[Rule] = &[
    Rule {
        code: "grafana-cloud-endpoint",
        severity: Severity::Error,
        summary: "A Grafana Cloud (`*.grafana.net`) endpoint without its service's scheme, path or port, or on another service's host.",
        explanation: r#"Each Grafana Cloud service has its own host and path, shown on its
Details page of the stack on grafana.com: Prometheus remote write is
`https://prometheus-….grafana.net/api/prom/push`, Loki
`https://logs-….grafana.net/loki/api/v1/push`, Tempo's OTLP gRPC
endpoint `tempo-….grafana.net:443` (no scheme, no path), the OTLP
gateway `https://otlp-gateway-….grafana.net/otlp`. A URL without its
path, or with the host of another service (metrics sent to a `tempo-`
or `logs-` host), is answered with 404 or refused: Alloy starts and
runs, logs failed pushes, and the data never shows up in Grafana.
`alloy-lint check --fix` appends a missing path and strips the scheme
and path from a gRPC endpoint."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net"

		basic_auth {
			username = "1402587"
			password = local.file.grafana_token.content
		}
	}
}"#,
        fix: r#"Copy the endpoint from the service's Details page; here, append the
push path.

    url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push""#,
    },
    Rule {
        code: "endpoint-shape",
        severity: Severity::Warning,
        summary: "A URL, listen address or scrape target of the wrong shape (not http(s), no push path, bad port, scheme in `__address__`...).",
        explanation: r#"Outside Grafana Cloud, some shapes are still fixed: a push URL is an
`http://` or `https://` URL, and a Loki push URL ends in
`/loki/api/v1/push` whatever the server; an OTLP receiver listens on
`host:port` with a port from 1 to 65535; a scrape target's
`__address__` is `host:port`, with the scheme in `scheme` and the path
in `metrics_path`, which starts with `/`; a `scrape_timeout` longer
than the `scrape_interval` is refused. Depending on the case, Alloy
does not start, or it starts and the data never arrives: here every
push to Loki gets a 404."#,
        example: r#"loki.write "local" {
	endpoint {
		url = "http://localhost:3100"
	}
}"#,
        fix: r#"Give the endpoint its full shape; here, the push path.

    url = "http://localhost:3100/loki/api/v1/push""#,
    },
    Rule {
        code: "grpc-endpoint-scheme",
        severity: Severity::Warning,
        summary: "A gRPC endpoint (outside Grafana Cloud) written with a scheme or a path.",
        explanation: r#"The `endpoint` of `otelcol.exporter.otlp` is a gRPC target,
`host:port`. A scheme in front of it does not choose between TLS and
plaintext, the `tls` block does, so `http://` misleads the reader, and
depending on the version it is stripped or makes the target invalid; a
path (`/v1/traces`) belongs to OTLP over HTTP and makes the target
invalid: nothing is exported, and the traces never show up."#,
        example: r#"otelcol.exporter.otlp "tempo" {
	client {
		endpoint = "http://tempo:4317"

		tls {
			insecure = true
		}
	}
}"#,
        fix: r#"Write the host and port only; say plaintext with `tls { insecure =
true }`.

    endpoint = "tempo:4317""#,
    },
    Rule {
        code: "grafana-cloud-username",
        severity: Severity::Warning,
        summary: "A basic-auth `username` for a Grafana Cloud endpoint that is not the numeric instance ID.",
        explanation: r#"Grafana Cloud authenticates pushes with the service's instance ID as
user name and an access policy token as password. The instance ID is
a number, different for each service of a stack (Prometheus, Loki,
Tempo), shown as User on the service's Details page. The stack's name,
a grafana.com login or an e-mail address is refused with 401: Alloy
runs, logs failed pushes, and the data never shows up in Grafana."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "wpt-worker"
			password = local.file.grafana_token.content
		}
	}
}"#,
        fix: r#"Use the number shown as User on the service's Details page.

    username = "1402587""#,
    },
    Rule {
        code: "placeholder",
        severity: Severity::Warning,
        summary: "A setup guide's placeholder left in a URL, endpoint, user name, password or file name (`<...>`, `XX`, `your_...`, `changeme`, example.com).",
        explanation: r#"Setup guides and templates write stand-ins for the values of your
stack: `<PROMETHEUS_URL>`, `prometheus-prod-XX-prod-XX`,
`your_api_key`, `tu_api_key_aqui`, `changeme`, `123456`,
`https://example.com`. The configuration is valid with them, so Alloy
starts, but the host does not resolve or the credentials are refused:
nothing reaches Grafana, and the only trace is an error in Alloy's log.
When the argument is a secret, the message does not repeat the value."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-XX-prod-XX.grafana.net/api/prom/push"

		basic_auth {
			username = "<INSTANCE_ID>"
			password = local.file.grafana_token.content
		}
	}
}"#,
        fix: r#"Replace each placeholder with your stack's value, from the service's
Details page on grafana.com.

    endpoint {
    	url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    	basic_auth {
    		username = "1402587"
    		password = local.file.grafana_token.content
    	}
    }"#,
    },
];
