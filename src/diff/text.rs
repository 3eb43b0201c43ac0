//! `diff --text`: a unified diff of two configurations as `alloy fmt`
//! prints them, so layout differences are gone but comments and order
//! still show; secrets masked.
//!
//! One file on each side: those two files are compared, whatever their
//! names. Otherwise (a directory on either side) files are paired by file
//! name, and a file on one side only is diffed against nothing
//! (`/dev/null`, as git does).

use super::config::Configuration;
use crate::files::Source;
use crate::format::format_source;
use crate::text_diff::{labelled_diff, Side};

/// The side of a pair where a file is absent.
const ABSENT: &str = "/dev/null";

/// The unified diff from `old` to `new`, formatted, with the secrets of
/// each file masked where that file holds them. Empty when the formatted
/// texts are equal.
pub fn formatted_diff(old: &Configuration, new: &Configuration, color: bool) -> String {
    let mut out = String::new();
    if let ([a], [b]) = (&old.sources[..], &new.sources[..]) {
        return diff_pair(Some(a), Some(b), color);
    }
    let mut pairs: Vec<(Option<&Source>, Option<&Source>)> = Vec::new();
    for a in &old.sources {
        let b = new.sources.iter().find(|b| file_name(b) == file_name(a));
        pairs.push((Some(a), b));
    }
    for b in &new.sources {
        if !old.sources.iter().any(|a| file_name(a) == file_name(b)) {
            pairs.push((None, Some(b)));
        }
    }
    for (a, b) in pairs {
        out.push_str(&diff_pair(a, b, color));
    }
    out
}

/// A file as it is compared: formatted (the text as read if it does not
/// parse), and the same with its secrets masked.
struct Formatted {
    text: String,
    shown: String,
}

impl Formatted {
    fn of(source: Option<&Source>) -> Self {
        let Some(source) = source else {
            return Formatted {
                text: String::new(),
                shown: String::new(),
            };
        };
        let text = format_source(&source.text)
            .unwrap_or_else(|_| String::from_utf8_lossy(&source.text).into_owned());
        let shown = crate::check::shown_file(&source.name, text.as_bytes())
            .text()
            .into_owned();
        Formatted { text, shown }
    }

    fn side(&self) -> Side<'_> {
        Side {
            text: &self.text,
            shown: &self.shown,
        }
    }
}

/// The diff of one pair of files, either of which may be absent.
fn diff_pair(a: Option<&Source>, b: Option<&Source>, color: bool) -> String {
    let (old, new) = (Formatted::of(a), Formatted::of(b));
    let old_label = a.map_or(ABSENT, |a| &a.name);
    let new_label = b.map_or(ABSENT, |b| &b.name);
    labelled_diff(old.side(), new.side(), old_label, new_label, color)
}

/// The last component of a source's name: what pairs the files of two
/// directories.
fn file_name(source: &Source) -> &str {
    source
        .name
        .rsplit(['/', '\\', ':'])
        .next()
        .unwrap_or(&source.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configuration(files: &[(&str, &str)]) -> Configuration {
        let sources = files
            .iter()
            .map(|(name, text)| Source {
                name: (*name).into(),
                path: None,
                text: text.as_bytes().to_vec(),
            })
            .collect();
        Configuration::read(sources).unwrap()
    }

    #[test]
    fn one_file_each_compares_them_formatted() {
        let old = configuration(&[("HEAD:a.alloy", "a {\n  x=1\n}\n")]);
        let new = configuration(&[("a.alloy", "a {\n\tx = 2\n}\n")]);
        assert_eq!(
            formatted_diff(&old, &new, false),
            "--- HEAD:a.alloy\n+++ a.alloy\n@@ -1,3 +1,3 @@\n a {\n-\tx = 1\n+\tx = 2\n }\n"
        );
        let same = configuration(&[("b.alloy", "a {\n x  =  1\n}\n")]);
        assert_eq!(formatted_diff(&old, &same, false), "");
    }

    #[test]
    fn directories_pair_files_by_name() {
        let old = configuration(&[("old/a.alloy", "a { }\n"), ("old/b.alloy", "b { }\n")]);
        let new = configuration(&[("new/a.alloy", "a { }\n"), ("new/c.alloy", "c { }\n")]);
        let diff = formatted_diff(&old, &new, false);
        assert_eq!(
            diff,
            "--- old/b.alloy\n+++ /dev/null\n@@ -1 +0,0 @@\n-b { }\n--- /dev/null\n+++ new/c.alloy\n@@ -0,0 +1 @@\n+c { }\n"
        );
    }

    #[test]
    fn credentials_are_masked() {
        let token = format!("glc_{}", "Q1w2E3r4".repeat(5));
        let old = configuration(&[("a.alloy", "a {\n\tx = 1\n}\n")]);
        let new = configuration(&[("a.alloy", &format!("a {{\n\tx = \"{token}\"\n}}\n"))]);
        let diff = formatted_diff(&old, &new, false);
        assert!(diff.contains("+\tx = \"glc_"), "{diff}");
        assert!(!diff.contains(&token), "{diff}");
    }
}
