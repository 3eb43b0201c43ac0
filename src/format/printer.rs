//! The token printer: Alloy's printer state machine, rebuilt in Rust.
//!
//! The walker ([`super::walker`]) sends tokens, source positions and
//! whitespace directives; the printer buffers whitespace, injects comments
//! where they fall in source order, and emits text for the elastic-tabstop
//! writer ([`super::tabwriter`]). Being byte-identical with `alloy fmt`
//! depends on reproducing its bookkeeping exactly, including the "AST-space"
//! position that is only estimated for tokens written without a position
//! (`=`, `,`, parentheses of calls): that is why a comment next to such a
//! token slides to the next positioned one.

use crate::syntax::ast::{Comment, Pos};
use crate::syntax::LineIndex;

/// Escape byte of the tab writer: text between two of them is opaque.
pub const ESCAPE: u8 = 0xFF;

/// Alloy never emits more than one blank line.
const MAX_NEWLINES: i64 = 2;

/// A line/column position in "AST space" (source coordinates, estimated
/// between positioned tokens). Line 0 means "no position".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Byte offset.
    pub offset: i64,
    /// 1-based line; 0 when invalid.
    pub line: i64,
    /// 1-based column.
    pub column: i64,
}

impl Position {
    fn valid(&self) -> bool {
        self.line > 0
    }

    /// Past the end of any file: used for the final flush of comments.
    const END: Position = Position {
        offset: i64::MAX / 4,
        line: i64::MAX / 4,
        column: i64::MAX / 4,
    };
}

/// A whitespace directive from the walker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ws {
    /// Dropped.
    Ignore,
    /// One space.
    Blank,
    /// A soft tab: a tab-writer cell boundary that aligns `=`.
    VTab,
    /// A line break that keeps the current alignment run.
    Newline,
    /// A line break that ends every alignment run.
    Formfeed,
    /// Indent following lines one more level.
    Indent,
    /// Indent following lines one level less.
    Unindent,
}

impl Ws {
    fn byte(self) -> u8 {
        match self {
            Ws::Blank => b' ',
            Ws::VTab => 0x0B,
            Ws::Newline => b'\n',
            Ws::Formfeed => 0x0C,
            Ws::Ignore | Ws::Indent | Ws::Unindent => unreachable!("not a printable directive"),
        }
    }
}

/// The kind of the last token written, as far as the printer cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Whitespace was written last.
    Whitespace,
    /// An integer literal (a following `.` needs a space: `1 .x`).
    Number,
    /// `/` (a following `*` needs a space).
    Div,
    /// End of file (final flush).
    Eof,
    /// Anything else.
    Other,
}

/// How the printer writes a piece of text.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    /// Text interpreted by the tab writer (tabs and newlines in it count).
    Plain(&'a str, TokenKind),
    /// Text passed through the tab writer untouched.
    Opaque(&'a str, TokenKind),
}

/// One argument of [`Printer::write`].
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// A whitespace directive.
    Ws(Ws),
    /// Sets the AST-space position to this source offset.
    Pos(Pos),
    /// Text of a token.
    Text(Text<'a>),
}

/// Alloy's printer state.
pub struct Printer<'a> {
    lines: &'a LineIndex,
    comments: &'a [Comment],
    next_comment: usize,
    /// Raw printer output, to be run through the tab writer.
    pub output: Vec<u8>,
    indent: usize,
    last_tok: TokenKind,
    whitespace: Vec<Ws>,
    pos: Position,
    last: Position,
    out: Position,
    /// Offset in `output` where the last text written begins.
    pub last_text_offset: usize,
    /// The line of the last position looked up, where the next lookup
    /// starts.
    line_hint: std::cell::Cell<usize>,
    /// Whether the AST-space position was set from a token's real position
    /// (rather than estimated from the text written since).
    pos_is_exact: bool,
    /// Whether a comment was placed by comparing it with an estimated
    /// position: such placements change once the output is formatted again.
    pub comment_at_estimate: bool,
    /// Whether the last thing written was a `//` comment.
    last_was_line_comment: bool,
    /// Whether anything was printed before (in this piece or, for a piece of
    /// a file, before it).
    started: bool,
    /// Whether the last token written ends a statement at a line break
    /// (an identifier, a literal, `)`, `]`, `}`).
    last_ends_statement: bool,
    /// Offset in `output` of each comment, in comment order.
    pub comment_offsets: Vec<Pos>,
}

