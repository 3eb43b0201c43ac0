//! Regular expressions as Alloy compiles them: Go's RE2 (`regexp.Compile`),
//! parsed by [`crate::re2`] without compiling it with Rust's engine, the
//! two differ. A finding points at the offending text inside the string
//! literal and says in the user's terms what Go refuses.

use super::{Cx, Section};
use crate::re2::{self, ErrorKind};

/// How Alloy wraps a pattern before compiling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchoring {
    /// `^(?s:pattern)$`: a relabel regex matches the whole value
    /// (common/relabel/relabel.go:91).
    Whole,
    /// As written: loki.process stages search the line
    /// (`regexp.Compile(expression)`).
    None,
}

/// Checks that the string argument `name` of `s` parses as Go's RE2 the
/// way Alloy compiles it (`anchoring`); a failure is reported at the
/// offending text inside the string literal, with the error Alloy prints
/// (`alloy_says`, given Go's error).
pub fn check(
    cx: &mut Cx<'_, '_>,
    s: &Section<'_>,
    name: &str,
    anchoring: Anchoring,
    alloy_says: impl Fn(&re2::Error) -> String,
) {
    let Some(map) = s.string(name) else {
        return;
    };
    let parsed = match anchoring {
        Anchoring::Whole => re2::parse_anchored(&map.value),
        Anchoring::None => re2::parse(&map.value),
    };
    let Err(error) = parsed else {
        return;
    };
    let rest = map.value.get(error.span.start..).unwrap_or("");
    // A look-around is its opener, whatever Go quotes after it.
    let span = match ["(?=", "(?!", "(?<=", "(?<!", "(?P="]
        .iter()
        .find(|opener| rest.starts_with(*opener))
    {
        Some(opener) => error.span.start..error.span.start + opener.len(),
        None => error.span.clone(),
    };
    let at = if span.is_empty() {
        s.loc_of(name)
    } else {
        s.loc_in(&map, span)
    };
    let (message, fix) = describe(&error, rest, anchoring);
    cx.reject(at, message, &fix, &alloy_says(&error));
}

