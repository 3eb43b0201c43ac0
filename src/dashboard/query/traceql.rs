//! TraceQL: a structural parse of trace queries.
//!
//! What is checked: spansets `{ ... }` of conditions on attributes
//! (`span.http.status_code`, `resource.service.name`, `.route`, scoped
//! intrinsics such as `trace:duration`) and intrinsics (`duration`,
//! `status`, `name`, `kind`, ...) compared with `=`, `!=`, `>`, `=~`, ...,
//! joined by `&&` and `||`, with arithmetic and parentheses; spanset
//! operators (`&&`, `||`, `>`, `>>`, `<`, `<<`, `~` and their `!` and `&`
//! forms); and pipelines: spanset filters, aggregates compared with a value
//! (`| count() > 2`, `| avg(duration) > 1s`), `by()`, `select()`,
//! `coalesce()`, and the metrics functions (`| rate()`,
//! `| quantile_over_time(duration, .99) by (span.route)`, `| topk(5)`).
//! Not checked: that regular expressions compile, and value types.

use super::lexer::{Cursor, TokenKind};
use super::{duration_of_length, parse_tokens, prepare, QueryError};
use crate::check::suggest;

/// Spanset operators.
const SPANSET_OPS: &[&str] = &[
    "&&", "||", ">>", ">", "<<", "<", "~", "!>>", "!>", "!<<", "!<", "!~", "&>>", "&>", "&<<",
    "&<", "&~",
];

/// Operators inside a spanset.
const FIELD_OPS: &[&str] = &[
    "&&", "||", "=", "!=", ">=", ">", "<=", "<", "=~", "!~", "+", "-", "*", "/", "%", "^",
];

const COMPARISONS: &[&str] = &["=", "!=", ">=", ">", "<=", "<"];

/// Intrinsics written without a scope.
const INTRINSICS: &[&str] = &[
    "duration",
    "name",
    "status",
    "statusMessage",
    "kind",
    "rootName",
    "rootServiceName",
    "traceDuration",
    "nestedSetLeft",
    "nestedSetRight",
    "nestedSetParent",
];

/// Keywords that are values.
const STATICS: &[&str] = &[
    "true",
    "false",
    "nil",
    "ok",
    "error",
    "unset",
    "unspecified",
    "internal",
    "server",
    "client",
    "producer",
    "consumer",
];

/// Attribute scopes (`span.x`) and intrinsic scopes (`span:name`).
const SCOPES: &[&str] = &[
    "span",
    "resource",
    "event",
    "link",
    "instrumentation",
    "trace",
    "parent",
];

/// Aggregates compared with a value: `| count() > 2`.
const AGGREGATES: &[&str] = &["count", "avg", "max", "min", "sum"];

/// Metrics functions: `| rate()`.
const METRICS: &[&str] = &[
    "rate",
    "count_over_time",
    "min_over_time",
    "max_over_time",
    "avg_over_time",
    "sum_over_time",
    "quantile_over_time",
    "histogram_over_time",
    "compare",
];

/// Checks a TraceQL query (with Grafana variables in it).
pub fn check(query: &str) -> Result<(), QueryError> {
    let text = prepare(query, duration_of_length, b"\"`")?;
    let next = "a spanset operator, `|` or the end of the query";
    parse_tokens(&text, b".:", next, |c| {
        let mut p = Parser { c };
        p.spanset_expr()?;
        p.pipeline()?;
        if p.c.eat("with") {
            p.hints()?;
        }
        Ok(())
    })
}

struct Parser<'c, 't, 'a> {
    c: &'c mut Cursor<'t, 'a>,
}

