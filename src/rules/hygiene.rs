//! Hygiene: the file itself and the linter's own suppression comments.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about parsing and about `alloy-lint-ignore` comments.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::SyntaxError,
        severity: Severity::Error,
        summary: "The file does not parse.",
        explanation: r#"A file with a syntax error cannot be loaded at all: Alloy stops at
startup, and `alloy fmt` refuses to format it. alloy-lint reports the
errors with Alloy's own messages and positions, and checks nothing
else in the configuration until they are fixed. Syntax errors cannot
be suppressed or reconfigured."#,
        example: r#"prometheus.scrape "worker" {
	targets = [{
		"__address__" = "localhost:8787"
		"job"         = "wpt-worker",
	}]
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}"#,
        fix: r#"Fix the syntax at the reported position; here, multi-line objects
and lists need a comma after every element.

    targets = [{
    	"__address__" = "localhost:8787",
    	"job"         = "wpt-worker",
    }]"#,
    },
    Rule {
        code: Code::UnusedSuppression,
        severity: Severity::Warning,
        summary: "An `alloy-lint-ignore` comment that suppresses nothing.",
        explanation: r#"A suppression comment lists the codes it silences. When the
diagnostic it was written for is gone, or the code is wrong and never
matched, the comment only misleads readers, and it would silently hide
a future problem of that kind. Listing only codes that still fire keeps
suppressions honest."#,
        example: r#"// alloy-lint-ignore unused-component
prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Remove the comment, or the codes in it that no longer apply."#,
    },
    Rule {
        code: Code::InvalidSuppression,
        severity: Severity::Error,
        summary: "A malformed `alloy-lint-ignore` comment.",
        explanation: r#"A suppression comment is `alloy-lint-ignore` (or
`alloy-lint-ignore-file`) followed by one or more kebab-case rule codes
separated by commas, then optionally `:` and a reason. A comment that
lists no code, or codes that are not kebab-case, suppresses nothing,
though it looks as if it did."#,
        example: r#"// alloy-lint-ignore: not used yet
local.file "grafana_token" {
	filename  = "/run/secrets/grafana-token"
	is_secret = true
}"#,
        fix: r#"Name the codes to suppress as `alloy-lint rules` lists them, then the
reason after a colon, or remove the comment.

    // alloy-lint-ignore unused-component: wired up in the next release"#,
    },
    Rule {
        code: Code::TooManyDiagnostics,
        severity: Severity::Info,
        summary: "A file has more diagnostics than are listed; the last entry counts the rest.",
        explanation: r#"At most 100 diagnostics are listed per file (errors first), then one
entry says how many more there are, by severity, and where the first of
them is. A file of garbage (a binary file, a copy gone wrong) would
otherwise list one error per byte: megabytes of output that hide
everything else. The summary and the JSON `summary` still count every
diagnostic, and the exit code still reflects them all."#,
        example: r#"prometheus.scrape "a1" {
	targets    = []
	forward_to = []
}

// ... and 100 more components nothing reads
prometheus.scrape "a102" {
	targets    = []
	forward_to = []
}"#,
        fix: r#"Fix the diagnostics listed and check again: the next run lists the
next ones."#,
    },
];
