//! Checking past a syntax error ([`super::Options::past_syntax_errors`]):
//! what is held back so that nothing is reported from, or because of, text
//! that could not be read.
//!
//! A configuration file that does not parse is checked on the tree Alloy's
//! recovery builds for it (`syntax::parse_recovering`), where the text
//! Alloy skipped is an error node (`Stmt::Error`, `Expr::Error`). Every
//! other statement is checked as usual; this module decides which of the
//! resulting diagnostics cannot be trusted.
//!
//! **The broken region.** The unit is the top-level statement: a
//! top-level statement that is an error node or holds one anywhere inside
//! (an incomplete body, an unreadable value, at any depth, a `declare`'s
//! nested components included) is broken as a whole, from its first byte
//! to its last. Inside it, what was read may be partial (a block missing
//! its closing lines lacks its required arguments; a `declare` missing an
//! `argument` block makes its callers' arguments unknown), so a finer
//! unit would report the consequences of the missing text. Comments and
//! blank lines between statements belong to no statement. A statement
//! followed on its line by text Alloy skipped (`a = t@rue` reads `a = t`)
//! is broken with it. When the
//! unreadable text opens braces it does not close (a block whose header
//! Alloy could not read), Alloy's recovery reads the lines of its body as
//! statements of their own until a `}` it cannot read closes them: those
//! statements are part of the broken region too. When no `}` closes them
//! (a stray `{`), they stand as read. An unreadable `}` that closes
//! nothing (its `{` was lost inside a quote Alloy read as a string's, or
//! with a deleted header) takes the sound statements back to the previous
//! broken statement, or, with none before it, the top-level attributes
//! just before it (a configuration holds only blocks).
//!
//! **What is held back**, once the configuration has a broken region:
//!
//! - every diagnostic (syntax errors aside) whose span overlaps a broken
//!   region of its file;
//! - what the broken statements would have defined. The header of a
//!   broken statement is read from its text (`name.parts "label"`, as far
//!   as it goes): it names a component id, or, for a `declare` or an
//!   `import.*` block, the custom components or the namespace it defines.
//!   A reference or block name under such a name is not reported as
//!   undefined or unknown, nor are the interface rules (arguments, blocks,
//!   exports, types) of a custom component instance the broken statement
//!   would describe. A statement whose name cannot be read at all could
//!   have defined anything (unless it holds no name at all, as a stray
//!   `}`): then every undefined reference, unknown
//!   component and custom component instance's interface finding is held
//!   back (built-in components' bodies are still checked against the
//!   schema, which no statement changes);
//! - the configuration-wide rules whose evidence a broken statement may
//!   hold: `unused-component` (the references that consume a component
//!   may be in the lost text) everywhere in the configuration, and
//!   `unused-suppression` in a broken file (the finding a comment
//!   suppresses may be inside the broken region). Findings a broken
//!   region can only remove evidence for are kept: a `cycle` or a
//!   `duplicate-block` among readable statements is real whatever the
//!   lost text says.
//!
//! Imported modules are never checked past their syntax errors (see
//! [`super::load::load_with`]); a file another dialect claims (a
//! dashboard) gets only its syntax errors when it does not parse.

use std::ops::Range;

use super::load::LoadedUnit;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::schema::Catalog;
use crate::syntax::ast::{Block, Expr, Stmt};
use crate::syntax::scanner::{Scanner, Token};

/// What the broken statements of a configuration hide.
#[derive(Debug, Default)]
pub(super) struct BrokenRegions {
    /// Per file name, the byte ranges of its broken top-level statements.
    regions: Vec<(String, Vec<Range<usize>>)>,
    /// What the broken statements would have defined.
    shadows: Vec<Shadow>,
}

/// A name a broken statement would have defined.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shadow {
    /// Its header could not be read: anything.
    Anything,
    /// A component id, a custom component's name or an import namespace
    /// (and every name under it: `prometheus.scrape` when the label could
    /// not be read).
    Name(String),
}

