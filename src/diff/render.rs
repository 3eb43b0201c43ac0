//! Printing a semantic diff: for people (one line per change, grouped by
//! component, `+` added, `-` removed, `~` changed) and for scripts (JSON).
//!
//! The JSON document is a public contract: scripts and CI jobs parse it.
//! New keys may be added; existing ones are never renamed or removed.

use std::fmt::Write as _;

use serde::Serialize;

use super::config::{Change, ChangeKind, Summary};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
/// Ends bold without ending the line's colour.
const NOT_BOLD: &str = "\x1b[22m";
const RESET: &str = "\x1b[0m";

/// Old and new values longer than this together go on lines of their own
/// instead of `old → new`.
const INLINE_WIDTH: usize = 60;

/// The changes for people, one component after the other:
///
/// ```text
/// ~ prometheus.scrape.worker_metrics
///     ~ scrape_interval: "15s" → "30s"
/// + loki.write.grafana_cloud
/// - logging
/// ```
///
/// A whole component added or removed is one line; a changed one lists its
/// attributes and nested blocks by path. With `color`, added lines are
/// green, removed red, changed yellow, component ids bold.
pub fn human(changes: &[Change], color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for change in changes {
        let Some(path) = &change.path else {
            current = None;
            top_level(&mut out, &paint, change);
            continue;
        };
        if current != Some(change.component.as_str()) {
            current = Some(&change.component);
            let _ = writeln!(
                out,
                "{}",
                paint.line(
                    ChangeKind::Changed,
                    &format!("~ {}", paint.bold(&change.component))
                )
            );
        }
        value_lines(&mut out, &paint, "    ", path, change);
    }
    out
}

/// A whole top-level statement: a block by its id, an attribute with its
/// value.
fn top_level(out: &mut String, paint: &Paint, change: &Change) {
    let id = paint.bold(&change.component);
    if change.is_block && change.kind != ChangeKind::Changed {
        let _ = writeln!(
            out,
            "{}",
            paint.line(change.kind, &format!("{} {id}", sign(change.kind)))
        );
        return;
    }
    value_lines(out, paint, "", &id, change);
}

/// `SIGN NAME: value`, or for a change `~ NAME: old → new`, or when that is
/// long, `~ NAME` then `- old` and `+ new` on lines of their own.
fn value_lines(out: &mut String, paint: &Paint, indent: &str, name: &str, change: &Change) {
    let old = change.old.as_deref().unwrap_or("");
    let new = change.new.as_deref().unwrap_or("");
    let line = |kind: ChangeKind, text: String| paint.line(kind, &format!("{indent}{text}"));
    match change.kind {
        ChangeKind::Added => {
            let _ = writeln!(out, "{}", line(change.kind, format!("+ {name}: {new}")));
        }
        ChangeKind::Removed => {
            let _ = writeln!(out, "{}", line(change.kind, format!("- {name}: {old}")));
        }
        ChangeKind::Changed => {
            // Both sides redacted to the same text: say that they differ.
            let note = if old == new {
                " (secret values differ)"
            } else {
                ""
            };
            if old.chars().count() + new.chars().count() <= INLINE_WIDTH {
                let _ = writeln!(
                    out,
                    "{}",
                    line(change.kind, format!("~ {name}: {old} → {new}{note}"))
                );
            } else {
                let _ = writeln!(out, "{}", line(change.kind, format!("~ {name}{note}")));
                let _ = writeln!(out, "{}", line(ChangeKind::Removed, format!("    - {old}")));
                let _ = writeln!(out, "{}", line(ChangeKind::Added, format!("    + {new}")));
            }
        }
    }
}

