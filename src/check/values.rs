//! Which values fit which types, following Alloy's conversion rules:
//! numbers and strings convert into each other, a string fits a secret, a
//! duration is a string with a unit, capsules only fit capsules of the same
//! kind, and `null` fits anything (it leaves an attribute unset).

use crate::schema::{CapsuleKind, Type};
use crate::syntax::ast::{Expr, Literal, LiteralKind};
use crate::syntax::literal::unquote;

/// How Alloy names the kind of a value in its messages.
pub fn kind_word(ty: &Type) -> String {
    match ty {
        Type::Any => "any".into(),
        Type::String | Type::Duration => "string".into(),
        Type::Number { .. } => "number".into(),
        Type::Bool => "bool".into(),
        Type::Secret => "secret".into(),
        Type::List(_) => "array".into(),
        Type::Map(_) | Type::Object => "object".into(),
        // Only dashboards hold datasources: their authors never see the
        // word capsule.
        Type::Capsule(CapsuleKind::Datasource) => "a datasource reference".into(),
        Type::Capsule(k) => format!("capsule({})", k.name()),
        Type::Either(alts) => alts.iter().map(kind_word).collect::<Vec<_>>().join(" or "),
    }
}

/// The help for a value that does not fit `expected`, when the type alone
/// says what to write.
pub fn expectation_help(expected: &Type) -> Option<&'static str> {
    match expected {
        Type::Capsule(CapsuleKind::Datasource) => Some(
            "a datasource is referenced as `datasource.NAME`, naming a `datasource` block of this dashboard",
        ),
        _ => None,
    }
}

/// What a capsule kind carries, for help texts.
pub fn capsule_meaning(kind: &CapsuleKind) -> &'static str {
    match kind {
        CapsuleKind::MetricsReceiver => "Prometheus metrics (a `prometheus.*` receiver)",
        CapsuleKind::LogsReceiver => "Loki log entries (a `loki.*` receiver)",
        CapsuleKind::ProfilesReceiver => "profiles (a `pyroscope.*` receiver)",
        CapsuleKind::OtelConsumer => "OpenTelemetry data (an `otelcol.*` input)",
        CapsuleKind::OtelHandler => "an OpenTelemetry extension (an `otelcol.auth.*` handler)",
        CapsuleKind::RelabelRules => "relabeling rules",
        CapsuleKind::Target => "a target",
        CapsuleKind::Datasource => "a datasource (`datasource.NAME`)",
        CapsuleKind::Other(_) => "a component value",
    }
}

/// The type of an argument or export of `component` written as
/// `notation`. The docs write a bare `receiver` for the receiver of
/// whatever the component handles (the schema reads it as a Prometheus
/// receiver): in a Loki component (`loki.relabel`, `otelcol.exporter.loki`)
/// it carries logs, in a Pyroscope one profiles.
pub fn in_context(ty: &Type, notation: &str, component: &str) -> Type {
    let bare = notation
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| w == "receiver");
    if !bare {
        return ty.clone();
    }
    let family = |name: &str| component.split('.').any(|part| part == name);
    let kind = if family("loki") {
        CapsuleKind::LogsReceiver
    } else if family("pyroscope") {
        CapsuleKind::ProfilesReceiver
    } else {
        return ty.clone();
    };
    replace_metrics_receiver(ty, &kind)
}

