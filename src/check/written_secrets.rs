//! The secret values written in a configuration, found from its syntax tree
//! and the schema alone: for commands that show a configuration's text
//! (`fmt --diff`, `diff`) and must mask them, without paying for a whole
//! check (no references resolved, no files or git consulted).
//!
//! A value is secret when it is a string literal given to an argument of
//! type `secret` (whatever it looks like: masking a stand-in costs nothing,
//! showing a weak real password does), or a credential-shaped run in any
//! string literal or comment.

use super::cloud::is_secret_type;
use super::secrets;
use crate::schema::model::Node;
use crate::schema::Catalog;
use crate::syntax::ast::{Block, Expr, File, Stmt};
use crate::syntax::literal::unquote;

/// The raw text (inside the quotes) of every secret value written in
/// `file`, each once.
pub fn written_secrets(file: &File) -> Vec<String> {
    let mut found = Finder { out: Vec::new() };
    found.statements(&file.body);
    for comment in &file.comments {
        found.credentials(&comment.text);
    }
    found.out
}

struct Finder {
    out: Vec<String>,
}

impl Finder {
    fn push(&mut self, value: &str) {
        if !value.is_empty() && !self.out.iter().any(|s| s == value) {
            self.out.push(value.to_owned());
        }
    }

    /// Top-level statements, or those of a `declare` body.
    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Attribute(a) => self.expr(&a.value, false),
                Stmt::Block(b) => {
                    match Catalog::component(&b.name).or_else(|| Catalog::config_block(&b.name)) {
                        Some(schema) if schema.body.as_deref() == Some("config") => {
                            self.statements(&b.body)
                        }
                        Some(schema) => self.block(schema, b),
                        // A custom component or an unknown block: its
                        // argument types are not known here.
                        None => self.unknown(b),
                    }
                }
            }
        }
    }

    fn block(&mut self, schema: &Node, block: &Block) {
        for stmt in &block.body {
            match stmt {
                Stmt::Attribute(a) => {
                    let secret = schema
                        .arguments
                        .get(&*a.name.name)
                        .is_some_and(|arg| is_secret_type(&arg.ty));
                    self.expr(&a.value, secret);
                }
                Stmt::Block(child) => match schema.blocks.get(&*child.name) {
                    Some(child_schema) if child_schema.body.as_deref() == Some("config") => {
                        self.statements(&child.body)
                    }
                    Some(child_schema) => self.block(child_schema, child),
                    None => self.unknown(child),
                },
            }
        }
    }

    fn unknown(&mut self, block: &Block) {
        for stmt in &block.body {
            match stmt {
                Stmt::Attribute(a) => self.expr(&a.value, false),
                Stmt::Block(child) => self.unknown(child),
            }
        }
    }

    /// String literals in `expr`: all of them secret when the argument is,
    /// else their credential-shaped runs.
    fn expr(&mut self, expr: &Expr, secret: bool) {
        for literal in expr.string_literals() {
            let Expr::Literal(lit) = literal else {
                continue;
            };
            if secret {
                self.push(&lit.value[1..lit.value.len().saturating_sub(1).max(1)]);
            } else if let Some(value) = unquote(&lit.value) {
                self.credentials(&value);
            }
        }
    }

    fn credentials(&mut self, text: &str) {
        for c in secrets::find_credentials(text) {
            self.push(&text[c.start..c.end]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets_of(text: &str) -> Vec<String> {
        written_secrets(&crate::syntax::parse(text.as_bytes()).unwrap().file)
    }

    #[test]
    fn finds_secret_arguments_token_shapes_and_comments() {
        // Tokens are assembled at run time so secret scanners do not flag
        // this source.
        let token = ["glc_", "eyJvIjoiMTIzNDU2NyIsIm4iOiJzdGFjayJ9"].concat();
        let old = ["glsa_", "AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d"].concat();
        let text = format!(
            "// old: {old}\n\
             otelcol.auth.basic \"a\" {{\n  username = \"1\"\n  password = \"hunter2\"\n}}\n\
             loki.write \"b\" {{\n  endpoint {{\n    url = \"https://x/loki/api/v1/push\"\n    \
             headers = {{ \"X-Token\" = \"{token}\" }}\n    bearer_token = \"changeme\"\n  }}\n}}\n"
        );
        let found = secrets_of(&text);
        for want in ["hunter2", token.as_str(), "changeme", old.as_str()] {
            assert!(found.iter().any(|s| s == want), "{want} not in {found:?}");
        }
        // User names and URLs are not secret.
        assert!(!found.iter().any(|s| s == "1" || s.starts_with("https")));
    }

    #[test]
    fn looks_inside_declare_bodies_and_skips_references() {
        let found = secrets_of(
            "declare \"d\" {\n  otelcol.auth.basic \"a\" {\n    username = \"u\"\n    \
             password = \"s3cr3t-value\"\n  }\n}\n\
             otelcol.auth.basic \"b\" {\n  username = \"u\"\n  password = local.file.t.content\n}\n",
        );
        assert_eq!(found, ["s3cr3t-value"]);
    }
}
