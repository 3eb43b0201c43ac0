//! `alloy-lint fmt`: format files exactly as `alloy fmt` does, print them,
//! rewrite them, list or diff the ones that would change.
//!
//! [`driver::format`] reads, formats and writes the files (in parallel);
//! this finds them, then prints what each gave in input order, so output
//! never depends on scheduling.

use std::io;
use std::path::PathBuf;

use clap::Args;

use super::{Colors, ExitStatus, MessageFormat, Streams};
use crate::diagnostics;
use crate::driver::{
    self,
    format::{FormatInput, FormatMode, FormatOutcome, FormatProblem, Formatted},
};
use crate::files::{self, Input};

const EXAMPLES: &str = "\
Examples:
  alloy-lint fmt config.alloy            print config.alloy formatted
  cat config.alloy | alloy-lint fmt -    format standard input
  alloy-lint fmt -w .                    rewrite every *.alloy file below .
  alloy-lint fmt --check configs/        list files that are not formatted (exit 1 if any)
  alloy-lint fmt --diff a.alloy b.alloy  show what formatting would change

Exit codes:
  0  nothing to report
  1  a file would change (--check, --diff) or does not parse
  2  usage error, unreadable or unwritable file, internal failure";

/// Arguments of `alloy-lint fmt`.
#[derive(Debug, Clone, Default, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct FmtArgs {
    /// Files or directories to format; `-` is standard input.
    ///
    /// A file is formatted whatever its name, even if an ignore file excludes
    /// it. A directory stands for every `*.alloy` file below it, in sorted
    /// order, except hidden ones and those excluded by `.gitignore`,
    /// `.ignore` or git's exclude files. Without --write, --check or --diff,
    /// exactly one file (or `-`) may be given.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<PathBuf>,

    /// Rewrite files in place instead of printing them.
    ///
    /// Only files whose formatting changes are written, each through a
    /// temporary file in the same directory and a rename, keeping its
    /// permissions and extended attributes; a file with several hard links
    /// is rewritten in place, so every name sees the change. A file that
    /// does not parse is never written; a device, FIFO or socket is
    /// refused, and so is a read-only file (see --overwrite-read-only).
    /// `-` is still formatted to standard output.
    #[arg(short = 'w', long, conflicts_with_all = ["check", "diff"])]
    pub write: bool,

    /// With --write: rewrite read-only files too (they stay read-only).
    /// Without it, a read-only file is left untouched and reported (exit
    /// 2), as `gofmt -w` does.
    #[arg(long, requires = "write")]
    pub overwrite_read_only: bool,

    /// List the files whose formatting would change, one path per line on
    /// standard output, and change nothing.
    ///
    /// Exits 1 if a file would change or does not parse. With --diff, prints
    /// the diff instead of the path. Also accepted as --test/-t, the
    /// `alloy fmt` spelling.
    #[arg(long, visible_alias = "test", visible_short_alias = 't')]
    pub check: bool,

    /// Print a unified diff of each file whose formatting would change, and
    /// change nothing.
    ///
    /// Exits 1 if a file would change or does not parse. Coloured on a
    /// terminal (see --color).
    #[arg(long)]
    pub diff: bool,

    /// Name standard input in messages and diff headers.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// How to print syntax errors (on standard error).
    ///
    /// `human` shows the source around each error; `short` prints one
    /// `file:line:col: error: message` line per error, as `alloy fmt` does.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: MessageFormat,

    /// Print a summary of what was done on standard error (how many files
    /// were reformatted, already formatted, unparsable).
    #[arg(short, long)]
    pub verbose: bool,
}

/// What `fmt` does with each formatted file, as the flags say.
fn mode_of(args: &FmtArgs) -> FormatMode {
    if args.write {
        FormatMode::Write
    } else if args.diff {
        FormatMode::Diff
    } else if args.check {
        FormatMode::Check
    } else {
        FormatMode::Print
    }
}

/// How one input ends the command.
fn status_of(outcome: &FormatOutcome, mode: FormatMode) -> ExitStatus {
    match outcome {
        FormatOutcome::Unchanged => ExitStatus::Success,
        FormatOutcome::Changed if matches!(mode, FormatMode::Check | FormatMode::Diff) => {
            ExitStatus::Findings
        }
        FormatOutcome::Changed => ExitStatus::Success,
        FormatOutcome::Invalid(_) => ExitStatus::Findings,
        FormatOutcome::Failed(_) => ExitStatus::Failure,
    }
}

