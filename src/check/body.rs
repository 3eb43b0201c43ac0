//! Block bodies against their schema: unknown attributes and blocks, an
//! attribute written as a block and the reverse, missing required members,
//! blocks given twice, mutually exclusive members; custom component
//! instances against their `declare`'s arguments.

use crate::rules::Code;
use std::collections::HashMap;

use super::context::{Loc, UnitId};
use super::engine::Checker;
use super::scope::{DeclareId, NodeId};
use super::suggest;
use super::validate::http_client;
use super::values::{emptiness, in_context, Emptiness};
use crate::schema::enums;
use crate::schema::model::Node;
use crate::schema::Type;
use crate::syntax::ast::{Attribute, Block, Expr, LiteralKind, Stmt};
use crate::syntax::literal::unquote;

/// Called with each nested block whose body is a configuration (a
/// `foreach` template).
pub type TemplateHook<'h, 'a, 'c> = dyn FnMut(&mut Checker<'a, 'c>, &'a Block) + 'h;

impl<'a, 'c> Checker<'a, 'c> {
    /// Checks `body` (of `container`, a block of node `nid`) against
    /// `schema`. `ancestors` are the enclosing nested blocks' schemas with
    /// their paths, for recursive blocks.
    #[allow(clippy::too_many_arguments)]
    pub fn check_body(
        &mut self,
        nid: NodeId,
        unit: UnitId,
        schema: &'static Node,
        body: &'a [Stmt],
        container: &'a Block,
        ancestors: &mut Vec<(String, &'static Node)>,
        on_template: &mut TemplateHook<'_, 'a, 'c>,
    ) {
        let mut attributes: HashMap<&str, Loc> = HashMap::new();
        let mut values: HashMap<&str, &'a Expr> = HashMap::new();
        let mut blocks: HashMap<&str, usize> = HashMap::new();
        // Where each nested block is first written (its name).
        let mut block_locs: HashMap<&str, Loc> = HashMap::new();
        for stmt in body {
            match stmt {
                // Nothing is known of a region that could not be read.
                Stmt::Error(_) => {}
                Stmt::Attribute(attr) => {
                    let name = &*attr.name.name;
                    let loc = Loc::new(unit, attr.span());
                    if let Some(&first) = attributes.get(name) {
                        let first_set = self.ctx.related(first, "first set here");
                        self.ctx
                            .report(
                                Code::DuplicateAttribute,
                                loc,
                                format!("attribute \"{name}\" already set"),
                            )
                            .related
                            .push(first_set);
                    } else {
                        attributes.insert(name, loc);
                        values.insert(name, &attr.value);
                    }
                    if let Some(arg) = schema.arguments.get(name) {
                        let component = &self.nodes[nid].block.name;
                        let ty = in_context(&arg.ty, &arg.type_notation, component);
                        self.check_expr(nid, unit, &attr.value, &ty);
                        self.check_enum(nid, unit, ancestors, attr, &arg.values);
                        continue;
                    }
                    if schema.blocks.contains_key(name) {
                        self.ctx
                            .report(
                                Code::ExpectedBlock,
                                loc,
                                format!("\"{name}\" must be a block, not an attribute"),
                            )
                            .help = Some(format!("write `{name} {{ ... }}`"));
                    } else {
                        let msg = format!("unrecognized attribute name \"{name}\"");
                        let help =
                            suggest::closest(name, schema.arguments.keys().map(String::as_str))
                                .map(|c| format!("did you mean `{c}`?"));
                        self.ctx.report(Code::UnknownAttribute, loc, msg).help = help;
                    }
                    self.check_expr(nid, unit, &attr.value, &Type::Any);
                }
                Stmt::Block(block) => {
                    let name = &*block.name;
                    let loc = Loc::new(
                        unit,
                        block.name_pos as usize..block.name_pos as usize + name.len(),
                    );
                    let Some(mut child) = schema.blocks.get(name) else {
                        if schema.arguments.contains_key(name) {
                            self.ctx
                                .report(
                                    Code::ExpectedAttribute,
                                    loc,
                                    format!("\"{name}\" must be an attribute, not a block"),
                                )
                                .help = Some(format!("write `{name} = ...`"));
                        } else {
                            let msg = format!("unrecognized block name \"{name}\"");
                            let help = suggest::closest_or_known(
                                name,
                                schema.blocks.keys().map(String::as_str),
                            )
                            .map(|c| format!("did you mean `{c}`?"));
                            self.ctx.report(Code::UnknownBlock, loc, msg).help = help;
                        }
                        self.walk_unchecked_body(nid, &block.body);
                        continue;
                    };
                    if let Some(path) = &child.recursive_ref {
                        if let Some((_, target)) = ancestors.iter().find(|(p, _)| p == path) {
                            child = target;
                        }
                    }
                    block_locs.entry(name).or_insert(loc);
                    let count = blocks.entry(name).or_insert(0);
                    *count += 1;
                    if *count == 2 && !child.repeated {
                        self.ctx.report(
                            Code::RepeatedBlock,
                            loc,
                            format!("block \"{name}\" may only be specified once"),
                        );
                    }
                    if child.labelled && block.label_text().is_none() {
                        self.ctx.report(
                            Code::MissingLabel,
                            loc,
                            format!("block \"{name}\" must have a label"),
                        );
                    } else if !child.labelled && block.label.is_some() {
                        self.ctx.report(
                            Code::UnexpectedLabel,
                            loc,
                            format!("block \"{name}\" does not take a label"),
                        );
                    }
                    if child.body.as_deref() == Some("config") {
                        on_template(self, block);
                        continue;
                    }
                    let path = match ancestors.last() {
                        Some((p, _)) => format!("{p}/{name}"),
                        None => name.to_owned(),
                    };
                    // Recursive references name the path from the component.
                    ancestors.push((path, child));
                    self.check_body(nid, unit, child, &block.body, block, ancestors, on_template);
                    ancestors.pop();
                }
            }
        }
        let whole = Loc::new(unit, container.span());
        for (name, arg) in &schema.arguments {
            if arg.required && !attributes.contains_key(name.as_str()) {
                self.ctx.report(
                    Code::MissingAttribute,
                    whole,
                    format!("missing required attribute \"{name}\""),
                );
            }
        }
        for (name, child) in &schema.blocks {
            // A list of blocks may be empty; enum members are alternatives.
            if !child.required
                || child.repeated
                || child.enum_member_of.is_some()
                || blocks.contains_key(name.as_str())
            {
                continue;
            }
            let component = &*self.nodes[nid].block.name;
            if name == "output" && component.starts_with("otelcol.") && ancestors.is_empty() {
                // Alloy requires it, but converters emit receivers without
                // one: the data goes nowhere, which is the pipeline rule's
                // business.
                let id = self.nodes[nid].id.clone();
                let header = self.nodes[nid].header();
                self.ctx
                    .report(
                        Code::UnusedComponent,
                        header,
                        format!("{id} sends nowhere: it has no output block"),
                    )
                    .help = Some(
                    "add `output { traces = [...] }` (or metrics/logs) naming the next component's input"
                        .into(),
                );
                continue;
            }
            self.ctx.report(
                Code::MissingBlock,
                whole,
                format!("missing required block \"{name}\""),
            );
        }
        // Groups overlap (a component's own group and the HTTP client's):
        // one conflict is reported once.
        let mut reported: Vec<Vec<&str>> = Vec::new();
        let component = &*self.nodes[nid].block.name;
        let path = ancestors.last().map_or("", |(p, _)| p.as_str());
        for group in &schema.exclusive_groups {
            // The HTTP client's own groups bind only where Alloy calls its
            // `Validate()` (check::validate::http_client::CLIENTS).
            if !http_client::enforced_at_load(component, path, group.source.as_deref()) {
                continue;
            }
            // Alloy counts a block that is given and an argument whose
            // value is not empty (see `Emptiness`), or, for pointer
            // members, any argument but `null`: a conflict is reported only
            // between members known to count.
            let counts = |m: &str| {
                blocks.contains_key(m)
                    || values.get(m).is_some_and(|v| {
                        if group.counts_presence() {
                            !matches!(v, Expr::Literal(l) if l.kind == LiteralKind::Null)
                        } else {
                            emptiness(v) == Emptiness::NonEmpty
                        }
                    })
            };
            let set: Vec<&str> = group
                .members
                .iter()
                .map(String::as_str)
                .filter(|m| counts(m))
                .collect();
            let given = group
                .members
                .iter()
                .any(|m| attributes.contains_key(m.as_str()) || blocks.contains_key(m.as_str()));
            let list = group.members.join(", ");
            if set.len() > 1 {
                if reported.contains(&set) {
                    continue;
                }
                reported.push(set.clone());
                let second = set[1];
                let written = |m: &str| attributes.get(m).or_else(|| block_locs.get(m)).copied();
                let at = written(second).unwrap_or(whole);
                // The other side(s) of the pair, where they are written.
                let others: Vec<_> = set
                    .iter()
                    .filter(|&&m| m != second)
                    .filter_map(|&m| written(m))
                    .map(|loc| self.ctx.related(loc, "also set here"))
                    .collect();
                self.ctx
                    .report(
                        Code::ExclusiveArguments,
                        at,
                        format!(
                            "{} are mutually exclusive: set at most one of {list}",
                            set.join(" and ")
                        ),
                    )
                    .related = others;
            } else if !given && group.rule == "exactly_one" {
                self.ctx.report(
                    Code::MissingOneOf,
                    whole,
                    format!("exactly one of {list} must be set"),
                );
            }
        }
    }

    /// Checks a literal value of an enumerated argument.
    fn check_enum(
        &mut self,
        nid: NodeId,
        unit: UnitId,
        ancestors: &[(String, &'static Node)],
        attr: &Attribute,
        values: &[String],
    ) {
        let Expr::Literal(lit) = &attr.value else {
            return;
        };
        if lit.kind != LiteralKind::String {
            return;
        }
        let path: Vec<&str> = match ancestors.last() {
            Some((p, _)) => p.split('/').collect(),
            None => Vec::new(),
        };
        let component = &*self.nodes[nid].block.name;
        let Some(value) = unquote(&lit.value) else {
            return;
        };
        // The schema's own list, else Alloy's enumerations.
        let (allowed, at_run): (Vec<&str>, _) = if values.is_empty() {
            match enums::lookup(component, &path, &attr.name.name) {
                Some(e) if !e.accepts(&value) => (e.values.to_vec(), e.at_run),
                _ => return,
            }
        } else if values.contains(&value) {
            return;
        } else {
            (values.iter().map(String::as_str).collect(), None)
        };
        let loc = Loc::new(unit, lit.pos as usize..lit.pos as usize + lit.value.len());
        let help = match suggest::closest(&value, allowed.iter().copied()) {
            Some(c) => format!("did you mean \"{c}\"? Valid values: {}", allowed.join(", ")),
            None => format!("valid values: {}", allowed.join(", ")),
        };
        let name = &attr.name.name;
        // A value Alloy loads and only the running component trips on is a
        // warning that says what happens.
        let d = match at_run {
            None => self.ctx.report(
                Code::InvalidEnumValue,
                loc,
                format!("unknown {name} {value}"),
            ),
            Some(what) => self.ctx.report_as(
                crate::diagnostics::Severity::Warning,
                Code::InvalidEnumValue,
                loc,
                format!("unknown {name} {value}: {what}"),
            ),
        };
        d.help = Some(help);
    }

    /// Checks an instance of a custom component against its declare.
    pub fn check_custom(&mut self, nid: NodeId, did: DeclareId) {
        let (unit, block) = (self.nodes[nid].unit, self.nodes[nid].block);
        let mut given: Vec<&str> = Vec::new();
        for stmt in &block.body {
            match stmt {
                Stmt::Error(_) => {}
                Stmt::Attribute(attr) => {
                    let name = &*attr.name.name;
                    given.push(name);
                    let declare = &self.declares[did];
                    if declare.arguments.iter().any(|(n, _)| n == name) {
                        let ty = declare
                            .argument_types
                            .get(name)
                            .cloned()
                            .unwrap_or(Type::Any);
                        self.check_expr(nid, unit, &attr.value, &ty);
                    } else {
                        let help = suggest::closest(
                            name,
                            declare.arguments.iter().map(|(n, _)| n.as_str()),
                        )
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| {
                            format!("`{}` declares no argument by that name", declare.name)
                        });
                        self.ctx
                            .report(
                                Code::UnknownAttribute,
                                Loc::new(unit, attr.span()),
                                format!("unrecognized attribute name \"{name}\""),
                            )
                            .help = Some(help);
                        self.check_expr(nid, unit, &attr.value, &Type::Any);
                    }
                }
                Stmt::Block(b) => {
                    let loc = Loc::new(
                        unit,
                        b.name_pos as usize..b.name_pos as usize + b.name.len(),
                    );
                    self.ctx.report(
                        Code::UnknownBlock,
                        loc,
                        format!("unrecognized block name \"{}\": custom components take only attributes", b.name),
                    );
                    self.walk_unchecked_body(nid, &b.body);
                }
            }
        }
        let missing: Vec<String> = self.declares[did]
            .arguments
            .iter()
            .filter(|(n, optional)| !optional && !given.contains(&n.as_str()))
            .map(|(n, _)| n.clone())
            .collect();
        for name in missing {
            self.ctx.report(
                Code::MissingAttribute,
                Loc::new(unit, block.span()),
                format!("missing required attribute \"{name}\""),
            );
        }
    }

    /// Walks the expressions of a body nothing is known about, for their
    /// references.
    pub fn walk_unchecked_body(&mut self, nid: NodeId, body: &'a [Stmt]) {
        let unit = self.nodes[nid].unit;
        for stmt in body {
            match stmt {
                Stmt::Attribute(attr) => self.check_expr(nid, unit, &attr.value, &Type::Any),
                Stmt::Block(b) => self.walk_unchecked_body(nid, &b.body),
                Stmt::Error(_) => {}
            }
        }
    }

    /// Records the type of an `export` block's value in its declare.
    pub fn record_export_type(&mut self, nid: NodeId) {
        let node = &self.nodes[nid];
        let (Some(did), Some(label)) = (self.scopes[node.scope].owner, node.block.label_text())
        else {
            return;
        };
        let value = node.block.body.iter().find_map(|s| match s {
            Stmt::Attribute(a) if &*a.name.name == "value" => Some(&a.value),
            _ => None,
        });
        if let Some(value) = value {
            let ty = self.infer_type(node.scope, value);
            self.declares[did].export_types.insert(label.to_owned(), ty);
        }
    }
}
