//! URL arguments Alloy parses with Go's `url.Parse` when it loads a
//! configuration (see [`super::go_url`]): a URL Go refuses stops Alloy.
//!
//! Only where the parse happens at load: remote_write and loki.write
//! endpoints, and the arguments of common/config's `URL` type, whose
//! `UnmarshalText` (internal/component/common/config/types.go:240-248)
//! the decoder calls on the attribute (`proxy_url`, a Kubernetes
//! `api_server`, discovery.http's and discovery.kubelet's `url`). A
//! `token_url` is a plain string (types.go:406), parsed only when a token
//! is fetched; otelcol endpoints are parsed when the component starts.

use super::go_url::{self, UrlError};
use super::http_client::{client_at, KUBERNETES_CLIENTS};
use super::{Cx, Section, Validation};
use crate::rules::Code;

/// The validations of URL arguments.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint",
        code: Code::InvalidUrl,
        source: "internal/component/prometheus/remotewrite/types.go:256",
        check: remote_write_url,
    },
    Validation {
        components: &["loki.write"],
        block: "endpoint",
        code: Code::InvalidUrl,
        source: "internal/component/loki/write/types.go:63",
        check: loki_write_url,
    },
    Validation {
        // discovery/http/http.go:30, discovery/kubelet/kubelet.go:75.
        components: &["discovery.http", "discovery.kubelet"],
        block: "",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:242",
        check: url_argument,
    },
    Validation {
        // discovery/kubernetes/kubernetes.go:28.
        components: &["discovery.kubernetes"],
        block: "",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:242",
        check: api_server,
    },
    Validation {
        // common/kubernetes/kubernetes.go:17.
        components: KUBERNETES_CLIENTS,
        block: "client",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:242",
        check: api_server,
    },
    Validation {
        components: &["*"],
        block: "",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:148",
        check: proxy_url,
    },
    Validation {
        components: &["*"],
        block: "endpoint",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:148",
        check: proxy_url,
    },
    Validation {
        components: &["*"],
        block: "client",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:148",
        check: proxy_url,
    },
    Validation {
        components: &["*"],
        block: "http_client_config",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:148",
        check: proxy_url,
    },
    Validation {
        // OAuth2Config squashes a ProxyConfig too (types.go:408).
        components: &["*"],
        block: "**/oauth2",
        code: Code::InvalidUrl,
        source: "internal/component/common/config/types.go:408",
        check: oauth2_proxy_url,
    },
];

/// Whether Alloy parses the endpoint argument `argument` of `block` in
/// `component` when it loads (the validations above report it then).
pub fn parsed_at_load(component: &str, block: &str, argument: &str) -> bool {
    matches!(
        (component, block, argument),
        ("prometheus.remote_write" | "loki.write", "endpoint", "url")
    )
}

/// The string literal of `name` parsed as Go parses it: the literal's
/// text and Go's error, if it refuses it.
fn refused(s: &Section<'_>, name: &str) -> Option<(String, UrlError)> {
    let text = s.value(name).as_str()?.to_owned();
    let error = go_url::parse(&text).err()?;
    Some((text, error))
}

/// Reports `name`'s URL at the characters Go refuses; `alloy_says` wraps
/// Go's error as the component does.
fn report(
    cx: &mut Cx<'_, '_>,
    s: &Section<'_>,
    name: &str,
    alloy_says: impl FnOnce(&str, &str) -> String,
) {
    let Some((text, error)) = refused(s, name) else {
        return;
    };
    // A string whose characters cannot be mapped (none that Alloy reads)
    // is reported at the attribute.
    let at = match s.string(name) {
        Some(map) => s.loc_in(&map, error.at.clone()),
        None => s.loc_of(name),
    };
    let go = error.go_message(&text);
    let says = alloy_says(&go_url::redacted(&text), &go);
    cx.reject(
        at,
        format!("{name} is not a URL Alloy can parse: {}", error.reason),
        fix_for(&error.reason),
        &says,
    );
}

/// What to change for each kind of parse error.
pub fn fix_for(reason: &str) -> &'static str {
    if reason.starts_with("invalid port") {
        "write the port as digits after the host (`http://host:9009/...`), or leave the colon out"
    } else if reason.starts_with("invalid URL escape") {
        "write % as %25, or complete the escape with two hex digits"
    } else if reason.starts_with("invalid character") {
        "remove the character from the host name"
    } else if reason.contains("control character") {
        "remove the control character (a newline or tab) from the URL"
    } else if reason.contains("userinfo") {
        "percent-encode the special characters of the user name and password, or pass the credentials in basic_auth"
    } else {
        "write a whole URL such as `http://localhost:9009/api/v1/push`"
    }
}

/// prometheus.remote_write: `convertConfigs` parses each endpoint's URL
/// when the component is built (remotewrite/types.go:254-257).
fn remote_write_url(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    report(cx, s, "url", |url, go| {
        format!("cannot parse remote_write url {url:?}: {go}")
    });
}

/// loki.write: `EndpointOptions.Validate()` parses the URL first
/// (loki/write/types.go:62-64).
fn loki_write_url(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    report(cx, s, "url", |url, go| {
        format!("failed to parse remote url {url:?}: {go}")
    });
}

/// A `url` of common/config's `URL` type: `UnmarshalText` returns Go's
/// error as it is.
fn url_argument(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    report(cx, s, "url", |_, go| go.to_owned());
}

fn api_server(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    report(cx, s, "api_server", |_, go| go.to_owned());
}

/// `proxy_url` wherever an `HTTPClientConfig` is squashed, validated or
/// not: the decoder parses the attribute itself.
fn proxy_url(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if client_at(cx.component, &s.path).is_some() {
        report(cx, s, "proxy_url", |_, go| go.to_owned());
    }
}

/// An `oauth2` block's `proxy_url`, where the block is common/config's.
fn oauth2_proxy_url(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let parent = s.path.rsplit_once('/').map_or("", |(head, _)| head);
    if client_at(cx.component, parent).is_some() {
        report(cx, s, "proxy_url", |_, go| go.to_owned());
    }
}
