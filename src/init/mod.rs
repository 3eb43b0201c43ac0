//! `init`: a working Grafana Cloud setup, written from the stack's values.
//!
//! The values (each service's URL and numeric instance ID, the token file,
//! the scrape targets) come from flags and a stack file ([`stack_file`]) as
//! [`Inputs`]; once complete they are a [`Stack`]. [`render`] fills the
//! templates compiled into the binary (`templates/*.hbs`) with each value
//! quoted as an Alloy string literal, and formats the result exactly as
//! `alloy-lint fmt` does. [`validate`] runs the checker over the rendered
//! configuration and maps every finding back to the value it is about, so a
//! bad value is refused with the flag to fix instead of being written into a
//! broken file: the endpoint knowledge stays in `check`. [`plan`] decides
//! what goes where (`.gitignore` included) and [`plan::Plan::write`] writes
//! it. [`prompt`] asks for what is missing on a terminal, checking each
//! answer as it is given.

pub mod gitignore;
pub mod plan;
pub mod prompt;
pub mod stack_file;

use crate::rules::Code;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::json;

use crate::check::{self, Source};
use crate::syntax::ast::{Block, Expr, LiteralKind, Stmt};
use crate::syntax::quote::go_quote;

/// The configuration `init` writes.
pub const CONFIG_FILE: &str = "alloy-config.alloy";
/// The starter dashboard `init` writes.
pub const DASHBOARD_FILE: &str = "grafana-dashboard.alloy";
/// Where the token is read from unless told otherwise.
pub const DEFAULT_TOKEN_FILE: &str = "grafana-token.txt";

/// The longest dashboard slug: a Grafana dashboard uid has at most 40
/// characters.
const SLUG_MAX: usize = 40;

/// The configuration template.
const CONFIG_TEMPLATE: &str = include_str!("templates/alloy-config.alloy.hbs");
/// The dashboard template.
const DASHBOARD_TEMPLATE: &str = include_str!("templates/grafana-dashboard.alloy.hbs");

/// A value `init` needs, with the flag and the stack-file key that give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Prometheus remote_write URL.
    PrometheusUrl,
    /// Prometheus instance ID (basic-auth user name).
    PrometheusUser,
    /// Loki push URL.
    LokiUrl,
    /// Loki instance ID.
    LokiUser,
    /// Tempo OTLP gRPC endpoint, `host:443`.
    TempoEndpoint,
    /// Tempo instance ID.
    TempoUser,
    /// The file holding the access policy token.
    TokenFile,
    /// The job label of the scraped targets (and of the log files).
    Job,
    /// The `host:port` addresses to scrape.
    Targets,
    /// Log files to send to Loki (globs); optional.
    LogPaths,
}

impl Field {
    /// Every field, in the order they are asked for and reported.
    pub const ALL: [Field; 10] = [
        Field::PrometheusUrl,
        Field::PrometheusUser,
        Field::LokiUrl,
        Field::LokiUser,
        Field::TempoEndpoint,
        Field::TempoUser,
        Field::TokenFile,
        Field::Job,
        Field::Targets,
        Field::LogPaths,
    ];

