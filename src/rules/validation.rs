//! Load-time validation: values the schema accepts but a component's Go
//! code refuses when Alloy loads the configuration.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about what Alloy's components refuse when they are built.
pub const RULES: &[Rule] = &[Rule {
    code: Code::InvalidComponentConfig,
    severity: Severity::Error,
    summary: "Arguments of a component that its own validation refuses when Alloy loads the configuration.",
    explanation: r#"Type-checking a configuration (what `alloy validate` does) is not all
`alloy run` does: it fills each component's arguments with their
defaults, then calls the component's `Validate()`, and the first error
stops Alloy with `Failed to build component: decoding configuration:
...`. alloy-lint reproduces these validations, defaults included: an
argument left out counts with its default, and the message names it
("scrape_timeout (10s, its default)").

- `prometheus.scrape`: `scrape_timeout` may not exceed
  `scrape_interval` (default 10s and 60s), so `scrape_interval = "5s"`
  alone fails (internal/component/prometheus/scrape/scrape.go:172).
- `loki.source.file`: `file_match { sync_period }` longer than zero
  (internal/component/loki/source/file/file.go:118-123).
- `loki.source.syslog` listeners: options of one syslog format may not
  be set for another (`rfc3164_cisco_components` with at least one
  option needs rfc3164, `raw_format_options` needs raw,
  `rfc5424_allow_empty_msg` needs rfc5424, and raw takes none of
  `use_rfc5424_message`, `rfc3164_default_to_current_year`,
  `use_incoming_timestamp`; loki/source/syslog/types.go:49-60, :78-124).
- `discovery.docker`, `loki.source.docker`: `host` is `proto://address`
  (Docker's client refuses `/var/run/docker.sock` when the component is
  built: prometheus discovery/moby/docker.go:150,
  loki/source/docker/docker.go:287), not empty, and `refresh_interval`
  is positive (discovery/docker/docker.go:71-84,
  loki/source/docker/docker.go:82-95).
- `prometheus.relabel`: the cache is bounded by `max_cache_size` or by
  `cache_ttl` (at least 1m), not both; the size defaults to 100000, so
  `cache_ttl` alone fails unless `max_cache_size = 0`
  (prometheus/relabel/relabel.go:64-89).
- `otelcol.processor.batch`: `send_batch_max_size` (default 3000), when
  not 0, is at least `send_batch_size` (default 2000): either one alone
  can cross the other's default
  (internal/component/otelcol/processor/batch/batch.go:51-71).

A value Alloy computes when it runs (`sys.env(...)`, a reference to
another component) is never the reason for a finding: only what the
text says for certain is judged. Where Alloy loads a value and only the
component fails when it starts, the finding is a warning that says so."#,
    example: r#"prometheus.scrape "worker" {
	targets         = [{"__address__" = "localhost:8787"}]
	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
	scrape_interval = "5s"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
    fix: r#"Change the value the message names; where a default is involved, set
the other argument explicitly.

    prometheus.scrape "worker" {
    	targets         = [{"__address__" = "localhost:8787"}]
    	forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
    	scrape_interval = "5s"
    	scrape_timeout  = "5s"
    }"#,
}];
