//! Where the Grafana Cloud endpoints go, as data: which argument of which
//! component is an HTTP URL and which a gRPC `host:port`, what path each
//! Grafana Cloud service expects, and how its hosts are named.

/// What an endpoint argument holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An `http(s)://host[:port]/path` URL.
    HttpUrl,
    /// A gRPC target: `host:port`, no scheme, no path.
    GrpcTarget,
    /// An address to listen on: `host:port` with a valid port.
    Listen,
}

/// One endpoint argument.
#[derive(Debug, Clone, Copy)]
pub struct EndpointArgument {
    /// The component.
    pub component: &'static str,
    /// The nested block holding the argument.
    pub block: &'static str,
    /// The argument.
    pub argument: &'static str,
    /// What it holds.
    pub shape: Shape,
    /// The Grafana Cloud service it talks to, if any.
    pub service: Option<&'static CloudService>,
    /// A path every server of this protocol serves, whatever the host.
    pub path_everywhere: Option<&'static str>,
}

/// A Grafana Cloud service: its host prefix, path, and where the stack
/// page shows its values.
#[derive(Debug, Clone, Copy)]
pub struct CloudService {
    /// Its name on the stack page.
    pub name: &'static str,
    /// How its hosts start (`prometheus-prod-13-prod-us-east-0.grafana.net`).
    pub host_prefix: &'static str,
    /// The path its URL ends in, for HTTP services.
    pub path: Option<&'static str>,
    /// The port, for gRPC services.
    pub port: Option<u16>,
}

/// Prometheus (remote_write).
pub const PROMETHEUS: CloudService = CloudService {
    name: "Prometheus",
    host_prefix: "prometheus-",
    path: Some("/api/prom/push"),
    port: None,
};
/// Loki (push API).
pub const LOKI: CloudService = CloudService {
    name: "Loki",
    host_prefix: "logs-",
    path: Some("/loki/api/v1/push"),
    port: None,
};
/// Tempo (OTLP over gRPC).
pub const TEMPO: CloudService = CloudService {
    name: "Tempo",
    host_prefix: "tempo-",
    path: None,
    port: Some(443),
};
/// The OTLP gateway (OTLP over HTTP).
pub const OTLP_GATEWAY: CloudService = CloudService {
    name: "OpenTelemetry (OTLP gateway)",
    host_prefix: "otlp-gateway-",
    path: Some("/otlp"),
    port: None,
};
/// Every Grafana Cloud service with a host of its own.
pub const SERVICES: &[CloudService] = &[PROMETHEUS, LOKI, TEMPO, OTLP_GATEWAY];

/// Every endpoint argument known.
pub const ENDPOINTS: &[EndpointArgument] = &[
    EndpointArgument {
        component: "prometheus.remote_write",
        block: "endpoint",
        argument: "url",
        shape: Shape::HttpUrl,
        service: Some(&PROMETHEUS),
        path_everywhere: None,
    },
    EndpointArgument {
        component: "loki.write",
        block: "endpoint",
        argument: "url",
        shape: Shape::HttpUrl,
        service: Some(&LOKI),
        path_everywhere: Some("/loki/api/v1/push"),
    },
    EndpointArgument {
        component: "otelcol.exporter.otlp",
        block: "client",
        argument: "endpoint",
        shape: Shape::GrpcTarget,
        service: Some(&TEMPO),
        path_everywhere: None,
    },
    EndpointArgument {
        component: "otelcol.exporter.otlphttp",
        block: "client",
        argument: "endpoint",
        shape: Shape::HttpUrl,
        service: Some(&OTLP_GATEWAY),
        path_everywhere: None,
    },
    EndpointArgument {
        component: "otelcol.receiver.otlp",
        block: "grpc",
        argument: "endpoint",
        shape: Shape::Listen,
        service: None,
        path_everywhere: None,
    },
    EndpointArgument {
        component: "otelcol.receiver.otlp",
        block: "http",
        argument: "endpoint",
        shape: Shape::Listen,
        service: None,
        path_everywhere: None,
    },
];

/// The endpoint argument `argument` of block `block` in `component`.
pub fn lookup(component: &str, block: &str, argument: &str) -> Option<&'static EndpointArgument> {
    ENDPOINTS
        .iter()
        .find(|e| e.component == component && e.block == block && e.argument == argument)
}

/// An endpoint split into its parts (no validation beyond the split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint<'a> {
    /// `https`, or `None` without `://`.
    pub scheme: Option<&'a str>,
    /// The host name or address.
    pub host: &'a str,
    /// The port as written, if any.
    pub port: Option<&'a str>,
    /// The path (from the first `/` after the host), possibly empty.
    pub path: &'a str,
}

/// Splits `text` into scheme, host, port and path.
pub fn split(text: &str) -> Endpoint<'_> {
    let (scheme, rest) = match text.find("://") {
        Some(i) => (Some(&text[..i]), &text[i + 3..]),
        None => (None, text),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    // Credentials in the authority are not part of the host.
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        match inner.split_once(']') {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => (authority, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    Endpoint {
        scheme,
        host,
        port,
        path,
    }
}

/// Whether `host` is a Grafana Cloud host.
pub fn is_grafana_cloud(host: &str) -> bool {
    host.to_ascii_lowercase().ends_with(".grafana.net")
}

/// The Grafana Cloud service a host belongs to, by its prefix.
pub fn service_of_host(host: &str) -> Option<&'static CloudService> {
    let host = host.to_ascii_lowercase();
    SERVICES.iter().find(|s| host.starts_with(s.host_prefix))
}

/// Whether `port` is a valid TCP port number.
pub fn is_valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls_and_targets() {
        let e = split("https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push");
        assert_eq!(e.scheme, Some("https"));
        assert_eq!(e.host, "prometheus-prod-13-prod-us-east-0.grafana.net");
        assert_eq!(e.port, None);
        assert_eq!(e.path, "/api/prom/push");
        let t = split("tempo-prod-10-prod-us-east-0.grafana.net:443");
        assert_eq!(
            (t.scheme, t.host, t.port, t.path),
            (
                None,
                "tempo-prod-10-prod-us-east-0.grafana.net",
                Some("443"),
                ""
            )
        );
        let v6 = split("[::1]:4317");
        assert_eq!((v6.host, v6.port), ("::1", Some("4317")));
        assert!(is_grafana_cloud(t.host));
        assert_eq!(service_of_host(t.host).map(|s| s.name), Some("Tempo"));
        assert!(is_valid_port("4317") && !is_valid_port("70000") && !is_valid_port("x"));
    }

    #[test]
    fn every_endpoint_names_a_real_argument() {
        for e in ENDPOINTS {
            let node = crate::schema::Catalog::component(e.component).expect(e.component);
            assert!(
                node.blocks[e.block].arguments.contains_key(e.argument),
                "{}",
                e.component
            );
        }
    }
}
