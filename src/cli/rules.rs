//! `alloy-lint rules` and `alloy-lint explain CODE`: the rule registry,
//! printed.

use clap::{Args, ValueEnum};

use super::{ExitStatus, Streams};
use crate::check::suggest;
use crate::rules;

/// Arguments of `alloy-lint rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// `text` (a table) or `json`.
    #[arg(long, value_enum, default_value_t)]
    pub format: RulesFormat,
}

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule: code, severity, summary.
    #[default]
    Text,
    /// A JSON array of `{code, severity, summary}`.
    Json,
}

/// Arguments of `alloy-lint explain`.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The rule's code, such as `undefined-reference`.
    pub code: String,
}

/// Prints the rule table.
pub fn run_rules(args: &RulesArgs, streams: &mut Streams<'_>) -> ExitStatus {
    let text = match args.format {
        RulesFormat::Text => rules_table(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::all()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code.as_str(),
                        "severity": r.severity.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    match streams.stdout.write_all(text.as_bytes()) {
        Ok(()) => ExitStatus::Success,
        Err(_) => ExitStatus::Failure,
    }
}

/// `code  severity  summary`, aligned.
pub fn rules_table() -> String {
    let width = rules::all()
        .map(|r| r.code.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for r in rules::all() {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            r.code,
            r.severity.as_str(),
            r.summary
        ));
    }
    out
}

/// The text `explain` prints for `code`, or an error with a suggestion.
pub fn explanation(code: &str) -> Result<String, String> {
    let Some(r) = rules::by_name(code) else {
        let mut msg = format!("unknown rule code `{code}`");
        if let Some(c) = suggest::closest(code, rules::all().map(|r| r.code.as_str())) {
            msg.push_str(&format!(" (did you mean `{c}`?)"));
        }
        msg.push_str("; `alloy-lint rules` lists them all");
        return Err(msg);
    };
    Ok(format!(
        "{code} ({severity} by default)\n\n{summary}\n\nWhy it matters\n{explanation}\n\nExample\n{example}\n\nFix\n{fix}\n",
        code = r.code,
        severity = r.severity.as_str(),
        summary = r.summary,
        explanation = r.explanation.trim_end(),
        example = indent(r.example),
        fix = r.fix.trim_end(),
    ))
}

fn indent(text: &str) -> String {
    text.trim_matches('\n')
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints the explanation of one rule.
pub fn run_explain(args: &ExplainArgs, streams: &mut Streams<'_>) -> ExitStatus {
    match explanation(&args.code) {
        Ok(text) => match streams.stdout.write_all(text.as_bytes()) {
            Ok(()) => ExitStatus::Success,
            Err(_) => ExitStatus::Failure,
        },
        Err(msg) => {
            let _ = writeln!(streams.stderr, "error: {msg}");
            ExitStatus::Failure
        }
    }
}
