//! Alloy's token scanner, rebuilt: tokens, automatic statement terminators
//! and every lexical error with Alloy's message and position.
//!
//! The grammar decides what parses; this scanner exists to explain what
//! does not (see [`super::diagnose`]) and to compare token sequences in
//! tests and the fuzzer. It works on raw bytes, so it also reports NUL
//! bytes, invalid UTF-8 and a misplaced byte order mark.

use std::fmt;

use unicode_general_category::{get_general_category, GeneralCategory as G};

use super::quote::is_print;

/// A token kind, named as in Alloy's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    /// Not a valid token.
    Illegal,
    /// End of input.
    Eof,
    /// A comment.
    Comment,
    /// An identifier.
    Ident,
    /// An integer.
    Number,
    /// A float.
    Float,
    /// A string.
    String,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `!`
    Not,
    /// `=`
    Assign,
    /// `==`
    Eq,
    /// `!=`
    Neq,
    /// `<`
    Lt,
    /// `<=`
    Lte,
    /// `>`
    Gt,
    /// `>=`
    Gte,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `{`
    LCurly,
    /// `}`
    RCurly,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBrack,
    /// `]`
    RBrack,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// An automatic statement terminator (a line end).
    Terminator,
}

impl Token {
    /// The name Alloy uses in messages.
    pub fn as_str(self) -> &'static str {
        use Token::*;
        match self {
            Illegal => "ILLEGAL",
            Eof => "EOF",
            Comment => "COMMENT",
            Ident => "IDENT",
            Number => "NUMBER",
            Float => "FLOAT",
            String => "STRING",
            Bool => "BOOL",
            Null => "NULL",
            Or => "||",
            And => "&&",
            Not => "!",
            Assign => "=",
            Eq => "==",
            Neq => "!=",
            Lt => "<",
            Lte => "<=",
            Gt => ">",
            Gte => ">=",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Mod => "%",
            Pow => "^",
            LCurly => "{",
            RCurly => "}",
            LParen => "(",
            RParen => ")",
            LBrack => "[",
            RBrack => "]",
            Comma => ",",
            Dot => ".",
            Terminator => "TERMINATOR",
        }
    }

    /// Binary operator precedence (1 lowest, 6 `^`); 0 for non-operators.
    pub fn binary_precedence(self) -> u8 {
        use Token::*;
        match self {
            Or => 1,
            And => 2,
            Eq | Neq | Lt | Lte | Gt | Gte => 3,
            Add | Sub => 4,
            Mul | Div | Mod => 5,
            Pow => 6,
            _ => 0,
        }
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lexical error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    /// Where Alloy reports it.
    pub offset: usize,
    /// Alloy's message.
    pub message: String,
}

const EOF: i32 = -1;
const BOM: i32 = 0xFEFF;

/// The scanner state.
pub struct Scanner<'a> {
    src: &'a [u8],
    ch: i32,
    offset: usize,
    read_offset: usize,
    insert_term: bool,
    /// Errors in the order Alloy emits them, at most
    /// [`MAX_ERRORS`](super::error::MAX_ERRORS) at a time (a reader takes
    /// them as it goes).
    pub errors: Vec<LexError>,
    /// Errors found while `errors` was full: counted, not kept (10 MB of
    /// invalid bytes must not become ten million messages).
    pub dropped: usize,
    /// The first of them.
    pub first_dropped: Option<LexError>,
    /// Whether messages are still wanted; a reader that has all it keeps
    /// clears it, and errors are then only counted.
    pub keep_messages: bool,
    /// Offset of the first error found while scanning the last token (kept
    /// or only counted): an error inside the token makes it unreadable.
    pub scan_error_at: Option<usize>,
}

impl<'a> Scanner<'a> {
    /// A scanner positioned at the first token (a leading BOM is skipped).
    pub fn new(src: &'a [u8]) -> Self {
        let mut s = Scanner {
            src,
            ch: b' ' as i32,
            offset: 0,
            read_offset: 0,
            insert_term: false,
            errors: Vec::new(),
            dropped: 0,
            first_dropped: None,
            keep_messages: true,
            scan_error_at: None,
        };
        s.next();
        if s.ch == BOM {
            s.next();
        }
        s
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.scan_error_at.get_or_insert(offset);
        if !self.keeps_next_error() {
            // Counted only: no message to build (ten million of them for
            // 10 MB of invalid bytes).
            self.dropped += 1;
            return;
        }
        let error = LexError {
            offset,
            message: message.into(),
        };
        if self.errors.len() < super::error::MAX_ERRORS {
            self.errors.push(error);
        } else {
            self.dropped += 1;
            self.first_dropped = Some(error);
        }
    }

