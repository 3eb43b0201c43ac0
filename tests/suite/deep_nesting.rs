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
    let statements: String = (1..=trivia::MAX_NESTING + 1)
        .map(|n| format!("x{n} = 2^11\n"))
        .collect();
    outcome(statements.clone()).expect("1,001 `^` statements format");
    assert_no_syntax_error(&statements);
    let parsed = alloy_lint::syntax::parse(statements.as_bytes()).unwrap();
    assert_eq!(parsed.max_depth, 1);
}

/// Checks `src` as a configuration and fails on any syntax error (the
/// nesting bound is one).
fn assert_no_syntax_error(src: &str) {
    use alloy_lint::check::{check, Options, Source};
    let report = check(
        vec![Source {
            name: "many.alloy".into(),
            path: None,
            text: src.as_bytes().to_vec(),
        }],
        &Options::default(),
    );
    for d in &report.diagnostics {
        assert_ne!(
            d.code.map(|c| c.as_str()),
            Some("syntax-error"),
            "{}",
            d.message
        );
    }
}

#[test]
fn unary_runs_before_postfix_brackets_are_bounded() {
    // The parser and every pass hold each `-` while they walk its
    // operand's brackets: runs at every level add up. Within the bound
    // every command works; past it, an error, not a stack overflow.
    let levels = trivia::MAX_NESTING / 5 - 1;
    let within = format!("{}x{}", "- - - - a[".repeat(levels), "]".repeat(levels));
    for src in placements(&within) {
        every_command(&src);
    }
    // 500 levels of 499 operators each (once 250,000 levels on the stack
    // and an overflow), also with the access split over lines.
    let past = format!(
        "a = {}x{}\n",
        format!("{}a[", "-".repeat(499)).repeat(500),
        "]".repeat(500)
    );
    let split = format!(
        "a = {}x{}\n",
        format!("{}a.\n b[", "-".repeat(499)).repeat(500),
        "]".repeat(500)
    );
    for src in [past, split] {
        every_command(&src);
        let err = outcome(src).expect_err("past the bound");
        assert!(err.starts_with("nesting too deep"), "{err}");
    }
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
                ..Options::default()
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

/// Draws expressions from a list of choices: every operator, unary runs,
/// every kind of bracket, strings and comments holding brackets, line
/// breaks where Alloy allows them.
struct Draw<'a> {
    choices: &'a [u8],
    at: usize,
}

impl Draw<'_> {
    fn next(&mut self, n: usize) -> usize {
        let c = self.choices.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        c as usize % n
    }

    /// An expression nested at most `budget` levels, as the pre-scan counts
    /// them (brackets, unary operators, `^` of one chain): a binary operator
    /// shares its budget between its operands, so that no chain can pass it.
    fn expr(&mut self, budget: usize) -> String {
        const ATOMS: [&str; 12] = [
            "1",
            "1.5e-3",
            ".5E+2",
            "1.",
            "x",
            "b[0].e",
            "a.b.c",
            "\"s [ ( { \\\" ] \"",
            "`raw [[ (\n ]`",
            "true",
            "null",
            "f()",
        ];
        const OPERATORS: [&str; 14] = [
            "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^",
        ];
        const GAPS: [&str; 4] = [" ", " /* ) ] } */ ", " // ( [ {\n\t", "\n\t"];
        if budget == 0 {
            return ATOMS[self.next(ATOMS.len())].to_owned();
        }
        let inner = budget - 1;
        match self.next(12) {
            0 => ATOMS[self.next(ATOMS.len())].to_owned(),
            1 => format!("-{}", self.expr(inner)),
            2 => format!("! /* ( */ {}", self.expr(inner)),
            3 => format!("({})", self.expr(inner)),
            4 => format!("[{}, /* [ */ {},\n]", self.expr(inner), self.expr(inner)),
            5 => format!(
                "{{k = {}, \"q {{\" = {}}}",
                self.expr(inner),
                self.expr(inner)
            ),
            6 => format!("f( // )\n{}, {})", self.expr(inner), self.expr(inner)),
            7 => format!("a.b[{}]", self.expr(inner)),
            8 => format!("x.\n\ty[{}].z", self.expr(inner)),
            _ => {
                let left = inner / 2;
                let op = OPERATORS[self.next(OPERATORS.len())];
                let gap = GAPS[self.next(GAPS.len())];
                format!("{} {op}{gap}{}", self.expr(left), self.expr(inner - left))
            }
        }
    }
}

