//! A source as it may be shown: what code frames and diffs are given, so
//! that showing a source without masking it first does not compile.

use super::spans::SecretSpans;

/// The bytes of a source with its secrets masked (same length, same
/// lines), and where they were masked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    bytes: Vec<u8>,
    masked: Vec<std::ops::Range<usize>>,
}

impl Shown {
    /// `text` with `spans` masked.
    pub fn masked(text: &[u8], spans: &SecretSpans) -> Self {
        Shown {
            bytes: spans.mask(text),
            masked: spans.ranges().to_vec(),
        }
    }

    /// The byte ranges that were masked, sorted and disjoint: a code frame
    /// may shorten them (they show nothing but a prefix and stars).
    pub fn masked_ranges(&self) -> &[std::ops::Range<usize>] {
        &self.masked
    }

    /// `text` with the secrets it holds masked, found from the text alone
    /// (its tree when it parses, its tokens when it does not).
    pub fn of_source(text: &[u8]) -> Self {
        Self::masked(text, &SecretSpans::of_source(text))
    }

    /// The masked bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The masked text, invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}
