//! The stack file: `init`'s values in TOML or JSON (by extension), keys
//! named after the flags.
//!
//! ```toml
//! job = "wpt-worker"
//! targets = ["localhost:8787"]
//! token-file = "grafana-token.txt"   # optional, this is the default
//! log-paths = ["logs/*.log"]         # optional
//!
//! [prometheus]
//! url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
//! user = 1402587                     # a number or a string
//!
//! [loki]
//! url = "https://logs-prod-006.grafana.net/loki/api/v1/push"
//! user = 698554
//!
//! [tempo]
//! endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
//! user = 1397104
//! ```
//!
//! Every key is optional (flags and prompts fill the rest); unknown keys
//! are errors, since a misspelt key silently ignored looks like a value
//! that is missing for no reason.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Field, Inputs, Origin};

/// A stack file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StackFile {
    prometheus: Option<HttpService>,
    loki: Option<HttpService>,
    tempo: Option<GrpcService>,
    token_file: Option<String>,
    job: Option<String>,
    targets: Option<Vec<String>>,
    log_paths: Option<Vec<String>>,
}

/// `[prometheus]`, `[loki]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HttpService {
    url: Option<String>,
    user: Option<InstanceId>,
}

/// `[tempo]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrpcService {
    endpoint: Option<String>,
    user: Option<InstanceId>,
}

/// An instance ID, written as a number or a string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum InstanceId {
    Number(u64),
    Text(String),
}

impl InstanceId {
    fn into_string(self) -> String {
        match self {
            InstanceId::Number(n) => n.to_string(),
            InstanceId::Text(s) => s,
        }
    }
}

/// Why a stack file could not be read.
#[derive(Debug)]
pub struct StackFileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong, in the parser's words.
    pub message: String,
}

impl fmt::Display for StackFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The format a stack file is in, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Json,
}

/// Reads the stack file at `path`: its values, each marked as read from
/// it.
pub fn read(path: &Path) -> Result<Inputs, StackFileError> {
    let error = |message: String| StackFileError {
        path: path.to_path_buf(),
        message,
    };
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        _ => {
            return Err(error(
                "a stack file is TOML (.toml) or JSON (.json), told apart by its extension".into(),
            ))
        }
    };
    let text = crate::files::read_text_file(path).map_err(|e| {
        error(match e.reason {
            crate::files::read::Refusal::Io(e) => format!("cannot read it: {e}"),
            reason => format!("it {reason}"),
        })
    })?;
    parse(&text, format, path).map_err(error)
}

/// Parses a stack file's text.
fn parse(text: &str, format: Format, path: &Path) -> Result<Inputs, String> {
    // The parsers' own texts quote the offending line (TOML) or value
    // (both): a stack file sits next to credentials, so the error says
    // where and what, with values redacted and no line repeated.
    let file: StackFile = match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |span| {
                let line = text[..span.start].matches('\n').count() + 1;
                let column = span.start - text[..span.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {column}: ")
            });
            format!("{at}{}", without_values(e.message().trim_end()))
        })?,
        Format::Json => serde_json::from_str(text).map_err(|e| without_values(&e.to_string()))?,
    };
    let origin = Origin::StackFile(path.to_path_buf());
    let mut inputs = Inputs::default();
    let mut set = |field: Field, values: Option<Vec<String>>| {
        if let Some(values) = values {
            inputs.set(field, values, origin.clone());
        }
    };
    let (prometheus, loki, tempo) = (
        file.prometheus.unwrap_or_default(),
        file.loki.unwrap_or_default(),
        file.tempo.unwrap_or_default(),
    );
    set(Field::PrometheusUrl, prometheus.url.map(|v| vec![v]));
    set(
        Field::PrometheusUser,
        prometheus.user.map(|v| vec![v.into_string()]),
    );
    set(Field::LokiUrl, loki.url.map(|v| vec![v]));
    set(Field::LokiUser, loki.user.map(|v| vec![v.into_string()]));
    set(Field::TempoEndpoint, tempo.endpoint.map(|v| vec![v]));
    set(Field::TempoUser, tempo.user.map(|v| vec![v.into_string()]));
    set(Field::TokenFile, file.token_file.map(|v| vec![v]));
    set(Field::Job, file.job.map(|v| vec![v]));
    set(Field::Targets, file.targets);
    set(Field::LogPaths, file.log_paths);
    Ok(inputs)
}

