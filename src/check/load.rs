//! Reading a configuration before it is checked: parsing its files and,
//! transitively, the modules their `import.file` blocks name, so that the
//! check itself only borrows parsed trees.
//!
//! A module is a file the configuration names, possibly any file on the
//! machine (`/proc/self/environ`, `~/.ssh/id_rsa`): it is read through
//! [`files::named`], which refuses special files, files over the size
//! limit and files that are not text. Its text reaches a code frame only
//! when its name ends in `.alloy`: a file called otherwise that does not
//! parse, or holds anything but the `declare` and `import` blocks a module
//! is made of, is reported at the `import.file` that names it, with a
//! position and no text of its own. Import cycles are reported there too.

use crate::rules::Code;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::engine::ModuleMap;
use crate::diagnostics::{Diagnostic, Related, Severity, Span};
use crate::files::config_paths;
use crate::files::named::{self, NamedError};
use crate::files::{EntryKind, FileAccess};
use crate::syntax::ast::{Block, Stmt};
use crate::syntax::{self, ParsedFile};

pub use crate::files::Source;

/// A parsed file of the configuration or an imported module.
#[derive(Debug)]
pub struct LoadedUnit {
    /// The source.
    pub source: Source,
    /// Its tree (with error nodes when `has_syntax_errors`).
    pub parsed: ParsedFile,
    /// Whether the file has syntax errors and `parsed` is the tree
    /// Alloy's recovery built for it (only when loading past syntax
    /// errors).
    pub has_syntax_errors: bool,
}

/// A configuration and its modules, parsed.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Units: the configuration's parsed files first.
    pub units: Vec<LoadedUnit>,
    /// How many of `units` are the configuration's own files.
    pub roots: usize,
    /// How many of the configuration's own files did not parse.
    pub failed_roots: usize,
    /// Modules by the `import.file` block naming them.
    pub modules: ModuleMap,
    /// Syntax errors, unreadable modules.
    pub diagnostics: Vec<Diagnostic>,
    /// Sources of modules that did not parse (for rendering their errors).
    pub unparsed: Vec<Source>,
}

/// Parses `sources` and the modules they import, read from `files`.
/// Sources that do not parse contribute their syntax errors and are left
/// out of `units`.
pub fn load(sources: Vec<Source>, files: &dyn FileAccess) -> Loaded {
    load_with(sources, files, false)
}

/// [`load`]; with `past_syntax_errors`, a configuration file that does not
/// parse contributes its syntax errors (the same ones) and the tree
/// Alloy's recovery builds for it, as a unit with `has_syntax_errors`. A
/// file of which nothing could be read (refused before parsing: too
/// large, not UTF-8, nested too deep; or no statement at all) is left out
/// as [`load`] leaves it: its components are unknown. Imported modules
/// that do not parse are never taken past their errors (reported at the
/// import as today): a module's interface is what its callers are checked
/// against.
pub fn load_with(sources: Vec<Source>, files: &dyn FileAccess, past_syntax_errors: bool) -> Loaded {
    let mut loaded = Loaded::default();
    for source in sources {
        // A valid file takes `parse`'s path either way.
        let (parsed, errors) = if past_syntax_errors {
            let recovered = syntax::parse_recovering(&source.text);
            // The tree of a broken file of which nothing could be read
            // tells nothing.
            let readable = recovered.is_valid() || !recovered.parsed.file.body.is_empty();
            (readable.then_some(recovered.parsed), recovered.errors)
        } else {
            match syntax::parse(&source.text) {
                Ok(parsed) => (Some(parsed), None),
                Err(errors) => (None, Some(errors)),
            }
        };
        let has_syntax_errors = errors.is_some();
        if let Some(errors) = errors {
            loaded
                .diagnostics
                .extend(syntax_diagnostics(&errors, &source));
        }
        match parsed {
            Some(parsed) => loaded.units.push(LoadedUnit {
                source,
                parsed,
                has_syntax_errors,
            }),
            None => {
                loaded.unparsed.push(source);
                loaded.failed_roots += 1;
            }
        }
    }
    loaded.roots = loaded.units.len();
    let mut by_path: HashMap<PathBuf, Option<Vec<usize>>> = HashMap::new();
    let mut resolved = Vec::new();
    let mut next = 0;
    while next < loaded.units.len() {
        let unit = next;
        next += 1;
        let mut imports = Vec::new();
        collect_imports(&loaded.units[unit].parsed.file.body, &mut imports);
        let base = loaded.units[unit]
            .source
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        for (block, filename, span) in imports {
            let path = config_paths::resolve_next_to(files, base.as_deref(), &filename);
            let key = files.canonicalize(&path).unwrap_or_else(|_| path.clone());
            let ids = match by_path.get(&key) {
                Some(ids) => ids.clone(),
                None => {
                    let ids = read_module(&mut loaded, files, &path, unit, span);
                    by_path.insert(key, ids.clone());
                    ids
                }
            };
            if let Some(targets) = ids {
                resolved.push(Import {
                    importer: unit,
                    block,
                    span,
                    targets,
                });
            }
        }
    }
    let cycles = import_cycles(loaded.units.len(), loaded.roots, &resolved);
    for (i, import) in resolved.into_iter().enumerate() {
        match cycles.iter().find(|(closing, _)| *closing == i) {
            // Left out of the module map: the check follows no cycle.
            Some((_, cycle)) => {
                let d = cycle_diagnostic(&loaded, &import, cycle);
                loaded.diagnostics.push(d);
            }
            None => {
                loaded
                    .modules
                    .insert((import.importer, import.block), import.targets);
            }
        }
    }
    loaded
}

