//! Every rule of the registry against its fixtures in `fixtures/check/<code>/`:
//! an `invalid` configuration that triggers the rule and a `valid` one, its
//! correction, that triggers nothing. The diagnostics of each invalid
//! fixture are snapshotted as the human and the JSON renderers print them.
//! Adding a rule without fixtures fails here; adding a case is adding files.
//!
//! A fixture is a file (`invalid.alloy`) or a directory (`invalid/`) whose
//! top-level `*.alloy` files form one configuration, as `alloy run DIR`
//! loads them; module files imported with `import.file` live in a
//! subfolder. Fixtures are checked with every feature allowed (stability
//! `experimental`, community components on) unless their first line says
//! otherwise:
//!
//! ```alloy
//! // alloy-lint-test: stability=generally-available community=false
//! ```
//!
//! Files are named by their path relative to the crate root (the working
//! directory of `cargo test`), so that diagnostics, module paths included,
//! read the same on every machine and as `alloy-lint check` prints them
//! when run from there.
//!
//! Each fixture is checked from a copy in a fresh temporary directory `T`,
//! at the same relative path (`T/fixtures/check/<code>/...`), so that it
//! can be given files that are never committed (token files) and a git
//! state of its own. Paths under `T` are written relative to it in the
//! report before it is rendered, so a snapshot reads as `alloy-lint check`
//! prints it from the crate root. By default the copy holds
//! `grafana-token.txt`, the git-ignored token file the configurations read,
//! next to the configuration, holding a made-up token, and `T` is in no git
//! repository. A directory fixture can set this up otherwise with a
//! `setup.txt`, one directive a line (`#` starts a comment; paths are
//! relative to the fixture directory):
//!
//! ```text
//! file grafana-token.txt     # creates a file holding a made-up token (and its folders)
//! write utf16.txt \xff\xfet\0  # creates a file of these bytes (`\xHH`, `\0`, `\r`, `\n`, `\\`; none: empty)
//! git init                   # makes T a git repository
//! git add grafana-token.txt  # stages a file (`git add -f`)
//! ```
//!
//! `write` gives token files the bytes a committed file would carry
//! awkwardly (a byte-order mark, NUL bytes, a final line break).
//!
//! With a `setup.txt`, only the files it lists are created. A fixture that
//! needs git is skipped, with a note, where `git` cannot be run.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support;
use support::{git, git_available};

use alloy_lint::check::{Options, Report, Source, StabilityLevel};
use alloy_lint::diagnostics::{human, json, short, Diagnostic};
use alloy_lint::rules;

/// Where the fixtures live, relative to the crate root.
const FIXTURES: &str = "fixtures/check";

/// The prefix of the first-line comment that sets a fixture's options.
const OPTIONS_DIRECTIVE: &str = "// alloy-lint-test:";

/// The file of a directory fixture that sets up its copy.
const SETUP_FILE: &str = "setup.txt";

/// The token file the configurations read, present in a fixture's copy
/// unless its `setup.txt` says otherwise.
const DEFAULT_TOKEN_FILE: &str = "grafana-token.txt";

/// The two fixtures of a rule.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Triggers the rule.
    Invalid,
    /// The corrected configuration: no diagnostics at all.
    Valid,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Valid => "valid",
        }
    }
}

/// One configuration to check, with the options it is checked under.
struct Fixture {
    sources: Vec<Source>,
    options: Options,
}

/// The fixture directory of rule `code`.
fn rule_dir(code: &str) -> PathBuf {
    Path::new(FIXTURES).join(code)
}

/// The `kind` fixture of `code`: `<kind>.alloy` or `<kind>/`, whichever
/// exists (`None` if neither does, or both do).
fn fixture_path(code: &str, kind: Kind) -> Option<PathBuf> {
    let dir = rule_dir(code);
    let file = dir.join(format!("{}.alloy", kind.as_str()));
    let folder = dir.join(kind.as_str());
    match (file.is_file(), folder.is_dir()) {
        (true, false) => Some(file),
        (false, true) => Some(folder),
        _ => None,
    }
}

/// The files of the configuration at `path`: the file itself, or a
/// directory's top-level `*.alloy` files, sorted.
fn configuration_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "alloy") && p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no *.alloy files", path.display());
    files
}

