//! Walks the syntax tree and sends tokens and layout directives to the
//! [`Printer`]. Every layout decision comes from source line numbers, never
//! from output width, exactly as in `alloy fmt` (see "Alloy's formatter" in
//! ARCHITECTURE.md).
//!
//! Where `alloy fmt` would change what a file means, the walker keeps the
//! meaning instead (README, "Deviations from `alloy fmt`"):
//! * string literals whose bytes the tab writer would alter (a tab, a
//!   vertical tab or form feed, or a space before a line break inside a raw
//!   string) are written opaquely, so they come out unchanged;
//! * a double-quoted object key containing a backslash is written as it was
//!   (Alloy quotes the raw text again, doubling the escapes);
//! * an empty call whose `)` is on a later line keeps that layout instead of
//!   becoming the invalid `f(,`.

use super::printer::{Arg, Printer, Text, TokenKind, Ws};
use crate::syntax::ast::*;
use crate::syntax::quote::go_quote;

/// Walks a file.
pub struct Walker<'p, 'a> {
    p: &'p mut Printer<'a>,
    /// Each token position of the tree paired with the offset its text got
    /// in the printer output, in source order (see [`super::remap`]).
    pub moved: Vec<(Pos, Pos)>,
    /// Whether a token was printed with other text than its source (a
    /// re-quoted key, a dropped empty label) or spans lines (a raw string):
    /// then only a second pass can tell whether the output is stable.
    pub reshaped: bool,
}

fn tok(s: &str) -> Arg<'_> {
    Arg::Text(Text::Plain(s, TokenKind::Other))
}

impl<'p, 'a> Walker<'p, 'a> {
    /// A walker that writes into `printer`.
    pub fn new(printer: &'p mut Printer<'a>) -> Self {
        Walker {
            p: printer,
            moved: Vec::new(),
            reshaped: false,
        }
    }

    /// Records where the text just written for the token at `old` went.
    fn mark(&mut self, old: Pos) {
        self.moved.push((old, self.p.last_text_offset as Pos));
    }

    /// Walks every statement of a body.
    pub fn walk_stmts(&mut self, stmts: &[Stmt]) {
        self.walk_stmts_after(stmts, None);
    }

    /// Walks statements that follow, in the same body, a statement ending at
    /// `prev_end` (when printing a file piece by piece).
    pub fn walk_stmts_after(&mut self, stmts: &[Stmt], prev_end: Option<Pos>) {
        for (i, s) in stmts.iter().enumerate() {
            let prev_end = match i {
                0 => prev_end,
                _ => Some(stmts[i - 1].end_pos()),
            };
            let mut added_spacing = false;
            // A block that is not the first statement gets a blank line.
            if prev_end.is_some() && matches!(s, Stmt::Block(_)) {
                self.p.write(&[Arg::Ws(Ws::Formfeed)]);
                added_spacing = true;
            }
            // A blank line in the source between statements is kept.
            if let (Some(prev_end), false) = (prev_end, added_spacing) {
                let prev = self.p.line(prev_end);
                let cur = self.p.line(s.start_pos());
                if cur - prev > 1 {
                    self.p.write(&[Arg::Ws(Ws::Formfeed)]);
                }
            }
            match s {
                Stmt::Attribute(a) => self.walk_attribute(a),
                Stmt::Block(b) => self.walk_block(b),
                Stmt::Error(_) => unreachable!("the formatter prints only files that parse"),
            }
            // A statement spanning lines ends the alignment run.
            let lines = self.p.line(s.end_pos()) - self.p.line(s.start_pos()) + 1;
            let ws = if lines > 1 { Ws::Formfeed } else { Ws::Newline };
            self.p.write(&[Arg::Ws(ws)]);
        }
    }

    fn walk_attribute(&mut self, a: &Attribute) {
        self.p.write(&[Arg::Pos(a.name.pos), tok(&a.name.name)]);
        self.mark(a.name.pos);
        self.p
            .write(&[Arg::Ws(Ws::VTab), tok("="), Arg::Ws(Ws::Blank)]);
        self.walk_expr(&a.value);
    }

    fn walk_block(&mut self, b: &Block) {
        self.p.write(&[Arg::Pos(b.name_pos), tok(&b.name)]);
        self.mark(b.name_pos);
        self.reshaped |= b.label.as_ref().is_some_and(|l| l.value.is_empty());
        if let Some(label) = b.label.as_ref().filter(|l| !l.value.is_empty()) {
            // A label is an identifier, so Go's %q is just the quotes.
            let quoted = format!("\"{}\"", label.value);
            self.p.write(&[
                Arg::Ws(Ws::Blank),
                Arg::Pos(label.pos),
                Arg::Text(Text::Plain(&quoted, TokenKind::Other)),
            ]);
            self.mark(label.pos);
        }
        self.p
            .write(&[Arg::Ws(Ws::Blank), Arg::Pos(b.lcurly), tok("{")]);
        self.mark(b.lcurly);
        self.p.write(&[Arg::Ws(Ws::Indent)]);
        if b.body.is_empty() {
            self.p.write(&[Arg::Ws(Ws::Blank)]);
        } else {
            self.p.write(&[Arg::Ws(Ws::Formfeed)]);
            self.walk_stmts(&b.body);
        }
        self.p
            .write(&[Arg::Ws(Ws::Unindent), Arg::Pos(b.rcurly), tok("}")]);
        self.mark(b.rcurly);
    }