    /// Whether the next error's message is kept (the first dropped one is,
    /// for its position).
    fn keeps_next_error(&self) -> bool {
        self.keep_messages
            && (self.errors.len() < super::error::MAX_ERRORS || self.first_dropped.is_none())
    }

    fn peek(&self) -> u8 {
        self.src.get(self.read_offset).copied().unwrap_or(0)
    }

    fn next(&mut self) {
        if self.read_offset >= self.src.len() {
            self.offset = self.src.len();
            self.ch = EOF;
            return;
        }
        self.offset = self.read_offset;
        let b = self.src[self.read_offset];
        let (r, width) = if b == 0 {
            self.error(self.offset, "illegal character NUL");
            (0, 1)
        } else if b < 0x80 {
            (b as i32, 1)
        } else {
            match decode_utf8(&self.src[self.read_offset..]) {
                Some((c, w)) => {
                    if c as i32 == BOM && self.offset > 0 {
                        self.error(self.offset, "illegal byte order mark");
                    }
                    (c as i32, w)
                }
                None => {
                    self.error(self.offset, "illegal UTF-8 encoding");
                    (0xFFFD, 1)
                }
            }
        };
        self.read_offset += width;
        self.ch = r;
    }

    /// Scans the next token: its offset, kind and text.
    pub fn scan(&mut self) -> (usize, Token, &'a [u8]) {
        self.scan_error_at = None;
        self.skip_whitespace();
        let pos = self.offset;
        let ch = self.ch;
        let mut insert_term = false;
        let tok;
        let mut lit_end = pos;
        if is_letter(ch) {
            self.scan_identifier();
            lit_end = self.offset;
            let lit = &self.src[pos..lit_end];
            tok = match lit {
                b"true" | b"false" => Token::Bool,
                b"null" => Token::Null,
                _ => Token::Ident,
            };
            insert_term = true;
        } else if is_decimal(ch) || (ch == b'.' as i32 && self.peek().is_ascii_digit()) {
            insert_term = true;
            tok = self.scan_number();
            lit_end = self.offset;
        } else {
            self.next();
            tok = match ch {
                EOF => {
                    if self.insert_term {
                        self.insert_term = false;
                        return (pos, Token::Terminator, b"\n");
                    }
                    Token::Eof
                }
                0x0A => {
                    self.insert_term = false;
                    return (pos, Token::Terminator, b"\n");
                }
                0x27 => {
                    self.error(pos, "illegal single-quoted string; use double quotes");
                    insert_term = true;
                    self.scan_string(b'\'' as i32, true, false);
                    lit_end = self.offset;
                    Token::Illegal
                }
                0x22 => {
                    insert_term = true;
                    self.scan_string(b'"' as i32, true, false);
                    lit_end = self.offset;
                    Token::String
                }
                0x60 => {
                    insert_term = true;
                    self.scan_string(b'`' as i32, false, true);
                    lit_end = self.offset;
                    Token::String
                }
                0x7C => {
                    if self.ch != b'|' as i32 {
                        self.error(self.offset, "missing second | in ||");
                    } else {
                        self.next();
                    }
                    Token::Or
                }
                0x26 => {
                    if self.ch != b'&' as i32 {
                        self.error(self.offset, "missing second & in &&");
                    } else {
                        self.next();
                    }
                    Token::And
                }
                0x21 => self.switch2(Token::Not, Token::Neq),
                0x3D => self.switch2(Token::Assign, Token::Eq),
                0x3C => self.switch2(Token::Lt, Token::Lte),
                0x3E => self.switch2(Token::Gt, Token::Gte),
                0x2B => Token::Add,
                0x2D => Token::Sub,
                0x2A => Token::Mul,
                0x2F => {
                    if self.ch == b'/' as i32 || self.ch == b'*' as i32 {
                        // A comment that runs to the line end ends a pending
                        // statement: the terminator comes first.
                        if self.insert_term && self.find_line_end() {
                            self.ch = b'/' as i32;
                            self.offset = pos;
                            self.read_offset = pos + 1;
                            self.insert_term = false;
                            return (pos, Token::Terminator, b"\n");
                        }
                        self.scan_comment();
                        lit_end = self.offset;
                        Token::Comment
                    } else {
                        Token::Div
                    }
                }
                0x25 => Token::Mod,
                0x5E => Token::Pow,
                0x7B => Token::LCurly,
                0x7D => {
                    insert_term = true;
                    Token::RCurly
                }
                0x28 => Token::LParen,
                0x29 => {
                    insert_term = true;
                    Token::RParen
                }
                0x5B => Token::LBrack,
                0x5D => {
                    insert_term = true;
                    Token::RBrack
                }
                0x2C => Token::Comma,
                0x2E => Token::Dot,
                other => {
                    if other != BOM {
                        let msg = if self.keeps_next_error() {
                            format!("illegal character {}", go_unicode_verb(other))
                        } else {
                            String::new()
                        };
                        self.error(pos, msg);
                    }
                    insert_term = self.insert_term;
                    lit_end = self.offset;
                    Token::Illegal
                }
            };
        }
        self.insert_term = insert_term;
        (pos, tok, &self.src[pos..lit_end])
    }

