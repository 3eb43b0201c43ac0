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
pub mod string_map;
pub mod trivia;

pub use error::{SyntaxError, SyntaxErrorKind, SyntaxErrors};
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
    prepare_or_refuse(src, false).map_err(Refusal::into_errors)
}

/// Why [`prepare`] refused an input.
enum Refusal {
    /// Refused before any parse (too large, nested too deep): no tree.
    Unparsed(SyntaxErrors),
    /// Refused by the replay of Alloy's parser, whose tree this is.
    Replayed(Box<diagnose::Recovery>),
}

impl Refusal {
    fn into_errors(self) -> SyntaxErrors {
        match self {
            Refusal::Unparsed(errors) => errors,
            Refusal::Replayed(recovery) => recovery.errors.expect("a refusal has errors"),
        }
    }
}

/// [`prepare`]; when the replay refuses the input, its tree is built if
/// `build`.
fn prepare_or_refuse(src: &[u8], build: bool) -> Result<Prepared<'_>, Refusal> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(Refusal::Unparsed(SyntaxErrors::new(vec![SyntaxError {
            offset: 0,
            line: 1,
            column: 1,
            message: format!("file too large: {} bytes (the limit is 4 GiB)", src.len()),
            help: None,
            kind: SyntaxErrorKind::Other,
        }])));
    }
    let lines = LineIndex::new(src);
    // NUL bytes, invalid UTF-8 and a byte order mark past the start are
    // scanner errors in Alloy; the grammar works on valid text only.
    let text = match std::str::from_utf8(src) {
        Ok(t) if !has_nul_or_late_bom(t) => t,
        _ => {
            let mut recovery = diagnose::replay_recovery(src, &lines, build);
            if recovery.errors.is_none() {
                recovery.errors = Some(diagnose::diagnose(src, &lines));
            }
            return Err(Refusal::Replayed(Box::new(recovery)));
        }
    };
    let trivia = trivia::scan(src);
    if let Some(at) = trivia.too_deep_at {
        return Err(Refusal::Unparsed(nesting_error(&lines, at)));
    }
    if largest_parse(text, &trivia) > MAX_UNCHECKED_PARSE {
        // pest's token queue takes tens of bytes per byte of what it parses
        // at once (80 for `1,1,1...`), however the parse ends. Input that
        // cannot be parsed in pieces of bounded size is first checked by
        // the replay, whose tree takes far less: invalid input never costs
        // more than a small multiple of its size.
        let recovery = diagnose::replay_recovery(src, &lines, build);
        if recovery.errors.is_some() {
            return Err(Refusal::Replayed(Box::new(recovery)));
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

/// A tree for any input, with its syntax errors.
#[derive(Debug)]
pub struct Recovered {
    /// The tree: for a valid file the one [`parse`] builds; for an invalid
    /// one the tree Alloy's recovery builds, with [`ast::Broken`] regions
    /// (`Stmt::Error`, `Expr::Error`) where text could not be read. Empty
    /// for an input refused before parsing (too large, not UTF-8, nested
    /// too deep).
    pub parsed: ParsedFile,
    /// The errors [`parse`] returns, in the same order; `None` for a valid
    /// file.
    pub errors: Option<SyntaxErrors>,
}

impl Recovered {
    /// Whether the file parsed without error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_none()
    }

    /// The syntax errors kept (see [`SyntaxErrors`]), none for a valid file.
    pub fn errors(&self) -> &[SyntaxError] {
        self.errors.as_ref().map_or(&[], |e| e.errors())
    }

    /// The tree when the file is valid, else the errors: what [`parse`]
    /// returns.
    pub fn into_result(self) -> Result<ParsedFile, SyntaxErrors> {
        match self.errors {
            None => Ok(self.parsed),
            Some(errors) => Err(errors),
        }
    }
}

/// Parses any input into a tree plus its syntax errors. A valid file takes
/// the path of [`parse`] (the grammar decides and builds); only a rejected
/// one is handed to the replay of Alloy's recovery
/// ([`diagnose::recover`]), whose errors are exactly those [`parse`]
/// returns.
pub fn parse_recovering(src: &[u8]) -> Recovered {
    let prepared = match prepare_or_refuse(src, true) {
        Ok(prepared) => prepared,
        Err(Refusal::Unparsed(errors)) => {
            return Recovered {
                parsed: ParsedFile {
                    file: ast::File::default(),
                    lines: LineIndex::new(src),
                    max_depth: 0,
                },
                errors: Some(errors),
            }
        }
        Err(Refusal::Replayed(recovery)) => {
            return recovered(src, LineIndex::new(src), *recovery);
        }
    };
    let text = prepared.text;
    match parse_tree(prepared) {
        Ok(parsed) => Recovered {
            parsed,
            errors: None,
        },
        Err((lines, pest_error)) => {
            let recovery = diagnose::recover_with_fallback(text.as_bytes(), &lines, &pest_error);
            recovered(src, lines, recovery)
        }
    }
}

/// The tree of a rejected input, dropped when it cannot be trusted: text
/// that is not UTF-8 (the tree would hold replacement characters), or
/// nesting past what other passes can walk.
fn recovered(src: &[u8], lines: LineIndex, recovery: diagnose::Recovery) -> Recovered {
    let usable = recovery.depth <= trivia::MAX_NESTING && std::str::from_utf8(src).is_ok();
    let (file, max_depth) = if usable {
        (recovery.file, recovery.depth)
    } else {
        (ast::File::default(), 0)
    };
    Recovered {
        parsed: ParsedFile {
            file,
            lines,
            max_depth,
        },
        errors: recovery.errors,
    }
}

/// Parses a prepared source.
pub fn parse_prepared(prepared: Prepared<'_>) -> Result<ParsedFile, SyntaxErrors> {
    let src = prepared.text.as_bytes();
    parse_tree(prepared)
        .map_err(|(lines, pest_error)| diagnose::diagnose_with_fallback(src, &lines, &pest_error))
}

/// The grammar's tree of a prepared source, or the line index and pest's
/// error.
fn parse_tree(
    prepared: Prepared<'_>,
) -> Result<ParsedFile, (LineIndex, Box<pest::error::Error<parser::Rule>>)> {
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
        Err(pest_error) => Err((prepared.lines, pest_error)),
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
        kind: SyntaxErrorKind::NestingTooDeep,
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

    /// The text of each top-level statement of the recovered tree, `!`
    /// before the unreadable ones.
    fn statements(src: &str) -> Vec<String> {
        let recovered = parse_recovering(src.as_bytes());
        recovered
            .parsed
            .file
            .body
            .iter()
            .map(|s| {
                let mark = if s.is_error() { "!" } else { "" };
                format!("{mark}{}", &src[s.span()])
            })
            .collect()
    }

    #[test]
    fn a_broken_statement_between_two_good_blocks_leaves_them_intact() {
        let good_a = "a \"x\" {\n  v = 1\n}\n";
        let broken = "b \"<X>\" {\n  z = 1\n}\n";
        let good_c = "c \"y\" {\n  w = [1, 2]\n}\n";
        let src = format!("{good_a}{broken}{good_c}");
        let recovered = parse_recovering(src.as_bytes());
        let body = &recovered.parsed.file.body;
        assert_eq!(body.len(), 3);
        let shift = (good_a.len() + broken.len()) as ast::Pos;
        // The good blocks are the grammar's trees of them, where they are.
        let [a] = &parse(good_a.as_bytes()).unwrap().file.body[..] else {
            panic!("one block")
        };
        assert_eq!(&body[0], a);
        let ast::Stmt::Block(c) = &body[2] else {
            panic!("a block")
        };
        assert_eq!((&*c.name, c.name_pos, c.rcurly), ("c", shift, shift + 21));
        assert_eq!(&src[c.span()], good_c.trim_end());
        assert_eq!(
            body[1],
            ast::Stmt::Error(ast::Broken { start: 18, end: 37 })
        );
        assert_eq!(&src[body[1].span()], broken.trim_end());
        // Exactly the errors `parse` reports.
        let errors = parse(src.as_bytes()).unwrap_err();
        assert_eq!(recovered.errors.as_ref(), Some(&errors));
        let lines = LineIndex::new(src.as_bytes());
        assert_eq!(errors, diagnose::diagnose(src.as_bytes(), &lines));
        assert_eq!(recovered.errors().len(), 1);
    }

    #[test]
    fn alloys_recovery_decides_what_is_unreadable() {
        // Text after a statement, up to the line end.
        assert_eq!(statements("a = 1 2 3\nb = 4\n"), ["a = 1", "!2 3", "b = 4"]);
        // A statement that does not start with a name: Alloy skips to the
        // next name, then to the end of that line.
        assert_eq!(
            statements("a = 1\n] x = 2\ny = 3\n"),
            ["a = 1", "!] x = 2", "y = 3"]
        );
        // An unclosed block runs to the end of the file.
        assert_eq!(
            statements("a = 1\nb {\n c = 2\n"),
            ["a = 1", "!b {\n c = 2"]
        );
        // A dotted attribute name.
        assert_eq!(statements("a.b = 1\nc = 2\n"), ["!a.b = 1", "c = 2"]);
    }

    #[test]
    fn an_unreadable_value_is_an_error_expression_in_a_sound_statement() {
        let src = "a = [1, <X>, 3]\nb = f(\"C:\\dir\")\nc = \n";
        let recovered = parse_recovering(src.as_bytes());
        let values: Vec<String> = recovered
            .parsed
            .file
            .body
            .iter()
            .map(|s| match s {
                ast::Stmt::Attribute(a) => match &a.value {
                    ast::Expr::Array(arr) => arr
                        .elements
                        .iter()
                        .map(|e| match e {
                            ast::Expr::Error(_) => format!("!{}", &src[e.span()]),
                            _ => src[e.span()].to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    ast::Expr::Call(call) => match &call.args[..] {
                        [arg @ ast::Expr::Error(_)] => format!("f(!{})", &src[arg.span()]),
                        _ => panic!("one unreadable argument"),
                    },
                    v @ ast::Expr::Error(b) => format!("!{:?}", (&src[v.span()], b.start)),
                    _ => panic!("unexpected value"),
                },
                _ => panic!("only attributes"),
            })
            .collect();
        // A bad escape makes its string unreadable; a value missing at the
        // end of the file is an empty region there.
        assert_eq!(values, ["1 !<X> 3", "f(!\"C:\\dir\")", "!(\"\", 37)"]);
        assert_eq!(recovered.errors().len(), 3);
    }

    #[test]
    fn a_block_with_an_unreadable_statement_is_incomplete() {
        let src = b"a {\n  x = 1\n  ] y = 2\n}\nb {\n  z = 3\n}\n";
        let recovered = parse_recovering(src);
        let complete: Vec<bool> = recovered
            .parsed
            .file
            .body
            .iter()
            .map(|s| match s {
                ast::Stmt::Block(b) => !b.is_incomplete(),
                _ => panic!("only blocks"),
            })
            .collect();
        assert_eq!(complete, [false, true]);
    }

    #[test]
    fn a_valid_file_takes_the_grammars_path() {
        let src = b"// c\na \"x\" {\n  v = [1, {k = \"s\"}] // t\n}\n";
        let recovered = parse_recovering(src);
        assert!(recovered.is_valid());
        assert!(recovered.errors().is_empty());
        assert_eq!(recovered.parsed.file, parse(src).unwrap().file);
    }

    #[test]
    fn input_refused_before_parsing_has_an_empty_tree_unless_it_is_text() {
        // Not UTF-8: no tree, the errors of `parse`.
        let src = b"a = 1\nb = \"\xff\"\n";
        let recovered = parse_recovering(src);
        assert!(recovered.parsed.file.body.is_empty());
        assert_eq!(recovered.errors, parse(src).err());
        // Too deep.
        let deep = format!("a = {}1{}\n", "[".repeat(1500), "]".repeat(1500));
        let recovered = parse_recovering(deep.as_bytes());
        assert!(recovered.parsed.file.body.is_empty());
        assert_eq!(recovered.errors, parse(deep.as_bytes()).err());
        // A NUL byte in text: the rest is read.
        let src = b"a = 1\nb = \"\0\"\nc = 3\n";
        let recovered = parse_recovering(src);
        let names: Vec<_> = recovered
            .parsed
            .file
            .body
            .iter()
            .map(|s| match s {
                ast::Stmt::Attribute(a) => (&*a.name.name, a.value.is_error()),
                _ => panic!("only attributes"),
            })
            .collect();
        assert_eq!(names, [("a", false), ("b", true), ("c", false)]);
        assert_eq!(recovered.errors, parse(src).err());
    }
}