    fn walk_expr(&mut self, e: &Expr) {
        match e {
            Expr::Error(_) => unreachable!("the formatter prints only files that parse"),
            Expr::Literal(l) => self.walk_literal(l),
            Expr::Identifier(i) => {
                self.p.write(&[Arg::Pos(i.pos), tok(&i.name)]);
                self.mark(i.pos);
            }
            Expr::Array(a) => self.walk_array(a),
            Expr::Object(o) => self.walk_object(o),
            Expr::Access(_) | Expr::Index(_) | Expr::Call(_) => self.walk_postfix_chain(e),
            Expr::Unary(u) => {
                self.p.write(&[Arg::Pos(u.op_pos), tok(u.op.as_str())]);
                self.mark(u.op_pos);
                self.walk_expr(&u.value);
            }
            Expr::Binary(_) => self.walk_binary_chain(e),
            Expr::Paren(p) => {
                self.p.write(&[tok("(")]);
                self.mark(p.lparen);
                self.walk_expr(&p.inner);
                self.p.write(&[tok(")")]);
                self.mark(p.rparen);
            }
        }
    }

    /// `a + b - c` nests to the left as deep as the chain is long, so the
    /// left spine is walked with a loop rather than recursion.
    fn walk_binary_chain(&mut self, e: &Expr) {
        let mut spine = Vec::new();
        let mut leftmost = e;
        while let Expr::Binary(b) = leftmost {
            spine.push(&**b);
            leftmost = &b.left;
        }
        self.walk_expr(leftmost);
        for b in spine.into_iter().rev() {
            let kind = if b.op == BinaryOp::Div {
                TokenKind::Div
            } else {
                TokenKind::Other
            };
            self.p.write(&[
                Arg::Ws(Ws::Blank),
                Arg::Pos(b.op_pos),
                Arg::Text(Text::Plain(b.op.as_str(), kind)),
            ]);
            self.mark(b.op_pos);
            self.p.write(&[Arg::Ws(Ws::Blank)]);
            self.walk_expr(&b.right);
        }
    }

    /// `a.b[0](x).c`: the chain of postfix operations is walked with a loop.
    fn walk_postfix_chain(&mut self, e: &Expr) {
        let mut ops = Vec::new();
        let mut base = e;
        loop {
            let inner = match base {
                Expr::Access(a) => &a.value,
                Expr::Index(i) => &i.value,
                Expr::Call(c) => &c.value,
                _ => break,
            };
            ops.push(base);
            base = inner;
        }
        self.walk_expr(base);
        for op in ops.into_iter().rev() {
            match op {
                Expr::Access(a) => {
                    // The name is written without its position, like Alloy.
                    self.p.write(&[tok("."), tok(&a.name.name)]);
                    self.mark(a.name.pos);
                }
                Expr::Index(i) => {
                    self.p.write(&[Arg::Pos(i.lbrack), tok("[")]);
                    self.mark(i.lbrack);
                    self.walk_expr(&i.index);
                    self.p.write(&[Arg::Pos(i.rbrack), tok("]")]);
                    self.mark(i.rbrack);
                }
                Expr::Call(c) => self.walk_call_args(c),
                _ => unreachable!(),
            }
        }
    }

    fn walk_literal(&mut self, l: &Literal) {
        let kind = if l.kind == LiteralKind::Number {
            TokenKind::Number
        } else {
            TokenKind::Other
        };
        let text = if l.kind == LiteralKind::String && tab_writer_would_alter(&l.value) {
            Text::Opaque(&l.value, kind)
        } else {
            Text::Plain(&l.value, kind)
        };
        self.p.write(&[Arg::Pos(l.pos), Arg::Text(text)]);
        self.mark(l.pos);
        self.reshaped |= l.value.contains('\n');
    }

    fn walk_array(&mut self, a: &Array) {
        self.p.write(&[Arg::Pos(a.lbrack), tok("[")]);
        self.mark(a.lbrack);
        let mut prev = a.lbrack;
        for (i, el) in a.elements.iter().enumerate() {
            let mut added_newline = false;
            if self.different_lines(prev, el.start_pos()) {
                // Indent before the line break so comments before the
                // element are indented too.
                self.p.write(&[Arg::Ws(Ws::Indent), Arg::Ws(Ws::Formfeed)]);
                added_newline = true;
            } else if i > 0 {
                self.p.write(&[Arg::Ws(Ws::Blank)]);
            }
            prev = el.end_pos();
            self.walk_expr(el);
            if i + 1 < a.elements.len() {
                self.p.write(&[tok(",")]);
            }
            if added_newline {
                self.p.write(&[Arg::Ws(Ws::Unindent)]);
            }
        }
        if !a.elements.is_empty() && self.different_lines(prev, a.rbrack) {
            self.p.write(&[
                tok(","),
                Arg::Ws(Ws::Indent),
                Arg::Ws(Ws::Formfeed),
                Arg::Ws(Ws::Unindent),
            ]);
        }
        self.p.write(&[Arg::Pos(a.rbrack), tok("]")]);
        self.mark(a.rbrack);
    }

