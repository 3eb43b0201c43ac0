//! One fast pass over the source that collects the comments and measures
//! bracket nesting.
//!
//! Comments are silent in the grammar (so pest's parse tree stays small);
//! this scan finds the same comments, since on an input the grammar accepts
//! a comment can only start outside strings. It also bounds nesting before
//! the recursive parser runs, so deep input gives an error instead of a
//! stack overflow.

use super::ast::{Comment, Pos};

/// Deepest nesting accepted: brackets, a run of unary operators, or `^`
/// operators in one file (`^` is right-associative, so a chain of them
/// nests). Real configurations nest a handful of levels; this leaves ample
/// room while keeping every recursive pass far from the stack limit.
pub const MAX_NESTING: usize = 1000;

/// What the scan found.
#[derive(Debug, Default)]
pub struct Trivia {
    /// Every comment, in order, with carriage returns stripped as Alloy does.
    pub comments: Vec<Comment>,
    /// Offset of the bracket that first went past [`MAX_NESTING`], if any.
    pub too_deep_at: Option<usize>,
    /// Deepest bracket nesting seen.
    pub max_depth: usize,
    /// Offsets just past each `}` that closes a top-level statement opened
    /// on an earlier line: places where the file may be cut into pieces
    /// that parse and print independently.
    pub top_level_ends: Vec<usize>,
}

/// Scans `src` (which the caller has checked is valid UTF-8 without NUL).
pub fn scan(src: &[u8]) -> Trivia {
    let mut trivia = Trivia::default();
    let mut depth = 0usize;
    let mut unary_run = 0usize;
    let mut opened_at = 0usize;
    let mut pow_count = 0usize;
    let mut i = 0;
    let n = src.len();
    while i < n {
        // Jump to the next byte that can change state.
        match memchr_special(&src[i..]) {
            Some(k) => {
                if unary_run > 0 && src[i..i + k].iter().any(|b| !b.is_ascii_whitespace()) {
                    unary_run = 0;
                }
                i += k;
            }
            None => break,
        }
        if !matches!(src[i], b'!' | b'-' | b' ' | b'\t' | b'\r' | b'\n') {
            unary_run = 0;
        }
        match src[i] {
            b'!' | b'-' | b'^' => {
                if src[i] == b'^' {
                    pow_count += 1;
                } else {
                    unary_run += 1;
                }
                if (unary_run > MAX_NESTING || pow_count > MAX_NESTING)
                    && trivia.too_deep_at.is_none()
                {
                    trivia.too_deep_at = Some(i);
                }
                i += 1;
            }
            b'"' | b'\'' => {
                let quote = src[i];
                i += 1;
                while i < n && src[i] != quote && src[i] != b'\n' {
                    i += if src[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < n && src[i] != b'`' {
                    i += 1;
                }
                i += 1;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
                trivia.comments.push(comment(&src[start..i], start, false));
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < n && !(src[i] == b'*' && src.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(n);
                trivia.comments.push(comment(&src[start..i], start, true));
            }
            b'(' | b'[' | b'{' => {
                if depth == 0 {
                    opened_at = i;
                }
                depth += 1;
                trivia.max_depth = trivia.max_depth.max(depth);
                if depth > MAX_NESTING && trivia.too_deep_at.is_none() {
                    trivia.too_deep_at = Some(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && src[i] == b'}' && src[opened_at..i].contains(&b'\n') {
                    trivia.top_level_ends.push(i + 1);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    trivia
}

/// Bytes that can change the scan's state: quotes, comment starts,
/// brackets and the operators that nest.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\"'`/([{)]}!-^";
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

fn memchr_special(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| SPECIAL[b as usize])
}

/// Builds a comment, removing carriage returns the way Alloy's scanner does:
/// a final `\r` goes, and so does every other `\r` except one between `*`
/// and `/` inside a block comment (kept so the text cannot close early).
fn comment(raw: &[u8], start: usize, block: bool) -> Comment {
    let text = if raw.contains(&b'\r') {
        let mut raw = raw;
        if raw.last() == Some(&b'\r') {
            raw = &raw[..raw.len() - 1];
        }
        let mut out: Vec<u8> = Vec::with_capacity(raw.len());
        for (j, &ch) in raw.iter().enumerate() {
            let keep_cr = block
                && out.len() > 2
                && out.last() == Some(&b'*')
                && raw.get(j + 1) == Some(&b'/');
            if ch != b'\r' || keep_cr {
                out.push(ch);
            }
        }
        String::from_utf8(out).expect("removing CR keeps UTF-8 valid")
    } else {
        std::str::from_utf8(raw)
            .expect("caller checked UTF-8")
            .to_owned()
    };
    Comment {
        start: start as Pos,
        text: text.into_boxed_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_strings() {
        let t = scan(b"a = \"// no\" // yes\nb = `/* no */` /* yes */ + 1\n");
        let texts: Vec<_> = t.comments.iter().map(|c| &*c.text).collect();
        assert_eq!(texts, ["// yes", "/* yes */"]);
        assert_eq!(t.comments[0].start, 12);
    }

    #[test]
    fn strips_carriage_returns_like_alloy() {
        let t = scan(b"// a\r\n/* b\r\nc */\r\n");
        assert_eq!(&*t.comments[0].text, "// a");
        assert_eq!(&*t.comments[1].text, "/* b\nc */");
    }

    #[test]
    fn reports_the_bracket_past_the_limit() {
        let src = "[".repeat(MAX_NESTING + 5);
        assert_eq!(scan(src.as_bytes()).too_deep_at, Some(MAX_NESTING));
        let ok = "[".repeat(MAX_NESTING);
        assert_eq!(scan(ok.as_bytes()).too_deep_at, None);
        let unary = format!("a = {}1", "- ".repeat(MAX_NESTING + 1));
        assert!(scan(unary.as_bytes()).too_deep_at.is_some());
        let binary = format!("a = 1{}", " - 1".repeat(MAX_NESTING + 1));
        assert_eq!(scan(binary.as_bytes()).too_deep_at, None);
    }
}
