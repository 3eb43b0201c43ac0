//! The token file's line in `.gitignore`: written once, after whatever the
//! file already says.

use std::path::{Component, Path};

use ignore::gitignore::GitignoreBuilder;

use crate::files::git_status;

/// `token` (as the configuration names it) relative to the directory it
/// is resolved from, `/`-separated; `None` for an absolute path or one
/// that leaves the directory, which a `.gitignore` there cannot name.
pub fn inside(token: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(token).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The `.gitignore` line that ignores exactly the file `relative`: glob
/// characters, a leading `#` or `!` and trailing spaces escaped.
pub fn entry(relative: &str) -> String {
    let mut out = String::with_capacity(relative.len() + 2);
    if relative.starts_with(['#', '!']) {
        out.push('\\');
    }
    for c in relative.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    let spaces = out.len() - out.trim_end_matches(' ').len();
    if spaces > 0 {
        out.truncate(out.len() - spaces);
        for _ in 0..spaces {
            out.push_str("\\ ");
        }
    }
    out
}

/// `existing` (the `.gitignore`'s content, empty for a new file) with
/// `line` appended after a comment, the old content kept and the file
/// ending in a newline; `None` when a line already reads `line` or
/// `/line`.
pub fn append(existing: &str, line: &str) -> Option<String> {
    let anchored = format!("/{line}");
    if existing
        .lines()
        .map(str::trim_end)
        .any(|l| l == line || l == anchored)
    {
        return None;
    }
    let mut out = existing.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# The Grafana Cloud access policy token never goes into git.\n");
    out.push_str(line);
    out.push('\n');
    Some(out)
}

/// Whether git already ignores `relative` inside `dir`: the repository's
/// rules when `dir` is in one, else the rules of `dir`'s own `.gitignore`
/// (`existing`), which apply once it is.
pub fn already_ignored(dir: &Path, relative: &str, existing: Option<&str>) -> bool {
    if git_status::would_be_ignored(&dir.join(relative)) == Some(true) {
        return true;
    }
    let Some(text) = existing else {
        return false;
    };
    let mut builder = GitignoreBuilder::new(dir);
    for line in text.lines() {
        // A malformed glob is git's problem, not a reason to skip the rest.
        let _ = builder.add_line(None, line);
    }
    builder.build().is_ok_and(|rules| {
        rules
            .matched_path_or_any_parents(relative, false)
            .is_ignore()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_paths_inside_the_directory() {
        assert_eq!(
            inside("grafana-token.txt").as_deref(),
            Some("grafana-token.txt")
        );
        assert_eq!(inside("./secrets/t.txt").as_deref(), Some("secrets/t.txt"));
        assert_eq!(inside("a/../t.txt").as_deref(), Some("t.txt"));
        assert_eq!(inside("../t.txt"), None);
        assert_eq!(inside("/etc/alloy/token"), None);
        assert_eq!(inside("."), None);
    }

    #[test]
    fn entries_escape_gitignore_syntax() {
        assert_eq!(entry("grafana-token.txt"), "grafana-token.txt");
        assert_eq!(entry("#token"), "\\#token");
        assert_eq!(entry("!token"), "\\!token");
        assert_eq!(entry("tok*en?[1]"), "tok\\*en\\?\\[1]");
        assert_eq!(entry("token  "), "token\\ \\ ");
    }

    #[test]
    fn appends_once_keeping_content() {
        assert_eq!(
            append("", "t.txt").as_deref(),
            Some("# The Grafana Cloud access policy token never goes into git.\nt.txt\n")
        );
        let appended = append("/target", "t.txt").unwrap();
        assert!(appended.starts_with("/target\n# The Grafana"), "{appended}");
        assert!(appended.ends_with("\nt.txt\n"));
        assert_eq!(append(&appended, "t.txt"), None);
        assert_eq!(append("node_modules\n/t.txt\n", "t.txt"), None);
        assert!(append("t.txt.bak\n", "t.txt").is_some());
    }

    #[test]
    fn rules_already_ignoring_the_token_are_seen_outside_git() {
        let dir = tempfile::tempdir().unwrap();
        assert!(already_ignored(
            dir.path(),
            "grafana-token.txt",
            Some("*.txt\n")
        ));
        assert!(already_ignored(dir.path(), "s/t.txt", Some("s/\n")));
        assert!(!already_ignored(
            dir.path(),
            "grafana-token.txt",
            Some("*.log\n")
        ));
        assert!(!already_ignored(dir.path(), "grafana-token.txt", None));
    }
}
