//! The formatter's invariants as one check, shared by the property tests
//! and the fuzz target: it never panics, its output is a fixed point, it
//! keeps every token and comment (commas and line ends aside), and the
//! grammar agrees with the error replay on what is valid and, for a valid
//! input, on its tree.

use super::format_source;
use crate::syntax::diagnose::recover;
use crate::syntax::literal::unquote;
use crate::syntax::scanner::{tokenize, Token};
use crate::syntax::LineIndex;

/// Code tokens and comments of a source, as formatting must keep them:
/// code without commas or line ends, strings by value (Alloy re-quotes
/// object keys), comments without carriage returns, and no empty block
/// label (Alloy drops it). Comments are listed apart because a comment may
/// slide past a token written without a position (see "Alloy's formatter"
/// in ARCHITECTURE.md).
pub fn essential_tokens(src: &[u8]) -> (Vec<(Token, String)>, Vec<String>) {
    let (tokens, _) = tokenize(src);
    let mut code = Vec::new();
    let mut comments = Vec::new();
    for (i, (_, tok, lit)) in tokens.iter().enumerate() {
        match tok {
            Token::Comma | Token::Terminator => {}
            Token::String => {
                let next_code = tokens[i + 1..].iter().find(|t| t.1 != Token::Comment);
                let empty_label = lit == "\"\"" && next_code.is_some_and(|t| t.1 == Token::LCurly);
                if !empty_label {
                    code.push((*tok, unquote(lit).unwrap_or_else(|| lit.clone())));
                }
            }
            Token::Comment => comments.push(lit.replace('\r', "")),
            _ => code.push((*tok, lit.clone())),
        }
    }
    (code, comments)
}

/// Tokens after which a line break does not end a statement.
fn continues_line(t: Token) -> bool {
    use Token::*;
    !matches!(
        t,
        Ident | Number | Float | String | Bool | Null | RParen | RBrack | RCurly | Illegal
    )
}

/// Re-lays out a valid source with `choices` deciding every gap between
/// tokens: spaces, tabs, line breaks and comments, only where Alloy allows
/// them, so the result is valid too. The generator of the property tests.
pub fn relayout(src: &[u8], choices: &[u8], crlf: bool) -> String {
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

/// Checks every invariant on one input; `Err` says which one failed.
pub fn check(input: &[u8]) -> Result<(), String> {
    let formatted = format_source(input);
    let recovery = recover(input, &LineIndex::new(input));
    let replay = recovery.errors.as_ref().map_or(&[][..], |e| e.errors());
    match &formatted {
        Ok(_) if !replay.is_empty() => {
            return Err(format!("grammar accepts what Alloy rejects: {}", replay[0]))
        }
        Err(e) if replay.is_empty() && !e.first().message.starts_with("nesting too deep") => {
            return Err(format!("grammar rejects what Alloy accepts: {}", e.first()))
        }
        _ => {}
    }
    let Ok(once) = formatted else {
        return Ok(());
    };
    let parsed = crate::syntax::parse(input).map_err(|e| format!("parse rejects: {e}"))?;
    if parsed.file != recovery.file {
        return Err("the replay of Alloy's parser builds another tree than the grammar".into());
    }
    let twice = format_source(once.as_bytes())
        .map_err(|e| format!("formatted output does not parse: {}", e.first()))?;
    if twice != once {
        return Err("formatting is not idempotent".into());
    }
    if essential_tokens(input) != essential_tokens(once.as_bytes()) {
        return Err("formatting changed the token sequence".into());
    }
    Ok(())
}
