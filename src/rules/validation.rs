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
- `prometheus.scrape`: each of `scrape_protocols` is a protocol
  Prometheus knows (`PrometheusProto`, `OpenMetricsText0.0.1`,
  `OpenMetricsText1.0.0`, `PrometheusText0.0.4`, `PrometheusText1.0.0`)
  and is listed once (scrape.go:204, :209); so is
  `scrape_fallback_protocol` (default "PrometheusText0.0.4",
  scrape.go:217).
- `prometheus.scrape`: the deprecated `enable_protobuf_negotiation`
  only works with the default `scrape_protocols` (scrape.go:179);
  `scrape_native_histograms = true` with protocols of one's own needs
  `PrometheusProto` among them (the default list is replaced by a
  protobuf-first one, scrape.go:192-197).
- `prometheus.scrape`: `metric_name_validation_scheme` is "legacy" (the
  default) or "utf8" (scrape.go:224); `metric_name_escaping_scheme` is
  "allow-utf-8", "underscores", "dots" or "values" (scrape.go:237), and
  "allow-utf-8" needs the "utf8" validation scheme (scrape.go:241).
  Left out, the escaping scheme follows the validation scheme
  (scrape.go:228-233).
- `prometheus.remote_write`: in `wal`, `truncate_frequency` is not 0
  and `min_keepalive_time` is shorter than `max_keepalive_time`
  (defaults 2h, 5m and 8h; prometheus/remotewrite/types.go:237, :239).
- `prometheus.remote_write` endpoints: `protobuf_message` is
  "prometheus.WriteRequest" or "io.prometheus.write.v2.Request"
  (types.go:150); two identical endpoints are refused by Prometheus
  (storage/remote/write.go:162, when the component is built).
- `prometheus.remote_write` `sigv4`: `access_key` and `secret_key` come
  together, `external_id` needs `role_arn` (types.go:512, :515).
- `prometheus.remote_write` `azuread`: `cloud` is AzurePublic (the
  default), AzureGovernment or AzureChina; exactly one of
  `managed_identity`, `workload_identity`, `oauth`, `sdk`; their
  `client_id`/`tenant_id`/`client_secret` not empty, client ids (and
  the workload identity's tenant id) UUIDs; `scope` only letters,
  digits, `_`, spaces, `:`, `/`, `.`, `-` (types.go:391-475).
- `loki.write`: at least one `endpoint`, and endpoints with distinct
  names; an endpoint without a name is named by a hash of its settings,
  so two identical unnamed endpoints collide too
  (common/loki/client/consumer_fanout.go:16, :33; endpoint.go:89).
- `loki.write` `wal`: `min_read_frequency` is shorter than
  `max_read_frequency` (defaults 250ms and 1s; loki/write/write.go:54),
  whether or not the WAL is enabled.
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
- `loki.process` stages, inside `stage.match` too: `stage.limit` `rate`
  and `burst` above zero, `by_label_name` only with `drop = true`
  (stages/limit.go:75-84); `stage.multiline` `max_wait_time` above zero
  (multiline.go:45-50).
- `otelcol.processor.batch`: `send_batch_max_size` (default 3000), when
  not 0, is at least `send_batch_size` (default 2000): either one alone
  can cross the other's default
  (internal/component/otelcol/processor/batch/batch.go:51-71).
- `otelcol.processor.memory_limiter`: `check_interval` above zero, and
  exactly one of `limit` (with `spike_limit` below it) or
  `limit_percentage` (1-100, with `spike_limit_percentage` 1-100, whose
  default 0 fails)
  (otelcol/processor/memorylimiter/memorylimiter.go:68-98).
- `otelcol.processor.resourcedetection`: `detectors` lists at least one
  detector Alloy knows (`env`, `system`, `ec2`, `gcp`,
  `kubernetes_node`, ...; resourcedetection.go:225-264).
- `otelcol.connector.spanmetrics`: `metrics_flush_interval` above zero
  (spanmetrics.go:140-145); `histogram` has an `explicit` or an
  `exponential` block, and an exponential `max_size` above zero
  (spanmetrics/types.go:84-103, :158-164).
- `otelcol.auth.headers`: each `header` has a non-empty `key` and one
  of `value`, `from_context`, `from_attribute`
  (auth/headers/headers.go:182-212).
- `otelcol.processor.attributes`: each `action` names its `key`
  (`delete` and `hash` accept a `pattern` instead;
  otelcol/config_attraction.go:29-44, :121-133).
- otelcol exporters, where the block is written: `retry_on_failure`
  `multiplier` above 1 and `randomization_factor` not negative
  (otelcol/config_retry.go:40-50); an enabled `sending_queue` has a
  `queue_size` above zero, a sizer `requests`, `items` or `bytes`, and
  a `batch` whose `min_size` fits in `queue_size` when both count the
  same unit (defaults: 1000 requests, 2000 items); a `batch` counts
  `items` or `bytes`, with `flush_timeout` above zero and `max_size`
  (when not 0) at least `min_size` (otelcol/config_queue.go:107-196).

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
