//! No command prints a secret, in any format: configurations with a secret
//! placed anywhere alloy-lint knows to be secret (an argument typed
//! `secret`, whatever its expression; a map of secrets; a password in a
//! URL; a credential shape anywhere, keys and comments included; the value
//! after `password =` in a file that does not parse, or in a module that
//! does not parse) are run through every command and output format, and
//! every byte they print is searched for the secret.
//!
//! The commands run in this process (the CLI's own `run`), so that
//! hundreds of runs stay fast.

use std::fs;
use std::path::Path;

use alloy_lint::cli::{self, Cli, Colors, Streams};
use clap::Parser;
use proptest::prelude::*;

/// Runs `alloy-lint ARGS` and returns everything it printed.
fn run(args: &[&str]) -> String {
    let cli = Cli::try_parse_from(std::iter::once("alloy-lint").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut stdin: &[u8] = b"";
    cli::run(
        &cli,
        Colors {
            stdout: false,
            stderr: false,
        },
        &mut Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    let mut out = String::from_utf8_lossy(&stdout).into_owned();
    out.push_str(&String::from_utf8_lossy(&stderr));
    out
}

/// The parts of `secret` no output may show: every run of eight bytes
/// after the two characters a redaction may show.
fn assert_not_shown(output: &str, secret: &str, context: &str) {
    let hidden = &secret[2.min(secret.len())..];
    let window = 8.min(hidden.len());
    for i in 0..=hidden.len() - window {
        let part = &hidden[i..i + window];
        assert!(
            !output.contains(part),
            "{context}: `{part}` of the secret is shown:\n{output}"
        );
    }
}

/// Every command and format that shows a configuration or what is wrong
/// with it, on `file` (and `base`, a configuration to compare it with).
fn every_output(dir: &Path, file: &Path) -> Vec<(String, String)> {
    let file = file.to_str().unwrap();
    let base = dir.join("base.alloy");
    fs::write(&base, BASE).unwrap();
    let base = base.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "short", "json", "sarif", "github"] {
        runs.push(vec!["check", "--format", format, file]);
    }
    runs.push(vec!["check", "--fix", "--diff", file]);
    runs.push(vec!["fmt", "--diff", file]);
    runs.push(vec!["fmt", "--check", file]);
    runs.push(vec!["diff", base, file]);
    runs.push(vec!["diff", "--format", "json", base, file]);
    runs.push(vec!["diff", "--text", base, file]);
    runs.push(vec!["diff", file, base]);
    runs.into_iter()
        .map(|args| (args.join(" "), run(&args)))
        .collect()
}

/// A configuration as the seed's guide has it, holding no secret.
const BASE: &str = r#"otelcol.auth.basic "grafana_cloud" {
	username = "1397104"
	password = local.file.grafana_token.content
}

local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "1402587"
			password = local.file.grafana_token.content
		}
	}
	external_labels = { service = "wpt-worker" }
}
"#;

/// Where a secret is put.
#[derive(Debug, Clone)]
enum Place {
    /// `password = EXPR`, EXPR holding the secret in one of several forms.
    SecretArgument(usize),
    /// A value of `http_headers`, a map of secrets.
    Header,
    /// The password of a URL.
    UrlPassword,
    /// A credential shape in a string of a plain argument.
    TokenInString,
    /// A credential shape as an object key.
    TokenAsKey(bool),
    /// A credential shape in a comment.
    TokenInComment,
    /// A credential shape written bare (an undefined reference).
    TokenUnquoted,
    /// After `NAME =` in a file that does not parse.
    NextToSyntaxError(usize),
    /// In a module that does not parse, imported by the configuration.
    InBrokenModule,
}

/// The forms of an expression given to a secret argument.
const SECRET_FORMS: &[&str] = &[
    "\"S\"",
    "\"pre-\" + \"S\"",
    "coalesce(sys.env(\"GRAFANA_PW\"), \"S\")",
    "[\"S\"]",
    "{ value = \"S\" }",
    "S",
    "\"S\" + local.file.grafana_token.content",
    "format(\"%s\", \"S\")",
];

/// Broken lines holding the secret after a name that says "secret".
const BROKEN_LINES: &[&str] = &[
    "\t\t\tpassword = \"S\" @@",
    "\t\t\tpassword = \"S",
    "\t\t\tpassword = S S",
    "\t\t\ttoken = [\"S\",",
    "\t\t\tapi_key = \"S\" +",
    "\t\t\tsecret = `S\nmore`)",
];

/// A credential shape around `body`: a Grafana Cloud token (`glc_`, then
/// at least 20 base64 characters).
fn token(body: &str) -> String {
    format!("glc_{body}Ab0Cd1Ef2Gh3")
}

