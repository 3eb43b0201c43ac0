//! Values of string literals: Go's `strconv.Unquote`, as Alloy uses it.

/// The value of a string literal as written (with its quotes): the text
/// between backticks as is, or a double-quoted string with its escapes
/// decoded. `None` if the text is not a valid string literal.
pub fn unquote(lit: &str) -> Option<String> {
    let bytes = lit.as_bytes();
    if bytes.len() < 2 {
        return None;
    }
    let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
    let inner = &lit[1..lit.len() - 1];
    match (first, last) {
        (b'`', b'`') if !inner.contains('`') => Some(inner.to_string()),
        (b'"', b'"') => decode_escapes(inner),
        _ => None,
    }
}

fn decode_escapes(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\n' => return None,
            '\\' => {
                let e = chars.next()?;
                let simple = match e {
                    'a' => Some('\u{07}'),
                    'b' => Some('\u{08}'),
                    'f' => Some('\u{0C}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\u{0B}'),
                    '\\' => Some('\\'),
                    '"' => Some('"'),
                    _ => None,
                };
                if let Some(ch) = simple {
                    out.push(ch);
                    continue;
                }
                let (digits, radix) = match e {
                    '0'..='7' => (2, 8),
                    'x' => (2, 16),
                    'u' => (4, 16),
                    'U' => (8, 16),
                    _ => return None,
                };
                let mut value = if radix == 8 { e.to_digit(8)? } else { 0 };
                for _ in 0..digits {
                    value = value.checked_mul(radix)? + chars.next()?.to_digit(radix)?;
                }
                if radix == 8 || e == 'x' {
                    // Octal and \x escapes are bytes; Alloy's values are UTF-8
                    // strings, so only ASCII bytes are representable here.
                    if value > 0xFF {
                        return None;
                    }
                    out.push(
                        char::from_u32(value)
                            .filter(|_| value < 0x80)
                            .unwrap_or('\u{FFFD}'),
                    );
                } else {
                    out.push(char::from_u32(value)?);
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn decodes_like_go() {
        assert_eq!(unquote(r#""a\tb\"c\\""#).as_deref(), Some("a\tb\"c\\"));
        assert_eq!(
            unquote(r#""\x41\101\u00e9\U0001F600""#).as_deref(),
            Some("AA\u{e9}\u{1F600}")
        );
        assert_eq!(unquote("`raw\\n`").as_deref(), Some("raw\\n"));
        assert_eq!(unquote(r#""\q""#), None);
        assert_eq!(unquote(r#""\uD800""#), None);
    }
}