impl Shadow {
    fn covers(&self, name: &str) -> bool {
        match self {
            Shadow::Anything => true,
            Shadow::Name(s) => name
                .strip_prefix(s.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.')),
        }
    }
}

/// Rules about a name that a statement defines: a reference, a component
/// name.
const ABOUT_A_NAME: &[Code] = &[
    Code::UndefinedReference,
    Code::UnknownComponent,
    Code::UnknownExport,
    Code::ReferenceKindMismatch,
    Code::TypeMismatch,
];

/// Rules about a custom component instance's interface, which its
/// `declare` (or imported module) defines.
const ABOUT_AN_INTERFACE: &[Code] = &[
    Code::UnknownAttribute,
    Code::UnknownBlock,
    Code::ExpectedBlock,
    Code::ExpectedAttribute,
    Code::MissingAttribute,
    Code::MissingBlock,
    Code::RepeatedBlock,
    Code::ExclusiveArguments,
    Code::MissingOneOf,
    Code::TypeMismatch,
    Code::ReferenceKindMismatch,
];

impl BrokenRegions {
    /// The broken regions of `roots`, the configuration's own files.
    pub(super) fn of(roots: &[LoadedUnit]) -> Self {
        let mut found = BrokenRegions::default();
        for unit in roots.iter().filter(|u| u.has_syntax_errors) {
            let text = &unit.source.text;
            let mut regions: Vec<Range<usize>> = Vec::new();
            // Braces an unreadable statement opened and none has closed
            // yet, and the sound statements read since: when an
            // unreadable `}` closes them, they were that statement's body,
            // read as if they stood alone.
            let mut open = 0usize;
            // Sound statements since the last broken one.
            let mut pending: Vec<&Stmt> = Vec::new();
            for stmt in &unit.parsed.file.body {
                if !holds_error(stmt) {
                    pending.push(stmt);
                    continue;
                }
                if let Stmt::Error(e) = stmt {
                    // Text Alloy skipped after a statement, on its line:
                    // the statement was cut (`a = t@rue` reads `a = t`).
                    let cut = pending
                        .last()
                        .is_some_and(|s| !text[s.span().end..e.span().start].contains(&b'\n'));
                    if cut {
                        regions.extend(pending.pop().map(Stmt::span));
                    }
                    let (opened, closed) = braces(&text[e.span()]);
                    if closed > opened {
                        // A `}` that closes what an unreadable statement
                        // opened (or, when nothing is open, one whose `{`
                        // was lost with a quote Alloy read as a string's,
                        // after another unreadable statement, or under a
                        // deleted header: top-level attributes before it).
                        let body: Vec<&Stmt> = if open > 0 || !regions.is_empty() {
                            std::mem::take(&mut pending)
                        } else {
                            let run = pending
                                .iter()
                                .rev()
                                .take_while(|s| matches!(s, Stmt::Attribute(_)))
                                .count();
                            pending.split_off(pending.len() - run)
                        };
                        regions.extend(body.iter().map(|s| s.span()));
                    }
                    open = (open + opened).saturating_sub(closed);
                }
                pending.clear();
                regions.push(stmt.span());
                found.shadows.extend(shadow_of(stmt, text));
            }
            found.regions.push((unit.source.name.clone(), regions));
        }
        found
    }

