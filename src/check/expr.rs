//! Expressions: literal values against the argument's type, references
//! resolved the way Alloy does (the longest prefix that names a component
//! of the scope, else a `foreach` variable, else the standard library),
//! exports and their kinds, and stdlib calls.

use crate::rules::Code;
use std::collections::HashSet;
use std::sync::OnceLock;

use super::context::{Loc, UnitId};
use super::engine::Checker;
use super::scope::{NodeId, NodeKind, ScopeId, ScopeKind};
use super::suggest;
use super::values::{
    capsule_meaning, check_literal, expectation_help, fits, in_context, kind_word, LiteralProblem,
};
use crate::schema::{Catalog, Type};
use crate::syntax::ast::{Call, Expr, Ident, LiteralKind};

/// What a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// A node, and how many leading names its id takes.
    Node(NodeId, usize),
    /// A `foreach` variable.
    Var,
    /// A standard library name.
    Stdlib,
    /// Nothing in scope.
    Undefined,
}

/// The names a reference starts with that belong to the standard library
/// (`sys`, `env`, `array`, ...).
fn stdlib_roots() -> &'static HashSet<&'static str> {
    static ROOTS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        Catalog::stdlib_names()
            .map(|n| n.split('.').next().unwrap_or(n))
            .chain(Catalog::stdlib_namespaces().iter().copied())
            .collect()
    })
}

/// The identifiers of a pure reference (`a.b.c`), or `None` when the
/// expression is not one.
pub fn traversal(expr: &Expr) -> Option<Vec<&Ident>> {
    let mut names = Vec::new();
    let mut e = expr;
    loop {
        match e {
            Expr::Identifier(i) => {
                names.push(i);
                names.reverse();
                return Some(names);
            }
            Expr::Access(a) => {
                names.push(&a.name);
                e = &a.value;
            }
            _ => return None,
        }
    }
}

fn span_of(unit: UnitId, names: &[&Ident]) -> Loc {
    let first = names[0];
    let last = names[names.len() - 1];
    Loc::new(
        unit,
        first.pos as usize..last.pos as usize + last.name.len(),
    )
}

impl<'a, 'c> Checker<'a, 'c> {
    /// Checks `expr`, written in node `nid`, against `expected`, and
    /// resolves every reference in it.
    ///
    /// Recursion happens only into brackets (array elements, object
    /// fields, indexes, call arguments, parentheses) and the right operands
    /// of binary operators, whose depth the syntax pre-scan bounds; the
    /// chains Alloy accepts at any length (`a[0][0]...`, `f()()...`,
    /// `a + b + ...`, `- - x`) are followed in this loop.
    pub fn check_expr(&mut self, nid: NodeId, unit: UnitId, expr: &'a Expr, expected: &Type) {
        let mut expr = expr;
        let mut expected = std::borrow::Cow::Borrowed(expected);
        loop {
            expr = match expr {
                // Nothing is known of a region that could not be read.
                Expr::Error(_) => return,
                Expr::Literal(lit) => {
                    if let Err(problem) = check_literal(lit, &expected) {
                        let loc =
                            Loc::new(unit, lit.pos as usize..lit.pos as usize + lit.value.len());
                        self.report_literal(loc, problem, &expected);
                    }
                    return;
                }
                Expr::Array(array) => {
                    let element = element_type(&expected);
                    if element.is_none() {
                        self.report_mismatch(unit, expr, &expected, "array");
                    }
                    let element = element.unwrap_or(Type::Any);
                    for e in &array.elements {
                        self.check_expr(nid, unit, e, &element);
                    }
                    return;
                }
                Expr::Object(object) => {
                    let field = field_type(&expected);
                    if field.is_none() {
                        self.report_mismatch(unit, expr, &expected, "object");
                    }
                    let field = field.unwrap_or(Type::Any);
                    for f in &object.fields {
                        // The docs write `map(string)` for maps whose Go type
                        // takes any value (`operators` of otelcol receivers):
                        // nested structures under a scalar map are not judged.
                        let nested = matches!(f.value, Expr::Object(_) | Expr::Array(_));
                        let ty = if nested && is_scalar(&field) {
                            &Type::Any
                        } else {
                            &field
                        };
                        self.check_expr(nid, unit, &f.value, ty);
                    }
                    return;
                }
                Expr::Identifier(_) | Expr::Access(_) => match traversal(expr) {
                    Some(names) => {
                        self.check_reference(nid, unit, &names, &expected);
                        return;
                    }
                    None => {
                        // The chain of accesses does not start with a name:
                        // none of its inner accesses does either.
                        let mut e = expr;
                        while let Expr::Access(a) = e {
                            e = &a.value;
                        }
                        e
                    }
                },
                Expr::Index(index) => {
                    self.check_expr(nid, unit, &index.index, &Type::Any);
                    &index.value
                }
                Expr::Call(call) => match self.check_call(nid, unit, call) {
                    Some(callee) => callee,
                    None => return,
                },
                Expr::Unary(u) => &u.value,
                Expr::Paren(p) => {
                    expr = &p.inner;
                    continue;
                }
                Expr::Binary(_) => {
                    // Long `a + b + ...` chains nest on the left.
                    let mut e = expr;
                    while let Expr::Binary(b) = e {
                        self.check_expr(nid, unit, &b.right, &Type::Any);
                        e = &b.left;
                    }
                    e
                }
            };
            expected = std::borrow::Cow::Owned(Type::Any);
        }
    }