/// A parser's error message with every double-quoted value redacted
/// (serde quotes values in double quotes and names in backquotes), and any
/// credential shape left outside quotes.
fn without_values(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        let Some(len) = rest[open + 1..].find('"') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push('"');
        out.push_str(&crate::secrets::redact(&rest[open + 1..open + 1 + len]));
        out.push('"');
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    crate::secrets::redact_message(&out, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
job = "wpt-worker"
targets = ["localhost:8787", "localhost:9100"]

[prometheus]
url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
user = 1402587

[tempo]
endpoint = "tempo-prod-10-prod-us-east-0.grafana.net:443"
user = "1397104"
"#;

    #[test]
    fn reads_toml_with_numeric_and_string_ids() {
        let inputs = parse(TOML, Format::Toml, Path::new("s.toml")).unwrap();
        let get = |f| inputs.get(f).map(|e| e.values.clone());
        assert_eq!(get(Field::PrometheusUser), Some(vec!["1402587".into()]));
        assert_eq!(get(Field::TempoUser), Some(vec!["1397104".into()]));
        assert_eq!(
            get(Field::Targets),
            Some(vec!["localhost:8787".into(), "localhost:9100".into()])
        );
        assert_eq!(
            inputs.get(Field::Job).unwrap().origin,
            Origin::StackFile("s.toml".into())
        );
        assert_eq!(
            inputs.missing(),
            [Field::LokiUrl, Field::LokiUser],
            "token-file has a default, log-paths are optional"
        );
    }

    #[test]
    fn reads_json() {
        let json = r#"{"loki": {"url": "https://logs-prod-006.grafana.net/loki/api/v1/push", "user": 698554}, "token-file": "t.txt", "log-paths": ["logs/*.log"]}"#;
        let inputs = parse(json, Format::Json, Path::new("s.json")).unwrap();
        assert_eq!(inputs.get(Field::LokiUser).unwrap().values, ["698554"]);
        assert_eq!(inputs.get(Field::TokenFile).unwrap().values, ["t.txt"]);
        assert_eq!(inputs.get(Field::LogPaths).unwrap().values, ["logs/*.log"]);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = parse(
            "[prometheus]\nurll = \"x\"\n",
            Format::Toml,
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert!(err.contains("unknown field `urll`"), "{err}");
        let err = parse(r#"{"token_file": "t"}"#, Format::Json, Path::new("s.json")).unwrap_err();
        assert!(err.contains("unknown field `token_file`"), "{err}");
    }

    #[test]
    fn errors_repeat_no_line_and_no_value() {
        let err = parse(
            "job = \"x\"\ntokn = \"hunter2-s3cr3t\"\n",
            Format::Toml,
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert!(
            err.contains("line 2, column 1") && err.contains("unknown field `tokn`"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
        let err = parse(
            "job = [\"hunter2-s3cr3t\"]\n",
            Format::Toml,
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        let err = parse(
            r#"{"job": ["hunter2-s3cr3t"]}"#,
            Format::Json,
            Path::new("s.json"),
        )
        .unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn the_extension_decides_the_format() {
        let err = read(Path::new("stack.yaml")).unwrap_err();
        assert!(err.message.contains("TOML (.toml) or JSON (.json)"));
        let err = read(Path::new("/nonexistent/stack.toml")).unwrap_err();
        assert!(err.message.starts_with("cannot read it"), "{err}");
    }
}
