//! Relabel rules: what Alloy's `common/relabel.Config` refuses when it
//! decodes a `rule` block (grafana/alloy
//! internal/component/common/relabel/relabel.go).
//!
//! Every block listed in [`VALIDATIONS`] decodes into `[]*relabel.Config`
//! (discovery/relabel/relabel.go:34, loki/relabel/relabel.go:39,
//! prometheus/relabel/relabel.go:49, pyroscope/relabel/relabel.go:51,
//! prometheus/operator/types.go:37 for the four operators,
//! prometheus/remotewrite/types.go:88). Alloy first sets the defaults
//! (`SetToDefault`, relabel.go:152-159: action `replace`, separator `;`,
//! regex `(.*)`, replacement `$1`), decodes the attributes (the regex and
//! the action through `UnmarshalText`, relabel.go:77, :112), then calls
//! `Validate` (relabel.go:164-221), which returns its first error.

use super::{regex, Cx, Section, Validation, Value};
use crate::rules::Code;
use crate::schema::enums::RELABEL_ACTIONS;
use crate::syntax::quote::go_quote;

/// The components whose `rule` blocks are relabel configs.
const RULE_COMPONENTS: &[&str] = &[
    "discovery.relabel",
    "loki.relabel",
    "prometheus.relabel",
    "pyroscope.relabel",
    "prometheus.operator.*",
];

/// Where a `relabel.Config` is decoded, and the checks of each.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: RULE_COMPONENTS,
        block: "rule",
        code: Code::InvalidRegex,
        source: "internal/component/common/relabel/relabel.go:113",
        check: regex_parses,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint/write_relabel_config",
        code: Code::InvalidRegex,
        source: "internal/component/common/relabel/relabel.go:113",
        check: regex_parses,
    },
    Validation {
        components: RULE_COMPONENTS,
        block: "rule",
        code: Code::InvalidRelabelRule,
        source: "internal/component/common/relabel/relabel.go:164",
        check: rule_is_valid,
    },
    Validation {
        components: &["prometheus.remote_write"],
        block: "endpoint/write_relabel_config",
        code: Code::InvalidRelabelRule,
        source: "internal/component/common/relabel/relabel.go:164",
        check: rule_is_valid,
    },
];

/// Go's defaults of a relabel config (relabel.go:152-159). The schema's
/// own defaults are doc text (`(.*)` is not an Alloy value), so the Go
/// values are spelled here.
const DEFAULT_SEPARATOR: &str = ";";
const DEFAULT_REGEX: &str = "(.*)";
const DEFAULT_REPLACEMENT: &str = "$1";
const DEFAULT_ACTION: &str = "replace";

