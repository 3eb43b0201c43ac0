//! Scores the formatter in-process against a conformance directory laid out
//! like `../shared/conformance` (`cases/`, `expected/`), without starting a
//! process per case: `cargo run --release --example conformance -- DIR`.
//! The authoritative score is `run-fmt` on the built binary.

use std::path::Path;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: conformance DIR [--show N]");
    let show: usize = std::env::args()
        .nth(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = Path::new(&dir);
    let mut names: Vec<_> = std::fs::read_dir(dir.join("cases"))
        .expect("cases/")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let (mut pass, mut fail, mut pos_ok, mut pos_total) = (0, 0, 0, 0);
    let mut shown = 0;
    for name in &names {
        let src = std::fs::read(dir.join("cases").join(name)).unwrap();
        let stem = name.trim_end_matches(".alloy");
        let expected_ok = dir.join("expected").join(name);
        let expected_err = dir.join("expected").join(format!("{stem}.error"));
        let result = alloy_lint::format::format_source(&src);
        let ok = if expected_ok.exists() {
            let want = std::fs::read_to_string(&expected_ok).unwrap();
            match &result {
                Ok(got) if *got == want => true,
                Ok(got) => {
                    if shown < show {
                        shown += 1;
                        println!("== {name}: output differs");
                        for d in similar::TextDiff::from_lines(&want, got)
                            .unified_diff()
                            .context_radius(2)
                            .iter_hunks()
                            .take(2)
                        {
                            print!("{d}");
                        }
                    }
                    false
                }
                Err(e) => {
                    if shown < show {
                        shown += 1;
                        println!("== {name}: rejected: {}", e.first());
                    }
                    false
                }
            }
        } else {
            let want = std::fs::read_to_string(&expected_err).unwrap_or_default();
            let first = want.lines().next().unwrap_or("");
            let parts: Vec<&str> = first.splitn(4, ':').collect();
            match &result {
                Ok(_) => {
                    if shown < show {
                        shown += 1;
                        println!("== {name}: accepted, Alloy rejects: {first}");
                    }
                    false
                }
                Err(e) => {
                    if parts.len() == 4 {
                        pos_total += 1;
                        let f = e.first();
                        if parts[1] == f.line.to_string() && parts[2] == f.column.to_string() {
                            pos_ok += 1;
                        } else if shown < show {
                            shown += 1;
                            println!(
                                "== {name}: first error {}:{}: {} / Alloy: {}",
                                f.line, f.column, f.message, first
                            );
                        }
                    }
                    true
                }
            }
        };
        if ok {
            pass += 1
        } else {
            fail += 1
        }
    }
    println!("first error positions matching: {pos_ok}/{pos_total}");
    println!("{pass} passed, {fail} failed");
}
