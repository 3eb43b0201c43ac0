//! Explains why Alloy rejects an input, with Alloy's own messages, at
//! Alloy's positions and in Alloy's order.
//!
//! The grammar only says *that* an input is invalid; which errors Alloy
//! reports depends on how its parser recovers (it skips to the next
//! identifier after a bad statement start, to the next terminator after a
//! bad statement end, keeps one parser error per line, and interleaves the
//! scanner's errors as it reads one token ahead). This module replays that
//! recovery over [`Scanner`] tokens. It runs only on rejected inputs and
//! builds no tree.

use super::error::MAX_ERRORS;
use super::parser::{rule_name, Rule};
use super::quote::go_quote_bytes;
use super::scanner::{Scanner, Token};
use super::trivia::{too_deep_message, MAX_NESTING};
use super::{LineIndex, SyntaxError, SyntaxErrors};

/// Alloy's errors for `src`. If Alloy would accept it (which callers only
/// ask about for inputs the grammar rejected), the list is empty.
pub fn alloy_errors(src: &[u8], lines: &LineIndex) -> Vec<SyntaxError> {
    replay(src, lines).errors
}

/// The errors Alloy reports, the first [`MAX_ERRORS`] of them kept.
struct Replayed {
    errors: Vec<SyntaxError>,
    omitted: usize,
    first_omitted: Option<SyntaxError>,
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

/// Replays Alloy's parser over `src`, on a stack deep enough for its
/// nesting (the replay recurses per bracket, up to [`MAX_NESTING`]).
fn replay(src: &[u8], lines: &LineIndex) -> Replayed {
    super::stack::with_stack_for(bracket_depth(src), || {
        let mut p = Reporter::new(src, lines);
        p.parse_body(Token::Eof);
        p.finish()
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

/// Alloy's errors for `src`, or `None` if Alloy accepts it: a check that
/// builds no tree.
pub fn rejects(src: &[u8], lines: &LineIndex) -> Option<SyntaxErrors> {
    let replayed = replay(src, lines);
    (!replayed.errors.is_empty()).then(|| replayed.into_errors(src))
}

/// Errors for an input Alloy rejects.
pub fn diagnose(src: &[u8], lines: &LineIndex) -> SyntaxErrors {
    let replayed = replay(src, lines);
    if replayed.errors.is_empty() {
        return SyntaxErrors::new(vec![SyntaxError {
            offset: 0,
            line: 1,
            column: 1,
            message: "invalid input".into(),
            help: None,
        }]);
    }
    replayed.into_errors(src)
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
    let replayed = replay(src, lines);
    if !replayed.errors.is_empty() {
        return replayed.into_errors(src);
    }
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
    SyntaxErrors::new(vec![SyntaxError {
        offset,
        line,
        column,
        message: format!("expected {expected}"),
        help: Some("alloy-lint's grammar rejects this input; please report it".into()),
    }])
}

/// Where an error came from: parser errors are deduplicated per line.
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
    last_error_line: usize,
    depth: usize,
    aborted: bool,
    /// The help for the one escape error a string literal keeps (by its
    /// offset), given when that error is collected.
    escape_help: Option<(usize, String)>,
}

impl<'a> Reporter<'a> {
    fn new(src: &'a [u8], lines: &'a LineIndex) -> Self {
        let mut r = Reporter {
            scanner: Scanner::new(src),
            lines,
            errors: Vec::new(),
            omitted: 0,
            first_omitted: None,
            pos: 0,
            tok: Token::Eof,
            lit: b"",
            last_error_line: 0,
            depth: 0,
            aborted: false,
            escape_help: None,
        };
        r.next();
        r
    }

    fn finish(mut self) -> Replayed {
        self.collect_scanner_errors();
        Replayed {
            errors: self.errors,
            omitted: self.omitted,
            first_omitted: self.first_omitted,
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

    /// Advances to the next token that is not a comment.
    fn next(&mut self) {
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
            if tok != Token::Comment {
                break;
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

    fn expect(&mut self, want: Token) -> (usize, Token) {
        let got = (self.pos, self.tok);
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

    fn parse_body(&mut self, until: Token) {
        while self.tok != until && self.tok != Token::Eof {
            self.parse_statement();
            if self.tok == until {
                break;
            }
            if self.tok != Token::Terminator {
                self.unexpected("TERMINATOR");
                self.consume_statement();
            }
            self.next();
        }
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

    fn parse_statement(&mut self) {
        let Some(name) = self.parse_block_name() else {
            self.advance(Token::Ident);
            return;
        };
        match self.tok {
            Token::Assign => {
                self.next();
                if name.fragments != 1 {
                    self.error_at(
                        name.start,
                        "attribute names may only consist of a single identifier with no \".\"",
                    );
                } else if let Some(label_pos) = name.label_pos {
                    self.error_at(label_pos, "attribute names may not have labels");
                }
                self.parse_expression();
            }
            Token::LCurly => {
                if !self.enter() {
                    return;
                }
                self.expect(Token::LCurly);
                self.parse_body(Token::RCurly);
                self.expect(Token::RCurly);
                self.leave();
            }
            _ => {
                if name.fragments == 1 && !name.has_label_text {
                    self.unexpected("attribute assignment or block body");
                } else {
                    self.unexpected("block body");
                }
                self.advance(Token::Ident);
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
            label_pos: None,
            has_label_text: false,
        };
        self.next();
        while self.tok == Token::Dot {
            self.next();
            if self.tok != Token::Ident {
                self.unexpected("identifier");
            }
            name.fragments += 1;
            self.next();
        }
        if self.tok != Token::Assign && self.tok != Token::LCurly {
            if self.tok == Token::String {
                let lit = self.lit;
                if !lit.starts_with(b"\"") {
                    self.error(format_args!(
                        "expected block label to be a double quoted string, but got {}",
                        go_quote_bytes(lit)
                    ));
                }
                if lit.len() > 2 {
                    let label = &lit[1..lit.len() - 1];
                    name.has_label_text = true;
                    if !is_valid_identifier(label) {
                        self.error(format_args!(
                            "expected block label to be a valid identifier, but got {}",
                            go_quote_bytes(label)
                        ));
                    }
                }
                name.label_pos = Some(self.pos);
            } else {
                self.unexpected("block label");
            }
            self.next();
        }
        Some(name)
    }

    fn parse_expression(&mut self) {
        self.parse_binary(1);
    }

    fn parse_binary(&mut self, min_prec: u8) {
        self.parse_pow();
        loop {
            let prec = self.tok.binary_precedence();
            if prec == 0 || prec < min_prec {
                return;
            }
            self.next();
            self.parse_binary(prec + 1);
        }
    }

    fn parse_pow(&mut self) {
        let mut nested = 0;
        loop {
            self.parse_unary();
            if self.tok != Token::Pow {
                break;
            }
            self.next();
            nested += 1;
            if nested > MAX_NESTING && !self.enter() {
                break;
            }
        }
    }

    fn parse_unary(&mut self) {
        // Unary operators apply to what follows; reading them in a loop
        // reports the same errors as Alloy's recursion.
        while matches!(self.tok, Token::Not | Token::Sub) {
            self.next();
        }
        let start = self.pos;
        if !self.enter() {
            return;
        }
        self.parse_primary();
        loop {
            match self.tok {
                Token::Dot => {
                    self.next();
                    self.expect(Token::Ident);
                }
                Token::LBrack => {
                    self.expect(Token::LBrack);
                    self.parse_expression();
                    self.expect(Token::RBrack);
                }
                Token::LParen => {
                    self.expect(Token::LParen);
                    if self.tok != Token::RParen {
                        self.parse_expression_list(Token::RParen);
                    }
                    self.expect(Token::RParen);
                }
                Token::String | Token::LCurly => {
                    // Someone assigned a block to an attribute.
                    if self.tok == Token::String {
                        self.next();
                    }
                    if self.expect(Token::LCurly).1 != Token::LCurly {
                        self.consume_statement();
                        break;
                    }
                    self.parse_body(Token::RCurly);
                    if self.expect(Token::RCurly).1 != Token::RCurly {
                        self.consume_statement();
                        break;
                    }
                    self.error_at(start, "cannot use a block as an expression");
                }
                _ => break,
            }
        }
        self.leave();
    }

    fn parse_primary(&mut self) {
        match self.tok {
            Token::Ident
            | Token::String
            | Token::Number
            | Token::Float
            | Token::Bool
            | Token::Null => self.next(),
            Token::LParen => {
                self.expect(Token::LParen);
                self.parse_expression();
                self.expect(Token::RParen);
            }
            Token::LBrack => {
                self.expect(Token::LBrack);
                if self.tok != Token::RBrack {
                    self.parse_expression_list(Token::RBrack);
                }
                self.expect(Token::RBrack);
            }
            Token::LCurly => {
                self.expect(Token::LCurly);
                // Alloy compares with `]` here (a harmless typo upstream).
                if self.tok != Token::RBrack {
                    self.parse_field_list(Token::RCurly);
                }
                self.expect(Token::RCurly);
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
            }
        }
    }

    fn parse_expression_list(&mut self, until: Token) {
        while self.tok != until && self.tok != Token::Eof {
            self.parse_expression();
            if self.tok == until {
                break;
            }
            if self.tok != Token::Comma {
                self.error(format_args!("missing ',' in expression list"));
            }
            self.next();
        }
    }

    fn parse_field_list(&mut self, until: Token) {
        while self.tok != until && self.tok != Token::Eof {
            self.parse_field();
            if self.tok == until {
                break;
            }
            if self.tok != Token::Comma {
                self.error(format_args!("missing ',' in field list"));
            }
            self.next();
        }
    }

    fn parse_field(&mut self) {
        if matches!(self.tok, Token::String | Token::Ident) {
            self.next();
        } else {
            self.unexpected("field name (string or identifier)");
            self.advance(Token::Assign);
        }
        self.expect(Token::Assign);
        self.parse_expression();
    }
}

struct BlockName {
    fragments: usize,
    start: usize,
    label_pos: Option<usize>,
    has_label_text: bool,
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
