//! `alloy-lint fmt`: format files exactly as `alloy fmt` does, print them,
//! rewrite them, list or diff the ones that would change.
//!
//! Files are read, formatted, rendered (diff, diagnostics) and written in
//! parallel; what they print is collected and written afterwards in input
//! order, so output never depends on scheduling.

use std::io;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::{Colors, ExitStatus, MessageFormat, Streams};
use crate::diagnostics::{self, Diagnostic};
use crate::files::{self, Input};
use crate::format::format_source;
use crate::secrets::{MessageRedactor, SecretSpans, Shown};
use crate::text_diff::{unified_diff, Side};

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

/// What `fmt` does with each formatted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Print the formatted text (one file only).
    Print,
    /// Rewrite changed files (`-w`).
    Write,
    /// List changed files (`--check`).
    Check,
    /// Diff changed files (`--diff`, also with `--check`).
    Diff,
}

impl Mode {
    fn of(args: &FmtArgs) -> Self {
        if args.write {
            Mode::Write
        } else if args.diff {
            Mode::Diff
        } else if args.check {
            Mode::Check
        } else {
            Mode::Print
        }
    }
}

/// Everything a worker needs besides its input.
struct Settings<'a> {
    mode: Mode,
    format: MessageFormat,
    colors: Colors,
    stdin_name: &'a str,
    read_only: files::ReadOnly,
}

/// One input to process, with standard input already read.
enum Job {
    Stdin(Vec<u8>),
    File(PathBuf),
}

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Already formatted.
    Unchanged,
    /// Formatting changes it (and under `-w` it was rewritten).
    Changed,
    /// It does not parse.
    Invalid,
    /// It could not be read or written.
    Failed,
}

/// What one input prints and how it ends, produced in parallel and written
/// in order.
struct FileReport {
    stdout: String,
    stderr: String,
    outcome: Outcome,
}

impl FileReport {
    fn new(outcome: Outcome) -> Self {
        FileReport {
            stdout: String::new(),
            stderr: String::new(),
            outcome,
        }
    }

    fn status(&self, mode: Mode) -> ExitStatus {
        match self.outcome {
            Outcome::Unchanged => ExitStatus::Success,
            Outcome::Changed if matches!(mode, Mode::Check | Mode::Diff) => ExitStatus::Findings,
            Outcome::Changed => ExitStatus::Success,
            Outcome::Invalid => ExitStatus::Findings,
            Outcome::Failed => ExitStatus::Failure,
        }
    }
}

/// Runs `alloy-lint fmt` with `args`, reading `-` from `streams.stdin`.
pub fn run(args: &FmtArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let mode = Mode::of(args);
    let mut out = Output::new(streams, colors.stderr);

    if mode == Mode::Print {
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

    let mut jobs = Vec::with_capacity(discovery.inputs.len());
    for input in discovery.inputs {
        match input {
            Input::File(path) => jobs.push(Job::File(path)),
            Input::Stdin => match files::read_stdin(out.streams.stdin, "standard input") {
                Ok(source) => jobs.push(Job::Stdin(source)),
                Err(e) => {
                    out.error(&e.to_string());
                    status = ExitStatus::Failure;
                }
            },
        }
    }

    let settings = Settings {
        mode,
        format: args.format,
        colors,
        stdin_name: &args.stdin_filename,
        read_only: files::ReadOnly::from_flag(args.overwrite_read_only),
    };
    // One file: skip starting the thread pool (a cost a small file notices).
    let reports: Vec<FileReport> = if jobs.len() > 1 {
        jobs.into_par_iter()
            .map(|job| process(&settings, job))
            .collect()
    } else {
        jobs.into_iter()
            .map(|job| process(&settings, job))
            .collect()
    };

    let mut tally = Tally::default();
    for report in &reports {
        out.stderr(&report.stderr);
        out.stdout(&report.stdout);
        status = status.max(report.status(mode));
        tally.add(report.outcome);
    }
    if args.verbose && mode != Mode::Print {
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

/// Formats one input and prepares what it prints.
fn process(settings: &Settings<'_>, job: Job) -> FileReport {
    let (source, path, name) = match job {
        Job::Stdin(source) => (source, None, settings.stdin_name.to_owned()),
        Job::File(path) => {
            let name = path.display().to_string();
            match files::read_file(&path) {
                Ok(source) => (source, Some(path), name),
                Err(e) => {
                    let mut report = FileReport::new(Outcome::Failed);
                    report.stderr = error_line(settings.colors.stderr, &e.to_string());
                    return report;
                }
            }
        }
    };

    let formatted = match format_source(&source) {
        Ok(formatted) => formatted,
        Err(errors) => {
            // The frame shows the file: what its tokens say is secret is
            // masked there and in the messages.
            let spans = SecretSpans::of_unparsed(&source);
            let redactor = MessageRedactor::new(&spans.values(&source));
            let mut diagnostics = Diagnostic::from_syntax_errors(&errors, &name, &source);
            for d in &mut diagnostics {
                d.message = redactor.redact(&d.message);
            }
            let mut report = FileReport::new(Outcome::Invalid);
            report.stderr = match settings.format {
                MessageFormat::Human => diagnostics::human::render(
                    &diagnostics,
                    &Shown::masked(&source, &spans),
                    settings.colors.stderr,
                ),
                MessageFormat::Short => {
                    diagnostics::short::render(&diagnostics, settings.colors.stderr)
                }
            };
            return report;
        }
    };

    let changed = formatted.as_bytes() != source.as_slice();
    let mut report = FileReport::new(if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    });
    match (settings.mode, &path) {
        // `fmt FILE`, and `-w -`: the formatted text is the output.
        (Mode::Print, _) | (Mode::Write, None) => report.stdout = formatted,
        (Mode::Write, Some(path)) => {
            if changed {
                if let Err(e) = files::replace_file(path, formatted.as_bytes(), settings.read_only)
                {
                    report.outcome = Outcome::Failed;
                    report.stderr = error_line(
                        settings.colors.stderr,
                        &super::in_out::write_error_message(path, &e),
                    );
                }
            }
        }
        (Mode::Check, _) => {
            if changed {
                report.stdout = format!("{name}\n");
            }
        }
        (Mode::Diff, _) => {
            if changed {
                // A diff may land in a CI log: secrets in it are masked
                // where each side holds them.
                let original = String::from_utf8_lossy(&source);
                let original_shown = crate::check::shown_file(&name, &source);
                let formatted_shown = crate::check::shown_file(&name, formatted.as_bytes());
                report.stdout = unified_diff(
                    Side {
                        text: &original,
                        shown: &original_shown.text(),
                    },
                    Side {
                        text: &formatted,
                        shown: &formatted_shown.text(),
                    },
                    &name,
                    settings.colors.stdout,
                );
            }
        }
    }
    report
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
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Changed => self.changed += 1,
            Outcome::Invalid => self.invalid += 1,
            Outcome::Failed => self.failed += 1,
        }
    }

    /// E.g. `2 files reformatted, 1 file already formatted, 1 file with
    /// syntax errors`.
    fn summary(&self, mode: Mode) -> String {
        let changed = if mode == Mode::Write {
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
            tally.summary(Mode::Check),
            "2 files would be reformatted, 1 file already formatted, 1 file not read or written\n"
        );
    }
}
