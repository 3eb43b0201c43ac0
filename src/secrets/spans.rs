//! Where a source holds secret values: byte ranges, found once per source,
//! that every output showing the source masks ([`SecretSpans::mask`]).
//!
//! Masking by place, not by searching for values: a value search misses a
//! secret written differently elsewhere, masks a short password inside
//! unrelated words, and leaves the rest of a longer secret that contains a
//! shorter one. A range covers exactly what is secret, whatever its
//! neighbours.
//!
//! What is secret, in a file that parses ([`SecretSpans::of_tree`]):
//!
//! - every value given to an argument the schema types `secret` (or a list
//!   or map of secrets), whatever its expression: string literals, numbers,
//!   bare words (an unquoted token is an undefined reference, and its name
//!   is the secret), the keys of an object that is not a map (a map's keys,
//!   as `http_headers`' header names, are not); references (`local.file.
//!   token.content`), function names and operators stay visible;
//! - where the schema cannot tell (an unknown or custom component, an
//!   argument the schema does not know, a top-level attribute, an object
//!   field), the value of anything whose name says it is a secret
//!   ([`is_secret_name`]);
//! - anywhere in the text, comments included: credential-shaped runs
//!   ([`super::shapes`]) and passwords in URLs ([`super::url_password`]).
//!
//! In a file that does not parse ([`SecretSpans::of_unparsed`]) there is no
//! tree: the text is scanned into Alloy's tokens, and the value after
//! `NAME =` is secret when the name says so, up to the end of its
//! statement; shapes and URL passwords as above.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::shapes::{find_credentials_in, mask_in_place};
use super::url_password::find_url_passwords;
use crate::schema::model::Node;
use crate::schema::{Catalog, Type};
use crate::syntax::ast::{Block, Expr, Field, File, LiteralKind, Stmt};
use crate::syntax::scanner::{Scanner, Token};

/// The secret byte ranges of one source, sorted and disjoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretSpans {
    ranges: Vec<Range<usize>>,
}

impl SecretSpans {
    /// The secrets of `text`: from its tree when it parses, from its tokens
    /// when it does not.
    pub fn of_source(text: &[u8]) -> Self {
        match crate::syntax::parse(text) {
            Ok(parsed) => Self::of_tree(text, &parsed.file),
            Err(_) => Self::of_unparsed(text),
        }
    }

    /// The secrets of `text`, which parsed into `file`.
    pub fn of_tree(text: &[u8], file: &File) -> Self {
        let mut finder = TreeFinder {
            found: text_secrets(text),
            local_roots: local_roots(file),
        };
        finder.statements(&file.body);
        Self::from_ranges(finder.found)
    }

    /// The secrets of `text`, which does not parse.
    pub fn of_unparsed(text: &[u8]) -> Self {
        let mut found = text_secrets(text);
        found.extend(named_values_in_tokens(text));
        Self::from_ranges(found)
    }

    /// These ranges, sorted and merged.
    pub fn from_ranges(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.retain(|r| r.start < r.end);
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        SecretSpans { ranges: merged }
    }

    /// Adds more ranges (what only a whole check finds).
    pub fn extend(&mut self, more: impl IntoIterator<Item = Range<usize>>) {
        let mut all = std::mem::take(&mut self.ranges);
        all.extend(more);
        *self = Self::from_ranges(all);
    }

    /// Whether there is nothing to mask.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The ranges, in order.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// Whether any secret byte lies in `range`.
    pub fn overlaps(&self, range: Range<usize>) -> bool {
        let i = self.ranges.partition_point(|r| r.end <= range.start);
        self.ranges.get(i).is_some_and(|r| r.start < range.end)
    }

    /// `text` with every secret byte masked: same length, line breaks kept,
    /// so offsets, lines and columns of everything else stay valid.
    pub fn mask(&self, text: &[u8]) -> Vec<u8> {
        let mut out = text.to_vec();
        for r in &self.ranges {
            mask_in_place(&mut out, r.start, r.end);
        }
        out
    }

