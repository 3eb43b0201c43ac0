//! Go's `regexp/syntax` parser (regexp/syntax/parse.go), behaviour for
//! behaviour: the same operator stack, the same tree rewrites (literal
//! strings, case-folded literals, factoring of alternations) and the same
//! limits, so that the same patterns fail with the same error. Comments name
//! the function of regexp/syntax/parse.go (golang/go 08459da, the Go 1.25+
//! parser with `(?<name>` and Unicode category aliases) each rule comes from.

use super::class::{self, CharClass, UnicodeSet, UnicodeTable, MAX_RUNE};
use super::tree::{Flags, Op, Regexp};
use super::unicode::{self, Table};
use super::{Error, ErrorKind};

/// parse.go `maxHeight`.
const MAX_HEIGHT: usize = 1000;
/// parse.go `maxSize`: 128 MB of 40-byte instructions.
const MAX_SIZE: i64 = (128 << 20) / 40;
/// parse.go `maxRunes`.
const MAX_RUNES: usize = (128 << 20) / 4;
/// parse.go `maxRepeat`.
const MAX_REPEAT: i32 = 1000;

/// An entry of the parse stack: a finished expression or one of Go's
/// pseudo-operators (parse.go `opLeftParen`, `opVerticalBar`).
enum Item {
    Re(Regexp),
    /// `(`: the capture index (0 for a group that does not capture), its
    /// name, the flags to restore at `)`, and where the opening text is.
    LeftParen {
        cap: usize,
        name: Option<String>,
        flags: Flags,
        open: std::ops::Range<usize>,
    },
    VerticalBar,
}

impl Item {
    fn re(&self) -> Option<&Regexp> {
        match self {
            Item::Re(re) => Some(re),
            _ => None,
        }
    }
}

/// The size and height budget (parse.go `checkLimits` ..
/// `calcHeight`). Go counts allocated nodes, reusing freed ones first; the
/// count decides when the costlier checks start, so it is kept the same way.
#[derive(Default)]
struct Limits {
    num_regexp: usize,
    free: usize,
    num_runes: usize,
    repeats: i64,
    tracking_size: bool,
    tracking_height: bool,
}

impl Limits {
    fn alloc(&mut self) {
        if self.free > 0 {
            self.free -= 1;
        } else {
            self.num_regexp += 1;
        }
    }

    fn reuse(&mut self) {
        self.free += 1;
    }

    /// parse.go `checkLimits`.
    fn check(&mut self, stack: &[Item], item: &Item) -> Result<(), ErrorKind> {
        if self.num_runes > MAX_RUNES {
            return Err(ErrorKind::Large);
        }
        self.check_size(stack, item)?;
        self.check_height(stack, item)
    }

    /// parse.go `checkSize`: sizes are computed only once the node count
    /// times the product of repeat counts could exceed the budget. Go caches
    /// each node's size by address; this recomputes it (see `calc_size`).
    fn check_size(&mut self, stack: &[Item], item: &Item) -> Result<(), ErrorKind> {
        if !self.tracking_size {
            if self.repeats == 0 {
                self.repeats = 1;
            }
            if let Some(Regexp {
                op: Op::Repeat { min, max, .. },
                ..
            }) = item.re()
            {
                let mut n = i64::from(if *max == -1 { *min } else { *max });
                if n <= 0 {
                    n = 1;
                }
                if n > MAX_SIZE / self.repeats {
                    self.repeats = MAX_SIZE;
                } else {
                    self.repeats *= n;
                }
            }
            if (self.num_regexp as i64) < MAX_SIZE / self.repeats {
                return Ok(());
            }
            self.tracking_size = true;
            for entry in stack {
                self.check_size(stack, entry)?;
            }
        }
        if item.re().map_or(1, calc_size) > MAX_SIZE {
            return Err(ErrorKind::Large);
        }
        Ok(())
    }

    /// parse.go `checkHeight`.
    fn check_height(&mut self, stack: &[Item], item: &Item) -> Result<(), ErrorKind> {
        if self.num_regexp < MAX_HEIGHT {
            return Ok(());
        }
        if !self.tracking_height {
            self.tracking_height = true;
            for entry in stack {
                self.check_height(stack, entry)?;
            }
        }
        if item.re().map_or(1, calc_height) > MAX_HEIGHT {
            return Err(ErrorKind::NestingDepth);
        }
        Ok(())
    }
}

/// parse.go `calcSize`: the compiled program's size, pessimistically.
fn calc_size(re: &Regexp) -> i64 {
    let size = match &re.op {
        Op::Literal(runes) => runes.len() as i64,
        Op::Capture { sub, .. } | Op::Star(sub) => 2 + calc_size(sub),
        Op::Plus(sub) | Op::Quest(sub) => 1 + calc_size(sub),
        Op::Concat(subs) => subs.iter().map(calc_size).sum(),
        Op::Alternate(subs) => {
            subs.iter().map(calc_size).sum::<i64>() + (subs.len() as i64 - 1).max(0)
        }
        Op::Repeat { min, max, sub } => {
            let sub = calc_size(sub);
            match (*min, *max) {
                (0, -1) => 2 + sub,
                (min, -1) => 1 + i64::from(min) * sub,
                (min, max) => i64::from(max) * sub + i64::from(max - min),
            }
        }
        _ => 0,
    };
    size.max(1)
}

/// parse.go `calcHeight`.
fn calc_height(re: &Regexp) -> usize {
    1 + re.subs().iter().map(calc_height).max().unwrap_or(0)
}

/// parse.go `repeatIsValid`: no repetition, with the ones inside it,
/// makes more than `n` copies of its innermost expression.
fn repeat_is_valid(re: &Regexp, mut n: i32) -> bool {
    if let Op::Repeat { min, max, .. } = re.op {
        let mut m = max;
        if m == 0 {
            return true;
        }
        if m < 0 {
            m = min;
        }
        if m > n {
            return false;
        }
        if m > 0 {
            n /= m;
        }
    }
    re.subs().iter().all(|sub| repeat_is_valid(sub, n))
}

/// parse.go `isCharClass`: what can merge into one character class.
fn is_char_class(re: &Regexp) -> bool {
    match &re.op {
        Op::Literal(runes) => runes.len() == 1,
        Op::CharClass(_) | Op::AnyCharNotNL | Op::AnyChar => true,
        _ => false,
    }
}

