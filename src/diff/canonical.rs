//! Values in one canonical line: what two expressions are compared by and
//! how a semantic diff shows them.
//!
//! Layout is gone (one line, `, ` between elements, ` = ` in fields,
//! spaces around binary operators), and so is everything else that does
//! not change what Alloy evaluates:
//!
//! - strings are decoded and quoted again the one way Go's `%q` does, so
//!   `` `a\b` `` and `"a\\b"` print alike;
//! - object fields are sorted by key and every key is quoted (an Alloy
//!   object is a map: `{a = 1, b = 2}` equals `{"b" = 2, "a" = 1}`);
//! - parentheses are dropped and put back only where precedence needs
//!   them, so `(a + b)` prints `a + b` but `(a + b) * c` keeps them.
//!
//! Numbers, identifiers and operators are printed as written.
//!
//! The printer keeps its own stack of work instead of recursing, because an
//! operator chain (`a + b + c + ...`) nests as deep as it is long.

use std::ops::Range;

use crate::secrets::{redact, SecretSpans};
use crate::syntax::ast::{BinaryOp, Expr, Field, LiteralKind};
use crate::syntax::literal::unquote;
use crate::syntax::quote::go_quote;

/// Binding power of prefix operators (`!`, `-`).
const UNARY: u8 = 7;
/// Binding power of postfix operations (`.name`, `[index]`, `(args)`).
const POSTFIX: u8 = 8;

/// The canonical line of `expr`: two expressions mean the same value
/// exactly when their canonical lines are equal. Secrets are not masked:
/// this text is for comparing, never for printing.
pub fn canonical(expr: &Expr) -> String {
    Printer { secrets: None }.print(expr)
}

/// The canonical line of `expr` as it may be printed: every part of it that
/// lies in one of `secrets` (the secret places of the file `expr` was
/// parsed from) is shown as [`redact`] does (`"glc_…(92 chars)"`): a whole
/// string, a number or bare word, an object key, or the secret run inside
/// a longer string.
pub fn shown(expr: &Expr, secrets: &SecretSpans) -> String {
    Printer {
        secrets: Some(secrets),
    }
    .print(expr)
}

/// Prints expressions; masks `secrets` when given.
struct Printer<'s> {
    secrets: Option<&'s SecretSpans>,
}

