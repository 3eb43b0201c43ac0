//! `alloy-lint.toml`: the project's configuration of `check`.
//!
//! The file is found by walking up from the checked file's directory (see
//! [`discover`]); the first one wins, there is no merging. Every key is
//! optional:
//!
//! ```toml
//! # alloy-lint.toml
//! stability-level = "experimental"      # generally-available | public-preview | experimental
//! community-components = true
//! exclude = ["vendor/**", "generated/*.alloy"]   # gitignore-style globs, relative to this file's directory
//!
//! [rules]
//! unused-component = "off"              # off | info | warning | error
//! deprecated-function = "error"
//! ```
//!
//! Unknown keys and unknown rule codes are errors rather than warnings: a
//! misspelt setting that is silently ignored looks exactly like a setting
//! that works. Syntax errors cannot be configured, since a configuration
//! Alloy refuses to load is never a matter of taste.

use crate::rules::Code;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::check::suppress;
use crate::check::StabilityLevel;
use crate::diagnostics::{Diagnostic, Severity};
use crate::files::{DiskFiles, FileAccess};
use crate::syntax::LineIndex;

/// The configuration file's name.
pub const FILE_NAME: &str = "alloy-lint.toml";

/// A loaded `alloy-lint.toml` (or the defaults, when there is none).
///
/// `None` means "not set here": the caller layers command-line flags over
/// these values and these over the built-in defaults.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The file the settings were read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// `stability-level`: the least stable feature allowed.
    pub stability_level: Option<StabilityLevel>,
    /// `community-components`: whether community components are enabled.
    pub community_components: Option<bool>,
    /// `exclude`: files `check` skips.
    pub exclude: Exclude,
    /// `[rules]`: rule code → configured level.
    pub rules: BTreeMap<Code, RuleLevel>,
}

/// A level a rule can be set to in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The rule's diagnostics are dropped.
    Off,
    /// Reported as info.
    Info,
    /// Reported as warnings.
    Warning,
    /// Reported as errors.
    Error,
}

impl RuleLevel {
    /// The severity diagnostics get, or `None` for [`RuleLevel::Off`].
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }

    /// The spelling the file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::Info => "info",
            RuleLevel::Warning => "warning",
            RuleLevel::Error => "error",
        }
    }
}

/// The `exclude` globs, compiled with gitignore semantics against the
/// directory of the settings file.
#[derive(Debug, Clone)]
pub struct Exclude {
    patterns: Vec<String>,
    matcher: Gitignore,
}

impl Default for Exclude {
    fn default() -> Self {
        Exclude {
            patterns: Vec::new(),
            matcher: Gitignore::empty(),
        }
    }
}

impl Exclude {
    /// Compiles `patterns` (gitignore lines: `vendor/`, `**/*.gen.alloy`,
    /// `!keep.alloy`) relative to `root`. On failure returns the index of
    /// the offending pattern and why it is invalid.
    pub fn new(root: &Path, patterns: Vec<String>) -> Result<Self, (usize, String)> {
        let root = normalize(root);
        let mut builder = GitignoreBuilder::new(&root);
        for (i, pattern) in patterns.iter().enumerate() {
            builder
                .add_line(None, pattern)
                .map_err(|e| (i, glob_error_message(&e)))?;
        }
        let matcher = builder.build().map_err(|e| (0, e.to_string()))?;
        Ok(Exclude { patterns, matcher })
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// True if `path` (a file, or a directory when `is_dir`) or one of its
    /// parent directories matches. Paths outside the root never match.
    pub fn matches(&self, path: &Path, is_dir: bool) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        // The matcher panics on paths outside its root, and relative paths
        // are relative to the working directory, not to the root.
        let path = normalize(path);
        let Ok(relative) = path.strip_prefix(self.matcher.path()) else {
            return false;
        };
        if relative.as_os_str().is_empty() {
            return false;
        }
        self.matcher
            .matched_path_or_any_parents(relative, is_dir)
            .is_ignore()
    }
}

impl Settings {
    /// True if `file` is excluded by the `exclude` globs.
    pub fn is_excluded(&self, file: &Path) -> bool {
        self.exclude.matches(file, false)
    }

    /// Applies `[rules]`: drops the diagnostics of rules set to `off` and
    /// re-levels the others. Diagnostics without a code, and syntax errors,
    /// pass unchanged.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.rules.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if !suppress::is_suppressible(&d) {
                    return Some(d);
                }
                let Some(level) = d.code.and_then(|c| self.rules.get(&c)) else {
                    return Some(d);
                };
                d.severity = level.severity()?;
                Some(d)
            })
            .collect()
    }
}