    /// The command-line flag.
    pub fn flag(self) -> &'static str {
        match self {
            Field::PrometheusUrl => "--prometheus-url",
            Field::PrometheusUser => "--prometheus-user",
            Field::LokiUrl => "--loki-url",
            Field::LokiUser => "--loki-user",
            Field::TempoEndpoint => "--tempo-endpoint",
            Field::TempoUser => "--tempo-user",
            Field::TokenFile => "--token-file",
            Field::Job => "--job",
            Field::Targets => "--target",
            Field::LogPaths => "--log-path",
        }
    }

    /// The key in a stack file (dotted: `prometheus.url` is `url` in the
    /// `prometheus` table).
    pub fn key(self) -> &'static str {
        match self {
            Field::PrometheusUrl => "prometheus.url",
            Field::PrometheusUser => "prometheus.user",
            Field::LokiUrl => "loki.url",
            Field::LokiUser => "loki.user",
            Field::TempoEndpoint => "tempo.endpoint",
            Field::TempoUser => "tempo.user",
            Field::TokenFile => "token-file",
            Field::Job => "job",
            Field::Targets => "targets",
            Field::LogPaths => "log-paths",
        }
    }

    /// What the value is and where to find it, for prompts and for the
    /// list of missing values.
    pub fn description(self) -> &'static str {
        match self {
            Field::PrometheusUrl => "Prometheus remote_write URL, ending in /api/prom/push (grafana.com > your stack > Prometheus > Details)",
            Field::PrometheusUser => "Prometheus instance ID, a number (the User on Prometheus > Details)",
            Field::LokiUrl => "Loki URL, ending in /loki/api/v1/push (Loki > Details)",
            Field::LokiUser => "Loki instance ID, a number (the User on Loki > Details)",
            Field::TempoEndpoint => "Tempo endpoint, host:443 without https:// (Tempo > Details)",
            Field::TempoUser => "Tempo instance ID, a number (the User on Tempo > Details)",
            Field::TokenFile => "file holding the access policy token",
            Field::Job => "job name of the scraped service, such as wpt-worker",
            Field::Targets => "host:port of each service to scrape, such as localhost:8787",
            Field::LogPaths => "log files to send to Loki (globs)",
        }
    }

    /// Whether the field takes several values.
    pub fn is_list(self) -> bool {
        matches!(self, Field::Targets | Field::LogPaths)
    }

    /// Whether `init` needs a value given: the token file has a default,
    /// log files are optional.
    pub fn is_required(self) -> bool {
        !matches!(self, Field::TokenFile | Field::LogPaths)
    }
}

/// Where a value came from, to name it in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag,
    /// The stack file at this path.
    StackFile(PathBuf),
    /// An answer to a prompt.
    Prompt,
    /// The built-in default.
    Default,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The value (several for a list field, exactly one otherwise).
    pub values: Vec<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// The values gathered so far, possibly incomplete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    entries: BTreeMap<Field, Entry>,
}

impl Inputs {
    /// Sets `field`. Values are trimmed and empty ones dropped: an empty
    /// value is a missing one. A scalar field keeps the last value.
    pub fn set(&mut self, field: Field, values: Vec<String>, origin: Origin) {
        let mut values: Vec<String> = values
            .iter()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if !field.is_list() && values.len() > 1 {
            values.drain(..values.len() - 1);
        }
        if values.is_empty() {
            self.entries.remove(&field);
        } else {
            self.entries.insert(field, Entry { values, origin });
        }
    }

    /// Forgets `field`.
    pub fn unset(&mut self, field: Field) {
        self.entries.remove(&field);
    }

    /// The value of `field`, if given.
    pub fn get(&self, field: Field) -> Option<&Entry> {
        self.entries.get(&field)
    }

    /// These values over `base`: a field given here replaces the same
    /// field in `base`, lists included.
    pub fn over(self, mut base: Inputs) -> Inputs {
        base.entries.extend(self.entries);
        base
    }

    /// The required fields without a value, in [`Field::ALL`] order.
    pub fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.is_required() && !self.entries.contains_key(f))
            .collect()
    }

    /// How to name `field` in a message: the flag, or the key and the
    /// stack file it was read from.
    pub fn source_of(&self, field: Field) -> String {
        match self.entries.get(&field).map(|e| &e.origin) {
            Some(Origin::StackFile(path)) => format!("`{}` in {}", field.key(), path.display()),
            Some(Origin::Default) | None if field == Field::TokenFile => {
                format!("{} (default {DEFAULT_TOKEN_FILE})", field.flag())
            }
            _ => field.flag().to_owned(),
        }
    }

    /// The complete values, or the required fields still missing.
    pub fn stack(&self) -> Result<Stack, Vec<Field>> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(missing);
        }
        let one = |f: Field| self.entries[&f].values[0].clone();
        let all = |f: Field| {
            self.entries
                .get(&f)
                .map(|e| e.values.clone())
                .unwrap_or_default()
        };
        Ok(Stack {
            prometheus_url: one(Field::PrometheusUrl),
            prometheus_user: one(Field::PrometheusUser),
            loki_url: one(Field::LokiUrl),
            loki_user: one(Field::LokiUser),
            tempo_endpoint: one(Field::TempoEndpoint),
            tempo_user: one(Field::TempoUser),
            token_file: self
                .entries
                .get(&Field::TokenFile)
                .map_or_else(|| DEFAULT_TOKEN_FILE.to_owned(), |e| e.values[0].clone()),
            job: one(Field::Job),
            targets: all(Field::Targets),
            log_paths: all(Field::LogPaths),
        })
    }
}