    /// The secret texts themselves, each once, longest first: for text
    /// that repeats them away from their place (a message quoting a value).
    pub fn values(&self, text: &[u8]) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut values: Vec<String> = Vec::new();
        for r in &self.ranges {
            let Some(bytes) = text.get(r.clone()) else {
                continue;
            };
            let value = String::from_utf8_lossy(bytes).into_owned();
            if seen.insert(value.clone()) {
                values.push(value);
            }
        }
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values
    }
}

/// Whether an argument, field or key called `name` holds a secret, for
/// places where the schema cannot tell: the words credentials are named
/// with, but not the names of files or variables that hold them
/// (`password_file`, `token_path`, `api_key_env`) or of public identifiers
/// (`client_id`, `key_id`).
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    const NOT_THE_SECRET: &[&str] = &["_file", "_files", "_path", "_env", "_id", "_name", "_ref"];
    if NOT_THE_SECRET.iter().any(|suffix| name.ends_with(suffix)) {
        return false;
    }
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "api_key",
        "credential",
        "private_key",
        "connection_string",
        "data_source_name",
        "dsn",
        "auth_header",
        "http_headers",
        "proxy_connect_header",
    ];
    name == "key" || name.ends_with("_key") || WORDS.iter().any(|w| name.contains(w))
}

/// What the text shows whatever its syntax: credential shapes and URL
/// passwords.
fn text_secrets(text: &[u8]) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = find_credentials_in(text)
        .into_iter()
        .map(|c| c.start..c.end)
        .collect();
    found.extend(find_url_passwords(text));
    found
}

/// Names a reference may start with that the configuration itself defines:
/// `declare` and `import.*` labels (custom components and modules).
fn local_roots(file: &File) -> HashSet<String> {
    let mut roots = HashSet::new();
    let mut stack: Vec<&[Stmt]> = vec![&file.body];
    while let Some(body) = stack.pop() {
        for stmt in body {
            if let Stmt::Block(block) = stmt {
                if &*block.name == "declare" || block.name.starts_with("import.") {
                    if let Some(label) = block.label_text() {
                        roots.insert(label.to_owned());
                    }
                }
                stack.push(&block.body);
            }
        }
    }
    roots
}

/// Whether `name` starts a reference Alloy can resolve without the
/// configuration: a component namespace (`local` of `local.file.x`), a
/// config block, a stdlib function or namespace, `argument`.
fn is_builtin_root(name: &str) -> bool {
    static ROOTS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let first = |n: &'static str| n.split('.').next().unwrap_or(n);
            Catalog::component_names()
                .map(first)
                .chain(Catalog::config_block_names().map(first))
                .chain(Catalog::stdlib_names().map(first))
                .chain(Catalog::stdlib_namespaces().iter().copied())
                .chain(["argument", "constants"])
                .collect()
        })
        .contains(name)
}

/// Walks a parsed file with the schema.
struct TreeFinder {
    found: Vec<Range<usize>>,
    local_roots: HashSet<String>,
}

