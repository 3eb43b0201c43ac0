//! Allowed values of string arguments that Alloy checks against a fixed
//! set when it decodes a configuration. `components.json` records types,
//! not these sets; they are read from the Alloy source at the commit the
//! schema names (the `UnmarshalText`/`Validate` methods cited per entry).

/// Where an enumerated argument sits and what it accepts.
#[derive(Debug, Clone, Copy)]
pub struct EnumArgument {
    /// The components (or config blocks) it belongs to; a trailing `.`
    /// matches a prefix.
    pub components: &'static [&'static str],
    /// The nested block path inside the component, `/`-separated (empty
    /// for a top-level argument). A leading `*/` matches a block of that
    /// name at any depth.
    pub block: &'static str,
    /// The argument's name.
    pub argument: &'static str,
    /// The accepted values.
    pub values: &'static [&'static str],
    /// Whether Alloy lower-cases the value before comparing.
    pub case_insensitive: bool,
    /// Whether an empty string is accepted (and means the default).
    pub accepts_empty: bool,
    /// `None` when Alloy refuses another value as it loads the
    /// configuration; else what happens instead, once the component runs.
    pub at_run: Option<&'static str>,
    /// Where Alloy defines the set.
    pub source: &'static str,
}

/// Relabeling actions, shared by every `rule` block.
pub const RELABEL_ACTIONS: &[&str] = &[
    "replace",
    "keep",
    "drop",
    "hashmod",
    "labelmap",
    "labeldrop",
    "labelkeep",
    "lowercase",
    "uppercase",
    "keepequal",
    "dropequal",
];