/// parse.go `matchRune`.
fn match_rune(re: &Regexp, r: u32) -> bool {
    match &re.op {
        Op::Literal(runes) => runes.len() == 1 && runes[0] == r,
        Op::CharClass(class) if r == u32::from(b'\n') => class.contains_newline(),
        Op::CharClass(class) => class::in_class(r, &class.runes),
        Op::AnyCharNotNL => r != u32::from(b'\n'),
        Op::AnyChar => true,
        _ => false,
    }
}

/// parse.go `mergeCharClass`: `dst |= src`, where `dst` ranks at least as
/// high as `src` (`Regexp::op_rank`).
fn merge_char_class(dst: &mut Regexp, src: Regexp) {
    let fold = |flags: Flags| flags.contains(Flags::FOLD_CASE);
    match &mut dst.op {
        Op::AnyChar => {}
        Op::AnyCharNotNL if match_rune(&src, u32::from(b'\n')) => dst.op = Op::AnyChar,
        Op::AnyCharNotNL => {}
        Op::CharClass(class) => match src.op {
            Op::Literal(runes) => {
                class::append_literal(&mut class.runes, runes[0], fold(src.flags))
            }
            Op::CharClass(other) => {
                class::append_class(&mut class.runes, &other.runes);
                class.sets.extend(other.sets);
            }
            _ => {}
        },
        Op::Literal(runes) => {
            let Op::Literal(src_runes) = &src.op else {
                return;
            };
            if src_runes[0] == runes[0] && src.flags == dst.flags {
                return;
            }
            let mut merged = Vec::new();
            class::append_literal(&mut merged, runes[0], fold(dst.flags));
            class::append_literal(&mut merged, src_runes[0], fold(src.flags));
            dst.op = Op::CharClass(CharClass::exact(merged));
        }
        _ => {}
    }
}

/// parse.go `cleanAlt`: a class about to sit in an alternation is cleaned,
/// and becomes `.` (with or without newline) when it is all of it.
fn clean_alt(re: &mut Regexp) {
    if let Op::CharClass(class) = &mut re.op {
        class::clean_class(&mut class.runes);
        if class.runes == [0, MAX_RUNE] {
            re.op = Op::AnyChar;
        } else if class.is_exact() && class.runes == [0, 9, 11, MAX_RUNE] {
            re.op = Op::AnyCharNotNL;
        }
    }
}

/// How a repetition operator repeats.
#[derive(Clone, Copy)]
enum Repetition {
    Star,
    Plus,
    Quest,
    Counted(i32, i32),
}

pub(super) struct Parser<'a> {
    whole: &'a str,
    flags: Flags,
    stack: Vec<Item>,
    num_cap: usize,
    limits: Limits,
}

type Parsed<T> = Result<T, Error>;

/// parse.go `parse`.
pub(super) fn parse(s: &str, flags: Flags) -> Parsed<Regexp> {
    let mut p = Parser {
        whole: s,
        flags,
        stack: Vec::new(),
        num_cap: 0,
        limits: Limits::default(),
    };
    p.run()
}

impl<'a> Parser<'a> {
    fn error(&self, kind: ErrorKind, span: std::ops::Range<usize>) -> Error {
        Error {
            kind,
            expr: self.whole[span.clone()].to_owned(),
            span,
        }
    }

    /// Go reports the limits by panicking and quotes the whole pattern
    /// (parse.go `parse`, its deferred recover).
    fn limit(&self, kind: ErrorKind) -> Error {
        self.error(kind, 0..self.whole.len())
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.whole.as_bytes().get(i).copied()
    }

    /// The rune at `i` and the offset after it (parse.go `nextRune`; the
    /// input is a `&str`, so Go's invalid-UTF-8 errors cannot arise).
    fn rune_at(&self, i: usize) -> Option<(u32, usize)> {
        let c = self.whole[i..].chars().next()?;
        Some((u32::from(c), i + c.len_utf8()))
    }

    fn check_top(&mut self) -> Parsed<()> {
        let (top, below) = self.stack.split_last().expect("just pushed");
        self.limits
            .check(below, top)
            .map_err(|kind| self.limit(kind))
    }

    fn check_item(&mut self, re: &Regexp) -> Parsed<()> {
        // Go checks nodes rewritten while factoring (parse.go `factor`),
        // which are on no stack: wrap without cloning the stack.
        let item = Item::Re(re.clone());
        self.limits
            .check(&self.stack, &item)
            .map_err(|kind| self.limit(kind))
    }

    /// parse.go `push`, with its rewrites of one-rune classes into
    /// literals.
    fn push(&mut self, mut item: Item) -> Parsed<()> {
        if let Item::Re(re) = &mut item {
            match &re.op {
                Op::Literal(runes) => self.limits.num_runes += runes.len(),
                Op::CharClass(class) => self.limits.num_runes += class.rune_len(),
                _ => {}
            }
            if let Some((rune, fold)) = single_rune(re) {
                let flags = if fold {
                    self.flags.with(Flags::FOLD_CASE)
                } else {
                    self.flags.without(Flags::FOLD_CASE)
                };
                if self.maybe_concat(Some((rune, flags))) {
                    return Ok(());
                }
                *re = Regexp::new(Op::Literal(vec![rune]), flags);
            } else {
                self.maybe_concat(None);
            }
        } else {
            self.maybe_concat(None);
        }
        self.stack.push(item);
        self.check_top()
    }

    /// parse.go `maybeConcat`: two literals of the same case mode on the
    /// top of the stack become one string; `rune` reuses the freed node.
    fn maybe_concat(&mut self, rune: Option<(u32, Flags)>) -> bool {
        let n = self.stack.len();
        if n < 2 {
            return false;
        }
        let fold = |re: &Regexp| re.flags.contains(Flags::FOLD_CASE);
        let (Some(re2), Some(re1)) = (self.stack[n - 2].re(), self.stack[n - 1].re()) else {
            return false;
        };
        let (Op::Literal(_), Op::Literal(_)) = (&re2.op, &re1.op) else {
            return false;
        };
        if fold(re1) != fold(re2) {
            return false;
        }
        let Some(Item::Re(Regexp {
            op: Op::Literal(runes1),
            ..
        })) = self.stack.pop()
        else {
            unreachable!("checked above")
        };
        if let Some(Item::Re(Regexp {
            op: Op::Literal(runes2),
            ..
        })) = self.stack.last_mut()
        {
            runes2.extend(runes1);
        }
        match rune {
            Some((r, flags)) => {
                self.stack
                    .push(Item::Re(Regexp::new(Op::Literal(vec![r]), flags)));
                true
            }
            None => {
                self.limits.reuse();
                false
            }
        }
    }

