//! The model made from the checker's state once its walk is over: scopes
//! and top blocks are the engine's, references what it resolved
//! ([`Resolved`], recorded as it met them); nested blocks and attributes
//! are read from the trees with the schema entry of their block.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    Attribute, Block, BlockId, BlockIndex, BlockKind, Export, File, Model, Place, Reference, Scope,
    ScopeKind, Target,
};
use crate::check::context::{Loc, UnitId};
use crate::check::engine::Checker;
use crate::check::expr::Resolution;
use crate::check::scope::{self, NodeId, NodeKind};
use crate::schema::model::Node as SchemaNode;
use crate::schema::Type;
use crate::secrets::SecretSpans;
use crate::syntax::ast::{self, Stmt, Text};

/// A reference as the checker resolved it.
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    /// The node it is written in.
    pub from: NodeId,
    /// The whole dotted name.
    pub loc: Place,
    /// What it names.
    pub resolution: Resolution,
    /// The name after the target's id (the export), when there is one.
    pub export: Option<Place>,
}

impl Model {
    /// The files of `units` with their secrets from the tree alone: the
    /// model of a configuration that was not checked.
    pub fn of_files(units: &[crate::check::context::Unit<'_>]) -> Model {
        Model {
            files: units.iter().map(|u| file(u, &[], 0)).collect(),
            ..Model::default()
        }
    }

    /// What `checker` resolved, after its walk (its node ids are moved
    /// into the model).
    pub(in crate::check) fn of_checker(checker: &mut Checker<'_, '_>) -> Model {
        // Moved, not copied: the model's references replace them.
        let resolved = std::mem::take(&mut checker.resolved);
        let ids: Vec<String> = checker
            .nodes
            .iter_mut()
            .map(|n| std::mem::take(&mut n.id))
            .collect();
        let checker = &*checker;
        let units = &checker.ctx.units;
        let files = units
            .iter()
            .enumerate()
            .map(|(i, u)| file(u, &checker.ctx.secrets, i))
            .collect();
        // Only declares and imports are looked up by place.
        let node_at: HashMap<(UnitId, usize), NodeId> = checker
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                matches!(n.kind, NodeKind::Config(_))
                    && (&*n.block.name == "declare" || n.block.name.starts_with("import."))
            })
            .map(|(nid, n)| ((n.unit, n.block.name_pos as usize), nid))
            .collect();
        let declare_block = |did: scope::DeclareId| {
            let d = &checker.declares[did];
            node_at.get(&(d.unit, d.block.name_pos as usize)).copied()
        };
        let import_block = |iid: scope::ImportId| {
            let (unit, pos) = checker.imports[iid].block;
            node_at.get(&(unit, pos as usize)).copied()
        };
        let index = |b: BlockId| b as BlockIndex;
        let mut module_owner: HashMap<usize, BlockId> = HashMap::new();
        for (iid, import) in checker.imports.iter().enumerate() {
            if let (Some(sid), Some(b)) = (import.scope, import_block(iid)) {
                module_owner.insert(sid, b);
            }
        }
        let scopes = checker
            .scopes
            .iter()
            .enumerate()
            .map(|(sid, s)| {
                let (kind, owner) = match (s.kind, s.owner) {
                    (scope::ScopeKind::Root, _) => (ScopeKind::Root, None),
                    (scope::ScopeKind::Module, Some(did)) => {
                        (ScopeKind::Declare, declare_block(did))
                    }
                    (scope::ScopeKind::Module, None) => {
                        (ScopeKind::Module, module_owner.get(&sid).copied())
                    }
                    (scope::ScopeKind::Template, _) => (ScopeKind::Template, s.template_of),
                };
                Scope {
                    kind,
                    parent: s.parent,
                    owner,
                    var: s.var.clone(),
                }
            })
            .collect();
        let mut blocks: Vec<Block> = checker
            .nodes
            .iter()
            .zip(ids)
            .map(|(n, id)| {
                let kind = match n.kind {
                    NodeKind::Component(_) => BlockKind::Component,
                    NodeKind::Config(_) => config_kind(&n.block.name),
                    NodeKind::Custom(did) => BlockKind::Custom {
                        declare: declare_block(did).map(index),
                    },
                    NodeKind::Imported(iid, did) => BlockKind::Imported {
                        import: import_block(iid).map(index),
                        declare: did.and_then(declare_block).map(index),
                    },
                    NodeKind::Unknown => BlockKind::Unknown,
                };
                let schema = match n.kind {
                    NodeKind::Component(s) | NodeKind::Config(s) => Some(s),
                    _ => None,
                };
                block(n.unit, n.block, id.into(), kind, schema, n.scope)
            })
            .collect();
        // Sized before the walk: grown by doubling, the two largest
        // vectors of the model would hold up to twice their length at the
        // peak of a check.
        let (nested, attributes) = checker
            .nodes
            .iter()
            .filter(|n| &*n.block.name != "declare")
            .map(|n| statements(&n.block.body))
            .fold((0, 0), |(b, a), (nb, na)| (b + nb, a + na));
        blocks.reserve_exact(nested);
        let mut bodies = Bodies {
            blocks: &mut blocks,
            attributes: Vec::with_capacity(attributes),
        };
        for (nid, n) in checker.nodes.iter().enumerate() {
            let (schema, declare_scope) = match n.kind {
                NodeKind::Config(_) if &*n.block.name == "declare" => continue,
                NodeKind::Component(s) | NodeKind::Config(s) => (Some(s), None),
                NodeKind::Custom(did) | NodeKind::Imported(_, Some(did)) => {
                    (None, Some(checker.declares[did].scope))
                }
                NodeKind::Imported(_, None) | NodeKind::Unknown => (None, None),
            };
            let declared = |name: &str| {
                let sid = declare_scope?;
                checker.scopes[sid]
                    .nodes
                    .get(&format!("argument.{name}"))
                    .copied()
            };
            bodies.walk(
                nid,
                nid,
                n.unit,
                schema,
                &n.block.body,
                &mut Vec::new(),
                &declared,
            );
        }
        let mut attributes = bodies.attributes;
        // The walk grew them by doubling; the model keeps them.
        blocks.shrink_to_fit();
        attributes.shrink_to_fit();
        let mut exports: HashMap<NodeId, Option<SharedExports>> = HashMap::new();
        let references: Vec<Reference> = resolved
            .into_iter()
            .map(|r| Reference {
                place: r.loc,
                from: index(r.from),
                target: match r.resolution {
                    Resolution::Node(block, _) => Target::Block {
                        block: index(block),
                        export: r.export.map(|place| {
                            let loc = place.loc();
                            let name =
                                Text::from_utf8_lossy(&units[loc.unit].source[loc.start..loc.end]);
                            let ty = exports
                                .entry(block)
                                .or_insert_with(|| {
                                    checker.exports_of(block).map(|e| {
                                        e.into_iter().map(|(n, t)| (n, Arc::new(t))).collect()
                                    })
                                })
                                .as_ref()
                                .and_then(|e| e.iter().find(|(n, _)| *n == name))
                                .map(|(_, t)| Arc::clone(t));
                            Export { name, place, ty }
                        }),
                    },
                    Resolution::Var => Target::Var,
                    Resolution::Stdlib => Target::Stdlib,
                    Resolution::Undefined => Target::Undefined,
                },
            })
            .collect();
        let mut edges: Vec<(BlockIndex, BlockIndex)> = checker
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(from, n)| n.edges.iter().map(move |&to| (index(from), index(to))))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        edges.shrink_to_fit();
        let mut by_start: Vec<u32> = (0..references.len() as u32).collect();
        by_start.sort_by_key(|&r| {
            let l = references[r as usize].place;
            (l.unit, l.start)
        });
        Model {
            files,
            scopes,
            blocks,
            attributes,
            references,
            edges,
            by_start,
        }
    }
}

