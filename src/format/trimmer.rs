//! The last stage of Alloy's printer pipeline: a filter that strips the
//! tabwriter's escape bytes and trailing blanks.
//!
//! This mirrors the `trimmer` writer of Alloy's printer (itself derived from
//! `go/printer`): printer bytes → [`super::tabwriter`] → trimmer → output.
//! It
//!
//! * turns `'\v'` into `'\t'` and `'\f'` into `'\n'`,
//! * drops spaces and tabs that directly precede a line end,
//! * removes the escape bytes ([`ESCAPE`], `0xFF`) and passes the text between
//!   them through unmodified (tabs, line breaks and trailing blanks included).
//!
//! # Call boundaries
//!
//! Go's trimmer is a streaming `io.Writer` whose state partly resets at every
//! `Write` call: the start of the pending text chunk is per call, and any text
//! (or escaped text) still pending at the end of a call is written out and the
//! writer goes back to "reading whitespace". Only the pending run of blanks
//! survives across calls. [`Trimmer::write`] reproduces exactly that
//! per-call behaviour, so feeding it the same chunks Go's writer receives gives
//! the same bytes.
//!
//! The chunking is in fact irrelevant except in one situation: a call that
//! ends *inside* an escaped segment (the next call would then treat the rest
//! of the segment as ordinary text and its closing escape as an opening one).
//! Ending a call in the text state is harmless (the next call starts in the
//! whitespace state with nothing pending, which behaves identically), and
//! splitting a run of blanks is harmless (the run is carried over). The
//! tabwriter always writes whole cells, and an escaped segment never spans a
//! cell boundary; the only cell that can hold an unterminated escape is the
//! last one of the final flush, after which nothing else is written. So for
//! the tabwriter's output, one call over the whole buffer, one call per
//! tabwriter write, or anything in between all give the same result.

/// The tabwriter escape byte (Go's `tabwriter.Escape`).
pub const ESCAPE: u8 = 0xFF;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Reading blanks: they are held back until something else shows up.
    Space,
    /// Inside an escaped segment: everything is copied verbatim.
    Escape,
    /// Reading ordinary text.
    Text,
}

/// Go-compatible trimmer (see the module documentation).
#[derive(Debug)]
pub struct Trimmer {
    state: State,
    /// Pending blanks (`'\v'` already turned into `'\t'`).
    space: Vec<u8>,
}

impl Default for Trimmer {
    fn default() -> Self {
        Self::new()
    }
}

/// The bytes that end a chunk of ordinary text, as a lookup table.
static ENDS_TEXT: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\t' as usize] = true;
    t[b' ' as usize] = true;
    t[b'\n' as usize] = true;
    t[0x0B] = true;
    t[0x0C] = true;
    t[ESCAPE as usize] = true;
    t
};