    /// Offset just past the token last scanned (at its start for a
    /// terminator that stands for no character).
    pub fn offset(&self) -> usize {
        self.offset
    }

    fn skip_whitespace(&mut self) {
        while self.ch == b' ' as i32
            || self.ch == b'\t' as i32
            || self.ch == b'\r' as i32
            || (self.ch == b'\n' as i32 && !self.insert_term)
        {
            self.next();
        }
    }

    fn scan_identifier(&mut self) {
        while is_letter(self.ch) || is_digit(self.ch) {
            self.next();
        }
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while is_decimal(self.ch) {
            self.next();
            n += 1;
        }
        n
    }

    fn scan_number(&mut self) -> Token {
        let start = self.offset;
        let mut tok = Token::Number;
        if self.ch != b'.' as i32 {
            self.digits();
        }
        if self.ch == b'.' as i32 {
            tok = Token::Float;
            self.next();
            self.digits();
        }
        if self.ch == b'e' as i32 || self.ch == b'E' as i32 {
            tok = Token::Float;
            self.next();
            if self.ch == b'+' as i32 || self.ch == b'-' as i32 {
                self.next();
            }
            if self.digits() == 0 {
                self.error(start, "exponent has no digits");
            }
        }
        tok
    }

    fn scan_string(&mut self, until: i32, escape: bool, multiline: bool) {
        let start = self.offset - 1;
        loop {
            let ch = self.ch;
            if (!multiline && ch == b'\n' as i32) || ch == EOF {
                self.error(start, "string literal not terminated");
                break;
            }
            self.next();
            if ch == until {
                break;
            }
            if escape && ch == b'\\' as i32 {
                self.scan_escape();
            }
        }
    }

    fn scan_escape(&mut self) {
        let start = self.offset;
        let (mut n, base, max): (u32, u32, u32) = match self.ch {
            c if c >= 0 && b"abfnrtv\\\"".contains(&(c as u8)) && c < 0x80 => {
                self.next();
                return;
            }
            c if (b'0' as i32..=b'7' as i32).contains(&c) => (3, 8, 255),
            c if c == b'x' as i32 => {
                self.next();
                (2, 16, 255)
            }
            c if c == b'u' as i32 => {
                self.next();
                (4, 16, 0x10FFFF)
            }
            c if c == b'U' as i32 => {
                self.next();
                (8, 16, 0x10FFFF)
            }
            c => {
                let msg = if c == EOF {
                    "escape sequence not terminated"
                } else {
                    "unknown escape sequence"
                };
                self.error(start, msg);
                return;
            }
        };
        let mut x: u32 = 0;
        while n > 0 {
            let d = digit_val(self.ch);
            if d >= base {
                let msg = if self.ch == EOF {
                    "escape sequence not terminated".to_string()
                } else {
                    format!(
                        "illegal character {} in escape sequence",
                        go_unicode_verb(self.ch)
                    )
                };
                self.error(start, msg);
                return;
            }
            x = x.wrapping_mul(base).wrapping_add(d);
            self.next();
            n -= 1;
        }
        if x > max || (0xD800..0xE000).contains(&x) {
            self.error(start, "escape sequence is invalid Unicode code point");
        }
    }

    fn scan_comment(&mut self) {
        let start = self.offset - 1;
        if self.ch == b'/' as i32 {
            self.next();
            while self.ch != b'\n' as i32 && self.ch != EOF {
                self.next();
            }
            return;
        }
        self.next();
        while self.ch != EOF {
            let ch = self.ch;
            self.next();
            if ch == b'*' as i32 && self.ch == b'/' as i32 {
                self.next();
                return;
            }
        }
        self.error(start, "block comment not terminated");
    }

    /// Whether the comment starting here runs to the end of the line (then a
    /// pending terminator is emitted before it). Restores the position.
    fn find_line_end(&mut self) -> bool {
        let start = self.offset - 1;
        let result = self.find_line_end_inner();
        self.ch = b'/' as i32;
        self.offset = start;
        self.read_offset = start + 1;
        self.next();
        result
    }

