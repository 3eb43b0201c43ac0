//! Applying the safe fixes `check` records, and keeping secrets out of
//! what `check` prints about them.

use crate::diagnostics::Span;

/// A safe fix for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file, as diagnostics name it.
    pub file: String,
    /// The bytes to replace (empty to insert).
    pub span: Span,
    /// What to put there.
    pub replacement: String,
    /// The rule it fixes.
    pub code: String,
}

/// `source` with `fixes` applied. Fixes are applied from the start of the
/// file on; one that overlaps an earlier one is skipped (the next run of
/// `check --fix` applies it).
pub fn apply(source: &[u8], fixes: &[&FileFix]) -> Vec<u8> {
    let mut sorted: Vec<&&FileFix> = fixes.iter().collect();
    sorted.sort_by_key(|f| (f.span.offset, f.span.len));
    let mut out = Vec::with_capacity(source.len() + 64);
    let mut at = 0;
    for fix in sorted {
        if fix.span.offset < at || fix.span.end() > source.len() {
            continue;
        }
        out.extend_from_slice(&source[at..fix.span.offset]);
        out.extend_from_slice(fix.replacement.as_bytes());
        at = fix.span.end();
    }
    out.extend_from_slice(&source[at..]);
    out
}

/// `text` with every occurrence of each of `secrets` masked (same length,
/// so positions stay valid): for sources shown in code frames and diffs.
pub fn redact(text: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut out = text.to_vec();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let needle = secret.as_bytes();
        let mut i = 0;
        while i + needle.len() <= out.len() {
            if out[i..i + needle.len()] == *needle {
                super::secrets::mask_in_place(&mut out, i, i + needle.len());
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(offset: usize, len: usize, replacement: &str) -> FileFix {
        FileFix {
            file: "a.alloy".into(),
            span: Span { offset, len },
            replacement: replacement.into(),
            code: "endpoint-shape".into(),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let a = fix(4, 3, "\"/metrics\"");
        let b = fix(0, 1, "y");
        let overlapping = fix(5, 1, "!");
        let out = apply(b"x = \"m\"\n", &[&a, &b, &overlapping]);
        assert_eq!(out, b"y = \"/metrics\"\n");
    }

    #[test]
    fn redaction_keeps_length_and_hides_the_value() {
        let secret = "glc_abcdefghijklmnopqrstuvwxyz0123456789".to_string();
        let text = format!("password = \"{secret}\"\n");
        let out = redact(text.as_bytes(), std::slice::from_ref(&secret));
        assert_eq!(out.len(), text.len());
        assert!(!String::from_utf8_lossy(&out).contains("abcdefghij"));
    }
}