/// Reads the configuration at `path` (relative to the crate root) from its
/// copy under `root`, and the options its files ask for. Files keep their
/// relative names.
fn load(root: &Path, path: &Path) -> Fixture {
    let mut options = Options {
        stability: StabilityLevel::Experimental,
        community_components: true,
        ..Options::default()
    };
    let sources = configuration_files(path)
        .into_iter()
        .map(|file| {
            let text = fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            apply_directive(&file, &text, &mut options);
            let name = file.to_str().expect("fixture paths are UTF-8").to_owned();
            Source {
                name,
                path: Some(root.join(&file)),
                text,
            }
        })
        .collect();
    Fixture { sources, options }
}

/// What a token file made by `file PATH` holds: shaped as a Grafana Cloud
/// token, so that nothing judges it a placeholder, and made up.
const MADE_UP_TOKEN: &str = "glc_FAKEexampleTOKENnotREAL000";

/// One line of a `setup.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SetupStep {
    /// `file PATH`: a file holding [`MADE_UP_TOKEN`].
    File(PathBuf),
    /// `write PATH BYTES`: a file of exactly these bytes.
    Write(PathBuf, Vec<u8>),
    /// `git init`: the temporary directory is a git repository.
    GitInit,
    /// `git add PATH`: a staged file.
    GitAdd(PathBuf),
}

/// The steps of the setup file `text` (named `file` in messages).
fn parse_setup(file: &Path, text: &str) -> Vec<SetupStep> {
    let mut steps = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let step = match words[..] {
            ["file", path] => SetupStep::File(PathBuf::from(path)),
            ["write", path] => SetupStep::Write(PathBuf::from(path), Vec::new()),
            ["write", path, bytes] => SetupStep::Write(
                PathBuf::from(path),
                unescape(bytes).unwrap_or_else(|| {
                    panic!("{}:{}: bad escape in `{bytes}`", file.display(), i + 1)
                }),
            ),
            ["git", "init"] => SetupStep::GitInit,
            ["git", "add", path] => SetupStep::GitAdd(PathBuf::from(path)),
            _ => panic!(
                "{}:{}: unknown setup `{line}` (expected `file PATH`, `write PATH BYTES`, `git init` or `git add PATH`)",
                file.display(),
                i + 1
            ),
        };
        if let SetupStep::File(p) | SetupStep::Write(p, _) | SetupStep::GitAdd(p) = &step {
            assert!(
                p.is_relative() && !p.iter().any(|c| c == ".."),
                "{}:{}: `{}` must stay inside the fixture",
                file.display(),
                i + 1,
                p.display()
            );
        }
        steps.push(step);
    }
    steps
}

/// The bytes `text` stands for: `\xHH`, `\0`, `\r`, `\n` and `\\` escapes,
/// every other character itself; `None` for a bad escape.
fn unescape(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let (&e, tail) = rest.split_first()?;
        rest = tail;
        out.push(match e {
            b'0' => 0,
            b'r' => b'\r',
            b'n' => b'\n',
            b'\\' => b'\\',
            b'x' => {
                let hex = std::str::from_utf8(rest.get(..2)?).ok()?;
                rest = &rest[2..];
                u8::from_str_radix(hex, 16).ok()?
            }
            _ => return None,
        });
    }
    Some(out)
}

/// The setup of the fixture at `path`: its `setup.txt`, or the default
/// token file.
fn setup_of(path: &Path) -> Vec<SetupStep> {
    let file = path.join(SETUP_FILE);
    match fs::read_to_string(&file) {
        Ok(text) if path.is_dir() => parse_setup(&file, &text),
        _ => vec![SetupStep::File(PathBuf::from(DEFAULT_TOKEN_FILE))],
    }
}

/// Copies the directory `from` into `to`, hidden files included.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("readable directory entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
    }
}