/// One step of printing.
enum Task<'e> {
    /// Print an expression that sits where operators binding less tightly
    /// than the given power need parentheses.
    Expr(&'e Expr, u8),
    /// Print fixed text.
    Text(&'static str),
    /// Print computed text (a quoted object key).
    Owned(String),
}

impl Printer<'_> {
    fn print(&self, expr: &Expr) -> String {
        let mut out = String::new();
        let mut stack = vec![Task::Expr(expr, 0)];
        while let Some(task) = stack.pop() {
            match task {
                Task::Text(text) => out.push_str(text),
                Task::Owned(text) => out.push_str(&text),
                Task::Expr(e, power) => self.expand(e, power, &mut out, &mut stack),
            }
        }
        out
    }

    /// Prints the leaves of `e` directly and pushes the work its children
    /// need, last part first.
    fn expand<'e>(&self, e: &'e Expr, power: u8, out: &mut String, stack: &mut Vec<Task<'e>>) {
        match e {
            Expr::Literal(l) if l.kind == LiteralKind::String => {
                out.push_str(&self.string_literal(&l.value, l.pos as usize));
            }
            Expr::Literal(l) => out.push_str(&self.word(&l.value, l.pos as usize)),
            Expr::Identifier(i) => out.push_str(&self.word(&i.name, i.pos as usize)),
            // Only in the tree of a file that does not parse: nothing to show.
            Expr::Error(_) => {}
            Expr::Paren(p) => stack.push(Task::Expr(&p.inner, power)),
            Expr::Array(a) => {
                stack.push(Task::Text("]"));
                push_separated(stack, a.elements.iter().rev().map(|e| Task::Expr(e, 0)));
                out.push('[');
            }
            Expr::Object(o) => {
                let mut fields: Vec<(String, &Field)> =
                    o.fields.iter().map(|f| (field_key(f), f)).collect();
                fields.sort_by(|a, b| a.0.cmp(&b.0));
                let fields = fields.into_iter().map(|(key, field)| {
                    let start = field.name.pos as usize;
                    let key = match self.is_secret(
                        start..start + field.name.name.len() + 2 * usize::from(field.quoted),
                    ) {
                        true => redact(&key),
                        false => key,
                    };
                    (key, field)
                });
                let fields: Vec<(String, &Field)> = fields.collect();
                stack.push(Task::Text("}"));
                for (i, (key, field)) in fields.into_iter().enumerate().rev() {
                    stack.push(Task::Expr(&field.value, 0));
                    stack.push(Task::Owned(format!("{} = ", go_quote(&key))));
                    if i > 0 {
                        stack.push(Task::Text(", "));
                    }
                }
                out.push('{');
            }
            Expr::Access(a) => {
                stack.push(Task::Owned(format!(".{}", a.name.name)));
                stack.push(Task::Expr(&a.value, POSTFIX));
            }
            Expr::Index(i) => {
                stack.push(Task::Text("]"));
                stack.push(Task::Expr(&i.index, 0));
                stack.push(Task::Text("["));
                stack.push(Task::Expr(&i.value, POSTFIX));
            }
            Expr::Call(c) => {
                stack.push(Task::Text(")"));
                push_separated(stack, c.args.iter().rev().map(|e| Task::Expr(e, 0)));
                stack.push(Task::Text("("));
                stack.push(Task::Expr(&c.value, POSTFIX));
            }
            Expr::Unary(u) => {
                let wrap = power > UNARY;
                if wrap {
                    stack.push(Task::Text(")"));
                }
                stack.push(Task::Expr(&u.value, UNARY));
                out.push_str(if wrap { "(" } else { "" });
                out.push_str(u.op.as_str());
            }
            Expr::Binary(b) => {
                let own = binding_power(b.op);
                let wrap = power > own;
                // `^` is right-associative: `a ^ (b ^ c)` needs no
                // parentheses, `(a ^ b) ^ c` does; every other operator
                // the other way round.
                let (left, right) = if b.op == BinaryOp::Pow {
                    (own + 1, own)
                } else {
                    (own, own + 1)
                };
                if wrap {
                    stack.push(Task::Text(")"));
                }
                stack.push(Task::Expr(&b.right, right));
                stack.push(Task::Owned(format!(" {} ", b.op.as_str())));
                stack.push(Task::Expr(&b.left, left));
                if wrap {
                    out.push('(');
                }
            }
        }
    }

    /// A string literal (as written, with its quotes, at `pos`) in
    /// canonical form, its secret runs redacted when the printer masks.
    fn string_literal(&self, raw: &str, pos: usize) -> String {
        let Some(value) = unquote(raw) else {
            // The parser accepted it, so this does not happen; print it
            // as written rather than lose it.
            return raw.to_owned();
        };
        let Some(secrets) = self.secrets else {
            return go_quote(&value);
        };
        let inner = pos + 1..pos + raw.len().saturating_sub(1);
        let within: Vec<Range<usize>> = secrets
            .ranges()
            .iter()
            .filter(|r| r.start < inner.end && inner.start < r.end)
            .map(|r| r.start.max(inner.start) - inner.start..r.end.min(inner.end) - inner.start)
            .collect();
        if within.is_empty() {
            return go_quote(&value);
        }
        let raw_inner = &raw[1..raw.len() - 1];
        if within.len() == 1 && within[0] == (0..raw_inner.len()) {
            return go_quote(&redact(&value));
        }
        // A secret run inside a longer string: that run redacted, the rest
        // decoded as usual. A run that starts or ends inside an escape
        // sequence leaves nothing safe to decode: the whole value goes.
        let mut shown = String::new();
        let mut at = 0;
        for r in &within {
            let (Some(before), Some(run)) = (raw_inner.get(at..r.start), raw_inner.get(r.clone()))
            else {
                return go_quote(&redact(&value));
            };
            shown.push_str(before);
            shown.push_str(&redact(run));
            at = r.end;
        }
        shown.push_str(raw_inner.get(at..).unwrap_or_default());
        if raw.starts_with('`') {
            return go_quote(&shown);
        }
        match unquote(&format!("\"{shown}\"")) {
            Some(decoded) => go_quote(&decoded),
            None => go_quote(&redact(&value)),
        }
    }

    /// A number or a bare word at `pos`, redacted when it is secret.
    fn word(&self, text: &str, pos: usize) -> String {
        match self.is_secret(pos..pos + text.len()) {
            true => redact(text),
            false => text.to_owned(),
        }
    }

    /// Whether the printer masks and `range` holds a secret byte.
    fn is_secret(&self, range: Range<usize>) -> bool {
        self.secrets.is_some_and(|s| s.overlaps(range))
    }
}