fn replace_metrics_receiver(ty: &Type, kind: &CapsuleKind) -> Type {
    match ty {
        Type::Capsule(CapsuleKind::MetricsReceiver) => Type::Capsule(kind.clone()),
        Type::List(t) => Type::List(Box::new(replace_metrics_receiver(t, kind))),
        Type::Map(t) => Type::Map(Box::new(replace_metrics_receiver(t, kind))),
        Type::Either(alts) => Type::Either(
            alts.iter()
                .map(|t| replace_metrics_receiver(t, kind))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether a value of type `actual` (known from a reference) can be
/// assigned where `expected` is wanted. Unknown parts fit anything: only
/// definite disagreements count.
pub fn fits(actual: &Type, expected: &Type) -> bool {
    use Type::*;
    match (actual, expected) {
        (Any, _) | (_, Any) => true,
        (Either(alts), e) => alts.iter().any(|a| fits(a, e)),
        (a, Either(alts)) => alts.iter().any(|e| fits(a, e)),
        (Capsule(a), Capsule(b)) => {
            a == b || matches!(a, CapsuleKind::Other(_)) || matches!(b, CapsuleKind::Other(_))
        }
        (Map(_) | Object, Capsule(CapsuleKind::Target)) => true,
        (Capsule(CapsuleKind::Target), Map(_) | Object) => true,
        (Capsule(CapsuleKind::Other(_)), _) | (_, Capsule(CapsuleKind::Other(_))) => true,
        (Capsule(_), _) | (_, Capsule(_)) => false,
        (List(a), List(b)) => fits(a, b),
        (List(_), _) | (_, List(_)) => false,
        (Map(_) | Object, Map(_) | Object) => true,
        (Map(_) | Object, _) | (_, Map(_) | Object) => false,
        (Bool, Bool) => true,
        (Bool, _) | (_, Bool) => false,
        // A secret never turns back into a string.
        (Secret, Secret) => true,
        (Secret, _) => false,
        (String | Number { .. } | Duration, String | Number { .. } | Duration | Secret) => true,
    }
}

/// What `check` knows of a value before Alloy evaluates it, for the rules
/// that, like Alloy's `Validate()` methods, count an argument only when its
/// value is not empty (`len(x) > 0`, `x != ""`: e.g. `BasicAuth.Validate`,
/// internal/component/common/config/types.go:135-143).
///
/// A value is known when it is written as a literal: a string, number,
/// bool or `null`, or an array or object literal (whose emptiness does not
/// depend on its elements). Anything Alloy computes is unknown: a reference
/// to a component export or a module argument, any function call (`env`,
/// `sys.env`, `coalesce`, `local.file` contents read through a reference),
/// an operator. `check` never reports a conflict on an unknown value: the
/// environment variable or the file may well be empty where Alloy runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emptiness {
    /// Known to be empty: `null`, `""`, `0`, `false`, `[]`, `{}`.
    Empty,
    /// Known not to be empty: any other literal.
    NonEmpty,
    /// Known only when Alloy evaluates it.
    Unknown,
}

impl Emptiness {
    /// A known value's emptiness.
    pub fn known(empty: bool) -> Self {
        if empty {
            Emptiness::Empty
        } else {
            Emptiness::NonEmpty
        }
    }
}

/// Whether `expr` is known, before Alloy runs, to be empty (see
/// [`Emptiness`]).
pub fn emptiness(expr: &Expr) -> Emptiness {
    let known = Emptiness::known;
    match expr {
        Expr::Literal(lit) => known(match lit.kind {
            LiteralKind::Null => true,
            LiteralKind::String => unquote(&lit.value).is_some_and(|s| s.is_empty()),
            LiteralKind::Bool => &*lit.value == "false",
            LiteralKind::Number | LiteralKind::Float => {
                lit.value.parse::<f64>().is_ok_and(|n| n == 0.0)
            }
        }),
        Expr::Array(array) => known(array.elements.is_empty()),
        Expr::Object(object) => known(object.fields.is_empty()),
        Expr::Paren(paren) => emptiness(&paren.inner),
        _ => Emptiness::Unknown,
    }
}

/// Why a literal does not fit a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiteralProblem {
    /// Wrong kind of value: Alloy's `expected X, got Y`.
    Mismatch {
        /// What was wanted.
        expected: String,
        /// What was given.
        got: &'static str,
    },
    /// A string that is not a duration.
    Duration(String),
    /// A string that does not convert to a number.
    Number(String),
}

/// Checks a scalar literal against a scalar (or any) type. Arrays and
/// objects are checked element by element by the caller.
pub fn check_literal(lit: &Literal, expected: &Type) -> Result<(), LiteralProblem> {
    if let Type::Either(alts) = expected {
        let mut first = None;
        for alt in alts {
            match check_literal(lit, alt) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        return first.map_or(Ok(()), Err);
    }
    let got = match lit.kind {
        LiteralKind::Null => return Ok(()),
        LiteralKind::String => "string",
        LiteralKind::Number | LiteralKind::Float => "number",
        LiteralKind::Bool => "bool",
    };
    let mismatch = || LiteralProblem::Mismatch {
        expected: kind_word(expected),
        got,
    };
    match (expected, lit.kind) {
        (Type::Any, _) => Ok(()),
        (Type::String | Type::Secret, LiteralKind::String) => Ok(()),
        (Type::String | Type::Secret, LiteralKind::Number | LiteralKind::Float) => Ok(()),
        (Type::Number { .. }, LiteralKind::Number | LiteralKind::Float) => Ok(()),
        (Type::Number { .. }, LiteralKind::String) => {
            let text = unquote(&lit.value).unwrap_or_default();
            if text.trim().parse::<f64>().is_ok() {
                Ok(())
            } else {
                Err(LiteralProblem::Number(text))
            }
        }
        (Type::Bool, LiteralKind::Bool) => Ok(()),
        (Type::Duration, LiteralKind::String) => {
            let text = unquote(&lit.value).unwrap_or_default();
            if is_duration(&text) {
                Ok(())
            } else {
                Err(LiteralProblem::Duration(text))
            }
        }
        // A number becomes a string, which then needs a unit: only 0 works.
        (Type::Duration, LiteralKind::Number) if &*lit.value == "0" => Ok(()),
        (Type::Duration, LiteralKind::Number | LiteralKind::Float) => {
            Err(LiteralProblem::Duration(lit.value.to_string()))
        }
        _ => Err(mismatch()),
    }
}

/// Whether `text` parses as a duration: Go's `time.ParseDuration` syntax
/// with Prometheus's extra units (`d`, `w`, `y`), as the components that
/// take durations accept one or the other.
pub fn is_duration(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let number = &s[start..i];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return false;
        }
        let unit_start = i;
        while i < b.len() && !(b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        match &s[unit_start..i] {
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h" | "d" | "w" | "y" => {}
            _ => return false,
        }
    }
    true
}

/// A size as `units.ParseBase2Bytes` reads it (github.com/alecthomas/units
/// bytes.go, util.go `ParseUnit`): numbers each followed by a unit, `KiB`
/// and `KB` both 1024; `None` where Go refuses it.
pub fn base2_bytes(s: &str) -> Option<i64> {
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0f64;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        // Digits and at most one point: Rust reads `5.` and `.5` as Go does.
        let value: f64 = number.parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "B" => 1.0,
            "KiB" | "KB" => 1024.0,
            "MiB" | "MB" => 1024f64.powi(2),
            "GiB" | "GB" => 1024f64.powi(3),
            "TiB" | "TB" => 1024f64.powi(4),
            "PiB" | "PB" => 1024f64.powi(5),
            "EiB" | "EB" => 1024f64.powi(6),
            _ => return None,
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    let total = if negative { -total } else { total };
    (total.abs() <= i64::MAX as f64).then_some(total as i64)
}

/// The length of a duration in seconds, if `text` is one.
pub fn duration_seconds(text: &str) -> Option<f64> {
    if !is_duration(text) {
        return None;
    }
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let sign = if text.starts_with('-') { -1.0 } else { 1.0 };
    let mut total = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" | "" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            "w" => 604800.0,
            "y" => 31536000.0,
            _ => return None,
        };
        total += number * scale;
        rest = &rest[unit_len..];
    }
    Some(sign * total)
}