    /// parse.go `literal`.
    fn literal(&mut self, mut r: u32) -> Parsed<()> {
        self.limits.alloc();
        if self.flags.contains(Flags::FOLD_CASE) {
            r = class::fold_orbit(r)[0];
        }
        self.push(Item::Re(Regexp::new(Op::Literal(vec![r]), self.flags)))
    }

    /// parse.go `op`.
    fn op(&mut self, op: Op) -> Parsed<()> {
        self.op_flags(op, self.flags)
    }

    fn op_flags(&mut self, op: Op, flags: Flags) -> Parsed<()> {
        self.limits.alloc();
        self.push(Item::Re(Regexp::new(op, flags)))
    }

    fn left_paren(
        &mut self,
        cap: usize,
        name: Option<String>,
        open: std::ops::Range<usize>,
    ) -> Parsed<()> {
        self.limits.alloc();
        self.push(Item::LeftParen {
            cap,
            name,
            flags: self.flags,
            open,
        })
    }

    /// parse.go `repeat`: wraps the top of the stack. `before` is where
    /// the operator starts, `after` where it ends, `last_repeat` where the
    /// previous token started if it was a repetition too. Returns the new
    /// `after` (a `?` making it non-greedy is part of the operator).
    fn repeat(
        &mut self,
        kind: Repetition,
        before: usize,
        mut after: usize,
        last_repeat: Option<usize>,
    ) -> Parsed<usize> {
        let mut flags = self.flags;
        if self.flags.contains(Flags::PERL_X) {
            if self.byte(after) == Some(b'?') {
                after += 1;
                flags = flags.toggled(Flags::NON_GREEDY);
            }
            if let Some(last) = last_repeat {
                // parse.go `repeat`: Perl does not stack repetitions (a**).
                return Err(self.error(ErrorKind::InvalidRepeatOp, last..after));
            }
        }
        let Some(Item::Re(_)) = self.stack.last() else {
            return Err(self.error(ErrorKind::MissingRepeatArgument, before..after));
        };
        let Some(Item::Re(sub)) = self.stack.pop() else {
            unreachable!("checked above")
        };
        let sub = Box::new(sub);
        let op = match kind {
            Repetition::Star => Op::Star(sub),
            Repetition::Plus => Op::Plus(sub),
            Repetition::Quest => Op::Quest(sub),
            Repetition::Counted(min, max) => Op::Repeat { min, max, sub },
        };
        self.limits.alloc();
        self.stack.push(Item::Re(Regexp::new(op, flags)));
        self.check_top()?;
        if let Repetition::Counted(min, max) = kind {
            let valid = match self.stack.last() {
                Some(Item::Re(re)) => repeat_is_valid(re, MAX_REPEAT),
                _ => true,
            };
            if (min >= 2 || max >= 2) && !valid {
                return Err(self.error(ErrorKind::InvalidRepeatSize, before..after));
            }
        }
        Ok(after)
    }

    /// The index above the topmost pseudo-operator.
    fn above_pseudo(&self) -> usize {
        self.stack
            .iter()
            .rposition(|item| !matches!(item, Item::Re(_)))
            .map_or(0, |i| i + 1)
    }

    fn take_above_pseudo(&mut self) -> Vec<Regexp> {
        let i = self.above_pseudo();
        self.stack
            .drain(i..)
            .map(|item| match item {
                Item::Re(re) => re,
                _ => unreachable!("above the topmost pseudo-operator"),
            })
            .collect()
    }

    /// parse.go `concat`.
    fn concat(&mut self) -> Parsed<()> {
        self.maybe_concat(None);
        let subs = self.take_above_pseudo();
        if subs.is_empty() {
            self.limits.alloc();
            return self.push(Item::Re(Regexp::new(Op::EmptyMatch, Flags(0))));
        }
        let re = self.collapse(subs, false)?;
        self.push(Item::Re(re))
    }

    /// parse.go `alternate`.
    fn alternate(&mut self) -> Parsed<()> {
        let mut subs = self.take_above_pseudo();
        if let Some(last) = subs.last_mut() {
            clean_alt(last);
        }
        if subs.is_empty() {
            self.limits.alloc();
            return self.push(Item::Re(Regexp::new(Op::NoMatch, Flags(0))));
        }
        let re = self.collapse(subs, true)?;
        self.push(Item::Re(re))
    }

    /// parse.go `collapse`: a concatenation or alternation of `subs`,
    /// flattening nested ones of the same kind; alternations are factored.
    fn collapse(&mut self, subs: Vec<Regexp>, alternate: bool) -> Parsed<Regexp> {
        if subs.len() == 1 {
            return Ok(subs.into_iter().next().expect("one"));
        }
        self.limits.alloc();
        let mut flat = Vec::with_capacity(subs.len());
        for sub in subs {
            match sub.op {
                Op::Alternate(inner) if alternate => {
                    flat.extend(inner);
                    self.limits.reuse();
                }
                Op::Concat(inner) if !alternate => {
                    flat.extend(inner);
                    self.limits.reuse();
                }
                op => flat.push(Regexp::new(op, sub.flags)),
            }
        }
        if !alternate {
            return Ok(Regexp::new(Op::Concat(flat), Flags(0)));
        }
        let mut flat = self.factor(flat)?;
        if flat.len() == 1 {
            self.limits.reuse();
            return Ok(flat.pop().expect("one"));
        }
        Ok(Regexp::new(Op::Alternate(flat), Flags(0)))
    }

