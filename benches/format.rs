//! Throughput of the parser and the formatter on a generated 10 MB config
//! and on a typical 5 KB file. Run with `cargo bench --bench format`.
//!
//! `cargo bench --bench format -- --write-input PATH` only writes the 10 MB
//! input to PATH, for whole-process measurements such as
//! `/usr/bin/time -v target/release/alloy-lint fmt PATH > /dev/null`.

use std::time::{Duration, Instant};

use alloy_lint::format::format_source;
use alloy_lint::syntax::{parse, parse_recovering};

/// A config of about `size` bytes in the shape people run next to a
/// Cloudflare Worker: scrape, relabel, OTLP receiver, token file, repeated
/// with distinct labels, laid out with two-space indentation (so `fmt` has
/// work to do).
fn generated_config(size: usize) -> String {
    let mut out = String::with_capacity(size + 4096);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
            r#"// Worker {i}: scrape its metrics and forward them to Grafana Cloud.
prometheus.scrape "worker_{i}" {{
  targets = [{{
    "__address__" = "localhost:{port}",
    "job" = "wpt-worker-{i}",
  }}]
  forward_to = [prometheus.relabel.worker_{i}.receiver]
  scrape_interval = "15s" // as often as the dashboard refreshes
  metrics_path = "/metrics"
}}

prometheus.relabel "worker_{i}" {{
  forward_to = [prometheus.remote_write.grafana_cloud.receiver]

  rule {{
    source_labels = ["__name__"]
    regex = "wpt_worker_requests_total|up"
    action = "keep"
  }}
}}

otelcol.receiver.otlp "app_{i}" {{
  grpc {{ endpoint = "0.0.0.0:4317" }}
  http {{ endpoint = "0.0.0.0:4318" }}
  output {{
    traces = [otelcol.processor.batch.default.input]
  }}
}}

local.file "token_{i}" {{
  filename = sys.env("HOME") + "/grafana-token.txt"
  is_secret = true
}}

"#,
            port = 8000 + i % 1000
        ));
        i += 1;
    }
    out
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-input") {
        let path = &args[i + 1];
        std::fs::write(path, generated_config(10 * 1024 * 1024)).expect("writing the input");
        return;
    }
    // `cargo test --benches` runs this too; keep that quick.
    let quick = args.iter().any(|a| a == "--test");
    let big = generated_config(if quick { 64 * 1024 } else { 10 * 1024 * 1024 });
    let runs = if quick { 1 } else { 5 };

    let parse_time = best_of(runs, || parse(big.as_bytes()).unwrap());
    let format_time = best_of(runs, || format_source(big.as_bytes()).unwrap());
    let formatted = format_source(big.as_bytes()).unwrap();
    let check_time = best_of(runs, || format_source(formatted.as_bytes()).unwrap());
    println!(
        "{:.1} MB input: parse {:.0} ms ({:.1} MB/s); parse + format {:.0} ms ({:.1} MB/s); \
         already formatted {:.0} ms ({:.1} MB/s)",
        big.len() as f64 / 1e6,
        parse_time.as_secs_f64() * 1e3,
        mb_per_s(big.len(), parse_time),
        format_time.as_secs_f64() * 1e3,
        mb_per_s(big.len(), format_time),
        check_time.as_secs_f64() * 1e3,
        mb_per_s(formatted.len(), check_time),
    );

    // The tree of an invalid input: one value in a hundred unreadable.
    let mut damaged = String::with_capacity(big.len());
    for (i, part) in big
        .split_inclusive("metrics_path = \"/metrics\"")
        .enumerate()
    {
        match part.strip_suffix("\"/metrics\"") {
            Some(head) if i % 100 == 50 => damaged.extend([head, "<PATH>"]),
            _ => damaged.push_str(part),
        }
    }
    let recover_time = best_of(runs, || parse_recovering(damaged.as_bytes()));
    let errors = parse_recovering(damaged.as_bytes())
        .errors
        .expect("invalid input");
    println!(
        "{:.1} MB input with {} syntax errors: recovering parse {:.0} ms ({:.1} MB/s)",
        damaged.len() as f64 / 1e6,
        errors.errors().len() + errors.omitted().map_or(0, |(n, _)| n),
        recover_time.as_secs_f64() * 1e3,
        mb_per_s(damaged.len(), recover_time),
    );

    let small = generated_config(5 * 1024);
    let small_time = best_of(if quick { 1 } else { 200 }, || {
        format_source(small.as_bytes()).unwrap()
    });
    println!(
        "{:.1} KB input: parse + format {:.0} µs",
        small.len() as f64 / 1e3,
        small_time.as_secs_f64() * 1e6
    );
}
