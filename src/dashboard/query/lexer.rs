//! Tokens of LogQL and TraceQL, and the scanning every query language
//! shares: where strings are ([`Quotes`]), balanced brackets and terminated
//! strings ([`check_balance`]).

use std::ops::Range;

use super::QueryError;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A name: letters, digits, `_`, and the language's extra characters.
    Ident,
    /// A quoted string (`"..."` with escapes, or a raw `` `...` ``).
    Str,
    /// A number, possibly with a unit (`5m`, `1.5s`, `10KB`, `0.99`).
    Number,
    /// An operator or punctuation.
    Punct,
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Its kind.
    pub kind: TokenKind,
    /// Its text.
    pub text: &'a str,
    /// Its bytes in the query.
    pub range: Range<usize>,
}

/// Operators and punctuation, longest first within each first character.
const PUNCT: &[&str] = &[
    "|=", "|~", "|>", "||", "|", "!=", "!~", "!>>", "!>", "!<<", "!<", "!", "=~", "==", "=", ">>",
    ">=", ">", "<<", "<=", "<", "&&", "&>>", "&>", "&<<", "&<", "&~", "{", "}", "(", ")", "[", "]",
    ",", "+", "--", "-", "*", "/", "%", "^", "~", ".", ":", "@",
];

/// Splits `query` into tokens. `ident_extra` are the characters a name may
/// hold besides letters, digits and `_` (TraceQL's `.` and `:`).
pub fn tokenize<'a>(query: &'a str, ident_extra: &[u8]) -> Result<Vec<Token<'a>>, QueryError> {
    let b = query.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c == b'"' || c == b'`' {
            i = string_end(b, i)?;
            TokenKind::Str
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            TokenKind::Number
        } else if c.is_ascii_alphabetic() || c == b'_' || (ident_extra.contains(&c) && c != b':') {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || ident_extra.contains(&b[i]))
            {
                // A quoted attribute name part: `span."with space"`.
                if b[i] == b'.' && b.get(i + 1) == Some(&b'"') {
                    i = string_end(b, i + 1)?;
                    continue;
                }
                i += 1;
            }
            TokenKind::Ident
        } else if let Some(p) = PUNCT.iter().find(|p| b[i..].starts_with(p.as_bytes())) {
            i += p.len();
            TokenKind::Punct
        } else {
            let len = query[i..].chars().next().map_or(1, char::len_utf8);
            return Err(QueryError::new(
                i..i + len,
                format!("unexpected character `{}`", &query[i..i + len]),
            ));
        };
        tokens.push(Token {
            kind,
            text: &query[start..i],
            range: start..i,
        });
    }
    Ok(tokens)
}

/// The end of the string starting at `start`, or the error of a string
/// left open.
fn string_end(b: &[u8], start: usize) -> Result<usize, QueryError> {
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote != b'`' => i += 2,
            c if c == quote => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(QueryError::new(start..start + 1, "string is never closed"))
}

/// Where strings are, for scans that go byte by byte: `"`, `'` and `` ` ``
/// open strings, and a backslash escapes the next byte in all but raw
/// (`` ` ``) ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quotes {
    /// The quote of the string the scan is in.
    open: Option<u8>,
    /// Whether the next byte follows a backslash in a string.
    escaped: bool,
}

impl Quotes {
    /// Whether the next byte is inside a string: a string's closing quote
    /// is, its opening one is not.
    pub fn inside(self) -> bool {
        self.open.is_some()
    }

    /// Whether the next byte is escaped by a backslash.
    pub fn escaped(self) -> bool {
        self.escaped
    }

    /// Moves past the byte `c`.
    pub fn step(&mut self, c: u8) {
        match self.open {
            Some(_) if self.escaped => self.escaped = false,
            Some(q) if c == b'\\' && q != b'`' => self.escaped = true,
            Some(q) if c == q => self.open = None,
            Some(_) => {}
            None if matches!(c, b'"' | b'\'' | b'`') => self.open = Some(c),
            None => {}
        }
    }
}

/// The deepest bracket nesting a query may have: the checkers recurse
/// once per level.
pub const MAX_DEPTH: usize = 256;