impl Parser<'_, '_, '_> {
    /// Spansets (each with its pipeline) joined by spanset operators.
    fn spanset_expr(&mut self) -> Result<(), QueryError> {
        self.joined(SPANSET_OPS, Self::spanset_term)
    }

    /// `operand`s joined by any of the operators `ops`.
    fn joined(
        &mut self,
        ops: &[&str],
        operand: fn(&mut Self) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        operand(self)?;
        while self.c.at_any(ops) {
            self.c.bump();
            operand(self)?;
        }
        Ok(())
    }

    fn spanset_term(&mut self) -> Result<(), QueryError> {
        if self.c.eat("(") {
            self.spanset_expr()?;
            self.pipeline()?;
            self.c.expect(")", "`)`")?;
            return Ok(());
        }
        self.spanset()
    }

    /// `{ conditions }`, possibly empty.
    fn spanset(&mut self) -> Result<(), QueryError> {
        self.c.expect("{", "a spanset `{ ... }`")?;
        if self.c.eat("}") {
            return Ok(());
        }
        self.field_expr()?;
        self.c.expect("}", "`}` or an operator")?;
        Ok(())
    }

    /// Operands joined by field operators.
    fn field_expr(&mut self) -> Result<(), QueryError> {
        self.joined(FIELD_OPS, Self::field_operand)
    }

    /// Field expressions separated by `,`: at least one.
    fn field_list(&mut self) -> Result<(), QueryError> {
        self.field_expr()?;
        while self.c.eat(",") {
            self.field_expr()?;
        }
        Ok(())
    }

    fn field_operand(&mut self) -> Result<(), QueryError> {
        if self.c.eat("!") || self.c.eat("-") {
            return self.field_operand();
        }
        if self.c.eat("(") {
            self.field_expr()?;
            self.c.expect(")", "`)`")?;
            return Ok(());
        }
        let Some(t) = self.c.peek() else {
            return Err(self.c.error("expected an attribute or a value".into()));
        };
        match t.kind {
            TokenKind::Str | TokenKind::Number => {
                self.c.bump();
                Ok(())
            }
            TokenKind::Ident => {
                self.c.bump();
                check_name(t.text, t.range.clone())
            }
            TokenKind::Punct => Err(self.c.error("expected an attribute or a value".into())),
        }
    }

    fn pipeline(&mut self) -> Result<(), QueryError> {
        while self.c.eat("|") {
            self.stage()?;
        }
        Ok(())
    }

    fn stage(&mut self) -> Result<(), QueryError> {
        if self.c.at("{") {
            return self.spanset();
        }
        let Some(t) = self.c.peek().filter(|t| t.kind == TokenKind::Ident) else {
            return Err(self
                .c
                .error("expected a spanset or a function after `|`".into()));
        };
        let name = t.text;
        self.c.bump();
        self.c.expect("(", &format!("`(` after `{name}`"))?;
        match name {
            n if AGGREGATES.contains(&n) => {
                if n != "count" {
                    self.field_expr()?;
                }
                self.c.expect(")", "`)`")?;
                if !self.c.at_any(COMPARISONS) {
                    return Err(self.c.error(format!(
                        "expected a comparison after `{n}()`, such as `{n}() > 2`"
                    )));
                }
                self.c.bump();
                self.field_operand()
            }
            "by" | "select" => {
                self.field_list()?;
                self.c.expect(")", "`,` or `)`")?;
                Ok(())
            }
            "coalesce" => {
                self.c.expect(")", "`)`")?;
                Ok(())
            }
            "topk" | "bottomk" => {
                self.c
                    .expect_kind(TokenKind::Number, "the number of series")?;
                self.c.expect(")", "`)`")?;
                Ok(())
            }
            n if METRICS.contains(&n) => {
                if n == "compare" {
                    self.spanset()?;
                    while self.c.eat(",") {
                        self.field_operand()?;
                    }
                } else if !self.c.at(")") {
                    self.field_list()?;
                }
                self.c.expect(")", "`)`")?;
                if self.c.eat("by") {
                    self.c.expect("(", "`(`")?;
                    self.field_list()?;
                    self.c.expect(")", "`,` or `)`")?;
                }
                Ok(())
            }
            _ => {
                let known = AGGREGATES
                    .iter()
                    .chain(METRICS)
                    .copied()
                    .chain(["by", "select", "coalesce", "topk", "bottomk"]);
                let message = match suggest::closest(name, known) {
                    Some(c) => format!("unknown function `{name}` (did you mean `{c}`?)"),
                    None => format!("unknown function `{name}`"),
                };
                Err(QueryError::new(t.range.clone(), message))
            }
        }
    }

    /// `(sample=true, ...)` after `with`.
    fn hints(&mut self) -> Result<(), QueryError> {
        self.c.expect("(", "`(`")?;
        loop {
            self.c.expect_kind(TokenKind::Ident, "a hint name")?;
            self.c.expect("=", "`=`")?;
            self.field_operand()?;
            if !self.c.eat(",") {
                break;
            }
        }
        self.c.expect(")", "`,` or `)`")?;
        Ok(())
    }
}

