//! Formatter output for every rule of Alloy's formatter (see "Alloy's
//! formatter" in ARCHITECTURE.md), one fixture per rule under
//! `fixtures/format/`. Adding a case is adding a file.

use alloy_lint::format::format_source;

#[test]
fn formatter_output() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"),
        "format/*.alloy",
        |path| {
            let src = std::fs::read(path).unwrap();
            let out = format_source(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // Every fixture's output is stable and still parses.
            let again = format_source(out.as_bytes()).expect("formatted output parses");
            assert_eq!(again, out, "{} is not idempotent", path.display());
            insta::assert_snapshot!(out);
        }
    );
}
