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

use std::fs;
use std::path::{Path, PathBuf};

use alloy_lint::check::{self, rules, Options, Report, Source, StabilityLevel};
use alloy_lint::diagnostics::{human, json, short, Diagnostic};

/// Where the fixtures live, relative to the crate root.
const FIXTURES: &str = "fixtures/check";

/// The prefix of the first-line comment that sets a fixture's options.
const OPTIONS_DIRECTIVE: &str = "// alloy-lint-test:";

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

/// Reads the configuration at `path` and the options its files ask for.
fn load(path: &Path) -> Fixture {
    let mut options = Options {
        stability: StabilityLevel::Experimental,
        community_components: true,
    };
    let sources = configuration_files(path)
        .into_iter()
        .map(|file| {
            let text = fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            apply_directive(&file, &text, &mut options);
            let name = file.to_str().expect("fixture paths are UTF-8").to_owned();
            Source {
                name,
                path: Some(file),
                text,
            }
        })
        .collect();
    Fixture { sources, options }
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

/// Checks the `kind` fixture of `code`.
fn check_fixture(code: &str, kind: Kind) -> Report {
    let path = fixture_path(code, kind)
        .unwrap_or_else(|| panic!("{code}: no single {} fixture", kind.as_str()));
    let fixture = load(&path);
    check::check(fixture.sources, &fixture.options)
}

/// The human rendering of a report: each run of diagnostics of one file
/// framed over that file's text, as `alloy-lint check` prints them.
fn render_human(report: &Report) -> String {
    let mut out = String::new();
    let mut rest = &report.diagnostics[..];
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.file == first.file).count();
        let source = report
            .sources
            .iter()
            .find(|s| s.name == first.file)
            .unwrap_or_else(|| panic!("no source named {}", first.file));
        out.push_str(&human::render(&rest[..n], &source.text, false));
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
            if fixture_path(rule.code, kind).is_none() {
                missing.push(format!(
                    "{}: needs {1}.alloy or {1}/, exactly one of them",
                    rule_dir(rule.code).display(),
                    kind.as_str()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fixture_directory_is_a_rule() {
    let codes: Vec<&str> = rules::all().map(|r| r.code).collect();
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
        if fixture_path(rule.code, Kind::Invalid).is_none() {
            continue; // Reported by every_rule_has_an_invalid_and_a_valid_fixture.
        }
        let report = check_fixture(rule.code, Kind::Invalid);
        if !report
            .diagnostics
            .iter()
            .any(|d| d.code.as_deref() == Some(rule.code))
        {
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
        if fixture_path(rule.code, Kind::Valid).is_none() {
            continue; // Reported by every_rule_has_an_invalid_and_a_valid_fixture.
        }
        let report = check_fixture(rule.code, Kind::Valid);
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
