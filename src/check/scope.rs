//! The scopes of a configuration and what is defined in them.
//!
//! Alloy evaluates a configuration as nested scopes: the root (all files of
//! the configuration), each `declare` body and each imported module (a
//! fresh scope that sees nothing of its importer), and each `foreach`
//! template (which sees the scopes around it). A scope holds nodes, one per
//! top-level block, keyed by id (`prometheus.scrape.default`, `logging`,
//! `argument.input`); references resolve against them by longest prefix.

use std::collections::HashMap;

use super::context::{Loc, UnitId};
use crate::schema::model::Node;
use crate::schema::Type;
use crate::syntax::ast::{Block, Stmt};

/// Index of a [`Scope`].
pub type ScopeId = usize;
/// Index of a [`NodeInfo`].
pub type NodeId = usize;
/// Index of a [`Declare`].
pub type DeclareId = usize;
/// Index of an [`Import`].
pub type ImportId = usize;

/// What kind of body a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The configuration's files.
    Root,
    /// A `declare` body or an imported module.
    Module,
    /// A `foreach` template.
    Template,
}

/// One scope.
#[derive(Debug)]
pub struct Scope<'a> {
    /// Root, module or template.
    pub kind: ScopeKind,
    /// The enclosing scope: custom components and imports are looked up
    /// through it, and (from templates only) components too.
    pub parent: Option<ScopeId>,
    /// The statements of the body, with the unit each comes from.
    pub stmts: Vec<(UnitId, &'a Stmt)>,
    /// The `foreach` variable of a template.
    pub var: Option<String>,
    /// The `declare` whose body this is.
    pub owner: Option<DeclareId>,
    /// The `foreach` node whose template this is (for the semantic model).
    pub template_of: Option<NodeId>,
    /// Nodes by id.
    pub nodes: HashMap<String, NodeId>,
    /// The most names any id of `nodes` has: a reference is looked up by
    /// its prefixes of at most this many names, so a long `a.b.c...`
    /// chain costs what its length does, not its square.
    pub longest_id: usize,
    /// Custom components declared here, by name.
    pub declares: HashMap<String, DeclareId>,
    /// Import namespaces declared here, by label.
    pub imports: HashMap<String, ImportId>,
}

impl<'a> Scope<'a> {
    /// An empty scope of `kind` over `stmts`.
    pub fn new(kind: ScopeKind, parent: Option<ScopeId>, stmts: Vec<(UnitId, &'a Stmt)>) -> Self {
        Scope {
            kind,
            parent,
            stmts,
            var: None,
            owner: None,
            template_of: None,
            nodes: HashMap::new(),
            longest_id: 0,
            declares: HashMap::new(),
            imports: HashMap::new(),
        }
    }
}

impl Scope<'_> {
    /// Adds node `nid` under `id`, unless that id is taken.
    pub fn add_node(&mut self, id: String, nid: NodeId) {
        self.longest_id = self.longest_id.max(id.split('.').count());
        self.nodes.entry(id).or_insert(nid);
    }
}

/// What a block of a scope is.
#[derive(Debug, Clone, Copy)]
pub enum NodeKind {
    /// A built-in component.
    Component(&'static Node),
    /// A config block (`logging`, `argument`, `declare`, `import.file`...).
    Config(&'static Node),
    /// An instance of a `declare`d component.
    Custom(DeclareId),
    /// An instance of a component from an import namespace; the declare is
    /// known when the module could be read.
    Imported(ImportId, Option<DeclareId>),
    /// Nothing by that name exists.
    Unknown,
}

/// A top-level block of a scope.
#[derive(Debug)]
pub struct NodeInfo<'a> {
    /// Its id (`prometheus.scrape.default`).
    pub id: String,
    /// Where it is.
    pub unit: UnitId,
    /// The block.
    pub block: &'a Block,
    /// What it is.
    pub kind: NodeKind,
    /// The scope it belongs to.
    pub scope: ScopeId,
    /// Nodes of the same scope its expressions reference.
    pub edges: Vec<NodeId>,
    /// The exports other nodes reference (`receiver`, `targets`, ...).
    pub used_exports: Vec<String>,
    /// Whether it already has a self-reference reported.
    pub self_reported: bool,
}

impl NodeInfo<'_> {
    /// The block's header: name and label, as Alloy highlights it.
    pub fn header(&self) -> Loc {
        let b = self.block;
        let end = match &b.label {
            Some(l) => l.pos as usize + l.value.len() + 2,
            None => b.name_pos as usize + b.name.len(),
        };
        Loc::new(self.unit, b.name_pos as usize..end)
    }

    /// The block's name only.
    pub fn name_loc(&self) -> Loc {
        let b = self.block;
        Loc::new(
            self.unit,
            b.name_pos as usize..b.name_pos as usize + b.name.len(),
        )
    }

    /// The whole block.
    pub fn whole(&self) -> Loc {
        Loc::new(self.unit, self.block.span())
    }
}

/// A custom component defined by `declare "name" { ... }`.
#[derive(Debug)]
pub struct Declare<'a> {
    /// The component name (the label).
    pub name: String,
    /// Where it is.
    pub unit: UnitId,
    /// The declare block.
    pub block: &'a Block,
    /// Its body's scope.
    pub scope: ScopeId,
    /// Its arguments: name and whether it may be left out.
    pub arguments: Vec<(String, bool)>,
    /// Its exports.
    pub exports: Vec<String>,
    /// The type each argument is used as inside the body, where known.
    pub argument_types: HashMap<String, Type>,
    /// The type of each export's value, where known.
    pub export_types: HashMap<String, Type>,
}

/// An import namespace (`import.file "math" { ... }`).
#[derive(Debug)]
pub struct Import {
    /// The namespace (the label).
    pub namespace: String,
    /// The module's custom components, when the module could be read.
    pub module: Option<HashMap<String, DeclareId>>,
    /// The `import.*` block: its unit and the offset of its name.
    pub block: (UnitId, u32),
    /// The module's scope, when it could be read.
    pub scope: Option<ScopeId>,
}