/// An `import.file` whose module was read and parsed.
struct Import {
    /// The unit holding the block.
    importer: usize,
    /// The block's name offset (its key in [`ModuleMap`]).
    block: u32,
    /// The span of its `filename` value.
    span: Span,
    /// The module's units.
    targets: Vec<usize>,
}

/// The imports that close a cycle, each (by index in `imports`) with the
/// units of its cycle, from the unit imported again to the importer.
///
/// Alloy follows an import as it loads the module holding it: an
/// `ImportConfigNode` reads its file as soon as it is evaluated
/// (`internal/nodeconf/importsource/import_file.go:88`, `readFile` calling
/// back with the content at `:186`), and that callback builds a child node
/// for every import block of the content and evaluates it at once
/// (`internal/runtime/internal/controller/node_config_import.go:226-236`,
/// `evaluateChildren` at `:309`). Nothing remembers which files are being
/// loaded, so a module that imports itself, directly or through others,
/// is loaded again without end (grafana/alloy at 66ebea85). A depth-first
/// walk from the configuration's files finds each cycle by the import
/// that leads back into the walk's current path (iteratively: a long
/// chain of modules must not exhaust the stack).
fn import_cycles(units: usize, roots: usize, imports: &[Import]) -> Vec<(usize, Vec<usize>)> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); units];
    for (i, import) in imports.iter().enumerate() {
        by_unit[import.importer].push(i);
    }
    let mut state = vec![State::New; units];
    let mut found: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    for root in 0..roots {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::OnPath;
        path.push(root);
        // Each entry: a unit on the path, its next import and next target.
        let mut work = vec![(root, 0usize, 0usize)];
        while let Some(top) = work.last_mut() {
            let (unit, i, t) = *top;
            let Some(&import) = by_unit[unit].get(i) else {
                state[unit] = State::Done;
                path.pop();
                work.pop();
                continue;
            };
            let Some(&target) = imports[import].targets.get(t) else {
                *top = (unit, i + 1, 0);
                continue;
            };
            top.2 += 1;
            match state[target] {
                State::New => {
                    state[target] = State::OnPath;
                    path.push(target);
                    work.push((target, 0, 0));
                }
                State::OnPath if !found.iter().any(|(f, _)| *f == import) => {
                    let start = path.iter().rposition(|&u| u == target).unwrap_or(0);
                    found.push((import, path[start..].to_vec()));
                }
                State::OnPath | State::Done => {}
            }
        }
    }
    found
}

/// The `import-cycle` diagnostic at the import closing `cycle`.
fn cycle_diagnostic(loaded: &Loaded, import: &Import, cycle: &[usize]) -> Diagnostic {
    let name = |u: usize| loaded.units[u].source.name.as_str();
    let message = match cycle {
        [only] => format!("import cycle: {} imports itself", name(*only)),
        _ => {
            // From the importer: it imports the first, ..., which imports it.
            let chain: Vec<&str> = cycle[cycle.len() - 1..]
                .iter()
                .chain(cycle)
                .map(|&u| name(u))
                .collect();
            format!("import cycle: {}", chain.join(" → "))
        }
    };
    importer_diagnostic(loaded, import.importer, import.span, Code::ImportCycle, message).with_help(
        "Alloy loads a module's imports as it loads the module, so it would load these files again without end: remove the import that leads back",
    )
}

