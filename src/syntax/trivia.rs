//! One fast pass over the source that collects the comments and measures
//! bracket nesting.
//!
//! Comments are silent in the grammar (so pest's parse tree stays small);
//! this scan finds the same comments, since on an input the grammar accepts
//! a comment can only start outside strings. It also bounds nesting before
//! the recursive parser runs, so deep input gives an error instead of a
//! stack overflow.

use super::ast::{Comment, Pos};

/// Deepest nesting accepted, counting brackets, the unary operators
/// applied to one operand and the `^` operators of one chain (`^` is
/// right-associative, so its chain nests), summed along the way in. Real
/// configurations nest a handful of levels; this leaves ample room while
/// keeping every recursive pass far from the stack limit. Postfix chains
/// (`a[0][0]...`, `a.b.c...`, `f()()...`) and left-associative operator
/// chains (`a + b + ...`) do not nest here: every pass follows them in a
/// loop, and Alloy accepts them at any length.
pub const MAX_NESTING: usize = 1000;

/// The error for input nested past [`MAX_NESTING`].
pub fn too_deep_message() -> String {
    format!("nesting too deep: more than {MAX_NESTING} levels of brackets, unary operators or `^`")
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Trivia {
    /// Every comment, in order, with carriage returns stripped as Alloy does.
    pub comments: Vec<Comment>,
    /// Offset of the byte that first went past [`MAX_NESTING`], if any.
    pub too_deep_at: Option<usize>,
    /// Deepest nesting seen (see [`MAX_NESTING`]): what recursive passes
    /// size their stack for.
    pub max_depth: usize,
    /// Offsets just past each `}` that closes a top-level statement opened
    /// on an earlier line: places where the file may be cut into pieces
    /// that parse and print independently.
    pub top_level_ends: Vec<usize>,
}

/// The nesting of the expression being scanned: brackets, and at each
/// bracket level the `^` chain and the run of unary operators in progress.
///
/// The count errs on the high side for what the grammar accepts (so every
/// recursive pass fits in the stack sized for it) but never carries a
/// chain over a place where, in valid input, it must have ended: a `,`, an
/// `=`, a lower-precedence operator, a closing bracket or the line end after
/// an operand (a statement terminator; not after the `.` of an access,
/// whose name may follow on a later line). A file of many short `^`
/// expressions is therefore not "deep".
#[derive(Debug, Default)]
struct Nesting {
    /// Open brackets.
    brackets: usize,
    /// The chain and unary run in progress at each enclosing bracket
    /// level, innermost last.
    outer: Vec<(usize, usize)>,
    /// The sum of their chains.
    outer_total: usize,
    /// `^` and unary operators of the chain in progress at this level.
    chain: usize,
    /// The run of unary operators in progress (part of `chain`): they
    /// apply to the next operand, postfix operations included, and end
    /// with it: the parser and every pass over the tree hold one level per
    /// operator while that operand's brackets are walked (`-a[-a[...]]`
    /// nests twice per bracket).
    unary: usize,
    /// Whether the last significant token ends an operand (a name, a
    /// literal, a closing bracket): a `-` after it is binary, a line end
    /// after it ends the statement.
    after_operand: bool,
    /// Whether the last significant token is the `.` of a field access,
    /// whose name may follow on a later line (`a.` then `b[...]`): a line
    /// end there ends nothing.
    access_open: bool,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.brackets + self.outer_total + self.chain
    }

    fn open(&mut self) {
        self.brackets += 1;
        self.outer.push((self.chain, self.unary));
        self.outer_total += self.chain;
        self.chain = 0;
        self.unary = 0;
        self.after_operand = false;
    }

    /// A closing bracket: the bracketed operand is complete.
    fn close(&mut self) {
        self.brackets = self.brackets.saturating_sub(1);
        (self.chain, self.unary) = self.outer.pop().unwrap_or_default();
        self.outer_total -= self.chain;
        self.operand();
    }

    /// An operand, or a part of one (a name, a literal, a postfix
    /// operation): the unary run before it lasts until the operand ends.
    fn operand(&mut self) {
        self.after_operand = true;
    }

    /// A place where any chain of this level has ended.
    fn end_chain(&mut self) {
        self.chain = 0;
        self.unary = 0;
        self.after_operand = false;
    }

    /// A `^`: it ends its left operand, and with it that operand's unary
    /// run, and continues the chain.
    fn pow(&mut self) {
        self.chain -= self.unary;
        self.unary = 0;
        self.chain += 1;
        self.after_operand = false;
    }

    fn unary(&mut self) {
        self.unary += 1;
        self.chain += 1;
        self.after_operand = false;
    }
}

/// Whether the `+` or `-` at `at` is the sign of a number's exponent
/// (`1e-5`), part of that number.
fn is_exponent_sign(src: &[u8], at: usize) -> bool {
    at >= 2 && matches!(src[at - 1], b'e' | b'E') && is_number_before(src, at)
}

