//! Elastic tabstops with the exact semantics of Go's `text/tabwriter`, in the
//! one configuration Alloy's printer uses:
//!
//! ```text
//! tabwriter.NewWriter(w, 0 /*minwidth*/, 8 /*tabwidth*/, 1 /*padding*/, ' ',
//!     tabwriter.DiscardEmptyColumns|tabwriter.TabIndent)
//! ```
//!
//! (no `AlignRight`, `FilterHTML`, `StripEscape` or `Debug`).
//!
//! Input is UTF-8 text made of cells terminated by `'\t'` (hard tab) or
//! `'\v'` (soft tab), and lines terminated by `'\n'` or `'\f'`. Tab-terminated
//! cells at the same index in contiguous lines form a column, padded with
//! spaces to the widest cell plus one; the last cell of a line is never part
//! of a column. Widths are counted in code points (Go's `utf8.RuneCount`, an
//! invalid byte counting as one). A column whose cells are all empty and all
//! soft-terminated is discarded (width 0). Leading empty cells of a line are
//! padded with tabs instead of spaces (`TabIndent`). Text between two escape
//! bytes (`0xFF`) is not interpreted (its tabs and line breaks do not end
//! cells); the escape bytes are passed through, but do not count towards the
//! width. Both line terminators are written out as `'\n'`; a `'\f'`, like a
//! line holding a single cell, lets the writer flush everything buffered so
//! far.

use super::trimmer::{Trimmer, ESCAPE};

const TAB_WIDTH: usize = 8;
const PADDING: usize = 1;
const MIN_WIDTH: usize = 0;

const SPACES: [u8; 64] = [b' '; 64];
const TABS: [u8; 64] = [b'\t'; 64];

/// A terminated (or the current, incomplete) cell. Its text lives in
/// [`TabWriter::buf`].
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Size in bytes.
    size: usize,
    /// Width in runes, escape bytes excluded.
    width: usize,
    /// Terminated by a hard tab (`'\t'`).
    htab: bool,
}

/// Where the tabwriter's output goes. Every `put` is one Go `write0` call
/// (padding runs are merged into one call, which no consumer can tell apart).
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Streams the tabwriter's output into a [`Trimmer`], in batches of whole
/// writes of at least [`TrimSink::BATCH`] bytes (one trimmer call per tiny
/// cell would cost more than the trimming). Batching is invisible: the
/// trimmer's behaviour depends on call boundaries only when a call ends
/// inside an escaped segment, and a tabwriter write never does, except for
/// the unterminated escape of the final flush, after which nothing follows
/// (see the [`super::trimmer`] documentation).
struct TrimSink<'a> {
    trimmer: &'a mut Trimmer,
    out: &'a mut Vec<u8>,
    batch: Vec<u8>,
}

impl TrimSink<'_> {
    const BATCH: usize = 64 * 1024;

    fn finish(&mut self) {
        self.trimmer.write(&self.batch, self.out);
        self.batch.clear();
    }
}

impl Sink for TrimSink<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= Self::BATCH {
            self.finish();
        }
    }
}

