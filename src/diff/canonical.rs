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

use crate::check::secrets;
use crate::syntax::ast::{BinaryOp, Expr, Field, LiteralKind};
use crate::syntax::literal::unquote;
use crate::syntax::quote::go_quote;

/// A secret shorter than this is recognised only as a whole string
/// literal, never inside a longer one: a three-letter password must not
/// mask every label that happens to contain those letters.
const MIN_EMBEDDED_SECRET: usize = 4;

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

/// The canonical line of `expr` as it may be printed: every string that
/// holds one of `secrets` (literal secret values found by `check`) shows
/// that secret as [`secrets::redact`] does (`"glc_…(92 chars)"`), and
/// anything else shaped like a credential is masked.
pub fn shown(expr: &Expr, secret_values: &[String]) -> String {
    let mut sorted: Vec<&str> = secret_values
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    // The longest first, so a secret that contains another is replaced
    // whole.
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let text = Printer {
        secrets: Some(&sorted),
    }
    .print(expr);
    secrets::mask_credentials(&text)
}

/// Prints expressions; masks `secrets` when given.
struct Printer<'s> {
    secrets: Option<&'s [&'s str]>,
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
                out.push_str(&self.string_literal(&l.value));
            }
            Expr::Literal(l) => out.push_str(&l.value),
            Expr::Identifier(i) => out.push_str(&i.name),
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

    /// A string literal (as written, with its quotes) in canonical form,
    /// its secrets masked when the printer masks.
    fn string_literal(&self, raw: &str) -> String {
        let Some(value) = unquote(raw) else {
            // The parser accepted it, so this does not happen; print it
            // as written rather than lose it.
            return raw.to_owned();
        };
        if let Some(secret_values) = self.secrets {
            if let Some(masked) = mask_secrets(raw, &value, secret_values) {
                return masked;
            }
        }
        go_quote(&value)
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

/// The string literal `raw` (with quotes; `value` decoded) shown with the
/// secrets it holds redacted, or `None` if it holds none. Secrets are the
/// literal text between the quotes, as `check` records them.
fn mask_secrets(raw: &str, value: &str, secret_values: &[&str]) -> Option<String> {
    let inner = &raw[1..raw.len() - 1];
    if let Some(secret) = secret_values.iter().find(|s| **s == inner) {
        return Some(go_quote(&secrets::redact(secret)));
    }
    let mut masked = inner.to_owned();
    let mut found = false;
    for secret in secret_values
        .iter()
        .filter(|s| s.len() >= MIN_EMBEDDED_SECRET)
    {
        if masked.contains(secret) {
            masked = masked.replace(secret, &secrets::redact(secret));
            found = true;
        }
    }
    if !found {
        return None;
    }
    if raw.starts_with('`') {
        return Some(go_quote(&masked));
    }
    // The redacted forms hold no escapes, so the rest decodes as before;
    // if a secret ended inside an escape it does not, and the whole value
    // is redacted instead.
    Some(match unquote(&format!("\"{masked}\"")) {
        Some(decoded) => go_quote(&decoded),
        None => go_quote(&secrets::redact(value)),
    })
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

    #[test]
    fn shown_masks_secrets_whole_and_inside_strings() {
        let secret = ["hunter2", "hunter2"].concat();
        let token = format!("glc_{}", "A1b2C3d4".repeat(5));
        let value = parse_value(&format!(
            r#"{{password = "{secret}", url = "https://h/push?key={token}", short = "abc"}}"#
        ));
        let shown_text = shown(&value, &[secret.clone(), token.clone(), "abc".into()]);
        assert!(!shown_text.contains(&secret), "{shown_text}");
        assert!(!shown_text.contains(&token), "{shown_text}");
        assert!(shown_text.contains(r#""password" = "hu…(14 chars)""#));
        assert!(shown_text.contains(r#""short" = "…(3 chars)""#));
        assert!(shown_text.contains("key=glc_…(44 chars)"), "{shown_text}");
        // Comparing sees the values themselves.
        assert!(canonical(&value).contains(&secret));
    }

    #[test]
    fn shown_masks_credential_shapes_it_was_not_told_about() {
        let token = format!("glc_{}", "Z9y8X7w6".repeat(5));
        let shown_text = shown(&parse_value(&format!("\"{token}\"")), &[]);
        assert!(!shown_text.contains(&token), "{shown_text}");
        assert!(shown_text.starts_with("\"glc_"), "{shown_text}");
    }

    #[test]
    fn short_secrets_mask_only_whole_literals() {
        let value = parse_value(r#"["abc", "abcdef"]"#);
        assert_eq!(
            shown(&value, &["abc".into()]),
            r#"["…(3 chars)", "abcdef"]"#
        );
    }
}
