//! The rule registry: every diagnostic `check` can report, as data.
//!
//! Each rule family lives in its own file and lists its rules in a `RULES`
//! table; the checking code of a family reports diagnostics by code, and
//! [`rule`] finds an entry by code. `alloy-lint rules` and
//! `alloy-lint explain` print this registry; severities can be changed or
//! rules disabled by `alloy-lint.toml`.

use crate::diagnostics::Severity;

/// One rule: a stable code, a default severity and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code (`undefined-reference`).
    pub code: &'static str,
    /// Severity unless the configuration file says otherwise.
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Why it matters (a paragraph).
    pub explanation: &'static str,
    /// A configuration that triggers the rule.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// Every rule, grouped by family, in the order `alloy-lint rules` lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule with `code`, if there is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    all().find(|r| r.code == code)
}

/// The default severity of `code` (error for codes not in the registry,
/// which a test forbids).
pub fn default_severity(code: &str) -> Severity {
    rule(code).map_or(Severity::Error, |r| r.severity)
}

const FAMILIES: &[&[Rule]] = &[];
