//! The owned syntax tree of an Alloy file.
//!
//! Every node records the byte offsets of the tokens it was built from, the
//! way Alloy's own AST does, so that the formatter can take its line-break
//! decisions from source lines exactly as `alloy fmt` does. Every comment is
//! kept (in [`File::comments`]) with its offset.

use compact_str::CompactString;

/// Text of a name or literal: stored inline when short (almost always).
pub type Text = CompactString;

/// A byte offset into the source. Files over 4 GiB are rejected up front.
pub type Pos = u32;

/// A parsed file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    /// Top-level statements.
    pub body: Body,
    /// Every comment of the file, in source order.
    pub comments: Vec<Comment>,
}

/// The statements of a file or block body.
pub type Body = Vec<Stmt>;

/// A `//` or `/* */` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Offset of the first `/`.
    pub start: Pos,
    /// The comment's text including its delimiters, without carriage
    /// returns (Alloy strips them).
    pub text: Box<str>,
}

impl Comment {
    /// Byte range in the source (approximate for comments that contained
    /// carriage returns, which are not kept in `text`).
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.text.len()
    }

    /// True for `/* ... */` comments.
    pub fn is_block(&self) -> bool {
        self.text.as_bytes().get(1) == Some(&b'*')
    }
}

/// A statement: an attribute or a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `name = value`
    Attribute(Attribute),
    /// `name.parts "label" { ... }`
    Block(Block),
    /// Text the recovering parser could not read as a statement (only in
    /// the tree of an invalid file, see [`super::parse_recovering`]).
    Error(Broken),
}

/// A region of an invalid file that could not be read: where Alloy's
/// parser reported an error and skipped text to recover. Its contents are
/// unknown, so no check looks inside it. Never in the tree of a valid file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    /// Offset of the first byte.
    pub start: Pos,
    /// Offset just past the last byte (equal to `start` when nothing could
    /// be read at all, as for a value missing at the end of the file).
    pub end: Pos,
}

impl Broken {
    /// Byte range in the source.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Offset of the last byte (Alloy's `EndPos`); for an empty region the
    /// byte before it, so that a node ending with it ends at `start`.
    pub fn end_pos(&self) -> Pos {
        self.end.saturating_sub(1)
    }
}

/// A name with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name as written.
    pub name: Text,
    /// Offset of its first byte.
    pub pos: Pos,
}

/// `name = value`
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The attribute name (one identifier).
    pub name: Ident,
    /// Its value.
    pub value: Expr,
}

/// `a.b.c "label" { body }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The dotted name, fragments joined with `.` (spaces around dots in the
    /// source are not kept, as in Alloy).
    pub name: Text,
    /// Offset of the first name fragment.
    pub name_pos: Pos,
    /// The label, if one was written (it may be the empty label `""`).
    pub label: Option<Label>,
    /// The statements inside the braces.
    pub body: Body,
    /// Offset of `{`.
    pub lcurly: Pos,
    /// Offset of `}`.
    pub rcurly: Pos,
}

impl Block {
    /// Byte range in the source, from the name to the closing brace.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.name_pos as usize..self.rcurly as usize + 1
    }

    /// The dotted name's fragments.
    pub fn name_parts(&self) -> impl Iterator<Item = &str> {
        self.name.split('.')
    }

    /// The value of the attribute `name` directly in the body (the first,
    /// if it is given twice).
    pub fn attribute(&self, name: &str) -> Option<&Expr> {
        self.body.iter().find_map(|s| match s {
            Stmt::Attribute(a) if &*a.name.name == name => Some(&a.value),
            _ => None,
        })
    }

    /// Whether a statement of its body could not be read (only in the
    /// tree of an invalid file): what the block sets is not fully known.
    pub fn is_incomplete(&self) -> bool {
        self.body.iter().any(Stmt::is_error)
    }

    /// The label text, or `None` for no label or the empty label `""`.
    pub fn label_text(&self) -> Option<&str> {
        self.label
            .as_ref()
            .map(|l| &*l.value)
            .filter(|l| !l.is_empty())
    }
}