/// Runs `alloy-lint fmt` with `args`, reading `-` from `streams.stdin`.
pub fn run(args: &FmtArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let mode = mode_of(args);
    let mut out = Output::new(streams, colors.stderr);

    if mode == FormatMode::Print {
        if let Some(problem) = several_files(&args.paths) {
            out.error(&format!(
                "{problem}\n\n\
                 Without --write, --check or --diff, `fmt` prints one formatted file to \
                 standard output.\n\
                 hint: use --check to list the files that would change, --diff to show \
                 the changes, or -w/--write to rewrite them in place"
            ));
            return ExitStatus::Failure;
        }
    }

    let discovery = files::discover(&args.paths);
    let mut status = ExitStatus::Success;
    for error in &discovery.errors {
        out.error(&format!("cannot read {error}"));
        status = ExitStatus::Failure;
    }
    for dir in &discovery.empty_dirs {
        out.warning(&format!("no *.alloy files in {}", dir.display()));
    }

    let mut inputs = Vec::with_capacity(discovery.inputs.len());
    for input in discovery.inputs {
        match input {
            Input::File(path) => inputs.push(FormatInput::File(path)),
            Input::Stdin => match files::read_stdin(out.streams.stdin, "standard input") {
                Ok(text) => inputs.push(FormatInput::Text {
                    name: args.stdin_filename.clone(),
                    text,
                }),
                Err(e) => {
                    out.error(&e.to_string());
                    status = ExitStatus::Failure;
                }
            },
        }
    }

    let writer = driver::DiskWriter {
        read_only: files::ReadOnly::from_flag(args.overwrite_read_only),
    };
    let formatted = driver::format::format_inputs(inputs, mode, &files::DiskFiles, &writer);

    let mut tally = Tally::default();
    for f in formatted {
        status = status.max(status_of(&f.outcome, mode));
        tally.add(&f.outcome);
        out.stderr(&stderr_of(&f, args.format, colors.stderr));
        out.stdout(&stdout_of(f, mode, colors.stdout));
    }
    if args.verbose && mode != FormatMode::Print {
        out.stderr(&tally.summary(mode));
    }
    status.max(out.status())
}

/// Why PATHS name more than one file, if they do.
fn several_files(paths: &[PathBuf]) -> Option<String> {
    match paths {
        [path] if !files::is_stdin(path) && path.is_dir() => {
            Some(format!("{} is a directory", path.display()))
        }
        [_] | [] => None,
        _ => Some(format!("{} paths given", paths.len())),
    }
}

/// What `formatted` prints on standard error: its syntax errors as
/// `format` says, or why it was not read or written.
fn stderr_of(formatted: &Formatted, format: MessageFormat, color: bool) -> String {
    match &formatted.outcome {
        FormatOutcome::Unchanged | FormatOutcome::Changed => String::new(),
        FormatOutcome::Invalid(invalid) => match format {
            MessageFormat::Human => {
                diagnostics::human::render(&invalid.diagnostics, &invalid.shown, color)
            }
            MessageFormat::Short => diagnostics::short::render(&invalid.diagnostics, color),
        },
        FormatOutcome::Failed(FormatProblem::Unreadable(e)) => error_line(color, &e.to_string()),
        FormatOutcome::Failed(FormatProblem::NotWritten { path, error }) => {
            error_line(color, &super::in_out::write_error_message(path, error))
        }
    }
}

/// What `formatted` prints on standard output in `mode`: the formatted
/// text, its name (`--check`) or its diff (`--diff`) when it changes.
fn stdout_of(formatted: Formatted, mode: FormatMode, color: bool) -> String {
    if let Some(text) = formatted.text {
        return text;
    }
    if !matches!(formatted.outcome, FormatOutcome::Changed) {
        return String::new();
    }
    match (mode, &formatted.diff) {
        (FormatMode::Check, _) => format!("{}\n", formatted.name),
        (FormatMode::Diff, Some(diff)) => diff.unified(&formatted.name, color),
        _ => String::new(),
    }
}