/// Whether a token's text ends a statement when a line break follows it.
fn ends_statement(text: &str) -> bool {
    match text.as_bytes().last() {
        Some(b')' | b']' | b'}' | b'"' | b'`') => true,
        // `1.` is a float; `.` alone is the access operator.
        Some(b'.') => text.len() > 1,
        Some(&c) => c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80,
        None => false,
    }
}

/// Alloy's whitespace buffer has a fixed capacity and flushes when full.
const WHITESPACE_CAPACITY: usize = 16;

impl<'a> Printer<'a> {
    /// A printer for a file with these line starts and comments.
    pub fn new(lines: &'a LineIndex, comments: &'a [Comment], size_hint: usize) -> Self {
        Printer {
            lines,
            comments,
            next_comment: 0,
            output: Vec::with_capacity(size_hint + size_hint / 4 + 16),
            indent: 0,
            last_tok: TokenKind::Whitespace,
            whitespace: Vec::with_capacity(WHITESPACE_CAPACITY),
            pos: Position {
                offset: 0,
                line: 1,
                column: 1,
            },
            last: Position::default(),
            out: Position {
                offset: 0,
                line: 1,
                column: 1,
            },
            last_text_offset: 0,
            last_ends_statement: false,
            started: false,
            last_was_line_comment: false,
            pos_is_exact: false,
            comment_at_estimate: false,
            line_hint: std::cell::Cell::new(1),
            comment_offsets: Vec::with_capacity(comments.len()),
        }
    }

    /// Puts the printer in the state it has right after printing the `}`
    /// at `brace` that ends a multi-line top-level statement, so that the
    /// statements after it print as they would in the whole file.
    pub fn continue_after_brace(&mut self, brace: Pos) {
        let after = self.position(brace as i64 + 1);
        self.pos = after;
        self.last = after;
        self.out = Position {
            offset: 0,
            line: 1,
            column: 2,
        };
        self.last_tok = TokenKind::Other;
        self.last_ends_statement = true;
        self.started = true;
        // A statement spanning lines is followed by a form feed.
        self.whitespace.push(Ws::Formfeed);
    }

    /// Source position of a byte offset.
    pub fn position(&self, offset: i64) -> Position {
        let off = offset.max(0) as usize;
        let line = self.lines.line_near(off, self.line_hint.get());
        self.line_hint.set(line);
        Position {
            offset,
            line: line as i64,
            column: (off - self.lines.line_start(line) + 1) as i64,
        }
    }

    /// 1-based source line of an offset.
    pub fn line(&self, offset: Pos) -> i64 {
        let line = self.lines.line_near(offset as usize, self.line_hint.get());
        self.line_hint.set(line);
        line as i64
    }

