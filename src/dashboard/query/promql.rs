//! PromQL, parsed with `promql-parser` (a port of Prometheus's grammar).
//!
//! The parser reports no positions, so brackets and strings are checked
//! first (their errors have exact positions), and the parser's message is
//! then placed on what it names (`unknown function with name 'rat'`: the
//! first `rat` outside strings), or on the whole query.

use std::ops::Range;

use super::lexer::Quotes;
use super::{identifier_of_length, prepare, QueryError};

/// Checks a PromQL query (with Grafana variables in it).
pub fn check(query: &str) -> Result<(), QueryError> {
    let text = prepare(query, identifier_of_length, b"\"'`")?;
    match promql_parser::parser::parse(&text) {
        Ok(_) => Ok(()),
        Err(message) => Err(QueryError::new(place(&text, &message), message)),
    }
}

/// Where the parser's `message` is about: the first occurrence outside
/// strings of what it quotes (a function name as a whole word), else the
/// whole query.
fn place(text: &str, message: &str) -> Range<usize> {
    let whole = 0..text.len();
    let quoted = message
        .split_once('\'')
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(q, _)| q)
        .filter(|q| !q.is_empty());
    let Some(quoted) = quoted else {
        return whole;
    };
    let word = quoted
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    outside_strings(text)
        .find(|&i| {
            text.as_bytes()[i..].starts_with(quoted.as_bytes())
                && (!word
                    || (!is_word_at(text, i.wrapping_sub(1))
                        && !is_word_at(text, i + quoted.len())))
        })
        .map_or(whole, |i| i..i + quoted.len())
}

fn is_word_at(text: &str, i: usize) -> bool {
    text.as_bytes()
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// The offsets of `text` that are not inside a string.
fn outside_strings(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut quotes = Quotes::default();
    text.bytes().enumerate().filter_map(move |(i, c)| {
        let before = quotes.inside();
        quotes.step(c);
        // Neither in a string nor its opening quote.
        (!before && !quotes.inside()).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_queries_with_variables_parse() {
        for q in [
            r#"sum by (route) (rate(wpt_worker_requests_total{job="wpt-worker"}[$__rate_interval]))"#,
            r#"sum by (route) (rate(wpt_worker_requests_total{job=~"$job", status=~"5.."}[$__rate_interval]))"#,
            r#"histogram_quantile(0.95, sum by (le, route) (rate(wpt_worker_request_duration_seconds_bucket{job="${job}"}[5m])))"#,
            r#"topk($n, sum by ([[label]]) (rate(x[$__interval])))"#,
            r#"label_replace(up, "host", "$1", "instance", "(.*):.*")"#,
            "up offset $shift",
            "sum(x) / $__range_s",
        ] {
            assert_eq!(check(q), Ok(()), "{q}");
        }
    }

    #[test]
    fn errors_point_at_what_is_wrong() {
        let q = "sum(rate(x[5m])";
        let e = check(q).unwrap_err();
        assert_eq!((e.range, e.message.as_str()), (3..4, "`(` is never closed"));

        let q = r#"rat(x{a="rat"}[5m])"#;
        let e = check(q).unwrap_err();
        assert_eq!(e.range, 0..3, "{e:?}");
        assert!(e.message.contains("unknown function"), "{e:?}");

        let q = r#"sum(rate({job="x"} |= "err" [5m]))"#;
        let e = check(q).unwrap_err();
        assert_eq!(&q[e.range.clone()], "|", "{e:?}");

        let q = "rate(x)";
        let e = check(q).unwrap_err();
        assert_eq!(e.range, 0..4, "{e:?}");

        let q = r#"é{a="é"} + é"#;
        let e = check(q).unwrap_err();
        assert_eq!(&q[e.range.clone()], "é", "{e:?}");
        assert_eq!(e.range.start, 0, "outside strings only");

        let e = check("x +").unwrap_err();
        assert_eq!(e.range, 0..3);
        assert!(check("  ").is_err());
    }
}
