//! The walk over a configuration: builds its scopes, classifies every
//! block, and checks structure (labels, duplicates, placement, unknown
//! components, stability). Bodies are checked in [`super::body`],
//! expressions and references in [`super::expr`], the component graph in
//! [`super::graph`].

use crate::rules::Code;
use std::collections::{HashMap, HashSet};

use super::context::{Context, Loc, UnitId};
use super::scope::{
    Declare, DeclareId, Import, NodeId, NodeInfo, NodeKind, Scope, ScopeId, ScopeKind,
};
use super::suggest;
use crate::schema::removed::removed_component;
use crate::schema::Catalog;
use crate::syntax::ast::{Block, Expr, Stmt};

/// Imported module files by the `import.file` block that names them
/// (`(unit, offset of the block name)`), as loaded before the check.
pub type ModuleMap = HashMap<(UnitId, u32), Vec<UnitId>>;

/// The checker's state over one configuration.
pub struct Checker<'a, 'c> {
    /// Units, options, diagnostics.
    pub ctx: &'c mut Context<'a>,
    /// Every scope; 0 is the root.
    pub scopes: Vec<Scope<'a>>,
    /// Every node of every scope.
    pub nodes: Vec<NodeInfo<'a>>,
    /// Every `declare`.
    pub declares: Vec<Declare<'a>>,
    /// Every import namespace.
    pub imports: Vec<Import>,
    /// Loaded modules.
    pub modules: &'c ModuleMap,
    /// `local.file` components whose content feeds a secret argument.
    pub secret_files: HashSet<NodeId>,
    /// Per node, whether it sends to a Grafana Cloud host, itself or as
    /// the auth extension of one that does; computed once, when the cloud
    /// rules start (see `check_cloud`).
    pub cloud_senders: Vec<bool>,
    /// Per unit, whether git tracks its file, once a credential in it asks
    /// (`tracked_by_git`).
    pub tracked_units: HashMap<UnitId, bool>,
    /// Per scope, the `local.file` an inline secret's help names
    /// (`token_local_file`).
    pub token_local_files: HashMap<ScopeId, Option<(String, bool)>>,
    /// Every reference resolved, in the order met: what the semantic
    /// model keeps.
    pub resolved: Vec<super::model::Resolved>,
    /// What git knows, for every rule of one check (a credential's file,
    /// the token files): each repository's index and ignore files are read
    /// once.
    pub repositories: crate::files::git_status::Repositories<'a>,
    /// The load-time validations of each component name met.
    pub validations: super::validate::ValidationIndex<'a>,
}

