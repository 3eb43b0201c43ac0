//! Queries in their own languages: PromQL is parsed with `promql-parser`;
//! LogQL and TraceQL get a structural parse of their own (selectors,
//! matchers, pipelines, spansets, aggregations) that catches what a typo
//! or a query in the wrong language breaks. Positions are byte ranges of
//! the query's text, which `literal` maps back to the file.
//!
//! Grafana replaces template variables before a query reaches the
//! datasource, so each reference is first replaced by a stand-in of the
//! same length that fits where it stands ([`with_stand_ins`]): a valid
//! dashboard parses, and positions stay where they were.

pub mod lexer;
pub mod logql;
pub mod promql;
pub mod traceql;

use std::ops::Range;

use super::model::DatasourceKind;
use super::variables;
use lexer::{check_balance, tokenize, Cursor, Quotes};

/// Why a query does not parse: where (bytes of the query) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The bytes of the query it is about.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl QueryError {
    /// An error at `range`.
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        QueryError {
            range,
            message: message.into(),
        }
    }
}

/// Checks `query` as the language of datasources of `kind`.
pub fn check(kind: DatasourceKind, query: &str) -> Result<(), QueryError> {
    match kind {
        DatasourceKind::Prometheus => promql::check(query),
        DatasourceKind::Loki => logql::check(query),
        DatasourceKind::Tempo => traceql::check(query),
    }
}

/// The language a query that does not parse as `kind`'s is written in, if
/// it parses as exactly another one (LogQL on a Prometheus datasource).
pub fn other_language(kind: DatasourceKind, query: &str) -> Option<DatasourceKind> {
    let others = [
        DatasourceKind::Prometheus,
        DatasourceKind::Loki,
        DatasourceKind::Tempo,
    ];
    // LogQL before PromQL: a LogQL query is rarely valid PromQL, but a bare
    // selector is both.
    let order = [others[1], others[2], others[0]];
    order
        .into_iter()
        .filter(|&k| k != kind)
        .find(|&k| check(k, query).is_ok())
}

/// `query` ready to be parsed: not blank, each variable reference replaced
/// by its stand-in ([`with_stand_ins`], `other` where no particular one
/// fits), brackets paired and strings closed (`quotes` open strings).
fn prepare(query: &str, other: fn(usize) -> String, quotes: &[u8]) -> Result<String, QueryError> {
    if query.trim().is_empty() {
        return Err(QueryError::new(0..query.len(), "the query is empty"));
    }
    let text = with_stand_ins(query, other);
    check_balance(&text, quotes)?;
    Ok(text)
}

/// Checks `text`, as [`prepare`] returns it, with a recursive-descent
/// `parse` over its tokens (`ident_extra` as [`tokenize`] takes it), which
/// must take them all; `next` names what may follow where it stops.
fn parse_tokens(
    text: &str,
    ident_extra: &[u8],
    next: &str,
    parse: impl FnOnce(&mut Cursor<'_, '_>) -> Result<(), QueryError>,
) -> Result<(), QueryError> {
    let tokens = tokenize(text, ident_extra)?;
    let mut cursor = Cursor::new(&tokens, text.len());
    parse(&mut cursor)?;
    match cursor.done() {
        true => Ok(()),
        false => Err(cursor.error(format!("expected {next}"))),
    }
}

/// Where a variable reference stands, for its stand-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Inside a quoted string: any text.
    Text,
    /// A duration: inside `[...]`, after `offset`.
    Duration,
    /// The number parameter of `topk(`, `quantile(`, ...
    Number,
    /// Anywhere else: the language's default.
    Other,
}

/// Functions whose first argument is a number.
const NUMBER_FIRST: &[&str] = &[
    "topk",
    "bottomk",
    "quantile",
    "quantile_over_time",
    "limitk",
    "limit_ratio",
];