fn sign(kind: ChangeKind) -> char {
    match kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

/// ANSI colours, or none.
struct Paint(bool);

impl Paint {
    fn line(&self, kind: ChangeKind, text: &str) -> String {
        if !self.0 {
            return text.to_owned();
        }
        let colour = match kind {
            ChangeKind::Added => GREEN,
            ChangeKind::Removed => RED,
            ChangeKind::Changed => YELLOW,
        };
        format!("{colour}{text}{RESET}")
    }

    fn bold(&self, text: &str) -> String {
        if self.0 {
            format!("{BOLD}{text}{NOT_BOLD}")
        } else {
            text.to_owned()
        }
    }
}

/// The one-line summary for people: `1 added, 1 removed, 2 changed.`
/// (counting top-level statements), or that nothing differs.
pub fn summary_line(summary: &Summary) -> String {
    if summary.is_empty() {
        return "No differences in meaning.\n".to_owned();
    }
    format!(
        "{} added, {} removed, {} changed.\n",
        summary.added, summary.removed, summary.changed
    )
}

/// The changes as one pretty-printed JSON object, ending with a newline:
///
/// ```json
/// {
///   "entries": [
///     {"kind": "changed", "component": "prometheus.scrape.worker_metrics",
///      "path": "scrape_interval", "old": "\"15s\"", "new": "\"30s\""}
///   ],
///   "summary": {"added": 0, "removed": 0, "changed": 1}
/// }
/// ```
///
/// `kind` is `added`, `removed` or `changed`; `path` is `null` for a whole
/// top-level statement; `old` and `new` are canonical values (a block's
/// body on one line), `null` on the side where the statement is absent.
/// The summary counts top-level statements.
pub fn json(changes: &[Change]) -> String {
    let summary = Summary::of(changes);
    let document = Document {
        entries: changes.iter().map(Entry::new).collect(),
        summary: JsonSummary {
            added: summary.added,
            removed: summary.removed,
            changed: summary.changed,
        },
    };
    // Strings and integers always serialize.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Document<'a> {
    entries: Vec<Entry<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Entry<'a> {
    kind: &'static str,
    component: &'a str,
    path: Option<&'a str>,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

impl<'a> Entry<'a> {
    fn new(change: &'a Change) -> Self {
        Entry {
            kind: change.kind.as_str(),
            component: &change.component,
            path: change.path.as_deref(),
            old: change.old.as_deref(),
            new: change.new.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    added: usize,
    removed: usize,
    changed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        kind: ChangeKind,
        component: &str,
        path: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Change {
        Change {
            kind,
            component: component.into(),
            path: path.map(Into::into),
            old: old.map(Into::into),
            new: new.map(Into::into),
            is_block: path.is_none(),
        }
    }

    #[test]
    fn groups_by_component_and_breaks_long_values() {
        let long = format!("\"{}\"", "x".repeat(70));
        let changes = [
            change(
                ChangeKind::Changed,
                "a.b.c",
                Some("interval"),
                Some("\"1s\""),
                Some("\"2s\""),
            ),
            change(
                ChangeKind::Changed,
                "a.b.c",
                Some("url"),
                Some(&long),
                Some("\"y\""),
            ),
            change(ChangeKind::Added, "d.e", None, None, Some("{}")),
            change(ChangeKind::Removed, "f", None, Some("{}"), None),
        ];
        assert_eq!(
            human(&changes, false),
            format!(
                "~ a.b.c\n    ~ interval: \"1s\" → \"2s\"\n    ~ url\n        - {long}\n        + \"y\"\n+ d.e\n- f\n"
            )
        );
    }

    #[test]
    fn top_level_attributes_show_their_values() {
        let mut added = change(ChangeKind::Added, "a", None, None, Some("1"));
        added.is_block = false;
        let mut changed = change(ChangeKind::Changed, "b", None, Some("1"), Some("2"));
        changed.is_block = false;
        assert_eq!(human(&[added, changed], false), "+ a: 1\n~ b: 1 → 2\n");
    }

    #[test]
    fn colours_only_when_asked() {
        let changes = [change(ChangeKind::Added, "d.e", None, None, Some("{}"))];
        assert!(!human(&changes, false).contains('\x1b'));
        assert_eq!(
            human(&changes, true),
            "\x1b[32m+ \x1b[1md.e\x1b[22m\x1b[0m\n"
        );
    }

    #[test]
    fn equal_redactions_are_marked() {
        let changes = [change(
            ChangeKind::Changed,
            "a",
            Some("password"),
            Some("\"…(8 chars)\""),
            Some("\"…(8 chars)\""),
        )];
        assert!(human(&changes, false).contains("(secret values differ)"));
    }

    #[test]
    fn json_has_entries_and_a_summary() {
        let changes = [
            change(ChangeKind::Changed, "a", Some("x"), Some("1"), Some("2")),
            change(ChangeKind::Added, "b", None, None, Some("{}")),
        ];
        let value: serde_json::Value = serde_json::from_str(&json(&changes)).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "entries": [
                    {"kind": "changed", "component": "a", "path": "x", "old": "1", "new": "2"},
                    {"kind": "added", "component": "b", "path": null, "old": null, "new": "{}"},
                ],
                "summary": {"added": 1, "removed": 0, "changed": 1},
            })
        );
    }

    #[test]
    fn summary_line_counts_or_says_equal() {
        assert_eq!(
            summary_line(&Summary::default()),
            "No differences in meaning.\n"
        );
        let s = Summary {
            added: 1,
            removed: 2,
            changed: 3,
        };
        assert_eq!(summary_line(&s), "1 added, 2 removed, 3 changed.\n");
    }
}
