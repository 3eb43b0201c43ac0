//! LogQL: a structural parse of log and metric queries.
//!
//! What is checked: a stream selector `{label="value", ...}` with `=`,
//! `!=`, `=~`, `!~` matchers; line filters (`|=`, `!=`, `|~`, `!~`, `|>`,
//! `!>`, with `or` and `ip("...")`); the pipeline stages (`json`, `logfmt`,
//! `regexp`, `pattern`, `unpack`, `line_format`, `label_format`, `unwrap`,
//! `drop`, `keep`, `decolorize`) and label filters (`| status >= 500`,
//! with `and`, `or`, parentheses); range aggregations over a log range
//! (`rate({...} |= "x" [5m])`) and vector aggregations over them, with
//! `by`/`without`, binary operators and `label_replace`. Not checked: that
//! regular expressions compile, and value types (a log query where a
//! metric is expected).

use super::lexer::{Cursor, TokenKind};
use super::{identifier_of_length, parse_tokens, prepare, QueryError};
use crate::check::suggest;
use crate::check::values::is_duration;

/// Range aggregations: a function over a log range.
const RANGE_FUNCTIONS: &[&str] = &[
    "rate",
    "rate_counter",
    "count_over_time",
    "bytes_rate",
    "bytes_over_time",
    "absent_over_time",
    "sum_over_time",
    "avg_over_time",
    "max_over_time",
    "min_over_time",
    "first_over_time",
    "last_over_time",
    "stdvar_over_time",
    "stddev_over_time",
    "quantile_over_time",
];

/// Vector aggregations.
const VECTOR_FUNCTIONS: &[&str] = &[
    "sum",
    "avg",
    "min",
    "max",
    "count",
    "stddev",
    "stdvar",
    "topk",
    "bottomk",
    "sort",
    "sort_desc",
    "approx_topk",
];

/// Pipeline stages introduced by `|` and a name.
const STAGES: &[&str] = &[
    "json",
    "logfmt",
    "regexp",
    "pattern",
    "unpack",
    "line_format",
    "label_format",
    "unwrap",
    "drop",
    "keep",
    "decolorize",
];

const LINE_FILTERS: &[&str] = &["|=", "!=", "|~", "!~", "|>", "!>"];
const MATCHERS: &[&str] = &["=", "!=", "=~", "!~"];
const COMPARISONS: &[&str] = &["==", "=", "!=", "=~", "!~", ">=", ">", "<=", "<"];
const BINARY: &[&str] = &[
    "+", "-", "*", "/", "%", "^", "==", "!=", ">=", ">", "<=", "<", "and", "or", "unless",
];

/// Checks a LogQL query (with Grafana variables in it).
pub fn check(query: &str) -> Result<(), QueryError> {
    let text = prepare(query, identifier_of_length, b"\"`")?;
    parse_tokens(&text, b"", "an operator or the end of the query", |c| {
        Parser { c }.expr()
    })
}

struct Parser<'c, 't, 'a> {
    c: &'c mut Cursor<'t, 'a>,
}