    /// parse.go `factor`: common literal prefixes, then common leading
    /// character classes, are pulled out of an alternation; runs of
    /// single characters become one class; runs of empty matches one.
    fn factor(&mut self, subs: Vec<Regexp>) -> Parsed<Vec<Regexp>> {
        if subs.len() < 2 {
            return Ok(subs);
        }
        let subs = self.factor_strings(subs)?;
        let subs = self.factor_leading(subs)?;
        let subs = self.merge_classes(subs);
        // Round 4 (parse.go `factor`).
        let mut out: Vec<Regexp> = Vec::with_capacity(subs.len());
        let mut iter = subs.into_iter().peekable();
        while let Some(sub) = iter.next() {
            let empty = |re: &Regexp| matches!(re.op, Op::EmptyMatch);
            if empty(&sub) && iter.peek().is_some_and(empty) {
                continue;
            }
            out.push(sub);
        }
        Ok(out)
    }

    /// Round 1 (parse.go `factor`).
    fn factor_strings(&mut self, subs: Vec<Regexp>) -> Parsed<Vec<Regexp>> {
        let mut out = Vec::with_capacity(subs.len());
        let mut run: Vec<Regexp> = Vec::new();
        let mut prefix: Vec<u32> = Vec::new();
        let mut prefix_fold = false;
        for sub in subs {
            let (lead, fold) = leading_string(&sub);
            if fold == prefix_fold {
                let same = prefix.iter().zip(&lead).take_while(|(a, b)| a == b).count();
                if same > 0 {
                    prefix.truncate(same);
                    run.push(sub);
                    continue;
                }
            }
            self.flush_string_run(&mut out, std::mem::take(&mut run), &prefix, prefix_fold)?;
            run.push(sub);
            prefix = lead;
            prefix_fold = fold;
        }
        self.flush_string_run(&mut out, run, &prefix, prefix_fold)?;
        Ok(out)
    }

    fn flush_string_run(
        &mut self,
        out: &mut Vec<Regexp>,
        run: Vec<Regexp>,
        prefix: &[u32],
        fold: bool,
    ) -> Parsed<()> {
        if run.len() < 2 {
            out.extend(run);
            return Ok(());
        }
        self.limits.alloc();
        let flags = if fold { Flags::FOLD_CASE } else { Flags(0) };
        let prefix_re = Regexp::new(Op::Literal(prefix.to_vec()), flags);
        let mut rest = Vec::with_capacity(run.len());
        for sub in run {
            let sub = self.remove_leading_string(sub, prefix.len());
            self.check_item(&sub)?;
            rest.push(sub);
        }
        let suffix = self.collapse(rest, true)?;
        self.limits.alloc();
        out.push(Regexp::new(Op::Concat(vec![prefix_re, suffix]), Flags(0)));
        Ok(())
    }

    /// Round 2 (parse.go `factor`): only a character class, or a fixed
    /// repetition of one, is factored.
    fn factor_leading(&mut self, subs: Vec<Regexp>) -> Parsed<Vec<Regexp>> {
        let mut out = Vec::with_capacity(subs.len());
        let mut run: Vec<Regexp> = Vec::new();
        let mut first: Option<Regexp> = None;
        for sub in subs {
            let lead = leading_regexp(&sub).cloned();
            if let (Some(f), Some(l)) = (&first, &lead) {
                let factorable = is_char_class(f)
                    || matches!(&f.op, Op::Repeat { min, max, sub } if min == max && is_char_class(sub));
                if factorable && f.go_equal(l) {
                    run.push(sub);
                    continue;
                }
            }
            self.flush_leading_run(&mut out, std::mem::take(&mut run), first.take())?;
            run.push(sub);
            first = lead;
        }
        self.flush_leading_run(&mut out, run, first)?;
        Ok(out)
    }

    fn flush_leading_run(
        &mut self,
        out: &mut Vec<Regexp>,
        run: Vec<Regexp>,
        first: Option<Regexp>,
    ) -> Parsed<()> {
        let (true, Some(prefix)) = (run.len() >= 2, first) else {
            out.extend(run);
            return Ok(());
        };
        let mut rest = Vec::with_capacity(run.len());
        for (j, sub) in run.into_iter().enumerate() {
            let sub = self.remove_leading_regexp(sub, j != 0);
            self.check_item(&sub)?;
            rest.push(sub);
        }
        let suffix = self.collapse(rest, true)?;
        self.limits.alloc();
        out.push(Regexp::new(Op::Concat(vec![prefix, suffix]), Flags(0)));
        Ok(())
    }

    /// Round 3 (parse.go `factor`).
    fn merge_classes(&mut self, subs: Vec<Regexp>) -> Vec<Regexp> {
        let mut out = Vec::with_capacity(subs.len());
        let mut run: Vec<Regexp> = Vec::new();
        for sub in subs {
            if is_char_class(&sub) {
                run.push(sub);
                continue;
            }
            self.flush_class_run(&mut out, std::mem::take(&mut run));
            out.push(sub);
        }
        self.flush_class_run(&mut out, run);
        out
    }

    fn flush_class_run(&mut self, out: &mut Vec<Regexp>, mut run: Vec<Regexp>) {
        if run.len() < 2 {
            out.extend(run);
            return;
        }
        let weight = |re: &Regexp| {
            let len = match &re.op {
                Op::Literal(runes) => runes.len(),
                Op::CharClass(class) => class.rune_len(),
                _ => 0,
            };
            (re.op_rank(), len)
        };
        let mut max = 0;
        for j in 1..run.len() {
            if weight(&run[max]) < weight(&run[j]) {
                max = j;
            }
        }
        run.swap(0, max);
        let mut iter = run.into_iter();
        let mut dst = iter.next().expect("two or more");
        for src in iter {
            merge_char_class(&mut dst, src);
            self.limits.reuse();
        }
        clean_alt(&mut dst);
        out.push(dst);
    }

    /// parse.go `removeLeadingString`.
    fn remove_leading_string(&mut self, mut re: Regexp, n: usize) -> Regexp {
        if let Op::Concat(subs) = &mut re.op {
            if !subs.is_empty() {
                let first = subs.remove(0);
                let first = self.remove_leading_string(first, n);
                if matches!(first.op, Op::EmptyMatch) {
                    self.limits.reuse();
                    match subs.len() {
                        0 => re.op = Op::EmptyMatch,
                        1 => {
                            self.limits.reuse();
                            return subs.pop().expect("one");
                        }
                        _ => {}
                    }
                } else {
                    subs.insert(0, first);
                }
                return re;
            }
        }
        if let Op::Literal(runes) = &mut re.op {
            runes.drain(..n.min(runes.len()));
            if runes.is_empty() {
                re.op = Op::EmptyMatch;
            }
        }
        re
    }