fn scanned_depth(src: &str) -> usize {
    let t = trivia::scan(src.as_bytes());
    assert!(t.too_deep_at.is_none(), "{src}");
    t.max_depth
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

    /// Issue 13: many independent expressions with operators of every kind
    /// are as deep as the deepest of them, wherever they sit; each is no
    /// deeper than its text nests; the file parses, formats and checks.
    #[test]
    fn independent_expressions_do_not_add_up(
        choices in proptest::collection::vec(proptest::prelude::any::<u8>(), 2000),
        budgets in proptest::collection::vec(0usize..12, 1001..1100),
        place in 0usize..6,
    ) {
        let mut draw = Draw { choices: &choices, at: 0 };
        let exprs: Vec<String> = budgets
            .iter()
            .map(|&b| {
                draw.at %= choices.len();
                draw.expr(b)
            })
            .collect();
        let mut deepest = 0;
        for (e, &b) in exprs.iter().zip(&budgets) {
            let d = scanned_depth(&format!("a = {e}\n"));
            // An atom may hold a bracket of its own (`f()`).
            proptest::prop_assert!(d <= b + 1, "{e}: {d} levels for {b}");
            deepest = deepest.max(d);
        }
        let numbered = |f: &dyn Fn(usize, &String) -> String| -> String {
            exprs.iter().enumerate().map(|(i, e)| f(i, e)).collect()
        };
        let (src, wrap) = match place {
            0 => (numbered(&|i, e| format!("x{i} = {e}\n")), 0),
            1 => (format!("prometheus.scrape \"s\" {{\n{}}}\n", numbered(&|i, e| format!("\tx{i} = {e}\n"))), 1),
            2 => (format!("a = [\n{}]\n", numbered(&|_, e| format!("\t{e},\n"))), 1),
            3 => (format!("a = {{\n{}}}\n", numbered(&|i, e| format!("\tk{i} = {e},\n"))), 1),
            4 => (format!("a = f(\n{})\n", numbered(&|_, e| format!("\t{e},\n"))), 1),
            // One chain of every operator but `^`, whose chain would nest.
            _ => (format!("a = 0{}\n", numbered(&|i, e| {
                let op = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"][i % 13];
                format!(" {op}\n\t{e}")
            })), 0),
        };
        let parsed = alloy_lint::syntax::parse(src.as_bytes())
            .unwrap_or_else(|e| panic!("{}\n{src}", e.first().message));
        proptest::prop_assert_eq!(parsed.max_depth, wrap + deepest);
        outcome(src.clone()).expect("formats");
        assert_no_syntax_error(&src);
    }

    /// Real nesting of any kind past the bound is refused, by every command;
    /// up to it, it is accepted.
    #[test]
    fn real_nesting_past_the_bound_is_refused(
        kinds in proptest::collection::vec(0usize..10, 990..1010),
    ) {
        let (mut open, mut close) = (String::new(), Vec::new());
        let mut after_unary = false;
        for &k in &kinds {
            // `- 2 ^ x` is `(-2) ^ x`: after a unary operator, a bracket.
            let k = if after_unary && k == 9 { 0 } else { k };
            let (o, c) = [
                ("(", ")"), ("[", "]"), ("{k = ", "}"), ("f(", ")"), ("a[", "]"),
                ("a.\n\tb( // )\n", ")"), ("[ /* ] */ ", "]"), ("-", ""), ("! ", ""), ("2 ^ ", ""),
            ][k];
            after_unary = k == 7 || k == 8;
            open.push_str(o);
            close.push(c);
        }
        close.reverse();
        let src = format!("a = {open}x{}\n", close.concat());
        let levels = kinds.len();
        let result = outcome(src.clone());
        if levels > trivia::MAX_NESTING {
            let err = result.expect_err("past the bound");
            proptest::prop_assert!(err.starts_with("nesting too deep"), "{}", err);
        } else {
            result.expect("within the bound");
            proptest::prop_assert_eq!(scanned_depth(&src), levels);
        }
        every_command(&src);
    }
}