/// `error: MESSAGE`, with `error` in bold red when colouring.
fn error_line(color: bool, message: &str) -> String {
    if color {
        format!("\x1b[1;31merror\x1b[0m: {message}\n")
    } else {
        format!("error: {message}\n")
    }
}

/// `warning: MESSAGE`, with `warning` in bold yellow when colouring.
fn warning_line(color: bool, message: &str) -> String {
    if color {
        format!("\x1b[1;33mwarning\x1b[0m: {message}\n")
    } else {
        format!("warning: {message}\n")
    }
}

/// Counts of outcomes, for `--verbose`.
#[derive(Debug, Default)]
struct Tally {
    unchanged: usize,
    changed: usize,
    invalid: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, outcome: &FormatOutcome) {
        match outcome {
            FormatOutcome::Unchanged => self.unchanged += 1,
            FormatOutcome::Changed => self.changed += 1,
            FormatOutcome::Invalid(_) => self.invalid += 1,
            FormatOutcome::Failed(_) => self.failed += 1,
        }
    }

    /// E.g. `2 files reformatted, 1 file already formatted, 1 file with
    /// syntax errors`.
    fn summary(&self, mode: FormatMode) -> String {
        let changed = if mode == FormatMode::Write {
            "reformatted"
        } else {
            "would be reformatted"
        };
        let mut parts = vec![
            format!("{} {changed}", files_word(self.changed)),
            format!("{} already formatted", files_word(self.unchanged)),
        ];
        if self.invalid > 0 {
            parts.push(format!("{} with syntax errors", files_word(self.invalid)));
        }
        if self.failed > 0 {
            parts.push(format!("{} not read or written", files_word(self.failed)));
        }
        format!("{}\n", parts.join(", "))
    }
}

/// `1 file`, `2 files`.
fn files_word(n: usize) -> String {
    if n == 1 {
        "1 file".to_owned()
    } else {
        format!("{n} files")
    }
}

/// Writes to the command's streams: stdout is flushed before anything goes
/// to stderr, so both keep their order on a shared terminal; a reader that
/// closes stdout early (`| head`) silences stdout without an error.
struct Output<'s, 'a> {
    streams: &'s mut Streams<'a>,
    stderr_color: bool,
    stdout_closed: bool,
    failed: bool,
}

impl<'s, 'a> Output<'s, 'a> {
    fn new(streams: &'s mut Streams<'a>, stderr_color: bool) -> Self {
        Output {
            streams,
            stderr_color,
            stdout_closed: false,
            failed: false,
        }
    }

    fn stdout(&mut self, text: &str) {
        if text.is_empty() || self.stdout_closed {
            return;
        }
        if let Err(e) = self.streams.stdout.write_all(text.as_bytes()) {
            self.stdout_failed(e);
        }
    }

    fn stderr(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.stdout_closed {
            if let Err(e) = self.streams.stdout.flush() {
                self.stdout_failed(e);
            }
        }
        // Nowhere left to report a failing stderr.
        let _ = self.streams.stderr.write_all(text.as_bytes());
    }

    fn error(&mut self, message: &str) {
        self.stderr(&error_line(self.stderr_color, message));
    }

    fn warning(&mut self, message: &str) {
        self.stderr(&warning_line(self.stderr_color, message));
    }

    fn stdout_failed(&mut self, e: io::Error) {
        self.stdout_closed = true;
        if e.kind() != io::ErrorKind::BrokenPipe {
            self.failed = true;
            let _ = writeln!(
                self.streams.stderr,
                "error: cannot write to standard output: {e}"
            );
        }
    }

