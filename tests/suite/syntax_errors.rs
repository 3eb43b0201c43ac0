//! Syntax errors: Alloy's messages at Alloy's positions, one fixture per
//! kind of error under `fixtures/errors/`, each with the help `check`
//! prints under it.

use alloy_lint::format::format_source;

#[test]
fn syntax_error_messages() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"),
        "errors/*.alloy",
        |path| {
            let src = std::fs::read(path).unwrap();
            let errors = format_source(&src).expect_err("fixture must be rejected");
            // Each error with its help, where it has one.
            let report: Vec<String> = errors
                .errors()
                .iter()
                .map(|e| match &e.help {
                    Some(help) => format!("{e}\n  help: {help}"),
                    None => e.to_string(),
                })
                .collect();
            insta::assert_snapshot!(report.join("\n"));
        }
    );
}
