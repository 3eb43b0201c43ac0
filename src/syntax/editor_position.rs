//! Byte offsets to and from the positions editors use: the Language Server
//! Protocol's 0-based line and 0-based column in UTF-16 code units.
//!
//! Alloy and alloy-lint's own messages count lines at `\n` only and columns
//! in bytes ([`super::LineIndex`]). The protocol counts differently on both
//! axes: a line also ends at a lone `\r` and at `\r\n` (counted once), and a
//! column counts UTF-16 code units, so `é` is one unit and `😀` two
//! (LSP 3.17, "Position" and "Text Documents"; UTF-16 is the one encoding
//! every client supports). A file with a lone `\r` therefore has more
//! lines for the editor than for Alloy, and the two indexes are kept apart.

/// An editor position: 0-based line, 0-based column in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EditorPosition {
    /// Line, counted from 0.
    pub line: u32,
    /// Column in UTF-16 code units, counted from 0.
    pub character: u32,
}

/// Line starts of a text by the protocol's rules, for conversions between
/// byte offsets and [`EditorPosition`]s.
#[derive(Debug, Clone)]
pub struct EditorLineIndex {
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl EditorLineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                // `\r\n` is one line end, found at its `\n`.
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        EditorLineIndex { starts }
    }

    /// Number of lines (at least one).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: a text has at least one (possibly empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The position of byte `offset` of `text` (the text this index was
    /// built from). An offset inside a character stands for that character,
    /// one inside a line break for the end of its line; one past the end is
    /// the end of the last line.
    pub fn position(&self, text: &str, offset: usize) -> EditorPosition {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let offset = offset.min(self.content_end(text, line));
        EditorPosition {
            line: line as u32,
            character: utf16_len(&text[start..offset]) as u32,
        }
    }

    /// The byte offset of `position` in `text`. As the protocol asks, a
    /// column past the end of its line means the end of the line (before
    /// its line break), and a line past the last means the end of the text;
    /// a column inside a character (between the two halves of a surrogate
    /// pair) stands for the start of that character.
    pub fn offset(&self, text: &str, position: EditorPosition) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.content_end(text, line);
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let next = units + c.len_utf16();
            if next > position.character as usize {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// Where the text of `line` ends, before its line break.
    fn content_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > self.starts[line] && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }
}

/// Length of `text` in UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The largest character boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> EditorPosition {
        EditorPosition { line, character }
    }

    #[test]
    fn columns_count_utf16_units() {
        // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units; 中: 3 bytes, 1 unit.
        let text = "a = \"é😀中\"\n";
        let idx = EditorLineIndex::new(text);
        let quote = text.find('"').unwrap();
        assert_eq!(idx.position(text, quote), pos(0, 4));
        assert_eq!(idx.position(text, quote + 1), pos(0, 5)); // é
        assert_eq!(idx.position(text, quote + 3), pos(0, 6)); // 😀
        assert_eq!(idx.position(text, quote + 7), pos(0, 8)); // 中
        assert_eq!(idx.position(text, quote + 10), pos(0, 9)); // closing "
        assert_eq!(idx.position(text, text.len()), pos(1, 0));
        assert_eq!(idx.offset(text, pos(0, 6)), quote + 3);
        assert_eq!(idx.offset(text, pos(0, 8)), quote + 7);
    }

    #[test]
    fn alloy_positions_convert_to_editor_positions() {
        // Alloy reports `中` on line 2 at byte column 9; an editor has it on
        // line 1 at column 7 (`é` is two bytes but one unit).
        let text = "a = 1\n\"é\" + \"中\"\n";
        let alloy = super::super::LineIndex::new(text.as_bytes());
        let editor = EditorLineIndex::new(text);
        let offset = alloy.offset(2, 9);
        assert_eq!(&text[offset..offset + 3], "中");
        assert_eq!(editor.position(text, offset), pos(1, 7));
        assert_eq!(alloy.line_col(editor.offset(text, pos(1, 7))), (2, 9));
    }

    #[test]
    fn inside_a_character_means_its_start() {
        let text = "😀x";
        let idx = EditorLineIndex::new(text);
        // Byte 2 is inside the emoji; column 1 is between its surrogates.
        assert_eq!(idx.position(text, 2), pos(0, 0));
        assert_eq!(idx.offset(text, pos(0, 1)), 0);
        assert_eq!(idx.offset(text, pos(0, 2)), 4);
    }

    #[test]
    fn every_line_break_the_protocol_knows_ends_a_line() {
        let text = "a\r\nb\rc\nd";
        let idx = EditorLineIndex::new(text);
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.position(text, text.find('b').unwrap()), pos(1, 0));
        assert_eq!(idx.position(text, text.find('c').unwrap()), pos(2, 0));
        assert_eq!(idx.position(text, text.find('d').unwrap()), pos(3, 0));
        // The `\r` of `\r\n` is the end of line 0, not a character on it.
        assert_eq!(idx.position(text, 1), pos(0, 1));
        // Alloy counts `\n` only: three lines.
        assert_eq!(super::super::LineIndex::new(text.as_bytes()).len(), 3);
    }

    #[test]
    fn positions_past_a_line_or_the_text_are_clamped() {
        let text = "ab\r\ncd";
        let idx = EditorLineIndex::new(text);
        assert_eq!(idx.offset(text, pos(0, 99)), 2);
        assert_eq!(idx.offset(text, pos(1, 99)), text.len());
        assert_eq!(idx.offset(text, pos(7, 0)), text.len());
    }

    proptest::proptest! {
        #[test]
        fn offsets_round_trip_at_character_boundaries(
            text in "([a\u{e9}\u{4e2d}\u{1f600}\t ]|\r\n|\r|\n){0,40}"
        ) {
            let idx = EditorLineIndex::new(&text);
            let alloy = super::super::LineIndex::new(text.as_bytes());
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let p = idx.position(&text, offset);
                if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                    // Inside a `\r\n`: the end of its line, before the `\r`.
                    proptest::prop_assert_eq!(idx.offset(&text, p), offset - 1);
                    continue;
                }
                proptest::prop_assert_eq!(idx.offset(&text, p), offset);
                // Where no lone `\r` precedes, lines agree with Alloy's
                // (0-based against 1-based).
                if !text[..offset].replace("\r\n", "").contains('\r') {
                    proptest::prop_assert_eq!(p.line as usize + 1, alloy.line(offset));
                }
            }
        }
    }
}
