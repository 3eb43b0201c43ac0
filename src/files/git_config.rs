//! Where the user's global excludes file is: `core.excludesFile` of git's
//! system and global configuration files, or git's default when none sets
//! it, read through the file door like every other file git_status reads.
//!
//! Git reads its configuration files in order, a later value winning:
//! `/etc/gitconfig` (`$GIT_CONFIG_SYSTEM`; none with `$GIT_CONFIG_NOSYSTEM`),
//! then `$XDG_CONFIG_HOME/git/config` (or `~/.config/git/config`), then
//! `~/.gitconfig`, those two replaced by `$GIT_CONFIG_GLOBAL` when it is
//! set (git's `config.c`, `do_git_config_sequence`). `core.excludesFile` is a path: a leading `~/`
//! is the home directory (`git_config_pathname`, `interpolate_path`).
//! Unset, it defaults to `$XDG_CONFIG_HOME/git/ignore` (or
//! `~/.config/git/ignore`; `dir.c`, `setup_standard_excludes`).
//!
//! Only what that one key needs is read: section headers and `key = value`
//! lines with git's quoting, comments and case rules. `include.path` and
//! `includeIf` are not followed (a value set only in an included file is
//! missed, and the default is used).

use std::path::PathBuf;

use super::access::FileAccess;

/// Where the environment says the home and XDG configuration directories
/// are (passed in, so that tests need not change the process's
/// environment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserDirs {
    /// `$HOME`.
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, when set and not empty.
    pub xdg_config_home: Option<PathBuf>,
    /// `$GIT_CONFIG_GLOBAL`: the one global configuration file.
    pub global_config: Option<PathBuf>,
    /// `$GIT_CONFIG_SYSTEM`, or none at all with `$GIT_CONFIG_NOSYSTEM`
    /// (`None` here means `/etc/gitconfig`).
    pub system_config: Option<Option<PathBuf>>,
}

