//! Moves a syntax tree into the coordinates of its own formatted output.
//!
//! `alloy fmt` is not idempotent on some layouts, so `format_source` prints
//! again until the output stops changing. Parsing the output again would
//! give the same tree with new positions; this module computes those
//! positions directly from where the printer wrote each token, which is
//! much cheaper than a second parse. It is exact because the printer's
//! decisions depend only on the line of each position and on the order of
//! tokens and comments, and the tab writer changes neither (it only pads
//! within lines). Tests compare it with a real second parse.

use crate::syntax::ast::*;
use crate::syntax::LineIndex;

use super::walker::object_key;

/// Moves a tree (and its comments) to printer-output offsets plus `shift`.
pub fn move_tree(file: &mut File, moved: &[(Pos, Pos)], comment_offsets: &[Pos], shift: Pos) {
    debug_assert!(moved.windows(2).all(|w| w[0].0 < w[1].0));
    let map = |old: Pos| -> Pos {
        let i = moved
            .binary_search_by_key(&old, |&(o, _)| o)
            .expect("every token position was printed");
        moved[i].1 + shift
    };
    for (c, &at) in file.comments.iter_mut().zip(comment_offsets) {
        c.start = at + shift;
    }
    let mut stmts: Vec<&mut Stmt> = file.body.iter_mut().collect();
    let mut exprs: Vec<&mut Expr> = Vec::new();
    while let Some(stmt) = stmts.pop() {
        match stmt {
            Stmt::Error(_) => unreachable!("the formatter prints only files that parse"),
            Stmt::Attribute(a) => {
                a.name.pos = map(a.name.pos);
                exprs.push(&mut a.value);
            }
            Stmt::Block(b) => {
                b.name_pos = map(b.name_pos);
                // Alloy drops an empty label; the output has none.
                if b.label.as_ref().is_some_and(|l| l.value.is_empty()) {
                    b.label = None;
                }
                if let Some(l) = &mut b.label {
                    l.pos = map(l.pos);
                }
                b.lcurly = map(b.lcurly);
                b.rcurly = map(b.rcurly);
                stmts.extend(b.body.iter_mut());
            }
        }
        while let Some(e) = exprs.pop() {
            move_expr(e, &map, &mut exprs);
        }
    }
}

fn move_expr<'e>(e: &'e mut Expr, map: &impl Fn(Pos) -> Pos, todo: &mut Vec<&'e mut Expr>) {
    match e {
        Expr::Error(_) => unreachable!("the formatter prints only files that parse"),
        Expr::Literal(l) => l.pos = map(l.pos),
        Expr::Identifier(i) => i.pos = map(i.pos),
        Expr::Array(a) => {
            a.lbrack = map(a.lbrack);
            a.rbrack = map(a.rbrack);
            todo.extend(a.elements.iter_mut());
        }
        Expr::Object(o) => {
            o.lcurly = map(o.lcurly);
            o.rcurly = map(o.rcurly);
            for f in o.fields.iter_mut() {
                f.name.pos = map(f.name.pos);
                if f.quoted {
                    // The key is read back from how it was printed.
                    let printed = object_key(f);
                    f.name.name = printed[1..printed.len() - 1].into();
                    f.raw_key = false;
                }
                todo.push(&mut f.value);
            }
        }
        Expr::Access(a) => {
            a.name.pos = map(a.name.pos);
            todo.push(&mut a.value);
        }
        Expr::Index(i) => {
            i.lbrack = map(i.lbrack);
            i.rbrack = map(i.rbrack);
            todo.push(&mut i.value);
            todo.push(&mut i.index);
        }
        Expr::Call(c) => {
            c.lparen = map(c.lparen);
            c.rparen = map(c.rparen);
            todo.push(&mut c.value);
            todo.extend(c.args.iter_mut());
        }
        Expr::Unary(u) => {
            u.op_pos = map(u.op_pos);
            todo.push(&mut u.value);
        }
        Expr::Binary(b) => {
            b.op_pos = map(b.op_pos);
            todo.push(&mut b.left);
            todo.push(&mut b.right);
        }
        Expr::Paren(p) => {
            p.lparen = map(p.lparen);
            p.rparen = map(p.rparen);
            todo.push(&mut p.inner);
        }
    }
}

/// Whether a second printer pass would reproduce the first one's output,
/// decided without printing again. The printer's layout decisions compare
/// lines of positions: equal, adjacent, or two and more apart. If every
/// step from one position to the next (tokens and comments, in source
/// order) keeps its line distance, capped at two, in the output, and the
/// output keeps the source order, a second pass decides everything the same
/// way and prints the same bytes. `moved`, `comment_offsets` and `raw` are
/// the first pass's; `after_brace` is the `}` a file piece follows, which the
/// output has at its start.
pub fn layout_is_stable(
    file: &File,
    lines: &LineIndex,
    moved: &[(Pos, Pos)],
    comment_offsets: &[Pos],
    raw: &[u8],
    after_brace: Option<Pos>,
) -> bool {
    if file.comments.iter().any(|c| c.text.contains('\n')) {
        return false;
    }
    let mut comments = file.comments.iter().zip(comment_offsets).peekable();
    let mut tokens = moved.iter().peekable();
    let mut prev_src_line = after_brace.map(|b| lines.line(b as usize));
    let mut prev_out = 0usize;
    let mut hint = 1usize;
    loop {
        let next = match (tokens.peek(), comments.peek()) {
            (Some(&&(t_src, t_out)), Some(&(c, &c_out))) => {
                if c.start < t_src {
                    comments.next();
                    (c.start, c_out)
                } else {
                    tokens.next();
                    (t_src, t_out)
                }
            }
            (Some(&&(t_src, t_out)), None) => {
                tokens.next();
                (t_src, t_out)
            }
            (None, Some(&(c, &c_out))) => {
                comments.next();
                (c.start, c_out)
            }
            (None, None) => return true,
        };
        let (src, out) = (next.0 as usize, next.1 as usize);
        if out < prev_out {
            // A comment was moved past code: order changed.
            return false;
        }
        let src_line = lines.line_near(src, hint);
        hint = src_line;
        let step_out = raw[prev_out..out]
            .iter()
            .filter(|&&b| b == b'\n' || b == 0x0C)
            .count();
        if let Some(prev) = prev_src_line {
            if (src_line - prev).min(2) != step_out.min(2) {
                return false;
            }
        }
        prev_src_line = Some(src_line);
        prev_out = out;
    }
}
