//! Alloy syntax: the pest grammar (`grammar/alloy.pest`), the owned AST and
//! the positions and errors Alloy reports.

pub mod ast;
pub mod diagnose;
pub mod editor_position;
pub mod error;
pub mod literal;
pub mod parser;
pub mod position;
pub mod quote;
pub mod scanner;
pub mod stack;
pub mod trivia;

pub use error::{SyntaxError, SyntaxErrors};
pub use position::LineIndex;

/// Largest input accepted: offsets are stored in 32 bits.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

/// A parsed source: the tree plus the line index its offsets refer to.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The syntax tree.
    pub file: ast::File,
    /// Line starts of the source.
    pub lines: LineIndex,
    /// Deepest bracket nesting, for passes that recurse on it.
    pub max_depth: usize,
}

/// A source that passed the checks every parse needs: valid UTF-8 without
/// NUL or a late byte order mark, nesting within bounds; with its line index
/// and comments.
#[derive(Debug)]
pub struct Prepared<'a> {
    /// The source text.
    pub text: &'a str,
    /// Line starts.
    pub lines: LineIndex,
    /// Comments, nesting and top-level statement ends.
    pub trivia: trivia::Trivia,
}

/// Checks `src` and indexes it; the errors are Alloy's.
pub fn prepare(src: &[u8]) -> Result<Prepared<'_>, SyntaxErrors> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(SyntaxErrors::new(vec![SyntaxError {
            offset: 0,
            line: 1,
            column: 1,
            message: format!("file too large: {} bytes (the limit is 4 GiB)", src.len()),
            help: None,
        }]));
    }
    let lines = LineIndex::new(src);
    // NUL bytes, invalid UTF-8 and a byte order mark past the start are
    // scanner errors in Alloy; the grammar works on valid text only.
    let text = match std::str::from_utf8(src) {
        Ok(t) if !has_nul_or_late_bom(t) => t,
        _ => return Err(diagnose::diagnose(src, &lines)),
    };
    let trivia = trivia::scan(src);
    if let Some(at) = trivia.too_deep_at {
        return Err(nesting_error(&lines, at));
    }
    if largest_parse(text, &trivia) > MAX_UNCHECKED_PARSE {
        // pest's token queue takes tens of bytes per byte of what it parses
        // at once (80 for `1,1,1...`), however the parse ends. Input that
        // cannot be parsed in pieces of bounded size is first checked by
        // the replay, which builds nothing: invalid input never costs more
        // than a small multiple of its size.
        if let Some(errors) = diagnose::rejects(src, &lines) {
            return Err(errors);
        }
    }
    Ok(Prepared {
        text,
        lines,
        trivia,
    })
}

/// Parses Alloy source. On failure returns the errors Alloy reports, in
/// Alloy's order and at Alloy's positions.
pub fn parse(src: &[u8]) -> Result<ParsedFile, SyntaxErrors> {
    parse_prepared(prepare(src)?)
}

/// Parses a prepared source.
pub fn parse_prepared(prepared: Prepared<'_>) -> Result<ParsedFile, SyntaxErrors> {
    let src = prepared.text.as_bytes();
    let max_depth = prepared.trivia.max_depth;
    let text = prepared.text;
    let parsed = if text.len() >= PARALLEL_MIN_LEN && max_depth <= stack::SHALLOW {
        parse_pieces(text, &pieces(text, &prepared.trivia.top_level_ends))
    } else {
        stack::with_stack_for(max_depth, || parser::parse_statements(text, 0))
    };
    match parsed {
        Ok(body) => Ok(ParsedFile {
            file: ast::File {
                body,
                comments: prepared.trivia.comments,
            },
            lines: prepared.lines,
            max_depth,
        }),
        Err(pest_error) => Err(diagnose::diagnose_with_fallback(
            src,
            &prepared.lines,
            &pest_error,
        )),
    }
}

/// Parses one piece of a prepared source (see [`pieces`]): its top-level
/// statements, with file offsets.
pub fn parse_piece(
    prepared: &Prepared<'_>,
    piece: &Piece,
) -> Result<ast::Body, Box<pest::error::Error<parser::Rule>>> {
    parser::parse_statements(&prepared.text[piece.start..piece.end], piece.start)
}

/// Inputs at least this large are parsed in pieces, in parallel.
pub const PARALLEL_MIN_LEN: usize = 512 * 1024;

/// Smallest piece worth a task of its own.
const MIN_PIECE_LEN: usize = 128 * 1024;

/// Largest piece: bounds the memory of pest's token queue (about 27 bytes
/// per input byte) per thread, whatever the input size.
const MAX_PIECE_LEN: usize = 512 * 1024;

/// Most bytes given to pest at once without checking first that they
/// parse: a piece can pass [`MAX_PIECE_LEN`] by the statement it ends with.
const MAX_UNCHECKED_PARSE: usize = 2 * MAX_PIECE_LEN;