/// Every enumerated argument known.
pub const ENUMS: &[EnumArgument] = &[
    EnumArgument {
        components: &["otelcol.auth.headers"],
        block: "header",
        argument: "action",
        values: &["insert", "update", "upsert", "delete"],
        case_insensitive: true,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/auth/headers/headers.go (Action.UnmarshalText lower-cases, :151-159)",
    },
    EnumArgument {
        components: &[
            "prometheus.relabel",
            "discovery.relabel",
            "loki.relabel",
            "pyroscope.relabel",
            "prometheus.scrape",
            "loki.source.",
            "prometheus.operator.",
        ],
        block: "*/rule",
        argument: "action",
        values: RELABEL_ACTIONS,
        // Exact: `actions[Action(text)]` (relabel.go:78); Prometheus's YAML
        // lowercases, Alloy does not.
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/common/relabel/relabel.go (Action.UnmarshalText)",
    },
    EnumArgument {
        components: &["prometheus.remote_write"],
        block: "endpoint/write_relabel_config",
        argument: "action",
        values: RELABEL_ACTIONS,
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/common/relabel/relabel.go (Action.UnmarshalText)",
    },
    EnumArgument {
        components: &["logging"],
        block: "",
        argument: "level",
        values: &["debug", "info", "warn", "error"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/runtime/logging/options.go (Level.UnmarshalText)",
    },
    EnumArgument {
        components: &["logging"],
        block: "",
        argument: "format",
        values: &["logfmt", "json"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/runtime/logging/options.go (Format.UnmarshalText)",
    },
    EnumArgument {
        components: &["discovery.kubernetes"],
        block: "",
        argument: "role",
        values: &[
            "endpoints",
            "endpointslice",
            "service",
            "pod",
            "node",
            "ingress",
        ],
        case_insensitive: false,
        accepts_empty: false,
        at_run: Some("Alloy loads it, but the discovery only logs \"unknown Kubernetes discovery kind\" and finds no targets"),
        source: "prometheus/prometheus discovery/kubernetes/kubernetes.go:674 (Discovery.Run; Alloy passes the role through unchecked, internal/component/discovery/kubernetes/kubernetes.go:60)",
    },
    EnumArgument {
        components: &["prometheus.scrape"],
        block: "",
        argument: "scheme",
        values: &["http", "https"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: Some("Alloy loads it, but every scrape fails: the HTTP client refuses the scheme"),
        source: "internal/component/prometheus/scrape/scrape.go:563 (passed to Prometheus's scrape loop unchecked)",
    },
    EnumArgument {
        components: &["otelcol.processor.attributes"],
        block: "action",
        argument: "action",
        values: &[
            "insert", "update", "upsert", "delete", "hash", "extract", "convert",
        ],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/config_attraction.go (AttrAction)",
    },
    EnumArgument {
        components: &["otelcol.exporter.otlphttp"],
        block: "",
        argument: "encoding",
        values: &["proto", "json"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/exporter/otlphttp/otlphttp.go:114-116 (Arguments.Validate)",
    },
    EnumArgument {
        components: &["otelcol.exporter.loadbalancing"],
        block: "",
        argument: "routing_key",
        values: &["service", "traceID", "resource", "metric", "streamID"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/exporter/loadbalancing/loadbalancing.go:107-113 (Arguments.Validate)",
    },
    EnumArgument {
        components: &["otelcol.connector.spanmetrics"],
        block: "histogram",
        argument: "unit",
        values: &["ms", "s"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/connector/spanmetrics/types.go:85-92 (HistogramConfig.Validate)",
    },
    EnumArgument {
        components: &["otelcol.connector.spanmetrics"],
        block: "",
        argument: "aggregation_temporality",
        values: &["CUMULATIVE", "DELTA"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/otelcol/connector/spanmetrics/spanmetrics.go:154-162 (convertAggregationTemporality, called by Validate through Convert at :147)",
    },
    EnumArgument {
        components: &["loki.source.file"],
        block: "decompression",
        argument: "format",
        values: &["gz", "z", "bz2"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/loki/source/file/file.go:165-177 (CompressionFormat.UnmarshalText)",
    },
    EnumArgument {
        components: &["loki.source.syslog"],
        block: "listener",
        argument: "protocol",
        values: &["tcp", "udp"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/loki/source/syslog/types.go:79-81 (ListenerConfig.Validate)",
    },
    EnumArgument {
        components: &["loki.source.syslog"],
        block: "listener",
        argument: "syslog_format",
        values: &["rfc5424", "rfc3164", "raw"],
        case_insensitive: false,
        accepts_empty: false,
        at_run: None,
        source: "internal/component/loki/source/syslog/config/config.go:31-45 (SyslogFormat.UnmarshalText)",
    },
    EnumArgument {
        components: &["faro.receiver"],
        block: "",
        argument: "log_format",
        values: &["logfmt", "json"],
        case_insensitive: false,
        accepts_empty: true,
        at_run: None,
        source: "internal/component/faro/receiver/arguments.go:144-153 (LogFormat.UnmarshalText)",
    },
    EnumArgument {
        components: &["faro.receiver"],
        block: "server/rate_limiting",
        argument: "strategy",
        values: &["global", "per_app"],
        case_insensitive: false,
        accepts_empty: true,
        at_run: None,
        source: "internal/component/faro/receiver/arguments.go:174-183 (RateLimitingStrategy.UnmarshalText)",
    },
];

/// The enumerated argument `argument` of the block at `path` (nested block
/// names from the component down) in `component`, if it is one.
pub fn lookup(component: &str, path: &[&str], argument: &str) -> Option<&'static EnumArgument> {
    ENUMS.iter().find(|e| {
        e.argument == argument
            && e.components.iter().any(|c| {
                if c.ends_with('.') {
                    component.starts_with(c)
                } else {
                    component == *c
                }
            })
            && match e.block.strip_prefix("*/") {
                Some(last) => path.last() == Some(&last),
                None => path.join("/") == e.block,
            }
    })
}

impl EnumArgument {
    /// Whether `value` is accepted.
    pub fn accepts(&self, value: &str) -> bool {
        if value.is_empty() && self.accepts_empty {
            return true;
        }
        if self.case_insensitive {
            self.values.iter().any(|v| v.eq_ignore_ascii_case(value))
        } else {
            self.values.contains(&value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_arguments_by_component_and_path() {
        let e = lookup("otelcol.auth.headers", &["header"], "action").unwrap();
        assert!(e.accepts("insert") && !e.accepts("random"));
        let relabel = lookup("prometheus.relabel", &["rule"], "action").unwrap();
        // Alloy's relabel actions match exactly; headers' are lower-cased.
        assert!(relabel.accepts("labeldrop") && !relabel.accepts("LabelDrop"));
        assert!(e.accepts("INSERT"));
        let faro = lookup("faro.receiver", &[], "log_format").unwrap();
        assert!(faro.accepts("") && faro.accepts("json") && !faro.accepts("text"));
        let write = lookup(
            "prometheus.remote_write",
            &["endpoint", "write_relabel_config"],
            "action",
        )
        .unwrap();
        assert!(write.accepts("keep") && !write.accepts(""));
        assert!(lookup("loki.source.kubernetes", &["rule"], "action").is_some());
        assert!(lookup("prometheus.relabel", &[], "action").is_none());
        assert!(lookup("logging", &[], "level").unwrap().accepts("warn"));
    }

    #[test]
    fn every_entry_names_a_real_argument() {
        use crate::schema::Catalog;
        for e in ENUMS {
            for c in e.components.iter().filter(|c| !c.ends_with('.')) {
                let node = Catalog::component(c)
                    .or_else(|| Catalog::config_block(c))
                    .unwrap_or_else(|| panic!("{c}"));
                let mut node = node;
                if let Some(last) = e.block.strip_prefix("*/") {
                    if let Some(b) = node.blocks.get(last) {
                        node = b;
                    } else {
                        continue;
                    }
                } else {
                    for part in e.block.split('/').filter(|p| !p.is_empty()) {
                        node = &node.blocks[part];
                    }
                }
                assert!(
                    node.arguments.contains_key(e.argument),
                    "{c} {}",
                    e.argument
                );
            }
        }
    }
}
