//! The HTTP client arguments of common/config (grafana/alloy
//! internal/component/common/config/types.go): `HTTPClientConfig`, its
//! `authorization`, `oauth2` and `tls_config` blocks and proxy settings,
//! and the Kubernetes client that embeds it
//! (internal/component/common/kubernetes/kubernetes.go).
//!
//! Where each check runs decides whether Alloy refuses a configuration.
//! Alloy's decoder calls `Validate()` on every block it decodes
//! (syntax/vm/vm.go:99, after `SetToDefault`, :91), so the `tls_config`,
//! `authorization`, `basic_auth` and `oauth2` blocks are checked wherever
//! they are written. `HTTPClientConfig` itself is squashed into the
//! component's arguments (`alloy:",squash"`): it is no block of its own, so
//! its `Validate()` (one authentication method, reserved headers, proxy
//! settings) runs only where the component's own `Validate()` calls it.
//! [`CLIENTS`] records, for each component, where it is squashed and where
//! (if anywhere) it is validated.

use super::{Cx, Section, Validation, Value};
use crate::rules::Code;
use crate::schema::model::Node;

/// Where a component's arguments squash common/config's
/// `HTTPClientConfig`.
pub struct Client {
    /// The component.
    pub component: &'static str,
    /// The block path of the arguments that squash it (empty: the
    /// component's own).
    pub path: &'static str,
    /// Where Alloy calls its `Validate()` when it loads, or `None` where
    /// nothing does (the settings are then used as written, unchecked).
    pub validated: Option<&'static str>,
}

const fn client(
    component: &'static str,
    path: &'static str,
    validated: Option<&'static str>,
) -> Client {
    Client {
        component,
        path,
        validated,
    }
}