/// Everything the setup is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    /// Prometheus remote_write URL (`https://prometheus-….grafana.net/api/prom/push`).
    pub prometheus_url: String,
    /// Prometheus instance ID.
    pub prometheus_user: String,
    /// Loki push URL (`https://logs-….grafana.net/loki/api/v1/push`).
    pub loki_url: String,
    /// Loki instance ID.
    pub loki_user: String,
    /// Tempo OTLP gRPC endpoint (`tempo-….grafana.net:443`).
    pub tempo_endpoint: String,
    /// Tempo instance ID.
    pub tempo_user: String,
    /// The token file, as Alloy reads it (relative to where it runs).
    pub token_file: String,
    /// The job label.
    pub job: String,
    /// `host:port` addresses to scrape; at least one.
    pub targets: Vec<String>,
    /// Log file globs; none means no file source.
    pub log_paths: Vec<String>,
}

/// The rendered files, formatted as `alloy-lint fmt` prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// `alloy-config.alloy`.
    pub config: String,
    /// `grafana-dashboard.alloy`.
    pub dashboard: String,
}

/// Renders the configuration and the starter dashboard for `stack`.
pub fn render(stack: &Stack) -> Files {
    let mut registry = Handlebars::new();
    // Values arrive quoted as Alloy literals; HTML escaping would corrupt
    // them, and a missing value must be a bug caught by the tests.
    registry.register_escape_fn(handlebars::no_escape);
    registry.set_strict_mode(true);
    registry
        .register_template_string("config", CONFIG_TEMPLATE)
        .expect("the configuration template is valid handlebars");
    registry
        .register_template_string("dashboard", DASHBOARD_TEMPLATE)
        .expect("the dashboard template is valid handlebars");
    let job = go_quote(&stack.job);
    let ident = identifier(&stack.job);
    let config = json!({
        "token_file": go_quote(&stack.token_file),
        "scrape_label": go_quote(&ident),
        "targets": stack.targets.iter()
            .map(|t| json!({"address": go_quote(t), "job": job}))
            .collect::<Vec<_>>(),
        "prometheus_url": go_quote(&stack.prometheus_url),
        "prometheus_user": go_quote(&stack.prometheus_user),
        "tempo_endpoint": go_quote(&stack.tempo_endpoint),
        "tempo_user": go_quote(&stack.tempo_user),
        "loki_url": go_quote(&stack.loki_url),
        "loki_user": go_quote(&stack.loki_user),
        "logs_label": go_quote(&format!("{ident}_logs")),
        "logs_ident": format!("{ident}_logs"),
        "log_paths": stack.log_paths.iter()
            .map(|p| json!({"path": go_quote(p), "job": job}))
            .collect::<Vec<_>>(),
    });
    // PromQL, LogQL and TraceQL strings take Go's escapes, as Alloy's do.
    let label = go_quote(&stack.job);
    let dashboard = json!({
        // Alloy's block labels are identifiers: the slug is one too, cut to
        // the 40 characters of a Grafana uid.
        "slug": go_quote(&ident[..ident.len().min(SLUG_MAX)]),
        "title": job,
        "job": job,
        "requests_expr": go_quote(&format!("sum by (route) (rate({ident}_requests_total[5m]))")),
        "up_expr": go_quote(&format!("up{{job={label}}}")),
        "logs_expr": go_quote(&format!("{{job={label}}}")),
        "traces_expr": go_quote(&format!("{{resource.service.name={label} && duration > 500ms}}")),
    });
    let formatted = |name: &str, data: &serde_json::Value| {
        let text = registry
            .render(name, data)
            .expect("the templates only use the values given");
        crate::format::format_source(text.as_bytes())
            .expect("every value is quoted, so the rendered file parses")
    };
    Files {
        config: formatted("config", &config),
        dashboard: formatted("dashboard", &dashboard),
    }
}