    /// Whether the configuration has no broken region.
    pub(super) fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Whether `d`, found in the configuration of `units`, is held back.
    pub(super) fn holds_back(&self, d: &Diagnostic, units: &[LoadedUnit]) -> bool {
        if self.is_empty() || matches!(d.code, Some(Code::SyntaxError | Code::TooManyDiagnostics)) {
            return false;
        }
        let regions = self
            .regions
            .iter()
            .find(|(name, _)| *name == d.file)
            .map(|(_, r)| r.as_slice());
        let at = d.span.offset..d.span.offset + d.span.len.max(1);
        if regions.is_some_and(|rs| {
            rs.iter()
                .any(|r| r.start < at.end && at.start < r.end.max(r.start + 1))
        }) {
            return true;
        }
        let Some(code) = d.code else { return false };
        match code {
            Code::UnusedComponent => return true,
            Code::UnusedSuppression => return regions.is_some(),
            _ => {}
        }
        let Some(unit) = units.iter().find(|u| u.source.name == d.file) else {
            return false;
        };
        let text = &unit.source.text;
        if ABOUT_A_NAME.contains(&code) {
            let name = name_around(text, d.span.offset);
            let is_name = ident_end(name.as_bytes(), 0).is_some();
            if is_name && self.shadows.iter().any(|s| s.covers(name)) {
                return true;
            }
        }
        if ABOUT_AN_INTERFACE.contains(&code) {
            let instance = unit.parsed.file.body.iter().find_map(|s| match s {
                Stmt::Block(b) if b.span().contains(&d.span.offset) => Some(b),
                _ => None,
            });
            if let Some(block) = instance.filter(|b| may_be_custom(b)) {
                return self.shadows.iter().any(|s| s.covers(&block.name));
            }
        }
        false
    }
}

/// Whether `stmt` is an error node or holds one (walked without
/// recursion: bodies and operator chains can be deep).
fn holds_error(stmt: &Stmt) -> bool {
    let mut stmts = vec![stmt];
    let mut exprs: Vec<&Expr> = Vec::new();
    while let Some(stmt) = stmts.pop() {
        match stmt {
            Stmt::Error(_) => return true,
            Stmt::Attribute(a) => exprs.push(&a.value),
            Stmt::Block(b) => stmts.extend(&b.body),
        }
        while let Some(e) = exprs.pop() {
            if e.is_error() {
                return true;
            }
            e.push_children(&mut exprs);
        }
    }
    false
}

/// How many `{` and `}` tokens `text` holds (none in strings or
/// comments).
fn braces(text: &[u8]) -> (usize, usize) {
    let mut scanner = Scanner::new(text);
    scanner.keep_messages = false;
    let (mut opened, mut closed) = (0, 0);
    loop {
        match scanner.scan().1 {
            Token::Eof => return (opened, closed),
            Token::LCurly => opened += 1,
            Token::RCurly => closed += 1,
            _ => {}
        }
    }
}

/// Whether `text` holds an identifier token.
fn names_something(text: &[u8]) -> bool {
    let mut scanner = Scanner::new(text);
    scanner.keep_messages = false;
    loop {
        match scanner.scan().1 {
            Token::Eof => return false,
            Token::Ident => return true,
            _ => {}
        }
    }
}

/// What a broken top-level statement would have defined for others to
/// name, if anything.
fn shadow_of(stmt: &Stmt, text: &[u8]) -> Option<Shadow> {
    let (name, label) = match stmt {
        // A block read whole but for its body defines its own id; only
        // what its body declares is unknown.
        Stmt::Block(b) => (b.name.to_string(), b.label_text().map(str::to_owned)),
        Stmt::Error(e) => match header(&text[e.span()]) {
            Some(header) => header,
            // Text with no name in it (a stray `}`) defines nothing.
            None if !names_something(&text[e.span()]) => return None,
            None => return Some(Shadow::Anything),
        },
        Stmt::Attribute(_) => return None,
    };
    let defines_names = name == "declare" || name.starts_with("import.");
    match (defines_names, label, stmt) {
        (true, Some(label), _) => Some(Shadow::Name(label)),
        (true, None, _) => Some(Shadow::Anything),
        (false, _, Stmt::Block(_)) => None,
        (false, Some(label), _) => Some(Shadow::Name(format!("{name}.{label}"))),
        (false, None, _) => Some(Shadow::Name(name)),
    }
}

/// The header a statement's text starts with, as far as it can be read:
/// its dotted name and, if it follows and is a valid identifier, its
/// label.
fn header(text: &[u8]) -> Option<(String, Option<String>)> {
    let mut at = skip_blanks(text, 0);
    let mut name = String::new();
    loop {
        let end = ident_end(text, at)?;
        name.push_str(std::str::from_utf8(&text[at..end]).ok()?);
        at = skip_blanks(text, end);
        if text.get(at) != Some(&b'.') {
            break;
        }
        name.push('.');
        at = skip_blanks(text, at + 1);
    }
    let label = (text.get(at) == Some(&b'"'))
        .then(|| {
            let end = ident_end(text, at + 1)?;
            (text.get(end) == Some(&b'"')).then(|| String::from_utf8_lossy(&text[at + 1..end]))
        })
        .flatten()
        .map(String::from);
    Some((name, label))
}

fn skip_blanks(text: &[u8], mut at: usize) -> usize {
    while text
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at += 1;
    }
    at
}

/// The end of the identifier starting at `at`, if one does.
fn ident_end(text: &[u8], at: usize) -> Option<usize> {
    let first = *text.get(at)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = text[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    Some(at + len)
}

/// The dotted name written around `offset` (a reference whose export alone
/// a diagnostic points at is named whole).
fn name_around(text: &[u8], offset: usize) -> &str {
    let in_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.';
    let offset = offset.min(text.len());
    let start = offset
        - text[..offset]
            .iter()
            .rev()
            .take_while(|b| in_name(b))
            .count();
    let end = offset + text[offset..].iter().take_while(|b| in_name(b)).count();
    std::str::from_utf8(&text[start..end]).unwrap_or("")
}

/// Whether a top-level block may be a custom component instance (neither
/// a built-in component or configuration block, whose interface the
/// schema fixes, nor a construct of the language).
fn may_be_custom(block: &Block) -> bool {
    let name = &*block.name;
    !matches!(name, "declare" | "foreach" | "argument" | "export")
        && !name.starts_with("import.")
        && Catalog::component(name).is_none()
        && Catalog::config_block(name).is_none()
}

#[cfg(test)]
mod tests;