/// Reads a module file or directory; `None` when it cannot be read or
/// does not parse (reported at `span` of `importer`).
fn read_module(
    loaded: &mut Loaded,
    files: &dyn FileAccess,
    path: &Path,
    importer: usize,
    span: Span,
) -> Option<Vec<usize>> {
    let paths = match files.kind(path) {
        Ok(EntryKind::Directory) => config_paths::top_level_alloy_files(files, path).ok()?,
        Ok(_) => vec![path.to_path_buf()],
        Err(e) => {
            let d = importer_diagnostic(
                loaded,
                importer,
                span,
                Code::ModuleNotFound,
                format!("cannot read module {}: {e}", path.display()),
            )
            .with_help(
                "the file is resolved next to the importing configuration; its components are not checked",
            );
            loaded.diagnostics.push(d);
            return None;
        }
    };
    let mut ids = Vec::new();
    let mut broken = false;
    for file in paths {
        let name = file.display().to_string();
        let (code, message) = match named::read_named(files, &file) {
            Ok(named) => match parse_module(name, file, named) {
                Ok(unit) => {
                    ids.push(loaded.units.len());
                    loaded.units.push(unit);
                    continue;
                }
                Err(ModuleProblem::Shown(shown)) => {
                    let (source, errors) = *shown;
                    loaded
                        .diagnostics
                        .extend(syntax_diagnostics(&errors, &source));
                    let message = format!("module {} does not parse", source.name);
                    loaded.unparsed.push(source);
                    (Code::ModuleError, message)
                }
                Err(ModuleProblem::NotShown(message, at)) => {
                    let d = importer_diagnostic(loaded, importer, span, Code::ModuleError, message);
                    loaded.diagnostics.push(d.with_related(at));
                    broken = true;
                    continue;
                }
            },
            Err(NamedError::Unreadable(e)) => (
                Code::ModuleNotFound,
                format!("cannot read module {name}: {e}"),
            ),
            Err(e) => (
                Code::ModuleError,
                format!("{name} is not an Alloy module: {e}"),
            ),
        };
        let d = importer_diagnostic(loaded, importer, span, code, message);
        loaded.diagnostics.push(d);
        broken = true;
    }
    (!broken).then_some(ids)
}

/// Why a module read as text is not loaded.
enum ModuleProblem {
    /// A `.alloy` file with syntax errors: they are shown in its text.
    Shown(Box<(Source, syntax::SyntaxErrors)>),
    /// A file called otherwise that is not a module: the message for the
    /// importing line, with no text of the file, and where in the file it
    /// goes wrong (a position, no text).
    NotShown(String, Related),
}

/// Parses the module `named` read from `file`. A file whose name does
/// not end in `.alloy` must parse and hold only what a module holds
/// (Alloy's rule: `declare` and `import` blocks,
/// `internal/runtime/internal/controller/node_config_import.go:256-276`),
/// or it is not taken for a module: a `.env` file of `KEY=value` lines
/// parses, and its values must not reach a code frame.
fn parse_module(
    name: String,
    file: PathBuf,
    named: named::NamedFile,
) -> Result<LoadedUnit, ModuleProblem> {
    let source = Source {
        name,
        path: Some(file),
        text: named.text,
    };
    match (syntax::parse(&source.text), named.shown) {
        (Ok(parsed), true) => Ok(LoadedUnit {
            source,
            parsed,
            has_syntax_errors: false,
        }),
        (Ok(parsed), false) => match first_non_module_statement(&parsed.file.body) {
            None => Ok(LoadedUnit {
                source,
                parsed,
                has_syntax_errors: false,
            }),
            Some(offset) => Err(ModuleProblem::NotShown(
                format!(
                    "{} is not an Alloy module: it holds something other than a declare or import block, the only statements of a module (its text is not shown: its name does not end in .alloy)",
                    source.name
                ),
                Related::at(
                    &source.name,
                    Span { offset, len: 0 },
                    &parsed.lines,
                    "the first statement that is not a declare or import block",
                ),
            )),
        },
        (Err(errors), true) => Err(ModuleProblem::Shown(Box::new((source, errors)))),
        (Err(errors), false) => {
            let first = Diagnostic::from_syntax_error(errors.first(), &source.name, &source.text);
            Err(ModuleProblem::NotShown(
                format!(
                    "{} is not an Alloy module: it does not parse (its text is not shown: its name does not end in .alloy)",
                    source.name
                ),
                first.place("the first syntax error"),
            ))
        }
    }
}