/// Copies the fixture at `path` (relative to the crate root) under `root`
/// and applies its setup; `false` if it needs git and git cannot be run.
fn prepare(root: &Path, path: &Path) -> bool {
    let steps = setup_of(path);
    if steps.contains(&SetupStep::GitInit) && !git_available() {
        eprintln!("{}: skipped, git cannot be run", path.display());
        return false;
    }
    let copy = root.join(path);
    let dir = if path.is_dir() {
        copy_dir(path, &copy);
        copy.clone()
    } else {
        let dir = copy
            .parent()
            .expect("a fixture file is in a folder")
            .to_path_buf();
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        fs::copy(path, &copy).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        dir
    };
    for step in steps {
        match step {
            SetupStep::File(file) => {
                let file = dir.join(file);
                if let Some(parent) = file.parent() {
                    fs::create_dir_all(parent)
                        .unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
                }
                fs::write(&file, MADE_UP_TOKEN)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            }
            SetupStep::Write(file, bytes) => {
                let file = dir.join(file);
                fs::write(&file, bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            }
            SetupStep::GitInit => {
                git(root, &["init", "-q"]);
                // The machine's global excludes must not decide what the
                // fixture's `.gitignore` files say.
                let none = root.join(".git").join("no-global-excludes");
                let none = none.to_str().expect("temporary paths are UTF-8");
                git(root, &["config", "core.excludesFile", none]);
            }
            SetupStep::GitAdd(file) => {
                let file = file.to_str().expect("setup paths are UTF-8");
                git(&dir, &["add", "-f", "--", file]);
            }
        }
    }
    true
}

/// `report` with the temporary directory `root` taken out of file names and
/// messages: paths read relative to the crate root, as for the fixtures.
fn relative_to(root: &Path, mut report: Report) -> Report {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    let strip = |text: &mut String| *text = text.replace(&prefix, "");
    for d in &mut report.diagnostics {
        strip(&mut d.file);
        strip(&mut d.message);
        if let Some(help) = &mut d.help {
            strip(help);
        }
    }
    for source in &mut report.sources {
        strip(&mut source.name);
    }
    for related in report.diagnostics.iter_mut().flat_map(|d| &mut d.related) {
        strip(&mut related.file);
        strip(&mut related.message);
    }
    report
}

/// Applies the `// alloy-lint-test:` first line of `text`, if any.
fn apply_directive(file: &Path, text: &[u8], options: &mut Options) {
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let Some(settings) = std::str::from_utf8(first)
        .ok()
        .and_then(|line| line.trim_end().strip_prefix(OPTIONS_DIRECTIVE))
    else {
        return;
    };
    for setting in settings.split_whitespace() {
        let parsed = match setting.split_once('=') {
            Some(("stability", level)) => StabilityLevel::from_name(level)
                .map(|level| options.stability = level)
                .is_some(),
            Some(("community", "true")) => {
                options.community_components = true;
                true
            }
            Some(("community", "false")) => {
                options.community_components = false;
                true
            }
            _ => false,
        };
        assert!(
            parsed,
            "{}: unknown test option `{setting}` (expected stability=LEVEL or community=true|false)",
            file.display()
        );
    }
}

/// Checks the `kind` fixture of `code` from a prepared copy, or `None` if
/// it needs git and git cannot be run.
fn check_fixture(code: &str, kind: Kind) -> Option<Report> {
    let path = fixture_path(code, kind)
        .unwrap_or_else(|| panic!("{code}: no single {} fixture", kind.as_str()));
    let root = tempfile::tempdir().expect("a temporary directory");
    if !prepare(root.path(), &path) {
        return None;
    }
    let fixture = load(root.path(), &path);
    // As `alloy-lint check` routes them: dashboard files to their checker.
    let report = alloy_lint::driver::check_sources(
        fixture.sources,
        &fixture.options,
        &Default::default(),
        &alloy_lint::files::DiskFiles,
    );
    Some(relative_to(root.path(), report))
}

/// The human rendering of a report: each run of diagnostics of one file
/// framed over that file's text, as `alloy-lint check` prints them.
fn render_human(report: &Report) -> String {
    let mut out = String::new();
    let mut rest = &report.diagnostics[..];
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.file == first.file).count();
        assert!(
            report.sources.iter().any(|s| s.name == first.file),
            "no source named {}",
            first.file
        );
        // Secrets written in the fixture are masked, as the CLI masks them.
        let text = report.shown_source(&first.file);
        out.push_str(&human::render(&rest[..n], &text, false));
        rest = &rest[n..];
    }
    out
}

/// One line per diagnostic, for assertion messages.
fn render_short(diagnostics: &[Diagnostic]) -> String {
    short::render(diagnostics, false)
}

#[test]
fn fixtures_are_found_from_the_crate_root() {
    assert!(
        Path::new(FIXTURES).is_dir(),
        "{FIXTURES} not found: run the tests with cargo, from the crate root"
    );
}

