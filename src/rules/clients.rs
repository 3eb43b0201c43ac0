//! HTTP clients and URLs: what Alloy's common HTTP client settings and its
//! URL parsing refuse when it loads a configuration.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about HTTP client settings and URLs Alloy refuses at load.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::InvalidHttpClient,
        severity: Severity::Error,
        summary: "HTTP client, TLS, OAuth2 or Kubernetes client settings that Alloy's validation refuses when it loads the configuration.",
        explanation: r#"The HTTP client settings that scrape, remote_write, loki.write,
discovery and Kubernetes components share are Go types with their own
`Validate()`, and Alloy refuses to start when one fails
(internal/component/common/config/types.go):

- `authorization`: `type` may not be Basic, in any case (:315);
  Basic credentials go in `basic_auth`.
- `oauth2`: `client_id`, a secret (`client_secret` or
  `client_secret_file`) and `token_url` are required (:438, :441, :444).
- `tls_config`: a client certificate (`cert_pem`/`cert_file`) needs its
  key (`key_pem`/`key_file`) and the other way round (:392, :394);
  `min_version` is one of TLS10, TLS11, TLS12, TLS13 (:340).
- `http_headers` may not set a header Alloy sets itself, such as
  Authorization or Content-Type (prometheus/common config/headers.go:76),
  and `proxy_connect_header` needs `proxy_url` or
  `proxy_from_environment`, `no_proxy` needs `proxy_url` (:173, :182).
- A Kubernetes `client` block (loki.source.kubernetes, podlogs,
  prometheus.operator.*, remote.kubernetes.*) takes HTTP client settings
  only with `api_server`, never with `kubeconfig_file`
  (common/kubernetes/kubernetes.go:38, :41).

Where each check runs matters: Alloy validates every block it decodes
(`tls_config`, `authorization`, `oauth2` are checked wherever they are
written), but the HTTP client settings written directly in a component
are checked only where the component's own validation asks for it.
discovery.http, discovery.aws, discovery.ec2 and discovery.lightsail do
not, so there headers, proxy settings and several authentication methods
at once are not refused (and `exclusive-arguments` says nothing either).
Values Alloy computes (`sys.env(...)`) are never the reason for a
finding. Two settings of one pair together (`ca_pem` and `ca_file`,
`client_secret` and `client_secret_file`) are `exclusive-arguments`."#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		authorization {
			type        = "Basic"
			credentials = sys.env("GRAFANA_CLOUD_CREDENTIALS")
		}
	}
}"#,
        fix: r#"Write the setting the message asks for, or remove the one it names.

    prometheus.remote_write "grafana_cloud" {
    	endpoint {
    		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    		basic_auth {
    			username = "123456"
    			password = sys.env("GRAFANA_CLOUD_API_KEY")
    		}
    	}
    }"#,
    },
    Rule {
        code: Code::InvalidUrl,
        severity: Severity::Error,
        summary: "A URL that Go's URL parser refuses where Alloy parses it when it loads the configuration.",
        explanation: r#"Alloy parses some URLs with Go's `net/url.Parse` while it loads a
configuration, and a URL Go refuses stops it:

- prometheus.remote_write `endpoint` `url`
  (internal/component/prometheus/remotewrite/types.go:256),
- loki.write `endpoint` `url` (internal/component/loki/write/types.go:63),
- `proxy_url` of every HTTP client, a Kubernetes `api_server`, and the
  `url` of discovery.http and discovery.kubelet (arguments of the URL
  type of internal/component/common/config/types.go:240).

Go refuses a port that is not all digits (`:31OO`, `:api`, a second
`:port`), a `%` not followed by two hex digits, a space or other
character a host name cannot hold, an unclosed `[` of an IPv6 address or
an IPv4 address in brackets, a control character (a newline), and special
characters in the user name or password. It does not check the port's
range. The finding points at the characters Go refuses, and never shows
a password written in the URL. A URL Alloy computes is not judged."#,
        example: r#"loki.write "default" {
	endpoint {
		url = "http://loki-gateway.monitoring.svc:31OO/loki/api/v1/push"
	}
}"#,
        fix: r#"Correct the characters the message points at.

    loki.write "default" {
    	endpoint {
    		url = "http://loki-gateway.monitoring.svc:3100/loki/api/v1/push"
    	}
    }"#,
    },
];