    /// `Failure` if writing stdout failed other than by a closed pipe.
    fn status(&self) -> ExitStatus {
        if self.failed {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io::Write;
    use std::path::Path;

    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};
    use crate::text_diff::{unified_diff, Side};

    /// What one in-process run printed and returned.
    struct Run {
        status: ExitStatus,
        stdout: String,
        stderr: String,
    }

    fn args(argv: &[&str]) -> FmtArgs {
        let cli = Cli::try_parse_from(std::iter::once("alloy-lint").chain(argv.iter().copied()))
            .expect("valid arguments");
        match cli.command {
            Command::Fmt(args) => args,
            other => panic!("not fmt: {other:?}"),
        }
    }

    fn run_with(argv: &[&str], stdin: &str, stdout: &mut dyn Write) -> (ExitStatus, String) {
        let mut stdin = stdin.as_bytes();
        let mut stderr = Vec::new();
        let status = run(
            &args(argv),
            Colors::NONE,
            &mut Streams {
                stdin: &mut stdin,
                stdout,
                stderr: &mut stderr,
            },
        );
        (status, String::from_utf8(stderr).unwrap())
    }

    fn fmt(argv: &[&str], stdin: &str) -> Run {
        let mut stdout = Vec::new();
        let (status, stderr) = run_with(argv, stdin, &mut stdout);
        Run {
            status,
            stdout: String::from_utf8(stdout).unwrap(),
            stderr,
        }
    }

    fn path_str(p: &Path) -> &str {
        p.to_str().unwrap()
    }

    #[test]
    fn prints_one_formatted_file() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.alloy");
        fs::write(&file, "a=1").unwrap();
        let r = fmt(&["fmt", path_str(&file)], "");
        assert_eq!(
            (r.status, r.stdout.as_str(), r.stderr.as_str()),
            (ExitStatus::Success, "a = 1\n", "")
        );
        // Printing never writes.
        assert_eq!(fs::read_to_string(&file).unwrap(), "a=1");
    }

    #[test]
    fn formats_stdin() {
        let r = fmt(&["fmt", "-"], "foo \"bar\" {\nx=1\n}");
        assert_eq!(r.stdout, "foo \"bar\" {\n\tx = 1\n}\n");
        assert_eq!(r.status, ExitStatus::Success);
        // No PATH at all means stdin, as with `alloy fmt`.
        assert_eq!(fmt(&["fmt"], "a = [1,2,]").stdout, "a = [1, 2]\n");
    }

    #[test]
    fn stdin_filename_names_stdin_in_errors() {
        let r = fmt(
            &[
                "fmt",
                "--format",
                "short",
                "--stdin-filename",
                "conf/x.alloy",
                "-",
            ],
            "x = <TARGETS>\n",
        );
        assert_eq!(r.status, ExitStatus::Findings);
        assert_eq!(r.stdout, "");
        assert!(
            r.stderr.starts_with("conf/x.alloy:1:5: error: "),
            "{}",
            r.stderr
        );
    }

