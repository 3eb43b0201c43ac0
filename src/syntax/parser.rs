//! The pest parser for `grammar/alloy.pest` and the builder that turns its
//! parse tree into the owned [`ast`](super::ast).
//!
//! One `build_<rule>` function per grammar rule. The grammar accepts exactly
//! what Alloy accepts, so building never fails; rejected inputs are reported
//! by [`diagnose`](super::diagnose), which reproduces Alloy's errors.

use std::sync::LazyLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;

use super::ast::*;
use super::scanner::{is_digit, is_letter};

/// The parser generated from `grammar/alloy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/alloy.pest"]
pub struct AlloyParser;

/// Operator precedence, lowest first, declared once.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::neq, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::lte, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::gte, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left)
            | Op::infix(Rule::div, Assoc::Left)
            | Op::infix(Rule::rem, Assoc::Left))
        .op(Op::infix(Rule::pow, Assoc::Right))
        .op(Op::prefix(Rule::not) | Op::prefix(Rule::neg))
        .op(Op::postfix(Rule::access) | Op::postfix(Rule::index) | Op::postfix(Rule::call))
});

/// A human phrase for each rule, used in pest's own error messages. The
/// match has no catch-all arm on purpose: a new rule without a readable name
/// does not compile.
pub fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::hspace => "whitespace",
        Rule::line_feed => "line end",
        Rule::line_comment => "line comment",
        Rule::block_comment => "block comment",
        Rule::one_line_block_comment => "block comment",
        Rule::nl => "whitespace",
        Rule::sp => "whitespace",
        Rule::inline_comment => "block comment",
        Rule::terminator => "end of line",
        Rule::ident_char => "identifier character",
        Rule::ident_start => "identifier",
        Rule::string_chars => "string",
        Rule::infix_start => "operator",
        Rule::identifier => "identifier",
        Rule::name => "name",
        Rule::number => "number",
        Rule::exponent => "exponent",
        Rule::hex => "hex digit",
        Rule::hex4_scalar => "four hex digits",
        Rule::escape => "escape sequence",
        Rule::quoted_string => "string",
        Rule::raw_string => "raw string",
        Rule::string_literal => "string",
        Rule::expr => "expression",
        Rule::operand => "expression",
        Rule::infix_operator => "operator",
        Rule::or => "`||`",
        Rule::and => "`&&`",
        Rule::eq => "`==`",
        Rule::neq => "`!=`",
        Rule::lte => "`<=`",
        Rule::gte => "`>=`",
        Rule::lt => "`<`",
        Rule::gt => "`>`",
        Rule::add => "`+`",
        Rule::sub => "`-`",
        Rule::mul => "`*`",
        Rule::div => "`/`",
        Rule::rem => "`%`",
        Rule::pow => "`^`",
        Rule::prefix_operator => "unary operator",
        Rule::not => "`!`",
        Rule::neg => "`-`",
        Rule::postfix_operation => "`.`, `[` or `(`",
        Rule::access => "field access",
        Rule::index => "index",
        Rule::call => "call",
        Rule::expression_list => "expressions",
        Rule::primary => "expression",
        Rule::array => "array",
        Rule::object => "object",
        Rule::field_list => "object fields",
        Rule::field => "object field",
        Rule::paren => "parenthesized expression",
        Rule::statement => "attribute or block",
        Rule::block_rest => "block label or body",
        Rule::block_name_part => "block name",
        Rule::attribute_value => "`=`",
        Rule::block_label => "block label",
        Rule::block_body => "block body",
        Rule::statements => "statements",
        Rule::file => "file",
    }
}

/// Parses a whole file, or a run of whole statements of one, with the
/// grammar. `base` is the offset of `src` in the file, so that positions in
/// the tree are file offsets.
pub(crate) fn parse_statements(
    src: &str,
    base: usize,
) -> Result<Body, Box<pest::error::Error<Rule>>> {
    let mut pairs = AlloyParser::parse(Rule::file, src).map_err(Box::new)?;
    let file = pairs.next().expect("the file rule always yields one pair");
    let builder = Builder {
        base: base as Pos,
        bad_identifier: std::cell::Cell::new(None),
    };
    let body = builder.build_statements(file.into_inner());
    if let Some(at) = builder.bad_identifier.get() {
        let position = pest::Position::new(src, at).expect("offset of a parsed pair");
        return Err(Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "identifier with a character Alloy does not accept".into(),
            },
            position,
        )));
    }
    Ok(body)
}

/// Builds tree nodes from pairs; `base` shifts pair offsets to file offsets.
struct Builder {
    base: Pos,
    /// Offset (in the piece) of a non-ASCII identifier whose characters
    /// Alloy's Unicode tables reject. pest's `LETTER` tables and Go's
    /// `unicode` package disagree on a few code points; Go decides.
    bad_identifier: std::cell::Cell<Option<usize>>,
}

