//! Writes a realistic Alloy config of about N megabytes to stdout:
//! `cargo run --release --example genbig -- 10 > big.alloy`.
fn main() {
    let mb: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    print!("{}", alloy_lint_bench_input(mb * 1024 * 1024));
}

fn alloy_lint_bench_input(size: usize) -> String {
    let mut out = String::with_capacity(size + 4096);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
r#"// Worker {i}: scrape its metrics and forward them to Grafana Cloud.
prometheus.scrape "worker_{i}" {{
  targets = [{{
    "__address__" = "localhost:{port}",
    "job"         = "wpt-worker-{i}",
  }}]
  forward_to      = [prometheus.relabel.worker_{i}.receiver]
  scrape_interval = "15s"
  metrics_path    = "/metrics"
}}

prometheus.relabel "worker_{i}" {{
  forward_to = [prometheus.remote_write.grafana_cloud.receiver]

  rule {{
    source_labels = ["__name__"]
    regex         = "wpt_worker_requests_total|up"
    action        = "keep"
  }}
}}

otelcol.receiver.otlp "app_{i}" {{
  grpc {{
    endpoint = "0.0.0.0:4317"
  }}
  http {{
    endpoint = "0.0.0.0:4318"
  }}
  output {{
    traces = [otelcol.processor.batch.default.input]
  }}
}}

local.file "token_{i}" {{
  filename  = env("HOME") + "/grafana-token.txt"
  is_secret = true
}}

"#, port = 8000 + i % 1000));
        i += 1;
    }
    out
}