/// Pushes `items` (already reversed) with `, ` between them.
fn push_separated<'e>(stack: &mut Vec<Task<'e>>, items: impl Iterator<Item = Task<'e>>) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            stack.push(Task::Text(", "));
        }
        stack.push(item);
    }
}

/// How tightly `op` binds, as in the parser's precedence table.
fn binding_power(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq
        | BinaryOp::NotEq
        | BinaryOp::Lt
        | BinaryOp::LtEq
        | BinaryOp::Gt
        | BinaryOp::GtEq => 3,
        BinaryOp::Add | BinaryOp::Sub => 4,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 5,
        BinaryOp::Pow => 6,
    }
}

/// The key of an object field as a value (`a`, `"a"` and `` `a` `` are the
/// same key).
fn field_key(f: &Field) -> String {
    let name = &f.name.name;
    // The parser keeps an empty quoted key as written (`""`), unflagged.
    if name.starts_with(['"', '`']) {
        return String::new();
    }
    if !f.quoted || f.raw_key {
        return name.to_string();
    }
    unquote(&format!("\"{name}\"")).unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Stmt;

    /// The value of `x = SOURCE`.
    fn parse_value(source: &str) -> Expr {
        let parsed = crate::syntax::parse(format!("x = {source}\n").as_bytes()).unwrap();
        match parsed.file.body.into_iter().next() {
            Some(Stmt::Attribute(a)) => a.value,
            other => panic!("not an attribute: {other:?}"),
        }
    }

    fn canon(source: &str) -> String {
        canonical(&parse_value(source))
    }

    #[test]
    fn layout_and_trailing_commas_do_not_count() {
        let multi = "[\n\t{\n\t\t\"__address__\" = \"localhost:8787\",\n\t},\n]";
        assert_eq!(canon(multi), r#"[{"__address__" = "localhost:8787"}]"#);
        assert_eq!(canon(multi), canon(r#"[{"__address__"="localhost:8787"}]"#));
        assert_eq!(canon("[ ]"), "[]");
        assert_eq!(canon("{ }"), "{}");
    }

    #[test]
    fn object_keys_are_sorted_and_quoted() {
        assert_eq!(
            canon(r#"{job = "wpt-worker", "__address__" = "localhost:8787"}"#),
            r#"{"__address__" = "localhost:8787", "job" = "wpt-worker"}"#
        );
        assert_eq!(canon("{`a` = 1}"), canon("{a = 1}"));
        assert_eq!(canon(r#"{"" = 1}"#), r#"{"" = 1}"#);
        assert_eq!(canon("{`` = 1}"), r#"{"" = 1}"#);
        assert_eq!(canon(r#"{"a\tb" = 1}"#), r#"{"a\tb" = 1}"#);
    }

    #[test]
    fn strings_are_quoted_one_way() {
        assert_eq!(canon(r"`C:\dir`"), r#""C:\\dir""#);
        assert_eq!(canon(r"`C:\dir`"), canon(r#""C:\\dir""#));
        assert_eq!(canon(r#""tab\there""#), r#""tab\there""#);
    }

    #[test]
    fn parentheses_only_where_precedence_needs_them() {
        assert_eq!(canon("(1 + 2)"), "1 + 2");
        assert_eq!(canon("((a))"), "a");
        assert_eq!(canon("(1 + 2) * 3"), "(1 + 2) * 3");
        assert_eq!(canon("1 + 2 * 3"), "1 + 2 * 3");
        assert_eq!(canon("1 - (2 - 3)"), "1 - (2 - 3)");
        assert_eq!(canon("(1 - 2) - 3"), "1 - 2 - 3");
        assert_eq!(canon("2 ^ (3 ^ 4)"), "2 ^ 3 ^ 4");
        assert_eq!(canon("(2 ^ 3) ^ 4"), "(2 ^ 3) ^ 4");
        assert_eq!(canon("!(a || b)"), "!(a || b)");
        assert_eq!(canon("(-a).b"), "(-a).b");
        assert_eq!(canon("(a + b)[0]"), "(a + b)[0]");
    }

    #[test]
    fn references_calls_and_indexes() {
        assert_eq!(
            canon("[ prometheus.remote_write.grafana_cloud.receiver ]"),
            "[prometheus.remote_write.grafana_cloud.receiver]"
        );
        assert_eq!(
            canon("coalesce( sys.env(\"A\") ,\"b\" )"),
            r#"coalesce(sys.env("A"), "b")"#
        );
        assert_eq!(canon("x[ 0 ][\"k\"]"), r#"x[0]["k"]"#);
    }

    #[test]
    fn long_operator_chains_do_not_recurse() {
        let chain = vec!["1"; 200_000].join(" + ");
        let text = canon(&chain);
        assert_eq!(text.len(), chain.len());
    }

    /// The value of `x = SOURCE` inside a block that makes `x` a secret
    /// when `secret`, with the secret places of the whole text.
    fn shown_in(source: &str) -> String {
        let text =
            format!("otelcol.auth.basic \"a\" {{\n\tusername = \"u\"\n\tpassword = {source}\n}}\n");
        let parsed = crate::syntax::parse(text.as_bytes()).unwrap();
        let spans = SecretSpans::of_tree(text.as_bytes(), &parsed.file);
        let Some(Stmt::Block(b)) = parsed.file.body.first() else {
            panic!("a block")
        };
        let value = b.attribute("password").expect("password");
        shown(value, &spans)
    }

    #[test]
    fn shown_masks_whole_secrets_of_every_kind() {
        let secret = ["hunter2", "hunter2"].concat();
        let out = shown_in(&format!(
            r#""pre-" + "{secret}" + coalesce(sys.env("X"), hunter3, 12345678)"#
        ));
        assert!(
            !out.contains(&secret) && !out.contains("hunter3") && !out.contains("12345678"),
            "{out}"
        );
        assert!(out.contains(r#""hu…(14 chars)""#), "{out}");
        assert!(out.contains("coalesce(sys.env("), "{out}");
        // Comparing sees the values themselves.
        let value = parse_value(&format!(r#""{secret}""#));
        assert!(canonical(&value).contains(&secret));
    }

    #[test]
    fn shown_masks_runs_inside_strings_and_keys() {
        let token = format!("glc_{}", "Z9y8X7w6".repeat(5));
        let text =
            format!("x = {{ url = \"https://u:pa55word@h/push?key={token}\", {token} = 1 }}\n");
        let parsed = crate::syntax::parse(text.as_bytes()).unwrap();
        let spans = SecretSpans::of_tree(text.as_bytes(), &parsed.file);
        let Some(Stmt::Attribute(a)) = parsed.file.body.first() else {
            panic!("an attribute")
        };
        let out = shown(&a.value, &spans);
        assert!(
            !out.contains(&token[4..]) && !out.contains("pa55word"),
            "{out}"
        );
        assert!(out.contains("https://u:"), "{out}");
        assert!(out.contains("key=glc_…(44 chars)"), "{out}");
    }

    #[test]
    fn shown_is_canonical_where_nothing_is_secret() {
        let value = parse_value(r#"["abc", 1, x.y]"#);
        assert_eq!(shown(&value, &SecretSpans::default()), canonical(&value));
    }
}
