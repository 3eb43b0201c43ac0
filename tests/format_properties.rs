//! Properties of the formatter on randomly re-laid-out inputs: the output is
//! a fixed point (formatting it again changes nothing) and keeps every token
//! and comment (commas and line ends aside).
//!
//! Inputs are the rule fixtures with their whitespace, line breaks and
//! comments re-drawn at random, only where Alloy allows them, so every
//! generated input is valid by construction.

use alloy_lint::format::{format_source, invariants};
use alloy_lint::syntax::scanner::{tokenize, Token};
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

/// Tokens after which a line break does not end a statement.
fn continues_line(t: Token) -> bool {
    use Token::*;
    !matches!(
        t,
        Ident | Number | Float | String | Bool | Null | RParen | RBrack | RCurly | Illegal
    )
}

/// Re-lays out `src` using `choices` for every gap between tokens.
fn relayout(src: &[u8], choices: &[u8], crlf: bool) -> String {
    let (mut tokens, errors) = tokenize(src);
    assert!(errors.is_empty());
    // Operators come back without text; give them theirs.
    for (_, tok, lit) in tokens.iter_mut() {
        if lit.is_empty() && *tok != Token::Terminator {
            *lit = tok.as_str().to_string();
        }
    }
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    let mut k = 0;
    let mut next_choice = || {
        let c = choices.get(k).copied().unwrap_or(0);
        k += 1;
        c
    };
    let mut last_code = Token::Terminator;
    for (i, (pos, tok, lit)) in tokens.iter().enumerate() {
        if i > 0 {
            let (prev_pos, prev_tok, prev_lit) = &tokens[i - 1];
            let abutted = prev_pos + prev_lit.len() == *pos && *prev_tok != Token::Terminator;
            let gap: &str = if *prev_tok == Token::Terminator {
                match next_choice() % 4 {
                    0 => "",
                    1 => "\t",
                    2 => "  ",
                    _ => "\n",
                }
            } else if continues_line(last_code) && *tok != Token::Terminator {
                match next_choice() % 8 {
                    0 if abutted => "",
                    0 | 1 => " ",
                    2 => "\t",
                    3 => "\n",
                    4 => "\n\n",
                    5 => " /* c */ ",
                    6 => "\n// c\n",
                    _ => "   ",
                }
            } else {
                match next_choice() % 4 {
                    0 if abutted => "",
                    0 | 1 => " ",
                    2 => "\t",
                    _ if *tok == Token::Terminator || *tok == Token::Comment => " ",
                    _ => " /* c */ ",
                }
            };
            out.push_str(&gap.replace('\n', nl));
        }
        match tok {
            Token::Terminator => {
                out.push_str(nl);
            }
            Token::Comment => {
                out.push_str(lit);
                if lit.starts_with("//") {
                    out.push_str(nl);
                }
            }
            _ => {
                out.push_str(lit);
                last_code = *tok;
            }
        }
        if *tok == Token::Terminator {
            last_code = Token::Terminator;
        }
    }
    out
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