/// `query` with every variable reference replaced by a stand-in of the
/// same length: `x`s in a string, a duration inside brackets or after
/// `offset`, digits as the number parameter of an aggregation, and
/// `other(len)` elsewhere.
pub fn with_stand_ins(query: &str, other: fn(usize) -> String) -> String {
    let refs = variables::find(query);
    if refs.is_empty() {
        return query.to_owned();
    }
    let b = query.as_bytes();
    let mut out = String::with_capacity(query.len());
    let mut quotes = Quotes::default();
    let mut brackets = 0usize;
    let mut refs = refs.into_iter().peekable();
    let mut i = 0;
    while i < b.len() {
        if !quotes.escaped() {
            if let Some(r) = refs.next_if(|r| r.range.start == i) {
                let len = r.range.len();
                let slot = if quotes.inside() {
                    Slot::Text
                } else if brackets > 0 || previous_word(&query[..i]) == Some("offset") {
                    Slot::Duration
                } else if first_argument_of(&query[..i], NUMBER_FIRST) {
                    Slot::Number
                } else {
                    Slot::Other
                };
                out.push_str(&match slot {
                    Slot::Text => "x".repeat(len),
                    Slot::Duration => duration_of_length(len),
                    Slot::Number => "1".repeat(len),
                    Slot::Other => other(len),
                });
                i = r.range.end;
                continue;
            }
        }
        if !quotes.inside() {
            match b[i] {
                b'[' => brackets += 1,
                b']' => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
        quotes.step(b[i]);
        // Copy the whole character (references are ASCII; the rest is kept).
        let len = query[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&query[i..i + len]);
        i += len;
    }
    out
}

/// A duration of exactly `len` (at least 2) bytes: `1s`, `01s`, ...
pub fn duration_of_length(len: usize) -> String {
    let mut s = "0".repeat(len.saturating_sub(2));
    s.push_str("1s");
    s
}

/// An identifier of exactly `len` bytes.
pub fn identifier_of_length(len: usize) -> String {
    "x".repeat(len)
}

/// The word just before the end of `text`, spaces skipped.
fn previous_word(text: &str) -> Option<&str> {
    let text = text.trim_end();
    // Word characters are ASCII, so the word starts at a char boundary.
    let start = text
        .bytes()
        .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(0, |i| i + 1);
    (start < text.len()).then(|| &text[start..])
}

/// Whether the end of `text` is just after `name(` for one of `names`.
fn first_argument_of(text: &str, names: &[&str]) -> bool {
    let Some(before) = text.trim_end().strip_suffix('(') else {
        return false;
    };
    previous_word(before).is_some_and(|w| names.contains(&w))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// No query makes a checker panic, and every error range is inside
        /// the query, on character boundaries.
        #[test]
        fn checkers_never_panic(query in r#"[a-z_{}()\[\]|=!~<>&,.:"`'$0-9 é\\+-]{0,40}"#) {
            for kind in [DatasourceKind::Prometheus, DatasourceKind::Loki, DatasourceKind::Tempo] {
                if let Err(e) = check(kind, &query) {
                    prop_assert!(e.range.start <= e.range.end && e.range.end <= query.len());
                    prop_assert!(query.is_char_boundary(e.range.start));
                    prop_assert!(query.is_char_boundary(e.range.end));
                }
                let _ = other_language(kind, &query);
            }
            prop_assert_eq!(with_stand_ins(&query, identifier_of_length).len(), query.len());
        }
    }

    fn promql(q: &str) -> String {
        with_stand_ins(q, identifier_of_length)
    }

    #[test]
    fn stand_ins_keep_the_length_and_fit_their_place() {
        let q = r#"sum by ($label) (rate(x{job=~"$job"}[$__rate_interval] offset $shift)) > topk($n, y)"#;
        let s = promql(q);
        assert_eq!(s.len(), q.len());
        assert!(s.contains(r#"job=~"xxxx""#), "{s}");
        let range = format!("[{}]", duration_of_length("$__rate_interval".len()));
        assert!(s.contains(&range), "{s}");
        assert!(s.contains("offset 00001s"), "{s}");
        assert!(s.contains("topk(11,"), "{s}");
        assert!(s.contains("by (xxxxxx)"), "{s}");
        assert_eq!(promql("up"), "up");
        assert_eq!(promql("é$a"), "éxx", "a word after a non-ASCII character");
        assert_eq!(promql(r#"a{b="\"$v"}"#), r#"a{b="\"xx"}"#);
    }

    #[test]
    fn another_language_is_recognised() {
        let logql = r#"sum(rate({job="wpt-worker"} |= "error" [5m]))"#;
        assert_eq!(
            other_language(DatasourceKind::Prometheus, logql),
            Some(DatasourceKind::Loki)
        );
        let traceql = r#"{resource.service.name="wpt-worker" && duration > 500ms}"#;
        assert_eq!(
            other_language(DatasourceKind::Loki, traceql),
            Some(DatasourceKind::Tempo)
        );
        let promql = "sum(rate(wpt_worker_requests_total[5m]))";
        assert_eq!(
            other_language(DatasourceKind::Loki, promql),
            Some(DatasourceKind::Prometheus)
        );
        assert_eq!(other_language(DatasourceKind::Prometheus, "sum(("), None);
    }
}
