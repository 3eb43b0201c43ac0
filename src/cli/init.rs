//! `alloy-lint init`: writes a working Grafana Cloud setup (see
//! [`crate::init`]). Values come from flags over a stack file; what is
//! still missing is asked for on a terminal and an error otherwise.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{ExitStatus, Streams};
use crate::init::plan::{self, Action, Options, PlanError, TokenIgnore, WriteError};
use crate::init::{
    prompt, stack_file, Field, Inputs, Origin, Problem, CONFIG_FILE, DASHBOARD_FILE,
};

const EXAMPLES: &str = "\
Examples:
  alloy-lint init --stack stack.toml               values from a stack file
  alloy-lint init --stack stack.toml --dir deploy  write into deploy/
  alloy-lint init --stack stack.toml --stdout      print the configuration only
  alloy-lint init                                  on a terminal: asks for every value
  alloy-lint init --job wpt-worker --target localhost:8787 \\
    --prometheus-url https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push \\
    --prometheus-user 1402587 \\
    --loki-url https://logs-prod-006.grafana.net/loki/api/v1/push --loki-user 698554 \\
    --tempo-endpoint tempo-prod-10-prod-us-east-0.grafana.net:443 --tempo-user 1397104

Exit codes:
  0  files written (or printed)
  2  missing or refused values, files that exist without --force, unwritable files";

/// Arguments of `alloy-lint init`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct InitArgs {
    /// Read the stack's values from FILE: TOML (.toml) or JSON (.json),
    /// keys named after the flags (`prometheus.url`, `tempo.user`,
    /// `targets`, ...). Flags override it.
    #[arg(long, value_name = "FILE")]
    pub stack: Option<PathBuf>,

    /// Prometheus remote_write URL, ending in /api/prom/push (your stack on
    /// grafana.com > Prometheus > Details).
    #[arg(long, value_name = "URL")]
    pub prometheus_url: Option<String>,

    /// Prometheus instance ID: the number shown as User on Prometheus >
    /// Details.
    #[arg(long, value_name = "ID")]
    pub prometheus_user: Option<String>,

    /// Loki URL, ending in /loki/api/v1/push (Loki > Details).
    #[arg(long, value_name = "URL")]
    pub loki_url: Option<String>,

    /// Loki instance ID (the User on Loki > Details).
    #[arg(long, value_name = "ID")]
    pub loki_user: Option<String>,

    /// Tempo endpoint: `host:443`, without https:// (Tempo > Details).
    #[arg(long, value_name = "HOST:PORT")]
    pub tempo_endpoint: Option<String>,

    /// Tempo instance ID (the User on Tempo > Details).
    #[arg(long, value_name = "ID")]
    pub tempo_user: Option<String>,

    /// The file Alloy reads the access policy token from, relative to
    /// where Alloy runs [default: grafana-token.txt].
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<String>,

    /// A `host:port` whose /metrics endpoint Alloy scrapes, such as
    /// localhost:8787. Repeat for several.
    #[arg(long = "target", value_name = "HOST:PORT")]
    pub targets: Vec<String>,

    /// The job label of the targets (and log files), such as wpt-worker;
    /// the starter dashboard queries it.
    #[arg(long, value_name = "NAME")]
    pub job: Option<String>,

    /// Log files to send to Loki, as a glob such as `logs/*.log`. Repeat
    /// for several.
    #[arg(long = "log-path", value_name = "GLOB")]
    pub log_paths: Vec<String>,

    /// The directory to write into (created if needed).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Do not write the starter dashboard (grafana-dashboard.alloy).
    #[arg(long)]
    pub no_dashboard: bool,

    /// Replace files that exist. Without it, nothing is written when any
    /// would be replaced.
    #[arg(long)]
    pub force: bool,

    /// Check everything and say what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print the configuration to standard output; write nothing.
    #[arg(long, conflicts_with = "dry_run")]
    pub stdout: bool,
}

impl InitArgs {
    /// The values given as flags.
    fn inputs(&self) -> Inputs {
        let mut inputs = Inputs::default();
        let scalars = [
            (Field::PrometheusUrl, &self.prometheus_url),
            (Field::PrometheusUser, &self.prometheus_user),
            (Field::LokiUrl, &self.loki_url),
            (Field::LokiUser, &self.loki_user),
            (Field::TempoEndpoint, &self.tempo_endpoint),
            (Field::TempoUser, &self.tempo_user),
            (Field::TokenFile, &self.token_file),
            (Field::Job, &self.job),
        ];
        for (field, value) in scalars {
            if let Some(value) = value {
                inputs.set(field, vec![value.clone()], Origin::Flag);
            }
        }
        for (field, values) in [
            (Field::Targets, &self.targets),
            (Field::LogPaths, &self.log_paths),
        ] {
            if !values.is_empty() {
                inputs.set(field, values.clone(), Origin::Flag);
            }
        }
        inputs
    }
}

