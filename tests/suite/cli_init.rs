//! `alloy-lint init` end to end: the built binary run in temporary
//! directories (files written, `.gitignore`, exit codes, messages), and the
//! library's `cli::init::run_with` driven in-process for the prompts a
//! terminal would get.

use crate::support;
use support::{git, git_available, run_bin, Run, Sandbox};

use std::fs;
use std::path::Path;

use alloy_lint::cli::{self, init::run_with, Cli, Streams};
use clap::Parser;
use serde_json::Value;

/// The wpt-worker stack, as TOML and as JSON: the same values.
const STACK_TOML: &str = include_str!("../../fixtures/init/stack.toml");
const STACK_JSON: &str = include_str!("../../fixtures/init/stack.json");

/// Every required value as flags, with `job` and one target.
const FLAGS: &[&str] = &[
    "--prometheus-url",
    "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push",
    "--prometheus-user",
    "1402587",
    "--loki-url",
    "https://logs-prod-006.grafana.net/loki/api/v1/push",
    "--loki-user",
    "698554",
    "--tempo-endpoint",
    "tempo-prod-10-prod-us-east-0.grafana.net:443",
    "--tempo-user",
    "1397104",
    "--job",
    "wpt-worker",
    "--target",
    "localhost:8787",
];

/// [`FLAGS`] with `flag` given `value` instead (a scalar flag may be
/// given once).
fn flags_with(flag: &str, value: &str) -> Vec<String> {
    let mut out: Vec<String> = FLAGS
        .chunks(2)
        .filter(|pair| pair[0] != flag)
        .flatten()
        .map(|s| s.to_string())
        .collect();
    out.extend([flag.to_owned(), value.to_owned()]);
    out
}

const CONFIG: &str = "alloy-config.alloy";
const DASHBOARD: &str = "grafana-dashboard.alloy";

impl Sandbox {
    /// Runs `alloy-lint init ARGS` in the sandbox, standard input not a
    /// terminal.
    fn init<S: AsRef<str>>(&self, args: &[S]) -> Run {
        let mut all = vec!["init"];
        all.extend(args.iter().map(AsRef::as_ref));
        run_bin(self.dir.path(), &all, "")
    }

    /// Runs `init` with the TOML stack file (written as `stack.toml`).
    fn init_with_stack(&self, args: &[&str]) -> Run {
        self.write("stack.toml", STACK_TOML);
        let mut all = vec!["--stack", "stack.toml"];
        all.extend_from_slice(args);
        self.init(&all)
    }

    /// The sandbox's entries, sorted (`.git` left out).
    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".git")
            .collect();
        names.sort();
        names
    }
}

// ------------------------------------------------------------ the files

#[test]
fn stack_file_renders_the_sample_setup() {
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&[]);
    assert_eq!(r.code, 0, "{r:?}");
    let config = sandbox.read(CONFIG);
    let dashboard = sandbox.read(DASHBOARD);
    insta::assert_snapshot!("stack_toml_config", config);
    insta::assert_snapshot!("stack_toml_dashboard", dashboard);
    // The shape of the hand-written sample, value for value.
    let sample = fs::read_to_string("fixtures/grafana-cloud/alloy-config.alloy").unwrap();
    for line in sample.lines().filter(|l| l.contains(" = \"")) {
        assert!(config.contains(line), "missing from the output: {line}");
    }
}

#[test]
fn json_and_toml_stack_files_give_the_same_files() {
    let toml = Sandbox::new();
    assert_eq!(toml.init_with_stack(&[]).code, 0);
    let json = Sandbox::new();
    json.write("stack.json", STACK_JSON);
    let r = json.init(&["--stack", "stack.json"]);
    assert_eq!(r.code, 0, "{r:?}");
    for file in [CONFIG, DASHBOARD, ".gitignore"] {
        assert_eq!(toml.read(file), json.read(file), "{file}");
    }
}

#[test]
fn output_is_formatted_as_fmt_prints_it() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.init_with_stack(&[]).code, 0);
    for file in [CONFIG, DASHBOARD] {
        let text = sandbox.read(file);
        let formatted = alloy_lint::format::format_source(text.as_bytes()).unwrap();
        assert_eq!(formatted, text, "{file}");
        let r = run_bin(sandbox.dir.path(), &["fmt", "--check", file], "");
        assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{file}: {r:?}");
    }
}