impl TreeFinder {
    /// Top-level statements, or those of a body the schema calls `config`
    /// (`declare`, where any statement may appear).
    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Attribute(a) => self.value(&a.name.name, &a.value, None),
                Stmt::Block(b) => self.block_by_name(b, None),
                Stmt::Error(_) => {}
            }
        }
    }

    /// A block, with the schema of its parent when it is nested.
    fn block_by_name(&mut self, block: &Block, parent: Option<&'static Node>) {
        let schema = match parent {
            Some(parent) => parent.blocks.get(&*block.name),
            None => Catalog::component(&block.name).or_else(|| Catalog::config_block(&block.name)),
        };
        match schema {
            Some(schema) if schema.body.as_deref() == Some("config") => {
                self.statements(&block.body)
            }
            Some(schema) => self.block(Some(schema), block),
            None => self.block(None, block),
        }
    }

    /// A block body, judged by `schema` where there is one.
    fn block(&mut self, schema: Option<&'static Node>, block: &Block) {
        for stmt in &block.body {
            match stmt {
                Stmt::Attribute(a) => {
                    let ty = schema.and_then(|s| s.arguments.get(&*a.name.name));
                    self.value(&a.name.name, &a.value, ty.map(|arg| &arg.ty));
                }
                Stmt::Block(child) => match schema {
                    Some(schema) => self.block_by_name(child, Some(schema)),
                    None => self.block(None, child),
                },
                Stmt::Error(_) => {}
            }
        }
    }

    /// The value of the argument `name`, of type `ty` when the schema
    /// knows it.
    fn value(&mut self, name: &str, value: &Expr, ty: Option<&Type>) {
        match ty {
            Some(ty) if holds_only_secrets(ty) => {
                self.secret(value, matches!(ty, Type::Map(_)));
            }
            // `string or secret`: a secret when its name says so.
            Some(ty) if mentions_secret(ty) && is_secret_name(name) => self.secret(value, false),
            Some(_) => self.plain(value),
            None if is_secret_name(name) => self.secret(value, false),
            None => self.plain(value),
        }
    }

    /// An expression that is not secret as a whole: its object fields may
    /// be, by their keys.
    fn plain(&mut self, expr: &Expr) {
        let mut stack = vec![expr];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Object(o) => {
                    for field in &o.fields {
                        if is_secret_name(&field.name.name) {
                            self.secret(&field.value, false);
                        } else {
                            stack.push(&field.value);
                        }
                    }
                }
                other => other.push_children(&mut stack),
            }
        }
    }

    /// An expression given to a secret: every value in it. The keys of its
    /// outermost object are shown when it is a map (`http_headers`).
    fn secret(&mut self, expr: &Expr, map_keys_shown: bool) {
        let mut stack = vec![(expr, map_keys_shown)];
        while let Some((e, keys_shown)) = stack.pop() {
            match e {
                Expr::Literal(l) => {
                    let start = l.pos as usize;
                    let end = start + l.value.len();
                    match l.kind {
                        // Inside the quotes: the frame still shows a string.
                        LiteralKind::String if l.value.len() > 2 => {
                            self.found.push(start + 1..end - 1)
                        }
                        LiteralKind::Number | LiteralKind::Float => self.found.push(start..end),
                        _ => {}
                    }
                }
                Expr::Identifier(i) => {
                    if !self.is_root(&i.name) {
                        self.found.push(i.span());
                    }
                }
                Expr::Object(o) => {
                    for field in &o.fields {
                        if !keys_shown {
                            self.found.push(key_span(field));
                        }
                        stack.push((&field.value, false));
                    }
                }
                // `sys.env("GRAFANA_TOKEN")` names where the secret is, it
                // is not the secret.
                Expr::Call(c) if reads_by_name(&c.value) => {}
                other => {
                    let mut children = Vec::new();
                    other.push_children(&mut children);
                    stack.extend(children.into_iter().map(|c| (c, false)));
                }
            }
        }
    }

    /// Whether a reference starting with `name` names something (so it is
    /// shown), rather than being a bare word (the secret itself).
    fn is_root(&self, name: &str) -> bool {
        is_builtin_root(name) || self.local_roots.contains(name)
    }
}

/// Whether `callee` reads a value by name (`sys.env`, the deprecated `env`,
/// or a misspelling in the `sys` namespace, which holds nothing else): its
/// arguments name an environment variable, they are not values.
fn reads_by_name(callee: &Expr) -> bool {
    match callee {
        Expr::Identifier(i) => &*i.name == "env",
        Expr::Access(a) => matches!(&a.value, Expr::Identifier(root) if &*root.name == "sys"),
        _ => false,
    }
}

/// The bytes of an object key, inside its quotes when it has them.
fn key_span(field: &Field) -> Range<usize> {
    let start = field.name.pos as usize + usize::from(field.quoted);
    start..start + field.name.name.len()
}