/// Whether the run of name, number and `.` characters that ends just
/// before `end` (and is not empty) starts a number: with a digit, or with
/// `.` and a digit (`.5e-3`). A field access does not (`b[0].e-5`, `a.`).
fn is_number_before(src: &[u8], end: usize) -> bool {
    let start = src[..end]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
        .map_or(0, |p| p + 1);
    match src[start] {
        b'0'..=b'9' => true,
        b'.' => src.get(start + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    }
}

/// Scans `src` (which the caller has checked is valid UTF-8 without NUL).
pub fn scan(src: &[u8]) -> Trivia {
    let mut trivia = Trivia::default();
    let mut nesting = Nesting::default();
    let mut opened_at = 0usize;
    let mut i = 0;
    let n = src.len();
    while i < n {
        // Jump to the next byte that can change state.
        match memchr_special(&src[i..]) {
            Some(k) => {
                if let Some(last) = src[i..i + k].iter().rposition(|b| !b.is_ascii_whitespace()) {
                    nesting.operand();
                    let end = i + last + 1;
                    nesting.access_open = src[end - 1] == b'.' && !is_number_before(src, end);
                }
                i += k;
            }
            None => break,
        }
        // Only comments and line ends keep an access open (`a.` may be
        // followed by them before its name).
        let access_open = std::mem::take(&mut nesting.access_open);
        match src[i] {
            b'+' | b'-' if is_exponent_sign(src, i) => i += 1,
            b'\n' => {
                if access_open {
                    nesting.access_open = true;
                } else if nesting.after_operand {
                    nesting.end_chain();
                }
                i += 1;
            }
            b'-' if nesting.after_operand => {
                nesting.end_chain();
                i += 1;
            }
            b'!' if src.get(i + 1) == Some(&b'=') => {
                nesting.end_chain();
                i += 2;
            }
            b'!' | b'-' | b'^' => {
                if src[i] == b'^' {
                    nesting.pow();
                } else {
                    nesting.unary();
                }
                trivia.max_depth = trivia.max_depth.max(nesting.depth());
                if nesting.depth() > MAX_NESTING && trivia.too_deep_at.is_none() {
                    trivia.too_deep_at = Some(i);
                }
                i += 1;
            }
            b'"' | b'\'' => {
                let quote = src[i];
                i += 1;
                while i < n && src[i] != quote && src[i] != b'\n' {
                    i += if src[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                nesting.operand();
            }
            b'`' => {
                i += 1;
                while i < n && src[i] != b'`' {
                    i += 1;
                }
                i += 1;
                nesting.operand();
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
                trivia.comments.push(comment(&src[start..i], start, false));
                nesting.access_open = access_open;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < n && !(src[i] == b'*' && src.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(n);
                trivia.comments.push(comment(&src[start..i], start, true));
                nesting.access_open = access_open;
            }
            b'(' | b'[' | b'{' => {
                if nesting.brackets == 0 {
                    opened_at = i;
                }
                nesting.open();
                trivia.max_depth = trivia.max_depth.max(nesting.depth());
                if nesting.depth() > MAX_NESTING && trivia.too_deep_at.is_none() {
                    trivia.too_deep_at = Some(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                nesting.close();
                if nesting.brackets == 0 && src[i] == b'}' && src[opened_at..i].contains(&b'\n') {
                    trivia.top_level_ends.push(i + 1);
                }
                i += 1;
            }
            // `,`, `=` and the binary operators that bind less than `^`.
            _ => {
                nesting.end_chain();
                i += 1;
            }
        }
    }
    trivia
}

/// Bytes that can change the scan's state: quotes, comment starts,
/// brackets, the operators that nest, and what ends their chains.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\"'`/([{)]}!-^\n,=+*%|&<>";
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

fn memchr_special(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| SPECIAL[b as usize])
}

/// Builds a comment, removing carriage returns the way Alloy's scanner does:
/// a final `\r` goes, and so does every other `\r` except one between `*`
/// and `/` inside a block comment (kept so the text cannot close early).
pub(super) fn comment(raw: &[u8], start: usize, block: bool) -> Comment {
    let text = if raw.contains(&b'\r') {
        let mut raw = raw;
        if raw.last() == Some(&b'\r') {
            raw = &raw[..raw.len() - 1];
        }
        let mut out: Vec<u8> = Vec::with_capacity(raw.len());
        for (j, &ch) in raw.iter().enumerate() {
            let keep_cr = block
                && out.len() > 2
                && out.last() == Some(&b'*')
                && raw.get(j + 1) == Some(&b'/');
            if ch != b'\r' || keep_cr {
                out.push(ch);
            }
        }
        String::from_utf8(out).expect("removing CR keeps UTF-8 valid")
    } else {
        std::str::from_utf8(raw)
            .expect("caller checked UTF-8")
            .to_owned()
    };
    Comment {
        start: start as Pos,
        text: text.into_boxed_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_strings() {
        let t = scan(b"a = \"// no\" // yes\nb = `/* no */` /* yes */ + 1\n");
        let texts: Vec<_> = t.comments.iter().map(|c| &*c.text).collect();
        assert_eq!(texts, ["// yes", "/* yes */"]);
        assert_eq!(t.comments[0].start, 12);
    }

    #[test]
    fn strips_carriage_returns_like_alloy() {
        let t = scan(b"// a\r\n/* b\r\nc */\r\n");
        assert_eq!(&*t.comments[0].text, "// a");
        assert_eq!(&*t.comments[1].text, "/* b\nc */");
    }

    #[test]
    fn reports_the_bracket_past_the_limit() {
        let src = "[".repeat(MAX_NESTING + 5);
        assert_eq!(scan(src.as_bytes()).too_deep_at, Some(MAX_NESTING));
        let ok = "[".repeat(MAX_NESTING);
        assert_eq!(scan(ok.as_bytes()).too_deep_at, None);
        let unary = format!("a = {}1", "- ".repeat(MAX_NESTING + 1));
        assert!(scan(unary.as_bytes()).too_deep_at.is_some());
        let binary = format!("a = 1{}", " - 1".repeat(MAX_NESTING + 1));
        assert_eq!(scan(binary.as_bytes()).too_deep_at, None);
    }

    fn depth(src: &str) -> usize {
        scan(src.as_bytes()).max_depth
    }

    #[test]
    fn a_pow_chain_nests_until_it_ends() {
        assert_eq!(depth("a = 2 ^ 2 ^ 2\n"), 2);
        assert_eq!(depth("a = 2 ^\n 2 ^\n 2\n"), 2);
        // Each ends at the line end, a comma, `=` or a weaker operator.
        let many = "a = 2 ^ 2\n".repeat(MAX_NESTING + 1);
        assert_eq!(depth(&many), 1);
        assert_eq!(scan(many.as_bytes()).too_deep_at, None);
        assert_eq!(depth("a = [2 ^ 2, 2 ^ 2, 2 ^ 2]"), 2);
        assert_eq!(depth("a = 2 ^ 2 + 2 ^ 2 - 2 ^ 2 == 2 ^ 2 || 2 ^ 2"), 1);
        assert_eq!(depth("a = {b = 2 ^ 2, c = 2 ^ 2}"), 2);
        // An exponent's sign is part of its number; a field named `e` is
        // no exponent.
        assert_eq!(depth("a = 2 ^ 1e-5 ^ 2E+3 ^ .5e-1 ^ 1.e+2 ^ 2"), 5);
        assert_eq!(depth("a = 2 ^ b[0].e-2 ^ b[0].e-2 ^ x.e-2"), 2);
    }

    #[test]
    fn nesting_sums_brackets_pow_chains_and_unary_runs() {
        assert_eq!(depth("a = 2 ^ (2 ^ (2 ^ 2))"), 5);
        assert_eq!(depth("a = - - (- - x)"), 5);
        assert_eq!(depth("a = 2 ^ - - 2 ^ 2"), 3);
        // A unary run ends with its operand; a binary `-` is no unary.
        assert_eq!(depth("a = - - x - - y"), 2);
        assert_eq!(depth("a = !!x != !!y"), 2);
        // Comments do not break a chain.
        let commented = format!("a = {}1", "- /* c */ ".repeat(MAX_NESTING + 1));
        assert!(scan(commented.as_bytes()).too_deep_at.is_some());
        // Postfix chains are no nesting: they are walked in loops.
        assert_eq!(depth(&format!("a = b{}\n", "[0]".repeat(50))), 1);
    }

    #[test]
    fn a_unary_run_lasts_through_its_operands_postfix_operations() {
        // The parser holds `-` while it builds `a[...]`.
        assert_eq!(depth("a = -a[-a[x]]"), 4);
        assert_eq!(depth("a = - - x[0] ^ 2"), 3);
        assert_eq!(depth("a = 2 ^ -x[0] ^ -y"), 3);
        assert_eq!(depth("a = -f(1).b[0] + -c"), 2);
        // Also when the access's name is on a later line.
        assert_eq!(depth("a = -a.\n  b[-a. // c\n\n  b[x]]"), 4);
        // A number's `.` before a line end is no access.
        assert_eq!(depth("a = 2 ^ 1.\nb = 2 ^ 1.\n"), 1);
        // Runs below the limit at each level add up.
        let runs = format!(
            "a = {}x{}",
            "- - - - a[".repeat(MAX_NESTING / 5 + 1),
            "]".repeat(MAX_NESTING / 5 + 1)
        );
        assert!(scan(runs.as_bytes()).too_deep_at.is_some());
    }
}