    /// parse.go `removeLeadingRegexp`.
    fn remove_leading_regexp(&mut self, mut re: Regexp, reuse: bool) -> Regexp {
        if let Op::Concat(subs) = &mut re.op {
            if !subs.is_empty() {
                if reuse {
                    self.limits.reuse();
                }
                subs.remove(0);
                match subs.len() {
                    0 => re.op = Op::EmptyMatch,
                    1 => {
                        self.limits.reuse();
                        return subs.pop().expect("one");
                    }
                    _ => {}
                }
                return re;
            }
        }
        if reuse {
            self.limits.reuse();
        }
        self.limits.alloc();
        Regexp::new(Op::EmptyMatch, Flags(0))
    }

    /// parse.go `parse`: the main loop.
    fn run(&mut self) -> Parsed<Regexp> {
        let s = self.whole;
        let mut t = 0;
        let mut last_repeat: Option<usize> = None;
        while t < s.len() {
            let mut repeat = None;
            match s.as_bytes()[t] {
                b'(' => {
                    if self.flags.contains(Flags::PERL_X) && self.byte(t + 1) == Some(b'?') {
                        t = self.parse_perl_flags(t)?;
                    } else {
                        self.num_cap += 1;
                        self.left_paren(self.num_cap, None, t..t + 1)?;
                        t += 1;
                    }
                }
                b'|' => {
                    self.parse_vertical_bar()?;
                    t += 1;
                }
                b')' => {
                    self.parse_right_paren(t)?;
                    t += 1;
                }
                b'^' => {
                    if self.flags.contains(Flags::ONE_LINE) {
                        self.op(Op::BeginText)?;
                    } else {
                        self.op(Op::BeginLine)?;
                    }
                    t += 1;
                }
                b'$' => {
                    if self.flags.contains(Flags::ONE_LINE) {
                        self.op_flags(Op::EndText, self.flags.with(Flags::WAS_DOLLAR))?;
                    } else {
                        self.op(Op::EndLine)?;
                    }
                    t += 1;
                }
                b'.' => {
                    if self.flags.contains(Flags::DOT_NL) {
                        self.op(Op::AnyChar)?;
                    } else {
                        self.op(Op::AnyCharNotNL)?;
                    }
                    t += 1;
                }
                b'[' => t = self.parse_class(t)?,
                c @ (b'*' | b'+' | b'?') => {
                    let kind = match c {
                        b'*' => Repetition::Star,
                        b'+' => Repetition::Plus,
                        _ => Repetition::Quest,
                    };
                    let after = self.repeat(kind, t, t + 1, last_repeat)?;
                    repeat = Some(t);
                    t = after;
                }
                b'{' => match self.parse_repeat(t) {
                    None => {
                        // parse.go `parse`, case '{': not a repetition, a literal brace.
                        self.literal(u32::from(b'{'))?;
                        t += 1;
                    }
                    Some((min, max, after)) => {
                        if !(0..=MAX_REPEAT).contains(&min)
                            || max > MAX_REPEAT
                            || (max >= 0 && min > max)
                        {
                            return Err(self.error(ErrorKind::InvalidRepeatSize, t..after));
                        }
                        let after =
                            self.repeat(Repetition::Counted(min, max), t, after, last_repeat)?;
                        repeat = Some(t);
                        t = after;
                    }
                },
                b'\\' => t = self.parse_backslash(t)?,
                _ => {
                    let (c, next) = self.rune_at(t).expect("t < len");
                    self.literal(c)?;
                    t = next;
                }
            }
            last_repeat = repeat;
        }
        self.concat()?;
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate()?;
        if self.stack.len() != 1 {
            // parse.go `parse` quotes the whole pattern here; the span is the
            // innermost group left open.
            let open = self.stack.iter().rev().find_map(|item| match item {
                Item::LeftParen { open, .. } => Some(open.clone()),
                _ => None,
            });
            let mut error = self.limit(ErrorKind::MissingParen);
            if let Some(open) = open {
                error.span = open;
            }
            return Err(error);
        }
        match self.stack.pop() {
            Some(Item::Re(re)) => Ok(re),
            _ => Err(self.limit(ErrorKind::MissingParen)),
        }
    }

    /// A backslash outside a class (parse.go `parse`, case '\\').
    fn parse_backslash(&mut self, t: usize) -> Parsed<usize> {
        if self.flags.contains(Flags::PERL_X) {
            match self.byte(t + 1) {
                Some(b'A') => {
                    self.op(Op::BeginText)?;
                    return Ok(t + 2);
                }
                Some(b'b') => {
                    self.op(Op::WordBoundary)?;
                    return Ok(t + 2);
                }
                Some(b'B') => {
                    self.op(Op::NoWordBoundary)?;
                    return Ok(t + 2);
                }
                // Any byte: not supported.
                Some(b'C') => return Err(self.error(ErrorKind::InvalidEscape, t..t + 2)),
                Some(b'Q') => {
                    // Everything up to \E (or the end) is literal.
                    let body = t + 2;
                    let (end, next) = match self.whole[body..].find("\\E") {
                        Some(i) => (body + i, body + i + 2),
                        None => (self.whole.len(), self.whole.len()),
                    };
                    let mut i = body;
                    while i < end {
                        let (c, after) = self.rune_at(i).expect("i < end");
                        self.literal(c)?;
                        i = after;
                    }
                    return Ok(next);
                }
                Some(b'z') => {
                    self.op(Op::EndText)?;
                    return Ok(t + 2);
                }
                _ => {}
            }
        }
        // Go allocates the class node before knowing it is one, and frees it
        // if not (parse.go `parse`).
        self.limits.alloc();
        if matches!(self.byte(t + 1), Some(b'p' | b'P')) {
            if let Some((part, rest)) = self.parse_unicode_class(t)? {
                let mut runes = Vec::new();
                let mut tables = Vec::new();
                part.append_to(&mut runes, &mut tables);
                let class = build_class(runes, tables, false, self.flags);
                self.push(Item::Re(Regexp::new(Op::CharClass(class), self.flags)))?;
                return Ok(rest);
            }
        }
        if let Some(group) = self.perl_class_escape(t) {
            let mut runes = Vec::new();
            self.append_group(&mut runes, group);
            let class = CharClass::exact(runes);
            self.push(Item::Re(Regexp::new(Op::CharClass(class), self.flags)))?;
            return Ok(t + 2);
        }
        self.limits.reuse();
        let (c, rest) = self.parse_escape(t)?;
        self.literal(c)?;
        Ok(rest)
    }

