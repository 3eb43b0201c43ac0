//! Unified diffs (`diff -u` / `git diff` style) of two texts, optionally
//! coloured: a file against its formatted or fixed version (`fmt --diff`,
//! `check --fix --diff`) and two configurations (`diff --text`). It lives
//! below every command that prints one, and knows nothing of Alloy.

use std::fmt::Write as _;
use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// Lines of unchanged context around each change, as `diff -u` uses.
const CONTEXT_LINES: usize = 3;

/// Time the diff algorithm may spend looking for the smallest diff. Myers'
/// algorithm costs O(lines × changes): a 10 MB file whose every line changes
/// would take minutes. Past the deadline similar finishes with a coarser,
/// still correct diff (whole regions removed and re-added). Any diff of a
/// formatting change that a person would read finishes far earlier, so
/// output stays deterministic in practice.
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// One side of a diff: the text compared, and the same text as it may be
/// shown, its secrets masked line for line
/// ([`crate::secrets::SecretSpans::mask`] keeps every line break). Lines
/// are compared as written, so a changed secret still shows as a change,
/// and printed as shown, so it never shows as itself.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The text compared.
    pub text: &'a str,
    /// The text printed: `text` with its secrets masked, same lines.
    pub shown: &'a str,
}

impl<'a> Side<'a> {
    /// A side holding no secrets, shown as it is.
    pub fn plain(text: &'a str) -> Self {
        Side { text, shown: text }
    }
}

/// The unified diff turning `original` into `formatted`, for the file the
/// user named `path`: `--- a/PATH` and `+++ b/PATH` headers, then hunks with
/// three lines of context. Empty if the texts are equal.
///
/// With `color`, headers are bold, hunk headers cyan, removed lines red and
/// added lines green (ANSI codes).
pub fn unified_diff(original: Side<'_>, formatted: Side<'_>, path: &str, color: bool) -> String {
    let (old_name, new_name) = header_names(path);
    labelled_diff(original, formatted, &old_name, &new_name, color)
}