impl Builder {
    /// Checks a name against Alloy's scanner: not a keyword, and letters and
    /// digits by Go's Unicode tables.
    fn check_name(&self, pair: &Pair<'_, Rule>) {
        let text = pair.as_str().trim_matches('"');
        if matches!(text, "true" | "false" | "null") {
            self.bad_identifier.set(Some(pair.as_span().start()));
        }
        self.check_identifier(pair);
    }

    /// Checks a non-ASCII identifier against Go's Unicode tables.
    fn check_identifier(&self, pair: &Pair<'_, Rule>) {
        let text = pair.as_str();
        if text.is_ascii() || self.bad_identifier.get().is_some() {
            return;
        }
        let mut chars = text.chars().filter(|&c| c != '"');
        let valid = chars.next().is_some_and(|c| is_letter(c as i32))
            && chars.all(|c| is_letter(c as i32) || is_digit(c as i32));
        if !valid {
            self.bad_identifier.set(Some(pair.as_span().start()));
        }
    }

    fn pos(&self, pair: &Pair<'_, Rule>) -> Pos {
        self.base + pair.as_span().start() as Pos
    }

    fn end_pos(&self, pair: &Pair<'_, Rule>) -> Pos {
        self.base + (pair.as_span().end() - 1) as Pos
    }

    fn build_statements(&self, pairs: Pairs<'_, Rule>) -> Body {
        pairs
            .filter(|p| p.as_rule() == Rule::statement)
            .map(|p| self.build_statement(p))
            .collect::<Vec<_>>()
            .exact()
    }

    fn build_statement(&self, pair: Pair<'_, Rule>) -> Stmt {
        let mut inner = pair.into_inner();
        let first = inner.next().expect("a statement starts with a name");
        let first_pos = self.pos(&first);
        self.check_name(&first);
        let mut name = String::from(first.as_str());
        let mut label = None;
        for part in inner {
            match part.as_rule() {
                Rule::name => {
                    name.push('.');
                    self.check_name(&part);
                    name.push_str(part.as_str());
                }
                Rule::block_label => {
                    self.check_name(&part);
                    let text = part.as_str();
                    label = Some(Label {
                        value: text[1..text.len() - 1].into(),
                        pos: self.pos(&part),
                    });
                }
                Rule::block_body => {
                    let lcurly = self.pos(&part);
                    let rcurly = self.end_pos(&part);
                    return Stmt::Block(Block {
                        name: name.into(),
                        name_pos: first_pos,
                        label,
                        body: self.build_statements(part.into_inner()),
                        lcurly,
                        rcurly,
                    });
                }
                Rule::expr => {
                    return Stmt::Attribute(Attribute {
                        name: Ident {
                            name: name.into(),
                            pos: first_pos,
                        },
                        value: self.build_expr(part),
                    });
                }
                other => unreachable!("unexpected {other:?} in a statement"),
            }
        }
        unreachable!("a statement ends with a value or a block body")
    }

    fn build_expr(&self, pair: Pair<'_, Rule>) -> Expr {
        PRATT
            .map_primary(|p| self.build_primary(p))
            .map_prefix(|op, value| {
                Expr::Unary(Box::new(Unary {
                    op: match op.as_rule() {
                        Rule::not => UnaryOp::Not,
                        _ => UnaryOp::Neg,
                    },
                    op_pos: self.pos(&op),
                    value,
                }))
            })
            .map_postfix(|v, op| self.build_postfix(v, op))
            .map_infix(|left, op, right| {
                Expr::Binary(Box::new(Binary {
                    op: self.binary_op(op.as_rule()),
                    op_pos: self.pos(&op),
                    left,
                    right,
                }))
            })
            .parse(pair.into_inner())
    }

    fn binary_op(&self, rule: Rule) -> BinaryOp {
        match rule {
            Rule::or => BinaryOp::Or,
            Rule::and => BinaryOp::And,
            Rule::eq => BinaryOp::Eq,
            Rule::neq => BinaryOp::NotEq,
            Rule::lt => BinaryOp::Lt,
            Rule::lte => BinaryOp::LtEq,
            Rule::gt => BinaryOp::Gt,
            Rule::gte => BinaryOp::GtEq,
            Rule::add => BinaryOp::Add,
            Rule::sub => BinaryOp::Sub,
            Rule::mul => BinaryOp::Mul,
            Rule::div => BinaryOp::Div,
            Rule::rem => BinaryOp::Rem,
            Rule::pow => BinaryOp::Pow,
            other => unreachable!("{other:?} is not a binary operator"),
        }
    }