/// A block label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The text between the quotes.
    pub value: Text,
    /// Offset of the opening quote.
    pub pos: Pos,
}

/// The kind of a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralKind {
    /// `42`
    Number,
    /// `4.2`, `.5`, `1e3`
    Float,
    /// `"text"` or `` `raw` ``
    String,
    /// `true`, `false`
    Bool,
    /// `null`
    Null,
}

/// A literal value, kept exactly as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    /// Kind of token.
    pub kind: LiteralKind,
    /// Source text, quotes included for strings.
    pub value: Text,
    /// Offset of its first byte.
    pub pos: Pos,
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

impl UnaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
        }
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `^`
    Pow,
}

impl BinaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::Pow => "^",
        }
    }
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal value.
    Literal(Literal),
    /// A name: a component, a stdlib function, an argument...
    Identifier(Ident),
    /// `[a, b]`
    Array(Box<Array>),
    /// `{a = 1}`
    Object(Box<Object>),
    /// `value.name`
    Access(Box<Access>),
    /// `value[index]`
    Index(Box<Index>),
    /// `value(args)`
    Call(Box<Call>),
    /// `!value`, `-value`
    Unary(Box<Unary>),
    /// `left op right`
    Binary(Box<Binary>),
    /// `(inner)`
    Paren(Box<Paren>),
    /// Text the recovering parser could not read as an expression (only in
    /// the tree of an invalid file).
    Error(Broken),
}

/// `[elements]`
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    /// The elements.
    pub elements: Vec<Expr>,
    /// Offset of `[`.
    pub lbrack: Pos,
    /// Offset of `]`.
    pub rbrack: Pos,
}

/// `{fields}`
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// The fields.
    pub fields: Vec<Field>,
    /// Offset of `{`.
    pub lcurly: Pos,
    /// Offset of `}`.
    pub rcurly: Pos,
}

/// `name = value` in an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key. For a quoted key this is the raw text between the quotes
    /// (escapes not decoded) and `quoted` is set, except for the empty key
    /// `""`, which Alloy keeps as the two-character name `""`.
    pub name: Ident,
    /// Whether the key was written as a string.
    pub quoted: bool,
    /// Whether that string was a raw (backtick) string.
    pub raw_key: bool,
    /// The value.
    pub value: Expr,
}

/// `value.name`
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    /// The accessed value.
    pub value: Expr,
    /// The field name.
    pub name: Ident,
}

/// `value[index]`
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The indexed value.
    pub value: Expr,
    /// The index.
    pub index: Expr,
    /// Offset of `[`.
    pub lbrack: Pos,
    /// Offset of `]`.
    pub rbrack: Pos,
}

/// `value(args)`
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The called value.
    pub value: Expr,
    /// The arguments.
    pub args: Vec<Expr>,
    /// Offset of `(`.
    pub lparen: Pos,
    /// Offset of `)`.
    pub rparen: Pos,
}

/// `op value`
#[derive(Debug, Clone, PartialEq)]
pub struct Unary {
    /// The operator.
    pub op: UnaryOp,
    /// Offset of the operator.
    pub op_pos: Pos,
    /// The operand.
    pub value: Expr,
}

/// `left op right`
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// The operator.
    pub op: BinaryOp,
    /// Offset of the operator.
    pub op_pos: Pos,
    /// Left operand.
    pub left: Expr,
    /// Right operand.
    pub right: Expr,
}

/// `(inner)`
#[derive(Debug, Clone, PartialEq)]
pub struct Paren {
    /// The wrapped expression.
    pub inner: Expr,
    /// Offset of `(`.
    pub lparen: Pos,
    /// Offset of `)`.
    pub rparen: Pos,
}

impl Attribute {
    /// Byte range in the source, from the name to the end of the value.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.name.pos as usize..self.value.span().end
    }
}

impl Field {
    /// Byte range in the source, from the key to the end of the value.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.name.pos as usize..self.value.span().end
    }
}

