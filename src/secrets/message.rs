//! Secrets out of messages: the net under every rule that quotes what it
//! judges (a URL with credentials in an endpoint message, a value in a
//! type error).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::shapes::{find_credentials, redact};
use super::url_password::find_url_passwords;

/// Values shorter than this are not searched in messages: a message that
/// quotes `"ab"` from some other place must stay readable, and code frames
/// mask short secrets by their place anyway.
const MIN_SEARCHED_LEN: usize = 4;

/// Redacts messages: the known secret values of a configuration, every
/// credential-shaped run and every URL password.
pub struct MessageRedactor {
    values: Vec<String>,
    /// All values at once, leftmost-longest: a secret that contains a
    /// shorter one is replaced whole, and a message is read once whatever
    /// the number of secrets.
    automaton: Option<AhoCorasick>,
}

impl MessageRedactor {
    /// A redactor for these secret values.
    pub fn new(values: &[String]) -> Self {
        let values: Vec<String> = values
            .iter()
            .filter(|v| v.len() >= MIN_SEARCHED_LEN)
            .cloned()
            .collect();
        let automaton = if values.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&values)
                .ok()
        };
        MessageRedactor { values, automaton }
    }

    /// `text` with every secret replaced by its redacted form
    /// (`glc_…(92 chars)`).
    pub fn redact(&self, text: &str) -> String {
        let mut out = match &self.automaton {
            Some(automaton) => {
                let mut out = String::with_capacity(text.len());
                let mut at = 0;
                for m in automaton.find_iter(text) {
                    out.push_str(&text[at..m.start()]);
                    out.push_str(&redact(&self.values[m.pattern().as_usize()]));
                    at = m.end();
                }
                out.push_str(&text[at..]);
                out
            }
            None => text.to_owned(),
        };
        let mut ranges: Vec<Range<usize>> = find_credentials(&out)
            .into_iter()
            .map(|c| c.start..c.end)
            .collect();
        ranges.extend(find_url_passwords(out.as_bytes()));
        ranges.sort_by_key(|r| std::cmp::Reverse(r.start));
        let mut replaced_from = usize::MAX;
        for r in ranges {
            // Of two overlapping finds, the later one was replaced already.
            if r.end > replaced_from
                || !out.is_char_boundary(r.start)
                || !out.is_char_boundary(r.end)
            {
                continue;
            }
            let shown = redact(&out[r.clone()]);
            out.replace_range(r.clone(), &shown);
            replaced_from = r.start;
        }
        out
    }
}

/// [`MessageRedactor::redact`] for one message.
pub fn redact_message(text: &str, values: &[String]) -> String {
    MessageRedactor::new(values).redact(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_lose_values_shapes_and_url_passwords() {
        // In list order, the shorter value first: it must not leave the
        // rest of the longer one.
        let values = vec!["hunter2".to_owned(), "hunter2-SUPERSECRET-prod".to_owned()];
        let message = "`hunter2-SUPERSECRET-prod` and hunter2 at https://u:pw1234@h/x";
        let out = redact_message(message, &values);
        assert!(!out.contains("SUPERSECRET"), "{out}");
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("pw1234"), "{out}");
        assert!(out.contains("https://u:"), "{out}");
    }

    #[test]
    fn short_values_are_left_to_the_frames() {
        assert_eq!(redact_message("a b c", &["b".to_owned()]), "a b c");
    }
}
