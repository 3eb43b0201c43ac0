//! Asking for values on a terminal. Each answer is checked as it is given,
//! as `check` would check the configuration holding it, so a wrong URL is
//! refused at its own prompt instead of after every other question; a
//! refused answer is offered back as the default, to be kept or retyped.
//!
//! The reader and writer are injected: the CLI passes the terminal, tests
//! pass byte buffers.

use std::io::{BufRead, Write};

use super::plan::{self, Options, PlanError};
use super::{Field, Inputs, Origin, Problem};

/// Asks for `field` on `out` until `check` accepts an answer read from
/// `answers`, and returns it; `None` at the end of input.
///
/// `default`, when given, is shown in brackets and taken on an empty line;
/// an empty line without one asks again. `check` returns the errors to
/// print for an answer, none when it is accepted; a refused answer becomes
/// the default of the next question.
pub fn ask(
    field: Field,
    mut default: Option<Vec<String>>,
    answers: &mut dyn BufRead,
    out: &mut dyn Write,
    check: &mut dyn FnMut(&[String]) -> String,
) -> Option<Vec<String>> {
    let hint = if field.is_list() {
        ", separated by commas"
    } else {
        ""
    };
    loop {
        let shown = default
            .as_ref()
            .map(|values| format!(" [{}]", values.join(", ")))
            .unwrap_or_default();
        let _ = write!(
            out,
            "{} ({}{hint}){shown}: ",
            field.description(),
            field.flag()
        );
        let _ = out.flush();
        let mut line = String::new();
        if answers.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let mut values = split_answer(field, &line);
        if values.is_empty() {
            match &default {
                Some(earlier) => values = earlier.clone(),
                None => continue,
            }
        }
        let errors = check(&values);
        if errors.is_empty() {
            return Some(values);
        }
        let _ = out.write_all(errors.as_bytes());
        default = Some(values);
    }
}