/// A problem with a settings file, at a position when one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The settings file.
    pub path: PathBuf,
    /// 1-based line and byte column; `None` when the file could not be read
    /// or the problem has no place in it.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

/// Reads and validates the settings file at `path`. `[rules]` may name
/// any code of the registry ([`crate::rules::Code`]) but `syntax-error`.
pub fn load(path: &Path) -> Result<Settings, SettingsError> {
    load_in(&DiskFiles, path)
}

/// [`load`], the file read from `files`.
pub fn load_in(files: &dyn FileAccess, path: &Path) -> Result<Settings, SettingsError> {
    let text = files.read_text(path).map_err(|e| SettingsError {
        path: path.to_owned(),
        location: None,
        message: match e.reason {
            crate::files::read::Refusal::Io(e) => format!("cannot read settings: {e}"),
            reason => format!("cannot read settings: it {reason}"),
        },
    })?;
    parse(path, &text)
}

/// Parses and validates settings `text` read from `path`; see [`load`].
pub fn parse(path: &Path, text: &str) -> Result<Settings, SettingsError> {
    let lines = LineIndex::new(text.as_bytes());
    let error_at = |offset: Option<usize>, message: String| SettingsError {
        path: path.to_owned(),
        location: offset.map(|o| lines.line_col(o)),
        message,
    };

    let raw: RawSettings = toml::from_str(text)
        .map_err(|e| error_at(e.span().map(|s| s.start), e.message().to_owned()))?;

    let stability_level = match raw.stability_level {
        None => None,
        Some(level) => Some(StabilityLevel::from_name(level.get_ref()).ok_or_else(|| {
            error_at(
                Some(level.span().start),
                format!(
                    "unknown stability level `{}`, expected one of `generally-available`, \
                     `public-preview`, `experimental`",
                    level.get_ref()
                ),
            )
        })?),
    };

    // Report the first bad code in file order, not in the map's order.
    let mut rule_keys: Vec<_> = raw.rules.into_iter().collect();
    rule_keys.sort_by_key(|(code, _)| code.span().start);
    let mut rules = BTreeMap::new();
    for (code, level) in rule_keys {
        let typed = rule_code(code.get_ref()).map_err(|m| error_at(Some(code.span().start), m))?;
        rules.insert(typed, level);
    }

    let root = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let spans: Vec<usize> = raw.exclude.iter().map(|p| p.span().start).collect();
    let patterns = raw.exclude.into_iter().map(Spanned::into_inner).collect();
    let exclude = Exclude::new(root, patterns).map_err(|(i, message)| {
        error_at(
            spans.get(i).copied(),
            format!("invalid exclude pattern: {message}"),
        )
    })?;

    Ok(Settings {
        path: Some(path.to_owned()),
        stability_level,
        community_components: raw.community_components,
        exclude,
        rules,
    })
}

/// The code `name` of `[rules]`, or why it may not appear there.
fn rule_code(name: &str) -> Result<Code, String> {
    match Code::from_name(name) {
        Some(Code::SyntaxError) => {
            Err("syntax errors cannot be disabled or re-levelled".to_owned())
        }
        Some(code) => Ok(code),
        None => {
            let mut message = format!("unknown rule code `{name}`");
            let known = Code::ALL.iter().map(|c| c.as_str());
            if let Some(close) = super::suggest::closest(name, known) {
                message.push_str(&format!(" (did you mean `{close}`?)"));
            }
            Err(message)
        }
    }
}

/// Finds the settings file for `start` (a file or a directory): the first
/// `alloy-lint.toml` in its directory or one of that directory's
/// ancestors, up to the filesystem root.
///
/// One `stat` per level. `..` components are resolved lexically, so the
/// walk follows the path as written rather than symbolic links.
pub fn discover(start: &Path) -> Option<PathBuf> {
    discover_in(&DiskFiles, start)
}

/// [`discover`] in `files`.
pub fn discover_in(files: &dyn FileAccess, start: &Path) -> Option<PathBuf> {
    let start = normalize(start);
    let mut dir = if files.is_dir(&start) {
        start.as_path()
    } else {
        start.parent()?
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if files.is_file(&candidate) {
            return Some(candidate);
        }
        dir = dir.parent()?;
    }
}

/// `path` made absolute against the working directory, with `.` and `..`
/// resolved lexically (no filesystem access), so that paths written
/// differently compare equal.
fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The glob error without the `ignore` crate's wrapping of it.
fn glob_error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Glob { err, .. } => err.clone(),
        other => other.to_string(),
    }
}

