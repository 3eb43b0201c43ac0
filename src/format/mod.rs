//! `alloy fmt`, byte for byte.
//!
//! [`walker`] walks the syntax tree and drives the [`printer`], a rebuild of
//! Alloy's printer state machine; its output goes through the elastic
//! tabstop writer ([`tabwriter`], Go `text/tabwriter` semantics) and the
//! [`trimmer`]. Where `alloy fmt` is not idempotent, [`format_source`]
//! repeats the pass until the output is stable: the fixed point that repeated
//! `alloy fmt` runs converge to.

pub mod printer;
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
    let parsed = syntax::parse(src)?;
    let mut out = print(&parsed, src.len());
    for _ in 1..MAX_PASSES {
        let Ok(again) = syntax::parse(out.as_bytes()) else {
            break;
        };
        let next = print(&again, out.len());
        if next == out {
            break;
        }
        out = next;
    }
    Ok(out)
}

/// One pass of Alloy's printer over a parsed file.
pub fn print(parsed: &ParsedFile, size_hint: usize) -> String {
    let mut p = printer::Printer::new(&parsed.lines, &parsed.file.comments, size_hint);
    syntax::stack::with_stack_for(parsed.max_depth, || {
        walker::Walker::new(&mut p).walk_stmts(&parsed.file.body)
    });
    p.finish();
    let mut text = tabwriter::align_and_trim(&p.output);
    text.push(b'\n');
    String::from_utf8(text).expect("the printer only writes UTF-8 text")
}
