//! Passwords in URLs: `scheme://user:password@host/...`.
//!
//! A URL's userinfo is split as Go's `net/url` splits it (`url.go`,
//! `parseAuthority`): the authority ends at the first `/`, `?` or `#`, the
//! userinfo is everything before the *last* `@` in it (so a password may
//! itself hold `@`), and the password is what follows the first `:` of the
//! userinfo. Only the password is secret: the user name is shown, as every
//! URL parser's redaction does (`url.URL.Redacted`).

use std::ops::Range;

/// The byte ranges of the passwords of every URL in `text`, in order.
pub fn find_url_passwords(text: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&text[from..], b"://") {
        let separator = from + at;
        from = separator + 3;
        if !has_scheme_before(&text[..separator]) {
            continue;
        }
        let authority_start = separator + 3;
        let authority_len = text[authority_start..]
            .iter()
            .position(|&c| ends_authority(c))
            .unwrap_or(text.len() - authority_start);
        let authority = &text[authority_start..authority_start + authority_len];
        let Some(last_at) = authority.iter().rposition(|&c| c == b'@') else {
            continue;
        };
        let userinfo = &authority[..last_at];
        if let Some(colon) = userinfo.iter().position(|&c| c == b':') {
            let start = authority_start + colon + 1;
            let end = authority_start + last_at;
            if start < end {
                found.push(start..end);
            }
        }
        from = authority_start + authority_len;
    }
    found
}

/// Whether `before` ends with a URL scheme: a letter, then letters, digits,
/// `+`, `-` or `.` (RFC 3986, section 3.1).
fn has_scheme_before(before: &[u8]) -> bool {
    let scheme_len = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    scheme_len > 0 && before[before.len() - scheme_len].is_ascii_alphabetic()
}

/// A byte that ends a URL's authority: its own delimiters, and what ends a
/// URL written in a configuration (a quote, a blank, a line end).
fn ends_authority(c: u8) -> bool {
    matches!(
        c,
        b'/' | b'?'
            | b'#'
            | b'"'
            | b'`'
            | b'\''
            | b'<'
            | b'>'
            | b'\\'
            | b' '
            | b'\t'
            | b'\n'
            | b'\r'
    )
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passwords(text: &str) -> Vec<&str> {
        find_url_passwords(text.as_bytes())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn finds_the_password_of_each_url() {
        assert_eq!(
            passwords(r#"url = "https://admin:hunter2@db:5432/x", b = "http://u:p@h""#),
            ["hunter2", "p"]
        );
    }

    #[test]
    fn a_password_may_hold_at_signs_and_colons() {
        // Go's parser splits the authority at its last `@`.
        assert_eq!(passwords("redis://u:p@ss:w0rd@host:6379/0"), ["p@ss:w0rd"]);
    }

    #[test]
    fn user_names_hosts_and_paths_are_not_passwords() {
        assert!(passwords("https://user@host/a:b@c").is_empty());
        assert!(passwords("https://host:443/path?u=a:b@c").is_empty());
        assert!(passwords("not a url: a:b@c").is_empty());
        assert!(passwords("://u:p@h").is_empty());
        assert!(passwords("https://u:@h").is_empty());
    }

    #[test]
    fn the_authority_ends_where_the_string_does() {
        assert_eq!(passwords("a = \"https://u:one@h\"\nb = \"x@y\""), ["one"]);
    }
}