/// A string argument as `Validate` sees it: the value written (`null`
/// decodes to Go's zero value, `""`), else the default; `None` when Alloy
/// computes it.
fn text(s: &Section<'_>, name: &str, default: &str) -> Option<String> {
    match s.setting_or(name, Value::String(default.to_owned())).value {
        Value::String(v) => Some(v),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// `modulus` (a `uint64`, zero unless written); `None` when unknown.
fn modulus(s: &Section<'_>) -> Option<f64> {
    match s.attribute("modulus") {
        None => Some(0.0),
        Some(attr) => match Value::of(&attr.value) {
            Value::Null => Some(0.0),
            v => v.as_number(),
        },
    }
}

/// Whether `source_labels` decodes to a non-nil slice: any list written,
/// even `[]` (Alloy's decoder makes a slice of the array's length,
/// syntax/internal/value/decode.go:510), but not `null` or nothing;
/// `None` when unknown.
fn source_labels_set(s: &Section<'_>) -> Option<bool> {
    match s.attribute("source_labels") {
        None => Some(false),
        Some(attr) => match Value::of(&attr.value) {
            Value::Null => Some(false),
            Value::List(_) => Some(true),
            _ => None,
        },
    }
}

/// Whether `s` matches Alloy's `relabelTarget`
/// (`^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`, relabel.go:161): the
/// legacy form of a label name with `$1` / `${1}` / `$name` references.
/// Its language: a letter, `_` or reference first, then any ASCII word
/// characters and references (Go's `\w` is ASCII, and `$` matches only at
/// the very end).
pub fn is_relabel_target(s: &str) -> bool {
    let bytes = s.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'$' {
            let rest = &bytes[i + 1..];
            let len = if rest.first() == Some(&b'{') {
                let n = rest[1..].iter().take_while(|&&c| word(c)).count();
                if n == 0 || rest.get(1 + n) != Some(&b'}') {
                    return false;
                }
                n + 2
            } else {
                let n = rest.iter().take_while(|&&c| word(c)).count();
                if n == 0 {
                    return false;
                }
                n
            };
            i += 1 + len;
        } else if word(b) && (i > 0 || !b.is_ascii_digit()) {
            i += 1;
        } else {
            return false;
        }
    }
    !bytes.is_empty()
}

/// `Regexp.UnmarshalText` (relabel.go:112-119): the regex must parse as
/// Go's RE2 once Alloy wraps it as `^(?s:regex)$` (relabel.go:91).
fn regex_parses(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    regex::check(cx, s, "regex", regex::Anchoring::Whole, |e| e.to_string());
}

/// One refusal of `Validate`: where, what the user reads, how to fix it,
/// what Alloy prints.
struct Refusal {
    at: &'static str,
    message: String,
    fix: String,
    alloy: String,
}

/// `Config.Validate()` (relabel.go:164-221), its checks in Go's order; the
/// first one certain to fail is reported (Go returns the first error). A
/// check that depends on a value Alloy computes is skipped.
fn rule_is_valid(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(action) = text(s, "action", DEFAULT_ACTION) else {
        return;
    };
    // An unknown action fails in `Action.UnmarshalText` first, compared
    // exactly (relabel.go:78; `invalid-enum-value` reports it). So does
    // `""`: Validate's own empty check (:165) is unreachable from Alloy.
    if !RELABEL_ACTIONS.contains(&action.as_str()) {
        return;
    }
    if let Some(refusal) = first_refusal(s, &action) {
        cx.reject(
            s.loc_of(refusal.at),
            refusal.message,
            &refusal.fix,
            &refusal.alloy,
        );
    }
}

fn first_refusal(s: &Section<'_>, action: &str) -> Option<Refusal> {
    let target = text(s, "target_label", "");
    let replacement = text(s, "replacement", DEFAULT_REPLACEMENT);
    let modulus = modulus(s);
    let separator = text(s, "separator", DEFAULT_SEPARATOR);
    let regex = text(s, "regex", DEFAULT_REGEX);
    let article = if action == "uppercase" { "an" } else { "a" };
    let action_named = if s.attribute("action").is_some() {
        format!("{article} `{action}` rule")
    } else {
        format!("{article} `{action}` rule (the default action)")
    };
    let case_or_equal = matches!(
        action,
        "lowercase" | "uppercase" | "keepequal" | "dropequal"
    );

    // relabel.go:168
    if action == "hashmod" && modulus == Some(0.0) {
        return Some(Refusal {
            at: "modulus",
            message: format!("{action_named} needs a non-zero `modulus`"),
            fix: "set `modulus` to the number of shards to hash into (for example `modulus = 4`)"
                .into(),
            alloy: "relabel configuration for hashmod requires non-zero modulus".into(),
        });
    }
    // relabel.go:171
    if (matches!(action, "replace" | "hashmod") || case_or_equal) && target.as_deref() == Some("") {
        let (role, fix) = match action {
            "keepequal" | "dropequal" => ("the label it compares with", "add `target_label`"),
            "replace" if s.attribute("action").is_none() => (
                "the label it writes",
                "add `target_label = \"...\"`, or set `action` to what the rule should do (`keep`, `drop`, `labelmap`, ...)",
            ),
            _ => ("the label it writes", "add `target_label`"),
        };
        return Some(Refusal {
            at: "target_label",
            message: format!("{action_named} needs a `target_label`: {role}"),
            fix: fix.into(),
            alloy: format!(
                "relabel configuration for {action} action requires 'target_label' value"
            ),
        });
    }
    // relabel.go:176, :184, :195 test a name without `$` with
    // `model.LabelName.IsValid()`, which in prometheus/common v0.70.1 is
    // the UTF-8 scheme (model/metric.go:51, :189-193): any non-empty valid
    // UTF-8 string. An empty name fails :171 first and an Alloy string is
    // UTF-8, so these never fail here (`my-label` is a valid name).
    //
    // relabel.go:179: a `$`-template is checked the legacy way.
    if action == "replace" {
        if let Some(t) = target.as_deref().filter(|t| t.contains('$')) {
            if !is_relabel_target(t) {
                return Some(Refusal {
                    at: "target_label",
                    message: format!(
                        "target_label {} is not a valid label-name template: with a `$` in it, Alloy allows only ASCII letters, digits, `_` and references like `$1` or `${{1}}`",
                        go_quote(t)
                    ),
                    fix: "remove the other characters (a hyphen, a dot) from the template, e.g. `pod_label_$1`".into(),
                    alloy: format!("{} is invalid 'target_label' for replace action", go_quote(t)),
                });
            }
        }
    }
    // relabel.go:187
    if case_or_equal {
        if let Some(r) = replacement.as_deref().filter(|r| *r != DEFAULT_REPLACEMENT) {
            return Some(Refusal {
                at: "replacement",
                message: format!(
                    "{action_named} may not set `replacement` (to {}): it writes the {} value itself",
                    go_quote(r),
                    if matches!(action, "lowercase" | "uppercase") { "converted" } else { "labels'" }
                ),
                fix: "remove `replacement`".into(),
                alloy: format!("'replacement' can not be set for {action} action"),
            });
        }
    }
    // relabel.go:190
    if action == "labelmap" {
        if let Some(r) = replacement.as_deref().filter(|r| !is_relabel_target(r)) {
            return Some(Refusal {
                at: "replacement",
                message: format!(
                    "the replacement {} of a `labelmap` rule is not a valid label-name template: Alloy allows only ASCII letters, digits, `_` and references like `$1` or `${{1}}`",
                    go_quote(r)
                ),
                fix: "remove the other characters (a hyphen, a dot) from the replacement, e.g. `pod_label_$1`".into(),
                alloy: format!("{} is invalid 'replacement' for labelmap action", go_quote(r)),
            });
        }
    }
    // relabel.go:199-208 (labeldrop, labelkeep) and :210-218 (keepequal,
    // dropequal): Go compares each field with its default value, so a
    // default written out (`separator = ";"`) passes. The regex is
    // compared as compiled (`reflect.DeepEqual` of the `Regexp` structs),
    // which keep their source text: only `(.*)` itself equals the default.
    let (fields, takes, alloy_takes): (&[&'static str], _, _) = match action {
        "labeldrop" | "labelkeep" => (
            &[
                "source_labels",
                "target_label",
                "modulus",
                "separator",
                "replacement",
            ],
            "`regex` (matched against label names)",
            "'regex', and no other fields",
        ),
        "keepequal" | "dropequal" => (
            &["regex", "modulus", "separator", "replacement"],
            "`source_labels` and `target_label` (it compares their values)",
            "'source_labels' and 'target_label', and no other fields",
        ),
        _ => return None,
    };
    let differs = |name: &str| match name {
        "source_labels" => source_labels_set(s),
        "target_label" => target.as_ref().map(|t| !t.is_empty()),
        "modulus" => modulus.map(|m| m != 0.0),
        "separator" => separator.as_ref().map(|v| v != DEFAULT_SEPARATOR),
        "replacement" => replacement.as_ref().map(|v| v != DEFAULT_REPLACEMENT),
        _ => regex.as_ref().map(|v| v != DEFAULT_REGEX),
    };
    let name = fields.iter().copied().find(|f| differs(f) == Some(true))?;
    Some(Refusal {
        at: name,
        message: format!("{action_named} takes only {takes}, not `{name}`"),
        fix: format!("remove `{name}`"),
        alloy: format!("{action} action requires only {alloy_takes}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, Options, Report, Source, StabilityLevel};

    fn check_text(text: &str) -> Report {
        let options = Options {
            stability: StabilityLevel::Experimental,
            community_components: true,
            past_syntax_errors: false,
        };
        let source = Source {
            name: "config.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        };
        check(vec![source], &options)
    }

    #[test]
    fn a_regex_error_points_inside_an_escaped_string() {
        // `\\.` and `\\d` take two bytes of the file for one of the value.
        let text = "discovery.relabel \"a\" {\n\ttargets = []\n\trule {\n\t\tregex  = \"a\\\\.b\\\\d(?!x)\"\n\t\taction = \"keep\"\n\t}\n}\n";
        let report = check_text(text);
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Some(Code::InvalidRegex))
            .collect();
        assert_eq!(found.len(), 1, "{:?}", report.diagnostics);
        let line = text.lines().nth(3).unwrap();
        let column = line.find("(?!").unwrap() + 1;
        assert_eq!((found[0].line, found[0].column), (4, column));
        assert_eq!(
            found[0].message,
            "look-ahead `(?!` is not supported by Go's regular expressions (RE2)"
        );
    }

    /// `relabelTarget` read literally, as the set of positions each part
    /// of `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$` can end at.
    fn relabel_target_by_positions(s: &str) -> bool {
        let b = s.as_bytes();
        let word = |i: usize| {
            b.get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        // Where one `[a-zA-Z_]|\$(?:\{\w+\}|\w+)` starting at `i` ends.
        let item = |i: usize| -> Vec<usize> {
            let mut ends = Vec::new();
            match b.get(i) {
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => ends.push(i + 1),
                Some(b'$') => {
                    let mut k = i + 1;
                    while word(k) {
                        k += 1;
                        ends.push(k);
                    }
                    if b.get(i + 1) == Some(&b'{') {
                        let mut k = i + 2;
                        while word(k) {
                            k += 1;
                            if b.get(k) == Some(&b'}') {
                                ends.push(k + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
            ends
        };
        // Ends of `(?:item)+\w*` from `i`.
        let inner = |i: usize| -> Vec<usize> {
            let mut seen = vec![false; b.len() + 1];
            let mut todo = item(i);
            while let Some(e) = todo.pop() {
                if !seen[e] {
                    seen[e] = true;
                    todo.extend(item(e));
                    if word(e) {
                        todo.push(e + 1);
                    }
                }
            }
            (0..=b.len()).filter(|&e| seen[e]).collect::<Vec<_>>()
        };
        let mut seen = vec![false; b.len() + 1];
        let mut todo = inner(0);
        while let Some(e) = todo.pop() {
            if !seen[e] {
                seen[e] = true;
                todo.extend(inner(e));
            }
        }
        seen[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn relabel_target_agrees_with_the_pattern(s in "[a-c0-9_$A{}.-]{0,10}") {
            proptest::prop_assert_eq!(is_relabel_target(&s), relabel_target_by_positions(&s));
        }
    }

    #[test]
    fn relabel_target_is_the_legacy_template_form() {
        for ok in [
            "$1",
            "${1}",
            "a",
            "_x",
            "pod_label_$1",
            "${name}_x",
            "a1",
            "$1$2",
            "$1x",
            "${1}9",
        ] {
            assert!(is_relabel_target(ok), "{ok}");
        }
        for bad in [
            "",
            "1a",
            "pod-label-$1",
            "$",
            "${}",
            "${1",
            "$-",
            "a.$1",
            "é$1",
            "${a-b}",
            "$1\n",
            "a b",
        ] {
            assert!(!is_relabel_target(bad), "{bad}");
        }
    }
}