/// `secret`, `list(secret)`, `map(list(secret))`...
fn holds_only_secrets(ty: &Type) -> bool {
    match ty {
        Type::Secret => true,
        Type::List(t) | Type::Map(t) => holds_only_secrets(t),
        _ => false,
    }
}

/// Whether `ty` allows a secret anywhere (`string or secret`).
fn mentions_secret(ty: &Type) -> bool {
    match ty {
        Type::Secret => true,
        Type::List(t) | Type::Map(t) => mentions_secret(t),
        Type::Either(types) => types.iter().any(mentions_secret),
        _ => false,
    }
}

/// In a file that does not parse: the value after each `NAME =` (or
/// `"NAME" =` in an object) whose name says it is a secret, from the token
/// after `=` to the end of its statement (a line end outside brackets, a
/// `,` or closing bracket of the enclosing list or object) or of the text.
/// Lexical errors do not stop the scan: an unterminated string is one
/// token to the end of its line.
fn named_values_in_tokens(text: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut scanner = Scanner::new(text);
    // Nothing reads the lexical errors here: a run of invalid bytes must
    // not build a message for each.
    scanner.keep_messages = false;
    // Whether the last token was a name that says "secret".
    let mut after_name = false;
    // The value being masked: where it started, and how deep it is.
    let mut open: Option<(usize, i64)> = None;
    loop {
        let (pos, token, literal) = scanner.scan();
        if let Some((start, depth)) = open.as_mut() {
            let end_here = match token {
                Token::Eof => true,
                Token::Terminator | Token::Comma => *depth <= 0,
                Token::RCurly | Token::RParen | Token::RBrack => {
                    *depth -= 1;
                    *depth < 0
                }
                Token::LCurly | Token::LParen | Token::LBrack => {
                    *depth += 1;
                    false
                }
                _ => false,
            };
            if end_here {
                found.push(*start..pos);
                open = None;
            } else {
                continue;
            }
        }
        if token == Token::Eof {
            break;
        }
        if token == Token::Comment {
            continue;
        }
        if after_name && token == Token::Assign {
            open = Some((pos + 1, 0));
            after_name = false;
            continue;
        }
        let name = match token {
            Token::Ident => Some(literal),
            Token::String if literal.len() > 2 => Some(&literal[1..literal.len() - 1]),
            _ => None,
        };
        after_name = name.is_some_and(|n| is_secret_name(&String::from_utf8_lossy(n)));
    }
    // From the first byte after `=` that is not a blank: the frame keeps
    // the `= ` readable.
    found
        .into_iter()
        .map(|r| {
            let blanks = text[r.clone()]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            r.start + blanks..trim_end(text, r)
        })
        .collect()
}

