//! A source as it may be shown: what code frames and diffs are given, so
//! that showing a source without masking it first does not compile.

use super::spans::SecretSpans;

/// The bytes of a source with its secrets masked (same length, same
/// lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown(Vec<u8>);

impl Shown {
    /// `text` with `spans` masked.
    pub fn masked(text: &[u8], spans: &SecretSpans) -> Self {
        Shown(spans.mask(text))
    }

    /// `text` with the secrets it holds masked, found from the text alone
    /// (its tree when it parses, its tokens when it does not).
    pub fn of_source(text: &[u8]) -> Self {
        Self::masked(text, &SecretSpans::of_source(text))
    }

    /// The masked bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The masked text, invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
}
