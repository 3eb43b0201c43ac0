//! Properties of the formatter on randomly re-laid-out inputs: the output is
//! a fixed point (formatting it again changes nothing) and keeps every token
//! and comment (commas and line ends aside).
//!
//! Inputs are the rule fixtures with their whitespace, line breaks and
//! comments re-drawn at random, only where Alloy allows them, so every
//! generated input is valid by construction.

use alloy_lint::format::invariants::{self, relayout};
use alloy_lint::format::{format_source, format_whole};
use alloy_lint::syntax::{self, diagnose, LineIndex};
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

    /// The replay of Alloy's parser, run directly on the tokens of a valid
    /// input, builds the grammar's tree: same nodes, same offsets, same
    /// comments, and no error.
    #[test]
    fn recovering_parser_builds_the_grammars_tree(
        which in 0usize..64,
        choices in proptest::collection::vec(any::<u8>(), 0..400),
        crlf in any::<bool>(),
    ) {
        let files = fixtures();
        let input = relayout(&files[which % files.len()], &choices, crlf);
        assert_same_tree(input.as_bytes());
    }

    /// A valid input with bytes cut out or pasted in: the recovered tree
    /// comes with exactly the errors `parse` reports, and every node lies
    /// inside the source.
    #[test]
    fn a_damaged_input_gets_a_tree_and_parses_errors(
        which in 0usize..64,
        cuts in proptest::collection::vec((any::<u16>(), 0usize..6, 0usize..12), 1..4),
    ) {
        const PASTE: &[&str] = &["", "{", "}", "]", "(", ",", "=", "\"\n", "<X>", "...", "a.", ":"];
        let files = fixtures();
        let mut src = files[which % files.len()].clone();
        for (at, len, paste) in cuts {
            let at = at as usize % (src.len() + 1);
            let end = (at + len).min(src.len());
            src.splice(at..end, PASTE[paste].bytes());
        }
        assert_recovered(&src);
    }
}

fn assert_same_tree(src: &[u8]) {
    let parsed = syntax::parse(src).expect("a valid input");
    let recovery = diagnose::recover(src, &LineIndex::new(src));
    assert!(recovery.errors.is_none(), "{:?}", recovery.errors);
    assert_eq!(
        recovery.file,
        parsed.file,
        "{}",
        String::from_utf8_lossy(src)
    );
}

/// `parse_recovering` gives `parse`'s errors, and a tree whose every node
/// lies inside the source on character boundaries, with error regions only
/// when there are errors.
fn assert_recovered(src: &[u8]) {
    use alloy_lint::syntax::ast::{Expr, Stmt};
    let recovered = syntax::parse_recovering(src);
    let parsed = syntax::parse(src);
    assert_eq!(recovered.errors, parsed.as_ref().err().cloned());
    if let Ok(parsed) = &parsed {
        assert_eq!(recovered.parsed.file, parsed.file);
    }
    let text = String::from_utf8_lossy(src);
    let mut spans = Vec::new();
    let mut stmts: Vec<&Stmt> = recovered.parsed.file.body.iter().collect();
    let mut exprs: Vec<&Expr> = Vec::new();
    let mut broken = 0;
    while let Some(stmt) = stmts.pop() {
        spans.push(stmt.span());
        match stmt {
            Stmt::Attribute(a) => exprs.push(&a.value),
            Stmt::Block(b) => stmts.extend(&b.body),
            Stmt::Error(_) => broken += 1,
        }
        while let Some(e) = exprs.pop() {
            spans.push(e.span());
            if e.is_error() {
                broken += 1;
            }
            e.push_children(&mut exprs);
        }
    }
    for span in spans {
        assert!(
            span.start <= span.end && text.get(span.clone()).is_some(),
            "{span:?} is not a range of the source\n{text}"
        );
    }
    if recovered.is_valid() {
        assert_eq!(broken, 0);
    }
}

/// The same on every fixture, valid or not.
#[test]
fn every_fixture_gets_a_tree_and_parses_errors() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    for dir in ["errors", "fuzz", "format"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries {
            assert_recovered(&std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
}

/// The same on every fixture that parses, whatever its folder.
#[test]
fn recovering_parser_builds_the_grammars_tree_on_every_valid_fixture() {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures"
    ))];
    let mut valid = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "alloy") {
                let src = std::fs::read(&path).unwrap();
                if syntax::parse(&src).is_ok() {
                    assert_same_tree(&src);
                    valid += 1;
                }
            }
        }
    }
    assert!(valid > 100, "only {valid} valid fixtures found");
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
