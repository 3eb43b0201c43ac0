//! The library's top-level modules form layers: no module uses one that
//! uses it, directly or through others. Read from the source text: every
//! `crate::X` path (grouped `use crate::{X, Y}` too) and every `super::`
//! path that climbs out of its top-level module, outside comments and
//! string literals.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = module_graph(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    assert!(
        graph.contains_key("check") && graph["cli"].contains("check"),
        "the graph was not read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "top-level modules import each other: {}\n(every edge: {graph:#?})",
            cycle.join(" → ")
        );
    }
}

#[test]
fn references_are_read_from_code_only() {
    let text = r##"
        use crate::{alpha::{self, A}, beta, gamma::C};
        use super::super::delta::D;
        // crate::commented
        /* crate::blocked /* nested */ crate::still */
        let s = "crate::quoted"; let r = r#"crate::raw"#; let c = '"';
        fn f<'a>(x: &'a str) -> crate::epsilon::E { pub(super) fn g() {} }
        mod tests { use super::super::super::zeta; use super::Local; }
    "##;
    // As if in `src/own/inner.rs`: two `super::` reach the crate.
    let found = references(text, &["own".into(), "inner".into()]);
    let want: BTreeSet<String> = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(found, want);
    let cyclic: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), BTreeSet::from([to.to_owned()])))
        .collect();
    assert_eq!(find_cycle(&cyclic).unwrap(), ["a", "b", "c", "a"]);
}

/// Top-level module → the top-level modules it refers to.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).unwrap();
        let mut path: Vec<String> = relative
            .iter()
            .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_owned())
            .collect();
        if path.last().is_some_and(|last| last == "mod") {
            path.pop();
        }
        // The crate roots declare the modules; `main.rs` uses the library
        // by its name.
        if path.len() == 1 && (path[0] == "lib" || path[0] == "main") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let own = path[0].clone();
        let targets = graph.entry(own.clone()).or_default();
        targets.extend(references(&text, &path).into_iter().filter(|t| *t != own));
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The top-level modules `text`, the file of module `path`, refers to.
fn references(text: &str, path: &[String]) -> BTreeSet<String> {
    let code = code_only(text);
    let bytes = code.as_bytes();
    let mut found = BTreeSet::new();
    let mut braces = 0usize;
    // Brace depths at which inline `mod NAME {` bodies opened.
    let mut inline_modules: Vec<usize> = Vec::new();
    let mut module_opening = false;
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        if bytes[i] == b'{' {
            braces += 1;
            if module_opening {
                inline_modules.push(braces);
                module_opening = false;
            }
        } else if bytes[i] == b'}' {
            if inline_modules.last() == Some(&braces) {
                inline_modules.pop();
            }
            braces = braces.saturating_sub(1);
        } else if bytes[i] == b';' {
            module_opening = false;
        } else if starts_word && code[i..].starts_with("mod ") {
            module_opening = true;
        } else if starts_word && !preceded_by_path(bytes, i) && code[i..].starts_with("crate::") {
            found.extend(first_segments(&code[i + "crate::".len()..]));
        } else if starts_word && !preceded_by_path(bytes, i) && code[i..].starts_with("super::") {
            let mut rest = &code[i..];
            let mut climbs = 0;
            while let Some(after) = rest.strip_prefix("super::") {
                climbs += 1;
                rest = after;
            }
            if climbs == path.len() + inline_modules.len() {
                found.extend(first_segments(rest));
            }
            i = code.len() - rest.len();
            continue;
        }
        i += 1;
    }
    found
}

/// Whether the word at `i` continues a path (`$crate::`, `a::crate`).
fn preceded_by_path(bytes: &[u8], i: usize) -> bool {
    (i >= 1 && bytes[i - 1] == b'$') || (i >= 2 && &bytes[i - 2..i] == b"::")
}

/// The first segment of the path `rest` starts, or of each path in the
/// group `{a::b, c}` it starts.
fn first_segments(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let Some(group) = rest.strip_prefix('{') else {
        let name: String = rest.chars().take_while(|c| is_ident(*c as u8)).collect();
        return vec![name];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if at_item_start && depth == 0 && is_ident(c as u8) => {
                let name: String = group[i..]
                    .chars()
                    .take_while(|c| is_ident(*c as u8))
                    .collect();
                names.push(name);
                at_item_start = false;
            }
            _ => {}
        }
    }
    names.retain(|n| n != "self");
    names
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `text` with comments and the contents of string and character literals
/// blanked out (same length, so offsets hold).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to.min(b.len())] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !is_ident(b[i - 1]);
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if starts_word && raw_string_hashes(&b[i..]).is_some() {
            let (prefix, hashes) = raw_string_hashes(&b[i..]).unwrap();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = i + prefix;
            let end = b[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |n| body + n + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{1F600}'), or a lifetime.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|n| i + 2 + n + 1)
            } else {
                let width = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + width) == Some(&b'\'')).then_some(i + 2 + width)
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// For a raw string starting `r#"`, `br"`, ...: the length of its opening
/// and how many `#` it has.
fn raw_string_hashes(b: &[u8]) -> Option<(usize, usize)> {
    let after_b = if b.first() == Some(&b'b') { 1 } else { 0 };
    if b.get(after_b) != Some(&b'r') {
        return None;
    }
    let hashes = b[after_b + 1..].iter().take_while(|&&c| c == b'#').count();
    (b.get(after_b + 1 + hashes) == Some(&b'"')).then_some((after_b + 2 + hashes, hashes))
}

/// A cycle of `graph`, as the modules along it (the first repeated last),
/// if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, State>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), State::Open);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(State::Open) => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_owned(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}