/// Checks that brackets pair up (at most [`MAX_DEPTH`] deep) and strings
/// are closed, outside strings; `quotes` are the characters that open
/// strings.
pub fn check_balance(query: &str, quotes: &[u8]) -> Result<(), QueryError> {
    let b = query.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if quotes.contains(&c) {
            i = string_end(b, i)?;
            continue;
        }
        match c {
            b'(' | b'[' | b'{' if open.len() == MAX_DEPTH => {
                return Err(QueryError::new(
                    i..i + 1,
                    format!("brackets nested more than {MAX_DEPTH} deep"),
                ));
            }
            b'(' | b'[' | b'{' => open.push(i),
            b')' | b']' | b'}' => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match open.pop() {
                    Some(o) if b[o] == want => {}
                    Some(o) => {
                        return Err(QueryError::new(
                            i..i + 1,
                            format!(
                                "`{}` closes `{}`, which needs `{}`",
                                c as char,
                                b[o] as char,
                                closing(b[o])
                            ),
                        ));
                    }
                    None => {
                        return Err(QueryError::new(
                            i..i + 1,
                            format!("`{}` closes nothing", c as char),
                        ));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    match open.last() {
        Some(&o) => Err(QueryError::new(
            o..o + 1,
            format!("`{}` is never closed", b[o] as char),
        )),
        None => Ok(()),
    }
}

fn closing(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}

/// A cursor over tokens for the recursive-descent checkers.
#[derive(Debug)]
pub struct Cursor<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    /// The query's length, for errors at its end.
    end: usize,
}

impl<'t, 'a> Cursor<'t, 'a> {
    /// A cursor at the first of `tokens` of a query `len` bytes long.
    pub fn new(tokens: &'t [Token<'a>], len: usize) -> Self {
        Cursor {
            tokens,
            pos: 0,
            end: len,
        }
    }

    /// The next token, not consumed.
    pub fn peek(&self) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos)
    }

    /// The token after the next one.
    pub fn peek2(&self) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos + 1)
    }

    /// Whether the next token is the punctuation or name `text`.
    pub fn at(&self, text: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.text == text && t.kind != TokenKind::Str)
    }

    /// Whether the next token is one of `texts` (punctuation or names).
    pub fn at_any(&self, texts: &[&str]) -> bool {
        texts.iter().any(|text| self.at(text))
    }

    /// Whether the next token is of `kind`.
    pub fn at_kind(&self, kind: TokenKind) -> bool {
        self.peek().is_some_and(|t| t.kind == kind)
    }

    /// Whether every token was consumed.
    pub fn done(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// Consumes and returns the next token.
    pub fn bump(&mut self) -> Option<&'t Token<'a>> {
        let t = self.tokens.get(self.pos);
        self.pos += 1;
        t
    }

    /// Consumes the next token if it is `text`.
    pub fn eat(&mut self, text: &str) -> bool {
        let at = self.at(text);
        if at {
            self.pos += 1;
        }
        at
    }

    /// Consumes `text` or fails with "expected {what}".
    pub fn expect(&mut self, text: &str, what: &str) -> Result<&'t Token<'a>, QueryError> {
        if self.at(text) {
            Ok(self.bump().expect("peeked"))
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    /// Consumes a token of `kind` or fails with "expected {what}".
    pub fn expect_kind(
        &mut self,
        kind: TokenKind,
        what: &str,
    ) -> Result<&'t Token<'a>, QueryError> {
        if self.at_kind(kind) {
            Ok(self.bump().expect("peeked"))
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    /// An error at the next token (at the end of the query when there is
    /// none), saying what was found.
    pub fn error(&self, message: String) -> QueryError {
        match self.peek() {
            Some(t) => QueryError::new(t.range.clone(), format!("{message}, found `{}`", t.text)),
            None => QueryError::new(
                self.end..self.end,
                format!("{message} at the end of the query"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_their_ranges() {
        let q = r#"{job="a\"b"} |= `x` | json | duration > 1.5s"#;
        let tokens = tokenize(q, b"").unwrap();
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "{",
                "job",
                "=",
                r#""a\"b""#,
                "}",
                "|=",
                "`x`",
                "|",
                "json",
                "|",
                "duration",
                ">",
                "1.5s"
            ]
        );
        for t in &tokens {
            assert_eq!(&q[t.range.clone()], t.text);
        }
        let traceql = tokenize("{span.http.status_code>=500 && trace:duration>1s}", b".:").unwrap();
        assert_eq!(traceql[1].text, "span.http.status_code");
        assert_eq!(traceql[5].text, "trace:duration");
        assert_eq!(tokenize(".foo", b".:").unwrap()[0].text, ".foo");
    }

    #[test]
    fn lexical_errors_have_positions() {
        let e = tokenize(r#"{a="b} |= "c""#, b"").unwrap_err();
        assert_eq!(e.range, 12..13, "{e:?}");
        let e = tokenize("{a=\"b\"} # x", b"").unwrap_err();
        assert_eq!(e.range, 8..9);
        assert!(e.message.contains('#'));
    }

    #[test]
    fn quotes_know_what_is_inside_a_string() {
        let q = r#"a"b\"c"d'e'`f\`g"#;
        let mut quotes = Quotes::default();
        let inside: String = q
            .bytes()
            .map(|c| {
                let inside = quotes.inside();
                quotes.step(c);
                if inside {
                    'i'
                } else {
                    '.'
                }
            })
            .collect();
        // The closing quote is inside, the opening one is not; a backslash
        // escapes in `"` strings, not in raw ones.
        assert_eq!(inside, "..iiiii..ii.iii.");
    }

    #[test]
    fn brackets_pair_up() {
        assert!(check_balance(r#"sum(rate(x{a="(["}[5m]))"#, b"\"'`").is_ok());
        let e = check_balance("sum(rate(x[5m])", b"\"").unwrap_err();
        assert_eq!((e.range, e.message.as_str()), (3..4, "`(` is never closed"));
        let e = check_balance("rate(x[5m)]", b"\"").unwrap_err();
        assert_eq!(e.range, 9..10);
        let e = check_balance("x)", b"\"").unwrap_err();
        assert_eq!(e.message, "`)` closes nothing");
        let e = check_balance("x{a='b}", b"\"'").unwrap_err();
        assert_eq!(e.range, 4..5);
        let deep = "(".repeat(MAX_DEPTH + 1) + &")".repeat(MAX_DEPTH + 1);
        let e = check_balance(&deep, b"\"").unwrap_err();
        assert_eq!(e.range, MAX_DEPTH..MAX_DEPTH + 1);
        let fine = "(".repeat(MAX_DEPTH) + &")".repeat(MAX_DEPTH);
        assert!(check_balance(&fine, b"\"").is_ok());
    }
}
