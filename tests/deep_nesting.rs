//! No input can overflow the stack: deep nesting gives a clear error or a
//! result, in debug and test builds too, on an ordinary test thread.

use alloy_lint::format::format_source;

fn outcome(src: String) -> Result<usize, String> {
    format_source(src.as_bytes())
        .map(|out| out.len())
        .map_err(|e| e.first().message.clone())
}

#[test]
fn hundred_thousand_levels_are_an_error_not_a_crash() {
    let n = 100_000;
    let cases = [
        format!("a = {}1{}", "[".repeat(n), "]".repeat(n)),
        format!("a = {}1{}", "(".repeat(n), ")".repeat(n)),
        format!("a = {}1{}", "{a = ".repeat(n), "}".repeat(n)),
        format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)),
        format!("a = {}1", "-".repeat(n)),
        format!("a = 2{}", " ^ 2".repeat(n)),
    ];
    for src in cases {
        let err = outcome(src).expect_err("nesting past the limit is rejected");
        assert!(err.starts_with("nesting too deep"), "{err}");
    }
}

#[test]
fn nesting_up_to_the_limit_formats() {
    let n = 1000;
    let cases = [
        format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        format!("a = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        format!("a = {}1{}\n", "{a = ".repeat(n), "}".repeat(n)),
        format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)),
    ];
    for src in cases {
        outcome(src).expect("nesting within the limit formats");
    }
}

#[test]
fn long_operator_chains_format() {
    // Left-associative chains nest as deep as they are long; they are walked
    // and dropped without recursion.
    let n = 100_000;
    for src in [
        format!("a = 1{}\n", " + 1".repeat(n)),
        format!("a = b{}\n", ".c".repeat(n)),
        format!("a = f{}\n", "()".repeat(n)),
    ] {
        outcome(src).expect("long chains format");
    }
}
