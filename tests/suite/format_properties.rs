//! Properties of the formatter on randomly re-laid-out inputs: the output is
//! a fixed point (formatting it again changes nothing) and keeps every token
//! and comment (commas and line ends aside).
//!
//! Inputs are the rule fixtures with their whitespace, line breaks and
//! comments re-drawn at random, only where Alloy allows them, so every
//! generated input is valid by construction.

use alloy_lint::format::invariants::{self, relayout};
use alloy_lint::format::{format_source, format_whole};
use proptest::prelude::*;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/format");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn formatting_is_idempotent_and_keeps_tokens(
        which in 0usize..64,
        choices in proptest::collection::vec(any::<u8>(), 0..400),
        crlf in any::<bool>(),
    ) {
        let files = fixtures();
        let src = &files[which % files.len()];
        let input = relayout(src, &choices, crlf);
        let once = format_source(input.as_bytes())
            .unwrap_or_else(|e| panic!("generated input rejected: {e}\n{input}"));
        if let Err(why) = invariants::check(input.as_bytes()) {
            panic!("{why}\n--- input\n{input}\n--- output\n{once}");
        }
    }
}

#[test]
fn every_fixture_relays_out_validly() {
    for src in fixtures() {
        let input = relayout(&src, &[], false);
        format_source(input.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{input}"));
    }
}

/// The invariants on every fixture, including the rejected ones (where the
/// grammar and the error replay must agree) and every input the fuzzer ever
/// crashed on (`fixtures/fuzz/`).
#[test]
fn invariants_hold_on_every_fixture() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    for dir in ["format", "errors", "fuzz"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let src = std::fs::read(&path).unwrap();
            if let Err(why) = invariants::check(&src) {
                panic!("{}: {why}", path.display());
            }
        }
    }
}

/// Large inputs are formatted piece by piece, in parallel; the result must
/// be the whole-file result, byte for byte.
#[test]
fn pieces_format_like_the_whole_file() {
    let files = fixtures();
    let mut big = String::new();
    let mut k = 0u8;
    while big.len() < 1_200_000 {
        for src in &files {
            let choices: Vec<u8> = (0..300u32)
                .map(|i| (i as u8).wrapping_mul(31).wrapping_add(k))
                .collect();
            big.push_str(&relayout(src, &choices, k % 5 == 0));
            if !big.ends_with('\n') {
                big.push('\n');
            }
            k = k.wrapping_add(7);
        }
    }
    let pieces = format_source(big.as_bytes()).expect("valid input");
    let whole = format_whole(big.as_bytes()).expect("valid input");
    assert!(
        pieces == whole,
        "piecewise formatting differs from whole-file formatting"
    );
}