    fn build_primary(&self, pair: Pair<'_, Rule>) -> Expr {
        match pair.as_rule() {
            Rule::identifier => self.build_identifier(pair),
            Rule::number => {
                let text = pair.as_str();
                let is_float = text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
                Expr::Literal(Literal {
                    kind: if is_float {
                        LiteralKind::Float
                    } else {
                        LiteralKind::Number
                    },
                    value: text.into(),
                    pos: self.pos(&pair),
                })
            }
            Rule::string_literal => Expr::Literal(Literal {
                kind: LiteralKind::String,
                value: pair.as_str().into(),
                pos: self.pos(&pair),
            }),
            Rule::array => {
                let lbrack = self.pos(&pair);
                let rbrack = self.end_pos(&pair);
                Expr::Array(Box::new(Array {
                    elements: pair
                        .into_inner()
                        .map(|p| self.build_expr(p))
                        .collect::<Vec<_>>()
                        .exact(),
                    lbrack,
                    rbrack,
                }))
            }
            Rule::object => {
                let lcurly = self.pos(&pair);
                let rcurly = self.end_pos(&pair);
                Expr::Object(Box::new(Object {
                    fields: pair
                        .into_inner()
                        .map(|p| self.build_field(p))
                        .collect::<Vec<_>>()
                        .exact(),
                    lcurly,
                    rcurly,
                }))
            }
            Rule::paren => {
                let lparen = self.pos(&pair);
                let rparen = self.end_pos(&pair);
                let inner = pair.into_inner().next().expect("parens hold an expression");
                Expr::Paren(Box::new(Paren {
                    inner: self.build_expr(inner),
                    lparen,
                    rparen,
                }))
            }
            other => unreachable!("{other:?} is not a primary expression"),
        }
    }

    /// `true`, `false` and `null` are read as identifiers by the grammar and
    /// become literals here.
    fn build_identifier(&self, pair: Pair<'_, Rule>) -> Expr {
        self.check_identifier(&pair);
        let text = pair.as_str();
        let kind = match text {
            "true" | "false" => LiteralKind::Bool,
            "null" => LiteralKind::Null,
            _ => {
                return Expr::Identifier(Ident {
                    name: text.into(),
                    pos: self.pos(&pair),
                })
            }
        };
        Expr::Literal(Literal {
            kind,
            value: text.into(),
            pos: self.pos(&pair),
        })
    }

    fn build_field(&self, pair: Pair<'_, Rule>) -> Field {
        let mut inner = pair.into_inner();
        let key = inner.next().expect("a field starts with its key");
        let value = self.build_expr(inner.next().expect("a field has a value"));
        if key.as_rule() == Rule::name {
            self.check_name(&key);
        }
        let text = key.as_str();
        let (name, quoted) = if key.as_rule() == Rule::string_literal && text.len() > 2 {
            (&text[1..text.len() - 1], true)
        } else {
            (text, false)
        };
        Field {
            name: Ident {
                name: name.into(),
                pos: self.pos(&key),
            },
            quoted,
            raw_key: quoted && text.starts_with('`'),
            value,
        }
    }

    fn build_postfix(&self, value: Expr, op: Pair<'_, Rule>) -> Expr {
        match op.as_rule() {
            Rule::access => {
                let name = op.into_inner().next().expect("an access names a field");
                Expr::Access(Box::new(Access {
                    value,
                    name: Ident {
                        name: {
                            self.check_name(&name);
                            name.as_str().into()
                        },
                        pos: self.pos(&name),
                    },
                }))
            }
            Rule::index => {
                let lbrack = self.pos(&op);
                let rbrack = self.end_pos(&op);
                let index = op
                    .into_inner()
                    .next()
                    .expect("an index holds an expression");
                Expr::Index(Box::new(Index {
                    value,
                    index: self.build_expr(index),
                    lbrack,
                    rbrack,
                }))
            }
            Rule::call => {
                let lparen = self.pos(&op);
                let rparen = self.end_pos(&op);
                Expr::Call(Box::new(Call {
                    value,
                    args: op
                        .into_inner()
                        .map(|p| self.build_expr(p))
                        .collect::<Vec<_>>()
                        .exact(),
                    lparen,
                    rparen,
                }))
            }
            other => unreachable!("{other:?} is not a postfix operation"),
        }
    }
}

/// A vector of tree nodes without spare capacity. Most bodies, lists and
/// argument lists hold one to three items, and a growing vector reserves
/// four: trimmed, the tree of a large file takes about a third less memory.
pub(super) trait Exact {
    fn exact(self) -> Self;
}

impl<T> Exact for Vec<T> {
    fn exact(mut self) -> Self {
        self.shrink_to_fit();
        self
    }
}
