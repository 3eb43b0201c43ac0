//! The driver over files held in memory: routing, settings, `exclude`,
//! the fix loop and dashboards, with no disk.

use crate::rules::Code;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::*;
use crate::files::{EntryKind, MemoryFiles, ReadError};

/// A directory that exists in memory only.
const ROOT: &str = "/alloy-lint-in-memory/project";

/// Sends to a component defined in `B_SENDS`.
const A_SCRAPES: &str = "prometheus.scrape \"x\" {\n\ttargets    = []\n\tforward_to = [prometheus.remote_write.r.receiver]\n}\n";
const B_SENDS: &str =
    "prometheus.remote_write \"r\" {\n\tendpoint {\n\t\turl = \"http://localhost:9009/api/v1/push\"\n\t}\n}\n";

/// [`MemoryFiles`] that count the reads of each file.
#[derive(Default)]
struct CountingFiles {
    files: MemoryFiles,
    reads: Mutex<HashMap<PathBuf, usize>>,
}

impl CountingFiles {
    fn reads_of(&self, path: &Path) -> usize {
        self.reads.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

impl FileAccess for CountingFiles {
    fn read_within(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        *self
            .reads
            .lock()
            .unwrap()
            .entry(path.to_path_buf())
            .or_default() += 1;
        self.files.read_within(path, limit)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        self.files.kind(path)
    }

    fn has_entry(&self, path: &Path) -> bool {
        self.files.has_entry(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.files.canonicalize(path)
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        self.files.read_dir(dir)
    }
}

fn path(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

fn inputs(names: &[&str]) -> Vec<Input> {
    names.iter().map(|n| Input::Path(path(n))).collect()
}

/// `driver::check` of `names` (under [`ROOT`]) in `files`.
fn run(
    names: &[&str],
    options: &CheckOptions,
    files: &dyn FileAccess,
    writer: &dyn FileWriter,
) -> Checked {
    let stdin = Stdin {
        reader: &mut io::empty(),
        name: "<stdin>",
        anchor: PathBuf::from(ROOT),
    };
    match check(&inputs(names), options, files, writer, stdin) {
        Ok(checked) => checked,
        Err(stopped) => panic!("stopped: {}", stopped.error),
    }
}

/// The names of the files each configuration was made of.
fn configurations(checked: &Checked) -> Vec<Vec<String>> {
    checked
        .outcomes
        .iter()
        .map(|o| o.report.sources.iter().map(|s| s.name.clone()).collect())
        .collect()
}

/// `(file name, code)` of every diagnostic.
fn codes(checked: &Checked) -> Vec<(String, Code)> {
    checked
        .outcomes
        .iter()
        .flat_map(|o| &o.report.diagnostics)
        .map(|d| {
            let name = Path::new(&d.file).file_name().unwrap_or_default();
            (
                name.to_string_lossy().into_owned(),
                d.code.expect("checks report coded diagnostics"),
            )
        })
        .collect()
}

#[test]
fn a_directorys_files_are_one_configuration() {
    let mut files = MemoryFiles::new();
    files.insert(path("cfg/a.alloy"), A_SCRAPES);
    files.insert(path("cfg/b.alloy"), B_SENDS);
    files.insert(path("cfg/notes.txt"), "not alloy");
    files.insert(path("cfg/sub/c.alloy"), "not = [read\n");
    let writer = MemoryWriter::new();
    let options = CheckOptions::default();
    let together = run(&["cfg"], &options, &files, &writer);
    assert_eq!(
        configurations(&together),
        [[
            path("cfg/a.alloy").display().to_string(),
            path("cfg/b.alloy").display().to_string()
        ]]
    );
    assert!(
        !codes(&together).iter().any(|(f, _)| f == "a.alloy"),
        "{:?}",
        codes(&together)
    );
    // Alone, a.alloy sends nowhere known.
    let alone = run(&["cfg/a.alloy"], &options, &files, &writer);
    assert_eq!(configurations(&alone).len(), 1);
    assert!(
        codes(&alone).iter().any(|(f, _)| f == "a.alloy"),
        "{:?}",
        codes(&alone)
    );
    // The same directory named twice is checked once.
    let twice = run(&["cfg", "cfg/"], &options, &files, &writer);
    assert_eq!(configurations(&twice).len(), 1);
    assert!(writer.written().is_empty());
}

#[test]
fn the_nearest_settings_apply_and_are_read_once() {
    let mut memory = MemoryFiles::new();
    memory.insert(
        path("alloy-lint.toml"),
        "[rules]\nundefined-reference = \"off\"\n",
    );
    memory.insert(path("cfg/one.alloy"), A_SCRAPES);
    memory.insert(path("cfg/two.alloy"), A_SCRAPES);
    memory.insert(path("cfg/three.alloy"), A_SCRAPES);
    let files = CountingFiles {
        files: memory,
        ..CountingFiles::default()
    };
    let writer = MemoryWriter::new();
    let names = ["cfg/one.alloy", "cfg/two.alloy", "cfg/three.alloy"];
    let checked = run(&names, &CheckOptions::default(), &files, &writer);
    assert_eq!(configurations(&checked).len(), 3);
    assert_eq!(files.reads_of(&path("alloy-lint.toml")), 1);
    // Each file is read once too.
    assert_eq!(files.reads_of(&path("cfg/two.alloy")), 1);
    assert!(codes(&checked).is_empty(), "{:?}", codes(&checked));
    // Without the settings, each sends nowhere known.
    let defaults = CheckOptions {
        settings: SettingsChoice::Defaults,
        ..CheckOptions::default()
    };
    let unset = run(&names, &defaults, &files, &writer);
    assert_eq!(
        codes(&unset),
        [
            ("one.alloy".to_owned(), Code::UndefinedReference),
            ("two.alloy".to_owned(), Code::UndefinedReference),
            ("three.alloy".to_owned(), Code::UndefinedReference),
        ]
    );
}

#[test]
fn an_invalid_settings_file_stops_before_any_check() {
    let mut files = MemoryFiles::new();
    files.insert(path("alloy-lint.toml"), "[rules]\nno-such-rule = \"off\"\n");
    files.insert(path("a.alloy"), B_SENDS);
    files.insert(path("empty/notes.txt"), "");
    let stdin = Stdin {
        reader: &mut io::empty(),
        name: "<stdin>",
        anchor: PathBuf::from(ROOT),
    };
    let writer = MemoryWriter::new();
    let Err(stopped) = check(
        &inputs(&["empty", "a.alloy"]),
        &CheckOptions::default(),
        &files,
        &writer,
        stdin,
    ) else {
        panic!("an unknown rule code was accepted");
    };
    assert!(
        stopped.error.message.contains("no-such-rule"),
        "{}",
        stopped.error
    );
    // What was said before it stopped is kept.
    assert_eq!(stopped.warnings.len(), 1, "{:?}", stopped.warnings);
}

#[test]
fn exclude_drops_listed_files_only() {
    let mut files = MemoryFiles::new();
    files.insert(path("alloy-lint.toml"), "exclude = [\"gen.alloy\"]\n");
    files.insert(path("cfg/a.alloy"), B_SENDS);
    files.insert(path("cfg/gen.alloy"), "broken = [\n");
    files.insert(path("only/gen.alloy"), "broken = [\n");
    let writer = MemoryWriter::new();
    let options = CheckOptions::default();
    let listed = run(&["cfg", "only"], &options, &files, &writer);
    // `only` is left with no file: nothing to check there.
    assert_eq!(
        configurations(&listed),
        [[path("cfg/a.alloy").display().to_string()]]
    );
    let named = run(&["cfg/gen.alloy"], &options, &files, &writer);
    assert_eq!(
        configurations(&named),
        [[path("cfg/gen.alloy").display().to_string()]]
    );
    assert!(
        codes(&named).iter().any(|(_, c)| *c == Code::SyntaxError),
        "{:?}",
        codes(&named)
    );
}

/// A remote_write endpoint without its push path: a safe fix appends it.
const PUSH_PATH_MISSING: &str = "prometheus.remote_write \"grafana_cloud\" {\n\tendpoint {\n\t\turl = \"https://prometheus-prod-13-prod-us-east-0.grafana.net\"\n\t}\n}\n";

#[test]
fn fixes_are_written_through_the_writer_and_checked_again() {
    let mut files = MemoryFiles::new();
    files.insert(path("fix/a.alloy"), PUSH_PATH_MISSING);
    let writer = MemoryWriter::new();
    let preview = CheckOptions {
        fix: FixMode::Preview,
        ..CheckOptions::default()
    };
    let previewed = run(&["fix/a.alloy"], &preview, &files, &writer);
    assert_eq!(previewed.outcomes[0].fixed.len(), 1);
    assert!(previewed.outcomes[0].report.fixable() > 0);
    assert!(writer.written().is_empty(), "a preview wrote");

    let write = CheckOptions {
        fix: FixMode::Write,
        ..CheckOptions::default()
    };
    let fixed = run(&["fix/a.alloy"], &write, &files, &writer);
    assert!(fixed.problems.is_empty(), "{:?}", fixed.problems);
    let written = writer.written();
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].0, path("fix/a.alloy"));
    let text = String::from_utf8(written[0].1.clone()).unwrap();
    assert!(text.contains("grafana.net/api/prom/push\""), "{text}");
    // The report is of the fixed text: nothing fixable is left.
    let report = &fixed.outcomes[0].report;
    assert_eq!(report.sources[0].text, written[0].1);
    assert_eq!(report.fixable(), 0, "{:?}", report.diagnostics);
}

#[test]
fn a_fix_that_would_not_parse_is_refused_and_nothing_written() {
    let source = crate::files::Source {
        name: "a.alloy".into(),
        path: Some(path("a.alloy")),
        text: PUSH_PATH_MISSING.as_bytes().to_vec(),
    };
    let mut report = crate::check::check(vec![source.clone()], &Options::default());
    let Some(fix) = report.diagnostics.iter_mut().find_map(|d| d.fix.as_mut()) else {
        panic!("no fix: {:?}", report.diagnostics)
    };
    // The fix now opens a list it never closes.
    fix.edits[0].replacement = "[".into();
    let writer = MemoryWriter::new();
    let check_again = |_: Vec<crate::files::Source>| panic!("checked again with nothing written");
    let (outcome, refused) =
        fixing::fix(vec![source], report, FixMode::Write, &writer, &check_again);
    assert!(outcome.fixed.is_empty());
    assert!(writer.written().is_empty());
    let [Refusal::WouldNotParse(message)] = &refused[..] else {
        panic!("{refused:?}")
    };
    assert!(
        message.starts_with("a.alloy: the fixed file would not parse"),
        "{message}"
    );
}

#[test]
fn dashboards_are_routed_to_their_checker_and_read_their_configuration_from_memory() {
    let root = PathBuf::from(ROOT);
    let dashboard =
        "dashboard \"d\" {\n\ttitle        = \"D\"\n\talloy_config = \"sends.alloy\"\n}\n";
    let check_dashboard = |files: &MemoryFiles| {
        route::check_sources(
            vec![crate::files::Source {
                name: "d.alloy".into(),
                path: Some(root.join("d.alloy")),
                text: dashboard.as_bytes().to_vec(),
            }],
            &Options::default(),
            &DashboardOptions::default(),
            files,
        )
    };
    let codes_of = |report: &crate::check::Report| -> Vec<Code> {
        report.diagnostics.iter().filter_map(|d| d.code).collect()
    };
    let mut files = MemoryFiles::new();
    let missing = check_dashboard(&files);
    assert_eq!(codes_of(&missing), [Code::AlloyConfigNotFound]);
    files.insert(root.join("sends.alloy"), "logging { }\n");
    let read = check_dashboard(&files);
    assert!(codes_of(&read).is_empty(), "{:?}", codes_of(&read));
    // Checked as a configuration, the same file is an unknown block.
    let as_configuration = crate::check::check_with_files(
        vec![crate::files::Source {
            name: "d.alloy".into(),
            path: Some(root.join("d.alloy")),
            text: dashboard.as_bytes().to_vec(),
        }],
        &Options::default(),
        &[],
        &files,
    );
    assert!(!codes_of(&as_configuration).is_empty());
}

/// A writer that refuses every file, as the disk refuses a read-only one.
struct ReadOnlyFiles;

impl FileWriter for ReadOnlyFiles {
    fn replace(&self, _: &Path, _: &[u8]) -> Result<(), crate::files::WriteError> {
        Err(crate::files::WriteError::ReadOnly)
    }
}

#[test]
fn a_file_the_writer_refuses_is_reported_and_not_counted_as_fixed() {
    let mut files = MemoryFiles::new();
    files.insert(path("fix/a.alloy"), PUSH_PATH_MISSING);
    let write = CheckOptions {
        fix: FixMode::Write,
        ..CheckOptions::default()
    };
    let checked = run(&["fix/a.alloy"], &write, &files, &ReadOnlyFiles);
    let [Problem::Refused(Refusal::NotWritten { path: refused, .. })] = &checked.problems[..]
    else {
        panic!("{:?}", checked.problems)
    };
    assert_eq!(*refused, path("fix/a.alloy"));
    assert!(checked.outcomes[0].fixed.is_empty());
    // What is reported is the file as it still is.
    assert!(checked.outcomes[0].report.fixable() > 0);
}

#[test]
fn an_editor_checks_past_syntax_errors_and_fixing_does_not() {
    // A good block whose safe fix is known, then a block Alloy cannot read.
    let broken = format!("{PUSH_PATH_MISSING}\nprometheus.relabel \"x-y\" {{\n}}\n");
    let mut files = MemoryFiles::new();
    files.insert(path("edit/a.alloy"), broken.as_str());
    let writer = MemoryWriter::new();
    let editor = CheckOptions {
        past_syntax_errors: true,
        ..CheckOptions::default()
    };
    let checked = run(&["edit/a.alloy"], &editor, &files, &writer);
    let found = codes(&checked);
    assert!(found.contains(&("a.alloy".to_owned(), Code::SyntaxError)));
    assert!(found.len() > 1, "{found:?}");
    // The CLI's default, and any fixing: the syntax errors only, nothing
    // written.
    let only_syntax = |c: &Checked| codes(c).iter().all(|(_, code)| *code == Code::SyntaxError);
    assert!(only_syntax(&run(
        &["edit/a.alloy"],
        &CheckOptions::default(),
        &files,
        &writer
    )));
    let fixing = CheckOptions {
        fix: FixMode::Write,
        ..editor
    };
    let fixed = run(&["edit/a.alloy"], &fixing, &files, &writer);
    assert!(only_syntax(&fixed), "{:?}", codes(&fixed));
    assert!(writer.written().is_empty());
}
