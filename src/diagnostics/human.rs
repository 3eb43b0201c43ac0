//! Code frames for humans: miette's graphical report with the offending
//! source lines, a label at the span, the help text, and colours only when
//! asked.
//!
//! miette is given an [`Excerpt`] (the diagnostic's line and one line of
//! context either side), not the whole file: rendering then costs the same
//! for a 10 MB file as for a small one, and the excerpt can be made safe to
//! print (control characters and invalid UTF-8 are shown as visible symbols)
//! while line numbers and the `[file:line:col]` header keep Alloy's
//! positions (lines end at `\n` only; columns count bytes).

use std::fmt;
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{Diagnostic, Related, Severity, Span};
use crate::secrets::Shown;

/// Lines of source shown above and below the diagnostic's line.
const CONTEXT_LINES: usize = 1;

/// Bytes of source shown at most before and after the span (and of the
/// span itself): long lines are cut, the cut marked with [`ELLIPSIS`].
const WINDOW: usize = 160;

/// Where a long line was cut.
const ELLIPSIS: &str = "\u{2026}";

/// Bytes of a masked value shown at most per line before an [`ELLIPSIS`]:
/// a 100-character token then leaves a code frame within 80 columns.
const MASK_SHOWN: usize = 12;

/// Renders each diagnostic as a miette code frame over `source` (the bytes
/// the diagnostics were found in, secrets masked), one after the other,
/// each followed by a blank line. With `color`, ANSI colours are used;
/// otherwise none.
pub fn render(diagnostics: &[Diagnostic], source: &Shown, color: bool) -> String {
    let masked = source.masked_ranges();
    let source = source.bytes();
    let mut theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // The severity in words after its symbol: without colour (a log, a
    // pipe, `NO_COLOR`) the symbols alone do not say which is which.
    let words = &mut theme.characters;
    words.error = format!("{} {}:", words.error, Severity::Error.as_str());
    words.warning = format!("{} {}:", words.warning, Severity::Warning.as_str());
    words.advice = format!("{} {}:", words.advice, Severity::Info.as_str());
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_context_lines(CONTEXT_LINES)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for d in diagnostics {
        if d.omitted.total() > 0 {
            // It stands for diagnostics not shown: no code frame to draw.
            out.push_str(&super::short::render(std::slice::from_ref(d), color));
            out.push('\n');
            continue;
        }
        let report = Report::new(d, source, masked);
        if handler.render_report(&mut out, &report).is_err() {
            // miette could not lay out the frame: fall back to a plain line
            // rather than lose the diagnostic.
            out.push_str(&super::short::render(std::slice::from_ref(d), false));
        }
        out.push('\n');
    }
    out
}

/// A [`Diagnostic`] seen through miette's `Diagnostic` trait.
#[derive(Debug)]
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<Excerpt>,
    label: SourceSpan,
    /// Its related places that the frame shows, labelled there.
    secondary: Vec<LabeledSpan>,
    /// Its other related places, drawn after it (miette's `related`).
    related: Vec<RelatedReport<'a>>,
}

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic, source: &[u8], masked: &[Range<usize>]) -> Self {
        let d = diagnostic;
        // A related place in this file near the diagnostic is a second
        // label in its frame; any other gets a frame of its own.
        let near: Vec<Span> = d
            .related
            .iter()
            .map(|r| match r.file == d.file {
                true => r.span,
                false => Span {
                    offset: usize::MAX,
                    len: 0,
                },
            })
            .collect();
        let excerpt = Excerpt::new(source, masked, d.span, [d.line, d.column], &near);
        let label = excerpt.primary;
        let mut secondary = Vec::new();
        let mut related = Vec::new();
        for (r, at) in d.related.iter().zip(&excerpt.secondary) {
            match at {
                Some(at) => {
                    secondary.push(LabeledSpan::new_with_span(Some(r.message.clone()), *at))
                }
                None => related.push(RelatedReport::new(r, &d.file, source, masked)),
            }
        }
        Report {
            diagnostic,
            source: NamedSource::new(&diagnostic.file, excerpt),
            label,
            secondary,
            related,
        }
    }
}