/// Runs `init`, asking for missing values only when this process's
/// standard input is a terminal.
pub fn run(args: &InitArgs, streams: &mut Streams<'_>) -> ExitStatus {
    run_with(args, streams, io::stdin().is_terminal())
}

/// Runs `init`; `interactive` says whether missing (or refused) values may
/// be asked for on `streams.stdin`.
pub fn run_with(args: &InitArgs, streams: &mut Streams<'_>, interactive: bool) -> ExitStatus {
    let Streams {
        stdin,
        stdout,
        stderr,
    } = streams;
    let mut answers = BufReader::new(&mut **stdin);
    let Some(plan) = settle(args, &mut answers, &mut **stderr, interactive) else {
        return ExitStatus::Failure;
    };
    if args.stdout {
        return match stdout.write_all(plan.config.as_bytes()) {
            Ok(()) => ExitStatus::Success,
            Err(_) => ExitStatus::Failure,
        };
    }
    let conflicts = plan.conflicts();
    if !args.force && !conflicts.is_empty() {
        for path in &conflicts {
            let _ = writeln!(stderr, "error: {} already exists", shown(path).display());
        }
        let _ = writeln!(
            stderr,
            "nothing written: --force replaces {}",
            if conflicts.len() == 1 { "it" } else { "them" }
        );
        return ExitStatus::Failure;
    }
    if args.dry_run {
        let mut out = String::new();
        for w in &plan.writes {
            let verb = match w.action {
                Action::Create => "would create",
                Action::Replace => "would replace",
                Action::Append => "would append to",
            };
            out.push_str(&format!("{verb} {}\n", shown(&w.path).display()));
        }
        out.push_str("nothing written (--dry-run)\n");
        return write_out(&mut **stdout, &out);
    }
    match plan.write(args.force) {
        Ok(_) => write_out(&mut **stdout, &summary(&plan, &args.dir)),
        Err(WriteError::Io {
            written,
            path,
            error,
        }) => {
            for path in written {
                let _ = writeln!(stderr, "wrote {}", shown(&path).display());
            }
            let _ = writeln!(
                stderr,
                "error: cannot write {}: {error}",
                shown(&path).display()
            );
            ExitStatus::Failure
        }
        Err(e @ WriteError::Exists(_)) => {
            let _ = writeln!(stderr, "error: {e}; nothing written");
            ExitStatus::Failure
        }
    }
}

/// Gathers the values (flags over the stack file, then answers) until
/// they are complete and pass the check; `None` after reporting why they
/// cannot.
fn settle(
    args: &InitArgs,
    answers: &mut dyn BufRead,
    stderr: &mut dyn Write,
    interactive: bool,
) -> Option<plan::Plan> {
    let base = match &args.stack {
        Some(path) => match stack_file::read(path) {
            Ok(inputs) => inputs,
            Err(e) => {
                let _ = writeln!(stderr, "error: stack file {e}");
                return None;
            }
        },
        None => Inputs::default(),
    };
    let mut inputs = args.inputs().over(base);
    let options = Options {
        dir: args.dir.clone(),
        dashboard: !args.no_dashboard,
    };
    // Answers refused by the whole check, offered back when asked again.
    let mut earlier: BTreeMap<Field, Vec<String>> = BTreeMap::new();
    loop {
        let missing = inputs.missing();
        if !missing.is_empty() {
            if !interactive {
                let _ = stderr.write_all(missing_message(&missing).as_bytes());
                return None;
            }
            for field in missing {
                let mut check = |values: &[String]| {
                    let problems = prompt::answer_problems(&inputs, field, values, &options);
                    problems_message(&problems, &inputs)
                };
                let default = earlier.remove(&field);
                let Some(values) = prompt::ask(field, default, answers, stderr, &mut check) else {
                    let _ = writeln!(
                        stderr,
                        "\nerror: no answer for {} (end of input); nothing written",
                        field.flag()
                    );
                    return None;
                };
                inputs.set(field, values, Origin::Prompt);
            }
            continue;
        }
        let stack = inputs.stack().expect("no value is missing");
        let problems = match plan::plan(&stack, &options) {
            Ok(plan) => return Some(plan),
            Err(PlanError::Unreadable(e)) => {
                let _ = writeln!(stderr, "error: {e}");
                return None;
            }
            Err(PlanError::Invalid(problems)) => problems,
        };
        let _ = stderr.write_all(problems_message(&problems, &inputs).as_bytes());
        // Answers can be asked for again; flags and the stack file cannot.
        let asked = |p: &Problem| {
            p.field
                .and_then(|f| inputs.get(f))
                .is_some_and(|e| e.origin == Origin::Prompt)
        };
        if !interactive || !problems.iter().all(asked) {
            let _ = writeln!(stderr, "error: nothing written: fix the values above");
            return None;
        }
        for field in problems.iter().filter_map(|p| p.field) {
            if let Some(entry) = inputs.get(field) {
                earlier.insert(field, entry.values.clone());
            }
            inputs.unset(field);
        }
    }
}