/// What a Go regexp parse error means in the user's terms, and how to fix
/// it: `rest` is the pattern from the error on.
fn describe(error: &re2::Error, rest: &str, anchoring: Anchoring) -> (String, String) {
    let whole = anchoring == Anchoring::Whole;
    const RE2: &str = "Go's regular expressions (RE2)";
    let expr = error.expr.as_str();
    let unsupported = |what: &str, shown: &str, fix: &str| {
        (
            format!("{what} `{shown}` is not supported by {RE2}"),
            fix.to_owned(),
        )
    };
    match error.kind {
        ErrorKind::InvalidPerlOp if expr.starts_with("(?=") || expr.starts_with("(?!") => {
            unsupported(
                "look-ahead",
                &expr[..3],
                if whole {
                    "match without the look-ahead (relabel regexes match the whole value; a `drop` rule can exclude what a negative look-ahead would)"
                } else {
                    "match without the look-ahead, or split the work over two stages"
                },
            )
        }
        ErrorKind::InvalidPerlOp if rest.starts_with("(?P=") => {
            unsupported(
                "the back-reference",
                &rest[..4],
                "repeat the group's pattern instead of referring back to it",
            )
        }
        ErrorKind::InvalidPerlOp => (
            format!("`{expr}` is no group or flag {RE2} know (flags are `i`, `m`, `s` and `U`)"),
            "write `(?:...)` for a group, `(?P<name>...)` for a named one, `(?i)` for flags".into(),
        ),
        ErrorKind::InvalidNamedCapture if expr.starts_with("(?<=") || expr.starts_with("(?<!") => {
            unsupported(
                "look-behind",
                &expr[..4],
                if whole {
                    "match without the look-behind (relabel regexes match the whole value)"
                } else {
                    "match without the look-behind, or split the work over two stages"
                },
            )
        }
        ErrorKind::InvalidNamedCapture => (
            format!("`{expr}` is not a valid group name: a name is letters, digits and `_`"),
            "rename the group".into(),
        ),
        ErrorKind::InvalidEscape if expr.len() == 2 && expr.as_bytes()[1].is_ascii_digit() => {
            unsupported(
                "the back-reference",
                expr,
                "repeat the group's pattern instead of referring back to it",
            )
        }
        ErrorKind::InvalidEscape if expr == "\\Z" => unsupported(
            "the end-of-text escape",
            expr,
            if whole {
                "remove it: Alloy anchors the regex at the end of the value already (`\\z` is RE2's end of text)"
            } else {
                "write `\\z` (RE2's end of text) or `$`"
            },
        ),
        ErrorKind::InvalidEscape => (
            format!("`{expr}` is no escape {RE2} know"),
            "escape only punctuation (`\\.`), or use a class RE2 knows (`\\d`, `\\w`, `\\s`, `\\pL`, `[[:alpha:]]`)".into(),
        ),
        ErrorKind::InvalidRepeatSize => {
            let counts: Vec<i64> = expr
                .trim_matches(|c| c == '{' || c == '}')
                .split(',')
                .filter_map(|n| n.parse().ok())
                .collect();
            if counts.iter().any(|&n| n > 1000) {
                (
                    format!("the repeat count `{expr}` is over RE2's limit of 1000"),
                    "use a count of at most 1000, or `+`/`*` for an unbounded repeat".into(),
                )
            } else if matches!(counts[..], [min, max] if min > max) {
                (
                    format!("the repeat count `{expr}` has its minimum above its maximum"),
                    "swap the two counts".into(),
                )
            } else {
                (
                    format!("the repeat `{expr}` of a repeat counts past RE2's limit of 1000 in all"),
                    "lower the nested repeat counts (their product may be at most 1000)".into(),
                )
            }
        }
        ErrorKind::MissingParen => (
            "this `(` is never closed".into(),
            "close the group with `)`, or write `\\(` for a literal parenthesis".into(),
        ),
        ErrorKind::UnexpectedParen => (
            "this `)` closes no group".into(),
            "remove it, or write `\\)` for a literal parenthesis".into(),
        ),
        ErrorKind::MissingBracket => (
            format!("the character class `{expr}` is never closed"),
            "close it with `]`, or write `\\[` for a literal bracket".into(),
        ),
        ErrorKind::InvalidCharRange if expr.starts_with("[:") => (
            format!("`{expr}` is no character class {RE2} know"),
            "use a POSIX class RE2 knows (`[:alnum:]`, `[:alpha:]`, `[:digit:]`, `[:space:]`, `[:upper:]`, `[:lower:]`, `[:punct:]`, `[:word:]`, ...)".into(),
        ),
        ErrorKind::InvalidCharRange if expr.starts_with("\\p") || expr.starts_with("\\P") => (
            format!("`{expr}` is no Unicode class {RE2} know"),
            "use a Unicode category or script (`\\pL`, `\\p{Greek}`)".into(),
        ),
        ErrorKind::InvalidCharRange => (
            format!("the range `{expr}` ends before it starts"),
            "write the range low to high, or put `-` last in the class for a literal hyphen".into(),
        ),
        ErrorKind::InvalidRepeatOp => (
            format!("`{expr}` repeats a repeat, which {RE2} do not allow (no possessive `*+`)"),
            "group the inner repeat first, `(?:a*)*`, or drop one operator".into(),
        ),
        ErrorKind::MissingRepeatArgument => (
            format!("`{expr}` repeats nothing"),
            format!("write what it repeats before it, or `\\{expr}` for a literal character"),
        ),
        ErrorKind::TrailingBackslash => (
            "the regex ends in a lone backslash".into(),
            "remove it, or write `\\\\` for a literal backslash".into(),
        ),
        ErrorKind::NestingDepth | ErrorKind::Large => (
            format!("the regex is too large or too deeply nested for {RE2}"),
            "simplify the regex".into(),
        ),
        _ => (
            format!("the regex is not valid for {RE2}: {}", error.kind.as_str()),
            "fix the regex".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_errors_are_worded_by_what_the_user_wrote() {
        let said = |pattern: &str| {
            let error = re2::parse_anchored(pattern).unwrap_err();
            describe(&error, &pattern[error.span.start..], Anchoring::Whole).0
        };
        assert!(said("(?P<a>x)(?P=a)").starts_with("the back-reference `(?P=`"));
        assert!(said(r"(x)\2").starts_with("the back-reference `\\2`"));
        assert!(said("a{2,1}").contains("minimum above its maximum"));
        assert!(said("(a{500}){3}").contains("limit of 1000 in all"));
        assert!(said("[z-a]").starts_with("the range `z-a`"));
        assert!(said(r"\p{Klingon}").contains("no Unicode class"));
        assert!(said("(a").contains("never closed"));
        assert!(said("**").contains("repeats nothing"));
    }

    #[test]
    fn hints_follow_how_the_regex_is_anchored() {
        let error = re2::parse(r"a\Z").unwrap_err();
        let (_, whole) = describe(&error, r"\Z", Anchoring::Whole);
        let (_, none) = describe(&error, r"\Z", Anchoring::None);
        assert!(whole.contains("anchors the regex"), "{whole}");
        assert!(
            none.contains("`\\z`") && !none.contains("anchors"),
            "{none}"
        );
    }
}
