//! Deciding whether to colour output.
//!
//! `--color auto` (the default) colours a stream only if it is a terminal and
//! `NO_COLOR` is unset or empty (<https://no-color.org>); `always` and
//! `never` override both. Each stream is decided on its own: `fmt --diff |
//! less` keeps coloured errors on the terminal's stderr but a plain diff.

use std::ffi::OsStr;
use std::io::IsTerminal;

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour a stream if it is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether a stream gets colour, given whether it is a terminal and the
    /// value of `NO_COLOR` (`None` if unset).
    pub fn enabled(self, is_terminal: bool, no_color: Option<&OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color.is_none_or(OsStr::is_empty),
        }
    }
}

/// The colour decision for each output stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    /// Colour what goes to standard output (diffs).
    pub stdout: bool,
    /// Colour what goes to standard error (diagnostics).
    pub stderr: bool,
}

impl Colors {
    /// No colour anywhere.
    pub const NONE: Colors = Colors {
        stdout: false,
        stderr: false,
    };

    /// Decides for this process's real stdout and stderr, reading `NO_COLOR`
    /// from the environment.
    pub fn detect(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR");
        Colors {
            stdout: choice.enabled(std::io::stdout().is_terminal(), no_color.as_deref()),
            stderr: choice.enabled(std::io::stderr().is_terminal(), no_color.as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_needs_a_terminal_and_no_no_color() {
        let auto = ColorChoice::Auto;
        assert!(auto.enabled(true, None));
        assert!(!auto.enabled(false, None));
        assert!(!auto.enabled(true, Some(OsStr::new("1"))));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(auto.enabled(true, Some(OsStr::new(""))));
    }

    #[test]
    fn always_and_never_override() {
        assert!(ColorChoice::Always.enabled(false, Some(OsStr::new("1"))));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
}
