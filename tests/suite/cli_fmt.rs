//! `alloy-lint fmt` end to end: the built binary run in temporary
//! directories, checked on stdout, stderr, exit code and the files left
//! behind.

use crate::support;
use support::{run_bin, Run, Sandbox};

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// `alloy fmt` output for each fixture under `fixtures/fmt/` that parses.
const ATTRIBUTE: &str = "a = 1\n";
const BLOCK: &str = "foo \"bar\" {\n\tx = 1\n}\n";
const ARRAY: &str = "a = [1, 2]\n";
const FORMATTED: &str = "a = 1\n";

impl Sandbox {
    /// Copies `fixtures/fmt/NAME` to `rel` (creating directories).
    fn fixture(&self, name: &str, rel: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/fmt")
            .join(name);
        self.write(rel, fs::read(from).unwrap())
    }

    /// Runs `alloy-lint ARGS` in the sandbox, feeding `stdin`.
    fn run(&self, args: &[&str], stdin: &str) -> Run {
        run_bin(self.dir.path(), args, stdin)
    }

    fn fmt(&self, args: &[&str]) -> Run {
        let mut argv = vec!["fmt"];
        argv.extend_from_slice(args);
        self.run(&argv, "")
    }
}

/// Gives `path` an mtime in the past, so a rewrite would show.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::now() - Duration::from_secs(3600);
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(old).unwrap();
    fs::metadata(path).unwrap().modified().unwrap()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
}

// ---------------------------------------------------------------- stdout

#[test]
fn prints_formatted_file_to_stdout() {
    let sb = Sandbox::new();
    for (fixture, want) in [
        ("attribute.alloy", ATTRIBUTE),
        ("block.alloy", BLOCK),
        ("array.alloy", ARRAY),
        ("formatted.alloy", FORMATTED),
    ] {
        sb.fixture(fixture, fixture);
        let r = sb.fmt(&[fixture]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, want, ""),
            "{fixture}"
        );
    }
    // Printing never touches the file.
    assert_eq!(sb.read("attribute.alloy"), "a=1");
}

#[test]
fn reads_stdin() {
    let sb = Sandbox::new();
    let r = sb.run(&["fmt", "-"], "foo \"bar\" {\nx=1\n}");
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, BLOCK, "")
    );
    // No PATH reads stdin too, as `alloy fmt` does.
    let r = sb.run(&["fmt"], "a = [1,2,]");
    assert_eq!((r.code, r.stdout.as_str()), (0, ARRAY));
    // `-w -` cannot write stdin back: it prints.
    let r = sb.run(&["fmt", "-w", "-"], "a=1");
    assert_eq!((r.code, r.stdout.as_str()), (0, ATTRIBUTE));
}

#[test]
fn stdin_filename_names_stdin() {
    let sb = Sandbox::new();
    let r = sb.run(
        &[
            "fmt",
            "--format=short",
            "--stdin-filename",
            "conf/main.alloy",
            "-",
        ],
        "x = <TARGETS>\n",
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("conf/main.alloy:1:5: error: "),
        "{}",
        r.stderr
    );
    let r = sb.run(&["fmt", "--check", "-"], "a=1");
    assert_eq!((r.code, r.stdout.as_str()), (1, "<stdin>\n"));
}

// ---------------------------------------------------------------- --write

