//! Checking past syntax errors: what good statements still report, and
//! that nothing comes from, or because of, a broken one.

use proptest::prelude::*;

use crate::check::{check, Options, Report, Source, StabilityLevel};
use crate::rules::Code;

fn options(past_syntax_errors: bool) -> Options {
    Options {
        stability: StabilityLevel::Experimental,
        community_components: true,
        past_syntax_errors,
    }
}

fn check_text(text: &str, past_syntax_errors: bool) -> Report {
    check(
        vec![Source {
            name: "config.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        }],
        &options(past_syntax_errors),
    )
}

/// One line per diagnostic: code, line:column, message.
fn summary(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let code = d.code.map_or("-", Code::as_str);
            format!("{code} {}:{} {}\n", d.line, d.column, d.message)
        })
        .collect()
}

/// A scrape with an unknown argument and an undefined reference, a broken
/// block (a label Alloy refuses) holding a token, a write with a secret
/// written inline, and a relabel that forwards to the broken block.
const BETWEEN: &str = r#"prometheus.scrape "a" {
	targets          = [{"__address__" = "localhost:8787"}]
	forward_to       = [prometheus.remote_write.nowhere.receiver]
	scrape_intervall = "15s"
}

prometheus.relabel "b-c" {
	forward_to = [prometheus.remote_write.out.receiver]
	bogus      = nothing.here.at_all
	token      = "glc_FAKEbrokenTOKENnotREAL111"
}

prometheus.remote_write "out" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "1402587"
			password = "glc_FAKEgoodTOKENnotREAL000"
		}
	}
}

prometheus.relabel "d" {
	forward_to = [prometheus.relabel.b.receiver]
	rule {
		action = "drop"
	}
}
"#;

#[test]
fn good_statements_are_checked_and_the_broken_one_is_not() {
    let report = check_text(BETWEEN, true);
    insta::assert_snapshot!(summary(&report));
    // The good block's secret is found and masked; so is the token in
    // the broken block, which nothing reports.
    let shown = report.shown_source("config.alloy");
    assert!(!shown.text().contains("FAKEgood"));
    assert!(!shown.text().contains("FAKEbroken"));
    assert_eq!(shown.bytes().len(), BETWEEN.len());
}

#[test]
fn without_the_option_a_broken_file_gets_its_syntax_errors_only() {
    let past = check_text(BETWEEN, true);
    let today = check_text(BETWEEN, false);
    let syntax = |r: &Report| -> Vec<_> {
        r.diagnostics
            .iter()
            .filter(|d| d.code == Some(Code::SyntaxError))
            .map(|d| (d.span, d.message.clone()))
            .collect()
    };
    assert!(today
        .diagnostics
        .iter()
        .all(|d| d.code == Some(Code::SyntaxError)));
    assert_eq!(syntax(&past), syntax(&today));
    assert!(!syntax(&today).is_empty());
}

#[test]
fn a_missing_closing_brace_at_the_end_holds_back_only_the_last_block() {
    let text = r#"prometheus.scrape "a" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.out.receiver, prometheus.relabel.typo.receiver]
}

prometheus.remote_write "out" {
	endpoint {
		url = "https://example.com/push"
	}
}

prometheus.relabel "last" {
	forward_to = [prometheus.remote_write.out.receiver]
	rule {
		action = "drop"
	}
"#;
    insta::assert_snapshot!(summary(&check_text(text, true)));
}

#[test]
fn what_a_broken_declare_defines_is_not_reported() {
    // The declare's `argument` block is unreadable: its instance's
    // arguments and exports are unknown; an unrelated typo is still found.
    let text = r#"declare "pipeline" {
	argument "input" {
		optional = <nope>
	}
	export "out" {
		value = argument.input.value
	}
}

pipeline "one" {
	input = "x"
}

prometheus.relabel "r" {
	forward_to = [pipeline.one.out, prometheus.relabel.missing.receiver]
	rule {
		action = "drop"
	}
}
"#;
    insta::assert_snapshot!(summary(&check_text(text, true)));
}

#[test]
fn an_incomplete_block_is_still_defined_and_not_judged() {
    // Its body lost a line: what it lacks is not reported, and a
    // reference to it resolves.
    let text = r#"prometheus.remote_write "out" {
	] bogus = 1
}

prometheus.relabel "r" {
	forward_to = [prometheus.remote_write.out.receiver]
	rule {
		action = "drop"
	}
}
"#;
    let report = check_text(text, true);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code == Some(Code::SyntaxError)),
        "{}",
        summary(&report)
    );
    assert!(report
        .model
        .blocks
        .iter()
        .any(|b| b.id == "prometheus.remote_write.out"));
}