/// The file as written, before validation; spans locate errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSettings {
    stability_level: Option<Spanned<String>>,
    community_components: Option<bool>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleLevel>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn parse_ok(text: &str) -> Settings {
        parse(Path::new("/project/alloy-lint.toml"), text).unwrap()
    }

    fn parse_err(text: &str) -> String {
        parse(Path::new("dir/alloy-lint.toml"), text)
            .unwrap_err()
            .to_string()
    }

    fn diagnostic(code: Option<Code>, severity: Severity) -> Diagnostic {
        let lines = LineIndex::new(b"x = 1\n");
        let mut d = Diagnostic::at(
            severity,
            code.unwrap_or(Code::SyntaxError),
            "a.alloy",
            Span { offset: 0, len: 1 },
            &lines,
            "m",
        );
        d.code = code;
        d
    }

    #[test]
    fn parses_every_key() {
        let s = parse_ok(
            r#"
stability-level = "public-preview"
community-components = true
exclude = ["vendor/**"]
[rules]
unused-component = "off"
deprecated-function = "error"
"#,
        );
        assert_eq!(
            s.path.as_deref(),
            Some(Path::new("/project/alloy-lint.toml"))
        );
        assert_eq!(s.stability_level, Some(StabilityLevel::PublicPreview));
        assert_eq!(s.community_components, Some(true));
        assert_eq!(s.exclude.patterns(), ["vendor/**"]);
        assert_eq!(s.rules[&Code::UnusedComponent], RuleLevel::Off);
        assert_eq!(s.rules[&Code::DeprecatedFunction], RuleLevel::Error);
    }

    #[test]
    fn empty_file_sets_nothing() {
        let s = parse_ok("");
        assert_eq!(s.stability_level, None);
        assert_eq!(s.community_components, None);
        assert!(s.exclude.patterns().is_empty());
        assert!(s.rules.is_empty());
    }

    #[test]
    fn unknown_key_is_an_error_at_its_position() {
        let e = parse_err("community-components = true\nstability = \"experimental\"\n");
        assert!(
            e.starts_with("dir/alloy-lint.toml:2:1: unknown field `stability`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_rule_code_suggests_a_known_one() {
        let e = parse_err("[rules]\nunused-component = \"off\"\nunused-componnet = \"off\"\n");
        assert_eq!(
            e,
            "dir/alloy-lint.toml:3:1: unknown rule code `unused-componnet` \
             (did you mean `unused-component`?)"
        );
        let e = parse_err("[rules]\nsomething-else = \"off\"\n");
        assert_eq!(
            e,
            "dir/alloy-lint.toml:2:1: unknown rule code `something-else`"
        );
    }

    #[test]
    fn syntax_errors_cannot_be_configured() {
        let e = parse(Path::new("a.toml"), "[rules]\nsyntax-error = \"off\"\n").unwrap_err();
        assert_eq!(e.location, Some((2, 1)));
    }

    #[test]
    fn bad_values_are_errors_at_their_position() {
        let e = parse_err("[rules]\nunused-component = \"warn\"\n");
        assert!(
            e.starts_with("dir/alloy-lint.toml:2:20: unknown variant `warn`"),
            "{e}"
        );
        let e = parse_err("stability-level = \"beta\"\n");
        assert!(
            e.starts_with("dir/alloy-lint.toml:1:19: unknown stability level `beta`"),
            "{e}"
        );
        let e = parse_err("community-components = \"yes\"\n");
        assert!(e.starts_with("dir/alloy-lint.toml:1:24: "), "{e}");
        let e = parse_err("exclude = [\"ok\", \"{a\"]\n");
        assert!(
            e.starts_with("dir/alloy-lint.toml:1:18: invalid exclude pattern"),
            "{e}"
        );
    }

    #[test]
    fn toml_syntax_error_has_a_position() {
        let e = parse_err("community-components = true\n[rules\n");
        assert!(e.starts_with("dir/alloy-lint.toml:2:"), "{e}");
    }

    #[test]
    fn load_reads_the_file_and_reports_unreadable_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "community-components = false\n").unwrap();
        let s = load(&path).unwrap();
        assert_eq!(s.community_components, Some(false));

        let missing = dir.path().join("missing.toml");
        let e = load(&missing).unwrap_err();
        assert_eq!(e.location, None);
        assert!(e.to_string().contains("cannot read settings"), "{e}");
    }

    #[test]
    fn discover_walks_up_to_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let nested = root.join("a/b/c");
        std::fs::create_dir_all(&nested).unwrap();
        let file = nested.join("config.alloy");
        std::fs::write(&file, "").unwrap();

        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&file), Some(normalize(&root.join(FILE_NAME))));
        assert_eq!(discover(&nested), Some(normalize(&root.join(FILE_NAME))));

        std::fs::write(root.join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(
            discover(&file),
            Some(normalize(&root.join("a").join(FILE_NAME)))
        );
        // A path with `..` is resolved before walking.
        let dotted = nested.join("../../config.alloy");
        assert_eq!(
            discover(&dotted),
            Some(normalize(&root.join("a").join(FILE_NAME)))
        );
    }

    #[test]
    fn discover_and_load_read_the_files_they_are_given() {
        // A project that exists only in memory, as an editor holds an
        // unsaved settings file.
        let root = Path::new("/alloy-lint-in-memory/project");
        let mut files = crate::files::MemoryFiles::new();
        files.insert(root.join("deploy/config.alloy"), "");
        files.insert(root.join(FILE_NAME), "community-components = true\n");
        let found = discover_in(&files, &root.join("deploy/config.alloy"));
        assert_eq!(found.as_deref(), Some(root.join(FILE_NAME).as_path()));
        assert_eq!(
            discover_in(&files, &root.join("deploy")),
            Some(root.join(FILE_NAME))
        );
        let settings = load_in(&files, &root.join(FILE_NAME)).unwrap();
        assert_eq!(settings.community_components, Some(true));
        // The disk has none of it.
        assert!(discover(&root.join("deploy/config.alloy")).is_none_or(|f| !f.starts_with(root)));
        let e = load(&root.join(FILE_NAME)).unwrap_err();
        assert!(e.to_string().contains("cannot read settings"), "{e}");
    }

    #[test]
    fn discover_returns_none_without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.alloy");
        // Another test (or the machine) may have a settings file above the
        // temporary directory; only assert what this directory decides.
        match discover(&file) {
            None => {}
            Some(found) => assert!(!found.starts_with(normalize(dir.path()))),
        }
    }

    #[test]
    fn exclude_globs_are_relative_to_the_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = root.join(FILE_NAME);
        std::fs::write(
            &path,
            "exclude = [\"vendor/**\", \"generated/*.alloy\", \"/top.alloy\", \"skip/\"]\n",
        )
        .unwrap();
        let s = load(&path).unwrap();
        assert!(s.is_excluded(&root.join("vendor/x/config.alloy")));
        assert!(s.is_excluded(&root.join("generated/a.alloy")));
        assert!(!s.is_excluded(&root.join("generated/sub/a.alloy")));
        assert!(s.is_excluded(&root.join("top.alloy")));
        assert!(!s.is_excluded(&root.join("sub/top.alloy")));
        assert!(s.is_excluded(&root.join("deep/skip/a.alloy")));
        assert!(s.is_excluded(&root.join("src/../vendor/a.alloy")));
        assert!(!s.is_excluded(&root.join("config.alloy")));
        // Outside the settings file's directory nothing is excluded.
        assert!(!s.is_excluded(Path::new("/elsewhere/vendor/a.alloy")));
    }

    #[test]
    fn exclude_accepts_relative_paths() {
        let s = Settings {
            exclude: Exclude::new(Path::new("."), vec!["*.gen.alloy".into()]).unwrap(),
            ..Settings::default()
        };
        assert!(s.is_excluded(Path::new("x.gen.alloy")));
        assert!(s.is_excluded(Path::new("./sub/x.gen.alloy")));
        assert!(!s.is_excluded(Path::new("x.alloy")));
    }

    #[test]
    fn default_settings_exclude_nothing_and_change_nothing() {
        let s = Settings::default();
        assert!(!s.is_excluded(Path::new("vendor/a.alloy")));
        let ds = vec![diagnostic(Some(Code::UnusedComponent), Severity::Warning)];
        assert_eq!(s.apply(ds.clone()), ds);
    }

    #[test]
    fn apply_drops_off_rules_and_relevels_others() {
        let s = parse_ok("[rules]\nunused-component = \"off\"\ndeprecated-function = \"info\"\n");
        let out = s.apply(vec![
            diagnostic(Some(Code::UnusedComponent), Severity::Warning),
            diagnostic(Some(Code::DeprecatedFunction), Severity::Warning),
            diagnostic(Some(Code::Cycle), Severity::Warning),
            diagnostic(None, Severity::Error),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Some(Code::DeprecatedFunction), Severity::Info),
                (Some(Code::Cycle), Severity::Warning),
                (None, Severity::Error),
            ]
        );
    }
}