    fn find_line_end_inner(&mut self) -> bool {
        while self.ch == b'/' as i32 || self.ch == b'*' as i32 {
            if self.ch == b'/' as i32 {
                return true;
            }
            self.next();
            while self.ch != EOF {
                let ch = self.ch;
                if ch == b'\n' as i32 {
                    return true;
                }
                self.next();
                if ch == b'*' as i32 && self.ch == b'/' as i32 {
                    self.next();
                    break;
                }
            }
            self.skip_whitespace();
            if self.ch == EOF || self.ch == b'\n' as i32 {
                return true;
            }
            if self.ch != b'/' as i32 {
                return false;
            }
            self.next();
        }
        false
    }

    fn switch2(&mut self, single: Token, double: Token) -> Token {
        if self.ch == b'=' as i32 {
            self.next();
            double
        } else {
            single
        }
    }
}

/// Every token of `src` with its offset (comments included), and the
/// lexical errors. Stops at the end of input.
pub fn tokenize(src: &[u8]) -> (Vec<(usize, Token, String)>, Vec<LexError>) {
    let mut s = Scanner::new(src);
    let mut out = Vec::new();
    loop {
        let (pos, tok, lit) = s.scan();
        if tok == Token::Eof {
            break;
        }
        out.push((pos, tok, String::from_utf8_lossy(lit).into_owned()));
    }
    (out, s.errors)
}

fn decode_utf8(b: &[u8]) -> Option<(char, usize)> {
    let len = match b[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let chunk = b.get(..len)?;
    let s = std::str::from_utf8(chunk).ok()?;
    s.chars().next().map(|c| (c, len))
}

fn is_decimal(ch: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&ch)
}

/// Go's `unicode.IsLetter` plus `_`.
pub fn is_letter(ch: i32) -> bool {
    if ch < 0x80 {
        return ch >= 0 && ((ch as u8).is_ascii_alphabetic() || ch == b'_' as i32);
    }
    char::from_u32(ch as u32).is_some_and(|c| {
        matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
        )
    })
}

/// Go's `unicode.IsDigit` (decimal digits).
pub fn is_digit(ch: i32) -> bool {
    if ch < 0x80 {
        return is_decimal(ch);
    }
    char::from_u32(ch as u32).is_some_and(|c| get_general_category(c) == G::DecimalNumber)
}

fn digit_val(ch: i32) -> u32 {
    match ch {
        0x30..=0x39 => (ch - 0x30) as u32,
        0x61..=0x66 => (ch - 0x61 + 10) as u32,
        0x41..=0x46 => (ch - 0x41 + 10) as u32,
        _ => 16,
    }
}

/// Go's `%#U`: `U+0023 '#'`, without the quoted character when it is not
/// printable.
pub fn go_unicode_verb(ch: i32) -> String {
    let code = format!("U+{:04X}", ch.max(0));
    match char::from_u32(ch as u32) {
        Some(c) if is_print(c) => {
            format!("{code} '{c}'")
        }
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Token> {
        tokenize(src.as_bytes())
            .0
            .into_iter()
            .map(|t| t.1)
            .collect()
    }

    #[test]
    fn inserts_terminators_like_go() {
        use Token::*;
        assert_eq!(kinds("a = 1\n"), [Ident, Assign, Number, Terminator]);
        assert_eq!(
            kinds("a = [\n1,\n]"),
            [Ident, Assign, LBrack, Number, Comma, RBrack, Terminator]
        );
        assert_eq!(kinds("a // c\n"), [Ident, Terminator, Comment]);
        assert_eq!(kinds("a /* c */ b"), [Ident, Comment, Ident, Terminator]);
    }

    #[test]
    fn reports_lexical_errors_like_alloy() {
        let errs = |s: &str| -> Vec<(usize, String)> {
            tokenize(s.as_bytes())
                .1
                .into_iter()
                .map(|e| (e.offset, e.message))
                .collect()
        };
        assert_eq!(errs("#"), [(0, "illegal character U+0023 '#'".to_string())]);
        assert_eq!(
            errs("a = \"\\q\""),
            [(6, "unknown escape sequence".to_string())]
        );
        assert_eq!(errs("a = 1e"), [(4, "exponent has no digits".to_string())]);
        assert_eq!(
            errs("a = \"x"),
            [(4, "string literal not terminated".to_string())]
        );
        assert_eq!(errs("\u{c}"), [(0, "illegal character U+000C".to_string())]);
        assert_eq!(
            errs("a = 'x'"),
            [(
                4,
                "illegal single-quoted string; use double quotes".to_string()
            )]
        );
    }
}
