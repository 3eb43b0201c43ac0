//! The semantic model of a configuration: what the checker resolved, kept
//! after the check (owned, no borrow of the trees).
//!
//! The engine resolves scopes and references once; the model keeps that:
//! every block with the spans of its name, label, header and body, its
//! kind and the schema entry it resolved to; every attribute with its
//! schema argument (or, in a custom component, the `argument` block of its
//! `declare`); every reference with its target block, export and type;
//! the scopes (root, `declare` bodies, imported modules, `foreach`
//! templates); the graph's edges; and the secrets of each file. Editors'
//! questions are answered by [`Model::at`], [`Model::definition`] and
//! [`Model::references_to`]; the dashboard cross-check reads components
//! and references here, and masking reads [`File::secrets`].
//!
//! Block ids of the blocks at the top of a scope are the engine's node
//! ids, so a reference's target is the node it resolved to; nested blocks
//! follow them.

mod build;

pub use super::context::{Loc, UnitId};
use std::sync::Arc;

use crate::schema::model::{Argument, Node as SchemaNode};
use crate::schema::Type;
use crate::secrets::SecretSpans;
use crate::syntax::ast::{self, Text};

pub(super) use build::Resolved;

/// Index of a [`Block`] in [`Model::blocks`].
pub type BlockId = usize;
/// A [`BlockId`] as the model stores it (a configuration has fewer than
/// 2^32 blocks: its files are read into memory, offsets are `u32`).
pub type BlockIndex = u32;
/// Index of a [`Scope`] in [`Model::scopes`].
pub type ScopeId = usize;
/// Index of a [`Reference`] in [`Model::references`].
pub type ReferenceId = usize;
/// Index of an [`Attribute`] in [`Model::attributes`].
pub type AttributeId = usize;

/// What the checker resolved in one configuration.
#[derive(Debug, Default)]
pub struct Model {
    /// The files: the configuration's, then the modules it imports (the
    /// `unit` of every [`Loc`]).
    pub files: Vec<File>,
    /// Every scope; 0 is the root (none when the configuration was not
    /// checked: a file of it did not parse).
    pub scopes: Vec<Scope>,
    /// Every block: first those at the top of a scope, then nested ones.
    pub blocks: Vec<Block>,
    /// Every attribute inside a block.
    pub attributes: Vec<Attribute>,
    /// Every reference, in the order the checker met them.
    pub references: Vec<Reference>,
    /// The component graph: `(from, to)` when `from` references `to` in
    /// the same scope, each edge once, sorted.
    edges: Vec<(BlockIndex, BlockIndex)>,
    /// References sorted by the unit and offset they start at.
    by_start: Vec<u32>,
}

/// A place as the model stores it: half a [`Loc`]'s size (the trees keep
/// offsets in `u32` already), [`Loc`] on the way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    unit: u32,
    start: u32,
    end: u32,
}

impl Place {
    /// `range` of `unit`.
    pub fn new(unit: UnitId, range: std::ops::Range<usize>) -> Self {
        Place {
            unit: unit as u32,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// As a [`Loc`].
    pub fn loc(self) -> Loc {
        Loc::new(self.unit as usize, self.start as usize..self.end as usize)
    }
}

impl From<Loc> for Place {
    fn from(loc: Loc) -> Self {
        Place::new(loc.unit, loc.start..loc.end)
    }
}

/// One file of the configuration.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Its name, as diagnostics use it.
    pub name: String,
    /// Where it holds secrets: what the schema and the text say, and what
    /// only the checker saw (a custom component's argument used as a
    /// secret, credentials in comments).
    pub secrets: SecretSpans,
}

/// What kind of body a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The configuration's files.
    Root,
    /// A `declare` body.
    Declare,
    /// An imported module (`import.file`, ...).
    Module,
    /// A `foreach` template.
    Template,
}

/// One scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Root, declare, module or template.
    pub kind: ScopeKind,
    /// The enclosing scope (none for the root and modules, which see
    /// nothing of their importer).
    pub parent: Option<ScopeId>,
    /// The block that makes it: the `declare`, the `import.*` or the
    /// `foreach`.
    pub owner: Option<BlockId>,
    /// The `foreach` variable of a template.
    pub var: Option<String>,
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A built-in component.
    Component,
    /// A config block not listed below (`logging`, `tracing`, ...).
    ConfigBlock,
    /// `declare "name" { ... }`.
    Declare,
    /// `import.file`, `import.git`, ...
    Import,
    /// `foreach`.
    Foreach,
    /// A module's `argument`.
    Argument,
    /// A module's `export`.
    Export,
    /// An instance of a `declare`d component: that declare block.
    Custom { declare: Option<BlockIndex> },
    /// An instance of a component of an import namespace: the import
    /// block, and the declare when the module could be read.
    Imported {
        import: Option<BlockIndex>,
        declare: Option<BlockIndex>,
    },
    /// A block inside a body (`endpoint`, `rule`, `template`).
    Nested,
    /// A block naming nothing known.
    Unknown,
}