/// How many blocks and attributes `body` holds, nested ones included: at
/// least what [`Bodies::walk`] keeps of it.
fn statements(body: &[Stmt]) -> (usize, usize) {
    body.iter().fold((0, 0), |(b, a), stmt| match stmt {
        Stmt::Error(_) => (b, a),
        Stmt::Attribute(_) => (b, a + 1),
        Stmt::Block(block) => {
            let (nb, na) = statements(&block.body);
            (b + 1 + nb, a + na)
        }
    })
}

/// A block's exports by name, their types shared by every reference.
type SharedExports = Vec<(String, Arc<Type>)>;

/// A file's name and secrets: from its tree, plus where the checker found
/// secret values in unit `unit` (`found`).
fn file(unit: &crate::check::context::Unit<'_>, found: &[Loc], id: UnitId) -> File {
    let mut secrets = SecretSpans::of_tree(unit.source, unit.file);
    secrets.extend(
        found
            .iter()
            .filter(|l| l.unit == id)
            .map(|l| inside_quotes(unit.source, l.start..l.end)),
    );
    File {
        name: unit.name.to_owned(),
        secrets,
    }
}

/// `range` of `text` without its quotes when it is a whole string literal:
/// the frame still shows a string.
fn inside_quotes(text: &[u8], range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    match text.get(range.clone()) {
        Some([b'"' | b'`', .., b'"' | b'`']) => range.start + 1..range.end - 1,
        _ => range,
    }
}