/// An Alloy identifier made from `name` (component labels, metric names):
/// ASCII letters, digits and `_`, not starting with a digit.
pub fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// A value `check` found fault with, or a finding no value explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The value at fault; `None` for a finding in the fixed part of the
    /// configuration (a bug in `init`).
    pub field: Option<Field>,
    /// The rule's code.
    pub code: Code,
    /// What is wrong (secrets masked, as `check` does).
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

/// The codes about the token file's state on disk: `init` adds the file
/// to `.gitignore` and tells the user to create it, so neither its absence
/// nor (when `init` ignores it) its not being ignored yet is a finding.
const TOKEN_FILE_MISSING: Code = Code::TokenFileMissing;
const TOKEN_FILE_NOT_IGNORED: Code = Code::TokenFileNotIgnored;

/// Checks the rendered configuration as `alloy-lint check` would at
/// `config_path` (where it is to be written), and maps every finding, of
/// any severity, to the value it is about. `gitignored` says `init` adds
/// the token file to `.gitignore`. An empty result means the configuration
/// passes with no finding at all.
pub fn validate(config: &str, config_path: &Path, gitignored: bool) -> Vec<Problem> {
    let report = check::check(
        vec![Source {
            name: CONFIG_FILE.to_owned(),
            path: Some(config_path.to_path_buf()),
            text: config.as_bytes().to_vec(),
        }],
        &check::Options::default(),
    );
    let sites = crate::syntax::parse(config.as_bytes())
        .map(|parsed| value_sites(&parsed.file.body))
        .unwrap_or_default();
    let mut problems: Vec<Problem> = report
        .diagnostics
        .into_iter()
        .filter(|d| match d.code {
            Some(TOKEN_FILE_MISSING) => false,
            Some(TOKEN_FILE_NOT_IGNORED) => !gitignored,
            _ => true,
        })
        .map(|d| {
            let span = d.span.offset..d.span.end();
            let field = sites
                .iter()
                .find(|(_, site)| site.start <= span.start && span.end <= site.end)
                .map(|(field, _)| *field);
            Problem {
                field,
                code: d.code.unwrap_or(Code::SyntaxError),
                message: d.message,
                help: d.help,
            }
        })
        .collect();
    // In the order the values are asked for; findings no value explains
    // last.
    problems.sort_by_key(|p| p.field.map_or(Field::ALL.len(), |f| f as usize));
    problems
}

/// Where each value lands: the component, the attribute or object key,
/// and the field it comes from.
const SITES: &[(&str, &str, Field)] = &[
    ("local.file", "filename", Field::TokenFile),
    ("prometheus.scrape", "__address__", Field::Targets),
    ("prometheus.scrape", "job", Field::Job),
    ("prometheus.remote_write", "url", Field::PrometheusUrl),
    ("prometheus.remote_write", "username", Field::PrometheusUser),
    ("otelcol.exporter.otlp", "endpoint", Field::TempoEndpoint),
    ("otelcol.auth.basic", "username", Field::TempoUser),
    ("local.file_match", "__path__", Field::LogPaths),
    ("local.file_match", "job", Field::Job),
    ("loki.write", "url", Field::LokiUrl),
    ("loki.write", "username", Field::LokiUser),
];

/// The byte range of every string literal that holds a value, with its
/// field.
fn value_sites(body: &[Stmt]) -> Vec<(Field, Range<usize>)> {
    let mut out = Vec::new();
    for stmt in body {
        if let Stmt::Block(block) = stmt {
            block_sites(&block.name, block, &mut out);
        }
    }
    out
}

