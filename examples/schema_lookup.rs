//! Times schema access in a fresh process, the way `check` pays for it:
//! `cargo run --release --example schema_lookup -- catalog|bundled`.
//! Run each mode in its own process; both cache what they parse.

use std::time::Instant;

use alloy_lint::schema::{Catalog, Schema};

/// Components a typical metrics + logs + traces pipeline uses.
const TYPICAL: [&str; 10] = [
    "prometheus.scrape",
    "prometheus.remote_write",
    "loki.write",
    "otelcol.exporter.otlp",
    "otelcol.receiver.otlp",
    "otelcol.processor.batch",
    "local.file",
    "discovery.relabel",
    "loki.source.file",
    "prometheus.relabel",
];

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "catalog".into());
    let start = Instant::now();
    let found = match mode.as_str() {
        "catalog" => TYPICAL
            .iter()
            .filter(|name| Catalog::component(name).is_some())
            .count(),
        "bundled" => {
            let schema = Schema::bundled();
            TYPICAL
                .iter()
                .filter(|name| schema.components.contains_key(**name))
                .count()
        }
        other => panic!("unknown mode `{other}`: catalog or bundled"),
    };
    let elapsed = start.elapsed();
    assert_eq!(found, TYPICAL.len());
    println!("{mode}: {found} components in {elapsed:?}");
}