    /// Writes each argument in turn.
    pub fn write(&mut self, args: &[Arg<'_>]) {
        for arg in args {
            let (data, opaque) = match *arg {
                Arg::Ws(Ws::Ignore) => continue,
                Arg::Ws(ws) => {
                    if self.whitespace.len() == WHITESPACE_CAPACITY {
                        self.write_whitespace(WHITESPACE_CAPACITY);
                    }
                    self.whitespace.push(ws);
                    self.last_tok = TokenKind::Whitespace;
                    continue;
                }
                Arg::Pos(p) => {
                    self.pos = self.position(p as i64);
                    self.pos_is_exact = true;
                    continue;
                }
                Arg::Text(Text::Plain(s, kind)) => {
                    self.prepare_token(s, kind);
                    (s, false)
                }
                Arg::Text(Text::Opaque(s, kind)) => {
                    self.prepare_token(s, kind);
                    (s, true)
                }
            };
            let next = self.pos;
            self.flush(next, self.last_tok);
            self.write_string(next, data, opaque);
            self.pos_is_exact = false;
            self.last_ends_statement = ends_statement(data);
            self.last_was_line_comment = false;
        }
    }

    fn prepare_token(&mut self, s: &str, kind: TokenKind) {
        // Two tokens that would scan as one get a space between them.
        let first = s.as_bytes().first().copied().unwrap_or(0);
        let combine = matches!(
            (self.last_tok, first),
            (TokenKind::Number, b'.') | (TokenKind::Div, b'*')
        );
        if combine {
            debug_assert!(self.whitespace.is_empty());
            self.whitespace.clear();
            self.whitespace.push(Ws::Blank);
        }
        self.last_tok = kind;
    }

    /// Writes the comments left at the end of the file.
    pub fn finish(&mut self) {
        self.flush(Position::END, TokenKind::Eof);
    }

    fn comment_before(&self, next: Position) -> bool {
        self.comments
            .get(self.next_comment)
            .is_some_and(|c| c.start as i64 <= next.offset)
    }

    fn flush(&mut self, next: Position, tok: TokenKind) {
        if self.comment_before(next) && (tok == TokenKind::Eof || !self.comments_would_break(next))
        {
            self.inject_comments(next, tok);
        } else if tok != TokenKind::Eof {
            self.write_whitespace(self.whitespace.len());
        }
    }

    /// Whether writing the pending comments before `next` would put a line
    /// break between a token that ends a statement and the token that
    /// continues it. Alloy does that when a comment slid past a token written
    /// without a position (`)` of a call, `.name`, a block name spanning
    /// lines), and the result no longer parses; such comments wait for the
    /// next place where a line break is allowed instead.
    fn comments_would_break(&self, next: Position) -> bool {
        if !self.last_ends_statement
            || self
                .whitespace
                .iter()
                .any(|ws| matches!(ws, Ws::Newline | Ws::Formfeed))
        {
            return false;
        }
        let mut line = self.last.line;
        let mut i = self.next_comment;
        while let Some(c) = self
            .comments
            .get(i)
            .filter(|c| c.start as i64 <= next.offset)
        {
            let start = self.position(c.start as i64);
            if start.line != line || !c.is_block() || c.text.contains('\n') {
                return true;
            }
            line = start.line;
            i += 1;
        }
        next.line != line
    }

    fn inject_comments(&mut self, next: Position, tok: TokenKind) {
        self.comment_at_estimate |= !self.pos_is_exact && tok != TokenKind::Eof;
        let mut last_comment = None;
        while self.comment_before(next) {
            let c = &self.comments[self.next_comment];
            self.write_comment_prefix(next, c);
            let cpos = self.position(c.start as i64);
            self.write_string(cpos, &c.text, true);
            self.last_was_line_comment = !c.is_block();
            self.comment_offsets.push(self.last_text_offset as Pos);
            last_comment = Some(c);
            self.next_comment += 1;
        }
        if let Some(c) = last_comment {
            self.write_comment_suffix(next, tok, c);
        }
    }

    fn write_comment_prefix(&mut self, next: Position, c: &Comment) {
        if self.output.is_empty() && !self.started {
            // The comment is the first thing written: no whitespace before it.
            return;
        }
        let cpos = self.position(c.start as i64);
        // Alloy counts form feeds inside a comment as line breaks, so after a
        // `//` comment holding one it can believe the next comment is on the
        // same line and append it there, inside the line comment.
        let after_line_comment = self.last_was_line_comment && cpos.line <= self.last.line;
        if cpos.line == self.last.line && !after_line_comment {
            // Same line as the previous token: a tab aligns trailing comments,
            // a space separates a block comment from code that follows it.
            let separator = if cpos.line == next.line { b' ' } else { b'\t' };
            self.write_byte(separator, 1);
        } else {
            // Keep indentation changes that come before the last pending
            // whitespace entry; drop spaces and line breaks, since the
            // comment's own line distance decides.
            let mut count = 0;
            for i in 0..self.whitespace.len() {
                match self.whitespace[i] {
                    Ws::Blank | Ws::VTab | Ws::Newline | Ws::Formfeed => {
                        self.whitespace[i] = Ws::Ignore
                    }
                    Ws::Indent | Ws::Unindent => continue,
                    Ws::Ignore => {}
                }
                count = i;
            }
            self.write_whitespace(count);
            let mut newlines = if cpos.valid() && self.last.valid() {
                cpos.line - self.last.line
            } else {
                0
            };
            if after_line_comment {
                newlines = 1;
            }
            if newlines > 0 {
                self.write_byte(0x0C, newlines.min(MAX_NEWLINES) as usize);
            }
        }
    }

    fn write_comment_suffix(&mut self, next: Position, tok: TokenKind, last: &Comment) {
        if tok == TokenKind::Eof {
            // No blank lines at the end of the file.
            return;
        }
        let end = self.position(last.start as i64 + last.text.len() as i64 - 1);
        if last.is_block() && next.line == end.line {
            self.write_byte(b' ', 1);
        }
        let mut newlines = next.line - self.last.line;
        if newlines <= 0 && !last.is_block() {
            // Alloy would put the next token on the line comment's line,
            // turning code into comment (see "Alloy's formatter" in
            // ARCHITECTURE.md); a line comment always ends its line here.
            newlines = 1;
        }
        let mut dropped_formfeed = false;
        for ws in self.whitespace.iter_mut() {
            match *ws {
                Ws::Blank | Ws::VTab => *ws = Ws::Ignore,
                Ws::Indent | Ws::Unindent | Ws::Ignore => {}
                Ws::Newline | Ws::Formfeed => {
                    dropped_formfeed |= *ws == Ws::Formfeed;
                    *ws = Ws::Ignore;
                }
            }
        }
        self.write_whitespace(self.whitespace.len());
        if newlines > 0 {
            let ch = if dropped_formfeed { 0x0C } else { b'\n' };
            self.write_byte(ch, newlines.min(MAX_NEWLINES) as usize);
        }
    }

    fn write_string(&mut self, pos: Position, s: &str, opaque: bool) {
        if self.out.column == 1 {
            self.write_indent();
        }
        if pos.valid() {
            self.pos = pos;
        }
        if opaque {
            self.output.push(ESCAPE);
        }
        self.last_text_offset = self.output.len();
        self.output.extend_from_slice(s.as_bytes());
        if opaque {
            self.output.push(ESCAPE);
        }
        let bytes = s.as_bytes();
        let mut newlines = 0i64;
        let mut last_newline = 0usize;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || b == 0x0C {
                newlines += 1;
                last_newline = i;
            }
        }
        let len = bytes.len() as i64;
        self.pos.offset += len;
        if newlines > 0 {
            self.pos.line += newlines;
            self.out.line += newlines;
            let column = len - last_newline as i64;
            self.pos.column = column;
            self.out.column = column;
        } else {
            self.pos.column += len;
            self.out.column += len;
        }
        self.last = self.pos;
    }