    #[test]
    fn several_files_need_a_mode() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a.alloy"), tmp.path().join("b.alloy"));
        fs::write(&a, "a = 1\n").unwrap();
        fs::write(&b, "b = 1\n").unwrap();
        for argv in [
            vec!["fmt", path_str(&a), path_str(&b)],
            vec!["fmt", path_str(tmp.path())],
        ] {
            let r = fmt(&argv, "");
            assert_eq!(r.status, ExitStatus::Failure, "{argv:?}");
            assert_eq!(r.stdout, "");
            assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
            for flag in ["--check", "--diff", "-w"] {
                assert!(r.stderr.contains(flag), "{}", r.stderr);
            }
        }
    }

    #[test]
    fn check_lists_changed_files_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::write(root.join("c.alloy"), "c=1").unwrap();
        fs::write(root.join("a.alloy"), "a=1").unwrap();
        fs::write(root.join("b.alloy"), "b = 1\n").unwrap();
        let r = fmt(&["fmt", "--check", path_str(root)], "");
        let want = format!(
            "{}\n{}\n",
            root.join("a.alloy").display(),
            root.join("c.alloy").display()
        );
        assert_eq!(
            (r.status, r.stdout, r.stderr),
            (ExitStatus::Findings, want, String::new())
        );

        let r = fmt(&["fmt", "--check", path_str(&root.join("b.alloy"))], "");
        assert_eq!((r.status, r.stdout.as_str()), (ExitStatus::Success, ""));
    }

    #[test]
    fn diff_masks_secrets() {
        // A literal password (secret by its argument) and a token shape
        // (secret anywhere), on lines the formatter changes.
        let token = ["glc_", "eyJvIjoiMTIzNDU2NyIsIm4iOiJzdGFjayJ9"].concat();
        let input = format!(
            "otelcol.auth.basic \"a\" {{\nusername = \"1\"\npassword = \"hunter2hunter2\"\n}}\n\
             remote.http \"b\" {{\nurl = \"https://x\"\nclient {{\nbearer_token = \"{token}\"\n}}\n}}\n"
        );
        let r = fmt(&["fmt", "--diff", "-"], &input);
        assert_eq!(r.status, ExitStatus::Findings, "{}", r.stderr);
        assert!(r.stdout.contains("+\tpassword = \"hu"), "{}", r.stdout);
        assert!(!r.stdout.contains("hunter2"), "{}", r.stdout);
        assert!(!r.stdout.contains(&token[4..]), "{}", r.stdout);
    }

    #[test]
    fn diff_shows_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.alloy");
        fs::write(&file, "a=1\n").unwrap();
        let name = file.display().to_string();
        let want = unified_diff(Side::plain("a=1\n"), Side::plain("a = 1\n"), &name, false);
        // `--check --diff` is `--diff`.
        for argv in [
            vec!["fmt", "--diff", &name],
            vec!["fmt", "--check", "--diff", &name],
        ] {
            let r = fmt(&argv, "");
            assert_eq!(
                (r.status, r.stdout.as_str()),
                (ExitStatus::Findings, want.as_str())
            );
        }
        assert_eq!(fs::read_to_string(&file).unwrap(), "a=1\n");
    }

    #[test]
    fn write_rewrites_only_what_changes_and_what_parses() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::write(root.join("messy.alloy"), "a=1").unwrap();
        fs::write(root.join("clean.alloy"), "a = 1\n").unwrap();
        fs::write(root.join("broken.alloy"), "x = <TARGETS>\n").unwrap();
        let r = fmt(&["fmt", "-w", "--format=short", "-v", path_str(root)], "");
        assert_eq!(r.status, ExitStatus::Findings);
        assert_eq!(r.stdout, "");
        assert_eq!(
            fs::read_to_string(root.join("messy.alloy")).unwrap(),
            "a = 1\n"
        );
        assert_eq!(
            fs::read_to_string(root.join("broken.alloy")).unwrap(),
            "x = <TARGETS>\n"
        );
        assert!(
            r.stderr.contains("broken.alloy:1:5: error: "),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.ends_with(
                "1 file reformatted, 1 file already formatted, 1 file with syntax errors\n"
            ),
            "{}",
            r.stderr
        );
    }

    #[test]
    fn write_stdin_goes_to_stdout() {
        let r = fmt(&["fmt", "-w", "-"], "a=1");
        assert_eq!(
            (r.status, r.stdout.as_str()),
            (ExitStatus::Success, "a = 1\n")
        );
    }

    #[test]
    fn unreadable_path_wins_over_findings() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.alloy");
        fs::write(&file, "a=1").unwrap();
        let missing = tmp.path().join("missing.alloy");
        let r = fmt(&["fmt", "--check", path_str(&missing), path_str(&file)], "");
        assert_eq!(r.status, ExitStatus::Failure);
        assert_eq!(r.stdout, format!("{}\n", file.display()));
        assert!(r.stderr.starts_with("error: cannot read "), "{}", r.stderr);
        assert!(r.stderr.contains("missing.alloy"), "{}", r.stderr);
    }

    /// A stdout whose reader went away, or that fails otherwise.
    struct FailingStdout(io::ErrorKind);

    impl Write for FailingStdout {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_stdout_is_not_a_failure_but_other_write_errors_are() {
        let mut closed = FailingStdout(io::ErrorKind::BrokenPipe);
        let (status, stderr) = run_with(&["fmt", "-"], "a = 1\n", &mut closed);
        assert_eq!((status, stderr.as_str()), (ExitStatus::Success, ""));

        let mut broken = FailingStdout(io::ErrorKind::Other);
        let (status, stderr) = run_with(&["fmt", "-"], "a = 1\n", &mut broken);
        assert_eq!(status, ExitStatus::Failure);
        assert!(
            stderr.contains("cannot write to standard output"),
            "{stderr}"
        );
    }

    #[test]
    fn summary_counts_files() {
        let tally = Tally {
            unchanged: 1,
            changed: 2,
            invalid: 0,
            failed: 1,
        };
        assert_eq!(
            tally.summary(FormatMode::Check),
            "2 files would be reformatted, 1 file already formatted, 1 file not read or written\n"
        );
    }
}
