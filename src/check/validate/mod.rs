//! Load-time validation: what Alloy refuses when it loads a configuration
//! that its schema accepts.
//!
//! `alloy run` decodes each component's block into its Go arguments
//! (defaults first, `SetToDefault()`), then calls `Validate()` on them and
//! on every nested block that has one, and `UnmarshalText()` on typed
//! values (a relabel regex, an action); some constructors reject more (a
//! stability-gated value). Any of these stops Alloy before it starts.
//! Each family file here reproduces one group of them as data: a table of
//! [`Validation`]s, each naming where it applies, its rule code and the
//! Alloy source it follows (see `../shared/alloy-schema/LOAD-TIME.md` for
//! the survey). A validation only reports what is certain from the text:
//! a value Alloy computes (`sys.env(...)`, a reference) is unknown and
//! never the reason for a finding.

pub mod go_url;
pub mod http_client;
mod otelcol;
mod process;
mod regex;
mod relabel;
mod scrape;
pub mod section;
mod sources;
pub mod url;
mod write;

use std::collections::HashMap;

use super::context::{Context, Loc};
use super::engine::Checker;
use super::scope::NodeId;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::schema::model::Node;
use crate::syntax::ast::Stmt;
pub use section::{Origin, Section, Setting, Value};

/// One validation Alloy runs at load: where it applies and what checks it.
pub struct Validation {
    /// The components it applies to: exact names, `namespace.*` for every
    /// component of a namespace, `*` for all.
    pub components: &'static [&'static str],
    /// The nested block it applies to, as a path from the component
    /// (`endpoint/tls_config`); empty for the component's own body; a
    /// leading `**/` matches the rest at any depth (`**/tls_config`).
    pub block: &'static str,
    /// The code its findings carry.
    pub code: Code,
    /// The Alloy (or dependency) source it reproduces, `file:line`.
    pub source: &'static str,
    /// Checks one section it applies to.
    pub check: fn(&mut Cx<'_, '_>, &Section<'_>),
}

impl Validation {
    /// Whether it applies to the component `name`.
    fn applies_to(&self, name: &str) -> bool {
        self.components.iter().any(|&pattern| {
            pattern == "*"
                || pattern == name
                || pattern.strip_suffix('*').is_some_and(|prefix| {
                    name.strip_prefix(prefix)
                        .is_some_and(|rest| !rest.is_empty())
                })
        })
    }

    /// Whether it applies to the block at `path` of a component it
    /// applies to.
    fn applies_at(&self, path: &str) -> bool {
        match self.block.strip_prefix("**/") {
            Some(tail) => {
                path == tail
                    || path
                        .strip_suffix(tail)
                        .is_some_and(|head| head.ends_with('/'))
            }
            None => self.block == path,
        }
    }
}

/// Every family's validations.
const FAMILIES: &[&[Validation]] = &[
    scrape::VALIDATIONS,
    sources::VALIDATIONS,
    otelcol::VALIDATIONS,
    http_client::VALIDATIONS,
    url::VALIDATIONS,
    write::VALIDATIONS,
    relabel::VALIDATIONS,
    process::VALIDATIONS,
];

/// What a validation reports through.
pub struct Cx<'c, 'a> {
    ctx: &'c mut Context<'a>,
    /// The component the section belongs to (`prometheus.scrape`).
    pub component: &'a str,
    /// The component's label.
    pub label: &'a str,
    code: Code,
}

impl Cx<'_, '_> {
    /// Reports what Alloy refuses to load (an error by default): `message`
    /// in the user's terms, `fix` what to change, `alloy_says` the error
    /// Alloy prints.
    pub fn reject(
        &mut self,
        loc: Loc,
        message: impl Into<String>,
        fix: &str,
        alloy_says: &str,
    ) -> &mut Diagnostic {
        let d = self.ctx.report(self.code, loc, message);
        d.help = Some(format!("{fix}; Alloy does not start: {alloy_says}"));
        d
    }

    /// Reports `what` (a value of an argument) when the configured
    /// stability level does not allow `level`, as Alloy refuses it with
    /// `alloy_says`.
    pub fn check_stability(&mut self, what: &str, level: &str, loc: Loc, alloy_says: &str) {
        if let Some(d) = self.ctx.check_stability(what, level, loc) {
            if let Some(help) = &mut d.help {
                help.push_str(&format!("; Alloy does not start: {alloy_says}"));
            }
        }
    }
}

impl<'a> Checker<'a, '_> {
    /// Runs the load-time validations of the component node `nid` (whose
    /// schema is `schema`) over its block and nested blocks.
    pub fn validate_at_load(&mut self, nid: NodeId, schema: &'static Node) {
        let node = &self.nodes[nid];
        let (block, unit) = (node.block, node.unit);
        let name: &'a str = &block.name;
        let validations = self
            .validations
            .entry(name)
            .or_insert_with(|| {
                FAMILIES
                    .iter()
                    .flat_map(|family| family.iter())
                    .filter(|v| v.applies_to(name))
                    .collect()
            })
            .clone();
        if validations.is_empty() {
            return;
        }
        let mut cx = Cx {
            ctx: self.ctx,
            component: name,
            label: block.label_text().unwrap_or(""),
            code: Code::InvalidComponentConfig,
        };
        let root = Section {
            unit,
            block,
            schema,
            path: String::new(),
        };
        let mut pending = vec![root];
        while let Some(section) = pending.pop() {
            // A block whose body could not be read is not judged: what it
            // lacks may be in the lost text.
            if section.block.is_incomplete() {
                continue;
            }
            for v in validations.iter().filter(|v| v.applies_at(&section.path)) {
                cx.code = v.code;
                (v.check)(&mut cx, &section);
            }
            for stmt in section.block.body.iter().rev() {
                if let Stmt::Block(b) = stmt {
                    match section.schema.blocks.get(&*b.name) {
                        Some(child) if child.body.as_deref() != Some("config") => {
                            // A recursive block (`stage.match` in
                            // `stage.match`) has the schema of the block
                            // its reference names, from the component down.
                            let child = child
                                .recursive_ref
                                .as_deref()
                                .and_then(|path| schema_at(schema, path))
                                .unwrap_or(child);
                            pending.push(section.nested(b, child));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The schema of the nested block at `path` (`a/b`) of `root`.
fn schema_at(root: &'static Node, path: &str) -> Option<&'static Node> {
    path.split('/')
        .try_fold(root, |node, part| node.blocks.get(part))
}

/// The validations that apply to each component, found on its first use.
pub type ValidationIndex<'a> = HashMap<&'a str, std::rc::Rc<[&'static Validation]>>;

#[cfg(test)]
mod tests;
