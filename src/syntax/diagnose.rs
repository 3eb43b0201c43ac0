//! Explains why Alloy rejects an input, with Alloy's own messages, at
//! Alloy's positions and in Alloy's order, and builds the best tree it can
//! for it.
//!
//! The grammar only says *that* an input is invalid; which errors Alloy
//! reports depends on how its parser recovers (it skips to the next
//! identifier after a bad statement start, to the next terminator after a
//! bad statement end, keeps one parser error per line, and interleaves the
//! scanner's errors as it reads one token ahead). This module replays that
//! recovery over [`Scanner`] tokens (grafana/alloy
//! `syntax/parser/internal.go`). It runs only on rejected inputs.
//!
//! Like Alloy's parser, the replay builds a tree as it recovers. Where
//! Alloy drops a statement or substitutes a value, or reports an error in
//! a node, the tree holds a [`Broken`] region instead (`Stmt::Error`,
//! `Expr::Error`), spanning the text Alloy skipped: a statement whose name,
//! label or braces are wrong, text after a statement up to the next line
//! end, an expression Alloy could not read or whose brackets or commas are
//! wrong, a token the scanner reported. Everything else is built exactly as
//! the grammar's builder builds it, so on valid input both trees are equal.

use super::ast::{
    Access, Array, Attribute, Binary, BinaryOp, Block, Body, Broken, Call, Comment, Expr, Field,
    File, Ident, Index, Label, Literal, LiteralKind, Object, Paren, Pos, Stmt, Text, Unary,
    UnaryOp,
};
use super::error::MAX_ERRORS;
use super::parser::{rule_name, Exact as _, Rule};
use super::quote::go_quote_bytes;
use super::scanner::{Scanner, Token};
use super::trivia::{comment, too_deep_message, MAX_NESTING};
use super::{LineIndex, SyntaxError, SyntaxErrors};

/// Alloy's errors for `src`. If Alloy would accept it (which callers only
/// ask about for inputs the grammar rejected), the list is empty.
pub fn alloy_errors(src: &[u8], lines: &LineIndex) -> Vec<SyntaxError> {
    replay(src, lines, false).errors
}

/// What the replay of Alloy's parser made of an input.
struct Replayed {
    /// The first [`MAX_ERRORS`] errors.
    errors: Vec<SyntaxError>,
    omitted: usize,
    first_omitted: Option<SyntaxError>,
    /// The tree built while recovering.
    file: File,
    /// Deepest nesting of that tree.
    depth: usize,
}

impl Replayed {
    fn into_errors(self, src: &[u8]) -> SyntaxErrors {
        SyntaxErrors::with_omitted(
            with_hints(src, self.errors),
            self.omitted,
            self.first_omitted,
        )
    }
}

/// The tree Alloy's recovery builds for an input, with Alloy's errors.
#[derive(Debug)]
pub struct Recovery {
    /// The tree, with [`Broken`] regions where text could not be read.
    pub file: File,
    /// Deepest nesting of the tree (blocks, brackets, unary operators and
    /// `^` chains), for passes that recurse on it.
    pub depth: usize,
    /// Alloy's errors; `None` when Alloy accepts the input.
    pub errors: Option<SyntaxErrors>,
}

/// Replays Alloy's parser over `src`: the tree it recovers and the errors
/// it reports (the same as [`diagnose`], but `None` for an input Alloy
/// accepts).
pub fn recover(src: &[u8], lines: &LineIndex) -> Recovery {
    replay_recovery(src, lines, true)
}

/// [`recover`], building the tree only if `build` (the errors are the
/// same either way).
pub(super) fn replay_recovery(src: &[u8], lines: &LineIndex, build: bool) -> Recovery {
    let mut replayed = replay(src, lines, build);
    let file = std::mem::take(&mut replayed.file);
    let depth = replayed.depth;
    let errors = (!replayed.errors.is_empty()).then(|| replayed.into_errors(src));
    Recovery {
        file,
        depth,
        errors,
    }
}

/// Replays Alloy's parser over `src`, on a stack deep enough for its
/// nesting (the replay recurses per bracket, up to [`MAX_NESTING`]).
fn replay(src: &[u8], lines: &LineIndex, build: bool) -> Replayed {
    super::stack::with_stack_for(bracket_depth(src), || {
        let mut p = Reporter::new(src, lines, build);
        let body = p.parse_body(Token::Eof);
        p.finish(body)
    })
}