#[test]
fn dashboard_is_alloy_syntax_keyed_on_the_job() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&flags_with("--job", "shop-api"));
    assert_eq!(r.code, 0, "{r:?}");
    let dashboard = sandbox.read(DASHBOARD);
    assert!(alloy_lint::syntax::parse(dashboard.as_bytes()).is_ok());
    assert!(
        dashboard.contains("dashboard \"shop_api\" {"),
        "{dashboard}"
    );
    assert!(dashboard.contains("rate(shop_api_requests_total[5m])"));
    assert!(dashboard.contains(r#""{job=\"shop-api\"}""#));
    assert!(dashboard.contains(r#"{resource.service.name=\"shop-api\""#));
}

#[test]
fn generated_config_passes_check_with_no_finding_in_a_git_repository() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let sandbox = Sandbox::new();
    git(sandbox.dir.path(), &["init", "-q", "."]);
    let r = sandbox.init(
        &[
            FLAGS,
            &["--log-path", "logs/*.log", "--target", "localhost:9100"],
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_bin(
        sandbox.dir.path(),
        &["check", "--no-config", "--format", "json", CONFIG],
        "",
    );
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{r:?}");
    assert_eq!(r.code, 0);
    // Without the .gitignore line, the same file is a finding.
    fs::remove_file(sandbox.path(".gitignore")).unwrap();
    let r = run_bin(
        sandbox.dir.path(),
        &["check", "--no-config", "--format", "short", CONFIG],
        "",
    );
    assert!(r.stdout.contains("token-file-missing"), "{r:?}");
}

#[test]
fn no_dashboard_writes_the_configuration_only() {
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&["--no-dashboard"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(sandbox.entries(), [".gitignore", CONFIG, "stack.toml"]);
    assert!(!r.stdout.contains(DASHBOARD));
}

#[test]
fn dir_is_created_and_named_in_the_next_steps() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&[FLAGS, &["--dir", "deploy/alloy"]].concat());
    assert_eq!(r.code, 0, "{r:?}");
    for file in [CONFIG, DASHBOARD, ".gitignore"] {
        assert!(sandbox.path("deploy/alloy").join(file).is_file(), "{file}");
    }
    assert_eq!(sandbox.entries(), ["deploy"]);
    assert!(r
        .stdout
        .contains("created deploy/alloy/alloy-config.alloy\n"));
    assert!(r
        .stdout
        .contains("cd deploy/alloy && alloy run alloy-config.alloy"));
    // The token goes next to the configuration, where Alloy will run.
    assert!(
        r.stdout
            .contains("save it, alone, in deploy/alloy/grafana-token.txt."),
        "{}",
        r.stdout
    );
}

#[test]
fn prints_what_was_written_and_the_next_steps() {
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.starts_with(
            "created alloy-config.alloy\ncreated grafana-dashboard.alloy\ncreated .gitignore ignoring grafana-token.txt\n"
        ),
        "{}",
        r.stdout
    );
    for needle in [
        "metrics:write",
        "logs:write",
        "traces:write",
        "in grafana-token.txt",
        "alloy run alloy-config.alloy",
        "alloy-lint generate dashboard grafana-dashboard.alloy -o grafana-dashboard.json",
    ] {
        assert!(r.stdout.contains(needle), "{needle}: {}", r.stdout);
    }
    assert_eq!(r.stderr, "");
    // Without the starter dashboard, no step about it.
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&["--no-dashboard"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stdout.contains("generate dashboard"), "{}", r.stdout);
}

// ------------------------------------------------------------- .gitignore

#[test]
fn gitignore_is_appended_keeping_its_content() {
    let sandbox = Sandbox::new();
    sandbox.write(".gitignore", "node_modules/\n.wrangler");
    let r = sandbox.init_with_stack(&[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        sandbox.read(".gitignore"),
        "node_modules/\n.wrangler\n# The Grafana Cloud access policy token never goes into git.\ngrafana-token.txt\n"
    );
    assert!(r.stdout.contains("added grafana-token.txt to .gitignore\n"));
}

#[test]
fn gitignore_line_is_never_duplicated() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.init_with_stack(&[]).code, 0);
    let first = sandbox.read(".gitignore");
    let r = sandbox.init_with_stack(&["--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(sandbox.read(".gitignore"), first);
    assert!(r
        .stdout
        .contains("grafana-token.txt is already ignored by git"));
    // A rule that already covers the file counts too.
    let other = Sandbox::new();
    other.write(".gitignore", "*.txt\n");
    assert_eq!(other.init_with_stack(&[]).code, 0);
    assert_eq!(other.read(".gitignore"), "*.txt\n");
}

#[test]
fn a_token_file_in_a_subdirectory_gets_its_own_line() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&[FLAGS, &["--token-file", "./secrets/grafana token.txt"]].concat());
    assert_eq!(r.code, 0, "{r:?}");
    assert!(sandbox
        .read(".gitignore")
        .ends_with("\nsecrets/grafana token.txt\n"));
    assert!(sandbox
        .read(CONFIG)
        .contains("filename  = \"./secrets/grafana token.txt\""));
}

#[test]
fn a_token_file_outside_the_directory_leaves_gitignore_alone() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&[FLAGS, &["--token-file", "/etc/alloy/grafana-token"]].concat());
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!sandbox.path(".gitignore").exists());
    assert!(r
        .stdout
        .contains("/etc/alloy/grafana-token is outside .: keep it out of git yourself"));
}

