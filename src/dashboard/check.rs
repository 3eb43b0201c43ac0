//! Checking a dashboard file: the schema pass, lowering, then the checks
//! over the whole dashboard.
//!
//! The schema pass is the configuration checker's own: the `dashboard`
//! block is checked by [`Checker::check_body`] against
//! `schemas/dashboard.json` (unknown, missing, duplicate and misshapen
//! attributes and blocks, value types, enumerated strings, did-you-mean
//! help), with one node per `datasource` block in the scope, so that
//! `datasource.NAME` resolves, or not, exactly as a component reference
//! does. Its messages are then worded for dashboards.

use crate::rules::Code;
use std::path::Path;

use super::alloy_config::{self, Place};
use super::lower::{Lowering, Sites};
use super::model::Dashboard;
use super::{schema, semantic};
use crate::check::context::{alloy_undefined_reference, Context, Loc, Unit, UnitId};
use crate::check::engine::{Checker, ModuleMap};
use crate::check::scope::{NodeInfo, NodeKind};
use crate::check::Options;
use crate::diagnostics::Diagnostic;
use crate::secrets;
use crate::syntax::ast::{self, Block, Stmt};
use crate::syntax::LineIndex;

/// Checks the dashboard file `file` (named `unit_name`, parsed from
/// `source`) and lowers it: the dashboard, when the file has a `dashboard`
/// block, and every diagnostic found (suppression comments not applied).
pub fn lower(
    unit_name: &str,
    source: &[u8],
    file: &ast::File,
    lines: &LineIndex,
) -> (Option<Dashboard>, Vec<Diagnostic>) {
    lower_at(unit_name, source, file, lines, None)
}

/// [`lower`], and with a `place` (where the file was read from), checks
/// the dashboard against the Alloy configuration it names
/// ([`alloy_config`]).
pub fn lower_at(
    unit_name: &str,
    source: &[u8],
    file: &ast::File,
    lines: &LineIndex,
    place: Option<Place<'_>>,
) -> (Option<Dashboard>, Vec<Diagnostic>) {
    let path = place.and_then(|p| p.path).map(Path::to_path_buf);
    let units = vec![Unit {
        name: unit_name,
        path: path.as_ref(),
        source,
        lines,
        file,
    }];
    let mut ctx = Context {
        units,
        options: Options::default(),
        files: place.map_or(&crate::files::DiskFiles, |p| p.files),
        undefined_wording: alloy_undefined_reference,
        diagnostics: Vec::new(),
        secrets: Vec::new(),
    };
    let dashboard = check_unit(&mut ctx, 0, place);
    (dashboard, ctx.diagnostics)
}

/// Credentials written anywhere in a dashboard file (a title, a query, a
/// link, a comment): the generated JSON would carry them to every
/// Grafana the dashboard is imported into.
fn credentials(ctx: &mut Context<'_>, unit: UnitId) {
    let source = ctx.units[unit].source;
    let mut found: Vec<(std::ops::Range<usize>, &str)> =
        secrets::shapes::find_credentials_in(source)
            .into_iter()
            .map(|c| (c.start..c.end, c.kind))
            .collect();
    found.extend(
        secrets::url_password::find_url_passwords(source)
            .into_iter()
            .map(|r| (r, "password in a URL")),
    );
    for (range, kind) in found {
        let shown = secrets::redact(&String::from_utf8_lossy(&source[range.clone()]));
        ctx.report(
            Code::CredentialInConfig,
            Loc::new(unit, range),
            format!("{kind} written in the dashboard ({shown})"),
        )
        .help = Some(
            "revoke it (it is in your history now) and remove it: a dashboard is shared with everyone who can view it in Grafana".into(),
        );
    }
}