impl Ident {
    /// Byte range in the source.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.pos as usize..self.pos as usize + self.name.len()
    }

    /// Offset of the last byte (Alloy's `EndPos`).
    pub fn end_pos(&self) -> Pos {
        last_byte(self.pos, self.name.len())
    }
}

impl Literal {
    /// Offset of the last byte (Alloy's `EndPos`).
    pub fn end_pos(&self) -> Pos {
        last_byte(self.pos, self.value.len())
    }
}

fn last_byte(pos: Pos, len: usize) -> Pos {
    (pos as usize + len).saturating_sub(1) as Pos
}

impl Stmt {
    /// Offset of the first byte.
    pub fn start_pos(&self) -> Pos {
        match self {
            Stmt::Attribute(a) => a.name.pos,
            Stmt::Block(b) => b.name_pos,
            Stmt::Error(e) => e.start,
        }
    }

    /// Offset of the last byte (Alloy's `EndPos`).
    pub fn end_pos(&self) -> Pos {
        match self {
            Stmt::Attribute(a) => a.value.end_pos(),
            Stmt::Block(b) => b.rcurly,
            Stmt::Error(e) => e.end_pos(),
        }
    }

    /// Byte range in the source.
    pub fn span(&self) -> std::ops::Range<usize> {
        match self {
            Stmt::Error(e) => e.span(),
            Stmt::Attribute(a) => a.span(),
            Stmt::Block(_) => self.start_pos() as usize..self.end_pos() as usize + 1,
        }
    }

    /// Whether this is a region that could not be read.
    pub fn is_error(&self) -> bool {
        matches!(self, Stmt::Error(_))
    }
}

impl Expr {
    /// The value of a string literal.
    pub fn string_value(&self) -> Option<String> {
        match self {
            Expr::Literal(l) if l.kind == LiteralKind::String => super::literal::unquote(&l.value),
            _ => None,
        }
    }