/// One block.
///
/// Its places are kept in one unit with `u32` offsets and read out as
/// [`Loc`]s: the header is the name and the label, found from them.
#[derive(Debug, Clone)]
pub struct Block {
    /// Its id in its scope (`prometheus.scrape.default`, `logging`); a
    /// nested block's name.
    pub id: Text,
    /// What it is.
    pub kind: BlockKind,
    /// The schema entry it resolved to (a component, a config block, a
    /// nested block).
    pub schema: Option<&'static SchemaNode>,
    /// The block it is nested in.
    parent: Option<BlockIndex>,
    unit: u32,
    scope: u32,
    name: (u32, u32),
    /// Empty when there is no label (a label has its quotes).
    label: (u32, u32),
    body: (u32, u32),
}

impl Block {
    fn loc(&self, (start, end): (u32, u32)) -> Loc {
        Loc::new(self.unit as usize, start as usize..end as usize)
    }

    /// Its name (`prometheus.scrape`).
    pub fn name(&self) -> Loc {
        self.loc(self.name)
    }

    /// Its label, quotes included.
    pub fn label(&self) -> Option<Loc> {
        (self.label.0 < self.label.1).then(|| self.loc(self.label))
    }

    /// Name and label, as Alloy highlights a block.
    pub fn header(&self) -> Loc {
        let end = if self.label.0 < self.label.1 {
            self.label.1
        } else {
            self.name.1
        };
        self.loc((self.name.0, end))
    }

    /// From `{` to `}`.
    pub fn body(&self) -> Loc {
        self.loc(self.body)
    }

    /// From its name to its closing brace.
    pub fn whole(&self) -> Loc {
        self.loc((self.name.0, self.body.1))
    }

    /// The file it is in.
    pub fn unit(&self) -> UnitId {
        self.unit as usize
    }

    /// The scope it belongs to (a nested block: its top block's).
    pub fn scope(&self) -> ScopeId {
        self.scope as usize
    }

    /// The block it is nested in.
    pub fn parent(&self) -> Option<BlockId> {
        self.parent.map(|p| p as usize)
    }

    /// Whether it is at the top of its scope (a node of the graph).
    pub fn is_top(&self) -> bool {
        self.parent.is_none()
    }
}

/// One attribute in a block's body (places in its block's unit).
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The schema's argument (type, required, default), where there is
    /// one.
    pub argument: Option<&'static Argument>,
    unit: u32,
    block: BlockIndex,
    declared: Option<BlockIndex>,
    name: (u32, u32),
    value: (u32, u32),
}

impl Attribute {
    /// Its name.
    pub fn name(&self) -> Loc {
        Loc::new(
            self.unit as usize,
            self.name.0 as usize..self.name.1 as usize,
        )
    }

    /// Its value.
    pub fn value(&self) -> Loc {
        Loc::new(
            self.unit as usize,
            self.value.0 as usize..self.value.1 as usize,
        )
    }

    /// The block whose body holds it.
    pub fn block(&self) -> BlockId {
        self.block as usize
    }

    /// In a custom component, the `argument` block of its declare.
    pub fn declared(&self) -> Option<BlockId> {
        self.declared.map(|b| b as usize)
    }
}

/// What a reference names.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A block of the scope, and the export named after its id, if any.
    Block {
        block: BlockIndex,
        export: Option<Export>,
    },
    /// The `foreach` variable.
    Var,
    /// A standard library name.
    Stdlib,
    /// Nothing in scope.
    Undefined,
}

/// The export a reference names.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// Its name (`receiver`).
    pub name: Text,
    /// Where the reference names it.
    pub place: Place,
    /// Its type, when the target exports it: shared by the references to
    /// the same export.
    pub ty: Option<Arc<Type>>,
}

impl Export {
    /// Where the reference names it.
    pub fn loc(&self) -> Loc {
        self.place.loc()
    }
}

/// One reference (`prometheus.remote_write.default.receiver`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The whole dotted name.
    pub place: Place,
    /// The top block it is written in.
    from: BlockIndex,
    /// What it resolved to.
    pub target: Target,
}

impl Reference {
    /// The whole dotted name.
    pub fn loc(&self) -> Loc {
        self.place.loc()
    }

    /// The top block it is written in.
    pub fn from(&self) -> BlockId {
        self.from as usize
    }

    /// The block it resolved to.
    pub fn block(&self) -> Option<BlockId> {
        match self.target {
            Target::Block { block, .. } => Some(block as usize),
            _ => None,
        }
    }
}

/// What is at a byte offset, innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A reference.
    Reference(ReferenceId),
    /// An attribute's name.
    AttributeName(AttributeId),
    /// A block's header (name or label).
    BlockHeader(BlockId),
    /// An attribute's value outside any reference.
    Value(AttributeId),
    /// A block's body outside anything above.
    BlockBody(BlockId),
}

fn contains(loc: &Loc, unit: UnitId, offset: usize) -> bool {
    loc.unit == unit && loc.start <= offset && offset < loc.end
}