#[test]
fn write_rewrites_changed_files_only() {
    let sb = Sandbox::new();
    let messy = sb.fixture("block.alloy", "conf/messy.alloy");
    let clean = sb.fixture("formatted.alloy", "conf/clean.alloy");
    let clean_mtime = age(&clean);
    #[cfg(unix)]
    let clean_inode = inode(&clean);

    let r = sb.fmt(&["-w", "conf"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    assert_eq!(sb.read("conf/messy.alloy"), BLOCK);
    assert_eq!(sb.read("conf/clean.alloy"), FORMATTED);
    assert_eq!(
        fs::metadata(&clean).unwrap().modified().unwrap(),
        clean_mtime
    );
    #[cfg(unix)]
    assert_eq!(inode(&clean), clean_inode);
    // Nothing but the two files: no temporary file left over.
    let mut names: Vec<_> = fs::read_dir(messy.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["clean.alloy", "messy.alloy"]);

    // Second run: everything formatted, nothing written.
    let messy_mtime = age(&messy);
    let r = sb.fmt(&["--write", "conf"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    assert_eq!(
        fs::metadata(&messy).unwrap().modified().unwrap(),
        messy_mtime
    );
}

#[cfg(unix)]
#[test]
fn write_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let file = sb.fixture("attribute.alloy", "a.alloy");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let r = sb.fmt(&["-w", "a.alloy"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sb.read("a.alloy"), ATTRIBUTE);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o7777,
        0o640
    );
}

#[test]
fn write_never_touches_a_file_that_does_not_parse() {
    let sb = Sandbox::new();
    let invalid = sb.fixture("invalid.alloy", "invalid.alloy");
    sb.fixture("attribute.alloy", "good.alloy");
    let mtime = age(&invalid);
    let r = sb.fmt(&["-w", "--format=short", "invalid.alloy", "good.alloy"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("invalid.alloy:1:5: error: "),
        "{}",
        r.stderr
    );
    assert_eq!(sb.read("invalid.alloy"), "x = <TARGETS>\n");
    assert_eq!(fs::metadata(&invalid).unwrap().modified().unwrap(), mtime);
    // The other file is still formatted.
    assert_eq!(sb.read("good.alloy"), ATTRIBUTE);
}

#[test]
fn verbose_write_prints_a_summary_on_stderr() {
    let sb = Sandbox::new();
    sb.fixture("attribute.alloy", "a.alloy");
    sb.fixture("block.alloy", "b.alloy");
    sb.fixture("formatted.alloy", "c.alloy");
    let r = sb.fmt(&["-w", "-v", "."]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "2 files reformatted, 1 file already formatted\n");
}

// ---------------------------------------------------------------- --check

#[test]
fn check_lists_files_that_would_change() {
    let sb = Sandbox::new();
    sb.fixture("block.alloy", "conf/b.alloy");
    sb.fixture("attribute.alloy", "conf/a.alloy");
    sb.fixture("formatted.alloy", "conf/ok.alloy");
    let r = sb.fmt(&["--check", "conf"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (1, "conf/a.alloy\nconf/b.alloy\n", "")
    );
    // Nothing changed on disk.
    assert_eq!(sb.read("conf/a.alloy"), "a=1");
}

#[test]
fn check_passes_on_formatted_files() {
    let sb = Sandbox::new();
    sb.fixture("formatted.alloy", "a.alloy");
    sb.write("b.alloy", BLOCK);
    let r = sb.fmt(&["--check", "a.alloy", "b.alloy"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn check_fails_on_a_file_that_does_not_parse() {
    let sb = Sandbox::new();
    sb.fixture("formatted.alloy", "a.alloy");
    sb.fixture("invalid.alloy", "bad.alloy");
    let r = sb.fmt(&["--check", "--format", "short", "a.alloy", "bad.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with("bad.alloy:1:5: error: "),
        "{}",
        r.stderr
    );
}

#[test]
fn a_file_of_invalid_bytes_gives_a_bounded_report() {
    // 10 KB of 0xFF is ten thousand errors on one line: at most a hundred
    // are listed, each framed around its position, then one counts the rest.
    let sb = Sandbox::new();
    sb.write("garbage.alloy", vec![0xFF; 10 * 1024]);
    let r = sb.fmt(&["garbage.alloy"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.len() < 200_000, "{} bytes", r.stderr.len());
    assert_eq!(r.stderr.matches("╭─[garbage.alloy:1:").count(), 100);
    let last = r.stderr.trim_end().lines().last().unwrap();
    insta::assert_snapshot!(last, @"garbage.alloy:1:51: info[too-many-diagnostics]: and 20381 more diagnostics in this file (20381 errors), not listed: at most 100 are listed per file");
    let r = sb.fmt(&["--format", "short", "garbage.alloy"]);
    assert_eq!(r.stderr.lines().count(), 101, "{}", r.stderr);
}

#[test]
fn check_output_is_sorted_whatever_the_scheduling() {
    let sb = Sandbox::new();
    let mut want = Vec::new();
    for dir in ["b", "a", "c/d"] {
        for i in (0..20).rev() {
            let rel = format!("tree/{dir}/f{i:02}.alloy");
            sb.fixture("attribute.alloy", &rel);
            want.push(rel);
        }
    }
    want.sort();
    let r = sb.fmt(&["--check", "tree"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        want.iter().map(|p| format!("{p}\n")).collect::<String>()
    );
}

// ---------------------------------------------------------------- --diff

#[test]
fn diff_prints_unified_diff() {
    let sb = Sandbox::new();
    sb.fixture("block.alloy", "block.alloy");
    sb.fixture("formatted.alloy", "ok.alloy");
    let r = sb.fmt(&["--diff", "block.alloy", "ok.alloy"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("diff_block", r.stdout);
    // `--check --diff` is `--diff`.
    let both = sb.fmt(&["--check", "--diff", "block.alloy", "ok.alloy"]);
    assert_eq!((both.code, both.stdout), (1, r.stdout));
    assert_eq!(sb.read("block.alloy"), "foo \"bar\" {\nx=1\n}");
}

#[test]
fn diff_is_coloured_only_when_asked() {
    let sb = Sandbox::new();
    sb.fixture("attribute.alloy", "a.alloy");
    // Not a terminal: no colour by default.
    let plain = sb.fmt(&["--diff", "a.alloy"]);
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.stdout);
    let r = sb.run(&["--color", "always", "fmt", "--diff", "a.alloy"], "");
    assert!(r.stdout.contains("\x1b[31m-a=1"), "{}", r.stdout);
    assert!(r.stdout.contains("\x1b[32m+a = 1"), "{}", r.stdout);
    let r = sb.fmt(&["--diff", "--color=never", "a.alloy"]);
    assert_eq!(r.stdout, plain.stdout);
}

#[test]
fn diff_is_empty_when_formatted() {
    let sb = Sandbox::new();
    sb.fixture("formatted.alloy", "ok.alloy");
    let r = sb.fmt(&["--diff", "ok.alloy"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

// ---------------------------------------------------------------- directories

#[test]
fn directories_honour_ignore_files() {
    let sb = Sandbox::new();
    // A plain directory, no git repository: .gitignore applies anyway.
    sb.write("conf/.gitignore", "ignored.alloy\ngenerated/\n");
    sb.write("conf/.ignore", "vendor/\n");
    for rel in [
        "conf/a.alloy",
        "conf/ignored.alloy",
        "conf/generated/g.alloy",
        "conf/vendor/v.alloy",
        "conf/sub/b.alloy",
        "conf/.hidden/h.alloy",
    ] {
        sb.fixture("attribute.alloy", rel);
    }
    sb.fixture("attribute.alloy", "conf/notes.txt");
    let r = sb.fmt(&["--check", "conf"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (1, "conf/a.alloy\nconf/sub/b.alloy\n")
    );
    // Named explicitly, an ignored file is formatted.
    let r = sb.fmt(&["--check", "conf/ignored.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "conf/ignored.alloy\n"));
}

#[test]
fn empty_directory_warns_and_passes() {
    let sb = Sandbox::new();
    fs::create_dir(sb.path("empty")).unwrap();
    let r = sb.fmt(&["--check", "empty"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "warning: no *.alloy files in empty\n");
}

// ---------------------------------------------------------------- usage and IO errors

#[test]
fn several_paths_without_a_mode_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.fixture("attribute.alloy", "a.alloy");
    sb.fixture("formatted.alloy", "b.alloy");
    for args in [&["a.alloy", "b.alloy"][..], &["."][..]] {
        let r = sb.fmt(args);
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        for flag in ["--check", "--diff", "-w"] {
            assert!(r.stderr.contains(flag), "{}", r.stderr);
        }
    }
    assert_eq!(sb.read("a.alloy"), "a=1");
}

#[test]
fn write_with_check_or_diff_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.fixture("attribute.alloy", "a.alloy");
    for flag in ["--check", "--diff"] {
        let r = sb.fmt(&["-w", flag, "a.alloy"]);
        assert_eq!(r.code, 2, "{flag}");
        assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    }
    assert_eq!(sb.read("a.alloy"), "a=1");
}

#[test]
fn missing_file_exits_2() {
    let sb = Sandbox::new();
    let r = sb.fmt(&["nope.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.starts_with("error: cannot read nope.alloy: "),
        "{}",
        r.stderr
    );

    // 2 wins over 1, and the other files are still checked.
    sb.fixture("attribute.alloy", "a.alloy");
    let r = sb.fmt(&["--check", "nope.alloy", "a.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, "a.alloy\n"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let file = sb.fixture("attribute.alloy", "locked.alloy");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&file).is_ok() {
        return; // running as root: permissions do not stop us
    }
    let r = sb.fmt(&["--check", "locked.alloy"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: cannot read locked.alloy: "),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- syntax errors

#[test]
fn syntax_error_short_format() {
    let sb = Sandbox::new();
    sb.fixture("invalid.alloy", "invalid.alloy");
    let r = sb.fmt(&["--format", "short", "invalid.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    insta::assert_snapshot!("syntax_error_short", r.stderr);
}

#[test]
fn syntax_error_human_format() {
    let sb = Sandbox::new();
    sb.fixture("invalid.alloy", "invalid.alloy");
    let r = sb.fmt(&["invalid.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(!r.stderr.contains('\x1b'));
    insta::assert_snapshot!("syntax_error_human", r.stderr);
}

// ---------------------------------------------------------------- help

#[test]
fn help_explains_every_flag() {
    let sb = Sandbox::new();
    let r = sb.run(&["fmt", "--help"], "");
    assert_eq!(r.code, 0);
    for flag in [
        "--write",
        "--check",
        "--diff",
        "--stdin-filename",
        "--format",
        "--verbose",
        "--color",
        "Exit codes",
    ] {
        assert!(
            r.stdout.contains(flag),
            "{flag} missing from:\n{}",
            r.stdout
        );
    }
}

// ---------------------------------------------------------------- README

#[test]
fn sample_config_is_formatted() {
    // The README's first set-up command.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/grafana-cloud");
    let sb = Sandbox::new();
    let r = sb.fmt(&["--check", sample.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

// ---------------------------------------------------------------- special and protected files

#[cfg(unix)]
#[test]
fn devices_fifos_and_sockets_are_refused_and_left_as_they_are() {
    let sb = Sandbox::new();
    let r = sb.fmt(&["-w", "/dev/null"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: /dev/null is a character device, not a file\n"
    );
    assert!(support::is_char_device(Path::new("/dev/null")));
    let r = sb.fmt(&["/dev/zero"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: /dev/zero is a character device, not a file\n")
    );
    // Nobody writes to the FIFO: reading it would block forever.
    support::make_fifo(&sb.path("pipe.alloy"));
    let r = sb.fmt(&["-w", "pipe.alloy"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: pipe.alloy is a FIFO (named pipe), not a file\n")
    );
    assert!(support::is_fifo(&sb.path("pipe.alloy")));
    let _listener = std::os::unix::net::UnixListener::bind(sb.path("socket.alloy")).unwrap();
    let r = sb.fmt(&["--check", "socket.alloy"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: socket.alloy is a socket, not a file\n")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn proc_entries_are_refused() {
    let r = Sandbox::new().fmt(&["/proc/self/environ"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: /proc/self/environ is an entry of /proc, not a file\n"
        )
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let sb = Sandbox::new();
    // Sparse: 256 MiB and one byte, of which nothing is read.
    let big = fs::File::create(sb.path("big.alloy")).unwrap();
    big.set_len(256 * 1024 * 1024 + 1).unwrap();
    let r = sb.fmt(&["-w", "big.alloy"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: big.alloy is larger than 256 MiB, the most alloy-lint reads\n"
        )
    );
}

#[cfg(unix)]
#[test]
fn write_refuses_read_only_files_unless_asked() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let file = sb.write("locked.alloy", "a=1");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let r = sb.fmt(&["-w", "locked.alloy"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot write locked.alloy: it is read-only (left untouched; \
         --overwrite-read-only replaces it)\n"
    );
    assert_eq!(sb.read("locked.alloy"), "a=1");
    let r = sb.fmt(&["-w", "--overwrite-read-only", "locked.alloy"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(sb.read("locked.alloy"), FORMATTED);
    let mode = fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o444);
    // The flag only makes sense with --write.
    assert_eq!(sb.fmt(&["--overwrite-read-only", "locked.alloy"]).code, 2);
}

#[cfg(unix)]
#[test]
fn write_rewrites_hard_linked_files_in_place() {
    let sb = Sandbox::new();
    let file = sb.write("a.alloy", "a=1");
    fs::hard_link(&file, sb.path("b.alloy")).unwrap();
    let before = inode(&file);
    let r = sb.fmt(&["-w", "a.alloy"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    for name in ["a.alloy", "b.alloy"] {
        assert_eq!(sb.read(name), FORMATTED);
        assert_eq!(inode(&sb.path(name)), before);
    }
}

#[cfg(unix)]
#[test]
fn write_keeps_extended_attributes() {
    let sb = Sandbox::new();
    let file = sb.write("a.alloy", "a=1");
    if let Err(e) = xattr::set(&file, "user.origin", b"kept") {
        eprintln!(
            "skipped: the file system of {} does not take user extended attributes ({e})",
            sb.dir.path().display()
        );
        return;
    }
    let r = sb.fmt(&["-w", "a.alloy"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(sb.read("a.alloy"), FORMATTED);
    assert_eq!(
        xattr::get(&file, "user.origin").unwrap().as_deref(),
        Some(&b"kept"[..])
    );
}