    fn walk_object(&mut self, o: &Object) {
        self.p.write(&[Arg::Pos(o.lcurly), tok("{")]);
        self.mark(o.lcurly);
        self.p.write(&[Arg::Ws(Ws::Indent)]);
        // Alloy measures from the end of the previous field's *name*.
        let mut prev = o.lcurly;
        for (i, field) in o.fields.iter().enumerate() {
            if self.different_lines(prev, field.name.pos) {
                let prev_single_line = i > 0 && {
                    let v = &o.fields[i - 1].value;
                    self.p.line(v.end_pos()) == self.p.line(v.start_pos())
                };
                let ws = if prev_single_line {
                    Ws::Newline
                } else {
                    Ws::Formfeed
                };
                self.p.write(&[Arg::Ws(ws)]);
            } else if i > 0 {
                self.p.write(&[Arg::Ws(Ws::Blank)]);
            }
            prev = field.name.end_pos();
            self.p.write(&[Arg::Pos(field.name.pos)]);
            if field.quoted {
                let key = object_key(field);
                self.reshaped |= field.raw_key || key[1..key.len() - 1] != *field.name.name;
                // A key kept as written may hold a tab the aligner would eat.
                let text = if tab_writer_would_alter(&key) {
                    Text::Opaque(&key, TokenKind::Other)
                } else {
                    Text::Plain(&key, TokenKind::Other)
                };
                self.p.write(&[Arg::Text(text)]);
            } else {
                self.p.write(&[tok(&field.name.name)]);
            }
            self.mark(field.name.pos);
            self.p
                .write(&[Arg::Ws(Ws::VTab), tok("="), Arg::Ws(Ws::Blank)]);
            self.walk_expr(&field.value);
            if i + 1 < o.fields.len() {
                self.p.write(&[tok(",")]);
            }
        }
        if !o.fields.is_empty() && self.different_lines(prev, o.rcurly) {
            self.p.write(&[tok(","), Arg::Ws(Ws::Formfeed)]);
        }
        self.p
            .write(&[Arg::Ws(Ws::Unindent), Arg::Pos(o.rcurly), tok("}")]);
        self.mark(o.rcurly);
    }

    fn walk_call_args(&mut self, c: &Call) {
        self.p.write(&[tok("(")]);
        self.mark(c.lparen);
        let mut prev = c.lparen;
        for (i, arg) in c.args.iter().enumerate() {
            let mut added_newline = false;
            if self.different_lines(prev, arg.start_pos()) {
                self.p.write(&[Arg::Ws(Ws::Formfeed), Arg::Ws(Ws::Indent)]);
                added_newline = true;
            }
            self.walk_expr(arg);
            prev = arg.end_pos();
            if i + 1 < c.args.len() {
                self.p.write(&[tok(","), Arg::Ws(Ws::Blank)]);
            }
            if added_newline {
                self.p.write(&[Arg::Ws(Ws::Unindent)]);
            }
        }
        if self.different_lines(prev, c.rparen) {
            if c.args.is_empty() {
                // Alloy writes `f(,` here, which it then rejects.
                self.p.write(&[Arg::Ws(Ws::Formfeed)]);
            } else {
                self.p.write(&[tok(","), Arg::Ws(Ws::Formfeed)]);
            }
        }
        self.p.write(&[tok(")")]);
        self.mark(c.rparen);
    }

    fn different_lines(&self, a: Pos, b: Pos) -> bool {
        self.p.line(a) != self.p.line(b)
    }
}

/// A quoted object key as Alloy prints it: Go's `%q` of the raw text between
/// the quotes. For a double-quoted key with a backslash that would double
/// its escapes and change the key, so such a key is printed as written.
pub(crate) fn object_key(field: &Field) -> String {
    let raw = &*field.name.name;
    // The key's source text starts with its quote character; a raw key was
    // written with backticks and has no escapes to double.
    if raw.contains('\\') && !field.raw_key {
        format!("\"{raw}\"")
    } else {
        go_quote(raw)
    }
}

/// True when passing `s` through the tab writer would change its bytes:
/// tabs, vertical tabs and form feeds are cell and line breaks there, and
/// spaces before a line break are trimmed.
fn tab_writer_would_alter(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | 0x0B | 0x0C => true,
        b'\n' => i > 0 && b[i - 1] == b' ',
        _ => false,
    })
}