/// Every component whose arguments squash `HTTPClientConfig` (paths under
/// grafana/alloy internal/component/, commit 66ebea8).
pub const CLIENTS: &[Client] = &[
    // Their `Validate()` never calls `HTTPClientConfig.Validate()`:
    // aws.go:220-257, ec2.go:87-107, lightsail.go:74-89; discovery.http
    // decodes through `UnmarshalAlloy` into a type without methods
    // (http.go:37-46).
    client("discovery.aws", "", None),
    client("discovery.ec2", "", None),
    client("discovery.lightsail", "", None),
    client("discovery.http", "", None),
    client(
        "discovery.consul",
        "",
        Some("discovery/consul/consul.go:70"),
    ),
    client(
        "discovery.docker",
        "",
        Some("discovery/docker/docker.go:83"),
    ),
    client(
        "discovery.dockerswarm",
        "",
        Some("discovery/dockerswarm/dockerswarm.go:68"),
    ),
    client(
        "discovery.eureka",
        "",
        Some("discovery/eureka/eureka.go:56"),
    ),
    client(
        "discovery.hetzner",
        "",
        Some("discovery/hetzner/hetzner.go:54"),
    ),
    client("discovery.ionos", "", Some("discovery/ionos/ionos.go:55")),
    client(
        "discovery.kubelet",
        "",
        Some("discovery/kubelet/kubelet.go:95"),
    ),
    client(
        "discovery.kubernetes",
        "",
        Some("discovery/kubernetes/kubernetes.go:50"),
    ),
    client("discovery.kuma", "", Some("discovery/kuma/kuma.go:60")),
    client(
        "discovery.linode",
        "",
        Some("discovery/linode/linode.go:58"),
    ),
    client(
        "discovery.marathon",
        "",
        Some("discovery/marathon/marathon.go:70"),
    ),
    client("discovery.nomad", "", Some("discovery/nomad/nomad.go:60")),
    client(
        "discovery.puppetdb",
        "",
        Some("discovery/puppetdb/puppetdb.go:62"),
    ),
    client(
        "loki.rules.kubernetes",
        "",
        Some("loki/rules/kubernetes/types.go:68"),
    ),
    client(
        "mimir.alerts.kubernetes",
        "",
        Some("mimir/alerts/kubernetes/types.go:47"),
    ),
    client(
        "mimir.rules.kubernetes",
        "",
        Some("mimir/rules/kubernetes/types.go:72"),
    ),
    client(
        "prometheus.scrape",
        "",
        Some("prometheus/scrape/scrape.go:245"),
    ),
    client(
        "pyroscope.scrape",
        "",
        Some("pyroscope/scrape/scrape.go:238"),
    ),
    client("loki.write", "endpoint", Some("loki/write/types.go:68")),
    client(
        "prometheus.remote_write",
        "endpoint",
        Some("prometheus/remotewrite/types.go:119"),
    ),
    client(
        "pyroscope.write",
        "endpoint",
        Some("pyroscope/write/write.go:107"),
    ),
    // A block of its own type: the decoder validates it (docker.go:63, :91).
    client(
        "loki.source.docker",
        "http_client_config",
        Some("loki/source/docker/docker.go:91"),
    ),
    // `client` blocks: remote.http's is an `HTTPClientConfig` (http.go:46),
    // the others a Kubernetes `ClientArguments` whose `Validate()` calls it
    // (common/kubernetes/kubernetes.go:45).
    client("remote.http", "client", Some("remote/http/http.go:46")),
    client("loki.source.kubernetes", "client", Some(KUBERNETES_CLIENT)),
    client(
        "loki.source.kubernetes_events",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client("loki.source.podlogs", "client", Some(KUBERNETES_CLIENT)),
    client(
        "prometheus.operator.podmonitors",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client(
        "prometheus.operator.probes",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client(
        "prometheus.operator.scrapeconfigs",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client(
        "prometheus.operator.servicemonitors",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client(
        "remote.kubernetes.configmap",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
    client(
        "remote.kubernetes.secret",
        "client",
        Some(KUBERNETES_CLIENT),
    ),
];

/// Where the Kubernetes client's `Validate()` calls the HTTP client's.
const KUBERNETES_CLIENT: &str = "common/kubernetes/kubernetes.go:45";

/// The components whose `client` block is a Kubernetes `ClientArguments`:
/// loki/source/kubernetes/kubernetes.go:44,
/// loki/source/kubernetes_events/kubernetes_events.go:52,
/// loki/source/podlogs/podlogs.go:44, prometheus/operator/types.go:23,
/// remote/kubernetes/kubernetes.go:34.
pub const KUBERNETES_CLIENTS: &[&str] = &[
    "loki.source.kubernetes",
    "loki.source.kubernetes_events",
    "loki.source.podlogs",
    "prometheus.operator.podmonitors",
    "prometheus.operator.probes",
    "prometheus.operator.scrapeconfigs",
    "prometheus.operator.servicemonitors",
    "remote.kubernetes.configmap",
    "remote.kubernetes.secret",
];

/// The HTTP client squashed at `path` of `component`, if there is one.
pub fn client_at(component: &str, path: &str) -> Option<&'static Client> {
    CLIENTS
        .iter()
        .find(|c| c.component == component && c.path == path)
}

/// Whether Alloy enforces, when it loads, a schema exclusive group found
/// at `path` of `component`: a group of `HTTPClientConfig.Validate()` or
/// of the `ProxyConfig.Validate()` it calls is enforced only where that
/// `Validate()` runs (an `oauth2` block's proxy group always is: the
/// decoder validates the block).
pub fn enforced_at_load(component: &str, path: &str, source: Option<&str>) -> bool {
    let from_client = source.is_some_and(|s| {
        s.contains("(HTTPClientConfig.Validate)") || s.contains("(ProxyConfig.Validate)")
    });
    !from_client || client_at(component, path).is_none_or(|c| c.validated.is_some())
}

/// Whether the schema of a block says it is common/config's `type_name`
/// (its exclusive groups cite that type's `Validate()`): the `tls` blocks
/// of otelcol, for one, are another type.
fn is_common(schema: &Node, type_name: &str) -> bool {
    let cited = format!("common/config/types.go ({type_name}.Validate)");
    schema
        .exclusive_groups
        .iter()
        .any(|g| g.source.as_deref().is_some_and(|s| s.contains(&cited)))
}

/// The validations of the HTTP client arguments.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["*"],
        block: "",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:76",
        check: http_client,
    },
    Validation {
        components: &["*"],
        block: "endpoint",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:76",
        check: http_client,
    },
    Validation {
        components: &["*"],
        block: "client",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:76",
        check: http_client,
    },
    Validation {
        components: &["*"],
        block: "http_client_config",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:76",
        check: http_client,
    },
    Validation {
        components: KUBERNETES_CLIENTS,
        block: "client",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/kubernetes/kubernetes.go:37",
        check: kubernetes_client,
    },
    Validation {
        components: &["*"],
        block: "**/authorization",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:315",
        check: authorization,
    },
    Validation {
        components: &["*"],
        block: "**/oauth2",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:437",
        check: oauth2,
    },
    Validation {
        components: &["*"],
        block: "**/tls_config",
        code: Code::InvalidHttpClient,
        source: "internal/component/common/config/types.go:391",
        check: tls_config,
    },
];

/// What `HTTPClientConfig.Validate()` checks besides the one
/// authentication method (a schema exclusive group, reported by
/// `exclusive-arguments`): reserved headers (:76, prometheus/common
/// config/headers.go:73) and the proxy settings (:80), where Alloy calls it.
fn http_client(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(c) = client_at(cx.component, &s.path) else {
        return;
    };
    if c.validated.is_none() {
        return;
    }
    reserved_headers(cx, s);
    proxy_settings(cx, s);
}

/// The headers prometheus/common sets itself or that change the connection
/// (config/headers.go:29-49, v0.70.1): `Headers.Validate()` refuses them
/// in `http_headers`, by their canonical name.
const RESERVED_HEADERS: &[&str] = &[
    "Authorization",
    "Host",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "User-Agent",
    "Connection",
    "Keep-Alive",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Www-Authenticate",
    "Accept-Encoding",
    "X-Prometheus-Remote-Write-Version",
    "X-Prometheus-Remote-Read-Version",
    "X-Prometheus-Scrape-Timeout-Seconds",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
];

/// Go's `http.CanonicalHeaderKey`: each dash-separated word capitalised;
/// a key with a byte that is not a header token character is left as is.
fn canonical_header_key(key: &str) -> String {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !key.bytes().all(token) {
        return key.to_owned();
    }
    let mut upper = true;
    key.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

fn reserved_headers(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Value::Object(fields) = s.value("http_headers") else {
        return;
    };
    // Go ranges over a map: which reserved header it names first is not
    // fixed; each one is an error.
    for (key, _) in fields {
        let canonical = canonical_header_key(&key);
        if !RESERVED_HEADERS.contains(&canonical.as_str()) {
            continue;
        }
        let fix = match canonical.as_str() {
            "Authorization" => {
                "remove it from http_headers and set the credentials with bearer_token, basic_auth or an authorization block"
            }
            _ => "remove it from http_headers: Alloy sets this header itself",
        };
        cx.reject(
            s.loc_of("http_headers"),
            format!("http_headers may not set the header {canonical:?}"),
            fix,
            &format!("setting header {canonical:?} is not allowed"),
        );
    }
}

/// `ProxyConfig.Validate()` (types.go:167-186) beyond the schema's
/// exclusive groups (`proxy_from_environment` with `proxy_url` or
/// `no_proxy`): a connect header needs a proxy, `no_proxy` needs
/// `proxy_url`.
fn proxy_settings(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    // `proxy_url = ""` parses to an empty, non-nil URL: it counts as
    // written for :181 and as unset for :172.
    let url_written = s
        .attribute("proxy_url")
        .is_some_and(|a| Value::of(&a.value) != Value::Null);
    let url_known_empty = !url_written || s.value("proxy_url") == Value::String(String::new());
    let header = s.known_set("proxy_connect_header");
    let from_env = s.known_set("proxy_from_environment");
    if header == Some(true) && from_env == Some(false) && url_known_empty {
        cx.reject(
            s.loc_of("proxy_connect_header"),
            "proxy_connect_header is set, but no proxy is: neither proxy_url nor proxy_from_environment",
            "set proxy_url (or proxy_from_environment = true), or remove proxy_connect_header",
            "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured",
        );
    }
    if !url_written && s.known_set("no_proxy") == Some(true) {
        cx.reject(
            s.loc_of("no_proxy"),
            "no_proxy is set without proxy_url: it lists hosts that skip a proxy that is not configured",
            "set proxy_url, or remove no_proxy",
            "if no_proxy is configured, proxy_url must also be configured",
        );
    }
}

/// `ClientArguments.Validate()` (common/kubernetes/kubernetes.go:33-45):
/// HTTP client settings other than the defaults need `api_server`, and
/// are refused with `kubeconfig_file` (which brings its own). Both
/// `api_server` and `kubeconfig_file` together is a schema exclusive
/// group (`exclusive-arguments`).
fn kubernetes_client(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(custom) = custom_http_setting(s) else {
        return;
    };
    let fix_target = format!("remove {custom}");
    match s.known_set("kubeconfig_file") {
        Some(true) => {
            cx.reject(
                s.loc_of(&custom),
                format!("{custom} is set with kubeconfig_file, which brings its own HTTP client settings"),
                &format!("{fix_target}, or connect with api_server instead of kubeconfig_file"),
                "custom HTTP client configuration is not allowed when kubeconfig_file is set",
            );
        }
        Some(false) => {
            let api_server_set = s
                .attribute("api_server")
                .is_some_and(|a| Value::of(&a.value) != Value::Null);
            if !api_server_set {
                cx.reject(
                    s.loc_of(&custom),
                    format!("{custom} is set without api_server: the in-cluster configuration takes no custom HTTP client settings"),
                    &format!("set api_server to the cluster's API address, or {fix_target}"),
                    "api_server must be set when custom HTTP client configuration is provided",
                );
            }
        }
        None => {}
    }
}

/// The first HTTP client setting known to differ from
/// `DefaultHTTPClientConfig` (types.go:111-114), which Alloy compares with
/// `reflect.DeepEqual` (kubernetes.go:37, :40).
fn custom_http_setting(s: &Section<'_>) -> Option<String> {
    for block in ["basic_auth", "authorization", "oauth2"] {
        if s.has_block(block) {
            return Some(block.to_owned());
        }
    }
    for name in [
        "bearer_token",
        "bearer_token_file",
        "proxy_url",
        "no_proxy",
        "proxy_from_environment",
        "proxy_connect_header",
        "http_headers",
    ] {
        if s.known_set(name) == Some(true) {
            return Some(name.to_owned());
        }
    }
    for name in ["follow_redirects", "enable_http2"] {
        if s.attribute(name).map(|a| Value::of(&a.value)) == Some(Value::Bool(false)) {
            return Some(name.to_owned());
        }
    }
    // A TLS block of zero values equals the default.
    let tls = s.block("tls_config")?;
    tls.schema
        .arguments
        .keys()
        .any(|name| tls.known_set(name) == Some(true))
        .then(|| "tls_config".to_owned())
}

/// `Authorization.Validate()` (types.go:299-319): the type, trimmed, may
/// not be Basic in any case.
fn authorization(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if !is_common(s.schema, "Authorization") {
        return;
    }
    let Some(kind) = s.value("type").as_str().map(str::to_owned) else {
        return;
    };
    if kind.trim().eq_ignore_ascii_case("basic") {
        cx.reject(
            s.loc_of("type"),
            format!("authorization type {kind:?} is not allowed: Basic credentials go in a basic_auth block"),
            "replace the authorization block with `basic_auth { username = ..., password = ... }`",
            "authorization type cannot be set to \"basic\", use \"basic_auth\" block instead",
        );
    }
}

/// `OAuth2Config.Validate()` (types.go:432-451): `client_id`, a secret
/// (`client_secret` or `client_secret_file`) and `token_url` are required;
/// both secrets together is a schema exclusive group. Its proxy settings
/// are validated too (:450).
fn oauth2(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if !is_common(s.schema, "OAuth2Config") {
        return;
    }
    if s.known_set("client_id") == Some(false) {
        cx.reject(
            s.loc_of("client_id"),
            "the oauth2 block has no client_id",
            "set client_id to the OAuth2 client's ID",
            "oauth2 client_id must be configured",
        );
    }
    if s.known_set("client_secret") == Some(false)
        && s.known_set("client_secret_file") == Some(false)
    {
        let at = if s.attribute("client_secret").is_some() {
            s.loc_of("client_secret")
        } else {
            s.loc_of("client_secret_file")
        };
        cx.reject(
            at,
            "the oauth2 block has no client secret",
            "set client_secret_file to a file holding the secret (or client_secret)",
            "either oauth2 client_secret or client_secret_file must be configured",
        );
    }
    if s.known_set("token_url") == Some(false) {
        cx.reject(
            s.loc_of("token_url"),
            "the oauth2 block has no token_url",
            "set token_url to the OAuth2 server's token endpoint",
            "oauth2 token_url must be configured",
        );
    }
    proxy_settings(cx, s);
}

/// `TLSConfig.Validate()` (types.go:374-398): a client certificate needs a
/// key and a key needs a certificate; the `*_pem`/`*_file` pairs are
/// schema exclusive groups.
fn tls_config(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if !is_common(s.schema, "TLSConfig") {
        return;
    }
    min_version(cx, s);
    let either = |a: &str, b: &str| match (s.known_set(a), s.known_set(b)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    let cert = either("cert_pem", "cert_file");
    let key = either("key_pem", "key_file");
    let first_written = |a: &str, b: &str| {
        if s.attribute(a).is_some() {
            s.loc_of(a)
        } else {
            s.loc_of(b)
        }
    };
    match (cert, key) {
        (Some(true), Some(false)) => {
            cx.reject(
                first_written("cert_pem", "cert_file"),
                "a client certificate is set without its key",
                "add key_file (or key_pem) with the certificate's private key, or remove the certificate",
                "exactly one of key_pem or key_file must be configured when a client certificate is configured",
            );
        }
        (Some(false), Some(true)) => {
            cx.reject(
                first_written("key_pem", "key_file"),
                "a client key is set without its certificate",
                "add cert_file (or cert_pem) with the client certificate, or remove the key",
                "exactly one of cert_pem or cert_file must be configured when a client key is configured",
            );
        }
        _ => {}
    }
}

/// `min_version` is read by `TLSVersion.UnmarshalText` (types.go:335-341)
/// from prometheus/common's names (config/http_config.go:73-78, v0.70.1):
/// any other string, the empty one included, is refused.
fn min_version(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    const VERSIONS: &[&str] = &["TLS10", "TLS11", "TLS12", "TLS13"];
    let Some(version) = s
        .attribute("min_version")
        .and_then(|a| Value::of(&a.value).as_str().map(str::to_owned))
    else {
        return;
    };
    if VERSIONS.contains(&version.as_str()) {
        return;
    }
    let fix = match version
        .to_ascii_uppercase()
        .replace(['.', '_', 'V', ' '], "")
        .as_str()
    {
        "TLS10" => "write \"TLS10\"",
        "TLS11" => "write \"TLS11\"",
        "TLS12" => "write \"TLS12\"",
        "TLS13" => "write \"TLS13\"",
        _ => "write one of \"TLS10\", \"TLS11\", \"TLS12\" or \"TLS13\"",
    };
    cx.reject(
        s.loc_of("min_version"),
        format!("min_version {version:?} is not a TLS version Alloy knows"),
        fix,
        &format!("unknown TLS version: {version}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Catalog;

    #[test]
    fn every_client_is_where_the_schema_has_the_http_client() {
        for c in CLIENTS {
            let mut node = Catalog::component(c.component).expect(c.component);
            for part in c.path.split('/').filter(|p| !p.is_empty()) {
                node = node.blocks.get(part).expect(c.path);
            }
            assert!(
                node.arguments.contains_key("bearer_token_file")
                    && node.blocks.contains_key("oauth2"),
                "{} {}",
                c.component,
                c.path
            );
            assert!(is_common(
                node.blocks.get("tls_config").unwrap(),
                "TLSConfig"
            ));
        }
        for k in KUBERNETES_CLIENTS {
            assert!(client_at(k, "client").is_some(), "{k}");
            let node = Catalog::component(k).unwrap().blocks.get("client").unwrap();
            assert!(node.arguments.contains_key("api_server"), "{k}");
        }
    }

    #[test]
    fn client_groups_bind_only_where_validate_runs() {
        let client = Some("internal/component/common/config/types.go (HTTPClientConfig.Validate)");
        let proxy = Some("internal/component/common/config/types.go (ProxyConfig.Validate)");
        assert!(!enforced_at_load("discovery.http", "", client));
        assert!(!enforced_at_load("discovery.aws", "", proxy));
        assert!(enforced_at_load("discovery.aws", "oauth2", proxy));
        assert!(enforced_at_load("prometheus.scrape", "", client));
        assert!(enforced_at_load("loki.write", "endpoint", client));
        assert!(enforced_at_load(
            "discovery.http",
            "",
            Some("x (TLSConfig.Validate)")
        ));
        assert!(enforced_at_load("discovery.http", "", None));
    }

    #[test]
    fn header_keys_are_canonical_as_go_makes_them() {
        assert_eq!(canonical_header_key("authorization"), "Authorization");
        assert_eq!(canonical_header_key("x-SCOPE-orgid"), "X-Scope-Orgid");
        assert_eq!(canonical_header_key("www-authenticate"), "Www-Authenticate");
        // Not a token: Go leaves it as is.
        assert_eq!(canonical_header_key("bad key"), "bad key");
    }
}