/// The unified diff turning `old` into `new`, with `--- OLD_LABEL` and
/// `+++ NEW_LABEL` headers as given (two different files, such as a file at
/// a git revision and in the working tree). Empty if the texts are equal;
/// coloured as [`unified_diff`].
pub fn labelled_diff(
    old: Side<'_>,
    new: Side<'_>,
    old_label: &str,
    new_label: &str,
    color: bool,
) -> String {
    let diff = TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_lines(old.text, new.text);
    // The shown texts cut into lines the way the compared ones were.
    let shown_old = TextDiff::from_lines(old.shown, "");
    let shown_new = TextDiff::from_lines("", new.shown);
    let old_lines = shown_old.old_slices();
    let new_lines = shown_new.new_slices();
    let mut out = String::new();
    let mut udiff = diff.unified_diff();
    udiff.context_radius(CONTEXT_LINES);
    // Writing to a String cannot fail.
    for (i, hunk) in udiff.iter_hunks().enumerate() {
        if i == 0 {
            let _ = if color {
                writeln!(
                    out,
                    "{BOLD}--- {old_label}{RESET}\n{BOLD}+++ {new_label}{RESET}"
                )
            } else {
                writeln!(out, "--- {old_label}\n+++ {new_label}")
            };
        }
        let _ = if color {
            writeln!(out, "{CYAN}{}{RESET}", hunk.header())
        } else {
            writeln!(out, "{}", hunk.header())
        };
        for change in hunk.iter_changes() {
            let (sign, paint) = match change.tag() {
                ChangeTag::Delete => ('-', RED),
                ChangeTag::Insert => ('+', GREEN),
                ChangeTag::Equal => (' ', ""),
            };
            let shown = match change.tag() {
                ChangeTag::Insert => change.new_index().and_then(|i| new_lines.get(i)),
                _ => change.old_index().and_then(|i| old_lines.get(i)),
            };
            // Same lines by construction; a side whose shown text is not
            // line for line its text shows nothing rather than the text.
            let line = shown.copied().unwrap_or("");
            let text = line.strip_suffix('\n').unwrap_or(line);
            if color && !paint.is_empty() {
                let _ = writeln!(out, "{paint}{sign}{text}{RESET}");
            } else {
                let _ = writeln!(out, "{sign}{text}");
            }
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `a/PATH` and `b/PATH`, git style; an absolute path is joined without a
/// doubled slash and a leading `./` is dropped.
fn header_names(path: &str) -> (String, String) {
    let path = path.strip_prefix("./").unwrap_or(path);
    let sep = if path.starts_with('/') { "" } else { "/" };
    (format!("a{sep}{path}"), format!("b{sep}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(
            unified_diff(
                Side::plain("a = 1\n"),
                Side::plain("a = 1\n"),
                "a.alloy",
                false
            ),
            ""
        );
    }

    #[test]
    fn one_hunk_with_headers() {
        let diff = unified_diff(
            Side::plain("a=1\nb = 2\n"),
            Side::plain("a = 1\nb = 2\n"),
            "dir/a.alloy",
            false,
        );
        assert_eq!(
            diff,
            "--- a/dir/a.alloy\n+++ b/dir/a.alloy\n@@ -1,2 +1,2 @@\n-a=1\n+a = 1\n b = 2\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let diff = unified_diff(Side::plain("a=1"), Side::plain("a = 1\n"), "a.alloy", false);
        assert_eq!(
            diff,
            "--- a/a.alloy\n+++ b/a.alloy\n@@ -1 +1 @@\n-a=1\n\\ No newline at end of file\n+a = 1\n"
        );
    }

    #[test]
    fn far_apart_changes_make_separate_hunks() {
        let original: String = (0..20).map(|i| format!("l{i} = {i}\n")).collect();
        let formatted = original
            .replace("l1 = 1\n", "l1 =  1\n")
            .replace("l18 = 18\n", "l18 =  18\n");
        let diff = unified_diff(
            Side::plain(&original),
            Side::plain(&formatted),
            "a.alloy",
            false,
        );
        assert_eq!(diff.matches("\n@@ ").count(), 2, "{diff}");
        assert!(
            diff.contains("@@ -1,5 +1,5 @@\n l0 = 0\n-l1 = 1\n+l1 =  1\n l2 = 2\n"),
            "{diff}"
        );
    }

    #[test]
    fn lines_are_compared_as_written_and_printed_as_shown() {
        let old = "a = 1\npassword = \"hunter2\"\nb = 2\n";
        let new = "a = 1\npassword = \"hunter3\"\nb = 2\n";
        let masked = |t: &str| {
            t.replace("hunter2", "*******")
                .replace("hunter3", "*******")
        };
        let (old_shown, new_shown) = (masked(old), masked(new));
        let diff = unified_diff(
            Side {
                text: old,
                shown: &old_shown,
            },
            Side {
                text: new,
                shown: &new_shown,
            },
            "a.alloy",
            false,
        );
        // The change is there, the values are not.
        assert!(
            diff.contains("-password = \"*******\"\n+password = \"*******\"\n"),
            "{diff}"
        );
        assert!(!diff.contains("hunter"), "{diff}");
    }

    #[test]
    fn header_names_follow_git() {
        assert_eq!(
            header_names("./x.alloy"),
            ("a/x.alloy".into(), "b/x.alloy".into())
        );
        assert_eq!(
            header_names("/tmp/x.alloy"),
            ("a/tmp/x.alloy".into(), "b/tmp/x.alloy".into())
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = unified_diff(
            Side::plain("a=1\n"),
            Side::plain("a = 1\n"),
            "a.alloy",
            false,
        );
        assert!(!plain.contains('\x1b'));
        let colored = unified_diff(
            Side::plain("a=1\n"),
            Side::plain("a = 1\n"),
            "a.alloy",
            true,
        );
        assert_eq!(
            colored,
            "\x1b[1m--- a/a.alloy\x1b[0m\n\x1b[1m+++ b/a.alloy\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n\x1b[31m-a=1\x1b[0m\n\x1b[32m+a = 1\x1b[0m\n"
        );
    }
}
