//! No input can overflow the stack: deep nesting gives a clear error or a
//! result, in debug and test builds too, on an ordinary test thread.

use alloy_lint::format::format_source;
use alloy_lint::syntax::trivia;

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

/// Every command's library path over `src`: format, check (as a
/// configuration or a dashboard), dashboard generation and the semantic
/// diff against an empty configuration. Each gives a result or errors, on
/// this test thread's ordinary stack.
fn every_command(src: &str) {
    use alloy_lint::check::{check, Options, Source};
    use alloy_lint::diff::{self, Configuration};
    let source = |text: &str| Source {
        name: "deep.alloy".into(),
        path: None,
        text: text.as_bytes().to_vec(),
    };
    let _ = format_source(src.as_bytes());
    let report = check(vec![source(src)], &Options::default());
    let shown = report.shown_source("deep.alloy");
    let _ = alloy_lint::diagnostics::human::render(&report.diagnostics, &shown, false);
    if let Ok(model) = alloy_lint::dashboard::load("deep.alloy", src.as_bytes()) {
        let _ = alloy_lint::dashboard::generate::generate_text(&model, &Default::default());
    }
    if let (Ok(old), Ok(new)) = (
        Configuration::read(vec![source("")]),
        Configuration::read(vec![source(src)]),
    ) {
        let changes = diff::config::compare(&old, &new);
        let _ = diff::render::human(&changes, false);
        let _ = diff::render::json(&changes);
        let _ = diff::text::formatted_diff(&old, &new, false);
    }
}

/// `expr` as the value of an attribute everywhere one can be: at the top
/// level, in a component, in a dashboard panel.
fn placements(expr: &str) -> [String; 3] {
    [
        format!("a = {expr}\n"),
        format!("prometheus.scrape \"x\" {{\n\ttargets = {expr}\n\tforward_to = []\n}}\n"),
        format!(
            "dashboard \"d\" {{\n\ttitle = \"D\"\n\n\tdatasource \"m\" {{\n\t\ttype = \"prometheus\"\n\t}}\n\n\
             \tpanel.timeseries \"p\" {{\n\t\ttitle = {expr}\n\n\t\tquery \"A\" {{\n\t\t\tdatasource = datasource.m\n\
             \t\t\texpr       = \"up\"\n\t\t}}\n\t}}\n}}\n"
        ),
    ]
}

#[test]
fn long_postfix_and_operator_chains_work_in_every_command() {
    // Alloy accepts these at any length; each is as deep as it is long.
    let n = 20_000;
    let exprs = [
        format!("b{}", "[0].x()".repeat(n / 3)),
        format!("1{}", " + b[0]".repeat(n)),
        format!("b{}", "[0]".repeat(n)),
        format!("b{}", ".x".repeat(n)),
        format!("b{}", "()".repeat(n)),
        format!("b[0]{}", ".x".repeat(n)),
        format!("f(1){}", "[\"k\"]".repeat(n)),
        format!("b{}", " || !c".repeat(n)),
    ];
    // Every kind in a component; a mixture and an operator chain in every
    // placement.
    for (k, expr) in exprs.iter().enumerate() {
        for (p, src) in placements(expr).iter().enumerate() {
            if k < 2 || p == 1 {
                every_command(src);
            }
        }
    }
}

#[test]
fn nesting_within_the_limit_works_in_every_command() {
    let n = 900;
    for expr in [
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1", "- ".repeat(n)),
        format!("{}x", "!".repeat(n)),
        format!("2{}", " ^ 2".repeat(n)),
        format!("{}1{}", "f(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "-(".repeat(n / 2), ")".repeat(n / 2)),
    ] {
        for src in placements(&expr) {
            every_command(&src);
        }
    }
}

#[test]
fn many_short_pow_chains_are_not_deep() {
    // Issue 13: the `^` count must not carry over from one expression to
    // the next.
    let src = "a = 2 ^ 2\n".repeat(trivia::MAX_NESTING + 10);
    outcome(src).expect("separate expressions do not nest");
}

#[test]
fn deep_input_that_does_not_parse_is_explained_without_overflow() {
    // Invalid input goes to the error replay, which recurses per bracket.
    let n = trivia::MAX_NESTING - 10;
    for src in [
        format!("a = {}\u{ff}", "[".repeat(n)),
        format!("a = {}\0", "(".repeat(n)),
        format!("a = {}<", "{a = [".repeat(n / 2)),
        format!("a = {}", "[".repeat(10 * n)),
    ] {
        every_command(&src);
        let err = outcome(src).expect_err("invalid");
        assert!(!err.is_empty());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// No stack overflow on chains of any kind and length: postfix
    /// operations, binary operators, unary runs, in any mixture, in every
    /// placement and command.
    #[test]
    fn chains_of_any_kind_and_length_never_overflow(
        parts in proptest::collection::vec(0usize..12, 1..6),
        lens in proptest::collection::vec(1usize..5000, 6),
        place in 0usize..3,
    ) {
        const PIECES: [&str; 12] = [
            "[0]", ".x", "()", "(1)", "[\"k\"]", " + b", " * c[0]", " || d.e", " ^ 2",
            " - -f", " == g()", "!",
        ];
        let mut expr = String::from("b");
        for (i, &p) in parts.iter().enumerate() {
            let piece = PIECES[p];
            let len = if piece == " ^ 2" || piece == "!" { lens[i] % 900 } else { lens[i] };
            if piece == "!" {
                expr = format!("{}{expr}", "!".repeat(len));
            } else {
                expr.push_str(&piece.repeat(len));
            }
        }
        let src = placements(&expr)[place].clone();
        every_command(&src);
    }
}

/// The fuzzers' seeds (deep chains, long invalid runs) hold both targets'
/// invariants: formatting's, and `check`'s (no panic, every diagnostic
/// inside the input).
#[test]
fn fuzz_seeds_hold_the_fuzz_targets_invariants() {
    use alloy_lint::check::{check, Options, Source, StabilityLevel};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz/seeds") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(why) = alloy_lint::format::invariants::check(&data) {
            panic!("{}: {why}", path.display());
        }
        let report = check(
            vec![Source {
                name: "seed.alloy".into(),
                path: None,
                text: data.clone(),
            }],
            &Options {
                stability: StabilityLevel::Experimental,
                community_components: true,
            },
        );
        for d in &report.diagnostics {
            assert!(d.span.end() <= data.len(), "{}: {d:?}", path.display());
            assert!(d.code.is_some(), "{}: {d:?}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} seeds");
}
