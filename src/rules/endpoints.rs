//! Endpoints: where data is sent and received, and the Grafana Cloud
//! values copied from a stack's page.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about URLs, gRPC targets, listen addresses and Grafana Cloud
/// credentials' user names.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::GrafanaCloudEndpoint,
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
        code: Code::EndpointShape,
        severity: Severity::Warning,
        summary: "A URL, listen address or scrape target of the wrong shape (not http(s), no push path, bad port, scheme in `__address__`...).",
        explanation: r#"Outside Grafana Cloud, some shapes are still fixed: a push URL is an
`http://` or `https://` URL, and a Loki push URL ends in
`/loki/api/v1/push` whatever the server; an OTLP receiver listens on
`host:port` with a port from 1 to 65535; a scrape target's
`__address__` is `host:port`, with the scheme in `scheme` and the path
in `metrics_path`, which starts with `/`. Depending on the case, Alloy
does not start, or it starts and the data never arrives: here every
push to Loki gets a 404. An otelcol exporter's URL that Go's URL parser
refuses (a port that is not a number) is reported here too: the
component fails when it starts. Where Alloy parses a URL when it loads
(remote_write and loki.write endpoints), such a URL is `invalid-url`
instead, and this rule says nothing more about it."#,
        example: r#"loki.write "local" {
	endpoint {
		url = "http://localhost:3100"
	}
}"#,
        fix: r#"Give the endpoint its full shape; here, the push path.

    url = "http://localhost:3100/loki/api/v1/push""#,
    },
    Rule {
        code: Code::GrpcEndpointScheme,
        severity: Severity::Warning,
        summary: "A gRPC endpoint (outside Grafana Cloud) with a path, a scheme the OpenTelemetry client does not remove, or an `http://`/`https://` that contradicts its `tls` block.",
        explanation: r#"The `endpoint` of `otelcol.exporter.otlp` is a gRPC target,
`host:port`. The OpenTelemetry Collector's gRPC client removes a
leading `http://` or `https://` (lower case) and dials the rest, but
the scheme does not choose the transport, the `tls` block does: the
connection is plaintext only with `tls { insecure = true }`, and TLS
otherwise, and always TLS when the endpoint starts with `https://`. So
`https://tempo:4317`, and `http://tempo:4317` with `insecure = true`,
work as `tempo:4317` does and are not reported. Reported are the
shapes that fail: `http://` without `insecure = true` (the client
speaks TLS to a server that the scheme says is plaintext, and the
handshake fails), `https://` with `insecure = true` (TLS all the same),
another scheme (`grpc://`, `HTTP://`), which is not removed, and a path
(`/v1/traces`, which belongs to OTLP over HTTP): nothing is exported,
and the traces never show up. gRPC resolver schemes (`dns:///`,
`unix:`, `passthrough:///`, `xds:///`) are valid targets."#,
        example: r#"otelcol.exporter.otlp "tempo" {
	client {
		endpoint = "http://tempo:4317"
	}
}"#,
        fix: r#"Write the host and port only; say plaintext with `tls { insecure =
true }`.

    endpoint = "tempo:4317"

    tls {
    	insecure = true
    }"#,
    },
    Rule {
        code: Code::GrafanaCloudUsername,
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
        code: Code::Placeholder,
        severity: Severity::Warning,
        summary: "A setup guide's stand-in left in a URL, endpoint, user name, secret or file name, where the destination is not Grafana Cloud: `<...>`, `XX` in a host, a secret's value made of `x` (`xx`, `xx==`), `your_...`, `..._here`, `..._aqui`, `YOUR_API_KEY`, `changeme`, `todo`, `123456`, `token`, `password`, `secret`, `apikey`, an example.com host.",
        explanation: r#"Setup guides and templates write stand-ins for the values of your
stack, and the configuration is valid with them, so Alloy starts; but
the host does not resolve or the credentials are refused: nothing
arrives, and the only trace is an error in Alloy's log. Recognised as
stand-ins, as the whole value of such an argument:

- a `<...>` marker: `<PROMETHEUS_URL>`, `https://<LOKI_HOST>/...`;
- `XX` in a host name: `prometheus-prod-XX-prod-XX.grafana.net`;
- as a secret's value, a run of `x` or `X`, base64 padding allowed:
  `xx`, `XXXX`, `xx==`, `xxxxxxxx` (elsewhere `x` may be a real name);
- a fill-in text: `your_api_key`, `your-token`, `token_here`,
  `tu_api_key_aqui`, or a fill-in name: `YOUR_API_KEY`, `GRAFANA_TOKEN`
  (capitals ending in `_KEY`, `_TOKEN`, `_VALUE`, `_HERE`, `_PASSWORD`,
  `_SECRET`);
- a stand-in word: `changeme`, `todo`, `123456`, `token`, `password`,
  `secret`, `apikey`, `api_key`;
- an RFC 2606 example host in a URL or `host:port`: `https://example.com`,
  `tempo.example.org:443`.

A stand-in in a value a Grafana Cloud destination needs is
`grafana-cloud-placeholder`, an error. When the argument is a secret,
the message does not repeat the value."#,
        example: r#"prometheus.remote_write "local" {
	endpoint {
		url = "http://<PROMETHEUS_HOST>:9090/api/v1/write"

		basic_auth {
			username = "alloy"
			password = "changeme"
		}
	}
}"#,
        fix: r#"Replace each placeholder with the real value.

    endpoint {
    	url = "http://prometheus:9090/api/v1/write"

    	basic_auth {
    		username = "alloy"
    		password = sys.env("PROMETHEUS_PASSWORD")
    	}
    }"#,
    },
    Rule {
        code: Code::GrafanaCloudPlaceholder,
        severity: Severity::Error,
        summary: "A setup guide's stand-in (the `placeholder` list) in a value a Grafana Cloud destination needs: an `XX` host on `*.grafana.net`, `123456` as its instance ID, `your_...` or `tu_api_key_aqui` as its token.",
        explanation: r#"Grafana Cloud accepts a push only at the stack's own host, with the
service's instance ID as user name and an access policy token as
password. A stand-in left in any of them (`prometheus-prod-XX-prod-XX`,
`123456`, `<INSTANCE_ID>`, `your_api_key`, `tu_api_key_aqui`, `xx==`)
stops every push: Alloy starts, logs failed pushes, and no data reaches
Grafana. This is why it is an error here, as `inline-secret` is, and a
warning (`placeholder`) for other destinations. A destination is Grafana
Cloud when the value is a `*.grafana.net` URL, when the block holding it
has one, or when its component sends to one (`otelcol.auth.basic` used
by a Grafana Cloud exporter). `alloy-lint init` refuses the same values,
naming the flag they came from. When the argument is a secret, the
message does not repeat the value."#,
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
