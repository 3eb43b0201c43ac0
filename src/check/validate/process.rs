//! `loki.process` stages: the regular expressions each stage compiles and
//! the options each stage's constructor or `Validate()` refuses when Alloy
//! builds the pipeline (grafana/alloy
//! internal/component/loki/process/stages/). A constructor's error stops
//! the pipeline, prefixed `invalid stage config ` (pipeline.go:64). Stages
//! nest inside `stage.match`, hence the `**/` paths.

use super::regex::{self, Anchoring};
use super::{Cx, Section, Validation, Value};
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
    Validation {
        components: &["loki.process"],
        block: "**/stage.limit",
        code: Code::InvalidComponentConfig,
        source: "internal/component/loki/process/stages/limit.go:75-84",
        check: limit_options,
    },
    Validation {
        components: &["loki.process"],
        block: "**/stage.multiline",
        code: Code::InvalidComponentConfig,
        source: "internal/component/loki/process/stages/multiline.go:45-50",
        check: multiline_wait,
    },
];

/// The stage's `name` compiles as written (no anchoring: a stage searches
/// the line); Alloy prints `invalid stage config {what}: {Go's error}`.
fn stage_regex(cx: &mut Cx<'_, '_>, s: &Section<'_>, name: &str, what: &str) {
    regex::check(cx, s, name, Anchoring::None, |e| {
        format!("invalid stage config {what}: {e}")
    });
}

/// `stage.limit` (validateLimitConfig, limit.go:75-84): `rate` and `burst`
/// above zero, and `by_label_name` only with `drop = true`.
fn limit_options(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    for name in ["rate", "burst"] {
        if s.attribute(name)
            .and_then(|a| Value::of(&a.value).as_number())
            .is_some_and(|n| n <= 0.0)
        {
            cx.reject(
                s.loc_of(name),
                format!("stage.limit's {name} must be above zero"),
                &format!("give a positive {name}"),
                "invalid stage config limit stage failed to parse rate or burst",
            );
            return;
        }
    }
    if s.known_set("by_label_name") == Some(true) && s.value("drop").as_bool() != Some(true) {
        if s.attribute("drop")
            .is_some_and(|a| Value::of(&a.value) == Value::Unknown)
        {
            return;
        }
        cx.reject(
            s.loc_of("by_label_name"),
            "stage.limit by label needs `drop = true`: Alloy only drops, never delays, lines rate-limited per label",
            "add `drop = true`",
            "invalid stage config when ratelimiting by label, drop must be true",
        );
    }
}

/// `stage.multiline` `max_wait_time` above zero (multiline.go:45-50;
/// default 3s, :34-38).
fn multiline_wait(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let wait = s.setting("max_wait_time");
    if wait.is_written() && wait.value.as_seconds().is_some_and(|w| w <= 0.0) {
        cx.reject(
            s.loc_of("max_wait_time"),
            "stage.multiline's max_wait_time must be longer than zero",
            "remove it (the default is 3s) or give a positive duration",
            "max_wait_time must be greater than 0",
        );
    }
}