    /// Every expression of this one that is a string literal, this one
    /// included, walked without recursion (a long operator chain is deep).
    pub fn string_literals(&self) -> Vec<&Expr> {
        let mut found = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Literal(l) => {
                    if l.kind == LiteralKind::String {
                        found.push(e);
                    }
                }
                Expr::Identifier(_) | Expr::Error(_) => {}
                Expr::Array(a) => stack.extend(a.elements.iter().rev()),
                Expr::Object(o) => stack.extend(o.fields.iter().rev().map(|f| &f.value)),
                Expr::Call(c) => stack.extend(c.args.iter().rev()),
                Expr::Binary(b) => {
                    stack.push(&b.right);
                    stack.push(&b.left);
                }
                Expr::Unary(u) => stack.push(&u.value),
                Expr::Paren(p) => stack.push(&p.inner),
                Expr::Index(i) => {
                    stack.push(&i.index);
                    stack.push(&i.value);
                }
                Expr::Access(a) => stack.push(&a.value),
            }
        }
        found
    }

    /// Whether this is a region that could not be read.
    pub fn is_error(&self) -> bool {
        matches!(self, Expr::Error(_))
    }

    /// Pushes the direct sub-expressions of this one on `stack`, in source
    /// order: for walks without recursion (an operator chain can be
    /// deep). An access's field name is a name, not an expression; a
    /// call's callee is pushed before its arguments.
    pub fn push_children<'e>(&'e self, stack: &mut Vec<&'e Expr>) {
        match self {
            Expr::Literal(_) | Expr::Identifier(_) | Expr::Error(_) => {}
            Expr::Array(a) => stack.extend(a.elements.iter()),
            Expr::Object(o) => stack.extend(o.fields.iter().map(|f| &f.value)),
            Expr::Access(a) => stack.push(&a.value),
            Expr::Index(i) => {
                stack.push(&i.value);
                stack.push(&i.index);
            }
            Expr::Call(c) => {
                stack.push(&c.value);
                stack.extend(c.args.iter());
            }
            Expr::Unary(u) => stack.push(&u.value),
            Expr::Binary(b) => {
                stack.push(&b.left);
                stack.push(&b.right);
            }
            Expr::Paren(p) => stack.push(&p.inner),
        }
    }

    /// Whether this is the literal `true`.
    pub fn is_true(&self) -> bool {
        matches!(self, Expr::Literal(l) if l.kind == LiteralKind::Bool && &*l.value == "true")
    }

    /// Offset of the first byte (Alloy's `StartPos`).
    pub fn start_pos(&self) -> Pos {
        let mut e = self;
        loop {
            match e {
                Expr::Literal(l) => return l.pos,
                Expr::Identifier(i) => return i.pos,
                Expr::Array(a) => return a.lbrack,
                Expr::Object(o) => return o.lcurly,
                Expr::Access(a) => e = &a.value,
                Expr::Index(i) => e = &i.value,
                Expr::Call(c) => e = &c.value,
                Expr::Unary(u) => return u.op_pos,
                Expr::Binary(b) => e = &b.left,
                Expr::Paren(p) => return p.lparen,
                Expr::Error(b) => return b.start,
            }
        }
    }

    /// Offset of the last byte (Alloy's `EndPos`).
    pub fn end_pos(&self) -> Pos {
        let mut e = self;
        loop {
            match e {
                Expr::Literal(l) => return l.end_pos(),
                Expr::Identifier(i) => return i.end_pos(),
                Expr::Array(a) => return a.rbrack,
                Expr::Object(o) => return o.rcurly,
                Expr::Access(a) => return a.name.end_pos(),
                Expr::Index(i) => return i.rbrack,
                Expr::Call(c) => return c.rparen,
                Expr::Unary(u) => e = &u.value,
                Expr::Binary(b) => e = &b.right,
                Expr::Paren(p) => return p.rparen,
                Expr::Error(b) => return b.end_pos(),
            }
        }
    }

    /// Byte range in the source.
    pub fn span(&self) -> std::ops::Range<usize> {
        match self {
            Expr::Error(b) => b.span(),
            _ => self.start_pos() as usize..self.end_pos() as usize + 1,
        }
    }
}

/// Dropping a deep expression (a long `a + b + ...` chain is as deep as it
/// is long) must not recurse once per level: children are moved onto a heap
/// stack and dropped from there.
impl Drop for Expr {
    fn drop(&mut self) {
        if matches!(
            self,
            Expr::Literal(_) | Expr::Identifier(_) | Expr::Error(_)
        ) {
            return;
        }
        let mut stack = Vec::new();
        take_children(self, &mut stack);
        while let Some(mut e) = stack.pop() {
            take_children(&mut e, &mut stack);
        }
    }
}

fn leaf() -> Expr {
    Expr::Literal(Literal {
        kind: LiteralKind::Null,
        value: Text::const_new(""),
        pos: 0,
    })
}

fn take_children(e: &mut Expr, stack: &mut Vec<Expr>) {
    let mut take = |x: &mut Expr| {
        if !matches!(x, Expr::Literal(_) | Expr::Identifier(_) | Expr::Error(_)) {
            stack.push(std::mem::replace(x, leaf()));
        }
    };
    match e {
        Expr::Literal(_) | Expr::Identifier(_) | Expr::Error(_) => {}
        Expr::Array(a) => a.elements.iter_mut().for_each(&mut take),
        Expr::Object(o) => o.fields.iter_mut().for_each(|f| take(&mut f.value)),
        Expr::Access(a) => take(&mut a.value),
        Expr::Index(i) => {
            take(&mut i.value);
            take(&mut i.index);
        }
        Expr::Call(c) => {
            take(&mut c.value);
            c.args.iter_mut().for_each(&mut take);
        }
        Expr::Unary(u) => take(&mut u.value),
        Expr::Binary(b) => {
            take(&mut b.left);
            take(&mut b.right);
        }
        Expr::Paren(p) => take(&mut p.inner),
    }
}