/// Writes `text` to standard output.
fn write_out(stdout: &mut dyn Write, text: &str) -> ExitStatus {
    match stdout.write_all(text.as_bytes()) {
        Ok(()) => ExitStatus::Success,
        Err(_) => ExitStatus::Failure,
    }
}

/// `./x` as `x`.
fn shown(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

/// The error for required values that are missing, each with its flag and
/// stack-file key.
fn missing_message(missing: &[Field]) -> String {
    let mut out = String::from(
        "error: missing values (standard input is not a terminal, so init does not ask for them):\n",
    );
    for field in missing {
        out.push_str(&format!(
            "  {} (stack file: `{}`): {}\n",
            field.flag(),
            field.key(),
            field.description()
        ));
    }
    out.push_str("give them as flags or in a stack file (--stack FILE); nothing written\n");
    out
}

/// The values `check` refused, each named by where it came from.
fn problems_message(problems: &[Problem], inputs: &Inputs) -> String {
    let mut out = String::new();
    for p in problems {
        let source = match p.field {
            Some(field) => inputs.source_of(field),
            None => format!("{CONFIG_FILE} (a bug in init: please report it)"),
        };
        out.push_str(&format!("error[{}]: {source}: {}\n", p.code, p.message));
        if let Some(help) = &p.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

/// What was written, and what to do next.
fn summary(plan: &plan::Plan, dir: &Path) -> String {
    let mut out = String::new();
    // The token file as seen from here: Alloy reads it relative to where
    // it runs, which the next steps make `dir`.
    let token = if dir == Path::new(".") || Path::new(&plan.token_file).is_absolute() {
        plan.token_file.clone()
    } else {
        dir.join(&plan.token_file).display().to_string()
    };
    for w in &plan.writes {
        let path = shown(&w.path).display();
        let line = match (&plan.token, w.action) {
            (TokenIgnore::Added { line }, _) if w.path.ends_with(".gitignore") => match w.action {
                Action::Append => format!("added {line} to {path}"),
                Action::Create | Action::Replace => format!("created {path} ignoring {line}"),
            },
            (_, Action::Create) => format!("created {path}"),
            (_, Action::Replace) => format!("replaced {path}"),
            (_, Action::Append) => format!("appended to {path}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    match &plan.token {
        TokenIgnore::Added { .. } => {}
        TokenIgnore::AlreadyIgnored => {
            out.push_str(&format!("{token} is already ignored by git\n"));
        }
        TokenIgnore::Outside => out.push_str(&format!(
            "{token} is outside {}: keep it out of git yourself\n",
            dir.display()
        )),
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    out.push_str(&format!(
        "\nNext steps:\n\
         \x20 1. On grafana.com, create an access policy token with the metrics:write,\n\
         \x20    logs:write and traces:write scopes, and save it, alone, in {token}.\n\
         \x20 2. Start Alloy: {cd}alloy run {CONFIG_FILE}\n\
         \x20 3. Send traces over OTLP to localhost:4317 (gRPC) or http://localhost:4318 (HTTP).\n\
         \x20 4. After editing the configuration: alloy-lint check {CONFIG_FILE}\n"
    ));
    if plan.writes.iter().any(|w| w.path.ends_with(DASHBOARD_FILE)) {
        out.push_str(&format!(
            "\x20 5. Turn the starter dashboard into JSON for Grafana's Dashboards > New > Import:\n\
             \x20    {cd}alloy-lint generate dashboard {DASHBOARD_FILE} -o grafana-dashboard.json\n"
        ));
    }
    out
}