#[test]
fn a_statement_whose_name_cannot_be_read_could_define_anything() {
    // `]` starts no statement: any reference may be to it, but a built-in
    // component's arguments are still checked against the schema.
    let text = r#"] x = 1

prometheus.relabel "r" {
	forward_to = [somewhere.unknown.receiver]
	unknown_argument = 1
}
"#;
    insta::assert_snapshot!(summary(&check_text(text, true)));
}

#[test]
fn a_stray_closing_brace_defines_nothing() {
    let text = r#"prometheus.relabel "r" {
	forward_to = [somewhere.unknown.receiver]
}
}
"#;
    let report = check_text(text, true);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == Some(Code::UndefinedReference)),
        "{}",
        summary(&report)
    );
}

#[test]
fn a_suppression_above_a_broken_statement_is_not_called_unused() {
    let text = r#"// alloy-lint-ignore unknown-attribute
prometheus.relabel "r" {
	forward_to = [
	typo = 1
}
"#;
    let report = check_text(text, true);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code == Some(Code::SyntaxError)),
        "{}",
        summary(&report)
    );
}

/// Single-file configurations of the rule fixtures that parse (read once).
fn fixtures() -> &'static [String] {
    static FIXTURES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(read_fixtures)
}

fn read_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/check");
    let mut found = Vec::new();
    for rule in std::fs::read_dir(root).unwrap().flatten() {
        for file in std::fs::read_dir(rule.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "alloy") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !text.contains("dashboard") && crate::syntax::parse(text.as_bytes()).is_ok() {
                    found.push(text);
                }
            }
        }
    }
    found.sort();
    found
}

/// Rules whose finding in one statement may depend on another one.
const DEPENDENT: &[Code] = &[
    Code::UnusedComponent,
    Code::UnusedSuppression,
    Code::Cycle,
    Code::DuplicateBlock,
    Code::SelfReference,
    Code::UndefinedReference,
    Code::UnknownComponent,
    Code::UnknownExport,
    Code::ReferenceKindMismatch,
    Code::TypeMismatch,
    Code::StdlibShadowing,
    // Judged by whether the component sends to Grafana Cloud.
    Code::InlineSecret,
    Code::PlaintextSecret,
    Code::Placeholder,
    Code::GrafanaCloudPlaceholder,
    Code::GrafanaCloudUsername,
    // A `local.file` is judged by what reads it.
    Code::SecretNotMarked,
    Code::TokenFileMissing,
    Code::TokenFileContent,
    Code::TokenFileNotIgnored,
    Code::TokenFileTracked,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Garbage inserted into one top-level statement: nothing but syntax
    /// errors is reported inside it, and what the other statements
    /// reported on their own is still reported.
    #[test]
    fn garbage_in_one_statement_stays_there(
        file in any::<prop::sample::Index>(),
        statement in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        garbage in prop::sample::select(vec!["<X>", "@", "= =", "]", ")", "{", "\"", "~ ~", "1x"]),
    ) {
        let fixtures = fixtures();
        let text = file.get(fixtures);
        let parsed = crate::syntax::parse(text.as_bytes()).unwrap();
        prop_assume!(!parsed.file.body.is_empty());
        let target = statement.get(&parsed.file.body).span();
        let offsets: Vec<usize> = target.clone().filter(|&o| text.is_char_boundary(o)).collect();
        let offset = *at.get(&offsets);
        let broken = format!("{}{garbage}{}", &text[..offset], &text[offset..]);
        let recovered = crate::syntax::parse_recovering(broken.as_bytes());
        prop_assume!(!recovered.is_valid());
        let shift = |o: usize| if o >= offset { o + garbage.len() } else { o };
        let region = target.start..shift(target.end);
        let before = check_text(text, true);
        let after = check_text(&broken, true);
        for d in &after.diagnostics {
            if d.code == Some(Code::SyntaxError) {
                continue;
            }
            let span = d.span.offset..d.span.offset + d.span.len.max(1);
            prop_assert!(
                span.end <= region.start || span.start >= region.end,
                "{d:?} inside {region:?} of\n{broken}"
            );
        }
        // Statements the recovery still reads whole keep their own
        // findings.
        let sound: Vec<std::ops::Range<usize>> = recovered
            .parsed
            .file
            .body
            .iter()
            .filter(|s| !super::holds_error(s))
            .map(|s| s.span())
            .collect();
        for d in &before.diagnostics {
            let span = shift(d.span.offset)..shift(d.span.offset) + d.span.len;
            let independent = d.code.is_some_and(|c| !DEPENDENT.contains(&c));
            let in_sound = sound.iter().any(|s| s.start <= span.start && span.end <= s.end);
            if !independent || !in_sound || span.start < region.end && region.start < span.end {
                continue;
            }
            prop_assert!(
                after
                    .diagnostics
                    .iter()
                    .any(|a| a.code == d.code && a.span.offset == span.start && a.span.len == d.span.len),
                "lost {d:?} of\n{broken}"
            );
        }
    }
}