#[inline]
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl Trimmer {
    pub fn new() -> Self {
        Trimmer {
            state: State::Space,
            space: Vec::new(),
        }
    }

    #[inline]
    fn discard_whitespace(&mut self) {
        self.state = State::Space;
        self.space.clear();
    }

    /// Filters one chunk into `out`, with the semantics of one Go `Write` call.
    pub fn write(&mut self, data: &[u8], out: &mut Vec<u8>) {
        // Start of the current chunk of (escaped or plain) text in `data`.
        let mut text_start = 0;
        let mut off = 0;
        let len = data.len();
        while off < len {
            match self.state {
                State::Space => {
                    let b = data[off];
                    match b {
                        b'\t' | b' ' => self.space.push(b),
                        0x0B => self.space.push(b'\t'),
                        b'\n' | 0x0C => {
                            self.discard_whitespace();
                            out.push(b'\n');
                        }
                        ESCAPE => {
                            out.extend_from_slice(&self.space);
                            self.state = State::Escape;
                            text_start = off + 1;
                        }
                        _ => {
                            out.extend_from_slice(&self.space);
                            self.state = State::Text;
                            text_start = off;
                        }
                    }
                    off += 1;
                }
                State::Text => {
                    // Skip to the next byte that ends the text chunk.
                    let Some(k) = data[off..].iter().position(|&b| ENDS_TEXT[b as usize]) else {
                        off = len;
                        continue;
                    };
                    off += k;
                    let b = data[off];
                    if is_blank(b) {
                        // Blanks followed by more text in this call are written
                        // as they are: that is all Go's detour through the
                        // whitespace state amounts to, so stay in the text
                        // state. (Before a line end, a '\v', an escape or the
                        // end of the call, take Go's path below.)
                        let run = data[off..].iter().position(|&c| !is_blank(c));
                        if let Some(r) = run {
                            if !ENDS_TEXT[data[off + r] as usize] {
                                off += r;
                                continue;
                            }
                        }
                    }
                    out.extend_from_slice(&data[text_start..off]);
                    match b {
                        b'\t' | b' ' | 0x0B => {
                            self.discard_whitespace();
                            self.space.push(if b == 0x0B { b'\t' } else { b });
                        }
                        b'\n' | 0x0C => {
                            self.discard_whitespace();
                            out.push(b'\n');
                        }
                        _ => {
                            // ESCAPE
                            self.state = State::Escape;
                            text_start = off + 1;
                        }
                    }
                    off += 1;
                }
                State::Escape => match data[off..].iter().position(|&b| b == ESCAPE) {
                    None => off = len,
                    Some(k) => {
                        off += k;
                        out.extend_from_slice(&data[text_start..off]);
                        self.discard_whitespace();
                        off += 1;
                    }
                },
            }
        }
        // Flush the remainder of the text (as long as it is not whitespace).
        if self.state != State::Space {
            out.extend_from_slice(&data[text_start..]);
            self.discard_whitespace();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trim(chunks: &[&[u8]]) -> Vec<u8> {
        let mut t = Trimmer::new();
        let mut out = Vec::new();
        for c in chunks {
            t.write(c, &mut out);
        }
        out
    }

    #[test]
    fn trailing_blanks_are_removed() {
        assert_eq!(trim(&[b"a = 1  \t \nb\t\n"]), b"a = 1\nb\n");
        assert_eq!(trim(&[b"  \n\t\n"]), b"\n\n");
        // Blanks between words survive.
        assert_eq!(trim(&[b"a \t b\n"]), b"a \t b\n");
    }

    #[test]
    fn vtab_and_formfeed_are_converted() {
        assert_eq!(trim(&[b"a\x0bb\x0c c \x0c"]), b"a\tb\n c\n");
        assert_eq!(trim(&[b"\x0b\x0bx"]), b"\t\tx");
        assert_eq!(trim(&[b"x\x0b\x0b\n"]), b"x\n");
    }

    #[test]
    fn escaped_text_passes_through() {
        assert_eq!(
            trim(&[b"a = \xff\"x\t \n\x0b\x0c  \"\xff  \n"]),
            b"a = \"x\t \n\x0b\x0c  \"\n"
        );
        // Blanks before an escape are kept, blanks after it are trailing.
        assert_eq!(trim(&[b"a  \xff b \xff \t\n"]), b"a   b \n");
        assert_eq!(trim(&[b"\xff\xff\n"]), b"\n");
        // Unterminated escape: the rest of the call is copied.
        assert_eq!(trim(&[b"a\xffb  \n"]), b"ab  \n");
    }

    #[test]
    fn pending_blanks_carry_across_calls() {
        assert_eq!(trim(&[b"a", b"  ", b"\t", b"\n"]), b"a\n");
        assert_eq!(trim(&[b"a", b"  ", b"", b"b\n"]), b"a  b\n");
        assert_eq!(trim(&[b"a ", b" \xffc \xff", b" \n"]), b"a  c \n");
    }

    #[test]
    fn escape_state_resets_at_call_end_like_go() {
        // Go's trimmer flushes and leaves the escape state at the end of every
        // Write, so the escape's closing byte opens a new one in the next call.
        assert_eq!(trim(&[b"\xffa ", b" \n\xffb \n"]), b"a \nb \n");
    }

    #[test]
    fn chunking_of_tabwriter_like_output_is_irrelevant() {
        let data: &[u8] = b"\t\tfoo \xff\"a\tb \n\"\xff   = 1  \n  \nbar\x0bbaz \x0c\xffx";
        let whole = trim(&[data]);
        // Split only at boundaries outside escapes.
        let mut in_escape = false;
        for i in 0..=data.len() {
            if i > 0 && data[i - 1] == ESCAPE {
                in_escape = !in_escape;
            }
            if in_escape {
                continue;
            }
            assert_eq!(trim(&[&data[..i], &data[i..]]), whole, "split at {i}");
        }
    }
}