/// The configuration with the secret `secret` at `place`, and the files
/// next to it.
fn configuration(place: &Place, secret: &str) -> (String, Vec<(&'static str, String)>) {
    let with = |from: &str, to: &str| BASE.replacen(from, to, 1);
    let password = "password = local.file.grafana_token.content\n}";
    match place {
        Place::SecretArgument(form) => {
            let expr = SECRET_FORMS[*form].replace('S', secret);
            (with(password, &format!("password = {expr}\n}}")), vec![])
        }
        Place::Header => (
            with(
                "\n\t\tbasic_auth",
                &format!(
                    "\n\t\thttp_headers = {{ \"X-Api-Key\" = [\"{secret}\"] }}\n\t\tbasic_auth"
                ),
            ),
            vec![],
        ),
        Place::UrlPassword => (
            with(
                "https://prometheus-prod",
                &format!("https://1402587:{secret}@prometheus-prod"),
            ),
            vec![],
        ),
        Place::TokenInString => (
            with(
                "service = \"wpt-worker\"",
                &format!("service = \"wpt-worker {}\"", token(secret)),
            ),
            vec![],
        ),
        Place::TokenAsKey(quoted) => {
            let key = match quoted {
                true => format!("\"{}\"", token(secret)),
                false => token(secret),
            };
            (
                with("service = \"wpt-worker\"", &format!("{key} = \"x\"")),
                vec![],
            )
        }
        Place::TokenInComment => (format!("// old token: {}\n{BASE}", token(secret)), vec![]),
        Place::TokenUnquoted => (
            with(
                "service = \"wpt-worker\"",
                &format!("service = {}", token(secret)),
            ),
            vec![],
        ),
        Place::NextToSyntaxError(line) => {
            let broken = BROKEN_LINES[*line].replace('S', secret);
            (with("\t\t\tusername = \"1402587\"", &broken), vec![])
        }
        Place::InBrokenModule => (
            format!("import.file \"helpers\" {{\n\tfilename = \"helpers.alloy\"\n}}\n{BASE}"),
            vec![(
                "helpers.alloy",
                format!("declare \"x\" {{\n\tpassword = \"{secret}\" @@\n}}\n"),
            )],
        ),
    }
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        (0..SECRET_FORMS.len()).prop_map(Place::SecretArgument),
        Just(Place::Header),
        Just(Place::UrlPassword),
        Just(Place::TokenInString),
        any::<bool>().prop_map(Place::TokenAsKey),
        Just(Place::TokenInComment),
        Just(Place::TokenUnquoted),
        (0..BROKEN_LINES.len()).prop_map(Place::NextToSyntaxError),
        Just(Place::InBrokenModule),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_output_shows_a_secret(place in place(), secret in "[A-Z][a-zA-Z0-9]{13,24}") {
        let dir = tempfile::tempdir().unwrap();
        let (text, others) = configuration(&place, &secret);
        for (name, content) in &others {
            fs::write(dir.path().join(name), content).unwrap();
        }
        let file = dir.path().join("alloy-config.alloy");
        fs::write(&file, &text).unwrap();
        for (command, output) in every_output(dir.path(), &file) {
            assert_not_shown(&output, &secret, &format!("{place:?}: {command}\n{text}"));
        }
    }
}

#[test]
fn lines_after_a_masked_multi_line_secret_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.alloy");
    let secret = "Mu1tiLineSecretValue";
    fs::write(
        &file,
        format!(
            "otelcol.auth.basic \"a\" {{\n\tusername = \"u\"\n\tpassword = `{secret}\nsecond line\nthird`\n\tnope = 1\n}}\n"
        ),
    )
    .unwrap();
    let out = run(&["check", file.to_str().unwrap()]);
    assert_not_shown(&out, secret, "check");
    assert!(!out.contains("second line"), "{out}");
    // `nope` is on line 6, and its frame shows line 6 as it is.
    assert!(out.contains("a.alloy:6:2"), "{out}");
    assert!(
        out.contains(" 6 │ \tnope = 1") || out.contains(" 6 │     nope = 1"),
        "{out}"
    );
}

#[test]
fn dashboards_with_a_credential_are_reported_and_never_generated_or_imported() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Da5hboardSecretValue";
    let dashboard = dir.path().join("d.alloy");
    fs::write(
        &dashboard,
        format!(
            "dashboard \"d\" {{\n\ttitle = \"D {}\"\n\n\trow \"r\" {{\n\t\ttitle = \"R\"\n\t}}\n}}\n",
            token(secret)
        ),
    )
    .unwrap();
    let dashboard = dashboard.to_str().unwrap();
    let check = run(&["check", dashboard]);
    assert!(check.contains("credential-in-config"), "{check}");
    assert_not_shown(&check, secret, "check");
    let out = dir.path().join("d.json");
    let generate = run(&[
        "generate",
        "dashboard",
        dashboard,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_not_shown(&generate, secret, "generate");
    assert!(!out.exists(), "generate wrote {}", out.display());
    let to_stdout = run(&["generate", "dashboard", dashboard]);
    assert_not_shown(&to_stdout, secret, "generate to standard output");

    let json = dir.path().join("d.json");
    fs::write(
        &json,
        format!(
            r#"{{"title": "D", "uid": "d", "panels": [
                {{"type": "nope", "title": "{t}", "gridPos": {{"x": 0, "y": 0, "w": 12, "h": 8}}}},
                {{"type": "timeseries", "title": "{t}", "gridPos": {{"x": 12, "y": 0, "w": 12, "h": 8}}}}
            ]}}"#,
            t = token(secret)
        ),
    )
    .unwrap();
    let imported = dir.path().join("imported.alloy");
    let import = run(&[
        "import",
        "dashboard",
        json.to_str().unwrap(),
        "-o",
        imported.to_str().unwrap(),
    ]);
    // The skipped panel's warning names it redacted; the kept one would
    // carry the token into the file.
    assert!(import.contains("skipped"), "{import}");
    assert_not_shown(&import, secret, "import");
    assert!(!imported.exists());
    let import = run(&["import", "dashboard", json.to_str().unwrap()]);
    assert_not_shown(&import, secret, "import to standard output");
}
