//! The rule registry: every diagnostic `check` can report, as data.
//!
//! Each rule family lives in its own file and lists its rules in a `RULES`
//! table; the checking code reports diagnostics by typed [`Code`], and
//! [`rule`] finds a code's entry. `alloy-lint rules` and
//! `alloy-lint explain` print this registry; severities can be changed or
//! rules disabled by `alloy-lint.toml`.

mod bodies;
mod clients;
mod code;
mod components;
mod credentials;
mod dashboards;
mod endpoints;
mod hygiene;
mod modules;
mod pipeline;
mod references;
mod relabel;
mod severity;
mod stdlib;
mod structure;
mod validation;
mod values;

pub use code::Code;
pub use severity::Severity;

/// One rule: a stable code, a default severity and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Its code; `code.as_str()` is the stable kebab-case name.
    pub code: Code,
    /// Severity unless the configuration file says otherwise.
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Why it matters (a paragraph).
    pub explanation: &'static str,
    /// A configuration that triggers the rule, formatted as `alloy fmt`
    /// prints it.
    pub example: &'static str,
    /// How to fix it: a sentence or two, then, where it helps, a blank
    /// line and the corrected snippet indented by four spaces.
    pub fix: &'static str,
}

/// Every rule, grouped by family, in the order `alloy-lint rules` lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule of `code` (every code has one: a test checks it).
pub fn rule(code: Code) -> &'static Rule {
    all()
        .find(|r| r.code == code)
        .expect("every code is registered")
}

/// The rule named `name` as a user writes it, if there is one.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    Code::from_name(name).map(rule)
}

/// The default severity of `code`.
pub fn default_severity(code: Code) -> Severity {
    rule(code).severity
}

const FAMILIES: &[&[Rule]] = &[
    structure::RULES,
    components::RULES,
    bodies::RULES,
    values::RULES,
    validation::RULES,
    clients::RULES,
    relabel::RULES,
    references::RULES,
    stdlib::RULES,
    pipeline::RULES,
    credentials::RULES,
    endpoints::RULES,
    modules::RULES,
    hygiene::RULES,
    dashboards::RULES,
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::syntax::parse;

    /// `^[a-z]+(-[a-z]+)*$`.
    fn is_kebab_case(code: &str) -> bool {
        code.split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
    }

    /// The snippet of a fix text: what follows its first blank line, with
    /// the four-space indentation removed.
    fn fix_snippet(fix: &str) -> Option<String> {
        let (_, snippet) = fix.split_once("\n\n")?;
        let lines: Vec<&str> = snippet
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l))
            .collect();
        Some(lines.join("\n"))
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.code), "duplicate rule code {}", r.code);
        }
    }

    #[test]
    fn codes_are_kebab_case() {
        for code in ["cycle", "top-level-attribute"] {
            assert!(is_kebab_case(code), "{code}");
        }
        for code in [
            "",
            "-cycle",
            "cycle-",
            "top--level",
            "Cycle",
            "top_level",
            "rule1",
        ] {
            assert!(!is_kebab_case(code), "{code}");
        }
        for r in all() {
            assert!(
                is_kebab_case(r.code.as_str()),
                "rule code {:?} is not kebab-case",
                r.code
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in all() {
            for (field, text) in [
                ("summary", r.summary),
                ("explanation", r.explanation),
                ("example", r.example),
                ("fix", r.fix),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {field}", r.code);
            }
            assert!(!r.summary.contains('\n'), "{}: summary is one line", r.code);
        }
    }

    #[test]
    fn examples_parse_except_the_syntax_error() {
        for r in all() {
            let parses = parse(r.example.as_bytes()).is_ok();
            if r.code == Code::SyntaxError {
                assert!(!parses, "the syntax-error example must not parse");
            } else {
                assert!(parses, "{}: example does not parse", r.code);
            }
        }
    }

    #[test]
    fn examples_are_formatted() {
        for r in all().filter(|r| r.code != Code::SyntaxError) {
            let formatted = crate::format::format_source(r.example.as_bytes())
                .unwrap_or_else(|_| panic!("{}: example does not format", r.code));
            assert_eq!(
                formatted.trim_end(),
                r.example,
                "{}: example is not formatted",
                r.code
            );
        }
    }

    #[test]
    fn fix_snippets_parse() {
        for r in all() {
            if let Some(snippet) = fix_snippet(r.fix) {
                assert!(
                    parse(snippet.as_bytes()).is_ok(),
                    "{}: fix snippet does not parse",
                    r.code
                );
            }
        }
    }

    #[test]
    fn rules_are_found_by_code() {
        let cycle = rule(Code::Cycle);
        assert_eq!(cycle.code, Code::Cycle);
        assert_eq!(cycle.severity, Severity::Error);
        assert_eq!(default_severity(Code::UnusedComponent), Severity::Warning);
        assert_eq!(by_name("cycle").map(|r| r.code), Some(Code::Cycle));
        assert!(by_name("no-such-rule").is_none());
    }

    #[test]
    fn every_code_has_one_rule_in_registry_order() {
        let registered: Vec<Code> = all().map(|r| r.code).collect();
        assert_eq!(registered, Code::ALL);
    }
}
