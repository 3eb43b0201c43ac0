//! Byte offsets to Alloy positions (1-based line, 1-based byte column).

/// Start offsets of every line of a source, for offset → line:column lookups.
///
/// A line starts at offset 0 and after every `\n`, exactly as Alloy's
/// `token.File` records them; `\r` is an ordinary byte. Offsets are kept
/// in 32 bits (inputs are under 4 GiB), counted before they are stored: a
/// file of line ends costs four bytes per byte, not sixteen.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `src`.
    pub fn new(src: &[u8]) -> Self {
        Self::with_breaks(src, 0, |b| b == b'\n')
    }

    /// Indexes raw printer output, where a form feed also ends a line (the
    /// tab writer turns it into `\n`).
    pub fn of_printer_output(raw: &[u8]) -> Self {
        Self::of_printer_output_shifted(raw, 0)
    }

    /// Like [`Self::of_printer_output`], for offsets that count `shift`
    /// bytes before `raw` (on its first line).
    pub fn of_printer_output_shifted(raw: &[u8], shift: usize) -> Self {
        Self::with_breaks(raw, shift, |b| b == b'\n' || b == 0x0C)
    }

    /// Lines start at 0 and after every byte `is_break` accepts; offsets
    /// count `shift` bytes before `bytes`. Offsets past 4 GiB (which no
    /// accepted input reaches) are clamped.
    fn with_breaks(bytes: &[u8], shift: usize, is_break: impl Fn(u8) -> bool) -> Self {
        let count = bytes.iter().filter(|&&b| is_break(b)).count();
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0);
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter_map(|(i, &b)| is_break(b).then_some(narrow(i + 1 + shift))),
        );
        LineIndex { starts }
    }

    /// 1-based line containing `offset` (offsets past the end belong to the
    /// last line).
    pub fn line(&self, offset: usize) -> usize {
        let offset = narrow(offset);
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Like [`Self::line`], starting the search at the line `hint` (a
    /// previous answer): the printer asks about offsets in increasing order,
    /// mostly on the same or the next few lines.
    pub fn line_near(&self, offset: usize, hint: usize) -> usize {
        let n = self.starts.len();
        let narrow_offset = narrow(offset);
        if hint >= 1 && hint <= n && self.starts[hint - 1] <= narrow_offset {
            for line in hint..(hint + 8).min(n + 1) {
                if line == n || self.starts[line] > narrow_offset {
                    return line;
                }
            }
        }
        self.line(offset)
    }

    /// 1-based line and byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        (line, offset - self.starts[line - 1] as usize + 1)
    }

    /// Byte offset of 1-based `line` and byte `column` (as [`Self::line_col`]
    /// gives them); past the last line, the start of the last line.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let start = self.starts[line.clamp(1, self.starts.len()) - 1] as usize;
        start + column.saturating_sub(1)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1] as usize
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: a source has at least one (possibly empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }
}

fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_bytes() {
        let idx = LineIndex::new("ab\nc\u{e9}d\n".as_bytes());
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(2), (1, 3));
        assert_eq!(idx.line_col(3), (2, 1));
        // 'd' sits after a two-byte é: column counts bytes.
        assert_eq!(idx.line_col(6), (2, 4));
        assert_eq!(idx.line_col(8), (3, 1));
        assert_eq!(idx.len(), 3);
        for off in 0..9 {
            let (line, col) = idx.line_col(off);
            assert_eq!(idx.offset(line, col), off);
        }
        for hint in 0..5 {
            for off in 0..10 {
                assert_eq!(idx.line_near(off, hint), idx.line(off));
            }
        }
    }
}