/// The kind of a config block by its name.
fn config_kind(name: &str) -> BlockKind {
    match name {
        "declare" => BlockKind::Declare,
        "foreach" => BlockKind::Foreach,
        "argument" => BlockKind::Argument,
        "export" => BlockKind::Export,
        n if n.starts_with("import.") => BlockKind::Import,
        _ => BlockKind::ConfigBlock,
    }
}

/// A block's places.
fn block(
    unit: UnitId,
    b: &ast::Block,
    id: Text,
    kind: BlockKind,
    schema: Option<&'static SchemaNode>,
    scope: usize,
) -> Block {
    let name = (b.name_pos, b.name_pos + b.name.len() as u32);
    // A label's place has its quotes; none is kept as an empty range.
    let label = b.label.as_ref().map_or((name.1, name.1), |l| {
        (l.pos, l.pos + l.value.len() as u32 + 2)
    });
    Block {
        id,
        kind,
        schema,
        parent: None,
        unit: unit as u32,
        scope: scope as u32,
        name,
        label,
        body: (b.lcurly, b.rcurly + 1),
    }
}

/// The nested blocks and attributes of top blocks' bodies.
struct Bodies<'m> {
    blocks: &'m mut Vec<Block>,
    attributes: Vec<Attribute>,
}

impl Bodies<'_> {
    /// The statements `body` of block `parent` (in top block `top`), with
    /// `schema` where known; `declared` finds a custom component's
    /// `argument` block by name. `ancestors` are the enclosing nested
    /// blocks' schemas by path, for recursive blocks, as the body checks
    /// follow them.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        top: BlockId,
        parent: BlockId,
        unit: UnitId,
        schema: Option<&'static SchemaNode>,
        body: &[Stmt],
        ancestors: &mut Vec<(String, &'static SchemaNode)>,
        declared: &dyn Fn(&str) -> Option<NodeId>,
    ) {
        for stmt in body {
            match stmt {
                // What could not be read holds nothing to resolve.
                Stmt::Error(_) => {}
                Stmt::Attribute(a) => {
                    let range = |r: std::ops::Range<usize>| (r.start as u32, r.end as u32);
                    self.attributes.push(Attribute {
                        argument: schema.and_then(|s| s.arguments.get(&*a.name.name)),
                        unit: unit as u32,
                        block: parent as BlockIndex,
                        declared: if parent == top {
                            declared(&a.name.name).map(|b| b as BlockIndex)
                        } else {
                            None
                        },
                        name: range(a.name.span()),
                        value: range(a.value.span()),
                    })
                }
                Stmt::Block(b) => {
                    let name = &*b.name;
                    let mut child = schema.and_then(|s| s.blocks.get(name));
                    if let Some(path) = child.and_then(|c| c.recursive_ref.as_ref()) {
                        if let Some((_, target)) = ancestors.iter().find(|(p, _)| p == path) {
                            child = Some(target);
                        }
                    }
                    let scope = self.blocks[top].scope();
                    let mut nested =
                        block(unit, b, b.name.clone(), BlockKind::Nested, child, scope);
                    nested.parent = Some(parent as BlockIndex);
                    let id = self.blocks.len();
                    self.blocks.push(nested);
                    // A template's statements are the blocks of its own
                    // scope.
                    if child.is_some_and(|c| c.body.as_deref() == Some("config")) {
                        continue;
                    }
                    let pushed = match child {
                        Some(c) => {
                            let path = match ancestors.last() {
                                Some((p, _)) => format!("{p}/{name}"),
                                None => name.to_owned(),
                            };
                            ancestors.push((path, c));
                            true
                        }
                        None => false,
                    };
                    self.walk(top, id, unit, child, &b.body, ancestors, declared);
                    if pushed {
                        ancestors.pop();
                    }
                }
            }
        }
    }
}