/// Checks unit `unit` of `ctx`, a dashboard file, and lowers it; with a
/// `place`, against the Alloy configuration it names too.
pub fn check_unit<'a>(
    ctx: &mut Context<'a>,
    unit: UnitId,
    place: Option<Place<'_>>,
) -> Option<Dashboard> {
    let file: &'a ast::File = ctx.units[unit].file;
    let mut found: Option<&'a Block> = None;
    for stmt in &file.body {
        match stmt {
            Stmt::Error(_) => {}
            Stmt::Block(b) if &*b.name == "dashboard" && found.is_none() => found = Some(b),
            Stmt::Block(b) if &*b.name == "dashboard" => {
                let header = header(unit, b);
                ctx.report(
                    Code::DuplicateBlock,
                    header,
                    "a dashboard file holds one dashboard: this is a second one",
                )
                .help = Some("put each dashboard in a file of its own".into());
            }
            Stmt::Block(b) => {
                let loc = Loc::new(
                    unit,
                    b.name_pos as usize..b.name_pos as usize + b.name.len(),
                );
                ctx.report(
                    Code::UnknownBlock,
                    loc,
                    format!(
                        "unrecognized block name \"{}\": a dashboard file holds only its dashboard block",
                        b.name
                    ),
                )
                .help = Some(
                    "Alloy components go in the configuration's own files, not next to a dashboard"
                        .into(),
                );
            }
            Stmt::Attribute(a) => {
                ctx.report(
                    Code::TopLevelAttribute,
                    Loc::new(unit, a.span()),
                    format!(
                        "unrecognized attribute name \"{}\": a dashboard file holds only its dashboard block",
                        a.name.name
                    ),
                )
                .help = Some("dashboard settings go inside the `dashboard` block".into());
            }
        }
    }
    credentials(ctx, unit);
    let block = found?;
    if block.label_text().is_none() {
        let loc = Loc::new(
            unit,
            block.name_pos as usize..block.name_pos as usize + block.name.len(),
        );
        ctx.report(Code::MissingLabel, loc, "dashboard block must have a label")
            .help = Some(
            "the label is the dashboard's uid and file name: `dashboard \"wpt-worker\" { ... }`"
                .into(),
        );
    }
    schema_pass(ctx, unit, block);
    let mut lowering = Lowering::new(ctx, unit);
    let dashboard = lowering.dashboard(block);
    let sites: Sites = std::mem::take(&mut lowering.sites);
    semantic::check(ctx, unit, &sites);
    if let Some(place) = place {
        alloy_config::check(ctx, unit, block, &sites, place);
    }
    Some(dashboard)
}

/// A block's name and label.
fn header(unit: UnitId, b: &Block) -> Loc {
    let end = match &b.label {
        Some(l) => l.pos as usize + l.value.len() + 2,
        None => b.name_pos as usize + b.name.len(),
    };
    Loc::new(unit, b.name_pos as usize..end)
}

/// A dashboard's words for a reference that names nothing: its references
/// name datasources, not components.
fn undefined_in_dashboard(full: &str) -> (String, Option<String>) {
    match full.strip_prefix("datasource.") {
        Some(rest) => {
            let name = rest.split('.').next().unwrap_or(rest);
            (
                format!("datasource \"{name}\" is not declared in this dashboard"),
                Some(format!(
                    "declare it: `datasource \"{name}\" {{ type = \"prometheus\" }}`"
                )),
            )
        }
        None => (
            format!("\"{full}\" names nothing in this dashboard"),
            Some(
                "a datasource is referenced as `datasource.NAME`, naming a `datasource` block of this dashboard"
                    .into(),
            ),
        ),
    }
}