/// A run of whole top-level statements of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Offset of the piece's first byte.
    pub start: usize,
    /// Offset just past its last byte.
    pub end: usize,
    /// For every piece but the first: the offset of the `}` that ends the
    /// statement before the piece. That statement spans several lines and
    /// the piece starts on the line after it, so nothing aligns across the
    /// cut and the formatter can print each piece on its own.
    pub after_brace: Option<usize>,
}

/// Cuts `text` into pieces (about four per thread, within the limits
/// above) at line ends right after a multi-line top-level statement ending
/// in `}`. In an input the grammar accepts, every such place is a statement
/// boundary; if a piece is rejected, so is the file.
pub fn pieces(text: &str, top_level_ends: &[usize]) -> Vec<Piece> {
    let target = (text.len() / (4 * rayon::current_num_threads().max(1)))
        .clamp(MIN_PIECE_LEN, MAX_PIECE_LEN);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut after_brace = None;
    for &end in top_level_ends {
        if end - start < target {
            continue;
        }
        let mut i = end;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'\n' && text.len() - (i + 1) >= MIN_PIECE_LEN / 2 {
            out.push(Piece {
                start,
                end: i + 1,
                after_brace,
            });
            start = i + 1;
            after_brace = Some(end - 1);
        }
    }
    out.push(Piece {
        start,
        end: text.len(),
        after_brace,
    });
    out
}

/// Parses a large input as pieces of whole top-level statements, in
/// parallel: each piece's parse tree (pest's token queue takes about 27
/// bytes per input byte) lives only while that piece is being built, and
/// both cores work.
fn parse_pieces(
    text: &str,
    pieces: &[Piece],
) -> Result<ast::Body, Box<pest::error::Error<parser::Rule>>> {
    use rayon::prelude::*;
    let bodies: Vec<ast::Body> = pieces
        .par_iter()
        .map(|p| parser::parse_statements(&text[p.start..p.end], p.start))
        .collect::<Result<_, _>>()?;
    let mut body = Vec::with_capacity(bodies.iter().map(Vec::len).sum());
    for piece in bodies {
        body.extend(piece);
    }
    Ok(body)
}

/// The most bytes pest will parse at once: the largest piece, or the whole
/// text when it is not cut (small or deeply nested input).
fn largest_parse(text: &str, trivia: &trivia::Trivia) -> usize {
    if text.len() < PARALLEL_MIN_LEN || trivia.max_depth > stack::SHALLOW {
        return text.len();
    }
    pieces(text, &trivia.top_level_ends)
        .iter()
        .map(|p| p.end - p.start)
        .max()
        .unwrap_or(0)
}

fn has_nul_or_late_bom(text: &str) -> bool {
    text.as_bytes().contains(&0) || text.match_indices('\u{FEFF}').any(|(i, _)| i > 0)
}

fn nesting_error(lines: &LineIndex, at: usize) -> SyntaxErrors {
    let (line, column) = lines.line_col(at);
    SyntaxErrors::new(vec![SyntaxError {
        offset: at,
        line,
        column,
        message: trivia::too_deep_message(),
        help: Some("alloy-lint bounds nesting so that no input can exhaust its stack".into()),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_are_found_everywhere_in_source_order() {
        let src = "a = f(\"1\", [\"2\", 3], {k = \"4\"}) + (\"5\")[\"6\"].x || !\"7\"\n";
        let parsed = parse(src.as_bytes()).unwrap();
        let ast::Stmt::Attribute(a) = &parsed.file.body[0] else {
            panic!("an attribute")
        };
        let values: Vec<String> = a
            .value
            .string_literals()
            .iter()
            .filter_map(|e| e.string_value())
            .collect();
        assert_eq!(values, ["1", "2", "4", "5", "6", "7"]);
    }

    #[test]
    fn every_node_knows_its_span() {
        let src = "// c\nblk \"x\" {\n  a = f(1, [2]) // t\n}\n";
        let parsed = parse(src.as_bytes()).unwrap();
        let ast::Stmt::Block(b) = &parsed.file.body[0] else {
            panic!("a block")
        };
        assert_eq!(&src[b.span()], "blk \"x\" {\n  a = f(1, [2]) // t\n}");
        let ast::Stmt::Attribute(a) = &b.body[0] else {
            panic!("an attribute")
        };
        assert_eq!(&src[a.span()], "a = f(1, [2])");
        assert_eq!(&src[a.value.span()], "f(1, [2])");
        let texts: Vec<_> = parsed
            .file
            .comments
            .iter()
            .map(|c| &src[c.span()])
            .collect();
        assert_eq!(texts, ["// c", "// t"]);
    }

    #[test]
    fn a_statement_too_large_for_pieces_is_checked_before_pest_parses_it() {
        let mut src = b"a = [".to_vec();
        for _ in 0..MAX_UNCHECKED_PARSE {
            src.extend(b"1,");
        }
        let valid = [src.as_slice(), b"]\n"].concat();
        assert!(prepare(&valid).is_ok());
        // Unterminated: rejected by `prepare` itself, with Alloy's error.
        let invalid = [src.as_slice(), b"\n"].concat();
        let errors = prepare(&invalid).expect_err("the replay rejects it");
        assert_eq!(errors.first().message, "expected ], got EOF");
    }
}
