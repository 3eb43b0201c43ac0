//! `alloy fmt`, byte for byte.
//!
//! [`walker`] walks the syntax tree and drives the [`printer`], a rebuild of
//! Alloy's printer state machine; its output goes through the elastic
//! tabstop writer ([`tabwriter`], Go `text/tabwriter` semantics) and the
//! [`trimmer`]. Where `alloy fmt` is not idempotent, [`format_source`]
//! repeats the pass until the output is stable: the fixed point that repeated
//! `alloy fmt` runs converge to.

pub mod invariants;
pub mod printer;
pub mod remap;
pub mod tabwriter;
pub mod trimmer;
pub mod walker;

use crate::syntax::{self, ParsedFile, SyntaxErrors};

/// Most passes ever needed to reach the fixed point; Alloy's own formatter
/// converges within three on every layout we know of.
const MAX_PASSES: usize = 8;

/// Formats Alloy source exactly as `alloy fmt` prints it (including the final
/// newline), or returns the syntax errors that make Alloy reject it.
pub fn format_source(src: &[u8]) -> Result<String, SyntaxErrors> {
    let mut parsed = syntax::parse(src)?;
    let mut pass = print_pass(&parsed, src.len());
    // An input that is already formatted is its own fixed point.
    if pass.text.as_bytes() == src {
        return Ok(pass.text);
    }
    for _ in 1..MAX_PASSES {
        remap::move_to_output(&mut parsed, &pass.raw, &pass.moved, &pass.comment_offsets);
        // Only the text is compared from here on.
        pass.raw = Vec::new();
        pass.moved = Vec::new();
        let next = print_pass(&parsed, pass.text.len());
        if next.text == pass.text {
            break;
        }
        pass = next;
    }
    Ok(pass.text)
}

/// One pass of Alloy's printer over a parsed file: the formatted text.
pub fn print(parsed: &ParsedFile, size_hint: usize) -> String {
    print_pass(parsed, size_hint).text
}

/// What one printer pass produced.
struct Pass {
    /// The formatted text.
    text: String,
    /// The printer's raw output (before alignment), whose coordinates the
    /// next pass works in.
    raw: Vec<u8>,
    /// Token positions paired with their offsets in `raw`.
    moved: Vec<(crate::syntax::ast::Pos, crate::syntax::ast::Pos)>,
    /// Comment offsets in `raw`.
    comment_offsets: Vec<crate::syntax::ast::Pos>,
}

fn print_pass(parsed: &ParsedFile, size_hint: usize) -> Pass {
    let mut p = printer::Printer::new(&parsed.lines, &parsed.file.comments, size_hint);
    let moved = syntax::stack::with_stack_for(parsed.max_depth, || {
        let mut w = walker::Walker::new(&mut p);
        w.walk_stmts(&parsed.file.body);
        w.moved
    });
    p.finish();
    let mut text = tabwriter::align_and_trim(&p.output);
    text.push(b'\n');
    Pass {
        text: String::from_utf8(text).expect("the printer only writes UTF-8 text"),
        raw: std::mem::take(&mut p.output),
        moved,
        comment_offsets: std::mem::take(&mut p.comment_offsets),
    }
}
