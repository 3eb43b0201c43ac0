//! Throughput of `check` on a generated 10 MB configuration and on a
//! typical 5 KB one. Run with `cargo bench --bench check`.
//!
//! `cargo bench --bench check -- --linearity` checks 10 MB and 100 MB
//! configurations of two shapes (the workers below, and one auth extension
//! and token file per exporter, which exercises the rules that relate
//! components) and prints how much longer the large one takes, in wall
//! time and in CPU time spent in the program itself (user time, all
//! threads). It needs about 2 GB of memory. The user-time ratio is about
//! ten, as `check` is linear; the wall-time ratio is too wherever the kernel
//! hands out fresh memory at a steady cost per page. On some virtual
//! machines it does not: past a few hundred megabytes, first touches of
//! memory wait for the host, and the system time of the 100 MB run (about
//! 1 GB of tree) grows far faster than its size.
//!
//! `cargo bench --bench check -- --write-input PATH [SIZE]` only writes a
//! configuration of SIZE bytes (default 10 MB) to PATH, for whole-process
//! measurements such as `perf stat -r 200 target/release/alloy-lint check
//! PATH`.

use std::time::{Duration, Instant};

use alloy_lint::check::{check, Options, Source, StabilityLevel};

/// A valid configuration of about `size` bytes in the shape people run next
/// to a Cloudflare Worker: per worker a scrape, a relabel, an OTLP receiver
/// and a log pipeline, all sending to one set of Grafana Cloud writers.
fn generated_config(size: usize) -> String {
    let mut out = String::with_capacity(size + 4096);
    out.push_str(
        r#"local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "1402587"
			password = local.file.grafana_token.content
		}
	}
}

otelcol.processor.batch "default" {
	output {
		traces = [otelcol.exporter.otlp.grafana_cloud.input]
	}
}

otelcol.exporter.otlp "grafana_cloud" {
	client {
		endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
	}
}

loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"
	}
}

"#,
    );
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
            r#"// Worker {i}: metrics, traces and logs to Grafana Cloud.
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
		endpoint = "0.0.0.0:{grpc}"
	}}

	output {{
		traces = [otelcol.processor.batch.default.input]
	}}
}}

local.file_match "logs_{i}" {{
	path_targets = [{{"__path__" = "/var/log/worker-{i}/*.log"}}]
}}

loki.source.file "logs_{i}" {{
	targets    = local.file_match.logs_{i}.targets
	forward_to = [loki.write.grafana_cloud.receiver]
}}

"#,
            port = 8000 + i % 1000,
            grpc = 10000 + i % 50000,
        ));
        i += 1;
    }
    out
}

/// A valid configuration of about `size` bytes where every exporter has
/// its own `otelcol.auth.basic` and token file: per exporter, the rules ask
/// whether it talks to Grafana Cloud (its user name) and whether its token
/// file is secret.
fn generated_auth_config(size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
            r#"local.file "token_{i}" {{
	filename  = "token-{i}.txt"
	is_secret = true
}}

otelcol.auth.basic "exporter_{i}" {{
	username = "1402587"
	password = local.file.token_{i}.content
}}

otelcol.exporter.otlp "exporter_{i}" {{
	client {{
		endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
		auth     = otelcol.auth.basic.exporter_{i}.handler
	}}
}}

"#
        ));
        i += 1;
    }
    out
}

/// Makes a configuration of about the given size.
type Generator = fn(usize) -> String;

/// Times `check` on 10 MB and 100 MB of each shape.
fn linearity() {
    let shapes: [(&str, Generator); 2] = [
        ("workers", generated_config),
        ("auth per exporter", generated_auth_config),
    ];
    for (name, generate) in shapes {
        let mut wall = Vec::new();
        let mut user = Vec::new();
        for mb in [10, 100] {
            let text = generate(mb * 1024 * 1024);
            let (user_before, system_before) = cpu_times();
            let time = best_of(1, || check_all(&text));
            let (user_after, system_after) = cpu_times();
            println!(
                "{name}: {mb} MB in {:.1} s (user {:.1} s, system {:.1} s)",
                time.as_secs_f64(),
                user_after - user_before,
                system_after - system_before,
            );
            wall.push(time.as_secs_f64());
            user.push(user_after - user_before);
        }
        println!(
            "{name}: 100 MB / 10 MB = {:.1}x wall, {:.1}x user",
            wall[1] / wall[0],
            user[1] / user[0]
        );
    }
}

/// `check` of `text`, whatever it reports.
fn check_all(text: &str) -> usize {
    check(
        vec![Source {
            name: "bench.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        }],
        &Options::default(),
    )
    .diagnostics
    .len()
}

/// CPU seconds this process has spent so far in user and in system mode
/// (all threads), from `/proc/self/stat`; zero where there is none.
fn cpu_times() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name, which may hold spaces.
    let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, in clock ticks
    // (100 per second on Linux).
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => (user / 100.0, system / 100.0),
        _ => (0.0, 0.0),
    }
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

fn run(text: &str) -> usize {
    let report = check(
        vec![Source {
            name: "bench.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        }],
        &Options {
            stability: StabilityLevel::GenerallyAvailable,
            community_components: false,
            ..Options::default()
        },
    );
    // The token file is absent where the bench runs: an info at most.
    let findings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != alloy_lint::diagnostics::Severity::Info)
        .collect();
    assert!(findings.is_empty(), "{:?}", findings.first());
    report.diagnostics.len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-input") {
        let size = args
            .get(i + 2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(10 * 1024 * 1024);
        std::fs::write(&args[i + 1], generated_config(size)).expect("writing the input");
        return;
    }
    if args.iter().any(|a| a == "--linearity") {
        linearity();
        return;
    }
    // `cargo test --benches` runs this too; keep that quick.
    let quick = args.iter().any(|a| a == "--test");
    if quick {
        // Both shapes check without findings beyond the absent token files.
        check_all(&generated_auth_config(16 * 1024));
    }
    let big = generated_config(if quick { 64 * 1024 } else { 10 * 1024 * 1024 });
    let runs = if quick { 1 } else { 3 };
    let time = best_of(runs, || run(&big));
    println!(
        "{:.1} MB config: check {:.0} ms ({:.1} MB/s)",
        big.len() as f64 / 1e6,
        time.as_secs_f64() * 1e3,
        big.len() as f64 / 1e6 / time.as_secs_f64()
    );
    let small = generated_config(5 * 1024);
    let time = best_of(if quick { 1 } else { 200 }, || run(&small));
    println!(
        "{:.1} KB config: check {:.0} µs",
        small.len() as f64 / 1e3,
        time.as_secs_f64() * 1e6
    );
}