/// Go's `utf8.RuneCount`: every maximal valid UTF-8 sequence counts as one,
/// and so does every byte that does not start one.
fn rune_count(p: &[u8]) -> usize {
    if p.is_ascii() {
        return p.len();
    }
    if std::str::from_utf8(p).is_ok() {
        // Valid UTF-8: one rune per non-continuation byte.
        return p.iter().filter(|&&b| (b as i8) >= -0x40).count();
    }
    let mut n = 0;
    let mut i = 0;
    let len = p.len();
    while i < len {
        n += 1;
        let c = p[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        // Sequence length and the accepted range of the second byte.
        let (size, lo, hi) = match c {
            0xC2..=0xDF => (2, 0x80, 0xBF),
            0xE0 => (3, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
            0xED => (3, 0x80, 0x9F),
            0xF0 => (4, 0x90, 0xBF),
            0xF1..=0xF3 => (4, 0x80, 0xBF),
            0xF4 => (4, 0x80, 0x8F),
            _ => {
                i += 1;
                continue;
            }
        };
        if i + size > len {
            i += 1;
            continue;
        }
        let cont = |b: u8| (0x80..=0xBF).contains(&b);
        let b1 = p[i + 1];
        let valid =
            (lo..=hi).contains(&b1) && (size < 3 || cont(p[i + 2])) && (size < 4 || cont(p[i + 3]));
        i += if valid { size } else { 1 };
    }
    n
}

/// The bytes `write` must look at outside an escaped segment, as a lookup
/// table.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\t' as usize] = true;
    t[0x0B] = true;
    t[b'\n' as usize] = true;
    t[0x0C] = true;
    t[ESCAPE as usize] = true;
    t
};

/// Elastic tabstops with Go text/tabwriter semantics (Alloy's configuration).
#[derive(Debug)]
pub struct TabWriter {
    /// Text of all buffered cells, terminators removed.
    buf: Vec<u8>,
    /// Position in `buf` up to which the current cell's width is computed.
    pos: usize,
    /// The current, incomplete cell.
    cell: Cell,
    /// Inside an escaped segment.
    in_escape: bool,
    /// Cells of all buffered lines, line after line.
    cells: Vec<Cell>,
    /// Index in `cells` of the first cell of each buffered line; the last
    /// entry is the current line.
    line_starts: Vec<usize>,
    /// Widths of the columns to the left of the block being formatted.
    widths: Vec<usize>,
    /// Explicit stack replacing the recursion of Go's `format`.
    frames: Vec<Frame>,
}

/// One level of Go's recursive `format(pos, line0, line1)`; its column is its
/// depth in the stack.
#[derive(Clone, Copy, Debug)]
struct Frame {
    /// First line not yet written.
    line0: usize,
    /// End of the line range (exclusive).
    line1: usize,
    /// Next line to examine.
    this: usize,
}

impl Default for TabWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TabWriter {
    pub fn new() -> Self {
        TabWriter {
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            in_escape: false,
            cells: Vec::new(),
            line_starts: vec![0],
            widths: Vec::new(),
            frames: Vec::new(),
        }
    }

    /// Feeds bytes (may be called repeatedly with arbitrary chunks; the
    /// printer will usually pass everything at once).
    pub fn write(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        self.write_into(bytes, out);
    }

    /// Flushes everything buffered into `out`.
    pub fn flush(&mut self, out: &mut Vec<u8>) {
        self.flush_into(out);
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.in_escape = false;
        self.cells.clear();
        self.line_starts.clear();
        self.line_starts.push(0);
        self.widths.clear();
    }

    #[inline]
    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    #[inline]
    fn update_width(&mut self) {
        self.cell.width += rune_count(&self.buf[self.pos..]);
        self.pos = self.buf.len();
    }

    /// Ends an escaped segment: its width excludes the two escape bytes.
    fn end_escape(&mut self) {
        // `buf[pos..]` is the escaped segment, escape bytes included (the
        // closing one is missing when the flush ends an open escape). Go counts
        // the runes of all of it and subtracts 2; an escape byte is always a
        // rune of its own (it neither starts nor continues a sequence), so
        // counting the bytes between the escapes is the same, and keeps the
        // count on the fast path for valid UTF-8.
        let seg = &self.buf[self.pos..];
        debug_assert_eq!(seg.first(), Some(&ESCAPE));
        let inner = match seg {
            [_, inner @ .., ESCAPE] => inner,
            [_, rest @ ..] => {
                // Open escape at the final flush: Go's width is one less than
                // the runes of `rest` (it may even go negative); that cell is
                // the last of the last line, never in a column, so its width
                // is never used.
                self.cell.width = (self.cell.width + rune_count(rest)).saturating_sub(1);
                self.pos = self.buf.len();
                self.in_escape = false;
                return;
            }
            [] => &[],
        };
        self.cell.width += rune_count(inner);
        self.pos = self.buf.len();
        self.in_escape = false;
    }

    /// Adds the current cell to the current line; returns the number of
    /// cells in that line.
    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        self.cells.push(self.cell);
        self.cell = Cell::default();
        self.cells.len() - self.line_starts[self.line_starts.len() - 1]
    }

    #[inline]
    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    #[inline]
    fn line(&self, i: usize) -> &[Cell] {
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.cells.len());
        &self.cells[self.line_starts[i]..end]
    }

    /// Number of cells of line `i` that belong to columns (all but the last).
    #[inline]
    fn column_cells(&self, i: usize) -> usize {
        self.line(i).len().saturating_sub(1)
    }

    fn write_into<S: Sink>(&mut self, data: &[u8], sink: &mut S) {
        // Start of the text of `data` not yet appended to `buf`.
        let mut n = 0;
        let mut i = 0;
        let len = data.len();
        while i < len {
            if self.in_escape {
                match data[i..].iter().position(|&b| b == ESCAPE) {
                    None => break,
                    Some(k) => {
                        i += k;
                        self.append(&data[n..=i]);
                        n = i + 1;
                        self.end_escape();
                        i += 1;
                    }
                }
                continue;
            }
            match data[i..].iter().position(|&b| SPECIAL[b as usize]) {
                None => break,
                Some(k) => i += k,
            }
            let ch = data[i];
            if ch == ESCAPE {
                // The escape byte itself stays in the text (no StripEscape).
                self.append(&data[n..i]);
                self.update_width();
                n = i;
                self.in_escape = true;
                i += 1;
                continue;
            }
            // End of cell.
            self.append(&data[n..i]);
            self.update_width();
            n = i + 1;
            let ncells = self.terminate_cell(ch == b'\t');
            if ch == b'\n' || ch == 0x0C {
                self.line_starts.push(self.cells.len());
                // A '\f' always flushes; so does a line with a single cell,
                // since the last cell of a line never affects the layout of
                // the following lines.
                if ch == 0x0C || ncells == 1 {
                    self.flush_into(sink);
                }
            }
            i += 1;
        }
        self.append(&data[n..]);
    }

    fn flush_into<S: Sink>(&mut self, sink: &mut S) {
        if self.cell.size > 0 {
            if self.in_escape {
                // Terminate an incomplete escape.
                self.end_escape();
            }
            self.terminate_cell(false);
        }
        self.format(sink);
        self.reset();
    }

    /// Writes `n` bytes of padding made of `pad`.
    fn put_repeated<S: Sink>(sink: &mut S, pad: &[u8; 64], mut n: usize) {
        while n > 0 {
            let k = n.min(pad.len());
            sink.put(&pad[..k]);
            n -= k;
        }
    }

    #[inline]
    fn write_padding<S: Sink>(sink: &mut S, textw: usize, cellw: usize, use_tabs: bool) {
        if use_tabs {
            // Pad to the next multiple of the tab width, with whole tabs.
            let cellw = cellw.div_ceil(TAB_WIDTH) * TAB_WIDTH;
            let n = cellw.saturating_sub(textw);
            Self::put_repeated(sink, &TABS, n.div_ceil(TAB_WIDTH));
        } else {
            Self::put_repeated(sink, &SPACES, cellw.saturating_sub(textw));
        }
    }

    /// Writes lines `line0..line1` with the current column widths; `pos` is
    /// the offset in `buf` of the first cell of `line0`.
    fn write_lines<S: Sink>(&self, sink: &mut S, pos: &mut usize, line0: usize, line1: usize) {
        let total = self.line_count();
        for i in line0..line1 {
            // TabIndent: leading empty cells are padded with tabs.
            let mut use_tabs = true;
            for (j, c) in self.line(i).iter().enumerate() {
                let width = self.widths.get(j).copied();
                if c.size == 0 {
                    if let Some(w) = width {
                        Self::write_padding(sink, c.width, w, use_tabs);
                    }
                } else {
                    use_tabs = false;
                    sink.put(&self.buf[*pos..*pos + c.size]);
                    *pos += c.size;
                    if let Some(w) = width {
                        Self::write_padding(sink, c.width, w, false);
                    }
                }
            }
            if i + 1 == total {
                // Last buffered line: no line break, just the pending text.
                let end = *pos + self.cell.size;
                if end > *pos {
                    sink.put(&self.buf[*pos..end]);
                }
                *pos = end;
            } else {
                sink.put(b"\n");
            }
        }
    }

    /// Go's recursive `format(0, 0, len(lines))`, run with an explicit stack:
    /// a frame at depth `d` formats the column `d` of its line range, having
    /// the widths of columns `0..d` in `self.widths`.
    fn format<S: Sink>(&mut self, sink: &mut S) {
        let mut pos = 0;
        let mut frames = std::mem::take(&mut self.frames);
        frames.clear();
        self.widths.clear();
        frames.push(Frame {
            line0: 0,
            line1: self.line_count(),
            this: 0,
        });
        while let Some(&Frame { line0, line1, .. }) = frames.last() {
            let column = self.widths.len();
            let depth = frames.len() - 1;
            let mut this = frames[depth].this;
            let mut child = None;
            while this < line1 {
                if column < self.column_cells(this) {
                    // This line has a cell in this column: write the lines
                    // before it, then find the extent and width of the block.
                    self.write_lines(sink, &mut pos, line0, this);
                    let start = this;
                    let mut width = MIN_WIDTH;
                    let mut discardable = true;
                    while this < line1 && column < self.column_cells(this) {
                        let c = self.line(this)[column];
                        width = width.max(c.width + PADDING);
                        if c.width > 0 || c.htab {
                            discardable = false;
                        }
                        this += 1;
                    }
                    if discardable {
                        // DiscardEmptyColumns.
                        width = 0;
                    }
                    child = Some((start, this, width));
                    break;
                }
                this += 1;
            }
            match child {
                Some((start, end, width)) => {
                    // When the block is done, resume after the line that ended
                    // it (Go's loop increment), with nothing left unwritten
                    // before `end`.
                    let frame = &mut frames[depth];
                    frame.line0 = end;
                    frame.this = end + 1;
                    self.widths.push(width);
                    frames.push(Frame {
                        line0: start,
                        line1: end,
                        this: start,
                    });
                }
                None => {
                    self.write_lines(sink, &mut pos, line0, line1);
                    frames.pop();
                    self.widths.pop();
                }
            }
        }
        self.frames = frames;
    }
}