    fn report_literal(&mut self, loc: Loc, problem: LiteralProblem, expected_type: &Type) {
        match problem {
            LiteralProblem::Mismatch { expected, got } => {
                self.ctx
                    .report(
                        Code::TypeMismatch,
                        loc,
                        format!("expected {expected}, got {got}"),
                    )
                    .help = expectation_help(expected_type).map(str::to_owned);
            }
            LiteralProblem::Duration(text) => {
                self.ctx
                    .report(
                        Code::InvalidDuration,
                        loc,
                        format!("\"{text}\" is not a valid duration"),
                    )
                    .help = Some(
                    "a duration is a number with a unit, such as \"15s\", \"1m30s\" or \"2h\""
                        .into(),
                );
            }
            LiteralProblem::Number(text) => {
                self.ctx.report(
                    Code::TypeMismatch,
                    loc,
                    format!("expected number, got string \"{text}\" which is not a number"),
                );
            }
        }
    }

    fn report_mismatch(&mut self, unit: UnitId, expr: &Expr, expected: &Type, got: &str) {
        let start = expr.start_pos() as usize;
        let loc = Loc::new(unit, start..start + 1);
        self.ctx
            .report(
                Code::TypeMismatch,
                loc,
                format!("expected {}, got {got}", kind_word(expected)),
            )
            .help = expectation_help(expected).map(str::to_owned);
    }

    /// Resolves `names` in scope `sid`.
    pub fn resolve(&self, sid: ScopeId, names: &[&str]) -> Resolution {
        let mut longest = 0;
        let mut scope = Some(sid);
        while let Some(s) = scope {
            let sc = &self.scopes[s];
            longest = longest.max(sc.longest_id);
            if sc.kind != ScopeKind::Template {
                break;
            }
            scope = sc.parent;
        }
        let mut prefixes = Vec::with_capacity(names.len().min(longest));
        let mut id = String::new();
        for (i, n) in names.iter().take(longest).enumerate() {
            if i > 0 {
                id.push('.');
            }
            id.push_str(n);
            prefixes.push(id.len());
        }
        let mut scope = Some(sid);
        while let Some(s) = scope {
            let sc = &self.scopes[s];
            for (k, &len) in prefixes.iter().enumerate().rev() {
                if let Some(&nid) = sc.nodes.get(&id[..len]) {
                    return Resolution::Node(nid, k + 1);
                }
            }
            if sc.var.as_deref() == Some(names[0]) {
                return Resolution::Var;
            }
            if sc.kind != ScopeKind::Template {
                break;
            }
            scope = sc.parent;
        }
        if stdlib_roots().contains(names[0]) {
            Resolution::Stdlib
        } else {
            Resolution::Undefined
        }
    }