/// A duration of `seconds` as Go's `time.Duration.String` prints it
/// (`1m30s`, `1h0m0s`, `500ms`, `0s`): how Alloy's messages show one.
pub fn go_duration(seconds: f64) -> String {
    let nanos = (seconds * 1e9).round() as i128;
    let (sign, nanos) = if nanos < 0 {
        ("-", -nanos)
    } else {
        ("", nanos)
    };
    if nanos == 0 {
        return "0s".into();
    }
    if nanos < 1_000_000_000 {
        // Below a second Go picks one unit and prints a fraction of it.
        let (unit, scale) = match nanos {
            n if n < 1_000 => ("ns", 1),
            n if n < 1_000_000 => ("µs", 1_000),
            _ => ("ms", 1_000_000),
        };
        return format!("{sign}{}{unit}", fraction(nanos, scale));
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = nanos / 60_000_000_000 % 60;
    let rest = nanos % 60_000_000_000;
    let seconds = fraction(rest, 1_000_000_000);
    match (hours, minutes) {
        (0, 0) => format!("{sign}{seconds}s"),
        (0, m) => format!("{sign}{m}m{seconds}s"),
        (h, m) => format!("{sign}{h}h{m}m{seconds}s"),
    }
}

/// `value / scale` with the fraction's trailing zeros dropped (`1.5`, `2`).
fn fraction(value: i128, scale: i128) -> String {
    let whole = value / scale;
    let part = value % scale;
    if part == 0 {
        return whole.to_string();
    }
    let digits = scale.to_string().len() - 1;
    let text = format!("{whole}.{part:0digits$}");
    text.trim_end_matches('0').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_go_prints_them() {
        for (seconds, go) in [
            (0.0, "0s"),
            (10.0, "10s"),
            (90.0, "1m30s"),
            (3600.0, "1h0m0s"),
            (1.5, "1.5s"),
            (0.25, "250ms"),
            (0.0000015, "1.5µs"),
            (300.0, "5m0s"),
            (-5.0, "-5s"),
        ] {
            assert_eq!(go_duration(seconds), go, "{seconds}");
        }
    }

    fn lit(kind: LiteralKind, value: &str) -> Literal {
        Literal {
            kind,
            value: value.into(),
            pos: 0,
        }
    }

    #[test]
    fn only_literals_are_known_empty_or_not() {
        let value = |src: &str| {
            let parsed = crate::syntax::parse(format!("a = {src}\n").as_bytes()).unwrap();
            let crate::syntax::ast::Stmt::Attribute(a) = &parsed.file.body[0] else {
                panic!("an attribute")
            };
            emptiness(&a.value)
        };
        for empty in ["null", "\"\"", "``", "false", "0", "[]", "{}", "(\"\")"] {
            assert_eq!(value(empty), Emptiness::Empty, "{empty}");
        }
        for set in [
            "\"x\"",
            "`x`",
            "true",
            "1",
            "[\"\"]",
            "[env(\"X\")]",
            "{a = 1}",
        ] {
            assert_eq!(value(set), Emptiness::NonEmpty, "{set}");
        }
        for unknown in [
            "env(\"X\")",
            "sys.env(\"X\")",
            "local.file.token.content",
            "argument.password.value",
            "coalesce(sys.env(\"X\"), \"\")",
            "\"a\" + sys.env(\"X\")",
        ] {
            assert_eq!(value(unknown), Emptiness::Unknown, "{unknown}");
        }
    }

    #[test]
    fn durations_have_a_length() {
        assert_eq!(duration_seconds("1m30s"), Some(90.0));
        assert_eq!(duration_seconds("0"), Some(0.0));
        assert_eq!(duration_seconds("500ms"), Some(0.5));
        assert_eq!(duration_seconds("60"), None);
    }

    #[test]
    fn durations_need_a_unit() {
        for ok in [
            "15s", "1m30s", "0", "1.5h", "500ms", "7d", "2w", "-1s", "1y",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["60", "", "s", "1x", "1.2.3s", "1 s", "."] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn literals_convert_like_alloy() {
        let string = lit(LiteralKind::String, "\"12\"");
        assert_eq!(
            check_literal(&string, &Type::Number { integer: false }),
            Ok(())
        );
        assert_eq!(
            check_literal(&lit(LiteralKind::Number, "3"), &Type::String),
            Ok(())
        );
        assert_eq!(
            check_literal(&lit(LiteralKind::Bool, "true"), &Type::String),
            Err(LiteralProblem::Mismatch {
                expected: "string".into(),
                got: "bool"
            })
        );
        assert!(matches!(
            check_literal(&lit(LiteralKind::String, "\"60\""), &Type::Duration),
            Err(LiteralProblem::Duration(_))
        ));
        assert_eq!(
            check_literal(&lit(LiteralKind::Null, "null"), &Type::Bool),
            Ok(())
        );
        let either = Type::parse("string or secret").unwrap();
        assert_eq!(check_literal(&string, &either), Ok(()));
    }

    #[test]
    fn capsules_fit_only_their_kind() {
        let metrics = Type::Capsule(CapsuleKind::MetricsReceiver);
        let logs = Type::Capsule(CapsuleKind::LogsReceiver);
        assert!(fits(&metrics, &metrics));
        assert!(!fits(&logs, &metrics));
        assert!(!fits(&metrics, &Type::List(Box::new(metrics.clone()))));
        assert!(fits(
            &Type::parse("list(map(string))").unwrap(),
            &Type::parse("list(Target)").unwrap()
        ));
        assert!(!fits(&Type::Secret, &Type::String));
        assert!(fits(&Type::String, &Type::Secret));
    }
}