/// The end of `range` of `text` with trailing blanks and line breaks left
/// out.
fn trim_end(text: &[u8], range: Range<usize>) -> usize {
    let mut end = range.end;
    while end > range.start && matches!(text[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        String::from_utf8(SecretSpans::of_source(text.as_bytes()).mask(text.as_bytes())).unwrap()
    }

    #[test]
    fn every_expression_given_to_a_secret_is_masked() {
        let text = "otelcol.auth.basic \"a\" {\n\tusername = \"admin\"\n\tpassword = \"pre-\" + \"hunter2\" + coalesce(sys.env(\"GRAFANA_PW\"), \"fallback1\", local.file.t.content, hunter3)\n}\n";
        let shown = masked(text);
        for secret in ["hunter2", "fallback1", "hunter3", "pre-"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        // What is not a value stays readable.
        for kept in [
            "admin",
            "coalesce(sys.env(\"GRAFANA_PW\")",
            "local.file.t.content",
            "password = ",
        ] {
            assert!(shown.contains(kept), "{kept} not in {shown}");
        }
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn lists_objects_and_maps_given_to_secrets() {
        let text = "prometheus.remote_write \"a\" {\n\tendpoint {\n\t\turl = \"https://x/api/prom/push\"\n\t\thttp_headers = {\n\t\t\t\"X-Scope-OrgID\" = [\"tenant-secret-1\"],\n\t\t}\n\t\tbasic_auth {\n\t\t\tusername = \"1\"\n\t\t\tpassword = [\"a-list-secret\"]\n\t\t}\n\t}\n}\n";
        let shown = masked(text);
        assert!(!shown.contains("tenant-secret-1"), "{shown}");
        assert!(!shown.contains("a-list-secret"), "{shown}");
        // A map's keys (header names) are not secret.
        assert!(shown.contains("X-Scope-OrgID"), "{shown}");
    }

    #[test]
    fn unknown_blocks_and_fields_are_judged_by_name() {
        let text = "my_module \"x\" {\n\tdb_password = \"hunter2\"\n\tpassword_file = \"/run/pw\"\n\tlabels = { api_token = \"t0ken\", team = \"a\" }\n}\n";
        let shown = masked(text);
        assert!(
            !shown.contains("hunter2") && !shown.contains("t0ken"),
            "{shown}"
        );
        assert!(
            shown.contains("/run/pw") && shown.contains("\"a\""),
            "{shown}"
        );
    }

    #[test]
    fn shapes_and_url_passwords_anywhere() {
        let token = ["glc_", "eyJvIjoiMTIzNDU2NyIsIm4iOiJzdGFjayJ9"].concat();
        let text = format!(
            "// {token}\nloki.write \"a\" {{\n\tendpoint {{\n\t\turl = \"https://u:p%40ss@logs/loki/api/v1/push\"\n\t}}\n\texternal_labels = {{ {token} = \"x\" }}\n}}\n"
        );
        let shown = masked(&text);
        assert!(!shown.contains(&token[4..]), "{shown}");
        assert!(!shown.contains("p%40ss"), "{shown}");
        assert!(shown.contains("https://u:"), "{shown}");
    }

    #[test]
    fn a_multi_line_secret_keeps_its_line_breaks() {
        let text = "otelcol.auth.basic \"a\" {\n\tusername = \"u\"\n\tpassword = `line one\nline two`\n}\n";
        let shown = masked(text);
        assert_eq!(shown.matches('\n').count(), text.matches('\n').count());
        assert!(!shown.contains("line one") && !shown.contains("line two"));
    }

    #[test]
    fn values_after_secret_names_are_masked_in_files_that_do_not_parse() {
        for (text, secret) in [
            (
                "loki.write \"a\" {\n\tpassword = hunter2 @@\n}\n",
                "hunter2",
            ),
            ("x {\n\ttoken = \"unterminated s3cr3t\n}\n", "s3cr3t"),
            (
                "x {\n\tapi_key = [\"k1-abc\",\n\t\t\"k2-def\"] }\n y = ",
                "k2-def",
            ),
            ("x { \"secret\" = \"obj-s3cr3t\", a = 1 ", "obj-s3cr3t"),
        ] {
            assert!(crate::syntax::parse(text.as_bytes()).is_err(), "{text}");
            let shown = masked(text);
            assert!(!shown.contains(secret), "{secret} in {shown}");
            assert_eq!(shown.len(), text.len());
        }
        // Names that are not secrets keep their values.
        let shown = masked("x {\n\turl = \"https://host\" @\n}\n");
        assert!(shown.contains("https://host"));
    }

    #[test]
    fn spans_merge_and_answer_overlaps() {
        let spans = SecretSpans::from_ranges(vec![5..8, 1..3, 2..4, 10..10]);
        assert_eq!(spans.ranges(), [1..4, 5..8]);
        assert!(spans.overlaps(3..5) && spans.overlaps(7..20) && !spans.overlaps(4..5));
        assert_eq!(spans.values(b"0123456789"), ["123", "567"]);
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "DB_PASSWORD",
            "bearer_token",
            "api_key",
            "key",
            "tls_key",
            "client_secret",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "password_file",
            "token_path",
            "client_id",
            "url",
            "username",
            "keyword",
            "api_key_env",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