impl UserDirs {
    /// The directories of the running process.
    pub fn from_environment() -> Self {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let no_system = std::env::var_os("GIT_CONFIG_NOSYSTEM")
            .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        UserDirs {
            home: var("HOME"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            global_config: var("GIT_CONFIG_GLOBAL"),
            system_config: if no_system {
                Some(None)
            } else {
                var("GIT_CONFIG_SYSTEM").map(Some)
            },
        }
    }

    /// `$XDG_CONFIG_HOME/git/NAME`, or `~/.config/git/NAME`.
    fn xdg_git(&self, name: &str) -> Option<PathBuf> {
        match (&self.xdg_config_home, &self.home) {
            (Some(xdg), _) => Some(xdg.join("git").join(name)),
            (None, Some(home)) => Some(home.join(".config").join("git").join(name)),
            (None, None) => None,
        }
    }
}

/// The global excludes file git would read for a user with `dirs`, its
/// configuration read from `files`.
pub fn global_excludes_file(files: &dyn FileAccess, dirs: &UserDirs) -> Option<PathBuf> {
    let system = match &dirs.system_config {
        None => Some(PathBuf::from("/etc/gitconfig")),
        Some(chosen) => chosen.clone(),
    };
    let global = match &dirs.global_config {
        Some(file) => [Some(file.clone()), None],
        None => [
            dirs.xdg_git("config"),
            dirs.home.as_ref().map(|h| h.join(".gitconfig")),
        ],
    };
    let configs = std::iter::once(system).chain(global);
    let mut found = None;
    for config in configs.flatten() {
        if let Ok(bytes) = files.read(&config) {
            if let Some(value) = last_excludes_file(&String::from_utf8_lossy(&bytes)) {
                found = Some(value);
            }
        }
    }
    match found {
        Some(value) => expand_home(&value, dirs),
        None => dirs.xdg_git("ignore"),
    }
}

/// `~/rest` under the home directory; other paths as written.
fn expand_home(value: &str, dirs: &UserDirs) -> Option<PathBuf> {
    match value.strip_prefix("~/") {
        Some(rest) => dirs.home.as_ref().map(|h| h.join(rest)),
        None => Some(PathBuf::from(value)),
    }
}

/// The last `excludesFile` of a `[core]` section in `text`.
fn last_excludes_file(text: &str) -> Option<String> {
    let mut in_core = false;
    let mut found = None;
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(header) = line.strip_prefix('[') {
            // `[core]`, `[CORE]`; `[core "sub"]` is another section.
            let name = header.split([']', ' ', '\t', '"']).next().unwrap_or("");
            let subsection = header[name.len()..].trim_start().starts_with('"');
            in_core = name.eq_ignore_ascii_case("core") && !subsection;
            continue;
        }
        if !in_core {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("excludesfile") {
            found = Some(config_value(value));
        }
    }
    found
}

/// A value as git reads it: surrounding blanks dropped, `"..."` quoting
/// and `\"`, `\\`, `\t`, `\n` escapes undone, and a `#` or `;` outside
/// quotes starting a comment (git's `config.c`, `parse_value`).
fn config_value(raw: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut pending_space = String::new();
    let mut chars = raw.trim_start().chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '#' | ';' if !quoted => break,
            '\\' => {
                let escaped = match chars.next() {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('b') => '\u{8}',
                    Some(other) => other,
                    None => break,
                };
                out.push_str(&std::mem::take(&mut pending_space));
                out.push(escaped);
            }
            ' ' | '\t' if !quoted => pending_space.push(c),
            _ => {
                out.push_str(&std::mem::take(&mut pending_space));
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn dirs() -> UserDirs {
        UserDirs {
            home: Some(PathBuf::from("/home/ana")),
            system_config: Some(None),
            ..UserDirs::default()
        }
    }

    #[test]
    fn unset_it_is_the_xdg_ignore_file() {
        let files = MemoryFiles::new();
        assert_eq!(
            global_excludes_file(&files, &dirs()),
            Some(PathBuf::from("/home/ana/.config/git/ignore"))
        );
        let xdg = UserDirs {
            xdg_config_home: Some(PathBuf::from("/cfg")),
            ..dirs()
        };
        assert_eq!(
            global_excludes_file(&files, &xdg),
            Some(PathBuf::from("/cfg/git/ignore"))
        );
    }

    #[test]
    fn the_home_gitconfig_wins_over_the_xdg_one_and_tilde_is_home() {
        let mut files = MemoryFiles::new();
        files.insert(
            "/home/ana/.config/git/config",
            "[core]\n\texcludesFile = /xdg/ignore\n",
        );
        files.insert(
            "/home/ana/.gitconfig",
            "[user]\n\tname = Ana\n[Core]\n\tExcludesFile = \"~/.gitignore_global\" # mine\n",
        );
        assert_eq!(
            global_excludes_file(&files, &dirs()),
            Some(PathBuf::from("/home/ana/.gitignore_global"))
        );
    }

    #[test]
    fn git_config_global_replaces_both_global_files_and_system_comes_first() {
        let mut files = MemoryFiles::new();
        files.insert("/home/ana/.gitconfig", "[core]\nexcludesfile = /home\n");
        files.insert("/etc/gitconfig", "[core]\nexcludesfile = /system\n");
        files.insert("/elsewhere", "[core]\nexcludesfile = /chosen\n");
        let chosen = UserDirs {
            global_config: Some(PathBuf::from("/elsewhere")),
            ..dirs()
        };
        assert_eq!(
            global_excludes_file(&files, &chosen),
            Some(PathBuf::from("/chosen"))
        );
        let with_system = UserDirs {
            system_config: None,
            ..dirs()
        };
        assert_eq!(
            global_excludes_file(&files, &with_system),
            Some(PathBuf::from("/home"))
        );
        files.remove(std::path::Path::new("/home/ana/.gitconfig"));
        assert_eq!(
            global_excludes_file(&files, &with_system),
            Some(PathBuf::from("/system"))
        );
    }

    #[test]
    fn only_the_core_section_counts() {
        let mut files = MemoryFiles::new();
        files.insert(
            "/home/ana/.gitconfig",
            "[core \"sub\"]\n\texcludesfile = /no\n[alias]\n\texcludesfile = /no\n[core]\n\tautocrlf = input\n",
        );
        assert_eq!(
            global_excludes_file(&files, &dirs()),
            Some(PathBuf::from("/home/ana/.config/git/ignore"))
        );
    }

    #[test]
    fn values_are_unquoted_as_git_does() {
        assert_eq!(config_value(" \"/a b/c\" ; comment"), "/a b/c");
        assert_eq!(config_value(" /plain/path  # c"), "/plain/path");
        assert_eq!(config_value(" a\\\"b"), "a\"b");
    }
}