/// The configuration checker's body checks over the `dashboard` block.
fn schema_pass<'a>(ctx: &mut Context<'a>, unit: UnitId, block: &'a Block) {
    // Its messages name datasources, not components.
    let wording = std::mem::replace(&mut ctx.undefined_wording, undefined_in_dashboard);
    let modules = ModuleMap::new();
    let dashboard = schema::dashboard();
    let mut checker = Checker::new(ctx, Vec::new(), &modules);
    let node = |id: String, block: &'a Block, schema| NodeInfo {
        id,
        unit,
        block,
        kind: NodeKind::Config(schema),
        scope: 0,
        edges: Vec::new(),
        used_exports: Vec::new(),
        self_reported: false,
    };
    checker
        .nodes
        .push(node("dashboard".into(), block, dashboard));
    for stmt in &block.body {
        let Stmt::Block(b) = stmt else { continue };
        let Some(name) = b.label_text().filter(|_| &*b.name == "datasource") else {
            continue;
        };
        let id = format!("datasource.{name}");
        let nid = checker.nodes.len();
        checker
            .nodes
            .push(node(id.clone(), b, &dashboard.blocks["datasource"]));
        checker.scopes[0].add_node(id, nid);
    }
    checker.check_body(
        0,
        unit,
        dashboard,
        &block.body,
        block,
        &mut Vec::new(),
        &mut |_, _| {},
    );
    ctx.undefined_wording = wording;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn check(text: &str) -> (Option<Dashboard>, Vec<String>) {
        let parsed = parse(text.as_bytes()).expect("parses");
        let (d, diagnostics) = lower("d.alloy", text.as_bytes(), &parsed.file, &parsed.lines);
        let lines = diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}: {}",
                    d.line,
                    d.column,
                    d.code.map_or("", Code::as_str),
                    d.message
                )
            })
            .collect();
        (d, lines)
    }

    const BASE: &str = r#"dashboard "wpt" {
	title = "WPT"

	datasource "metrics" {
		type = "prometheus"
	}

	datasource "logs" {
		type = "loki"
	}

	variable "job" {
		type       = "query"
		datasource = datasource.metrics
		query      = "label_values(up, job)"
	}

	row "requests" {
		title = "Requests $job"

		panel.timeseries "rate" {
			title = "Rate"
			unit  = "reqps"
			width = "half"

			query "A" {
				datasource = datasource.metrics
				expr       = "sum(rate(x{job=\"$job\"}[$__rate_interval]))"
			}
		}
	}

	panel.logs "lines" {
		title = "Logs"
		width = "full"

		query "A" {
			datasource = datasource.logs
			expr       = "{job=\"$job\"} |= \"error\""
		}
	}
}
"#;

    #[test]
    fn a_valid_dashboard_lowers_without_diagnostics() {
        let (d, diagnostics) = check(BASE);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let d = d.unwrap();
        assert_eq!(d.slug, "wpt");
        assert_eq!(d.datasources.len(), 2);
        assert_eq!(d.variables[0].name, "job");
        assert_eq!(d.items.len(), 2);
        let super::super::model::Item::Row(row) = &d.items[0] else {
            panic!("a row first");
        };
        assert_eq!(row.title, "Requests $job");
        assert_eq!(
            row.panels[0].queries[0].expr,
            r#"sum(rate(x{job="$job"}[$__rate_interval]))"#
        );
        let span = row.panels[0].queries[0].expr_span;
        assert!(BASE[span.offset..span.end()].starts_with("\"sum(rate"));
    }

    #[test]
    fn schema_problems_use_the_configuration_codes() {
        let text = BASE
            .replace("title = \"Rate\"", "titel = \"Rate\"")
            .replace(
                "datasource = datasource.logs",
                "datasource = datasource.log",
            );
        let (_, diagnostics) = check(&text);
        let joined = diagnostics.join("\n");
        assert!(
            joined.contains("unknown-attribute: unrecognized attribute name \"titel\""),
            "{joined}"
        );
        assert!(joined.contains("missing-attribute"), "{joined}");
        assert!(
            joined.contains(
                "undefined-reference: datasource \"log\" is not declared in this dashboard"
            ),
            "{joined}"
        );
        // No query check on a query whose datasource is unknown.
        assert!(!joined.contains("panel-datasource-kind"), "{joined}");
    }

    #[test]
    fn a_value_that_is_not_a_datasource_is_worded_for_dashboards() {
        let text = BASE.replace("datasource = datasource.logs", "datasource = \"logs\"");
        let parsed = parse(text.as_bytes()).expect("parses");
        let (_, diagnostics) = lower("d.alloy", text.as_bytes(), &parsed.file, &parsed.lines);
        let d = diagnostics
            .iter()
            .find(|d| d.code == Some(Code::TypeMismatch))
            .expect("a type mismatch");
        assert_eq!(d.message, "expected a datasource reference, got string");
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("`datasource.NAME`")),
            "{d:?}"
        );
        // Outside the dashboard's schema pass, Alloy's words.
        assert!(diagnostics
            .iter()
            .all(|d| !d.message.contains("does not exist or is out of scope")));
    }

    #[test]
    fn query_errors_point_into_the_string() {
        let text = BASE.replace("[$__rate_interval]))", "[$__rate_interval])");
        let (_, diagnostics) = check(&text);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        // At the `(` of `"sum(`.
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("\"sum("))
            .unwrap();
        let col = line.find("sum(").unwrap() + 4;
        assert_eq!(
            diagnostics[0],
            format!(
                "{}:{col} invalid-promql: invalid PromQL: `(` is never closed",
                n + 1
            )
        );
    }

    #[test]
    fn dashboard_rules_fire() {
        let text = BASE
            .replace("\"reqps\"", "\"req/s\"")
            .replace("job=\\\"$job\\\"}[", "job=\\\"$jb\\\"}[")
            .replace(
                "datasource = datasource.logs",
                "datasource = datasource.metrics",
            );
        let (_, diagnostics) = check(&text);
        let joined = diagnostics.join("\n");
        assert!(
            joined.contains("unknown-unit: unknown unit \"req/s\""),
            "{joined}"
        );
        assert!(
            joined.contains("undefined-variable: variable \"jb\""),
            "{joined}"
        );
        assert!(
            joined.contains("query-language-mismatch: this query is LogQL"),
            "{joined}"
        );
        assert!(
            joined.contains("panel-datasource-kind: logs panel has no query on a Loki datasource"),
            "{joined}"
        );
    }

    proptest::proptest! {
        /// Whatever a query holds (escapes, non-ASCII, variables), checking
        /// never panics and every diagnostic lies inside the file.
        #[test]
        fn any_query_is_checked_without_panicking(
            query in r#"[a-z{}()\[\]|=!~<>&,.:"`$0-9 é\\\n\t+-]{0,40}"#,
            kind in 0..3usize,
        ) {
            let ds = ["datasource.metrics", "datasource.logs", "datasource.metrics"][kind];
            let expr = crate::syntax::quote::go_quote(&query);
            let text = BASE
                .replace("datasource = datasource.logs", &format!("datasource = {ds}"))
                .replace(
                    r#""{job=\"$job\"} |= \"error\"""#,
                    &expr,
                );
            let written = format!("expr       = {expr}");
            proptest::prop_assert!(text.contains(&written));
            let parsed = parse(text.as_bytes()).expect("parses");
            let (_, diagnostics) = lower("d.alloy", text.as_bytes(), &parsed.file, &parsed.lines);
            for d in diagnostics {
                proptest::prop_assert!(d.span.end() <= text.len());
                proptest::prop_assert!(text.is_char_boundary(d.span.offset));
                proptest::prop_assert!(text.is_char_boundary(d.span.end()));
            }
        }
    }

    #[test]
    fn datasources_without_a_uid_are_variables() {
        let text = BASE.replace("title = \"Logs\"", "title = \"Logs from ${logs}\"");
        assert!(check(&text).1.is_empty());
        let text = BASE.replace("variable \"job\"", "variable \"logs\"");
        let (_, diagnostics) = check(&text);
        assert!(
            diagnostics[0]
                .contains("duplicate-block: variable \"logs\" has the name of datasource"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn variable_cycles_are_found() {
        let text = BASE.replace(
            "query      = \"label_values(up, job)\"",
            "query      = \"label_values(up{job=~\\\"$job\\\"}, job)\"",
        );
        let (_, diagnostics) = check(&text);
        assert_eq!(
            diagnostics,
            ["12:2 variable-cycle: variable \"job\" refers to itself"]
        );
    }
}
