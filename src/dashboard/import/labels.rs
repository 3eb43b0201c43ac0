//! Block labels made from Grafana's names and titles: Alloy block labels
//! are identifiers (`[A-Za-z_][A-Za-z0-9_]*`).

use std::collections::HashSet;

/// Whether `s` is an Alloy identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` as a snake_case identifier: ASCII letters and digits kept
/// (lowercased, a word break before an uppercase letter that follows a
/// lowercase one), every run of anything else one `_`; `fallback` when
/// nothing is left, `_` in front of a leading digit.
pub fn identifier(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        fallback.to_owned()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out.to_owned()
    }
}

/// The labels taken so far in one namespace.
#[derive(Debug, Default)]
pub struct Labels {
    used: HashSet<String>,
}

impl Labels {
    /// A free label for `text`: `text` itself when it is an identifier,
    /// else its [`identifier`]; `_2`, `_3`, ... added when taken.
    pub fn take(&mut self, text: &str, fallback: &str) -> String {
        let base = if is_identifier(text) {
            text.to_owned()
        } else {
            identifier(text, fallback)
        };
        self.take_exact(base)
    }

    /// `base`, or `base_2`, `base_3`, ... when taken.
    pub fn take_exact(&mut self, base: String) -> String {
        let mut label = base.clone();
        let mut n = 2;
        while !self.used.insert(label.clone()) {
            label = format!("{base}_{n}");
            n += 1;
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_snake_case_identifiers() {
        assert_eq!(identifier("Request Rate", "p"), "request_rate");
        assert_eq!(
            identifier("Receiver: Total accepted & refused", "p"),
            "receiver_total_accepted_refused"
        );
        assert_eq!(identifier("CPU percent", "p"), "cpu_percent");
        assert_eq!(identifier("errorRate (5xx)", "p"), "error_rate_5xx");
        assert_eq!(identifier("99th percentile", "p"), "_99th_percentile");
        assert_eq!(identifier("Durée ${groupby}", "p"), "dur_e_groupby");
        assert_eq!(identifier("", "panel"), "panel");
        assert_eq!(identifier("!!!", "panel"), "panel");
    }

    #[test]
    fn labels_are_deduplicated() {
        let mut labels = Labels::default();
        assert_eq!(labels.take("Service", "p"), "Service");
        assert_eq!(labels.take("duration", "p"), "duration");
        assert_eq!(labels.take("Request rate", "p"), "request_rate");
        assert_eq!(labels.take("request rate", "p"), "request_rate_2");
        assert_eq!(labels.take("request_rate", "p"), "request_rate_3");
    }
}