    /// parse.go `parseRepeat`: `{n}`, `{n,}`, `{n,m}`; `None` when it is
    /// not one (then `{` is a literal). A number too large is `-1`.
    fn parse_repeat(&self, t: usize) -> Option<(i32, i32, usize)> {
        let (mut min, mut i) = self.parse_int(t + 1)?;
        let max;
        match self.byte(i)? {
            b',' => {
                i += 1;
                if self.byte(i)? == b'}' {
                    max = -1;
                } else {
                    let (m, after) = self.parse_int(i)?;
                    i = after;
                    max = m;
                    if m < 0 {
                        min = -1;
                    }
                }
            }
            _ => max = min,
        }
        if self.byte(i)? != b'}' {
            return None;
        }
        Some((min, max, i + 1))
    }

    /// parse.go `parseInt`: decimal, no leading zeros; over 1e8 is `-1`.
    fn parse_int(&self, t: usize) -> Option<(i32, usize)> {
        let digits = self.whole.as_bytes()[t.min(self.whole.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        if digits >= 2 && self.byte(t) == Some(b'0') {
            return None;
        }
        let mut n: i32 = 0;
        for &b in &self.whole.as_bytes()[t..t + digits] {
            if n >= 100_000_000 {
                n = -1;
                break;
            }
            n = n * 10 + i32::from(b - b'0');
        }
        Some((n, t + digits))
    }

    /// parse.go `parsePerlFlags`: `(?P<name>`, `(?<name>`, `(?flags)`,
    /// `(?flags:`.
    fn parse_perl_flags(&mut self, t: usize) -> Parsed<usize> {
        let s = &self.whole[t..];
        let b = s.as_bytes();
        let starts_with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        // `(?<name>` is accepted since Go 1.22 (parse.go `parsePerlFlags`).
        let starts_with_name = b.len() > 3 && b[2] == b'<';
        if starts_with_p || starts_with_name {
            let name_start = if starts_with_p { 4 } else { 3 };
            let Some(end) = s.find('>') else {
                return Err(self.error(ErrorKind::InvalidNamedCapture, t..self.whole.len()));
            };
            let name = &s[name_start..end];
            if !is_valid_capture_name(name) {
                return Err(self.error(ErrorKind::InvalidNamedCapture, t..t + end + 1));
            }
            self.num_cap += 1;
            self.left_paren(self.num_cap, Some(name.to_owned()), t..t + end + 1)?;
            return Ok(t + end + 1);
        }

        let mut flags = self.flags;
        let mut negated = false;
        let mut saw_flag = false;
        let mut i = t + 2;
        while let Some((c, next)) = self.rune_at(i) {
            i = next;
            let set = |flags: Flags, f: Flags, on: bool| {
                if on {
                    flags.with(f)
                } else {
                    flags.without(f)
                }
            };
            match char::from_u32(c) {
                Some('i') => flags = set(flags, Flags::FOLD_CASE, !negated),
                Some('m') => flags = set(flags, Flags::ONE_LINE, negated),
                Some('s') => flags = set(flags, Flags::DOT_NL, !negated),
                Some('U') => flags = set(flags, Flags::NON_GREEDY, !negated),
                Some('-') => {
                    if negated {
                        break;
                    }
                    negated = true;
                    saw_flag = false;
                    continue;
                }
                Some(end @ (':' | ')')) => {
                    if negated && !saw_flag {
                        break;
                    }
                    if end == ':' {
                        self.left_paren(0, None, t..i)?;
                    }
                    self.flags = flags;
                    return Ok(i);
                }
                _ => break,
            }
            saw_flag = true;
        }
        Err(self.error(ErrorKind::InvalidPerlOp, t..i))
    }

    /// parse.go `parseVerticalBar`.
    fn parse_vertical_bar(&mut self) -> Parsed<()> {
        self.concat()?;
        if !self.swap_vertical_bar() {
            self.limits.alloc();
            self.push(Item::VerticalBar)?;
        }
        Ok(())
    }

    /// parse.go `swapVerticalBar`.
    fn swap_vertical_bar(&mut self) -> bool {
        let n = self.stack.len();
        let both_classes = n >= 3
            && matches!(self.stack[n - 2], Item::VerticalBar)
            && self.stack[n - 1].re().is_some_and(is_char_class)
            && self.stack[n - 3].re().is_some_and(is_char_class);
        if both_classes {
            {
                {
                    let Some(Item::Re(mut re1)) = self.stack.pop() else {
                        unreachable!("checked above")
                    };
                    let Item::Re(re3) = &mut self.stack[n - 3] else {
                        unreachable!("checked above")
                    };
                    if re1.op_rank() > re3.op_rank() {
                        std::mem::swap(&mut re1, re3);
                    }
                    merge_char_class(re3, re1);
                    self.limits.reuse();
                    return true;
                }
            }
        }
        if n >= 2 && matches!(self.stack[n - 2], Item::VerticalBar) {
            if n >= 3 {
                if let Item::Re(re) = &mut self.stack[n - 3] {
                    clean_alt(re);
                }
            }
            self.stack.swap(n - 2, n - 1);
            return true;
        }
        false
    }

    /// parse.go `parseRightParen`.
    fn parse_right_paren(&mut self, t: usize) -> Parsed<()> {
        self.concat()?;
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate()?;
        // Go quotes the whole pattern; the span is this `)`.
        let unexpected = |p: &Self| {
            let mut error = p.limit(ErrorKind::UnexpectedParen);
            error.span = t..t + 1;
            error
        };
        if self.stack.len() < 2 {
            return Err(unexpected(self));
        }
        let re1 = self.stack.pop();
        let re2 = self.stack.pop();
        let (
            Some(Item::Re(re1)),
            Some(Item::LeftParen {
                cap, name, flags, ..
            }),
        ) = (re1, re2)
        else {
            return Err(unexpected(self));
        };
        self.flags = flags;
        if cap == 0 {
            self.push(Item::Re(re1))
        } else {
            let op = Op::Capture {
                index: cap,
                name,
                sub: Box::new(re1),
            };
            self.push(Item::Re(Regexp::new(op, flags)))
        }
    }

    /// parse.go `parseEscape`: one escaped character.
    fn parse_escape(&self, t: usize) -> Parsed<(u32, usize)> {
        let Some((c, mut i)) = self.rune_at(t + 1) else {
            // Go quotes nothing (parse.go: `&Error{ErrTrailingBackslash, ""}`).
            return Err(Error {
                kind: ErrorKind::TrailingBackslash,
                expr: String::new(),
                span: t..t + 1,
            });
        };
        let invalid = |i: usize| self.error(ErrorKind::InvalidEscape, t..i);
        let octal = |i: usize| matches!(self.byte(i), Some(b'0'..=b'7'));
        match char::from_u32(c).unwrap_or('\u{FFFD}') {
            // A single non-zero digit is a back-reference: not supported.
            '1'..='7' if !octal(i) => Err(invalid(i)),
            '0'..='7' => {
                let mut r = c - u32::from(b'0');
                for _ in 1..3 {
                    if !octal(i) {
                        break;
                    }
                    r = r * 8 + u32::from(self.whole.as_bytes()[i] - b'0');
                    i += 1;
                }
                Ok((r, i))
            }
            'x' => {
                let Some((c, next)) = self.rune_at(i) else {
                    return Err(invalid(i));
                };
                i = next;
                if c == u32::from(b'{') {
                    let mut digits = 0;
                    let mut r: u32 = 0;
                    loop {
                        let Some((c, next)) = self.rune_at(i) else {
                            return Err(invalid(i));
                        };
                        i = next;
                        if c == u32::from(b'}') {
                            break;
                        }
                        let Some(v) = unhex(c) else {
                            return Err(invalid(i));
                        };
                        r = r * 16 + v;
                        if r > MAX_RUNE {
                            return Err(invalid(i));
                        }
                        digits += 1;
                    }
                    if digits == 0 {
                        return Err(invalid(i));
                    }
                    return Ok((r, i));
                }
                let x = unhex(c);
                let y = match self.rune_at(i) {
                    Some((c, next)) => {
                        i = next;
                        unhex(c)
                    }
                    None => None,
                };
                match (x, y) {
                    (Some(x), Some(y)) => Ok((x * 16 + y, i)),
                    _ => Err(invalid(i)),
                }
            }
            'a' => Ok((7, i)),
            'f' => Ok((12, i)),
            'n' => Ok((10, i)),
            'r' => Ok((13, i)),
            't' => Ok((9, i)),
            'v' => Ok((11, i)),
            // Punctuation escapes itself; \q and the like are errors.
            ch if ch.is_ascii() && !ch.is_ascii_alphanumeric() => Ok((c, i)),
            _ => Err(invalid(i)),
        }
    }

    /// parse.go `parseClassChar`.
    fn parse_class_char(&self, t: usize, class_start: usize) -> Parsed<(u32, usize)> {
        match self.byte(t) {
            None => Err(self.error(ErrorKind::MissingBracket, class_start..self.whole.len())),
            Some(b'\\') => self.parse_escape(t),
            Some(_) => Ok(self.rune_at(t).expect("t < len")),
        }
    }

    /// parse.go `parsePerlClassEscape`.
    fn perl_class_escape(&self, t: usize) -> Option<(bool, &'static [u32])> {
        if !self.flags.contains(Flags::PERL_X) {
            return None;
        }
        class::perl_group(self.whole.as_bytes().get(t..t + 2)?)
    }

    /// parse.go `parseNamedClass`: `[:alpha:]` inside a class.
    fn parse_named_class(&self, t: usize) -> Parsed<Option<(Group, usize)>> {
        let s = &self.whole[t..];
        if !s.starts_with("[:") {
            return Ok(None);
        }
        let Some(i) = s[2..].find(":]") else {
            return Ok(None);
        };
        let end = t + 2 + i + 2;
        match class::posix_group(&self.whole[t..end]) {
            Some(group) => Ok(Some((group, end))),
            None => Err(self.error(ErrorKind::InvalidCharRange, t..end)),
        }
    }

    /// parse.go `appendGroup`.
    fn append_group(&self, runes: &mut Vec<u32>, (positive, group): (bool, &[u32])) {
        let mut folded;
        let group = if self.flags.contains(Flags::FOLD_CASE) {
            folded = Vec::new();
            class::append_folded_class(&mut folded, group);
            class::clean_class(&mut folded);
            &folded[..]
        } else {
            group
        };
        if positive {
            class::append_class(runes, group);
        } else {
            class::append_negated_class(runes, group);
        }
    }

    /// parse.go `parseUnicodeClass`: `\pL`, `\p{Greek}`, `\P{^Greek}`.
    fn parse_unicode_class(&self, t: usize) -> Parsed<Option<(ClassPart, usize)>> {
        if !self.flags.contains(Flags::UNICODE_GROUPS)
            || self.byte(t) != Some(b'\\')
            || !matches!(self.byte(t + 1), Some(b'p' | b'P'))
        {
            return Ok(None);
        }
        let mut positive = self.byte(t + 1) == Some(b'p');
        let (seq, name, rest) = match self.rune_at(t + 2) {
            Some((c, _)) if c == u32::from(b'{') => {
                let Some(close) = self.whole[t..].find('}') else {
                    return Err(self.error(ErrorKind::InvalidCharRange, t..self.whole.len()));
                };
                let end = t + close;
                (t..end + 1, &self.whole[t + 3..end], end + 1)
            }
            Some((_, next)) => (t..next, &self.whole[t + 2..next], next),
            // Go decodes nothing as a rune of width 0: the name is empty.
            None => (t..t + 2, "", t + 2),
        };
        let name = match name.strip_prefix('^') {
            Some(rest) => {
                positive = !positive;
                rest
            }
            None => name,
        };
        let Some(table) = unicode::lookup(name) else {
            return Err(self.error(ErrorKind::InvalidCharRange, seq));
        };
        let fold = self.flags.contains(Flags::FOLD_CASE);
        let part = match table {
            Table::Exact {
                runes,
                fold: fold_runes,
                negated,
            } => {
                let positive = positive != negated;
                let mut set = runes.to_vec();
                if fold && !fold_runes.is_empty() {
                    class::append_class(&mut set, fold_runes);
                    class::clean_class(&mut set);
                }
                ClassPart::Exact(if positive {
                    set
                } else {
                    class::negate_class(&set)
                })
            }
            Table::Named { key, negated } => ClassPart::Table(UnicodeTable {
                name: key,
                negated: positive == negated,
            }),
        };
        Ok(Some((part, rest)))
    }

    /// parse.go `parseClass`: `[...]`.
    fn parse_class(&mut self, start: usize) -> Parsed<usize> {
        self.limits.alloc();
        let mut t = start + 1;
        let mut runes: Vec<u32> = Vec::new();
        let mut tables: Vec<UnicodeTable> = Vec::new();
        let mut negated = false;
        if self.byte(t) == Some(b'^') {
            negated = true;
            t += 1;
            // Without ClassNL, [^a] must not match \n: add it before negating.
            if !self.flags.contains(Flags::CLASS_NL) {
                runes.extend([10, 10]);
            }
        }
        let mut first = true; // ] and - are literal as the first character.
        while self.byte(t) != Some(b']') || first {
            // POSIX: - is only literal first or last in a class.
            if self.byte(t) == Some(b'-')
                && !self.flags.contains(Flags::PERL_X)
                && !first
                && self.byte(t + 1) != Some(b']')
            {
                let end = self.rune_at(t + 1).map_or(t + 1, |(_, next)| next);
                return Err(self.error(ErrorKind::InvalidCharRange, t..end));
            }
            first = false;
            if self.whole.len() - t > 2 {
                if let Some((group, next)) = self.parse_named_class(t)? {
                    self.append_group(&mut runes, group);
                    t = next;
                    continue;
                }
            }
            if let Some((part, next)) = self.parse_unicode_class(t)? {
                part.append_to(&mut runes, &mut tables);
                t = next;
                continue;
            }
            if let Some(group) = self.perl_class_escape(t) {
                self.append_group(&mut runes, group);
                t += 2;
                continue;
            }
            let range_start = t;
            let (lo, next) = self.parse_class_char(t, start)?;
            t = next;
            let mut hi = lo;
            // [a-] means a or -.
            if self.byte(t) == Some(b'-') && self.byte(t + 1).is_some_and(|b| b != b']') {
                let (h, next) = self.parse_class_char(t + 1, start)?;
                t = next;
                hi = h;
                if hi < lo {
                    return Err(self.error(ErrorKind::InvalidCharRange, range_start..t));
                }
            }
            if self.flags.contains(Flags::FOLD_CASE) {
                class::append_folded_range(&mut runes, lo, hi);
            } else {
                class::append_range(&mut runes, lo, hi);
            }
        }
        let class = build_class(runes, tables, negated, self.flags);
        self.push(Item::Re(Regexp::new(Op::CharClass(class), self.flags)))?;
        Ok(t + 1)
    }
}

/// A Perl or POSIX group: whether positive, and its ranges.
type Group = (bool, &'static [u32]);

/// A piece of a class from `\p`: exact ranges or a named table.
enum ClassPart {
    Exact(Vec<u32>),
    Table(UnicodeTable),
}

impl ClassPart {
    fn append_to(self, runes: &mut Vec<u32>, tables: &mut Vec<UnicodeTable>) {
        match self {
            ClassPart::Exact(set) => class::append_class(runes, &set),
            ClassPart::Table(table) => tables.push(table),
        }
    }
}

/// The class `[...]` or `[^...]` of exact `runes` and named `tables`.
fn build_class(
    mut runes: Vec<u32>,
    tables: Vec<UnicodeTable>,
    negated: bool,
    flags: Flags,
) -> CharClass {
    class::clean_class(&mut runes);
    if tables.is_empty() {
        return CharClass::exact(if negated {
            class::negate_class(&runes)
        } else {
            runes
        });
    }
    let fold = flags.contains(Flags::FOLD_CASE);
    if negated {
        CharClass {
            runes: Vec::new(),
            sets: vec![UnicodeSet {
                negated: true,
                fold,
                ranges: class::pairs(&runes),
                tables,
            }],
        }
    } else {
        CharClass {
            runes,
            sets: vec![UnicodeSet {
                negated: false,
                fold,
                ranges: Vec::new(),
                tables,
            }],
        }
    }
}

/// parse.go `push`: a class of one rune (`[a]`), or of one rune in both
/// cases (`[Aa]`), is a literal; the flag says whether case-folded.
fn single_rune(re: &Regexp) -> Option<(u32, bool)> {
    let Op::CharClass(class) = &re.op else {
        return None;
    };
    if !class.is_exact() {
        return None;
    }
    let r = &class.runes;
    if r.len() == 2 && r[0] == r[1] {
        return Some((r[0], false));
    }
    let folds_pair = |a: u32, b: u32| class::fold_orbit(a) == [a.min(b), a.max(b)];
    if (r.len() == 4 && r[0] == r[1] && r[2] == r[3] && folds_pair(r[0], r[2]))
        || (r.len() == 2 && r[0] + 1 == r[1] && folds_pair(r[0], r[1]))
    {
        return Some((r[0], true));
    }
    None
}

/// parse.go `leadingString`: the literal a branch starts with, and whether
/// it is case-folded.
fn leading_string(re: &Regexp) -> (Vec<u32>, bool) {
    let re = match &re.op {
        Op::Concat(subs) if !subs.is_empty() => &subs[0],
        _ => re,
    };
    match &re.op {
        Op::Literal(runes) => (runes.clone(), re.flags.contains(Flags::FOLD_CASE)),
        _ => (Vec::new(), false),
    }
}

/// parse.go `leadingRegexp`.
fn leading_regexp(re: &Regexp) -> Option<&Regexp> {
    match &re.op {
        Op::EmptyMatch => None,
        Op::Concat(subs) if !subs.is_empty() => {
            (!matches!(subs[0].op, Op::EmptyMatch)).then_some(&subs[0])
        }
        _ => Some(re),
    }
}

/// parse.go `isValidCaptureName`: `[A-Za-z0-9_]+`.
fn is_valid_capture_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric())
}

fn unhex(c: u32) -> Option<u32> {
    char::from_u32(c)?.to_digit(16)
}