fn block_sites(component: &str, block: &Block, out: &mut Vec<(Field, Range<usize>)>) {
    for stmt in &block.body {
        match stmt {
            Stmt::Attribute(a) => expr_sites(component, &a.name.name, &a.value, out),
            Stmt::Block(child) => block_sites(component, child, out),
            Stmt::Error(_) => {}
        }
    }
}

fn expr_sites(component: &str, key: &str, expr: &Expr, out: &mut Vec<(Field, Range<usize>)>) {
    match expr {
        Expr::Literal(lit) if lit.kind == LiteralKind::String => {
            let site = SITES.iter().find(|(c, k, _)| *c == component && *k == key);
            if let Some((_, _, field)) = site {
                let start = lit.pos as usize;
                out.push((*field, start..start + lit.value.len()));
            }
        }
        Expr::Array(array) => {
            for element in &array.elements {
                expr_sites(component, key, element, out);
            }
        }
        Expr::Object(object) => {
            for field in &object.fields {
                expr_sites(component, &field.name.name, &field.value, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack() -> Stack {
        Stack {
            prometheus_url: "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
                .into(),
            prometheus_user: "1402587".into(),
            loki_url: "https://logs-prod-006.grafana.net/loki/api/v1/push".into(),
            loki_user: "698554".into(),
            tempo_endpoint: "tempo-prod-10-prod-us-east-0.grafana.net:443".into(),
            tempo_user: "1397104".into(),
            token_file: DEFAULT_TOKEN_FILE.into(),
            job: "wpt-worker".into(),
            targets: vec!["localhost:8787".into()],
            log_paths: vec![],
        }
    }

    /// Checks `config` in a fresh directory outside any repository, as
    /// `plan` does when it adds the token file to `.gitignore`.
    fn problems(config: &str) -> Vec<Problem> {
        let dir = tempfile::tempdir().unwrap();
        validate(config, &dir.path().join(CONFIG_FILE), true)
    }

    #[test]
    fn rendered_files_are_formatted_and_parse() {
        for log_paths in [
            vec![],
            vec!["logs/*.log".to_owned(), "/var/log/w.log".into()],
        ] {
            let files = render(&Stack {
                log_paths,
                ..stack()
            });
            for text in [&files.config, &files.dashboard] {
                assert_eq!(
                    &crate::format::format_source(text.as_bytes()).unwrap(),
                    text
                );
            }
            assert!(crate::syntax::parse(files.dashboard.as_bytes()).is_ok());
            assert_eq!(problems(&files.config), []);
        }
    }

    #[test]
    fn values_are_quoted_as_alloy_strings() {
        let job = "we\"ird\\job {{x}}\t<b>&";
        let files = render(&Stack {
            job: job.into(),
            targets: vec!["localhost:8787".into(), "localhost:9100".into()],
            log_paths: vec!["logs/*.log".into()],
            ..stack()
        });
        let parsed = crate::syntax::parse(files.config.as_bytes()).unwrap();
        let jobs: Vec<String> = value_sites(&parsed.file.body)
            .into_iter()
            .filter(|(f, _)| *f == Field::Job)
            .map(|(_, r)| crate::syntax::literal::unquote(&files.config[r]).unwrap())
            .collect();
        assert_eq!(jobs, [job, job, job], "two targets and a log path");
        assert!(files
            .config
            .contains("prometheus.scrape \"we_ird_job___x____b__\""));
        assert_eq!(problems(&files.config), []);
        // The dashboard's queries embed the job as a PromQL/LogQL string.
        assert!(crate::syntax::parse(files.dashboard.as_bytes()).is_ok());
        assert!(files
            .dashboard
            .contains(r#"expr       = "{job=\"we\\\"ird\\\\job {{x}}\\t<b>&\"}""#));
    }

    #[test]
    fn findings_map_to_the_value_they_are_about() {
        let files = render(&Stack {
            prometheus_url: "https://prometheus-prod-13-prod-us-east-0.grafana.net".into(),
            prometheus_user: "123456".into(),
            tempo_endpoint: "https://tempo-prod-10-prod-us-east-0.grafana.net/tempo".into(),
            tempo_user: "1397104".into(),
            loki_user: "admin".into(),
            targets: vec![
                "localhost:8787".into(),
                "http://localhost:9100/metrics".into(),
            ],
            ..stack()
        });
        let found: Vec<(Option<Field>, Code)> = problems(&files.config)
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect();
        assert_eq!(
            found,
            [
                (Some(Field::PrometheusUrl), Code::GrafanaCloudEndpoint),
                (Some(Field::PrometheusUser), Code::GrafanaCloudPlaceholder),
                (Some(Field::LokiUser), Code::GrafanaCloudUsername),
                (Some(Field::TempoEndpoint), Code::GrafanaCloudEndpoint),
                (Some(Field::Targets), Code::EndpointShape),
            ]
        );
    }

    #[test]
    fn the_same_bad_value_twice_is_reported_for_each_flag() {
        let files = render(&Stack {
            loki_user: "XX".into(),
            tempo_user: "XX".into(),
            ..stack()
        });
        let fields: Vec<Option<Field>> = problems(&files.config).iter().map(|p| p.field).collect();
        assert_eq!(fields, [Some(Field::LokiUser), Some(Field::TempoUser)]);
    }

    #[test]
    fn dashboard_slugs_fit_a_grafana_uid() {
        let job = "a-very-long-job-name-for-a-service-with-a-long-name";
        let files = render(&Stack {
            job: job.into(),
            ..stack()
        });
        let slug = "a_very_long_job_name_for_a_service_with_";
        assert_eq!(slug.len(), SLUG_MAX);
        assert!(files
            .dashboard
            .contains(&format!("dashboard \"{slug}\" {{")));
        assert!(files
            .config
            .contains(&format!("prometheus.scrape \"{}\"", identifier(job))));
    }

    #[test]
    fn identifiers_from_job_names() {
        assert_eq!(identifier("wpt-worker"), "wpt_worker");
        assert_eq!(identifier("api.v2"), "api_v2");
        assert_eq!(identifier("8787"), "_8787");
        assert_eq!(identifier("_x"), "_x");
        assert_eq!(identifier("é"), "_");
    }

    #[test]
    fn inputs_layer_trim_and_report_what_is_missing() {
        let file = Origin::StackFile("stack.toml".into());
        let mut base = Inputs::default();
        base.set(Field::Job, vec!["from-file".into()], file.clone());
        base.set(Field::Targets, vec!["a:1".into(), "b:2".into()], file);
        let mut flags = Inputs::default();
        flags.set(
            Field::Targets,
            vec![" c:3 ".into(), "".into()],
            Origin::Flag,
        );
        flags.set(Field::LokiUrl, vec!["  ".into()], Origin::Flag);
        let inputs = flags.over(base);
        assert_eq!(inputs.get(Field::Targets).unwrap().values, ["c:3"]);
        assert_eq!(inputs.get(Field::Job).unwrap().values, ["from-file"]);
        assert_eq!(inputs.source_of(Field::Job), "`job` in stack.toml");
        assert_eq!(inputs.source_of(Field::Targets), "--target");
        assert_eq!(
            inputs.source_of(Field::TokenFile),
            "--token-file (default grafana-token.txt)"
        );
        assert_eq!(
            inputs.stack().unwrap_err(),
            [
                Field::PrometheusUrl,
                Field::PrometheusUser,
                Field::LokiUrl,
                Field::LokiUser,
                Field::TempoEndpoint,
                Field::TempoUser,
            ]
        );
    }

    #[test]
    fn every_field_has_a_distinct_flag_and_key() {
        let flags: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.flag()).collect();
        let keys: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(
            (flags.len(), keys.len()),
            (Field::ALL.len(), Field::ALL.len())
        );
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "ALL is in declaration order");
        }
    }
}