// ------------------------------------------------- existing files, --force

#[test]
fn existing_files_are_not_replaced_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    sandbox.write(DASHBOARD, "old dashboard\n");
    let r = sandbox.init_with_stack(&[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("error: grafana-dashboard.alloy already exists"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing written: --force replaces it"));
    assert_eq!(r.stdout, "");
    assert_eq!(sandbox.entries(), [DASHBOARD, "stack.toml"]);
    assert_eq!(sandbox.read(DASHBOARD), "old dashboard\n");
}

#[test]
fn force_replaces_existing_files() {
    let sandbox = Sandbox::new();
    sandbox.write(CONFIG, "old config\n");
    sandbox.write(DASHBOARD, "old dashboard\n");
    let r = sandbox.init_with_stack(&["--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r
        .stdout
        .contains("replaced alloy-config.alloy\nreplaced grafana-dashboard.alloy\n"));
    assert!(sandbox
        .read(CONFIG)
        .contains("prometheus.remote_write \"grafana_cloud\""));
    assert!(sandbox
        .read(DASHBOARD)
        .starts_with("// A starter dashboard"));
}

#[test]
fn dry_run_and_stdout_write_nothing() {
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&["--dry-run"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout,
        "would create alloy-config.alloy\nwould create grafana-dashboard.alloy\nwould create .gitignore\nnothing written (--dry-run)\n"
    );
    let r = sandbox.init_with_stack(&["--stdout"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.starts_with("// Grafana Alloy"));
    assert!(r.stdout.contains("loki.write \"grafana_cloud\""));
    assert_eq!(sandbox.entries(), ["stack.toml"]);
}

// ------------------------------------------------------ values and errors

#[test]
fn flags_override_the_stack_file() {
    let sandbox = Sandbox::new();
    let r = sandbox.init_with_stack(&[
        "--job",
        "shop-api",
        "--target",
        "localhost:3000",
        "--prometheus-user",
        "42",
        "--stdout",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("\"__address__\" = \"localhost:3000\""));
    assert!(
        !r.stdout.contains("localhost:8787"),
        "a list flag replaces the file's list"
    );
    assert!(r.stdout.contains("\"job\"         = \"shop-api\""));
    assert!(r.stdout.contains("username = \"42\""));
    // Values the flags do not give still come from the file.
    assert!(r.stdout.contains("username = \"698554\""));
}

#[test]
fn missing_values_without_a_terminal_are_named_and_exit_2() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&["--job", "wpt-worker", "--prometheus-user", "1402587"]);
    assert_eq!(r.code, 2, "{r:?}");
    for (flag, key) in [
        ("--prometheus-url", "prometheus.url"),
        ("--loki-url", "loki.url"),
        ("--loki-user", "loki.user"),
        ("--tempo-endpoint", "tempo.endpoint"),
        ("--tempo-user", "tempo.user"),
        ("--target", "targets"),
    ] {
        assert!(
            r.stderr
                .contains(&format!("  {flag} (stack file: `{key}`)")),
            "{flag}: {}",
            r.stderr
        );
    }
    for given in ["--job", "--prometheus-user", "--token-file", "--log-path"] {
        assert!(!r.stderr.contains(&format!("  {given} ")), "{given}");
    }
    assert!(sandbox.entries().is_empty());
}

#[test]
fn bad_values_are_refused_with_the_flag_to_fix() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "--prometheus-url",
            "https://prometheus-prod-13-prod-us-east-0.grafana.net",
            "error[grafana-cloud-endpoint]: --prometheus-url: the Prometheus URL must end in /api/prom/push",
            "help: append /api/prom/push",
        ),
        (
            "--loki-user",
            "my-stack",
            "error[grafana-cloud-username]: --loki-user: Grafana Cloud expects the stack's numeric instance ID",
            "help: the instance ID is the number shown as User",
        ),
        (
            "--prometheus-user",
            "123456",
            "error[grafana-cloud-placeholder]: --prometheus-user: `username` still holds a placeholder",
            "help: the instance ID",
        ),
        (
            "--tempo-endpoint",
            "tempo-prod-XX-prod-XX-XXX.grafana.net:443",
            "error[grafana-cloud-placeholder]: --tempo-endpoint:",
            "help: the service's URL is on its Details page",
        ),
        (
            "--tempo-endpoint",
            "https://tempo-prod-10-prod-us-east-0.grafana.net/tempo",
            "error[grafana-cloud-endpoint]: --tempo-endpoint: a gRPC endpoint takes `host:port`, without the path /tempo",
            "help: write \"tempo-prod-10-prod-us-east-0.grafana.net:443\"",
        ),
        (
            "--target",
            "http://localhost:8787/metrics",
            "error[endpoint-shape]: --target: __address__ \"http://localhost:8787/metrics\" must be `host:port`",
            "help: write `\"__address__\" = \"localhost:8787\"`",
        ),
    ];
    for (flag, value, error, help) in cases {
        let sandbox = Sandbox::new();
        let r = sandbox.init(&flags_with(flag, value));
        assert_eq!(r.code, 2, "{flag} {value}: {r:?}");
        assert!(r.stderr.contains(error), "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(help), "{flag} {value}: {}", r.stderr);
        assert!(r
            .stderr
            .ends_with("error: nothing written: fix the values above\n"));
        assert!(
            sandbox.entries().is_empty(),
            "{flag} {value}: nothing written"
        );
    }
}

#[test]
fn bad_values_in_a_stack_file_are_named_by_key_and_file() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "stack.toml",
        STACK_TOML.replace("user = 698554", "user = \"XX\""),
    );
    let r = sandbox.init(&["--stack", "stack.toml"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(
            "error[grafana-cloud-username]: `loki.user` in stack.toml: Grafana Cloud expects the stack's numeric instance ID as user name, not \"XX\""
        ),
        "{}",
        r.stderr
    );
    assert_eq!(sandbox.entries(), ["stack.toml"]);
}

