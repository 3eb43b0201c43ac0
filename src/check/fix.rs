//! Applying the safe fixes `check` records, and keeping secrets out of
//! what `check` prints about them.

use crate::diagnostics::{Fix, Span, TextEdit};
use crate::secrets::SecretSpans;
use crate::text_diff::Side;

/// `source` with `fixes` applied. Fixes are applied from the start of the
/// file on (by their first edit); one with an edit that overlaps an edit
/// already taken, or that reaches past the end, is skipped whole (the next
/// run of `check --fix` applies it).
pub fn apply(source: &[u8], fixes: &[&Fix]) -> Vec<u8> {
    let first = |f: &Fix| f.edits.iter().map(|e| (e.span.offset, e.span.len)).min();
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_key(|f| first(f));
    let mut taken: Vec<&TextEdit> = Vec::new();
    for fix in sorted {
        let mut edits: Vec<&TextEdit> = fix.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.offset, e.span.len));
        let fits = edits.iter().all(|e| e.span.end() <= source.len())
            && edits
                .windows(2)
                .all(|w| w[0].span.end() <= w[1].span.offset)
            && edits
                .iter()
                .all(|e| taken.iter().all(|t| !overlaps(t.span, e.span)));
        if fits {
            taken.extend(edits);
        }
    }
    taken.sort_by_key(|e| (e.span.offset, e.span.len));
    let mut out = Vec::with_capacity(source.len() + 64);
    let mut at = 0;
    for edit in taken {
        out.extend_from_slice(&source[at..edit.span.offset]);
        out.extend_from_slice(edit.replacement.as_bytes());
        at = edit.span.end();
    }
    out.extend_from_slice(&source[at..]);
    out
}

/// Whether edits of `a` and `b` touch the same bytes (an insertion at the
/// edge of a replacement does not).
fn overlaps(a: Span, b: Span) -> bool {
    b.offset < a.end() && a.offset < b.end()
}

/// A file `check --fix` changes: its fixes applied, then formatted.
#[derive(Debug, Clone)]
pub struct FixedFile {
    /// The file, as diagnostics name it.
    pub name: String,
    /// Where it was read from (none for standard input).
    pub path: Option<std::path::PathBuf>,
    /// How many fixes went into it.
    pub fixes: usize,
    /// Its text before.
    pub before: Vec<u8>,
    /// Its text after: fixed and formatted.
    pub after: String,
}

impl FixedFile {
    /// A unified diff from `before` to `after`, secrets masked: those of
    /// `before` where the check found them (`before_spans`), those of
    /// `after` found again in its tree, plus wherever `after` repeats one
    /// of the check's secret `values` (what only the engine saw, such as a
    /// custom component's argument used as a secret, moved by the fix and
    /// the formatter).
    pub fn diff(&self, before_spans: &SecretSpans, values: &[String], color: bool) -> String {
        let before = String::from_utf8_lossy(&self.before);
        let before_shown = String::from_utf8_lossy(&before_spans.mask(&self.before)).into_owned();
        let mut after_spans = SecretSpans::of_source(self.after.as_bytes());
        after_spans.extend(occurrences(&self.after, values));
        let after_shown =
            String::from_utf8_lossy(&after_spans.mask(self.after.as_bytes())).into_owned();
        crate::text_diff::unified_diff(
            Side {
                text: &before,
                shown: &before_shown,
            },
            Side {
                text: &self.after,
                shown: &after_shown,
            },
            &self.name,
            color,
        )
    }
}

/// What the safe fixes of `report` change, file by file: the files they
/// change, and the files left alone because the fixed text would not parse
/// (never written). Files the fixes leave byte-identical are not listed.
pub fn plan(report: &super::Report) -> (Vec<FixedFile>, Vec<String>) {
    let (mut changed, mut refused) = (Vec::new(), Vec::new());
    for source in &report.sources {
        let mine: Vec<&Fix> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == source.name)
            .filter_map(|d| d.fix.as_ref())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let patched = apply(&source.text, &mine);
        match crate::format::format_source(&patched) {
            Ok(after) if after.as_bytes() == source.text.as_slice() => {}
            Ok(after) => changed.push(FixedFile {
                name: source.name.clone(),
                path: source.path.clone(),
                fixes: mine.len(),
                before: source.text.clone(),
                after,
            }),
            Err(e) => refused.push(format!(
                "{}: the fixed file would not parse ({}); left unchanged",
                source.name,
                e.first().message
            )),
        }
    }
    (changed, refused)
}

/// Where `text` holds one of `values` (four bytes or more), leftmost
/// longest.
fn occurrences(text: &str, values: &[String]) -> Vec<std::ops::Range<usize>> {
    let values: Vec<&String> = values.iter().filter(|v| v.len() >= 4).collect();
    if values.is_empty() {
        return Vec::new();
    }
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&values)
        .map(|automaton| automaton.find_iter(text).map(|m| m.range()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(offset: usize, len: usize, replacement: &str) -> Fix {
        Fix {
            edits: vec![TextEdit {
                span: Span { offset, len },
                replacement: replacement.into(),
            }],
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
    fn diffs_mask_secrets_in_changed_and_context_lines() {
        let secret = "hunter2hunter2";
        let before = format!("a = 1\npassword = \"{secret}\"\nb = 2\n");
        let file = FixedFile {
            name: "a.alloy".into(),
            path: None,
            fixes: 1,
            before: before.clone().into_bytes(),
            after: before.replace("b = 2", "b = 3"),
        };
        let diff = file.diff(&SecretSpans::of_source(before.as_bytes()), &[], false);
        assert!(diff.contains("+b = 3"), "{diff}");
        assert!(diff.contains(" password = \"hu************\""), "{diff}");
        assert!(!diff.contains("hunter2"), "{diff}");
    }

    #[test]
    fn values_only_the_engine_knew_are_masked_where_the_fix_moved_them() {
        let before = "a = 1\nx = \"opaque-value\"\n";
        let file = FixedFile {
            name: "a.alloy".into(),
            path: None,
            fixes: 1,
            before: before.as_bytes().to_vec(),
            after: "a = 2\nx = \"opaque-value\"\n".into(),
        };
        let spans = SecretSpans::from_ranges(std::iter::once(16..28).collect());
        let diff = file.diff(&spans, &["opaque-value".to_owned()], false);
        assert!(diff.contains("+a = 2"), "{diff}");
        assert!(!diff.contains("opaque-value"), "{diff}");
    }

    #[test]
    fn a_fix_is_applied_whole_or_not_at_all() {
        let two = Fix {
            edits: vec![
                TextEdit {
                    span: Span { offset: 5, len: 1 },
                    replacement: "n".into(),
                },
                TextEdit {
                    span: Span { offset: 12, len: 1 },
                    replacement: "2".into(),
                },
            ],
        };
        let source = b"x = \"m\"\nw = 1\n";
        assert_eq!(apply(source, &[&two]), b"x = \"n\"\nw = 2\n");
        // Starts first and overlaps the first edit of `two`: `two` is
        // skipped, its second edit too.
        let clash = fix(4, 3, "\"z\"");
        assert_eq!(apply(source, &[&two, &clash]), b"x = \"z\"\nw = 1\n");
    }
}
