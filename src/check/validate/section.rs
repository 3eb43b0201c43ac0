//! A block as a load-time validation sees it: what the user wrote, each
//! value known before Alloy runs or not, and the schema's default for what
//! was left out.
//!
//! Alloy decodes a block into a Go struct that `SetToDefault()` filled
//! first, then calls `Validate()` on the result: a rule about two arguments
//! must see the default of the one not written (`scrape_interval = "5s"`
//! alone fails against the default `scrape_timeout` of 10s). [`Setting`]
//! carries that origin so a message can name the default.

use std::collections::HashMap;

use super::super::context::{Loc, UnitId};
use super::super::values::{duration_seconds, emptiness, Emptiness};
use crate::schema::model::{Argument, Node};
use crate::syntax::ast::{Attribute, Block, Expr, LiteralKind, Stmt};
use crate::syntax::literal::unquote;
use crate::syntax::string_map::StringMap;

/// A value as far as it is known before Alloy runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true`, `false`.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// A string literal's value.
    String(String),
    /// An array whose elements are as known as they are.
    List(Vec<Value>),
    /// An object literal's fields, in order.
    Object(Vec<(String, Value)>),
    /// Known only when Alloy evaluates it: a reference, a call (`sys.env`),
    /// an operation.
    Unknown,
}

impl Value {
    /// The value of `expr` where it is a literal (or an array or object of
    /// them), else [`Value::Unknown`].
    pub fn of(expr: &Expr) -> Value {
        match expr {
            Expr::Literal(lit) => match lit.kind {
                LiteralKind::Null => Value::Null,
                LiteralKind::Bool => Value::Bool(&*lit.value == "true"),
                LiteralKind::Number | LiteralKind::Float => {
                    lit.value.parse().map_or(Value::Unknown, Value::Number)
                }
                LiteralKind::String => unquote(&lit.value).map_or(Value::Unknown, Value::String),
            },
            Expr::Array(array) => Value::List(array.elements.iter().map(Value::of).collect()),
            Expr::Object(object) => Value::Object(
                object
                    .fields
                    .iter()
                    .map(|f| (f.name.name.to_string(), Value::of(&f.value)))
                    .collect(),
            ),
            Expr::Paren(paren) => Value::of(&paren.inner),
            _ => Value::Unknown,
        }
    }

    /// The schema's default of `argument`, where the docs write it as an
    /// Alloy value (`"10s"`, `["a", "b"]`); a default written as prose
    /// ("component name", `;`) is not a value the text can be read as.
    /// Read once per argument: a large configuration asks for the same
    /// defaults of thousands of components.
    pub fn default_of(argument: &'static Argument) -> Option<Value> {
        thread_local! {
            static READ: std::cell::RefCell<HashMap<usize, Option<Value>>> =
                std::cell::RefCell::new(HashMap::new());
        }
        let key = argument as *const Argument as usize;
        if let Some(known) = READ.with(|r| r.borrow().get(&key).cloned()) {
            return known;
        }
        let value = Value::read_default(argument);
        READ.with(|r| r.borrow_mut().insert(key, value.clone()));
        value
    }

    fn read_default(argument: &Argument) -> Option<Value> {
        let text = argument.default.as_deref()?;
        if argument.default_format.as_deref() != Some("code") {
            return None;
        }
        let source = format!("default = {text}\n");
        let parsed = crate::syntax::parse(source.as_bytes()).ok()?;
        match parsed.file.body.first() {
            Some(Stmt::Attribute(attr)) => Some(Value::of(&attr.value)),
            _ => None,
        }
    }

    /// The string, if the value is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bool, if the value is a known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if the value is a known number (or a string Alloy
    /// converts to one).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The length in seconds, if the value is a known duration string.
    pub fn as_seconds(&self) -> Option<f64> {
        duration_seconds(self.as_str()?)
    }

    /// The elements, if the value is a known list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// Whether Alloy's Go code would see the zero value of the field:
    /// known empty (`""`, `0`, `false`, `null`, `[]`, `{}`), known not, or
    /// unknown.
    pub fn emptiness(&self) -> Emptiness {
        let known = Emptiness::known;
        match self {
            Value::Null => Emptiness::Empty,
            Value::Bool(b) => known(!b),
            Value::Number(n) => known(*n == 0.0),
            Value::String(s) => known(s.is_empty()),
            Value::List(items) => known(items.is_empty()),
            Value::Object(fields) => known(fields.is_empty()),
            Value::Unknown => Emptiness::Unknown,
        }
    }
}

/// Where a setting's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin<'a> {
    /// The user wrote it.
    Written(&'a Attribute),
    /// Left out: the default applies (the schema's, or Go's where a
    /// family knows better, see [`Section::setting_or`]).
    Default,
    /// Left out, and the schema gives no default: Go's zero value.
    Unset,
}

/// An argument's value as Alloy's `Validate()` sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<'a> {
    /// The value (unknown when it is an expression Alloy evaluates).
    pub value: Value,
    /// Where it comes from.
    pub origin: Origin<'a>,
}

impl Setting<'_> {
    /// Whether the user wrote it.
    pub fn is_written(&self) -> bool {
        matches!(self.origin, Origin::Written(_))
    }

    /// How a message names the value of `name`: `scrape_timeout (10s, its
    /// default)` for a default, `scrape_timeout (5s)` for a written one.
    pub fn describe(&self, name: &str) -> String {
        let shown = match &self.value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return name.to_owned(),
        };
        match self.origin {
            Origin::Default => format!("{name} ({shown}, its default)"),
            _ => format!("{name} ({shown})"),
        }
    }
}

