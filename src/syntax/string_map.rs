//! Positions inside a string literal's value mapped back to the file.
//!
//! A query is checked as the string it is (`unquote`d), but a diagnostic
//! must point into the file, where escapes take more bytes than what they
//! stand for: in `"{job=\"x\"} |= \"a\""` the value's byte 6 is the file's
//! byte 7 after the literal's start. A raw (backtick) string is its value.

use std::ops::Range;

use super::ast::Literal;
use super::literal::unquote;

/// A string literal's value and where each of its bytes is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringMap {
    /// The value, escapes decoded.
    pub value: String,
    /// For each byte of `value`, then for its end, the file offset it comes
    /// from (the escape's backslash for an escaped character).
    offsets: Vec<usize>,
}

impl StringMap {
    /// The map of a string literal, or `None` when it is not one.
    pub fn of(literal: &Literal) -> Option<StringMap> {
        StringMap::new(&literal.value, literal.pos as usize)
    }

    /// The map of the literal `raw` (quotes included) written at file
    /// offset `start`.
    pub fn new(raw: &str, start: usize) -> Option<StringMap> {
        let value = unquote(raw)?;
        let inner = &raw[1..raw.len() - 1];
        let first = start + 1;
        if raw.starts_with('`') {
            let offsets = (0..=inner.len()).map(|i| first + i).collect();
            return Some(StringMap { value, offsets });
        }
        let mut offsets = Vec::with_capacity(value.len() + 1);
        let bytes = inner.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let len = if bytes[i] == b'\\' {
                escape_len(&bytes[i..])
            } else {
                utf8_len(bytes[i])
            };
            // What these source bytes decode to, by decoding them alone.
            let piece = &inner[i..(i + len).min(inner.len())];
            let decoded = unquote(&format!("\"{piece}\"")).unwrap_or_default();
            if piece.starts_with('\\') {
                offsets.extend(std::iter::repeat_n(first + i, decoded.len()));
            } else {
                offsets.extend((0..decoded.len()).map(|k| first + i + k));
            }
            i += len;
        }
        offsets.push(first + inner.len());
        if offsets.len() != value.len() + 1 {
            // Decoding piece by piece disagreed with decoding the whole
            // literal (it cannot, for a literal `unquote` accepts): fall back
            // to the literal's start for every byte.
            offsets = vec![first; value.len() + 1];
        }
        Some(StringMap { value, offsets })
    }

    /// The file offset of byte `at` of the value (its end for `at` past it).
    pub fn offset(&self, at: usize) -> usize {
        self.offsets[at.min(self.offsets.len() - 1)]
    }

    /// The file range of a range of the value. An escape stays whole: a
    /// range ending inside what an escape decodes to ends after the escape.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offset(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let last = self.offset(range.end - 1);
        let next = self.offset(range.end);
        // The end is where the byte after the range starts, unless that byte
        // comes from the same escape as the range's last byte.
        let end = if next > last {
            next
        } else {
            self.offsets
                .iter()
                .copied()
                .find(|&o| o > last)
                .unwrap_or(next)
        };
        start..end.max(start)
    }
}

/// The length of the escape at the start of `bytes` (a backslash first).
fn escape_len(bytes: &[u8]) -> usize {
    let n = match bytes.get(1) {
        Some(b'0'..=b'7') => 4,
        Some(b'x') => 4,
        Some(b'u') => 6,
        Some(b'U') => 10,
        _ => 2,
    };
    n.min(bytes.len())
}

/// The length of the UTF-8 sequence starting with `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_shift_by_the_quote() {
        let m = StringMap::new("\"abc\"", 10).unwrap();
        assert_eq!(m.value, "abc");
        assert_eq!(m.offset(0), 11);
        assert_eq!(m.offset(3), 14);
        assert_eq!(m.range(1..3), 12..14);
    }

    #[test]
    fn escapes_take_their_source_bytes() {
        // {job=\"x\"}: the value is {job="x"}.
        let raw = r#""{job=\"x\"} |= \"a\"""#;
        let m = StringMap::new(raw, 0).unwrap();
        assert_eq!(m.value, r#"{job="x"} |= "a""#);
        let quote = m.value.find('"').unwrap();
        assert_eq!(m.range(quote..quote + 1), 6..8, "the escape is whole");
        let x = m.value.find('x').unwrap();
        assert_eq!(&raw[m.range(x..x + 1)], "x");
        let a = m.value.rfind('a').unwrap();
        assert_eq!(&raw[m.range(a..a + 1)], "a");
        assert_eq!(m.offset(m.value.len()), raw.len() - 1);
    }

    #[test]
    fn unicode_escapes_map_every_byte_to_the_escape() {
        let raw = "\"é\\u00e9x\"";
        let m = StringMap::new(raw, 0).unwrap();
        assert_eq!(m.value, "ééx");
        assert_eq!(m.offset(2), 3, "the escape's backslash");
        assert_eq!(m.offset(3), 3);
        assert_eq!(m.range(2..4), 3..9);
        assert_eq!(&raw[m.range(4..5)], "x");
    }

    #[test]
    fn raw_strings_are_their_value() {
        let m = StringMap::new("`a\\nb`", 5).unwrap();
        assert_eq!(m.value, "a\\nb");
        assert_eq!(m.range(1..3), 7..9);
    }
}