/// Deepest nesting of brackets in `src`, strings and comments not told
/// apart (an upper bound, computed before anything is known about the
/// input), capped just past [`MAX_NESTING`], where the replay stops.
fn bracket_depth(src: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for &b in src {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > MAX_NESTING {
                    break;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Alloy's errors for `src`, or `None` if Alloy accepts it.
pub fn rejects(src: &[u8], lines: &LineIndex) -> Option<SyntaxErrors> {
    replay_recovery(src, lines, false).errors
}

/// Errors for an input Alloy rejects.
pub fn diagnose(src: &[u8], lines: &LineIndex) -> SyntaxErrors {
    replay_recovery(src, lines, false)
        .errors
        .unwrap_or_else(|| SyntaxErrors::new(vec![invalid_input()]))
}

/// The error for an input the replay accepts though it was rejected
/// before (not UTF-8, say): a bug, should it ever happen.
fn invalid_input() -> SyntaxError {
    SyntaxError {
        offset: 0,
        line: 1,
        column: 1,
        message: "invalid input".into(),
        help: None,
    }
}

/// Adds help for the usual reasons a snippet is not Alloy: placeholders and
/// ellipses copied from documentation, YAML or shell habits.
fn with_hints(src: &[u8], mut errors: Vec<SyntaxError>) -> Vec<SyntaxError> {
    for e in &mut errors {
        if e.help.is_none() {
            e.help = hint(src, e);
        }
    }
    errors
}

fn hint(src: &[u8], e: &SyntaxError) -> Option<String> {
    let at = &src[e.offset.min(src.len())..];
    let placeholder = |s: &[u8]| {
        // A placeholder is short: look no further than that.
        let s = &s[..s.len().min(256)];
        s.first() == Some(&b'<')
            && s.iter()
                .skip(1)
                .take_while(|&&b| b != b'>' && b != b'\n')
                .all(|&b| b.is_ascii_alphanumeric() || b"_-. ".contains(&b))
            && s.iter().take_while(|&&b| b != b'\n').any(|&b| b == b'>')
    };
    let msg = e.message.as_str();
    if placeholder(at) || (msg.contains("valid identifier") && msg.contains("\"<")) {
        return Some(
            "`<...>` is a placeholder from the documentation: replace it with a real value".into(),
        );
    }
    if at.starts_with(b"...") {
        return Some(
            "`...` marks text left out in the documentation: remove it or write the real statements"
                .into(),
        );
    }
    if msg.starts_with("illegal character U+003A") && at.starts_with(b"://") {
        // `url = https://...`: the scheme scanned as an identifier.
        let before = &src[..e.offset.min(src.len())];
        let scheme_len = before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
            .count();
        let scheme = String::from_utf8_lossy(&before[before.len() - scheme_len..]);
        return Some(format!(
            "a URL is a string: the quotes are missing (write `\"{scheme}://...\"`)"
        ));
    }
    if msg.starts_with("illegal character U+003A") {
        return Some("Alloy assigns with `=`, not `:` (this looks like YAML)".into());
    }
    if msg.starts_with("illegal character U+0023") {
        return Some("Alloy comments start with `//` or `/*`, not `#`".into());
    }
    if msg.starts_with("missing ',' in") {
        return Some(
            "a value that ends a line inside `[...]`, `{...}` or `(...)` needs a trailing comma"
                .into(),
        );
    }
    None
}

/// Whether `message` is one of the scanner's escape sequence errors
/// (scanner.rs, `scan_escape`).
fn is_escape_error(message: &str) -> bool {
    message.contains("escape sequence")
}

/// Help for a bad escape in the string literal `lit` (quotes included),
/// `more` other bad escapes of it not reported. The value itself is not
/// quoted: a string can be a secret.
fn backslash_help(lit: &[u8], more: usize) -> String {
    let content = lit.get(1..lit.len().saturating_sub(1)).unwrap_or_default();
    let drive = content.len() > 2
        && content[0].is_ascii_alphabetic()
        && content[1] == b':'
        && content[2] == b'\\';
    let unc = content.starts_with(b"\\\\");
    let others = match more {
        0 => String::new(),
        n => format!(" (one error for the {} bad escapes of this string)", n + 1),
    };
    if drive || unc {
        format!(
            "this looks like a Windows path, and in an Alloy string `\\` starts an escape \
             sequence{others}: write the path with `/` (`C:/dir/file`), double each backslash \
             (`C:\\\\dir\\\\file`) or use a raw string in backticks (`` `C:\\dir\\file` ``)"
        )
    } else {
        format!(
            "in an Alloy string `\\` starts an escape sequence{others}: double each backslash \
             that is meant literally (`\\\\d+`) or use a raw string in backticks (`` `\\d+` ``)"
        )
    }
}

/// Errors for an input the grammar rejected; pest's own message is the
/// fallback should the replay find nothing (the grammar and the replay
/// disagreeing would be a bug, reported as such).
pub fn diagnose_with_fallback(
    src: &[u8],
    lines: &LineIndex,
    pest_error: &pest::error::Error<Rule>,
) -> SyntaxErrors {
    replay_with_fallback(src, lines, pest_error, false)
        .errors
        .expect("an error for an input the grammar rejected")
}

/// The tree and errors for an input the grammar rejected; the errors are
/// never `None` (see [`diagnose_with_fallback`]).
pub fn recover_with_fallback(
    src: &[u8],
    lines: &LineIndex,
    pest_error: &pest::error::Error<Rule>,
) -> Recovery {
    replay_with_fallback(src, lines, pest_error, true)
}

fn replay_with_fallback(
    src: &[u8],
    lines: &LineIndex,
    pest_error: &pest::error::Error<Rule>,
    build: bool,
) -> Recovery {
    let mut recovery = replay_recovery(src, lines, build);
    if recovery.errors.is_none() {
        recovery.errors = Some(SyntaxErrors::new(vec![grammar_error(lines, pest_error)]));
    }
    recovery
}

/// pest's own message, for an input the grammar rejects and Alloy accepts.
fn grammar_error(lines: &LineIndex, pest_error: &pest::error::Error<Rule>) -> SyntaxError {
    let offset = match pest_error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let (line, column) = lines.line_col(offset);
    let expected = match &pest_error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = positives.iter().map(|r| rule_name(*r)).collect();
            names.dedup();
            names.join(", ")
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    SyntaxError {
        offset,
        line,
        column,
        message: format!("expected {expected}"),
        help: Some("alloy-lint's grammar rejects this input; please report it".into()),
    }
}

/// Alloy's parser, replayed: its errors and its recovery, building the
/// tree as it goes. Parser errors are deduplicated per line.
struct Reporter<'a> {
    scanner: Scanner<'a>,
    lines: &'a LineIndex,
    /// Errors so far, in emission order (the first [`MAX_ERRORS`]).
    errors: Vec<SyntaxError>,
    /// Errors found after those.
    omitted: usize,
    /// The first of them.
    first_omitted: Option<SyntaxError>,
    pos: usize,
    tok: Token,
    lit: &'a [u8],
    /// Offset just past the current token.
    end: usize,
    /// Whether the scanner found an error inside the current token.
    bad: bool,
    /// Offset just past the last token consumed, terminators aside: where
    /// a region that could not be read ends.
    prev_end: usize,
    last_error_line: usize,
    depth: usize,
    /// Nesting of the tree being built (blocks, operands, unary operators,
    /// `^` chains), and the deepest it went.
    tree_depth: usize,
    deepest: usize,
    aborted: bool,
    /// The help for the one escape error a string literal keeps (by its
    /// offset), given when that error is collected.
    escape_help: Option<(usize, String)>,
    /// Every comment, in order.
    comments: Vec<Comment>,
    /// Whether the tree is wanted: without it, lists stay empty and
    /// composite expressions are not allocated.
    build: bool,
}

impl<'a> Reporter<'a> {
    fn new(src: &'a [u8], lines: &'a LineIndex, build: bool) -> Self {
        let mut r = Reporter {
            scanner: Scanner::new(src),
            lines,
            errors: Vec::new(),
            omitted: 0,
            first_omitted: None,
            pos: 0,
            tok: Token::Eof,
            lit: b"",
            end: 0,
            bad: false,
            prev_end: 0,
            last_error_line: 0,
            depth: 0,
            tree_depth: 0,
            deepest: 0,
            aborted: false,
            escape_help: None,
            comments: Vec::new(),
            build,
        };
        r.next();
        r
    }

    fn finish(mut self, body: Body) -> Replayed {
        self.collect_scanner_errors();
        Replayed {
            errors: self.errors,
            omitted: self.omitted,
            first_omitted: self.first_omitted,
            file: File {
                body,
                comments: self.comments,
            },
            depth: self.deepest,
        }
    }

    /// Keeps `error` if fewer than [`MAX_ERRORS`] are kept, else counts it.
    fn push(&mut self, error: SyntaxError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
        } else {
            self.omitted += 1;
            self.first_omitted.get_or_insert(error);
            // From now on errors are only counted.
            self.scanner.keep_messages = false;
        }
    }

    /// Whether the next error is kept, so worth a message.
    fn wants_message(&self) -> bool {
        self.errors.len() < MAX_ERRORS || self.first_omitted.is_none()
    }

    fn syntax_error(&self, offset: usize, message: String) -> SyntaxError {
        let (line, column) = self.lines.line_col(offset);
        SyntaxError {
            offset,
            line,
            column,
            message,
            help: None,
        }
    }

    /// Takes the scanner's new errors, so that it never holds many.
    fn collect_scanner_errors(&mut self) {
        for e in std::mem::take(&mut self.scanner.errors) {
            let mut error = self.syntax_error(e.offset, e.message);
            if let Some((at, help)) = self.escape_help.take_if(|(at, _)| *at == e.offset) {
                debug_assert_eq!(at, e.offset);
                error.help = Some(help);
            }
            self.push(error);
        }
        if self.scanner.dropped > 0 {
            // The scanner dropped errors only while holding MAX_ERRORS of
            // its own, all of them pushed just now: these come after.
            self.omitted += std::mem::take(&mut self.scanner.dropped);
            if let Some(e) = self.scanner.first_dropped.take() {
                if self.first_omitted.is_none() {
                    self.first_omitted = Some(self.syntax_error(e.offset, e.message));
                }
            }
        }
    }

    /// Keeps only the first of the escape errors the scanner found in the
    /// string literal `lit`, with help on writing backslashes. Alloy
    /// reports each bad escape (a Windows path `"E:\Pagina\config"` gives
    /// one error per backslash), but they are one mistake with one fix.
    fn fold_escape_errors(&mut self, lit: &[u8]) {
        let mut first = None;
        let mut more = 0;
        self.scanner.errors.retain(|e| {
            if !is_escape_error(&e.message) {
                return true;
            }
            if first.is_none() {
                // `\uD800` is a deliberate escape, not a stray backslash.
                let stray = !e.message.contains("invalid Unicode");
                first = Some((e.offset, stray));
                return true;
            }
            more += 1;
            false
        });
        self.escape_help = first
            .filter(|&(_, stray)| stray)
            .map(|(offset, _)| (offset, backslash_help(lit, more)));
    }

    /// Advances to the next token that is not a comment, keeping comments
    /// (Alloy's parser collects them from its scanner the same way,
    /// parser/internal.go `next`).
    fn next(&mut self) {
        if !matches!(self.tok, Token::Terminator | Token::Eof) {
            self.prev_end = self.prev_end.max(self.end);
        }
        if self.aborted {
            self.tok = Token::Eof;
            return;
        }
        loop {
            let (pos, tok, lit) = self.scanner.scan();
            if tok == Token::String {
                self.fold_escape_errors(lit);
            }
            self.collect_scanner_errors();
            self.pos = pos;
            self.tok = tok;
            self.lit = lit;
            self.end = self.scanner.offset();
            self.bad =
                tok == Token::Illegal || self.scanner.scan_error_at.is_some_and(|at| at < self.end);
            if tok != Token::Comment {
                break;
            }
            if self.build && std::str::from_utf8(lit).is_ok() {
                self.comments
                    .push(comment(lit, pos, lit.get(1) == Some(&b'*')));
            }
        }
    }

    /// A parser error; dropped when another one is already on this line.
    /// The message is built only if the error is kept.
    fn error(&mut self, message: std::fmt::Arguments<'_>) {
        let (line, column) = self.lines.line_col(self.pos);
        if line == self.last_error_line {
            return;
        }
        self.last_error_line = line;
        if !self.wants_message() {
            self.omitted += 1;
            return;
        }
        self.push(SyntaxError {
            offset: self.pos,
            line,
            column,
            message: message.to_string(),
            help: None,
        });
    }

    /// `expected WHAT, got TOKEN` at the current token.
    fn unexpected(&mut self, what: &str) {
        let tok = self.tok;
        self.error(format_args!("expected {what}, got {tok}"));
    }

    /// An error that is never deduplicated.
    fn error_at(&mut self, offset: usize, message: &str) {
        let error = self.syntax_error(offset, message.into());
        self.push(error);
    }

    /// Consumes the current token, reporting it unless it is `want`;
    /// returns its offset and whether it was `want` and readable.
    fn expect(&mut self, want: Token) -> (Pos, bool) {
        let got = (self.pos as Pos, self.tok == want && !self.bad);
        if self.tok != want {
            self.unexpected(want.as_str());
        }
        self.next();
        got
    }

    fn advance(&mut self, to: Token) {
        while self.tok != Token::Eof && self.tok != to {
            self.next();
        }
    }

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_NESTING && !self.aborted {
            self.error_at(self.pos, &too_deep_message());
            self.aborted = true;
            self.tok = Token::Eof;
        }
        !self.aborted
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The tree goes `levels` deeper.
    fn nest(&mut self, levels: usize) {
        self.tree_depth += levels;
        self.deepest = self.deepest.max(self.tree_depth);
    }

    fn unnest(&mut self, levels: usize) {
        self.tree_depth -= levels;
    }

    /// The region from `start` to the last token consumed.
    fn broken(&self, start: usize) -> Broken {
        Broken {
            start: start as Pos,
            end: self.prev_end.max(start) as Pos,
        }
    }

    /// The current token's text (the tree of input that is not UTF-8 is
    /// dropped, so a lossy copy does no harm).
    fn text(&self) -> Text {
        match std::str::from_utf8(self.lit) {
            Ok(t) => t.into(),
            Err(_) => String::from_utf8_lossy(self.lit).as_ref().into(),
        }
    }

    fn parse_body(&mut self, until: Token) -> Body {
        let mut body = Vec::new();
        while self.tok != until && self.tok != Token::Eof {
            let stmt = self.parse_statement();
            if self.build {
                body.push(stmt);
            }
            if self.tok == until {
                break;
            }
            if self.tok != Token::Terminator {
                let junk = self.pos;
                self.unexpected("TERMINATOR");
                self.consume_statement();
                let skipped = self.broken(junk);
                if !self.build {
                    self.next();
                    continue;
                }
                // What Alloy skips after a statement it gave up on is part
                // of the same unreadable region.
                match body.last_mut() {
                    Some(Stmt::Error(b)) => b.end = b.end.max(skipped.end),
                    _ => body.push(Stmt::Error(skipped)),
                }
            }
            self.next();
        }
        body.exact()
    }

    fn consume_statement(&mut self) {
        let (mut curly, mut brack, mut paren) = (0i64, 0i64, 0i64);
        while self.tok != Token::Eof {
            match self.tok {
                Token::LCurly => curly += 1,
                Token::RCurly => curly -= 1,
                Token::LBrack => brack += 1,
                Token::RBrack => brack -= 1,
                Token::LParen => paren += 1,
                Token::RParen => paren -= 1,
                _ => {}
            }
            if self.tok == Token::Terminator && curly <= 0 && brack <= 0 && paren <= 0 {
                return;
            }
            self.next();
        }
    }

    /// A statement; a region that could not be read wherever Alloy gives
    /// up on it, and for any statement Alloy reports an error in (a block
    /// keeps its body only when its header and braces are sound).
    fn parse_statement(&mut self) -> Stmt {
        let start = self.pos;
        let Some(name) = self.parse_block_name() else {
            self.advance(Token::Ident);
            return Stmt::Error(self.broken(start));
        };
        match self.tok {
            Token::Assign => {
                self.next();
                let mut sound = name.sound;
                if name.fragments != 1 {
                    sound = false;
                    self.error_at(
                        name.start,
                        "attribute names may only consist of a single identifier with no \".\"",
                    );
                } else if let Some(label_pos) = name.label_pos {
                    sound = false;
                    self.error_at(label_pos, "attribute names may not have labels");
                }
                let value = self.parse_expression();
                if !sound {
                    return Stmt::Error(self.broken(start));
                }
                Stmt::Attribute(Attribute {
                    name: Ident {
                        name: name.text.into(),
                        pos: start as Pos,
                    },
                    value,
                })
            }
            Token::LCurly => {
                if !self.enter() {
                    return Stmt::Error(self.broken(start));
                }
                self.nest(1);
                let (lcurly, opened) = self.expect(Token::LCurly);
                let body = self.parse_body(Token::RCurly);
                let (rcurly, closed) = self.expect(Token::RCurly);
                self.unnest(1);
                self.leave();
                if !(name.sound && opened && closed) {
                    return Stmt::Error(self.broken(start));
                }
                Stmt::Block(Block {
                    name: name.text.into(),
                    name_pos: start as Pos,
                    label: name.label,
                    body,
                    lcurly,
                    rcurly,
                })
            }
            _ => {
                if name.fragments == 1 && !name.has_label_text {
                    self.unexpected("attribute assignment or block body");
                } else {
                    self.unexpected("block body");
                }
                self.advance(Token::Ident);
                Stmt::Error(self.broken(start))
            }
        }
    }

    fn parse_block_name(&mut self) -> Option<BlockName> {
        if self.tok != Token::Ident {
            self.unexpected("identifier");
            return None;
        }
        let mut name = BlockName {
            fragments: 1,
            start: self.pos,
            text: if self.build {
                self.text().to_string()
            } else {
                String::new()
            },
            label: None,
            label_pos: None,
            has_label_text: false,
            sound: !self.bad,
        };
        self.next();
        while self.tok == Token::Dot {
            self.next();
            if self.tok != Token::Ident || self.bad {
                name.sound = false;
            }
            if self.tok != Token::Ident {
                self.unexpected("identifier");
            }
            name.fragments += 1;
            if self.build {
                name.text.push('.');
                name.text.push_str(&self.text());
            }
            self.next();
        }
        if self.tok != Token::Assign && self.tok != Token::LCurly {
            if self.tok == Token::String {
                let lit = self.lit;
                name.sound &= !self.bad;
                if !lit.starts_with(b"\"") {
                    name.sound = false;
                    self.error(format_args!(
                        "expected block label to be a double quoted string, but got {}",
                        go_quote_bytes(lit)
                    ));
                }
                if lit.len() > 2 {
                    let label = &lit[1..lit.len() - 1];
                    name.has_label_text = true;
                    if !is_valid_identifier(label) {
                        name.sound = false;
                        self.error(format_args!(
                            "expected block label to be a valid identifier, but got {}",
                            go_quote_bytes(label)
                        ));
                    }
                }
                if name.sound && self.build {
                    let text = self.text();
                    name.label = Some(Label {
                        value: text[1..text.len() - 1].into(),
                        pos: self.pos as Pos,
                    });
                }
                name.label_pos = Some(self.pos);
            } else {
                name.sound = false;
                self.unexpected("block label");
            }
            self.next();
        }
        Some(name)
    }

    fn parse_expression(&mut self) -> Expr {
        self.parse_binary(1)
    }

    fn parse_binary(&mut self, min_prec: u8) -> Expr {
        let mut left = self.parse_pow();
        loop {
            let prec = self.tok.binary_precedence();
            if prec == 0 || prec < min_prec {
                return left;
            }
            let (op, op_pos, sound) = (binary_op(self.tok), self.pos as Pos, !self.bad);
            self.next();
            let right = self.parse_binary(prec + 1);
            left = if !self.build {
                left
            } else if sound {
                Expr::Binary(Box::new(Binary {
                    op,
                    op_pos,
                    left,
                    right,
                }))
            } else {
                Expr::Error(self.broken(left.start_pos() as usize))
            };
        }
    }

    /// `a ^ b ^ c`: read in a loop, built from the right (`^` is
    /// right-associative).
    fn parse_pow(&mut self) -> Expr {
        let mut nested = 0;
        let mut operands = Vec::new();
        let mut ops = Vec::new();
        loop {
            operands.push(self.parse_unary());
            if self.tok != Token::Pow {
                break;
            }
            ops.push((self.pos as Pos, !self.bad));
            self.next();
            nested += 1;
            self.nest(1);
            if nested > MAX_NESTING && !self.enter() {
                break;
            }
        }
        self.unnest(ops.len());
        if !self.build {
            return operands.swap_remove(0);
        }
        let mut right = operands.pop().expect("one operand at least");
        if ops.len() > operands.len() {
            // Aborted after a `^`: the operand it wanted was not read.
            let (op_pos, _) = ops.pop().expect("more operators than operands");
            right = Expr::Error(self.broken(op_pos as usize));
        }
        while let (Some(left), Some((op_pos, sound))) = (operands.pop(), ops.pop()) {
            right = if sound {
                Expr::Binary(Box::new(Binary {
                    op: BinaryOp::Pow,
                    op_pos,
                    left,
                    right,
                }))
            } else {
                Expr::Error(Broken {
                    start: left.start_pos(),
                    end: right.span().end as Pos,
                })
            };
        }
        right
    }

    fn parse_unary(&mut self) -> Expr {
        // Unary operators apply to what follows; reading them in a loop
        // reports the same errors as Alloy's recursion.
        let mut ops = Vec::new();
        while matches!(self.tok, Token::Not | Token::Sub) {
            let op = match self.tok {
                Token::Not => UnaryOp::Not,
                _ => UnaryOp::Neg,
            };
            ops.push((op, self.pos as Pos));
            self.next();
        }
        let start = self.pos;
        if !self.enter() {
            return Expr::Error(self.broken(start));
        }
        self.nest(ops.len() + 1);
        let mut sound = true;
        let mut value = self.parse_primary();
        loop {
            match self.tok {
                Token::Dot => {
                    self.next();
                    let (name, pos) = (self.text(), self.pos as Pos);
                    let (_, read) = self.expect(Token::Ident);
                    sound &= read;
                    if sound && self.build {
                        value = Expr::Access(Box::new(Access {
                            value,
                            name: Ident { name, pos },
                        }));
                    }
                }
                Token::LBrack => {
                    let (lbrack, _) = self.expect(Token::LBrack);
                    let index = self.parse_expression();
                    let (rbrack, closed) = self.expect(Token::RBrack);
                    sound &= closed;
                    if sound && self.build {
                        value = Expr::Index(Box::new(Index {
                            value,
                            index,
                            lbrack,
                            rbrack,
                        }));
                    }
                }
                Token::LParen => {
                    let (lparen, _) = self.expect(Token::LParen);
                    let mut args = Vec::new();
                    if self.tok != Token::RParen {
                        let (list, listed) = self.parse_expression_list(Token::RParen);
                        args = list;
                        sound &= listed;
                    }
                    let (rparen, closed) = self.expect(Token::RParen);
                    sound &= closed;
                    if sound && self.build {
                        value = Expr::Call(Box::new(Call {
                            value,
                            args: args.exact(),
                            lparen,
                            rparen,
                        }));
                    }
                }
                Token::String | Token::LCurly => {
                    // Someone assigned a block to an attribute.
                    sound = false;
                    if self.tok == Token::String {
                        self.next();
                    }
                    if !self.expect(Token::LCurly).1 {
                        self.consume_statement();
                        break;
                    }
                    self.parse_body(Token::RCurly);
                    if !self.expect(Token::RCurly).1 {
                        self.consume_statement();
                        break;
                    }
                    self.error_at(start, "cannot use a block as an expression");
                }
                _ => break,
            }
        }
        self.unnest(ops.len() + 1);
        self.leave();
        if !sound || !self.build {
            let from = ops.first().map_or(start, |&(_, pos)| pos as usize);
            return Expr::Error(self.broken(from));
        }
        while let Some((op, op_pos)) = ops.pop() {
            value = Expr::Unary(Box::new(Unary { op, op_pos, value }));
        }
        value
    }

    fn parse_primary(&mut self) -> Expr {
        let start = self.pos;
        let kind = match self.tok {
            Token::Ident => None,
            Token::String => Some(LiteralKind::String),
            Token::Number => Some(LiteralKind::Number),
            Token::Float => Some(LiteralKind::Float),
            Token::Bool => Some(LiteralKind::Bool),
            Token::Null => Some(LiteralKind::Null),
            Token::LParen => {
                let (lparen, _) = self.expect(Token::LParen);
                let inner = self.parse_expression();
                let (rparen, closed) = self.expect(Token::RParen);
                if !closed || !self.build {
                    return Expr::Error(self.broken(start));
                }
                return Expr::Paren(Box::new(Paren {
                    inner,
                    lparen,
                    rparen,
                }));
            }
            Token::LBrack => {
                let (lbrack, _) = self.expect(Token::LBrack);
                let (mut elements, mut sound) = (Vec::new(), true);
                if self.tok != Token::RBrack {
                    (elements, sound) = self.parse_expression_list(Token::RBrack);
                }
                let (rbrack, closed) = self.expect(Token::RBrack);
                if !(sound && closed && self.build) {
                    return Expr::Error(self.broken(start));
                }
                return Expr::Array(Box::new(Array {
                    elements: elements.exact(),
                    lbrack,
                    rbrack,
                }));
            }
            Token::LCurly => {
                let (lcurly, _) = self.expect(Token::LCurly);
                let (mut fields, mut sound) = (Vec::new(), true);
                // Alloy compares with `]` here (a harmless typo upstream).
                if self.tok != Token::RBrack {
                    (fields, sound) = self.parse_field_list(Token::RCurly);
                }
                let (rcurly, closed) = self.expect(Token::RCurly);
                if !(sound && closed && self.build) {
                    return Expr::Error(self.broken(start));
                }
                return Expr::Object(Box::new(Object {
                    fields: fields.exact(),
                    lcurly,
                    rcurly,
                }));
            }
            _ => {
                self.unexpected("expression");
                while !matches!(
                    self.tok,
                    Token::Eof
                        | Token::Terminator
                        | Token::RParen
                        | Token::RCurly
                        | Token::RBrack
                        | Token::Comma
                ) {
                    self.next();
                }
                return Expr::Error(self.broken(start));
            }
        };
        let value = if self.build {
            self.text()
        } else {
            Text::default()
        };
        let (pos, bad) = (start as Pos, self.bad);
        self.next();
        if bad || !self.build {
            return Expr::Error(self.broken(start));
        }
        match kind {
            None => Expr::Identifier(Ident { name: value, pos }),
            Some(kind) => Expr::Literal(Literal { kind, value, pos }),
        }
    }

    /// The expressions up to `until`, and whether they were separated as
    /// Alloy requires.
    fn parse_expression_list(&mut self, until: Token) -> (Vec<Expr>, bool) {
        let mut exprs = Vec::new();
        let mut sound = true;
        while self.tok != until && self.tok != Token::Eof {
            let expr = self.parse_expression();
            if self.build {
                exprs.push(expr);
            }
            if self.tok == until {
                break;
            }
            if self.tok != Token::Comma {
                sound = false;
                self.error(format_args!("missing ',' in expression list"));
            }
            self.next();
        }
        (exprs, sound)
    }

    /// The fields up to `until`, and whether every one was read and they
    /// were separated as Alloy requires.
    fn parse_field_list(&mut self, until: Token) -> (Vec<Field>, bool) {
        let mut fields = Vec::new();
        let mut sound = true;
        while self.tok != until && self.tok != Token::Eof {
            match self.parse_field() {
                Some(field) if self.build => fields.push(field),
                Some(_) => {}
                None => sound = false,
            }
            if self.tok == until {
                break;
            }
            if self.tok != Token::Comma {
                sound = false;
                self.error(format_args!("missing ',' in field list"));
            }
            self.next();
        }
        (fields, sound)
    }

    fn parse_field(&mut self) -> Option<Field> {
        let key = if matches!(self.tok, Token::String | Token::Ident) {
            let key = (
                self.text(),
                self.pos as Pos,
                self.tok == Token::String,
                self.bad,
            );
            self.next();
            Some(key)
        } else {
            self.unexpected("field name (string or identifier)");
            self.advance(Token::Assign);
            None
        };
        let (_, assigned) = self.expect(Token::Assign);
        let value = self.parse_expression();
        let (text, pos, string, bad) = key?;
        if bad || !assigned {
            return None;
        }
        // A quoted key keeps its raw text between the quotes, except the
        // empty key `""`, kept as written (as the grammar's builder does).
        let quoted = string && text.len() > 2;
        let name = if quoted {
            text[1..text.len() - 1].into()
        } else {
            text.clone()
        };
        Some(Field {
            name: Ident { name, pos },
            quoted,
            raw_key: quoted && text.starts_with('`'),
            value,
        })
    }
}

fn binary_op(tok: Token) -> BinaryOp {
    match tok {
        Token::Or => BinaryOp::Or,
        Token::And => BinaryOp::And,
        Token::Eq => BinaryOp::Eq,
        Token::Neq => BinaryOp::NotEq,
        Token::Lt => BinaryOp::Lt,
        Token::Lte => BinaryOp::LtEq,
        Token::Gt => BinaryOp::Gt,
        Token::Gte => BinaryOp::GtEq,
        Token::Add => BinaryOp::Add,
        Token::Sub => BinaryOp::Sub,
        Token::Mul => BinaryOp::Mul,
        Token::Div => BinaryOp::Div,
        Token::Mod => BinaryOp::Rem,
        Token::Pow => BinaryOp::Pow,
        other => unreachable!("{other} has a binary precedence but is no operator"),
    }
}

/// A block name as read: its text, fragments joined with `.`, and whether
/// it is sound (every fragment an identifier, a label Alloy accepts).
struct BlockName {
    fragments: usize,
    start: usize,
    text: String,
    label: Option<Label>,
    label_pos: Option<usize>,
    has_label_text: bool,
    sound: bool,
}

/// Whether `s` scans as exactly one identifier (Alloy's
/// `scanner.IsValidIdentifier`).
pub fn is_valid_identifier(s: &[u8]) -> bool {
    let mut scanner = Scanner::new(s);
    let (_, tok, lit) = scanner.scan();
    tok == Token::Ident && lit == s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(src: &str) -> String {
        let lines = LineIndex::new(src.as_bytes());
        let e = &alloy_errors(src.as_bytes(), &lines)[0];
        format!("{}:{}: {}", e.line, e.column, e.message)
    }

    #[test]
    fn reports_alloy_messages() {
        assert_eq!(
            first("discovery.relabel \"<LABEL>\" {\n}"),
            "1:19: expected block label to be a valid identifier, but got \"<LABEL>\""
        );
        assert_eq!(first("a = <X>"), "1:5: expected expression, got <");
        assert_eq!(
            first("a = [\n1\n2,\n]"),
            "2:2: missing ',' in expression list"
        );
        assert_eq!(
            first("a.b = 1"),
            "1:1: attribute names may only consist of a single identifier with no \".\""
        );
        assert_eq!(first("a {\n...\n}"), "2:1: expected identifier, got .");
        assert_eq!(first("key: v"), "1:4: illegal character U+003A ':'");
    }

    #[test]
    fn accepts_valid_input() {
        let src = "a = 1\nb \"x\" {\n c = [1, 2,\n ]\n}\n";
        assert!(alloy_errors(src.as_bytes(), &LineIndex::new(src.as_bytes())).is_empty());
    }
}