/// The offset of the first top-level statement that is neither a
/// `declare` nor an `import.*` block.
fn first_non_module_statement(body: &[Stmt]) -> Option<usize> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::Block(b) if &*b.name == "declare" || b.name.starts_with("import.") => None,
        Stmt::Block(b) => Some(b.name_pos as usize),
        Stmt::Attribute(a) => Some(a.span().start),
        Stmt::Error(_) => None,
    })
}

fn importer_diagnostic(
    loaded: &Loaded,
    importer: usize,
    span: Span,
    code: Code,
    message: String,
) -> Diagnostic {
    let unit = &loaded.units[importer];
    Diagnostic::at(
        crate::rules::default_severity(code),
        code,
        &unit.source.name,
        span,
        &unit.parsed.lines,
        message,
    )
}

/// The syntax errors of a source, as `syntax-error` diagnostics (and the
/// entry counting those left out, if there were too many).
pub fn syntax_diagnostics(errors: &syntax::SyntaxErrors, source: &Source) -> Vec<Diagnostic> {
    Diagnostic::from_syntax_errors(errors, &source.name, &source.text)
        .into_iter()
        .map(|mut d| {
            if d.code.is_none() {
                d.code = Some(Code::SyntaxError);
                d.severity = Severity::Error;
            }
            d
        })
        .collect()
}

/// Every `import.file` block with a literal `filename`, anywhere in
/// `body`: its name offset, the file name and the span of the value.
fn collect_imports(body: &[Stmt], out: &mut Vec<(u32, String, Span)>) {
    let mut stack: Vec<&[Stmt]> = vec![body];
    while let Some(body) = stack.pop() {
        for stmt in body {
            let Stmt::Block(block) = stmt else { continue };
            if &*block.name == "import.file" {
                if let Some((name, span)) = filename(block) {
                    out.push((block.name_pos, name, span));
                }
            }
            stack.push(&block.body);
        }
    }
}

fn filename(block: &Block) -> Option<(String, Span)> {
    let value = block.attribute("filename")?;
    let name = value.string_value()?;
    let span = value.span();
    Some((
        name,
        Span {
            offset: span.start,
            len: span.len(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(importer: usize, targets: &[usize]) -> Import {
        Import {
            importer,
            block: 0,
            span: Span { offset: 0, len: 0 },
            targets: targets.to_vec(),
        }
    }

    #[test]
    fn finds_each_cycle_at_the_import_leading_back() {
        // 0 (root) → 1 → 2 → 1; 2 → 3 (a directory of 3 and 4); 4 → 4.
        let imports = [
            import(0, &[1]),
            import(1, &[2]),
            import(2, &[1]),
            import(2, &[3, 4]),
            import(4, &[4]),
        ];
        let cycles = import_cycles(5, 1, &imports);
        assert_eq!(cycles, vec![(2, vec![1, 2]), (4, vec![4])]);
    }

    #[test]
    fn a_module_imported_twice_is_no_cycle() {
        // 0 → 1, 0 → 2, 1 → 3, 2 → 3: a diamond.
        let imports = [
            import(0, &[1]),
            import(0, &[2]),
            import(1, &[3]),
            import(2, &[3]),
        ];
        assert!(import_cycles(4, 1, &imports).is_empty());
    }

    #[test]
    fn long_chains_do_not_exhaust_the_stack() {
        let n = 200_000;
        let mut imports: Vec<Import> = (0..n - 1).map(|u| import(u, &[u + 1])).collect();
        imports.push(import(n - 1, &[0]));
        let cycles = import_cycles(n, 1, &imports);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].0, n - 1);
        assert_eq!(cycles[0].1.len(), n);
    }
}