/// A component's block or one of its nested blocks, with its schema.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The unit it is written in.
    pub unit: UnitId,
    /// The block.
    pub block: &'a Block,
    /// Its schema.
    pub schema: &'static Node,
    /// The nested blocks' names from the component down to it, joined by
    /// `/` (`endpoint/tls_config`); empty for the component itself.
    pub path: String,
}

impl<'a> Section<'a> {
    /// The first attribute `name` written in the block.
    pub fn attribute(&self, name: &str) -> Option<&'a Attribute> {
        self.block.body.iter().find_map(|s| match s {
            Stmt::Attribute(a) if &*a.name.name == name => Some(a),
            _ => None,
        })
    }

    /// What Alloy's `Validate()` sees for the argument `name`: the value
    /// written, else the schema's default, else Go's zero value.
    pub fn setting(&self, name: &str) -> Setting<'a> {
        if let Some(attr) = self.attribute(name) {
            return Setting {
                value: Value::of(&attr.value),
                origin: Origin::Written(attr),
            };
        }
        let default = self.schema.arguments.get(name).and_then(Value::default_of);
        match default {
            Some(value) => Setting {
                value,
                origin: Origin::Default,
            },
            None => Setting {
                value: Value::Null,
                origin: Origin::Unset,
            },
        }
    }

    /// Like [`Section::setting`], with Go's default `go_default` for an
    /// argument left out: for the arguments whose schema default is prose
    /// or differs from what `SetToDefault()` sets (each family pins those
    /// against the schema in a test).
    pub fn setting_or(&self, name: &str, go_default: Value) -> Setting<'a> {
        match self.attribute(name) {
            Some(attr) => Setting {
                value: Value::of(&attr.value),
                origin: Origin::Written(attr),
            },
            None => Setting {
                value: go_default,
                origin: Origin::Default,
            },
        }
    }

    /// The value of the argument `name` (see [`Section::setting`]).
    pub fn value(&self, name: &str) -> Value {
        self.setting(name).value
    }

    /// Whether the argument `name` is set as Go code tests it, against its
    /// zero value: `Some(true)` when written with a value known not to be
    /// empty, `Some(false)` when left out or known empty, `None` when only
    /// Alloy knows.
    pub fn known_set(&self, name: &str) -> Option<bool> {
        match self.attribute(name).map(|a| emptiness(&a.value)) {
            None | Some(Emptiness::Empty) => Some(false),
            Some(Emptiness::NonEmpty) => Some(true),
            Some(Emptiness::Unknown) => None,
        }
    }

    /// The nested blocks `name` that the schema knows, in order.
    pub fn blocks<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Section<'a>> + 's {
        let schema = self.schema.blocks.get(name);
        self.block.body.iter().filter_map(move |s| match s {
            Stmt::Block(b) if &*b.name == name => Some(self.nested(b, schema?)),
            _ => None,
        })
    }

    /// The first nested block `name`.
    pub fn block(&self, name: &str) -> Option<Section<'a>> {
        self.blocks(name).next()
    }

    /// Whether a nested block `name` is written.
    pub fn has_block(&self, name: &str) -> bool {
        self.block
            .body
            .iter()
            .any(|s| matches!(s, Stmt::Block(b) if &*b.name == name))
    }

    /// `block`, nested in this section, with its schema.
    pub fn nested(&self, block: &'a Block, schema: &'static Node) -> Section<'a> {
        let path = if self.path.is_empty() {
            block.name.to_string()
        } else {
            format!("{}/{}", self.path, block.name)
        };
        Section {
            unit: self.unit,
            block,
            schema,
            path,
        }
    }

    /// The block's name and label: where a finding about the whole block
    /// (a missing argument) points.
    pub fn header(&self) -> Loc {
        let start = self.block.name_pos as usize;
        let end = match &self.block.label {
            Some(label) => label.pos as usize + label.value.len() + 2,
            None => start + self.block.name.len(),
        };
        Loc::new(self.unit, start..end)
    }

    /// Where the user must change `name`: the attribute, else the nested
    /// block's name, else (when it is missing) this block's header.
    pub fn loc_of(&self, name: &str) -> Loc {
        if let Some(attr) = self.attribute(name) {
            return Loc::new(self.unit, attr.span());
        }
        self.block
            .body
            .iter()
            .find_map(|s| match s {
                Stmt::Block(b) if &*b.name == name => Some(Loc::new(
                    self.unit,
                    b.name_pos as usize..b.name_pos as usize + b.name.len(),
                )),
                _ => None,
            })
            .unwrap_or_else(|| self.header())
    }

    /// The string literal written for `name`, its value mapped to the
    /// file (for a finding inside the string).
    pub fn string(&self, name: &str) -> Option<StringMap> {
        match &self.attribute(name)?.value {
            Expr::Literal(lit) if lit.kind == LiteralKind::String => StringMap::of(lit),
            _ => None,
        }
    }

    /// The file location of `range` of the value of `map`.
    pub fn loc_in(&self, map: &StringMap, range: std::ops::Range<usize>) -> Loc {
        Loc::new(self.unit, map.range(range))
    }
}
