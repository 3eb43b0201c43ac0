//! Checks whose files are read through [`crate::files::FileAccess`] from
//! memory: what an editor does with its open, unsaved buffers.

use crate::rules::Code;
use std::path::{Path, PathBuf};

use super::*;
use crate::files::{DiskFiles, MemoryFiles, Overlay};

/// A directory that exists in memory only.
const ROOT: &str = "/alloy-lint-in-memory/config";

const MAIN: &str = r#"import.file "lib" {
	filename = "lib.alloy"
}

lib.worker "default" { }

local.file "token" {
	filename  = "token.txt"
	is_secret = true
}
"#;

/// A module whose one component is misspelt.
const BROKEN_LIB: &str = "declare \"worker\" {\n\tprometheus.scrapee \"x\" { }\n}\n";
const GOOD_LIB: &str = "declare \"worker\" { }\n";

fn main_source(dir: &Path) -> Vec<Source> {
    vec![Source {
        name: "main.alloy".into(),
        path: Some(dir.join("main.alloy")),
        text: MAIN.as_bytes().to_vec(),
    }]
}

fn check_in(dir: &Path, files: &dyn crate::files::FileAccess) -> Report {
    check_with_files(main_source(dir), &Options::default(), &[], files)
}

/// `(code, file)` of every diagnostic.
fn found(report: &Report) -> Vec<(Option<Code>, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.clone()))
        .collect()
}

fn has(report: &Report, code: Code, file: &str) -> bool {
    found(report)
        .iter()
        .any(|(c, f)| *c == Some(code) && f.ends_with(file))
}

#[test]
fn a_configuration_in_memory_is_checked_with_its_module_and_token_file() {
    let root = PathBuf::from(ROOT);
    assert!(!root.exists(), "{ROOT} must not be on disk");
    let mut files = MemoryFiles::new();
    files.insert(root.join("lib.alloy"), BROKEN_LIB);
    files.insert(root.join("token.txt"), "glc_an0therT0kenValue\n");
    let report = check_in(&root, &files);
    // The module was read and checked: its misspelt component is found.
    assert!(
        has(&report, Code::UnknownComponent, "lib.alloy"),
        "{:?}",
        found(&report)
    );
    assert!(!has(&report, Code::ModuleNotFound, "main.alloy"));
    // The token file was read: its final line feed is found.
    assert!(
        has(&report, Code::TokenFileContent, "main.alloy"),
        "{:?}",
        found(&report)
    );
    assert!(!has(&report, Code::TokenFileMissing, "main.alloy"));
}

#[test]
fn files_only_on_disk_are_not_read_from_memory() {
    // The disk holds the module and the token file; memory holds neither:
    // reading memory alone, the check finds them missing.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.alloy"), GOOD_LIB).unwrap();
    std::fs::write(dir.path().join("token.txt"), "glc_an0therT0kenValue").unwrap();
    let on_disk = check_in(dir.path(), &DiskFiles);
    assert!(
        !has(&on_disk, Code::ModuleNotFound, "main.alloy"),
        "{:?}",
        found(&on_disk)
    );
    assert!(!has(&on_disk, Code::TokenFileMissing, "main.alloy"));
    let in_memory = check_in(dir.path(), &MemoryFiles::new());
    assert!(
        has(&in_memory, Code::ModuleNotFound, "main.alloy"),
        "{:?}",
        found(&in_memory)
    );
    assert!(has(&in_memory, Code::TokenFileMissing, "main.alloy"));
}

#[test]
fn open_buffers_override_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.alloy"), GOOD_LIB).unwrap();
    std::fs::write(dir.path().join("token.txt"), "glc_an0therT0kenValue").unwrap();
    let saved = check_in(dir.path(), &DiskFiles);
    assert!(!has(&saved, Code::UnknownComponent, "lib.alloy"));
    assert!(!has(&saved, Code::TokenFileContent, "main.alloy"));
    // The editor has both files open, changed and not saved.
    let mut open = MemoryFiles::new();
    open.insert(dir.path().join("lib.alloy"), BROKEN_LIB);
    open.insert(dir.path().join("token.txt"), "glc_an0therT0kenValue\r\n");
    let overlay = Overlay {
        open,
        base: &DiskFiles,
    };
    let unsaved = check_in(dir.path(), &overlay);
    assert!(
        has(&unsaved, Code::UnknownComponent, "lib.alloy"),
        "{:?}",
        found(&unsaved)
    );
    assert!(has(&unsaved, Code::TokenFileContent, "main.alloy"));
    // The disk is unchanged.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("lib.alloy")).unwrap(),
        GOOD_LIB
    );
}
