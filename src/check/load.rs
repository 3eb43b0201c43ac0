//! Reading a configuration before it is checked: parsing its files and,
//! transitively, the modules their `import.file` blocks name, so that the
//! check itself only borrows parsed trees.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::engine::ModuleMap;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::files::config_paths;
use crate::syntax::ast::{Block, Stmt};
use crate::syntax::{self, ParsedFile};

/// One file to check, as read by the caller.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name diagnostics use (`alloy-config.alloy`, `<stdin>`).
    pub name: String,
    /// Where it was read from; imports are resolved next to it.
    pub path: Option<PathBuf>,
    /// Its bytes.
    pub text: Vec<u8>,
}

/// A parsed file of the configuration or an imported module.
#[derive(Debug)]
pub struct LoadedUnit {
    /// The source.
    pub source: Source,
    /// Its tree.
    pub parsed: ParsedFile,
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

/// Parses `sources` and the modules they import. Sources that do not parse
/// contribute their syntax errors and are left out of `units`.
pub fn load(sources: Vec<Source>) -> Loaded {
    let mut loaded = Loaded::default();
    for source in sources {
        match syntax::parse(&source.text) {
            Ok(parsed) => loaded.units.push(LoadedUnit { source, parsed }),
            Err(errors) => {
                loaded
                    .diagnostics
                    .extend(syntax_diagnostics(&errors, &source));
                loaded.unparsed.push(source);
                loaded.failed_roots += 1;
            }
        }
    }
    loaded.roots = loaded.units.len();
    let mut by_path: HashMap<PathBuf, Option<Vec<usize>>> = HashMap::new();
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
            let path = config_paths::resolve_next_to(base.as_deref(), &filename);
            let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let ids = match by_path.get(&key) {
                Some(ids) => ids.clone(),
                None => {
                    let ids = read_module(&mut loaded, &path, unit, span);
                    by_path.insert(key, ids.clone());
                    ids
                }
            };
            if let Some(ids) = ids {
                loaded.modules.insert((unit, block), ids);
            }
        }
    }
    loaded
}

/// Reads a module file or directory; `None` when it cannot be read or
/// does not parse (reported at `span` of `importer`).
fn read_module(
    loaded: &mut Loaded,
    path: &Path,
    importer: usize,
    span: Span,
) -> Option<Vec<usize>> {
    let files = match fs::metadata(path) {
        Ok(m) if m.is_dir() => config_paths::top_level_alloy_files(path).ok()?,
        Ok(_) => vec![path.to_path_buf()],
        Err(e) => {
            let d = importer_diagnostic(
                loaded,
                importer,
                span,
                "module-not-found",
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
    for file in files {
        let name = file.display().to_string();
        let text = match fs::read(&file) {
            Ok(t) => t,
            Err(e) => {
                let d = importer_diagnostic(
                    loaded,
                    importer,
                    span,
                    "module-not-found",
                    format!("cannot read module {name}: {e}"),
                );
                loaded.diagnostics.push(d);
                broken = true;
                continue;
            }
        };
        let source = Source {
            name,
            path: Some(file),
            text,
        };
        match syntax::parse(&source.text) {
            Ok(parsed) => {
                ids.push(loaded.units.len());
                loaded.units.push(LoadedUnit { source, parsed });
            }
            Err(errors) => {
                loaded
                    .diagnostics
                    .extend(syntax_diagnostics(&errors, &source));
                let d = importer_diagnostic(
                    loaded,
                    importer,
                    span,
                    "module-error",
                    format!("module {} does not parse", source.name),
                );
                loaded.diagnostics.push(d);
                loaded.unparsed.push(source);
                broken = true;
            }
        }
    }
    (!broken).then_some(ids)
}

fn importer_diagnostic(
    loaded: &Loaded,
    importer: usize,
    span: Span,
    code: &str,
    message: String,
) -> Diagnostic {
    let unit = &loaded.units[importer];
    Diagnostic::at(
        super::rules::default_severity(code),
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
                d.code = Some("syntax-error".into());
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
