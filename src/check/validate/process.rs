//! `loki.process` stages: the regular expressions each stage compiles when
//! Alloy builds the pipeline (grafana/alloy
//! internal/component/loki/process/stages/). A stage's error stops the
//! pipeline, prefixed `invalid stage config ` (pipeline.go:64). Stages
//! nest inside `stage.match`, hence the `**/` paths.

use super::regex::{self, Anchoring};
use super::{Cx, Section, Validation};
use crate::rules::Code;

/// The regexes of `loki.process` stages.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["loki.process"],
        block: "**/stage.regex",
        code: Code::InvalidRegex,
        source: "internal/component/loki/process/stages/regex.go:40-43",
        check: |cx, s| stage_regex(cx, s, "expression", "could not compile regular expression"),
    },
    Validation {
        components: &["loki.process"],
        block: "**/stage.replace",
        code: Code::InvalidRegex,
        source: "internal/component/loki/process/stages/replace.go:33-36",
        check: |cx, s| stage_regex(cx, s, "expression", "could not compile regular expression"),
    },
    Validation {
        components: &["loki.process"],
        block: "**/stage.multiline",
        code: Code::InvalidRegex,
        source: "internal/component/loki/process/stages/multiline.go:59-62",
        check: |cx, s| {
            stage_regex(
                cx,
                s,
                "firstline",
                "multiline stage first line regex compilation error",
            )
        },
    },
    Validation {
        components: &["loki.process"],
        block: "**/stage.drop",
        code: Code::InvalidRegex,
        source: "internal/component/loki/process/stages/drop.go:64-67",
        check: |cx, s| stage_regex(cx, s, "expression", "drop stage regex compilation error"),
    },
];

/// The stage's `name` compiles as written (no anchoring: a stage searches
/// the line); Alloy prints `invalid stage config {what}: {Go's error}`.
fn stage_regex(cx: &mut Cx<'_, '_>, s: &Section<'_>, name: &str, what: &str) {
    regex::check(cx, s, name, Anchoring::None, |e| {
        format!("invalid stage config {what}: {e}")
    });
}
