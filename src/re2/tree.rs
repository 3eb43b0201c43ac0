//! The parse tree: Go's `syntax.Regexp` (regexp/syntax/regexp.go), with the
//! pseudo-operators of the parse stack kept out of it (they live in
//! `parser::Item`).

use super::class::CharClass;

/// Go's `syntax.Flags` (regexp/syntax/parse.go `Flags`): the parse mode, and on
/// each node the mode it was parsed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Flags(pub u16);

impl Flags {
    /// Case-insensitive match (`(?i)`).
    pub const FOLD_CASE: Flags = Flags(1);
    /// Treat the pattern as a literal string.
    pub const LITERAL: Flags = Flags(1 << 1);
    /// `[^a]` and `[[:space:]]` may match a newline.
    pub const CLASS_NL: Flags = Flags(1 << 2);
    /// `.` matches a newline (`(?s)`).
    pub const DOT_NL: Flags = Flags(1 << 3);
    /// `^` and `$` match only at the text's ends (not `(?m)`).
    pub const ONE_LINE: Flags = Flags(1 << 4);
    /// Repetitions are non-greedy by default (`(?U)`); on a repetition node,
    /// that node is non-greedy.
    pub const NON_GREEDY: Flags = Flags(1 << 5);
    /// Perl extensions.
    pub const PERL_X: Flags = Flags(1 << 6);
    /// `\p{Han}`, `\P{Han}`.
    pub const UNICODE_GROUPS: Flags = Flags(1 << 7);
    /// This `EndText` was written `$`, not `\z`.
    pub const WAS_DOLLAR: Flags = Flags(1 << 8);
    /// What `regexp.Compile` parses with: `syntax.Perl` (parse.go `Perl`).
    pub const PERL: Flags =
        Flags(Self::CLASS_NL.0 | Self::ONE_LINE.0 | Self::PERL_X.0 | Self::UNICODE_GROUPS.0);

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
    pub(super) fn with(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
    pub(super) fn without(self, other: Flags) -> Flags {
        Flags(self.0 & !other.0)
    }
    pub(super) fn toggled(self, other: Flags) -> Flags {
        Flags(self.0 ^ other.0)
    }
}

/// One node of the tree. Runes are `u32`, as Go's `rune`: `\x{D800}` is a
/// valid literal in Go although it is no Rust `char`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regexp {
    pub op: Op,
    pub flags: Flags,
}

/// Go's `syntax.Op` (regexp/syntax/regexp.go `Op`), children inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    NoMatch,
    EmptyMatch,
    /// A string; under `Flags::FOLD_CASE`, matched case-insensitively.
    Literal(Vec<u32>),
    CharClass(CharClass),
    AnyCharNotNL,
    AnyChar,
    BeginLine,
    EndLine,
    BeginText,
    EndText,
    WordBoundary,
    NoWordBoundary,
    /// A capturing group: `index` counts from 1 in order of `(`.
    Capture {
        index: usize,
        name: Option<String>,
        sub: Box<Regexp>,
    },
    Star(Box<Regexp>),
    Plus(Box<Regexp>),
    Quest(Box<Regexp>),
    /// `sub{min,max}`; `max == -1` is no upper bound.
    Repeat {
        min: i32,
        max: i32,
        sub: Box<Regexp>,
    },
    Concat(Vec<Regexp>),
    Alternate(Vec<Regexp>),
}

impl Regexp {
    pub(super) fn new(op: Op, flags: Flags) -> Regexp {
        Regexp { op, flags }
    }

    /// Whether a repetition is non-greedy (`a*?`, or `(?U)a*`).
    pub fn non_greedy(&self) -> bool {
        self.flags.contains(Flags::NON_GREEDY)
    }

    /// The direct children.
    pub fn subs(&self) -> &[Regexp] {
        match &self.op {
            Op::Capture { sub, .. }
            | Op::Star(sub)
            | Op::Plus(sub)
            | Op::Quest(sub)
            | Op::Repeat { sub, .. } => std::slice::from_ref(sub),
            Op::Concat(subs) | Op::Alternate(subs) => subs,
            _ => &[],
        }
    }

    /// The highest capture index: Go's `Regexp.MaxCap` (regexp.go), the
    /// number of groups `regexp.Regexp.NumSubexp` reports.
    pub fn num_captures(&self) -> usize {
        let own = match &self.op {
            Op::Capture { index, .. } => *index,
            _ => 0,
        };
        self.subs()
            .iter()
            .map(Regexp::num_captures)
            .fold(own, usize::max)
    }

    /// The name of each group by index, as Go's `SubexpNames`: index 0 is the
    /// whole match (no name), a group without a name is `None`. Go allows the
    /// same name twice (regexp.go `SubexpIndex`: the leftmost wins).
    pub fn capture_names(&self) -> Vec<Option<String>> {
        let mut names = vec![None; self.num_captures() + 1];
        self.collect_names(&mut names);
        names
    }

    fn collect_names(&self, names: &mut [Option<String>]) {
        if let Op::Capture {
            index,
            name: Some(name),
            ..
        } = &self.op
        {
            names[*index] = Some(name.clone());
        }
        for sub in self.subs() {
            sub.collect_names(names);
        }
    }

    /// Go's `Regexp.Equal` (regexp/syntax/regexp.go `Regexp.Equal`): the flags that
    /// matter per op only; literals compare runes, not case mode.
    pub(super) fn go_equal(&self, other: &Regexp) -> bool {
        let greedy = |r: &Regexp| r.flags.contains(Flags::NON_GREEDY);
        match (&self.op, &other.op) {
            (Op::Literal(a), Op::Literal(b)) => a == b,
            (Op::CharClass(a), Op::CharClass(b)) => a == b,
            (Op::EndText, Op::EndText) => {
                self.flags.contains(Flags::WAS_DOLLAR) == other.flags.contains(Flags::WAS_DOLLAR)
            }
            (Op::Star(a), Op::Star(b))
            | (Op::Plus(a), Op::Plus(b))
            | (Op::Quest(a), Op::Quest(b)) => greedy(self) == greedy(other) && a.go_equal(b),
            (
                Op::Repeat { min, max, sub },
                Op::Repeat {
                    min: min2,
                    max: max2,
                    sub: sub2,
                },
            ) => greedy(self) == greedy(other) && min == min2 && max == max2 && sub.go_equal(sub2),
            (
                Op::Capture { index, name, sub },
                Op::Capture {
                    index: i2,
                    name: n2,
                    sub: s2,
                },
            ) => index == i2 && name == n2 && sub.go_equal(s2),
            (Op::Concat(a), Op::Concat(b)) | (Op::Alternate(a), Op::Alternate(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.go_equal(y))
            }
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b) && a.subs_empty(),
        }
    }

    /// Go's op number order among the classes that merge (regexp.go `Op`):
    /// Literal < CharClass < AnyCharNotNL < AnyChar.
    pub(super) fn op_rank(&self) -> u8 {
        match self.op {
            Op::NoMatch => 1,
            Op::EmptyMatch => 2,
            Op::Literal(_) => 3,
            Op::CharClass(_) => 4,
            Op::AnyCharNotNL => 5,
            Op::AnyChar => 6,
            _ => 7,
        }
    }
}

impl Op {
    fn subs_empty(&self) -> bool {
        !matches!(
            self,
            Op::Capture { .. }
                | Op::Star(_)
                | Op::Plus(_)
                | Op::Quest(_)
                | Op::Repeat { .. }
                | Op::Concat(_)
                | Op::Alternate(_)
                | Op::Literal(_)
                | Op::CharClass(_)
        )
    }
}