#[test]
fn unreadable_and_malformed_stack_files_exit_2() {
    let sandbox = Sandbox::new();
    let r = sandbox.init(&["--stack", "absent.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: stack file absent.toml: cannot read it"),
        "{}",
        r.stderr
    );
    sandbox.write("stack.toml", "[prometheus]\nuri = \"x\"\n");
    let r = sandbox.init(&["--stack", "stack.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown field `uri`, expected `url` or `user`"),
        "{}",
        r.stderr
    );
    sandbox.write("stack.yaml", "job: x\n");
    let r = sandbox.init(&["--stack", "stack.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("TOML (.toml) or JSON (.json)"),
        "{}",
        r.stderr
    );
}

// ------------------------------------------------- prompts (in-process)

/// Runs `init ARGS` in-process as if standard input were a terminal
/// answering `answers`.
fn interactive<S: AsRef<str>>(dir: &Path, args: &[S], answers: &str) -> (u8, String, String) {
    let dir = dir.to_str().unwrap();
    let mut all = vec!["alloy-lint", "init", "--dir", dir];
    all.extend(args.iter().map(AsRef::as_ref));
    let cli = Cli::try_parse_from(all).unwrap();
    let cli::Command::Init(init) = &cli.command else {
        unreachable!()
    };
    let (mut stdin, mut stdout, mut stderr) = (answers.as_bytes(), Vec::new(), Vec::new());
    let status = run_with(
        init,
        &mut Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
        true,
    );
    (
        status.code(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn a_terminal_is_asked_for_the_missing_values_only() {
    let sandbox = Sandbox::new();
    let answers = "https://logs-prod-006.grafana.net/loki/api/v1/push\n\n698554\nlocalhost:8787, localhost:9100\n";
    let given: Vec<&str> = FLAGS[..FLAGS.len() - 2]
        .chunks(2)
        .filter(|pair| !pair[0].starts_with("--loki"))
        .flatten()
        .copied()
        .collect();
    let (code, stdout, stderr) = interactive(sandbox.dir.path(), &given, answers);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created"));
    assert!(
        stderr.starts_with("Loki URL, ending in /loki/api/v1/push (Loki > Details) (--loki-url): ")
    );
    assert_eq!(stderr.matches("(--loki-url)").count(), 1);
    assert_eq!(
        stderr.matches("(--loki-user)").count(),
        2,
        "an empty answer is asked again"
    );
    assert_eq!(stderr.matches("(--target, separated by commas)").count(), 1);
    assert_eq!(
        stderr.matches("(--").count(),
        4,
        "nothing else is asked: {stderr}"
    );
    let config = sandbox.read(CONFIG);
    assert!(config.contains("\"__address__\" = \"localhost:9100\""));
    assert!(config.contains("username = \"698554\""));
}

#[test]
fn a_refused_answer_is_asked_again() {
    let sandbox = Sandbox::new();
    let flags: Vec<&str> = FLAGS
        .chunks(2)
        .filter(|pair| pair[0] != "--tempo-user")
        .flatten()
        .copied()
        .collect();
    let (code, _, stderr) = interactive(sandbox.dir.path(), &flags, "tempo\n1397104\n");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(
        "error[grafana-cloud-username]: --tempo-user: Grafana Cloud expects the stack's numeric instance ID as user name, not \"tempo\""
    ));
    assert_eq!(stderr.matches("(--tempo-user)").count(), 2, "{stderr}");
    assert!(sandbox.read(CONFIG).contains("username = \"1397104\""));
}

/// An answer is checked when it is given, before the next question, and
/// offered back as the default when asked again.
#[test]
fn each_answer_is_checked_as_it_is_given() {
    let sandbox = Sandbox::new();
    let flags: Vec<&str> = FLAGS
        .chunks(2)
        .filter(|pair| !matches!(pair[0], "--prometheus-url" | "--tempo-user"))
        .flatten()
        .copied()
        .collect();
    let bad = "https://prometheus-prod-13-prod-us-east-0.grafana.net";
    let answers = format!("{bad}\n{bad}/api/prom/push\n1397104\n");
    let (code, _, stderr) = interactive(sandbox.dir.path(), &flags, &answers);
    assert_eq!(code, 0, "{stderr}");
    let error = stderr
        .find("error[grafana-cloud-endpoint]: --prometheus-url: ")
        .unwrap_or_else(|| panic!("{stderr}"));
    let asked_again = stderr
        .find(&format!("(--prometheus-url) [{bad}]: "))
        .unwrap_or_else(|| panic!("{stderr}"));
    let next_question = stderr.find("(--tempo-user)").unwrap();
    assert!(
        error < asked_again && asked_again < next_question,
        "{stderr}"
    );
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert!(sandbox
        .read(CONFIG)
        .contains(&format!("url = \"{bad}/api/prom/push\"")));
}

#[test]
fn refused_flags_are_not_asked_again_and_end_of_input_stops() {
    let sandbox = Sandbox::new();
    let (code, _, stderr) = interactive(sandbox.dir.path(), &flags_with("--loki-user", "abc"), "");
    assert_eq!(code, 2);
    assert!(stderr.contains("--loki-user: Grafana Cloud expects"));
    assert!(
        !stderr.contains("(--loki-user)"),
        "not asked: it was a flag"
    );
    let (code, _, stderr) = interactive::<&str>(sandbox.dir.path(), &[], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("error: no answer for --prometheus-url (end of input)"));
    assert!(sandbox.entries().is_empty());
}

// ----------------------------------------------------------------- README

#[test]
fn readme_init_section_is_true() {
    let blocks = support::readme_code_blocks("## `alloy-lint init`");
    let infos: Vec<&str> = blocks.iter().map(|(info, _)| info.as_str()).collect();
    assert_eq!(infos, ["sh", "toml", "text"]);
    // Every command line parses.
    for line in blocks[0].1.lines() {
        let end = line.find(" #").unwrap_or(line.len());
        let argv: Vec<&str> = line[..end].split_whitespace().collect();
        if let Err(e) = Cli::try_parse_from(&argv) {
            panic!("README: `{}` does not parse:\n{e}", &line[..end]);
        }
    }
    // The stack file example is the fixture's stack.
    let readme_stack = Sandbox::new();
    readme_stack.write("stack.toml", &blocks[1].1);
    assert_eq!(readme_stack.init(&["--stack", "stack.toml"]).code, 0);
    let fixture = Sandbox::new();
    assert_eq!(fixture.init_with_stack(&[]).code, 0);
    assert_eq!(readme_stack.read(CONFIG), fixture.read(CONFIG));
    // The errors shown are what init prints.
    let sandbox = Sandbox::new();
    sandbox.write(
        "stack.toml",
        STACK_TOML.replace("user = 698554", "user = \"123456\""),
    );
    let r = sandbox.init(&[
        "--stack",
        "stack.toml",
        "--prometheus-url",
        "https://prometheus-prod-13-prod-us-east-0.grafana.net",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, blocks[2].1);
}
