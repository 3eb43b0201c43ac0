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

use crate::syntax::ast::Pos;
use crate::syntax::{self, LineIndex, SyntaxErrors};

/// Most passes ever needed to reach the fixed point; Alloy's own formatter
/// converges within three on every layout we know of.
const MAX_PASSES: usize = 8;

/// Formats Alloy source exactly as `alloy fmt` prints it (including the final
/// newline), or returns the syntax errors that make Alloy reject it.
pub fn format_source(src: &[u8]) -> Result<String, SyntaxErrors> {
    let prepared = syntax::prepare(src)?;
    if prepared.text.len() >= syntax::PARALLEL_MIN_LEN
        && prepared.trivia.max_depth <= syntax::stack::SHALLOW
    {
        let pieces = syntax::pieces(prepared.text, &prepared.trivia.top_level_ends);
        if pieces.len() > 1 {
            return format_in_pieces(&prepared, &pieces);
        }
    }
    let parsed = syntax::parse_prepared(prepared)?;
    let depth = parsed.max_depth;
    Ok(fixed_point(
        parsed.file,
        &parsed.lines,
        Layout {
            after_brace: None,
            final_newline: true,
            depth,
        },
        src,
    ))
}

/// [`format_source`] without cutting large inputs into pieces: the reference
/// that piecewise formatting is tested against.
#[doc(hidden)]
pub fn format_whole(src: &[u8]) -> Result<String, SyntaxErrors> {
    let parsed = syntax::parse(src)?;
    let depth = parsed.max_depth;
    let layout = Layout {
        after_brace: None,
        final_newline: true,
        depth,
    };
    Ok(fixed_point(parsed.file, &parsed.lines, layout, src))
}

/// Large inputs are parsed and printed piece by piece, in parallel: a piece
/// starts right after a multi-line top-level statement, where the printer's
/// state is known (see [`syntax::Piece`]), so printing it alone gives the
/// same bytes as printing the whole file, and only the pieces in flight are
/// in memory as trees.
fn format_in_pieces(
    prepared: &syntax::Prepared<'_>,
    pieces: &[syntax::Piece],
) -> Result<String, SyntaxErrors> {
    use rayon::prelude::*;
    let comments = &prepared.trivia.comments;
    let texts: Result<Vec<String>, Box<pest::error::Error<syntax::parser::Rule>>> = pieces
        .par_iter()
        .enumerate()
        .map(|(k, piece)| {
            let body = syntax::parse_piece(prepared, piece)?;
            let from = comments.partition_point(|c| (c.start as usize) < piece.start);
            let to = comments.partition_point(|c| (c.start as usize) < piece.end);
            let file = crate::syntax::ast::File {
                body,
                comments: comments[from..to].to_vec(),
            };
            let layout = Layout {
                after_brace: piece.after_brace.map(|b| b as Pos),
                final_newline: k + 1 == pieces.len(),
                depth: 0,
            };
            let src = &prepared.text.as_bytes()[piece.start..piece.end];
            Ok(fixed_point(file, &prepared.lines, layout, src))
        })
        .collect();
    match texts {
        Ok(texts) => Ok(texts.concat()),
        Err(pest_error) => Err(crate::syntax::diagnose::diagnose_with_fallback(
            prepared.text.as_bytes(),
            &prepared.lines,
            &pest_error,
        )),
    }
}

/// Where a printed tree sits in its file.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// The `}` ending the multi-line statement before the tree, if the tree
    /// is a piece of a file.
    after_brace: Option<Pos>,
    /// Whether the output ends the file (`alloy fmt` adds a final newline).
    final_newline: bool,
    /// Bracket nesting, for the stack the walk needs.
    depth: usize,
}

/// Prints until the output is stable. `src` is the tree's source text, for
/// the common case of an input that is already formatted.
fn fixed_point(
    mut file: crate::syntax::ast::File,
    lines: &LineIndex,
    layout: Layout,
    src: &[u8],
) -> String {
    let mut pass = print_pass(&file, lines, layout);
    if is_unchanged(&pass.text, src, layout)
        || (!pass.reshaped
            && remap::layout_is_stable(
                &file,
                lines,
                &pass.moved,
                &pass.comment_offsets,
                &pass.raw,
                layout.after_brace,
            ))
    {
        return pass.text;
    }
    // Later passes work in the coordinates of the previous output; a piece
    // keeps one virtual byte before it for the `}` it follows.
    let shift: Pos = layout.after_brace.map_or(0, |_| 1);
    let layout = Layout {
        after_brace: layout.after_brace.map(|_| 0),
        ..layout
    };
    for _ in 1..MAX_PASSES {
        remap::move_tree(&mut file, &pass.moved, &pass.comment_offsets, shift);
        let lines = LineIndex::of_printer_output_shifted(&pass.raw, shift as usize);
        // Only the text is compared from here on.
        pass.raw = Vec::new();
        pass.moved = Vec::new();
        let next = print_pass(&file, &lines, layout);
        if next.text == pass.text {
            break;
        }
        pass = next;
    }
    pass.text
}

/// Whether `text`, printed from `src`, is `src` unchanged. A piece that
/// follows a `}` prints the end of that `}`'s line first; a piece that does
/// not end the file has no final newline.
fn is_unchanged(text: &str, src: &[u8], layout: Layout) -> bool {
    let mut text = text.as_bytes();
    if layout.after_brace.is_some() {
        match text.strip_prefix(b"\n") {
            Some(rest) => text = rest,
            None => return false,
        }
    }
    let src = if layout.final_newline {
        src
    } else {
        src.strip_suffix(b"\n").unwrap_or(src)
    };
    text == src
}

/// What one printer pass produced.
struct Pass {
    /// The formatted text.
    text: String,
    /// The printer's raw output (before alignment), whose coordinates the
    /// next pass works in.
    raw: Vec<u8>,
    /// Token positions paired with their offsets in `raw`.
    moved: Vec<(Pos, Pos)>,
    /// Comment offsets in `raw`.
    comment_offsets: Vec<Pos>,
    /// Whether a token was printed reshaped (see [`walker::Walker`]) or a
    /// comment placed by an estimated position: then only a second pass
    /// tells whether the output is stable.
    reshaped: bool,
}

fn print_pass(file: &crate::syntax::ast::File, lines: &LineIndex, layout: Layout) -> Pass {
    let size_hint = lines.line_start(lines.len()) + 64;
    let mut p = printer::Printer::new(lines, &file.comments, size_hint);
    if let Some(brace) = layout.after_brace {
        p.continue_after_brace(brace);
    }
    let (moved, mut reshaped) = syntax::stack::with_stack_for(layout.depth, || {
        let mut w = walker::Walker::new(&mut p);
        w.walk_stmts_after(&file.body, layout.after_brace);
        (w.moved, w.reshaped)
    });
    p.finish();
    reshaped |= p.comment_at_estimate;
    let mut text = tabwriter::align_and_trim(&p.output);
    if layout.final_newline {
        text.push(b'\n');
    }
    Pass {
        text: String::from_utf8(text).expect("the printer only writes UTF-8 text"),
        raw: std::mem::take(&mut p.output),
        moved,
        comment_offsets: std::mem::take(&mut p.comment_offsets),
        reshaped,
    }
}
