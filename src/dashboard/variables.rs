//! Template variable references in text: `$var`, `${var}`, `${var:fmt}`,
//! `${var.field}` and `[[var]]` (`[[var:fmt]]`), found the way Grafana's
//! template service finds them, and the built-in variables Grafana defines
//! itself.

use std::ops::Range;

/// One reference to a variable in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    /// The variable's name.
    pub name: String,
    /// The whole reference (`${job:regex}`), in bytes of the text.
    pub range: Range<usize>,
    /// The name alone.
    pub name_range: Range<usize>,
}

/// Grafana's global variables (Dashboards › Variables › Global variables
/// in Grafana's documentation), and the interval variables its datasources
/// add (`$__rate_interval`). `timeFilter` is the legacy spelling of
/// `__timeFilter`; `__auto` is an interval variable's `auto` step.
pub const BUILT_INS: &[&str] = &[
    "__all_variables",
    "__auto",
    "__dashboard",
    "__from",
    "__interval",
    "__interval_ms",
    "__name",
    "__org",
    "__range",
    "__range_ms",
    "__range_s",
    "__rate_interval",
    "__rate_interval_ms",
    "__timeFilter",
    "__timezone",
    "__to",
    "__url_time_range",
    "__user",
    "timeFilter",
];

/// Whether `name` is one of Grafana's built-in variables.
pub fn is_built_in(name: &str) -> bool {
    BUILT_INS.contains(&name)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every variable reference in `text`, in order. Names that start with a
/// digit are skipped: they are regex group references (`"$1"` in
/// `label_replace`), which Grafana leaves alone as no variable has such a
/// name.
pub fn find(text: &str) -> Vec<VarRef> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let parsed = match b[i] {
            b'$' if b.get(i + 1) == Some(&b'{') => braced(b, i),
            b'$' => {
                let end = word_end(b, i + 1);
                (end > i + 1).then_some((i + 1..end, end))
            }
            b'[' if b.get(i + 1) == Some(&b'[') => bracketed(b, i),
            _ => None,
        };
        match parsed {
            Some((name_range, end)) => {
                if !b[name_range.start].is_ascii_digit() {
                    found.push(VarRef {
                        name: text[name_range.clone()].to_owned(),
                        range: start..end,
                        name_range,
                    });
                }
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_word(b[i]) {
        i += 1;
    }
    i
}

/// `${name}`, `${name:fmt}`, `${name.field}` at `i`: the name and the end.
fn braced(b: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let name_start = i + 2;
    let name_end = word_end(b, name_start);
    if name_end == name_start {
        return None;
    }
    let mut j = name_end;
    if b.get(j) == Some(&b'.') {
        j += 1;
        let field_start = j;
        while j < b.len() && !matches!(b[j], b':' | b'^' | b'}') {
            j += 1;
        }
        if j == field_start {
            return None;
        }
    }
    if b.get(j) == Some(&b':') {
        j += 1;
        let fmt_start = j;
        while j < b.len() && b[j] != b'}' {
            j += 1;
        }
        if j == fmt_start {
            return None;
        }
    }
    (b.get(j) == Some(&b'}')).then_some((name_start..name_end, j + 1))
}

/// `[[name]]` or `[[name:fmt]]` at `i`: the name and the end.
fn bracketed(b: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let name_start = i + 2;
    let name_end = word_end(b, name_start);
    if name_end == name_start {
        return None;
    }
    let mut j = name_end;
    if b.get(j) == Some(&b':') {
        let fmt_end = word_end(b, j + 1);
        if fmt_end == j + 1 {
            return None;
        }
        j = fmt_end;
    }
    (b.get(j..j + 2) == Some(b"]]")).then_some((name_start..name_end, j + 2))
}

/// The variables of a dependency graph (`edges[i]`: the variables `i`'s
/// query, regex or values name) that are on a cycle, each cycle once, in
/// the order of its first member; a variable naming itself is a cycle.
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    // Small graphs (a dashboard has a handful of variables): a depth-first
    // search from each variable for a path back to it.
    let n = edges.len();
    let mut on_cycle = vec![false; n];
    let mut out = Vec::new();
    for start in 0..n {
        if on_cycle[start] {
            continue;
        }
        if let Some(path) = path_back(edges, start) {
            for &v in &path {
                on_cycle[v] = true;
            }
            out.push(path);
        }
    }
    out
}

/// A path from `start` back to itself, if there is one: its members from
/// `start` on.
fn path_back(edges: &[Vec<usize>], start: usize) -> Option<Vec<usize>> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![(start, 0usize)];
    let mut path = vec![start];
    while let Some((v, next)) = stack.last_mut() {
        let v = *v;
        if *next >= edges[v].len() {
            stack.pop();
            path.pop();
            continue;
        }
        let w = edges[v][*next];
        *next += 1;
        if w == start {
            return Some(path);
        }
        if !seen[w] {
            seen[w] = true;
            stack.push((w, 0));
            path.push(w);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Range<usize>)> {
        find(text).into_iter().map(|r| (r.name, r.range)).collect()
    }

    #[test]
    fn finds_every_syntax() {
        let text = r#"up{job="$job", a="${a}", b="${b:regex}", c="[[c]]", d="${__user.login}"}"#;
        let found = find(text);
        let got: Vec<&str> = found.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(got, ["job", "a", "b", "c", "__user"]);
        for r in &found {
            assert_eq!(&text[r.name_range.clone()], r.name);
        }
        assert_eq!(&text[found[2].range.clone()], "${b:regex}");
        assert_eq!(&text[found[3].range.clone()], "[[c]]");
        assert_eq!(
            names("rate(x[$__rate_interval])"),
            [("__rate_interval".into(), 7..23)]
        );
    }

    #[test]
    fn skips_what_is_no_reference() {
        assert!(find(r#"label_replace(up, "x", "$1", "instance", "(.*)")"#).is_empty());
        assert!(find("cost in $ and ${ } and [[ ]] and a[[b] and foo$").is_empty());
        assert!(find("${a:}").is_empty());
    }

    #[test]
    fn finds_cycles_once() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(cycles(&edges), [vec![0, 1, 2], vec![3]]);
        assert!(cycles(&[vec![1], vec![]]).is_empty());
    }

    #[test]
    fn built_ins_are_known() {
        assert!(is_built_in("__rate_interval"));
        assert!(is_built_in("timeFilter"));
        assert!(!is_built_in("__nope"));
    }
}