    /// The exports of a node with their types, or `None` if unknown.
    pub(super) fn exports_of(&self, target: NodeId) -> Option<Vec<(String, Type)>> {
        let node = &self.nodes[target];
        match node.kind {
            NodeKind::Component(schema) => Some(
                schema
                    .exports
                    .iter()
                    .map(|(n, e)| {
                        (
                            n.clone(),
                            in_context(&e.ty, &e.type_notation, &node.block.name),
                        )
                    })
                    .collect(),
            ),
            NodeKind::Config(_) if &*node.block.name == "argument" => {
                Some(vec![("value".to_owned(), Type::Any)])
            }
            NodeKind::Custom(did) | NodeKind::Imported(_, Some(did)) => {
                let d = &self.declares[did];
                Some(
                    d.exports
                        .iter()
                        .map(|n| {
                            (
                                n.clone(),
                                d.export_types.get(n).cloned().unwrap_or(Type::Any),
                            )
                        })
                        .collect(),
                )
            }
            _ => None,
        }
    }

    fn check_reference(&mut self, nid: NodeId, unit: UnitId, idents: &[&Ident], expected: &Type) {
        let names: Vec<&str> = idents.iter().map(|i| &*i.name).collect();
        let loc = span_of(unit, idents);
        let sid = self.nodes[nid].scope;
        let resolution = self.resolve(sid, &names);
        self.resolved.push(super::model::Resolved {
            from: nid,
            loc: loc.into(),
            resolution,
            export: match resolution {
                Resolution::Node(_, k) if k < idents.len() => {
                    Some(span_of(unit, &idents[k..=k]).into())
                }
                _ => None,
            },
        });
        match resolution {
            Resolution::Node(target, k) => {
                if stdlib_roots().contains(names[0]) {
                    self.ctx
                        .report(
                            Code::StdlibShadowing,
                            span_of(unit, &idents[..1]),
                            "a component is shadowing an existing stdlib name",
                        )
                        .help = Some(format!(
                        "`{}` is also a standard library name; rename the component to keep both usable",
                        names[0]
                    ));
                }
                if target == nid {
                    if !self.nodes[nid].self_reported {
                        self.nodes[nid].self_reported = true;
                        let header = self.nodes[nid].header();
                        self.ctx
                            .report(Code::SelfReference, header, "cannot reference self")
                            .help =
                            Some(format!("`{}` refers to its own exports", names.join(".")));
                    }
                    return;
                }
                if self.nodes[target].scope == sid {
                    self.nodes[nid].edges.push(target);
                }
                let Some(export) = names.get(k) else {
                    return;
                };
                if !self.nodes[target].used_exports.iter().any(|e| e == export) {
                    self.nodes[target].used_exports.push((*export).to_owned());
                }
                self.note_argument_use(target, export, names.len() == k + 1, expected);
                let Some(exports) = self.exports_of(target) else {
                    return;
                };
                let Some((_, ty)) = exports.iter().find(|(n, _)| n == export) else {
                    let id = &self.nodes[target].id;
                    let msg = if exports.is_empty() {
                        format!("{id} has no exports, so \"{export}\" cannot be referenced")
                    } else {
                        format!("{id} does not export \"{export}\"")
                    };
                    let help =
                        match suggest::closest(export, exports.iter().map(|(n, _)| n.as_str())) {
                            Some(c) => format!("did you mean `{id}.{c}`?"),
                            None if exports.is_empty() => format!("{id} exports nothing"),
                            None => format!(
                                "{id} exports {}",
                                exports
                                    .iter()
                                    .map(|(n, _)| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                    let export_loc = span_of(unit, &idents[k..=k]);
                    self.ctx.report(Code::UnknownExport, export_loc, msg).help = Some(help);
                    return;
                };
                if names.len() > k + 1 || fits(ty, expected) {
                    return;
                }
                self.report_kind_mismatch(loc, &names.join("."), ty, expected);
            }
            Resolution::Var => {}
            Resolution::Stdlib => self.check_stdlib(loc, &names, None),
            Resolution::Undefined => {
                let full = names.join(".");
                let (message, fallback) = (self.ctx.undefined_wording)(&full);
                let help = self.suggest_reference(sid, &full).or(fallback);
                self.ctx.report(Code::UndefinedReference, loc, message).help = help;
            }
        }
    }

    /// A `declare` argument used where a type is known: its callers are
    /// checked against that type.
    fn note_argument_use(&mut self, target: NodeId, export: &str, whole: bool, expected: &Type) {
        let node = &self.nodes[target];
        if &*node.block.name != "argument" || export != "value" || !whole || *expected == Type::Any
        {
            return;
        }
        let (Some(did), Some(label)) = (self.scopes[node.scope].owner, node.block.label_text())
        else {
            return;
        };
        let label = label.to_owned();
        self.declares[did]
            .argument_types
            .entry(label)
            .or_insert_with(|| expected.clone());
    }

    fn report_kind_mismatch(&mut self, loc: Loc, reference: &str, actual: &Type, expected: &Type) {
        let (code, help) = match (capsule_of(actual), capsule_of(expected)) {
            (Some(a), Some(e)) if a != e => (
                Code::ReferenceKindMismatch,
                format!(
                    "`{reference}` carries {}, but this argument takes {}",
                    capsule_meaning(a),
                    capsule_meaning(e)
                ),
            ),
            _ => match expected {
                Type::List(element) if fits(actual, element) => (
                    Code::TypeMismatch,
                    format!("this argument takes a list: write `[{reference}]`"),
                ),
                _ => (
                    Code::TypeMismatch,
                    format!("`{reference}` is {}", kind_word(actual)),
                ),
            },
        };
        let message = format!(
            "expected {}, got {}",
            kind_word(expected),
            kind_word(actual)
        );
        let help = expectation_help(expected).map_or(help, str::to_owned);
        self.ctx.report(code, loc, message).help = Some(help);
    }

    fn suggest_reference(&self, sid: ScopeId, full: &str) -> Option<String> {
        let mut ids: Vec<&str> = Vec::new();
        let mut scope = Some(sid);
        while let Some(s) = scope {
            let sc = &self.scopes[s];
            ids.extend(sc.nodes.keys().map(String::as_str));
            if sc.kind != ScopeKind::Template {
                break;
            }
            scope = sc.parent;
        }
        // Compare against the reference cut to each id's length: the rest
        // is the export.
        let mut best: Option<(usize, &str)> = None;
        for id in ids {
            let parts = id.split('.').count();
            let prefix: Vec<&str> = full.split('.').take(parts).collect();
            let prefix = prefix.join(".");
            let d = suggest::distance(&prefix, id);
            if d <= (id.len() / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, id));
            }
        }
        match best {
            Some((_, id)) => Some(format!("did you mean `{id}`?")),
            None if self.scopes[sid].kind == ScopeKind::Module => Some(
                "a module sees only its own components and arguments: pass outside values in through an `argument`".into(),
            ),
            None => None,
        }
    }

    /// Checks a call's arguments and what it calls; returns the callee when
    /// it still has to be checked as a value (it is not a function name).
    fn check_call(&mut self, nid: NodeId, unit: UnitId, call: &'a Call) -> Option<&'a Expr> {
        for arg in &call.args {
            self.check_expr(nid, unit, arg, &Type::Any);
        }
        let Some(idents) = traversal(&call.value) else {
            return Some(&call.value);
        };
        let names: Vec<&str> = idents.iter().map(|i| &*i.name).collect();
        let loc = span_of(unit, &idents);
        let resolution = self.resolve(self.nodes[nid].scope, &names);
        // A callee naming a node is recorded as the value it is checked as.
        if matches!(resolution, Resolution::Stdlib | Resolution::Undefined) {
            self.resolved.push(super::model::Resolved {
                from: nid,
                loc: loc.into(),
                resolution,
                export: None,
            });
        }
        match resolution {
            Resolution::Stdlib => self.check_stdlib(loc, &names, Some(call.args.len())),
            Resolution::Undefined => {
                let full = names.join(".");
                self.ctx.report(
                    Code::UnknownFunction,
                    loc,
                    format!("function \"{full}\" does not exist"),
                );
            }
            _ => return Some(&call.value),
        }
        None
    }

    /// A standard library name: it exists, is not deprecated, is stable
    /// enough, and a call passes a valid number of arguments.
    fn check_stdlib(&mut self, loc: Loc, names: &[&str], args: Option<usize>) {
        let namespaces = Catalog::stdlib_namespaces();
        let (key, entry) = if names.len() >= 2 && namespaces.contains(&names[0]) {
            let key = format!("{}.{}", names[0], names[1]);
            let entry = Catalog::stdlib(&key);
            (key, entry)
        } else if namespaces.contains(&names[0]) {
            // A namespace used as a value: nothing to check.
            return;
        } else {
            (names[0].to_owned(), Catalog::stdlib(names[0]))
        };
        let Some(entry) = entry else {
            let prefix = format!("{}.", names[0]);
            let help = suggest::closest(
                &key,
                Catalog::stdlib_names().filter(|n| n.starts_with(&prefix)),
            )
            .map(|c| format!("did you mean `{c}`?"));
            self.ctx
                .report(
                    Code::UnknownFunction,
                    loc,
                    format!("\"{key}\" is not part of the standard library"),
                )
                .help = help;
            return;
        };
        if entry.deprecated {
            let help = entry
                .replacement
                .as_ref()
                .map(|r| format!("use `{r}` instead"));
            self.ctx.report(
                Code::DeprecatedFunction,
                loc,
                "this stdlib function is deprecated; please refer to the documentation for updated usage and alternatives",
            ).help = help;
        }
        if let Some(level) = entry.stability.as_deref() {
            self.check_stability(&key, level, loc);
        }
        let Some(given) = args else { return };
        if entry.kind != "function" {
            self.ctx.report(
                Code::WrongArgumentCount,
                loc,
                format!("\"{key}\" is a constant, not a function"),
            );
            return;
        }
        let min = entry.params.iter().filter(|p| !p.optional).count();
        let max = if entry.variadic {
            usize::MAX
        } else {
            entry.params.len()
        };
        if given < min || given > max {
            let wanted = match (min, max) {
                (a, b) if a == b => format!("{a}"),
                (a, usize::MAX) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            let params: Vec<&str> = entry.params.iter().map(|p| p.name.as_str()).collect();
            self.ctx
                .report(
                    Code::WrongArgumentCount,
                    loc,
                    format!("{key} takes {wanted} argument(s), got {given}"),
                )
                .help = Some(format!("{key}({})", params.join(", ")));
        }
    }

    /// The type of an expression where it can be told without reporting
    /// anything (literals, references to exports).
    pub fn infer_type(&self, sid: ScopeId, expr: &Expr) -> Type {
        match expr {
            Expr::Literal(l) => match l.kind {
                LiteralKind::String => Type::String,
                LiteralKind::Number | LiteralKind::Float => Type::Number { integer: false },
                LiteralKind::Bool => Type::Bool,
                LiteralKind::Null => Type::Any,
            },
            Expr::Array(a) => Type::List(Box::new(
                a.elements
                    .first()
                    .map_or(Type::Any, |e| self.infer_type(sid, e)),
            )),
            Expr::Object(_) => Type::Object,
            Expr::Paren(p) => self.infer_type(sid, &p.inner),
            Expr::Identifier(_) | Expr::Access(_) => {
                let Some(idents) = traversal(expr) else {
                    return Type::Any;
                };
                let names: Vec<&str> = idents.iter().map(|i| &*i.name).collect();
                match self.resolve(sid, &names) {
                    Resolution::Node(target, k) if names.len() == k + 1 => self
                        .exports_of(target)
                        .and_then(|ex| ex.into_iter().find(|(n, _)| n == names[k]).map(|(_, t)| t))
                        .unwrap_or(Type::Any),
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }
}

/// What the elements of an array must be, or `None` if no array fits.
fn element_type(expected: &Type) -> Option<Type> {
    match expected {
        Type::List(t) => Some((**t).clone()),
        Type::Any | Type::Capsule(crate::schema::CapsuleKind::Other(_)) => Some(Type::Any),
        Type::Either(alts) => alts.iter().find_map(element_type),
        _ => None,
    }
}

/// What the fields of an object must be, or `None` if no object fits.
fn field_type(expected: &Type) -> Option<Type> {
    match expected {
        Type::Map(t) => Some((**t).clone()),
        Type::Object | Type::Any | Type::Capsule(crate::schema::CapsuleKind::Other(_)) => {
            Some(Type::Any)
        }
        Type::Capsule(crate::schema::CapsuleKind::Target) => Some(Type::String),
        Type::Either(alts) => alts.iter().find_map(field_type),
        _ => None,
    }
}

fn is_scalar(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String | Type::Number { .. } | Type::Bool | Type::Duration | Type::Secret
    )
}

/// The capsule kind of a type or of its elements.
fn capsule_of(ty: &Type) -> Option<&crate::schema::CapsuleKind> {
    match ty {
        Type::Capsule(k) => Some(k),
        Type::List(t) => capsule_of(t),
        _ => None,
    }
}
