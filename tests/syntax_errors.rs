//! Syntax errors: Alloy's messages at Alloy's positions, one fixture per
//! kind of error under `fixtures/errors/`.

use alloy_lint::format::format_source;

#[test]
fn syntax_error_messages() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"),
        "errors/*.alloy",
        |path| {
            let src = std::fs::read(path).unwrap();
            let errors = format_source(&src).expect_err("fixture must be rejected");
            let report: Vec<String> = errors.errors().iter().map(|e| e.to_string()).collect();
            insta::assert_snapshot!(report.join("\n"));
        }
    );
}