impl<'a, 'c> Checker<'a, 'c> {
    /// A checker whose root scope holds `stmts`, nothing checked yet.
    pub fn new(
        ctx: &'c mut Context<'a>,
        stmts: Vec<(UnitId, &'a Stmt)>,
        modules: &'c ModuleMap,
    ) -> Self {
        let files = ctx.files;
        Checker {
            ctx,
            scopes: vec![Scope::new(ScopeKind::Root, None, stmts)],
            nodes: Vec::new(),
            declares: Vec::new(),
            imports: Vec::new(),
            modules,
            secret_files: HashSet::new(),
            cloud_senders: Vec::new(),
            tracked_units: HashMap::new(),
            token_local_files: HashMap::new(),
            resolved: Vec::new(),
            repositories: crate::files::git_status::Repositories::new(files),
            validations: HashMap::new(),
        }
    }

    /// Checks the configuration made of `root_units` and returns what it
    /// resolved.
    pub fn run(
        ctx: &'c mut Context<'a>,
        root_units: &[UnitId],
        modules: &'c ModuleMap,
    ) -> super::model::Model {
        let mut checker = Checker::over(ctx, root_units, modules);
        let mut loading = Vec::new();
        checker.check_scope(0, &mut loading);
        checker.check_pipeline();
        checker.check_cloud();
        super::model::Model::of_checker(&mut checker)
    }

    /// The semantic model of the configuration made of `root_units`: its
    /// scopes and references resolved, none of the rules that only report
    /// (the pipeline, credentials, git) run.
    pub fn model(
        ctx: &'c mut Context<'a>,
        root_units: &[UnitId],
        modules: &'c ModuleMap,
    ) -> super::model::Model {
        let mut checker = Checker::over(ctx, root_units, modules);
        checker.check_scope(0, &mut Vec::new());
        super::model::Model::of_checker(&mut checker)
    }

    /// A checker whose root scope holds the statements of `root_units`.
    fn over(ctx: &'c mut Context<'a>, root_units: &[UnitId], modules: &'c ModuleMap) -> Self {
        let stmts = root_units
            .iter()
            .flat_map(|&u| ctx.units[u].file.body.iter().map(move |s| (u, s)))
            .collect();
        Checker::new(ctx, stmts, modules)
    }

    /// Checks one scope and, first, the declares and modules it defines.
    /// `loading` holds the module units being checked, against import
    /// cycles.
    pub fn check_scope(&mut self, sid: ScopeId, loading: &mut Vec<UnitId>) {
        self.collect_definitions(sid, loading);
        let first_node = self.nodes.len();
        self.classify_blocks(sid);
        let last_node = self.nodes.len();
        for nid in first_node..last_node {
            self.check_node(nid, loading);
        }
        self.check_graph(first_node..last_node);
    }

    /// Registers the scope's declares and imports (they may be used before
    /// they are written) and checks their bodies, so that their interfaces
    /// are known at their call sites.
    fn collect_definitions(&mut self, sid: ScopeId, loading: &mut Vec<UnitId>) {
        let stmts = self.scopes[sid].stmts.clone();
        let mut new_declares = Vec::new();
        for &(unit, stmt) in &stmts {
            let Stmt::Block(block) = stmt else { continue };
            let Some(label) = block.label_text() else {
                continue;
            };
            if &*block.name == "declare" {
                if self.scopes[sid].declares.contains_key(label) {
                    continue;
                }
                let did = self.declares.len();
                let body = block.body.iter().map(|s| (unit, s)).collect();
                let mut scope = Scope::new(ScopeKind::Module, Some(sid), body);
                scope.owner = Some(did);
                self.scopes.push(scope);
                let (arguments, exports) = declare_interface(block);
                self.declares.push(Declare {
                    name: label.to_owned(),
                    unit,
                    block,
                    scope: self.scopes.len() - 1,
                    arguments,
                    exports,
                    argument_types: HashMap::new(),
                    export_types: HashMap::new(),
                });
                self.scopes[sid].declares.insert(label.to_owned(), did);
                new_declares.push(did);
            } else if block.name.starts_with("import.") {
                if self.scopes[sid].imports.contains_key(label) {
                    continue;
                }
                let module_scope = self.scopes.len();
                let module = match self.modules.get(&(unit, block.name_pos)) {
                    Some(units) if !units.iter().any(|u| loading.contains(u)) => {
                        Some(self.load_module(units, loading))
                    }
                    _ => None,
                };
                let iid = self.imports.len();
                self.imports.push(Import {
                    namespace: label.to_owned(),
                    scope: module.is_some().then_some(module_scope),
                    module,
                    block: (unit, block.name_pos),
                });
                self.scopes[sid].imports.insert(label.to_owned(), iid);
            }
        }
        for did in new_declares {
            let scope = self.declares[did].scope;
            self.check_scope(scope, loading);
        }
    }

    /// Checks an imported module (a fresh scope that sees nothing of its
    /// importer) and returns its custom components.
    fn load_module(
        &mut self,
        units: &[UnitId],
        loading: &mut Vec<UnitId>,
    ) -> HashMap<String, DeclareId> {
        let stmts = units
            .iter()
            .flat_map(|&u| self.ctx.units[u].file.body.iter().map(move |s| (u, s)))
            .collect();
        self.scopes.push(Scope::new(ScopeKind::Module, None, stmts));
        let sid = self.scopes.len() - 1;
        loading.extend_from_slice(units);
        self.check_scope(sid, loading);
        loading.truncate(loading.len() - units.len());
        self.scopes[sid].declares.clone()
    }

    /// Makes a node of every block of the scope and checks what can be
    /// checked from its header alone.
    fn classify_blocks(&mut self, sid: ScopeId) {
        let stmts = self.scopes[sid].stmts.clone();
        for (unit, stmt) in stmts {
            match stmt {
                Stmt::Error(_) => {}
                Stmt::Attribute(attr) => {
                    let loc = Loc::new(unit, attr.span());
                    let message = match self.scopes[sid].kind {
                        ScopeKind::Root => format!(
                            "unrecognized attribute name \"{}\": a configuration holds only blocks",
                            attr.name.name
                        ),
                        _ => format!(
                            "unrecognized attribute name \"{}\": a module or template holds only blocks",
                            attr.name.name
                        ),
                    };
                    self.ctx.report(Code::TopLevelAttribute, loc, message).help =
                        Some("attributes belong inside a block, such as a component's body".into());
                }
                Stmt::Block(block) => self.classify_block(sid, unit, block),
            }
        }
    }

    fn classify_block(&mut self, sid: ScopeId, unit: UnitId, block: &'a Block) {
        let name = &*block.name;
        let kind = self.kind_of(sid, name);
        let label = block.label_text();
        let id = match (kind, label) {
            (NodeKind::Config(_), None) => name.to_owned(),
            (_, Some(l)) => format!("{name}.{l}"),
            (_, None) => name.to_owned(),
        };
        let nid = self.nodes.len();
        self.nodes.push(NodeInfo {
            id: id.clone(),
            unit,
            block,
            kind,
            scope: sid,
            edges: Vec::new(),
            used_exports: Vec::new(),
            self_reported: false,
        });
        let node = &self.nodes[nid];
        let (header, name_loc, whole) = (node.header(), node.name_loc(), node.whole());
        match kind {
            // The block stays a node of its scope (below), so references to
            // it resolve without an undefined-reference per use: the one
            // error is here.
            NodeKind::Unknown => self.report_unknown_component(sid, name, name_loc),
            NodeKind::Config(schema) => {
                if schema.labelled && label.is_none() {
                    self.ctx.report(
                        Code::MissingLabel,
                        name_loc,
                        format!("{name} block must have a label"),
                    );
                } else if !schema.labelled && label.is_some() {
                    self.ctx.report(
                        Code::UnexpectedLabel,
                        header,
                        format!("{name} block must not have a label"),
                    );
                }
                self.check_placement(sid, name, schema.placement.as_deref(), name_loc);
                if let Some(level) = schema.stability.as_deref() {
                    let what = match label {
                        Some(l) => format!("{name} block \"{l}\""),
                        None => format!("{name} block"),
                    };
                    self.check_stability(&what, level, header);
                }
                if matches!(name, "ui" | "cluster" | "otel") {
                    self.ctx.report(
                        Code::UnknownComponent,
                        name_loc,
                        format!("the {name} service does not accept a configuration block"),
                    );
                }
            }
            NodeKind::Component(schema) => {
                if label.is_none() {
                    self.ctx.report(
                        Code::MissingLabel,
                        whole_header(whole, block),
                        format!("component \"{name}\" must have a label"),
                    );
                }
                if schema.community {
                    if !self.ctx.options.community_components {
                        self.ctx
                            .report(
                                Code::UnstableFeature,
                                name_loc,
                                format!(
                                    "component \"{name}\" is a community component, which is not enabled"
                                ),
                            )
                            .help = Some(
                            "enable community components with --community-components (Alloy: --feature.community-components.enabled)"
                                .into(),
                        );
                    }
                } else if let Some(level) = schema.stability.as_deref() {
                    self.check_stability(&format!("component \"{name}\""), level, name_loc);
                }
            }
            NodeKind::Custom(_) | NodeKind::Imported(..) => {
                if label.is_none() {
                    self.ctx.report(
                        Code::MissingLabel,
                        whole_header(whole, block),
                        format!("component \"{name}\" must have a label"),
                    );
                }
            }
        }
        if label.is_none() && !matches!(kind, NodeKind::Config(_)) {
            return;
        }
        if let Some(&first) = self.scopes[sid].nodes.get(&id) {
            let first_declared = self
                .ctx
                .related(self.nodes[first].header(), "first declared here");
            self.ctx
                .report(
                    Code::DuplicateBlock,
                    header,
                    format!("block {id} already declared"),
                )
                .related
                .push(first_declared);
        } else {
            self.scopes[sid].add_node(id, nid);
        }
    }

    /// Reports a block name that names nothing: a component Alloy removed
    /// says when and what replaces it, anything else gets the closest
    /// known name.
    fn report_unknown_component(&mut self, sid: ScopeId, name: &str, loc: Loc) {
        if let Some(removed) = removed_component(name) {
            let deprecated = removed
                .deprecated_in
                .map(|v| format!(" (deprecated since {v})"))
                .unwrap_or_default();
            let msg = format!(
                "cannot find the definition of component name \"{name}\": Alloy removed it in {}{deprecated}",
                removed.removed_in
            );
            self.ctx.report(Code::UnknownComponent, loc, msg).help = Some(format!(
                "use `{}` instead (see the {} notes in Alloy's CHANGELOG)",
                removed.replacement, removed.removed_in
            ));
            return;
        }
        let msg = format!("cannot find the definition of component name \"{name}\"");
        let mut candidates: Vec<String> = Catalog::component_names().map(str::to_owned).collect();
        candidates.extend(Catalog::config_block_names().map(str::to_owned));
        candidates.extend(self.visible_custom_names(sid));
        let help = suggest::closest(name, candidates.iter().map(String::as_str))
            .map(|c| format!("did you mean `{c}`?"));
        self.ctx.report(Code::UnknownComponent, loc, msg).help = help;
    }

    /// What a block named `name` is in scope `sid`.
    fn kind_of(&self, sid: ScopeId, name: &str) -> NodeKind {
        if let Some(schema) = Catalog::config_block(name) {
            return NodeKind::Config(schema);
        }
        if let Some(schema) = Catalog::component(name) {
            return NodeKind::Component(schema);
        }
        let mut scope = Some(sid);
        while let Some(s) = scope {
            let sc = &self.scopes[s];
            if let Some(&did) = sc.declares.get(name) {
                return NodeKind::Custom(did);
            }
            if let Some((ns, rest)) = name.split_once('.') {
                if let Some(&iid) = sc.imports.get(ns) {
                    let declare = self.imports[iid]
                        .module
                        .as_ref()
                        .map(|m| m.get(rest).copied());
                    return match declare {
                        // The module was read and has no such component.
                        Some(None) => NodeKind::Unknown,
                        Some(Some(did)) => NodeKind::Imported(iid, Some(did)),
                        None => NodeKind::Imported(iid, None),
                    };
                }
            }
            scope = sc.parent;
        }
        NodeKind::Unknown
    }

    /// Custom component names usable in scope `sid`, for suggestions.
    fn visible_custom_names(&self, sid: ScopeId) -> Vec<String> {
        let mut names = Vec::new();
        let mut scope = Some(sid);
        while let Some(s) = scope {
            let sc = &self.scopes[s];
            names.extend(sc.declares.keys().cloned());
            for (ns, &iid) in &sc.imports {
                if let Some(m) = &self.imports[iid].module {
                    names.extend(m.keys().map(|k| format!("{ns}.{k}")));
                }
            }
            scope = sc.parent;
        }
        names
    }

    fn check_placement(&mut self, sid: ScopeId, name: &str, placement: Option<&str>, loc: Loc) {
        let kind = self.scopes[sid].kind;
        let message = match (placement, kind) {
            (Some("root_only"), ScopeKind::Module) => format!("{name} not allowed in module"),
            (Some("root_only"), ScopeKind::Template) => format!("{name} not allowed in foreach"),
            (Some("module_only"), ScopeKind::Root | ScopeKind::Template) => {
                format!("{name} blocks only allowed inside a module")
            }
            _ => return,
        };
        let help = match placement {
            Some("root_only") => format!("move `{name}` to the top level of the main configuration"),
            _ => format!("`{name}` blocks declare the interface of a module: put them inside a `declare` block"),
        };
        self.ctx.report(Code::MisplacedBlock, loc, message).help = Some(help);
    }

    /// Reports a feature below the allowed stability level.
    pub fn check_stability(&mut self, what: &str, level: &str, loc: Loc) {
        self.ctx.check_stability(what, level, loc);
    }

    /// Checks a node's body.
    fn check_node(&mut self, nid: NodeId, loading: &mut Vec<UnitId>) {
        let node = &self.nodes[nid];
        let (kind, block, unit, sid) = (node.kind, node.block, node.unit, node.scope);
        match kind {
            NodeKind::Config(_) if &*block.name == "declare" => {}
            NodeKind::Config(schema) | NodeKind::Component(schema) => {
                let var = if &*block.name == "foreach" {
                    foreach_var(block)
                } else {
                    None
                };
                let mut ancestors = Vec::new();
                self.check_body(
                    nid,
                    unit,
                    schema,
                    &block.body,
                    block,
                    &mut ancestors,
                    &mut |checker, template| {
                        let body = template.body.iter().map(|s| (unit, s)).collect();
                        let mut scope = Scope::new(ScopeKind::Template, Some(sid), body);
                        scope.var = var.clone();
                        scope.template_of = Some(nid);
                        checker.scopes.push(scope);
                        let tid = checker.scopes.len() - 1;
                        checker.check_scope(tid, loading);
                    },
                );
                if &*block.name == "export" {
                    self.record_export_type(nid);
                }
                if let NodeKind::Component(schema) = kind {
                    self.validate_at_load(nid, schema);
                }
            }
            NodeKind::Custom(did) | NodeKind::Imported(_, Some(did)) => {
                self.check_custom(nid, did);
            }
            NodeKind::Imported(_, None) | NodeKind::Unknown => {
                self.walk_unchecked_body(nid, &block.body);
            }
        }
    }
}

/// The header of a block without a label: its name (Alloy points there).
fn whole_header(whole: Loc, block: &Block) -> Loc {
    Loc {
        end: (block.name_pos as usize + block.name.len()).min(whole.end),
        ..whole
    }
}

/// A declare's arguments (name, optional) and exports, from its body.
fn declare_interface(block: &Block) -> (Vec<(String, bool)>, Vec<String>) {
    let mut arguments = Vec::new();
    let mut exports = Vec::new();
    for stmt in &block.body {
        let Stmt::Block(b) = stmt else { continue };
        let Some(label) = b.label_text() else {
            continue;
        };
        match &*b.name {
            "argument" => {
                // A default makes an argument optional in practice.
                let optional = b.attribute("optional").is_some_and(Expr::is_true)
                    || b.attribute("default").is_some();
                if !arguments.iter().any(|(n, _)| n == label) {
                    arguments.push((label.to_owned(), optional));
                }
            }
            "export" if !exports.iter().any(|n| n == label) => exports.push(label.to_owned()),
            _ => {}
        }
    }
    (arguments, exports)
}

/// The `var` of a `foreach` block, when it is a literal string.
fn foreach_var(block: &Block) -> Option<String> {
    block.attribute("var")?.string_value()
}
