//! Properties of the formatter on randomly re-laid-out inputs: the output is
//! a fixed point (formatting it again changes nothing) and keeps every token
//! and comment (commas and line ends aside).
//!
//! Inputs are the rule fixtures with their whitespace, line breaks and
//! comments re-drawn at random, only where Alloy allows them, so every
//! generated input is valid by construction.

use alloy_lint::format::format_source;
use alloy_lint::syntax::literal::unquote;
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

/// The tokens that formatting must keep, code and comments apart (a comment
/// may slide past a token written without a position, FORMAT-NOTES (e) 6):
/// no commas or line ends; strings by value (Alloy re-quotes object keys);
/// comments without carriage returns; an empty block label is dropped by
/// Alloy and does not count.
fn essential_tokens(src: &[u8]) -> (Vec<(Token, String)>, Vec<String>) {
    let (tokens, _) = tokenize(src);
    let mut out = Vec::new();
    let mut comments = Vec::new();
    for (i, (_, tok, lit)) in tokens.iter().enumerate() {
        match tok {
            Token::Comma | Token::Terminator => {}
            Token::String => {
                let next_code = tokens[i + 1..].iter().find(|t| t.1 != Token::Comment);
                let empty_label = lit == "\"\"" && next_code.is_some_and(|t| t.1 == Token::LCurly);
                if !empty_label {
                    out.push((*tok, unquote(lit).unwrap_or_else(|| lit.clone())));
                }
            }
            Token::Comment => comments.push(lit.replace('\r', "")),
            _ => out.push((*tok, lit.clone())),
        }
    }
    (out, comments)
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
        let twice = format_source(once.as_bytes())
            .unwrap_or_else(|e| panic!("output does not parse: {e}\n--- input\n{input}\n--- output\n{once}"));
        prop_assert_eq!(&twice, &once, "not idempotent for input:\n{}", input);
        prop_assert_eq!(essential_tokens(input.as_bytes()), essential_tokens(once.as_bytes()));
    }
}

#[test]
fn every_fixture_relays_out_validly() {
    for src in fixtures() {
        let input = relayout(&src, &[], false);
        format_source(input.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{input}"));
    }
}
