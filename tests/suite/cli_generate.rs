//! `alloy-lint generate dashboard` end to end: the built binary run in
//! temporary directories (standard output, `-o`, `--share`, exit codes,
//! diagnostics on errors).

use crate::support;
use support::{run_bin, Sandbox};

use std::fs;

use alloy_lint::dashboard::generate::{generate_text, GenerateOptions};
use alloy_lint::dashboard::load;

const MINIMAL: &str = include_str!("../../fixtures/dashboards/minimal.alloy");
const OVERVIEW: &str = include_str!("../../fixtures/dashboards/service-overview.alloy");

/// What the library generates for `source`.
fn expected(source: &str, share: bool) -> String {
    let d = load("d.alloy", source.as_bytes()).expect("the fixture loads");
    generate_text(&d, &GenerateOptions { share })
}

#[test]
fn prints_the_json_on_standard_output() {
    let sandbox = Sandbox::new();
    sandbox.write("d.alloy", OVERVIEW);
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, expected(OVERVIEW, false));
    assert_eq!(run.stderr, "");

    let shared = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "--share", "d.alloy"],
        "",
    );
    assert_eq!(shared.code, 0, "{}", shared.stderr);
    assert_eq!(shared.stdout, expected(OVERVIEW, true));
    assert!(shared.stdout.contains("\"__inputs\""));

    let stdin = run_bin(sandbox.dir.path(), &["generate", "dashboard", "-"], MINIMAL);
    assert_eq!(stdin.code, 0, "{}", stdin.stderr);
    assert_eq!(stdin.stdout, expected(MINIMAL, false));
}

#[test]
fn writes_the_output_file_and_leaves_an_unchanged_one_alone() {
    let sandbox = Sandbox::new();
    sandbox.write("d.alloy", MINIMAL);
    let args = ["generate", "dashboard", "d.alloy", "-o", "out/d.json"];
    fs::create_dir(sandbox.path("out")).unwrap();
    let run = run_bin(sandbox.dir.path(), &args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let out = sandbox.path("out/d.json");
    assert_eq!(fs::read_to_string(&out).unwrap(), expected(MINIMAL, false));

    // Same content: the file is not rewritten.
    let before = fs::metadata(&out).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(run_bin(sandbox.dir.path(), &args, "").code, 0);
    assert_eq!(fs::metadata(&out).unwrap().modified().unwrap(), before);

    // New content replaces it, and no temporary file is left.
    sandbox.write("d.alloy", OVERVIEW);
    assert_eq!(run_bin(sandbox.dir.path(), &args, "").code, 0);
    assert_eq!(fs::read_to_string(&out).unwrap(), expected(OVERVIEW, false));
    let names: Vec<_> = fs::read_dir(sandbox.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["d.json"]);
}

#[test]
fn errors_are_printed_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "d.alloy",
        "dashboard \"d\" {\n\ttitle = \"D\"\n\n\tpanel.nope \"a\" {}\n}\n",
    );
    let run = run_bin(
        sandbox.dir.path(),
        &[
            "generate",
            "dashboard",
            "d.alloy",
            "-o",
            "d.json",
            "--color",
            "never",
        ],
        "",
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("d.alloy:4:2"), "{}", run.stderr);
    assert!(run.stderr.contains("panel.nope"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("Found 1 error, 0 warnings in 1 file.\n"),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("d.json").exists());

    // A syntax error too.
    sandbox.write("d.alloy", "dashboard \"d\" {\n");
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy"],
        "",
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
}

#[test]
fn unreadable_input_and_unwritable_output_exit_2() {
    let sandbox = Sandbox::new();
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "missing.alloy", "--color", "never"],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot read missing.alloy"),
        "{}",
        run.stderr
    );

    sandbox.write("d.alloy", MINIMAL);
    let run = run_bin(
        sandbox.dir.path(),
        &[
            "generate",
            "dashboard",
            "d.alloy",
            "-o",
            "no/such/dir/d.json",
        ],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/d.json"),
        "{}",
        run.stderr
    );

    // The dashboard file itself is never overwritten.
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy", "-o", "./d.alloy"],
        "",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        fs::read_to_string(sandbox.path("d.alloy")).unwrap(),
        MINIMAL
    );
}

#[test]
fn output_dash_is_standard_output() {
    let sandbox = Sandbox::new();
    sandbox.write("d.alloy", MINIMAL);
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy", "-o", "-"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, expected(MINIMAL, false));
    assert!(!sandbox.path("-").exists());
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_never_replaced() {
    let sandbox = Sandbox::new();
    sandbox.write("d.alloy", MINIMAL);
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy", "-o", "/dev/full"],
        "",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: cannot write /dev/full: it is a character device, not a file\n"
    );
    assert!(support::is_char_device(std::path::Path::new("/dev/full")));
    support::make_fifo(&sandbox.path("out.json"));
    let run = run_bin(
        sandbox.dir.path(),
        &["generate", "dashboard", "d.alloy", "-o", "out.json"],
        "",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: cannot write out.json: it is a FIFO (named pipe), not a file\n"
    );
    assert!(support::is_fifo(&sandbox.path("out.json")));
}

#[cfg(unix)]
#[test]
fn a_read_only_output_is_replaced_only_when_asked() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    sandbox.write("d.alloy", MINIMAL);
    let out = sandbox.write("d.json", "{}");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
    let args = ["generate", "dashboard", "d.alloy", "-o", "d.json"];
    let run = run_bin(sandbox.dir.path(), &args, "");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: cannot write d.json: it is read-only (left untouched; --overwrite-read-only \
         replaces it)\n"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "{}");
    let forced: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--overwrite-read-only"])
        .collect();
    let run = run_bin(sandbox.dir.path(), &forced, "");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(fs::read_to_string(&out).unwrap(), expected(MINIMAL, false));
}
