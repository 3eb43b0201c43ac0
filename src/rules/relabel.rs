//! Relabel rules: what Alloy's `relabel.Config` refuses when it decodes a
//! `rule` block (or a remote_write `write_relabel_config`).

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about relabel rules.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::InvalidRegex,
        severity: Severity::Error,
        summary: "A relabel `regex` or a `loki.process` stage's regex that Go's regular expressions (RE2) cannot parse.",
        explanation: r#"Alloy compiles the `regex` of every relabel rule (`rule` blocks,
`write_relabel_config`) with Go's `regexp` when it loads the
configuration, wrapped as `^(?s:REGEX)$`
(internal/component/common/relabel/relabel.go:91, :113); a regex Go
cannot parse stops Alloy. alloy-lint parses it with a reproduction of
Go's RE2 parser (not Rust's `regex` crate, which differs) and points at
the offending text inside the string.

`loki.process` compiles the regexes of its stages as written, without
anchoring, when it builds the pipeline: `stage.regex` and
`stage.replace` `expression` (loki/process/stages/regex.go:40,
replace.go:33), `stage.multiline` `firstline` (multiline.go:59) and
`stage.drop` `expression` (drop.go:65), inside `stage.match` too; Alloy
prints `invalid stage config ...` (stages/pipeline.go:64).

Where Go differs from Rust's `regex` crate (and from PCRE):

- `\Q...\E` (literal text) is valid in Go; Rust's crate rejects it.
- A repeat count over 1000 (`a{1001}`, or nested counts whose product
  is over 1000, `(a{500}){3}`) is an error in Go; Rust accepts it
  within its size limit.
- `\Z` is an error in Go (`\z` is its end of text); PCRE accepts it.
- `(?<name>...)` is valid (Go 1.22 and later; Alloy is built with Go
  1.26), as is `(?P<name>...)`; two groups may share a name in Go
  (Rust's crate rejects that).
- Look-ahead and look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`) and
  back-references (`\1`, `(?P=name)`) are errors in both.
- A `)` that closes Alloy's own wrapper is accepted: `a)(b` compiles as
  `^(?s:a)(b)$`.

In a quoted Alloy string a backslash is written twice (`"\\d+"`); a
raw string (`` `\d+` ``) takes it as it is."#,
        example: r#"discovery.relabel "pods" {
	targets = []

	rule {
		source_labels = ["__meta_kubernetes_pod_name"]
		regex         = "(?!kube-).*"
		action        = "keep"
	}
}"#,
        fix: r#"Write the regex in RE2 syntax; instead of a negative look-ahead, drop
what it would exclude.

    discovery.relabel "pods" {
    	targets = []

    	rule {
    		source_labels = ["__meta_kubernetes_pod_name"]
    		regex         = "kube-.*"
    		action        = "drop"
    	}
    }"#,
    },
    Rule {
        code: Code::InvalidRelabelRule,
        severity: Severity::Error,
        summary: "A relabel rule whose action lacks what it needs, or sets what it may not.",
        explanation: r#"Every relabel rule (`rule` in discovery.relabel, prometheus.relabel,
loki.relabel, pyroscope.relabel and the prometheus.operator components;
`write_relabel_config` in prometheus.remote_write) is decoded into
Alloy's `relabel.Config`, whose `Validate()` stops Alloy from starting
(internal/component/common/relabel/relabel.go:164-221). Written values
count together with the defaults (action `replace`, separator `;`,
regex `(.*)`, replacement `$1`, relabel.go:152-159):

- `hashmod` needs a non-zero `modulus` (relabel.go:168).
- `replace` (the default action), `hashmod`, `lowercase`, `uppercase`,
  `keepequal` and `dropequal` need a `target_label` (relabel.go:171).
- A `replace` `target_label` with a `$` in it is checked the legacy
  way: ASCII letters, digits, `_` and references such as `$1`, `${1}`
  or `${name}` (the `relabelTarget` pattern, relabel.go:161, :179).
  A plain target label follows Prometheus's UTF-8 label names
  (prometheus/common v0.70.1 model/metric.go:189): any non-empty text,
  so `target_label = "my-label"` is valid.
- `lowercase`, `uppercase`, `keepequal` and `dropequal` may not change
  `replacement` (relabel.go:187).
- A `labelmap` `replacement` must match the same legacy template
  (relabel.go:190): `pod-label-$1` is refused.
- `labeldrop` and `labelkeep` take only `regex`: `source_labels` (even
  `[]`, which Alloy decodes to an empty, non-nil list), `target_label`,
  `modulus`, or a `separator`/`replacement` other than its default is
  refused (relabel.go:199-208).
- `keepequal` and `dropequal` take only `source_labels` and
  `target_label`: a `regex` other than `(.*)`, a `modulus` or a
  `separator` other than `;` is refused (relabel.go:210-218).

Go compares values with the defaults, so writing a default out
(`separator = ";"`) is fine. Alloy reports the first failing check of a
rule; so does alloy-lint, at the attribute to change (or the block, for
one that is missing). An unknown `action` is `invalid-enum-value`."#,
        example: r#"discovery.relabel "pods" {
	targets = []

	rule {
		source_labels = ["__meta_kubernetes_pod_label_app"]
		regex         = "(.+)"
	}
}"#,
        fix: r#"Give the action what it needs (here the label `replace` writes), or
remove what it may not have.

    discovery.relabel "pods" {
    	targets = []

    	rule {
    		source_labels = ["__meta_kubernetes_pod_label_app"]
    		regex         = "(.+)"
    		target_label  = "app"
    	}
    }"#,
    },
];