/// Convenience: tabwriter then trimmer over a whole buffer, returning final
/// text bytes. The tabwriter's output is streamed into the trimmer.
pub fn align_and_trim(printer_output: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(printer_output.len() + printer_output.len() / 4 + 16);
    let mut tw = TabWriter::new();
    let mut trimmer = Trimmer::new();
    let mut sink = TrimSink {
        trimmer: &mut trimmer,
        out: &mut out,
        batch: Vec::with_capacity(TrimSink::BATCH + 4096),
    };
    tw.write_into(printer_output, &mut sink);
    tw.flush_into(&mut sink);
    sink.finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raw tabwriter output (escape bytes kept).
    fn tw(input: &[u8]) -> Vec<u8> {
        let mut w = TabWriter::new();
        let mut out = Vec::new();
        w.write(input, &mut out);
        w.flush(&mut out);
        out
    }

    fn fmt(input: &[u8]) -> String {
        String::from_utf8(align_and_trim(input)).unwrap()
    }

    #[test]
    fn aligns_a_run() {
        assert_eq!(fmt(b"a\x0b= 1\nbbb\x0b= 2\n"), "a   = 1\nbbb = 2\n");
        assert_eq!(tw(b"a\x0b= 1\nbbb\x0b= 2\n"), b"a   = 1\nbbb = 2\n");
        // No trailing newline: the last line is written as is.
        assert_eq!(fmt(b"a\x0b= 1\nbbb\x0b= 2"), "a   = 1\nbbb = 2");
        assert_eq!(fmt(b""), "");
    }

    #[test]
    fn single_cell_line_breaks_the_run() {
        assert_eq!(fmt(b"a\x0b= 1\nxyz\nbbb\x0b= 2\n"), "a = 1\nxyz\nbbb = 2\n");
        assert_eq!(fmt(b"a\x0b= 1\n\nbbb\x0b= 2\n"), "a = 1\n\nbbb = 2\n");
    }

    #[test]
    fn formfeed_breaks_the_run() {
        assert_eq!(fmt(b"a\x0b= 1\x0cbbb\x0b= 2\n"), "a = 1\nbbb = 2\n");
        // The tabwriter itself writes '\f' as '\n'.
        assert_eq!(tw(b"a\x0b= 1\x0cbbb\x0b= 2\x0c"), b"a = 1\nbbb = 2\n");
    }

    #[test]
    fn go_doc_example() {
        // aaaa|bbb|d / aa|b|dd / a| / aa|cccc|eee: b and c are distinct
        // columns, d and e are not columns at all.
        assert_eq!(
            fmt(b"aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n"),
            "aaaa bbb d\naa   b   dd\na\naa   cccc eee\n"
        );
        // Before trimming, the padding of "a" is there.
        assert_eq!(
            tw(b"aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n"),
            b"aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n"
        );
    }

    #[test]
    fn indentation_is_tabs() {
        assert_eq!(fmt(b"\tx\x0b= 1\n\tyy\x0b= 2\n"), "\tx  = 1\n\tyy = 2\n");
        assert_eq!(fmt(b"\t\tx\n"), "\t\tx\n");
        // An empty cell after a non-empty one is padded with spaces.
        assert_eq!(fmt(b"a\t\tb\n"), "a  b\n");
    }

    #[test]
    fn indentation_under_a_wide_column_zero_cell() {
        // Header of 7 runes: column width 8, one tab.
        assert_eq!(
            fmt(b"ooooooo\x0b= {a = 1,\n\tc\x0b= 3}\n"),
            "ooooooo = {a = 1,\n\tc = 3}\n"
        );
        // Header of 8+ runes: column width 9..16, two tabs.
        assert_eq!(
            fmt(b"oooooooo\x0b= {a = 1,\n\tc\x0b= 3}\n"),
            "oooooooo = {a = 1,\n\t\tc = 3}\n"
        );
        assert_eq!(
            fmt(b"oooooooooooo\x0b= {a = 1,\n\tc\x0b= 3}\n"),
            "oooooooooooo = {a = 1,\n\t\tc = 3}\n"
        );
        // Two levels: 2 tabs for column 0 (width 13), 1 for column 1.
        assert_eq!(
            fmt(b"oooooooooooo\x0b= {a = 1,\n\t\tc\x0b= 3}\n"),
            "oooooooooooo = {a = 1,\n\t\t\tc = 3}\n"
        );
        // Short header: one tab.
        assert_eq!(
            fmt(b"ooo\x0b= {a = 1,\n\tc\x0b= 3}\n"),
            "ooo = {a = 1,\n\tc = 3}\n"
        );
    }

    #[test]
    fn escaped_segments() {
        // Tabs and newlines inside an escape do not end cells and pass through.
        let input = b"a\x0b= \xff\"x\ty\nz  \"\xff\nbbb\x0b= 2\n";
        assert_eq!(fmt(input), "a   = \"x\ty\nz  \"\nbbb = 2\n");
        assert_eq!(
            tw(input),
            b"a   = \xff\"x\ty\nz  \"\xff\nbbb = 2\n".to_vec()
        );
        // Width excludes the escape bytes.
        assert_eq!(
            fmt(b"\xffab\xff\x0b= 1\nabc\x0b= 2\n"),
            "ab  = 1\nabc = 2\n"
        );
        assert_eq!(
            fmt(b"\xffa\tb\xff\x0b= 1\nabcd\x0b= 2\n"),
            "a\tb  = 1\nabcd = 2\n"
        );
        assert_eq!(
            fmt(b"x\xff\n\xffy\x0b= 1\nabcd\x0b= 2\n"),
            "x\ny  = 1\nabcd = 2\n"
        );
        // An escape left open is terminated at flush.
        assert_eq!(tw(b"a\x0bb\n\xffc\td  "), b"a b\n\xffc\td  ".to_vec());
        assert_eq!(fmt(b"a\x0bb\n\xffc\td  "), "a b\nc\td  ");
    }

    #[test]
    fn widths_are_runes() {
        assert_eq!(fmt("é\x0b= 1\nab\x0b= 2\n".as_bytes()), "é  = 1\nab = 2\n");
        assert_eq!(fmt("日本\x0b1\nabc\x0b2\n".as_bytes()), "日本  1\nabc 2\n");
        assert_eq!(rune_count(b"a\xffb"), 3);
        assert_eq!(rune_count(b"\xe0\xa0a"), 3);
        assert_eq!(rune_count(b"\xe2\x82\xac\xf0\x9f\x98\x80"), 2);
        assert_eq!(rune_count(b"\xed\xa0\x80"), 3);
        assert_eq!(rune_count(b"\xf4\x90\x80\x80"), 4);
        assert_eq!(rune_count(b"\xc3"), 1);
        // Invalid UTF-8 inside an escape: Go counts "\xff\xe0\xa0\xff" as 4
        // runes, minus 2 for the escapes.
        assert_eq!(
            align_and_trim(b"\xff\xe0\xa0\xff\x0b= 1\nabc\x0b= 2\n"),
            b"\xe0\xa0  = 1\nabc = 2\n".to_vec()
        );
    }

    #[test]
    fn trailing_whitespace_is_removed() {
        assert_eq!(fmt(b"x\x0b= 1\nlonger\x0b\n"), "x      = 1\nlonger\n");
        assert_eq!(fmt(b"abc   \n\t\n"), "abc\n\n");
        assert_eq!(fmt(b"\xffabc  \xff\n"), "abc  \n");
    }

    #[test]
    fn discard_empty_columns() {
        // All empty and soft: width 0, no tabs at all.
        assert_eq!(fmt(b"\x0ba\n\x0bbb\n"), "a\nbb\n");
        // Hard tabs are kept.
        assert_eq!(fmt(b"\ta\n\tbb\n"), "\ta\n\tbb\n");
        // A non-empty cell keeps the column.
        assert_eq!(fmt(b"\x0ba\nx\x0bbb\n"), "\ta\nx bb\n");
        // A discarded column in the middle of a line.
        assert_eq!(fmt(b"a\x0b\x0bb\n"), "a b\n");
        assert_eq!(fmt(b"a\x0b\tb\n"), "a  b\n");
    }

    #[test]
    fn nested_blocks() {
        // Column 1 is contiguous only over the first two lines.
        let input = b"a\x0bb\x0bc\naa\x0bbb\x0bc\naaa\x0bb\nxxxxx\x0by\x0bz\n";
        assert_eq!(fmt(input), "a     b  c\naa    bb c\naaa   b\nxxxxx y z\n");
    }

    #[test]
    fn chunked_writes_match_one_write() {
        let inputs: [&[u8]; 4] = [
            b"\tx\x0b= 1\n\tyy\x0b= \xff\"a\tb\n\"\xff\n\n\x0ba\x0cb\x0bc\nd\x0be",
            b"a\x0b= \xff\xe6\x97\xa5\xe6\x9c\xac\xff\nbbb\x0b\t\x0b= 2\x0c\t\tq\n",
            b"aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n",
            b"\xffopen\tescape\n",
        ];
        for input in inputs {
            let whole = tw(input);
            for i in 0..=input.len() {
                for j in i..=input.len() {
                    let mut w = TabWriter::new();
                    let mut out = Vec::new();
                    w.write(&input[..i], &mut out);
                    w.write(&input[i..j], &mut out);
                    w.write(&input[j..], &mut out);
                    w.flush(&mut out);
                    assert_eq!(out, whole, "split at {i}, {j}");
                }
            }
            // The streamed trimmer gives what trimming the whole output gives.
            let mut trimmed = Vec::new();
            Trimmer::new().write(&whole, &mut trimmed);
            assert_eq!(align_and_trim(input), trimmed);
        }
    }

    #[test]
    fn writer_is_reusable_after_flush() {
        let mut w = TabWriter::new();
        let mut out = Vec::new();
        w.write(b"a\x0b1\nbb\x0b2\n", &mut out);
        w.flush(&mut out);
        w.write(b"ccc\x0b3\nd\x0b4\n", &mut out);
        w.flush(&mut out);
        assert_eq!(out, b"a  1\nbb 2\nccc 3\nd   4\n");
    }

    #[test]
    fn many_columns_do_not_recurse() {
        let mut input = Vec::new();
        for _ in 0..3 {
            input.extend(std::iter::repeat_n(b'\t', 100_000));
            input.extend_from_slice(b"x\n");
        }
        let out = align_and_trim(&input);
        assert_eq!(out, input);
    }
}
