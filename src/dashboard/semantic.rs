//! The checks that need the whole dashboard, over what lowering recorded:
//! units against Grafana's list, variable references against the declared
//! variables, the variables' dependency graph, each query in its
//! datasource's language, and the datasources a panel kind needs.

use super::lower::Sites;
use super::model::{DatasourceKind, PanelKind};
use super::query;
use super::schema;
use super::variables;
use crate::check::context::{Context, Loc, UnitId};
use crate::check::suggest;
use crate::rules::Code;

/// Runs every check over `sites` of `unit`.
pub fn check(ctx: &mut Context<'_>, unit: UnitId, sites: &Sites) {
    units(ctx, sites);
    variable_references(ctx, unit, sites);
    queries(ctx, unit, sites);
    panel_datasources(ctx, sites);
}

/// Words people write for a unit, and Grafana's id for it.
const ALIASES: &[(&str, &str)] = &[
    ("second", "s"),
    ("seconds", "s"),
    ("sec", "s"),
    ("millisecond", "ms"),
    ("milliseconds", "ms"),
    ("microseconds", "µs"),
    ("nanoseconds", "ns"),
    ("minutes", "m"),
    ("hours", "h"),
    ("days", "d"),
    ("%", "percent"),
    ("ratio", "percentunit"),
    ("byte", "bytes"),
    ("requests/s", "reqps"),
    ("bytes/s", "Bps"),
];

fn units(ctx: &mut Context<'_>, sites: &Sites) {
    for (unit, loc) in &sites.units {
        if schema::is_known_unit(unit) {
            continue;
        }
        let known = schema::units();
        let alias = ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(unit));
        let closest = alias
            .map(|(_, id)| *id)
            .or_else(|| suggest::closest(unit, known.iter().map(String::as_str)));
        let help = match closest {
            Some(c) => format!("did you mean \"{c}\"?"),
            None => "use a unit id from Grafana's unit picker (\"short\", \"s\", \"bytes\", \"reqps\", \"percentunit\"), or \"suffix:TEXT\" for a custom one".into(),
        };
        ctx.report(Code::UnknownUnit, *loc, format!("unknown unit \"{unit}\""))
            .help = Some(help);
    }
}

fn variable_references(ctx: &mut Context<'_>, unit: UnitId, sites: &Sites) {
    let names: Vec<&str> = sites.variables.iter().map(|(n, _)| n.as_str()).collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for text in &sites.texts {
        for r in variables::find(&text.map.value) {
            if let Some(target) = names.iter().position(|n| *n == r.name) {
                if let Some(v) = text.variable {
                    if !edges[v].contains(&target) {
                        edges[v].push(target);
                    }
                }
                continue;
            }
            if variables::is_built_in(&r.name) || sites.datasource_variables.contains(&r.name) {
                continue;
            }
            let loc = Loc::new(unit, text.map.range(r.range.clone()));
            let candidates = names
                .iter()
                .copied()
                .chain(variables::BUILT_INS.iter().copied());
            let help = match suggest::closest(&r.name, candidates) {
                Some(c) => format!("did you mean `${c}`?"),
                None => format!(
                    "declare it: `variable \"{}\" {{ type = \"custom\", values = [...] }}`",
                    r.name
                ),
            };
            ctx.report(
                Code::UndefinedVariable,
                loc,
                format!("variable \"{}\" is not declared in this dashboard", r.name),
            )
            .help = Some(help);
        }
    }
    for cycle in variables::cycles(&edges) {
        let first = cycle[0];
        let path: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&first))
            .map(|&v| names[v])
            .collect();
        let message = if cycle.len() == 1 {
            format!("variable \"{}\" refers to itself", names[first])
        } else {
            format!(
                "variables refer to each other in a loop: {}",
                path.join(" → ")
            )
        };
        ctx.report(Code::VariableCycle, sites.variables[first].1, message)
            .help = Some(
            "a variable may use other variables, but not itself, directly or through them: break the loop".into(),
        );
    }
}

fn queries(ctx: &mut Context<'_>, unit: UnitId, sites: &Sites) {
    for q in &sites.queries {
        let (Some(ds), Some(expr)) = (&q.datasource, &q.expr) else {
            continue;
        };
        let Some(Some(kind)) = sites.datasources.get(ds) else {
            continue;
        };
        let Err(error) = query::check(*kind, &expr.value) else {
            continue;
        };
        if let Some(other) = query::other_language(*kind, &expr.value) {
            ctx.report(
                Code::QueryLanguageMismatch,
                q.expr_loc,
                format!(
                    "this query is {}, but datasource.{ds} is a {} datasource, which runs {}",
                    other.language(),
                    name(*kind),
                    kind.language()
                ),
            )
            .help = Some(format!(
                "run it on a {} datasource, or write it in {}",
                name(other),
                kind.language()
            ));
            continue;
        }
        let code = match kind {
            DatasourceKind::Prometheus => Code::InvalidPromql,
            DatasourceKind::Loki => Code::InvalidLogql,
            DatasourceKind::Tempo => Code::InvalidTraceql,
        };
        let loc = Loc::new(unit, expr.range(error.range.clone()));
        ctx.report(
            code,
            loc,
            format!("invalid {}: {}", kind.language(), error.message),
        );
    }
}

fn panel_datasources(ctx: &mut Context<'_>, sites: &Sites) {
    for panel in &sites.panels {
        let needed = match panel.kind {
            PanelKind::Logs => DatasourceKind::Loki,
            PanelKind::Traces => DatasourceKind::Tempo,
            _ => continue,
        };
        let kinds: Vec<Option<DatasourceKind>> = panel
            .queries
            .iter()
            .map(|&q| {
                sites.queries[q]
                    .datasource
                    .as_ref()
                    .and_then(|d| sites.datasources.get(d).copied().flatten())
            })
            .collect();
        // A query on an unknown datasource is reported as such.
        if kinds.iter().any(|k| k.is_none() || *k == Some(needed)) {
            continue;
        }
        let what = panel.kind.plugin_id();
        let loki_or_tempo = name(needed);
        let message = if kinds.is_empty() {
            format!("{what} panel has no query: it needs one on a {loki_or_tempo} datasource")
        } else {
            format!("{what} panel has no query on a {loki_or_tempo} datasource")
        };
        ctx.report(Code::PanelDatasourceKind, panel.header, message)
            .help = Some(format!(
            "a {what} panel shows {}: add `query \"A\" {{ datasource = datasource.NAME, expr = \"...\" }}` naming a datasource with `type = \"{}\"`",
            match needed {
                DatasourceKind::Loki => "log lines",
                _ => "traces",
            },
            needed.plugin_id()
        ));
    }
}

/// A datasource kind as people name it.
fn name(kind: DatasourceKind) -> &'static str {
    match kind {
        DatasourceKind::Prometheus => "Prometheus",
        DatasourceKind::Loki => "Loki",
        DatasourceKind::Tempo => "Tempo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_name_grafana_units() {
        for (alias, id) in ALIASES {
            assert!(schema::is_known_unit(id), "{alias} -> {id}");
            assert!(!schema::is_known_unit(alias), "{alias} is a unit itself");
        }
    }
}