/// Checks a name inside a spanset: a scoped or unscoped (`.x`) attribute,
/// a scoped intrinsic (`span:name`), an intrinsic or a keyword value.
fn check_name(name: &str, range: std::ops::Range<usize>) -> Result<(), QueryError> {
    if name.starts_with('.') && name.len() > 1 {
        return Ok(());
    }
    if let Some((scope, rest)) = name.split_once(['.', ':']) {
        let scope = scope.strip_prefix("parent.").unwrap_or(scope);
        if SCOPES.contains(&scope) && !rest.is_empty() {
            return Ok(());
        }
        let message = match suggest::closest(scope, SCOPES.iter().copied()) {
            Some(c) => format!("unknown attribute scope `{scope}` (did you mean `{c}`?)"),
            None => format!(
                "unknown attribute scope `{scope}`: attributes are `span.`, `resource.`, `event.`, `link.` or `instrumentation.` names, or start with `.`"
            ),
        };
        return Err(QueryError::new(range, message));
    }
    if INTRINSICS.contains(&name) || STATICS.contains(&name) {
        return Ok(());
    }
    let known = INTRINSICS.iter().chain(STATICS).copied();
    let message = match suggest::closest(name, known) {
        Some(c) => format!("unknown intrinsic `{name}` (did you mean `{c}`?)"),
        None => format!(
            "`{name}` is no intrinsic: an attribute is scoped (`span.{name}`, `resource.{name}`) or starts with `.` (`.{name}`)"
        ),
    };
    Err(QueryError::new(range, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_queries_pass() {
        for q in [
            r#"{resource.service.name="wpt-worker" && duration > 500ms}"#,
            "{}",
            r#"{ span.http.status_code >= 500 || status = error } | count() > 2"#,
            r#"{ .route = "/api" && kind = server } >> { name =~ "db.*" }"#,
            r#"({ span.a = 1 } && { span.b = 2 }) | select(span.http.url, duration)"#,
            r#"{ trace:duration > 2s && span:name != "x" } | avg(duration) > 1s | by(resource.service.name)"#,
            r#"{ resource.service.name = "$service" } | rate() by (span.route)"#,
            r#"{ } | quantile_over_time(duration, .99, .5) by (span.route) | topk(5)"#,
            r#"{ duration > $threshold } ~ { !(status = ok) } | coalesce()"#,
            r#"{ span.x - 2 * span.y > 10 } | compare({status = error}, 10) with (sample=true)"#,
        ] {
            assert_eq!(check(q), Ok(()), "{q}");
        }
    }

    fn error(q: &str) -> (String, String) {
        let e = check(q).expect_err(q);
        (q[e.range.clone()].to_owned(), e.message)
    }

    #[test]
    fn invalid_queries_fail_where_they_break() {
        let (at, m) = error(r#"{resource.service.name="x" && duration > }"#);
        assert_eq!(at, "}");
        assert!(m.contains("expected an attribute or a value"), "{m}");
        let (at, m) = error(r#"{job="x"}"#);
        assert_eq!(at, "job");
        assert!(m.contains("span.job"), "{m}");
        let (at, m) = error(r#"{ resorce.service.name = "x" }"#);
        assert_eq!(at, "resorce.service.name");
        assert!(m.contains("did you mean `resource`"), "{m}");
        let (at, m) = error("{ duraton > 1s }");
        assert_eq!(at, "duraton");
        assert!(m.contains("`duration`"), "{m}");
        let (at, m) = error("{ } | count()");
        assert_eq!(at, "");
        assert!(m.contains("comparison"), "{m}");
        let (at, _) = error("{ } | cnt() > 1");
        assert_eq!(at, "cnt");
        let (at, m) = error(r#"{ .a = "x" "#);
        assert_eq!((at.as_str(), m.as_str()), ("{", "`{` is never closed"));
        let (at, _) = error(r#"{ .a = "x" } { .b = 1 }"#);
        assert_eq!(at, "{");
        let (at, _) = error("sum(rate(x[5m]))");
        assert_eq!(at, "sum");
    }
}