    fn write_indent(&mut self) {
        let depth = self.indent;
        self.output.extend(std::iter::repeat_n(b'\t', depth));
        self.pos.offset += depth as i64;
        self.pos.column += depth as i64;
        self.out.column += depth as i64;
    }

    fn write_byte(&mut self, ch: u8, n: usize) {
        if self.out.column == 1 {
            self.write_indent();
        }
        self.output.extend(std::iter::repeat_n(ch, n));
        let n = n as i64;
        self.pos.offset += n;
        if ch == b'\n' || ch == 0x0C {
            self.pos.line += n;
            self.out.line += n;
            self.pos.column = 1;
            self.out.column = 1;
        } else {
            self.pos.column += n;
            self.out.column += n;
        }
    }

    fn write_whitespace(&mut self, n: usize) {
        for i in 0..n {
            match self.whitespace[i] {
                Ws::Ignore => {}
                Ws::Indent => self.indent += 1,
                Ws::Unindent => {
                    self.indent = self
                        .indent
                        .checked_sub(1)
                        .expect("printer: negative indentation");
                }
                ws => self.write_byte(ws.byte(), 1),
            }
        }
        if n == self.whitespace.len() {
            self.whitespace.clear();
        } else {
            self.whitespace.drain(..n);
        }
    }
}