/// A related place seen through miette's `Diagnostic` trait: its label as
/// the message over a frame of its own, so that a place far from the
/// diagnostic (a duplicate's first definition) is shown without the lines
/// between them.
#[derive(Debug)]
struct RelatedReport<'a> {
    related: &'a Related,
    /// Its frame, when it is in the file being rendered (the only source
    /// at hand); a place in another file is named by position instead.
    frame: Option<(NamedSource<Excerpt>, SourceSpan)>,
}

impl<'a> RelatedReport<'a> {
    fn new(related: &'a Related, file: &str, source: &[u8], masked: &[Range<usize>]) -> Self {
        let r = related;
        let frame = (r.file == file).then(|| {
            let excerpt = Excerpt::new(source, masked, r.span, [r.line, r.column], &[]);
            let label = excerpt.primary;
            (NamedSource::new(&r.file, excerpt), label)
        });
        RelatedReport { related, frame }
    }
}

impl fmt::Display for RelatedReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.related;
        match self.frame {
            Some(_) => f.write_str(&r.message),
            None => write!(f, "{}:{}:{}: {}", r.file, r.line, r.column, r.message),
        }
    }
}

impl std::error::Error for RelatedReport<'_> {}

impl miette::Diagnostic for RelatedReport<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.frame.as_ref().map(|(s, _)| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, label) = self.frame.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, *label),
        )))
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let code = self.diagnostic.code.as_ref()?;
        Some(Box::new(code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_ref()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(
            std::iter::once(LabeledSpan::new_primary_with_span(None, self.label))
                .chain(self.secondary.iter().cloned()),
        ))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// The lines around a diagnostic, made printable, with their real line
/// numbers.
#[derive(Debug)]
struct Excerpt {
    /// The excerpt's text: whole lines, control characters and invalid UTF-8
    /// replaced by visible symbols.
    text: String,
    /// Start offset (in `text`) of each of its lines.
    line_starts: Vec<usize>,
    /// 0-based line number of the excerpt's first line in the whole source.
    first_line: usize,
    /// The diagnostic's span, in `text` offsets.
    primary: SourceSpan,
    /// Each of the other places asked for, in `text` offsets, if the
    /// excerpt shows it.
    secondary: Vec<Option<SourceSpan>>,
    /// The diagnostic's 0-based byte column in the original source (the
    /// excerpt's own column can differ after replacements).
    primary_column: usize,
}

impl Excerpt {
    /// The excerpt around `span`, which starts at 1-based `line` and byte
    /// `column`; `others` (related places) that fall inside it get their
    /// excerpt spans in [`Excerpt::secondary`].
    fn new(
        source: &[u8],
        masked: &[Range<usize>],
        span: Span,
        [line, column]: [usize; 2],
        others: &[Span],
    ) -> Self {
        let offset = span.offset.min(source.len());
        // A long span is underlined over its first `WINDOW` bytes.
        let end = span.end().clamp(offset, source.len()).min(offset + WINDOW);
        let last_byte = if end > offset { end - 1 } else { offset };

        // Widen to whole lines, plus context lines either side, but never
        // further than `WINDOW` bytes from the span: a minified or binary
        // file can be one line of megabytes.
        let lowest = char_start(source, offset.saturating_sub(WINDOW));
        let mut start = line_start_from(source, offset, lowest);
        for _ in 0..CONTEXT_LINES {
            if start <= lowest || start == 0 {
                break;
            }
            start = line_start_from(source, start - 1, lowest);
        }
        let highest = char_start(source, (end + WINDOW).min(source.len()));
        let mut stop = line_end_until(source, last_byte, highest);
        for _ in 0..CONTEXT_LINES {
            if stop >= highest || stop == 0 || source[stop - 1] != b'\n' {
                break;
            }
            stop = line_end_until(source, stop, highest);
        }
        let cut_before = start > 0 && source[start - 1] != b'\n';
        let cut_after = stop > 0 && stop < source.len() && source[stop - 1] != b'\n';

        let (shortened, marks) = shorten_masked(
            &source[start..stop],
            masked,
            start,
            [offset - start, end - start],
        );
        let (body, [primary_start, primary_end]) = printable(&shortened, marks);
        let mut text = String::with_capacity(body.len() + 8);
        let shift = if cut_before { ELLIPSIS.len() } else { 0 };
        if cut_before {
            text.push_str(ELLIPSIS);
        }
        text.push_str(&body);
        let (primary_start, primary_end) = (primary_start + shift, primary_end + shift);
        // The same text, its marks at each other place shown whole.
        let secondary = others
            .iter()
            .map(|o| {
                let inside = o.offset >= start && o.end() <= stop;
                inside.then(|| {
                    let bytes = &source[start..stop];
                    let marks = [o.offset - start, o.end() - start];
                    let (shortened, marks) = shorten_masked(bytes, masked, start, marks);
                    let (_, [a, b]) = printable(&shortened, marks);
                    SourceSpan::new((a + shift).into(), b - a)
                })
            })
            .collect();
        if cut_after {
            text.push_str(ELLIPSIS);
        }
        if primary_start == text.len() {
            // miette draws no pointer past the last character: give an
            // end-of-input position a (never displayed) line end to sit on.
            text.push('\n');
        }
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Excerpt {
            text,
            line_starts,
            // The diagnostic knows its line: no need to count from the top.
            first_line: line
                .saturating_sub(1)
                .saturating_sub(offset_lines(source, start, offset)),
            primary: SourceSpan::new(primary_start.into(), primary_end - primary_start),
            secondary,
            primary_column: column.saturating_sub(1),
        }
    }

    /// Index (into `line_starts`) of the excerpt line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// End of excerpt line `line`, past its `\n` if it has one.
    fn line_stop(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_of(start);
        let last = self.line_of(if end > start { end - 1 } else { start });
        if context_lines_before == 0 && context_lines_after == 0 {
            // Only the span itself: miette asks this for the header position.
            let column = if start == self.primary.offset() {
                self.primary_column
            } else {
                start - self.line_starts[first]
            };
            return Ok(Box::new(MietteSpanContents::new(
                &self.text.as_bytes()[start..end],
                *span,
                self.first_line + first,
                column,
                last - first + 1,
            )));
        }
        let from = first.saturating_sub(context_lines_before);
        let to = (last + context_lines_after).min(self.line_starts.len() - 1);
        let data_start = self.line_starts[from];
        let data_end = self.line_stop(to);
        Ok(Box::new(MietteSpanContents::new(
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            self.first_line + from,
            0,
            to - from + 1,
        )))
    }
}

/// `bytes` (the source from offset `base` on) with each line of a masked
/// range longer than [`MASK_SHOWN`] bytes cut to that many and an
/// [`ELLIPSIS`], and `marks` (offsets into `bytes`) moved with the text:
/// a long token masked byte for byte would push the frame past 80
/// columns. What is kept is masked already (a public prefix and stars);
/// line breaks stay, so line numbers do.
fn shorten_masked<'b>(
    bytes: &'b [u8],
    masked: &[Range<usize>],
    base: usize,
    marks: [usize; 2],
) -> (std::borrow::Cow<'b, [u8]>, [usize; 2]) {
    let stop = base + bytes.len();
    let first = masked.partition_point(|r| r.end <= base);
    let runs: Vec<Range<usize>> = masked[first..]
        .iter()
        .take_while(|r| r.start < stop)
        .flat_map(|r| {
            // One run per line of the range, in `bytes` offsets.
            let (from, to) = (r.start.max(base) - base, r.end.min(stop) - base);
            let mut runs = Vec::new();
            let mut at = from;
            for piece in bytes[from..to].split(|&b| b == b'\n') {
                let line = at..at + piece.len();
                at = line.end + 1;
                let line = line.start..line.end - usize::from(piece.ends_with(b"\r"));
                if line.len() > MASK_SHOWN + ELLIPSIS.len() {
                    runs.push(line);
                }
            }
            runs
        })
        .collect();
    if runs.is_empty() {
        return (std::borrow::Cow::Borrowed(bytes), marks);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut mapped = marks;
    let mut moved = [false; 2];
    let mut at = 0;
    for run in runs {
        let kept = run.start + MASK_SHOWN;
        for i in 0..2 {
            if !moved[i] && marks[i] < run.end {
                moved[i] = true;
                // A mark in the cut part sits at the ellipsis: the start of
                // a span before it, its end after it.
                mapped[i] = match marks[i] {
                    m if m <= kept => out.len() + (m - at),
                    _ if i == 0 => out.len() + (kept - at),
                    _ => out.len() + (kept - at) + ELLIPSIS.len(),
                };
            }
        }
        out.extend_from_slice(&bytes[at..kept]);
        out.extend_from_slice(ELLIPSIS.as_bytes());
        at = run.end;
    }
    for i in 0..2 {
        if !moved[i] {
            mapped[i] = out.len() + (marks[i] - at);
        }
    }
    out.extend_from_slice(&bytes[at..]);
    (std::borrow::Cow::Owned(out), mapped)
}

/// Offset where the line holding `offset` starts, or `lowest` if it
/// starts before that.
fn line_start_from(source: &[u8], offset: usize, lowest: usize) -> usize {
    let offset = offset.min(source.len());
    source[lowest.min(offset)..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(lowest.min(offset), |i| lowest + i + 1)
}

/// Offset just past the `\n` ending the line that holds `offset` (or the
/// end of the source), or `highest` if it ends after that.
fn line_end_until(source: &[u8], offset: usize, highest: usize) -> usize {
    let highest = highest.max(offset).min(source.len());
    source
        .get(offset..highest)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(highest, |i| offset + i + 1)
}

/// `offset`, moved back to the start of the UTF-8 character it is inside
/// (a cut never splits a character).
fn char_start(source: &[u8], mut offset: usize) -> usize {
    for _ in 0..3 {
        if offset == 0 || offset >= source.len() || source[offset] & 0xC0 != 0x80 {
            break;
        }
        offset -= 1;
    }
    offset
}

/// Number of `\n` in `source[from..to]`.
fn offset_lines(source: &[u8], from: usize, to: usize) -> usize {
    source[from..to].iter().filter(|&&b| b == b'\n').count()
}

/// `bytes` as printable text: control characters other than tab, newline
/// and the `\r` of `\r\n` become their Unicode control pictures (`␀`, `␛`),
/// each invalid UTF-8 sequence becomes `�`. Also maps the byte offsets
/// `marks` into the result (an offset inside a replaced character maps to
/// its start).
fn printable(bytes: &[u8], marks: [usize; 2]) -> (String, [usize; 2]) {
    let mut text = String::with_capacity(bytes.len());
    let mut mapped = marks;
    let mut done = [false; 2];
    let mut at = 0;
    let mut mark = |at: usize, width: usize, out_len: usize| {
        for i in 0..2 {
            if !done[i] && marks[i] < at + width {
                mapped[i] = out_len;
                done[i] = true;
            }
        }
    };
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            mark(at, c.len_utf8(), text.len());
            at += c.len_utf8();
            let crlf = c == '\r' && valid[i + 1..].starts_with('\n');
            match c {
                '\t' | '\n' => text.push(c),
                _ if crlf => text.push(c),
                '\u{0}'..='\u{1f}' => {
                    text.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
                }
                '\u{7f}' => text.push('\u{2421}'),
                _ => text.push(c),
            }
        }
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            mark(at, invalid.len(), text.len());
            at += invalid.len();
            text.push('\u{fffd}');
        }
    }
    mark(at, usize::MAX - at, text.len());
    (text, mapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn diagnostic(offset: usize, len: usize, line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            file: "a.alloy".into(),
            span: Span { offset, len },
            line,
            column,
            end_line: line,
            end_column: column + len,
            message: "expected expression, got <".into(),
            help: None,
            related: Vec::new(),
            fix: None,
            omitted: Default::default(),
        }
    }

    #[test]
    fn long_masked_values_are_shortened_to_fit_80_columns() {
        // A 100-byte secret, a multi-line one, and a diagnostic after the
        // first on the same line.
        let token = "t".repeat(100);
        let src = format!("a = \"{token}\" + x\nb = `{token}\n{token}`\nc = 1\n");
        let a = src.find('"').unwrap() + 1..src.find("\" + x").unwrap();
        let b = src.find('`').unwrap() + 1..src.rfind('`').unwrap();
        let shown = Shown::masked(
            src.as_bytes(),
            &crate::secrets::SecretSpans::from_ranges(vec![a, b]),
        );
        let x = src.find("+ x").unwrap() + 2;
        let c = src.find("c = 1").unwrap();
        let out = render(
            &[diagnostic(x, 1, 1, x + 1), diagnostic(c, 1, 4, 1)],
            &shown,
            false,
        );
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{line:?} in\n{out}");
        }
        // No more of a value than its masked form shows (a two-byte
        // prefix here), and the cut is marked.
        assert!(!out.contains("ttt"), "{out}");
        assert!(out.contains("1 │ a = \"tt**********…\" + x"), "{out}");
        // The label still points at `x`, after the ellipsis.
        let lines: Vec<&str> = out.lines().collect();
        let at = lines.iter().position(|l| l.contains("1 │ a =")).unwrap();
        let column = |l: &str| l.chars().position(|c| c == 'x').unwrap();
        let label = lines[at + 1].chars().position(|c| c == '─').unwrap();
        assert_eq!(label, column(lines[at]), "{out}");
        // Line breaks in a masked value stay: line numbers do too.
        assert!(out.contains("2 │ b = `tt**********…"), "{out}");
        assert!(out.contains("3 │ ************…`"), "{out}");
        assert!(out.contains("4 │ c = 1"), "{out}");
    }

    #[test]
    fn printable_replaces_controls_and_invalid_bytes() {
        let (text, marks) = printable(b"a\0b\xffc\r\nd\re", [3, 5]);
        assert_eq!(text, "a\u{2400}b\u{fffd}c\r\nd\u{240d}e");
        // Byte 3 (the invalid byte) and byte 5 (`\r`) after two replacements.
        assert_eq!(marks, [5, 9]);
    }

    #[test]
    fn header_and_gutter_use_alloy_positions() {
        let src = b"one = 1\ntwo = 2\nx = <T>\nfour = 4\nfive = 5\n";
        let out = render(&[diagnostic(20, 1, 3, 5)], &Shown::of_source(src), false);
        assert!(out.contains("[a.alloy:3:5]"), "{out}");
        assert!(out.contains("2 │ two = 2"), "{out}");
        assert!(out.contains("3 │ x = <T>"), "{out}");
        assert!(out.contains("4 │ four = 4"), "{out}");
        assert!(!out.contains("one = 1"), "{out}");
        assert!(!out.contains("five"), "{out}");
        assert!(!out.contains('\x1b'), "{out}");
    }

    #[test]
    fn lone_carriage_return_does_not_end_a_line() {
        // Alloy ends lines at `\n` only: the error is on line 2.
        let src = b"a = 1\rb = 2\nc = <\n";
        let out = render(&[diagnostic(16, 1, 2, 5)], &Shown::of_source(src), false);
        assert!(out.contains("[a.alloy:2:5]"), "{out}");
        assert!(out.contains("2 │ c = <"), "{out}");
    }

    #[test]
    fn column_counts_bytes_even_after_replacements() {
        let src = b"s = \"\xff\" + <\n";
        let out = render(&[diagnostic(11, 1, 1, 12)], &Shown::of_source(src), false);
        assert!(out.contains("[a.alloy:1:12]"), "{out}");
    }

    #[test]
    fn end_of_input_is_shown() {
        let out = render(&[diagnostic(4, 0, 1, 5)], &Shown::of_source(b"a = "), false);
        assert!(out.contains("[a.alloy:1:5]"), "{out}");
        assert!(out.contains("1 │ a = \n   ·     ▲"), "{out}");
        let out = render(
            &[diagnostic(5, 0, 2, 1)],
            &Shown::of_source(b"a = \n"),
            false,
        );
        assert!(out.contains("[a.alloy:2:1]"), "{out}");
        assert!(out.contains("2 │ \n   · ▲"), "{out}");
    }

    #[test]
    fn color_only_when_asked() {
        let src = b"x = <T>\n";
        assert!(render(&[diagnostic(4, 1, 1, 5)], &Shown::of_source(src), true).contains('\x1b'));
        assert!(!render(&[diagnostic(4, 1, 1, 5)], &Shown::of_source(src), false).contains('\x1b'));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let mut src = b"a = 1\n".to_vec();
        src.extend(std::iter::repeat_n(b'x', 100_000));
        src.extend(b" <\n");
        src.extend(std::iter::repeat_n(b'y', 100_000));
        src.push(b'\n');
        let at = 6 + 100_001;
        let out = render(
            &[diagnostic(at, 1, 2, 100_002)],
            &Shown::of_source(&src),
            false,
        );
        assert!(out.len() < 4 * WINDOW * 3, "{} bytes", out.len());
        assert!(out.contains("[a.alloy:2:100002]"), "{out}");
        assert!(out.contains("2 │ \u{2026}xxx"), "{out}");
        assert!(out.contains("x <\n"), "{out}");
        assert!(!out.contains("a = 1"), "{out}");
        // The next line is cut too: only its start is shown.
        assert!(out.contains("3 │ yyy"), "{out}");
        assert!(out.contains("y\u{2026}"), "{out}");
    }

    #[test]
    fn a_long_span_is_underlined_over_its_start() {
        let src = format!("a = \"{}\"\n", "z".repeat(50_000));
        let out = render(
            &[diagnostic(4, 50_002, 1, 5)],
            &Shown::of_source(src.as_bytes()),
            false,
        );
        assert!(out.len() < 4 * WINDOW * 3, "{} bytes", out.len());
        assert!(out.contains("1 │ a = \"zzz"), "{out}");
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let src = format!("{}<\n", "\u{e9}".repeat(1000));
        let out = render(
            &[diagnostic(2000, 1, 1, 2001)],
            &Shown::of_source(src.as_bytes()),
            false,
        );
        assert!(!out.contains('\u{fffd}'), "{out}");
        assert!(out.contains("\u{2026}\u{e9}\u{e9}"), "{out}");
    }

    #[test]
    fn related_places_get_a_frame_of_their_own_or_a_position() {
        let src = b"a = 1\nb = 2\nc = 3\nd = 4\na = 5\n";
        let lines = crate::syntax::LineIndex::new(src);
        let here = crate::diagnostics::Related::at(
            "a.alloy",
            Span { offset: 0, len: 5 },
            &lines,
            "first set here",
        );
        let elsewhere = crate::diagnostics::Related::at(
            "b.alloy",
            Span { offset: 6, len: 5 },
            &lines,
            "also here",
        );
        let d = diagnostic(24, 5, 5, 1)
            .with_related(here)
            .with_related(elsewhere);
        let out = render(&[d], &Shown::of_source(src), false);
        assert!(out.contains("first set here"), "{out}");
        assert!(out.contains("[a.alloy:1:1]"), "{out}");
        assert!(out.contains("1 │ a = 1"), "{out}");
        // Not the lines between the two places.
        assert!(!out.contains("c = 3"), "{out}");
        assert!(out.contains("b.alloy:2:1: also here"), "{out}");
    }

    #[test]
    fn a_related_place_in_the_frame_is_a_second_label() {
        let src = b"a = 1\nb = 2\nc = 3\n";
        let lines = crate::syntax::LineIndex::new(src);
        let before = crate::diagnostics::Related::at(
            "a.alloy",
            Span { offset: 6, len: 5 },
            &lines,
            "also set here",
        );
        let d = diagnostic(12, 5, 3, 1).with_related(before);
        let out = render(&[d], &Shown::of_source(src), false);
        // One frame, the label under line 2.
        assert_eq!(out.matches("╭─[").count(), 1, "{out}");
        assert!(out.contains("╰── also set here"), "{out}");
    }
}