/// The values of one answer: a list field's are separated by commas or
/// blanks; empty ones are dropped.
fn split_answer(field: Field, line: &str) -> Vec<String> {
    let values: Vec<&str> = if field.is_list() {
        line.split([',', ' ', '\t']).collect()
    } else {
        vec![line]
    };
    values
        .into_iter()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What `check` finds wrong with `values` as the answer for `field`, given
/// the values gathered so far: the configuration is rendered with the
/// values still missing replaced by valid stand-ins, and only findings
/// about `field` count (the others are reported once every value is in).
pub fn answer_problems(
    inputs: &Inputs,
    field: Field,
    values: &[String],
    options: &Options,
) -> Vec<Problem> {
    let mut trial = inputs.clone();
    trial.set(field, values.to_vec(), Origin::Prompt);
    for missing in trial.missing() {
        trial.set(missing, vec![stand_in(missing).to_owned()], Origin::Default);
    }
    let stack = trial.stack().expect("every missing value has a stand-in");
    match plan::plan(&stack, options) {
        Ok(_) | Err(PlanError::Unreadable(_)) => Vec::new(),
        Err(PlanError::Invalid(problems)) => problems
            .into_iter()
            .filter(|p| p.field == Some(field))
            .collect(),
    }
}

/// A value `check` accepts for `field`, of the shape Grafana Cloud's
/// Details pages show.
fn stand_in(field: Field) -> &'static str {
    match field {
        Field::PrometheusUrl => {
            "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
        }
        Field::LokiUrl => "https://logs-prod-006.grafana.net/loki/api/v1/push",
        Field::TempoEndpoint => "tempo-prod-10-prod-us-east-0.grafana.net:443",
        Field::PrometheusUser => "1402587",
        Field::LokiUser => "698554",
        Field::TempoUser => "1397104",
        Field::TokenFile => super::DEFAULT_TOKEN_FILE,
        Field::Job => "wpt-worker",
        Field::Targets => "localhost:8787",
        Field::LogPaths => "logs/*.log",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Code;

    /// Runs [`ask`] over `answers`, refusing the values `refused` lists:
    /// the result and everything written.
    fn run(
        field: Field,
        default: Option<&str>,
        answers: &str,
        refused: &[&str],
    ) -> (Option<Vec<String>>, String, Vec<Vec<String>>) {
        let mut out = Vec::new();
        let mut checked = Vec::new();
        let mut check = |values: &[String]| {
            checked.push(values.to_vec());
            if values.iter().any(|v| refused.contains(&v.as_str())) {
                format!("error: {} is wrong\n", values.join(","))
            } else {
                String::new()
            }
        };
        let result = ask(
            field,
            default.map(|d| vec![d.to_owned()]),
            &mut answers.as_bytes(),
            &mut out,
            &mut check,
        );
        (result, String::from_utf8(out).unwrap(), checked)
    }

    #[test]
    fn a_refused_answer_is_asked_again_with_it_as_the_default() {
        let (result, out, checked) = run(Field::Job, None, "bad job\ngood\n", &["bad job"]);
        assert_eq!(result, Some(vec!["good".to_owned()]));
        assert_eq!(checked, [vec!["bad job"], vec!["good"]]);
        let prompt = "job name of the scraped service, such as wpt-worker (--job)";
        assert_eq!(
            out,
            format!("{prompt}: error: bad job is wrong\n{prompt} [bad job]: ")
        );
    }

    #[test]
    fn an_empty_line_keeps_the_default_and_checks_it_again() {
        let (result, out, checked) = run(Field::Job, None, "x\n\ny\n", &["x"]);
        assert_eq!(result, Some(vec!["y".to_owned()]));
        assert_eq!(checked, [vec!["x"], vec!["x"], vec!["y"]]);
        assert_eq!(out.matches("error: x is wrong").count(), 2);
        let (result, _, _) = run(Field::Job, Some("earlier"), "\n", &[]);
        assert_eq!(result, Some(vec!["earlier".to_owned()]));
    }

    #[test]
    fn an_empty_line_without_a_default_asks_again_unchecked() {
        let (result, out, checked) = run(Field::Targets, None, "\n a:1, b:2 c:3\n", &[]);
        assert_eq!(result, Some(vec!["a:1".into(), "b:2".into(), "c:3".into()]));
        assert_eq!(checked.len(), 1);
        assert_eq!(out.matches("(--target, separated by commas): ").count(), 2);
    }

    #[test]
    fn end_of_input_gives_up() {
        assert_eq!(run(Field::Job, None, "", &[]).0, None);
        assert_eq!(run(Field::Job, None, "bad\n", &["bad"]).0, None);
        assert_eq!(run(Field::Job, Some("bad"), "", &["bad"]).0, None);
    }

    #[test]
    fn answers_are_checked_as_check_would_with_stand_ins_for_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            dir: dir.path().to_path_buf(),
            dashboard: true,
        };
        let none = Inputs::default();
        for field in Field::ALL {
            let problems = answer_problems(&none, field, &[stand_in(field).to_owned()], &options);
            assert_eq!(problems, [], "{field:?}");
        }
        let codes = |field, value: &str| -> Vec<Code> {
            answer_problems(&none, field, &[value.to_owned()], &options)
                .into_iter()
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(
            codes(Field::TempoUser, "tempo"),
            [Code::GrafanaCloudUsername]
        );
        assert_eq!(
            codes(
                Field::TempoEndpoint,
                "https://tempo-prod-10-prod-us-east-0.grafana.net/tempo"
            ),
            [Code::GrafanaCloudEndpoint]
        );
        // A bad value given earlier is not blamed on this answer.
        let mut flags = Inputs::default();
        flags.set(Field::LokiUser, vec!["admin".into()], Origin::Flag);
        assert_eq!(
            answer_problems(&flags, Field::TempoUser, &["1397104".into()], &options),
            []
        );
        // Nothing is written.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