impl Parser<'_, '_, '_> {
    /// Operands joined by binary operators.
    fn expr(&mut self) -> Result<(), QueryError> {
        self.operand()?;
        while self.c.peek().is_some_and(|t| {
            t.kind != TokenKind::Str && t.kind != TokenKind::Number && BINARY.contains(&t.text)
        }) {
            self.c.bump();
            self.c.eat("bool");
            for keyword in ["on", "ignoring", "group_left", "group_right"] {
                if self.c.eat(keyword) && self.c.at("(") {
                    self.labels()?;
                }
            }
            self.operand()?;
        }
        Ok(())
    }

    fn operand(&mut self) -> Result<(), QueryError> {
        if self.c.eat("-") || self.c.eat("+") {
            return self.operand();
        }
        if self.c.at("(") {
            self.c.bump();
            self.expr()?;
            self.c.expect(")", "`)`")?;
            return Ok(());
        }
        if self.c.at_kind(TokenKind::Number) {
            self.c.bump();
            return Ok(());
        }
        if self.c.at("{") {
            return self.log_query();
        }
        let Some(t) = self.c.peek().filter(|t| t.kind == TokenKind::Ident) else {
            return Err(self
                .c
                .error("expected a stream selector `{...}` or a function".into()));
        };
        let name = t.text;
        if RANGE_FUNCTIONS.contains(&name) {
            self.c.bump();
            self.c.expect("(", &format!("`(` after `{name}`"))?;
            if name == "quantile_over_time" {
                self.c
                    .expect_kind(TokenKind::Number, "the quantile (`0.99`)")?;
                self.c.expect(",", "`,`")?;
            }
            self.log_range()?;
            self.c.expect(")", "`)`")?;
            self.grouping()?;
            return Ok(());
        }
        if VECTOR_FUNCTIONS.contains(&name) {
            self.c.bump();
            self.grouping()?;
            self.c.expect("(", &format!("`(` after `{name}`"))?;
            if matches!(name, "topk" | "bottomk" | "approx_topk") {
                self.c
                    .expect_kind(TokenKind::Number, "the number of series")?;
                self.c.expect(",", "`,`")?;
            }
            self.expr()?;
            self.c.expect(")", "`)`")?;
            self.grouping()?;
            return Ok(());
        }
        match name {
            "label_replace" => {
                self.c.bump();
                self.c.expect("(", "`(`")?;
                self.expr()?;
                for what in [
                    "the destination label",
                    "the replacement",
                    "the source label",
                    "the regex",
                ] {
                    self.c.expect(",", "`,`")?;
                    self.c.expect_kind(TokenKind::Str, what)?;
                }
                self.c.expect(")", "`)`")?;
                Ok(())
            }
            "vector" => {
                self.c.bump();
                self.c.expect("(", "`(`")?;
                self.c.expect_kind(TokenKind::Number, "a number")?;
                self.c.expect(")", "`)`")?;
                Ok(())
            }
            _ => {
                let known = RANGE_FUNCTIONS
                    .iter()
                    .chain(VECTOR_FUNCTIONS)
                    .copied()
                    .chain(["label_replace", "vector"]);
                let message = match suggest::closest(name, known) {
                    Some(c) => format!("unknown function `{name}` (did you mean `{c}`?)"),
                    None if self.c.peek2().is_some_and(|t| t.text == "(") => {
                        format!("unknown function `{name}`")
                    }
                    None => {
                        format!("a log query starts with a stream selector `{{...}}`, not `{name}`")
                    }
                };
                Err(QueryError::new(t.range.clone(), message))
            }
        }
    }

    /// `by (a, b)` or `without (a)`, if there.
    fn grouping(&mut self) -> Result<(), QueryError> {
        if self.c.eat("by") || self.c.eat("without") {
            self.labels()?;
        }
        Ok(())
    }

    /// `(a, b, ...)`, possibly empty.
    fn labels(&mut self) -> Result<(), QueryError> {
        self.c.expect("(", "`(`")?;
        if self.c.eat(")") {
            return Ok(());
        }
        loop {
            self.c.expect_kind(TokenKind::Ident, "a label name")?;
            if !self.c.eat(",") {
                break;
            }
        }
        self.c.expect(")", "`,` or `)`")?;
        Ok(())
    }

    /// A log query with a range: `{...} | ... [5m]` (the range may also
    /// follow the selector), or `({...} | ...)[5m]`; then `offset`.
    fn log_range(&mut self) -> Result<(), QueryError> {
        let mut ranged = false;
        if self.c.at("(") {
            self.c.bump();
            self.log_query()?;
            self.c.expect(")", "`)`")?;
        } else {
            self.selector()?;
            if self.c.at("[") {
                self.range()?;
                ranged = true;
            }
            self.pipeline()?;
        }
        if !ranged {
            if !self.c.at("[") {
                return Err(self.c.error("expected a range such as `[5m]`".into()));
            }
            self.range()?;
            // `{...}[5m] | json` is not LogQL, but the range after the
            // pipeline is; stages may not follow it.
        }
        if self.c.eat("offset") {
            self.duration()?;
        }
        Ok(())
    }

    fn range(&mut self) -> Result<(), QueryError> {
        self.c.expect("[", "`[`")?;
        self.duration()?;
        self.c.expect("]", "`]`")?;
        Ok(())
    }

    fn duration(&mut self) -> Result<(), QueryError> {
        let t = self
            .c
            .expect_kind(TokenKind::Number, "a duration such as `5m`")?;
        if !is_duration(t.text) || t.text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QueryError::new(
                t.range.clone(),
                format!("`{}` is not a duration (`30s`, `5m`, `1h`)", t.text),
            ));
        }
        Ok(())
    }

    /// A stream selector and its pipeline.
    fn log_query(&mut self) -> Result<(), QueryError> {
        self.selector()?;
        self.pipeline()
    }

    fn selector(&mut self) -> Result<(), QueryError> {
        let open = self.c.expect("{", "a stream selector `{...}`")?;
        if self.c.at("}") {
            return Err(QueryError::new(
                open.range.start..self.c.peek().map_or(open.range.end, |t| t.range.end),
                "a stream selector needs at least one matcher, such as `{job=\"x\"}`",
            ));
        }
        loop {
            self.matcher(MATCHERS)?;
            if !self.c.eat(",") {
                break;
            }
        }
        self.c.expect("}", "`,` or `}`")?;
        Ok(())
    }

    /// `label op "value"`.
    fn matcher(&mut self, ops: &[&str]) -> Result<(), QueryError> {
        self.c.expect_kind(TokenKind::Ident, "a label name")?;
        if !self.c.at_any(ops) {
            let list: Vec<String> = ops.iter().map(|o| format!("`{o}`")).collect();
            return Err(self.c.error(format!("expected one of {}", list.join(", "))));
        }
        self.c.bump();
        self.c.expect_kind(TokenKind::Str, "a quoted value")?;
        Ok(())
    }

    fn pipeline(&mut self) -> Result<(), QueryError> {
        loop {
            if self.c.at_any(LINE_FILTERS) {
                self.c.bump();
                self.filter_value()?;
                while self.c.eat("or") {
                    self.filter_value()?;
                }
            } else if self.c.at("|") {
                self.c.bump();
                self.stage()?;
            } else {
                return Ok(());
            }
        }
    }

    /// A line filter's value: a string or `ip("...")`.
    fn filter_value(&mut self) -> Result<(), QueryError> {
        if self.c.eat("ip") {
            self.c.expect("(", "`(`")?;
            self.c.expect_kind(TokenKind::Str, "an address or range")?;
            self.c.expect(")", "`)`")?;
            return Ok(());
        }
        self.c.expect_kind(TokenKind::Str, "a quoted string")?;
        Ok(())
    }

    fn stage(&mut self) -> Result<(), QueryError> {
        let Some(t) = self.c.peek() else {
            return Err(self.c.error("expected a pipeline stage after `|`".into()));
        };
        if t.kind != TokenKind::Ident && t.text != "(" {
            return Err(self.c.error("expected a pipeline stage after `|`".into()));
        }
        match t.text {
            "json" | "logfmt" => {
                self.c.bump();
                while self.c.eat("--") {
                    self.c
                        .expect_kind(TokenKind::Ident, "a flag (`strict`, `keep-empty`)")?;
                    // `--keep-empty` lexes as `keep`, `-`, `empty`.
                    if self.c.eat("-") {
                        self.c.expect_kind(TokenKind::Ident, "a flag")?;
                    }
                }
                if self.c.at_kind(TokenKind::Ident) && !self.c.at("or") && !self.c.at("and") {
                    loop {
                        self.c.expect_kind(TokenKind::Ident, "a label name")?;
                        if self.c.eat("=") {
                            self.c.expect_kind(TokenKind::Str, "a quoted expression")?;
                        }
                        if !self.c.eat(",") {
                            break;
                        }
                    }
                }
                Ok(())
            }
            "regexp" | "pattern" | "line_format" => {
                self.c.bump();
                self.c.expect_kind(
                    TokenKind::Str,
                    &format!(
                        "a quoted {} after `{}`",
                        match t.text {
                            "regexp" => "regular expression",
                            "pattern" => "pattern",
                            _ => "template",
                        },
                        t.text
                    ),
                )?;
                Ok(())
            }
            "unpack" | "decolorize" => {
                self.c.bump();
                Ok(())
            }
            "label_format" => {
                self.c.bump();
                loop {
                    self.c.expect_kind(TokenKind::Ident, "a label name")?;
                    self.c.expect("=", "`=`")?;
                    if !self.c.at_kind(TokenKind::Str) && !self.c.at_kind(TokenKind::Ident) {
                        return Err(self.c.error("expected a template or a label name".into()));
                    }
                    self.c.bump();
                    if !self.c.eat(",") {
                        return Ok(());
                    }
                }
            }
            "unwrap" => {
                self.c.bump();
                if self.c.peek2().is_some_and(|n| n.text == "(") {
                    let f = self.c.expect_kind(TokenKind::Ident, "a label")?;
                    if !matches!(f.text, "duration" | "duration_seconds" | "bytes") {
                        return Err(QueryError::new(
                            f.range.clone(),
                            format!("unknown conversion `{}` (`duration`, `duration_seconds` or `bytes`)", f.text),
                        ));
                    }
                    self.c.expect("(", "`(`")?;
                    self.c.expect_kind(TokenKind::Ident, "a label name")?;
                    self.c.expect(")", "`)`")?;
                } else {
                    self.c
                        .expect_kind(TokenKind::Ident, "the label to unwrap")?;
                }
                Ok(())
            }
            "drop" | "keep" => {
                self.c.bump();
                loop {
                    self.c.expect_kind(TokenKind::Ident, "a label name")?;
                    if self.c.at_any(MATCHERS) {
                        self.c.bump();
                        self.c.expect_kind(TokenKind::Str, "a quoted value")?;
                    }
                    if !self.c.eat(",") {
                        return Ok(());
                    }
                }
            }
            _ => {
                let is_filter = t.text == "("
                    || self.c.peek2().is_some_and(|n| {
                        n.kind == TokenKind::Punct && COMPARISONS.contains(&n.text)
                    });
                if is_filter {
                    return self.label_filter();
                }
                let message = match suggest::closest(t.text, STAGES.iter().copied()) {
                    Some(c) => format!("unknown pipeline stage `{}` (did you mean `{c}`?)", t.text),
                    None => format!(
                        "unknown pipeline stage `{}`: expected a parser (`json`, `logfmt`, `regexp`, `pattern`), a formatter or a label filter (`status >= 500`)",
                        t.text
                    ),
                };
                Err(QueryError::new(t.range.clone(), message))
            }
        }
    }

    /// `label op value` terms joined by `and`, `or` and `,`.
    fn label_filter(&mut self) -> Result<(), QueryError> {
        loop {
            if self.c.eat("(") {
                self.label_filter()?;
                self.c.expect(")", "`)`")?;
            } else {
                self.c.expect_kind(TokenKind::Ident, "a label name")?;
                if !self.c.at_any(COMPARISONS) {
                    return Err(self
                        .c
                        .error("expected a comparison (`=`, `!=`, `=~`, `>`, ...)".into()));
                }
                self.c.bump();
                if self.c.eat("ip") {
                    self.c.expect("(", "`(`")?;
                    self.c.expect_kind(TokenKind::Str, "an address or range")?;
                    self.c.expect(")", "`)`")?;
                } else {
                    self.c.eat("-");
                    if !self.c.at_kind(TokenKind::Str) && !self.c.at_kind(TokenKind::Number) {
                        return Err(self.c.error(
                            "expected a value (a string, number, duration or size)".into(),
                        ));
                    }
                    self.c.bump();
                }
            }
            if !(self.c.eat("and") || self.c.eat("or") || self.c.eat(",")) {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_queries_pass() {
        for q in [
            r#"{job="wpt-worker"}"#,
            r#"{job="wpt-worker", level=~"error|warn"} |= "timeout" != "health" |~ `\d+ms`"#,
            r#"{job="$job"} | json | status >= 500 and route != "/health" | line_format "{{.msg}}""#,
            r#"{job="x"} | logfmt --strict | duration > 1s or size > 10KB | keep route, status"#,
            r#"{job="x"} | regexp `(?P<status>\d{3})` | label_format code=status, x="{{.y}}" | drop a, b="c""#,
            r#"{job="x"} | pattern "<ip> - <_> <status>" | unpack | decolorize"#,
            r#"sum by (route) (rate({job="wpt-worker"} |= "error" [$__rate_interval]))"#,
            r#"sum(count_over_time({job="x"}[5m])) by (level) / 2"#,
            r#"quantile_over_time(0.99, {job="x"} | json | unwrap duration(latency) [5m]) by (route)"#,
            r#"topk(5, sum by (route) (bytes_over_time({job="x"} | json [1h] offset 1d)))"#,
            r#"sum(rate({job="x"}[5m])) > bool 10 or vector(0)"#,
            r#"{job="x"} |= ip("10.0.0.0/8") or "y" | addr = ip("1.2.3.4")"#,
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
        let (at, m) = error(r#"{job="x"} | jsn"#);
        assert_eq!(at, "jsn");
        assert!(m.contains("did you mean `json`"), "{m}");
        let (at, m) = error(r#"{job="x""#);
        assert_eq!((at.as_str(), m.as_str()), ("{", "`{` is never closed"));
        let (at, m) = error(r#"{job=x}"#);
        assert_eq!(at, "x", "{m}");
        let (at, _) = error(r#"{job=="x"}"#);
        assert_eq!(at, "==");
        let (_, m) = error("{}");
        assert!(m.contains("at least one matcher"), "{m}");
        let (at, m) = error(r#"rate({job="x"})"#);
        assert_eq!(at, ")");
        assert!(m.contains("range"), "{m}");
        let (at, m) = error(r#"rat({job="x"}[5m])"#);
        assert_eq!(at, "rat");
        assert!(m.contains("did you mean `rate`"), "{m}");
        let (at, _) = error(r#"rate({job="x"}[5])"#);
        assert_eq!(at, "5");
        let (at, m) = error(r#"{job="x"} |= "a" |"#);
        assert_eq!(at, "");
        assert!(m.contains("end of the query"), "{m}");
        let (at, _) = error("wpt_worker_requests_total");
        assert_eq!(at, "wpt_worker_requests_total");
        let (at, _) = error(r#"{resource.service.name="x"}"#);
        assert_eq!(at, ".");
    }
}