#[test]
fn every_rule_has_an_invalid_and_a_valid_fixture() {
    let mut missing = Vec::new();
    for rule in rules::all() {
        for kind in [Kind::Invalid, Kind::Valid] {
            if fixture_path(rule.code.as_str(), kind).is_none() {
                missing.push(format!(
                    "{}: needs {1}.alloy or {1}/, exactly one of them",
                    rule_dir(rule.code.as_str()).display(),
                    kind.as_str()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fixture_directory_is_a_rule() {
    let codes: Vec<&str> = rules::all().map(|r| r.code.as_str()).collect();
    let mut stray = Vec::new();
    for entry in fs::read_dir(FIXTURES).expect("fixtures/check is readable") {
        let name = entry.expect("readable directory entry").file_name();
        let name = name.to_string_lossy();
        if !codes.contains(&name.as_ref()) {
            stray.push(format!("{FIXTURES}/{name} is named after no rule"));
        }
    }
    assert!(stray.is_empty(), "{}", stray.join("\n"));
}

#[test]
fn invalid_fixtures_trigger_their_rule() {
    let mut failures = Vec::new();
    for rule in rules::all() {
        if fixture_path(rule.code.as_str(), Kind::Invalid).is_none() {
            continue; // Reported by every_rule_has_an_invalid_and_a_valid_fixture.
        }
        let Some(report) = check_fixture(rule.code.as_str(), Kind::Invalid) else {
            continue;
        };
        if !report.diagnostics.iter().any(|d| d.code == Some(rule.code)) {
            failures.push(format!(
                "{}: no `{}` diagnostic; found:\n{}",
                rule.code,
                rule.code,
                render_short(&report.diagnostics)
            ));
        }
        insta::assert_snapshot!(format!("{}-human", rule.code), render_human(&report));
        insta::assert_snapshot!(
            format!("{}-json", rule.code),
            json::render(&report.diagnostics, report.sources.len())
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_fixtures_have_no_diagnostics() {
    let mut failures = Vec::new();
    for rule in rules::all() {
        if fixture_path(rule.code.as_str(), Kind::Valid).is_none() {
            continue; // Reported by every_rule_has_an_invalid_and_a_valid_fixture.
        }
        let Some(report) = check_fixture(rule.code.as_str(), Kind::Valid) else {
            continue;
        };
        if !report.diagnostics.is_empty() {
            failures.push(format!(
                "{}: the valid fixture reports:\n{}",
                rule.code,
                render_short(&report.diagnostics)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn options_directive_is_read() {
    let mut options = Options {
        stability: StabilityLevel::Experimental,
        community_components: true,
        ..Options::default()
    };
    apply_directive(
        Path::new("test.alloy"),
        b"// alloy-lint-test: stability=generally-available community=false\nlogging { }\n",
        &mut options,
    );
    assert_eq!(options.stability, StabilityLevel::GenerallyAvailable);
    assert!(!options.community_components);

    let before = options;
    apply_directive(
        Path::new("test.alloy"),
        b"logging { }\n// alloy-lint-test: community=true\n",
        &mut options,
    );
    assert_eq!(options, before, "only the first line counts");
}

#[test]
fn setup_file_is_read() {
    let steps = parse_setup(
        Path::new("setup.txt"),
        "# a comment\n\ngit init\nfile secrets/grafana-token.txt  # the token\nwrite bom.txt \\xef\\xbb\\xbft\\0\\r\\n\\\\\ngit add secrets/grafana-token.txt\n",
    );
    assert_eq!(
        steps,
        [
            SetupStep::GitInit,
            SetupStep::File(PathBuf::from("secrets/grafana-token.txt")),
            SetupStep::Write(PathBuf::from("bom.txt"), b"\xef\xbb\xbft\0\r\n\\".to_vec()),
            SetupStep::GitAdd(PathBuf::from("secrets/grafana-token.txt")),
        ]
    );
    assert_eq!(
        setup_of(Path::new("fixtures/check/cycle/invalid.alloy")),
        [SetupStep::File(PathBuf::from(DEFAULT_TOKEN_FILE))],
        "a file fixture gets the default token file"
    );
}

#[test]
#[should_panic(expected = "bad escape")]
fn setup_bytes_refuse_a_bad_escape() {
    parse_setup(Path::new("setup.txt"), "write t.txt \\xZZ\n");
}

#[test]
#[should_panic(expected = "must stay inside the fixture")]
fn setup_paths_stay_inside_the_fixture() {
    parse_setup(Path::new("setup.txt"), "file ../grafana-token.txt\n");
}