impl Model {
    /// The innermost item at `offset` of file `unit`.
    ///
    /// A linear scan: an editor asks once per request, over one
    /// configuration.
    pub fn at(&self, unit: UnitId, offset: usize) -> Option<Item> {
        let len = |l: &Loc| l.end - l.start;
        // (length, rank on equal length, item): the shortest wins.
        let mut best: Option<(usize, u8, Item)> = None;
        let mut offer = |loc: &Loc, rank: u8, item: Item| {
            if contains(loc, unit, offset) && best.is_none_or(|(l, r, _)| (len(loc), rank) < (l, r))
            {
                best = Some((len(loc), rank, item));
            }
        };
        for (i, r) in self.references.iter().enumerate() {
            offer(&r.loc(), 0, Item::Reference(i));
        }
        for (i, a) in self.attributes.iter().enumerate() {
            offer(&a.name(), 1, Item::AttributeName(i));
            offer(&a.value(), 3, Item::Value(i));
        }
        for (i, b) in self.blocks.iter().enumerate() {
            offer(&b.header(), 2, Item::BlockHeader(i));
            offer(&b.body(), 4, Item::BlockBody(i));
        }
        best.map(|(_, _, item)| item)
    }

    /// Where the thing at `offset` of file `unit` is defined: a reference's
    /// block (a module argument's `argument` block), a custom component's
    /// `declare`, a custom component's attribute's `argument` block, a
    /// block itself.
    pub fn definition(&self, unit: UnitId, offset: usize) -> Option<Loc> {
        match self.at(unit, offset)? {
            Item::Reference(r) => self.references[r].block().map(|b| self.blocks[b].header()),
            Item::AttributeName(a) => self.attributes[a]
                .declared()
                .map(|b| self.blocks[b].header()),
            Item::BlockHeader(b) => match self.blocks[b].kind {
                BlockKind::Custom { declare } | BlockKind::Imported { declare, .. } => {
                    declare.map(|d| self.blocks[d as usize].header())
                }
                _ => Some(self.blocks[b].header()),
            },
            Item::Value(_) | Item::BlockBody(_) => None,
        }
    }

    /// Every reference to `block`, in the order the checker met them.
    pub fn references_to(&self, block: BlockId) -> impl Iterator<Item = &Reference> {
        self.references
            .iter()
            .filter(move |r| r.block() == Some(block))
    }

    /// The reference that spans exactly `loc`, if the checker resolved one
    /// there.
    pub fn reference_spanning(&self, loc: Loc) -> Option<&Reference> {
        let key = |r: &u32| {
            let l = self.references[*r as usize].place;
            (l.unit, l.start)
        };
        let want = Place::from(loc);
        let i = self
            .by_start
            .partition_point(|r| key(r) < (want.unit, want.start));
        let r = &self.references[*self.by_start.get(i)? as usize];
        (r.place == want).then_some(r)
    }

    /// The blocks at the top of scope `scope`, in source order.
    pub fn top_blocks(&self, scope: ScopeId) -> impl Iterator<Item = (BlockId, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.is_top() && b.scope() == scope)
    }

    /// The `argument` blocks of the module whose body is `scope`.
    pub fn arguments(&self, scope: ScopeId) -> impl Iterator<Item = (BlockId, &Block)> {
        self.top_blocks(scope)
            .filter(|(_, b)| b.kind == BlockKind::Argument)
    }

    /// The component graph: `(from, to)` when `from` references `to` in
    /// the same scope, each edge once, sorted.
    pub fn edges(&self) -> impl Iterator<Item = (BlockId, BlockId)> + '_ {
        self.edges
            .iter()
            .map(|&(from, to)| (from as usize, to as usize))
    }

    /// Scope `scope` and those around it, out to the root or to the
    /// module it is in.
    pub fn scope_chain(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        std::iter::successors(Some(scope), |&s| self.scopes[s].parent)
    }

    /// Where file `name` holds secrets.
    pub fn secrets_of(&self, name: &str) -> Option<&SecretSpans> {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.secrets)
    }

    /// The syntax node of `block` in `file` (the tree of its unit), found
    /// by position: the model keeps places, the tree keeps text.
    pub fn syntax_block<'f>(&self, file: &'f ast::File, block: BlockId) -> Option<&'f ast::Block> {
        let at = self.blocks[block].name().start;
        let mut body: &[ast::Stmt] = &file.body;
        loop {
            // Statements are in source order and do not overlap.
            let i = body.partition_point(|s| stmt_end(s) <= at);
            let ast::Stmt::Block(b) = body.get(i)? else {
                return None;
            };
            if b.name_pos as usize == at {
                return Some(b);
            }
            if !(b.name_pos as usize..=b.rcurly as usize).contains(&at) {
                return None;
            }
            body = &b.body;
        }
    }
}

fn stmt_end(stmt: &ast::Stmt) -> usize {
    match stmt {
        ast::Stmt::Block(b) => b.span().end,
        ast::Stmt::Attribute(a) => a.span().end,
        ast::Stmt::Error(e) => e.span().end,
    }
}

#[cfg(test)]
mod tests;
