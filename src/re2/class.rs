//! Character classes: Go's rune-range arithmetic (regexp/syntax/parse.go
//! `appendRange` .. `negateClass`, lines ~1900-2120 of the stored version),
//! the Perl and POSIX groups (regexp/syntax/perl_groups.go), and case
//! folding.
//!
//! A range list is Go's layout: a flat `Vec<u32>` of `lo, hi` pairs.
//! Unicode tables (`\pL`, `\p{Greek}`) are kept by name, not expanded: the
//! crate carries no Unicode database, so a class holding one is a union of
//! exact ranges and [`UnicodeSet`]s.

/// The highest rune (Go's `unicode.MaxRune`).
pub const MAX_RUNE: u32 = 0x10FFFF;

/// A character class: `ranges() ∪ sets`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CharClass {
    pub(super) runes: Vec<u32>,
    /// Parts that name Unicode tables.
    pub sets: Vec<UnicodeSet>,
}

/// `negated ? ¬(ranges ∪ tables) : (ranges ∪ tables)`, where each table may
/// itself be negated (`\P{Greek}`) and, under `fold`, includes the runes its
/// members fold to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnicodeSet {
    pub negated: bool,
    pub fold: bool,
    pub ranges: Vec<(u32, u32)>,
    pub tables: Vec<UnicodeTable>,
}

/// A named table of Go's `unicode` package: a category or a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnicodeTable {
    /// The key of Go's `unicode.Categories` or `unicode.Scripts` ("L", "Greek").
    pub name: &'static str,
    pub negated: bool,
}

impl CharClass {
    pub(super) fn exact(runes: Vec<u32>) -> CharClass {
        CharClass {
            runes,
            sets: Vec::new(),
        }
    }

    /// The exact ranges (inclusive), without the `sets`.
    pub fn ranges(&self) -> Vec<(u32, u32)> {
        pairs(&self.runes)
    }

    /// Whether the class is fully described by [`CharClass::ranges`].
    pub fn is_exact(&self) -> bool {
        self.sets.is_empty()
    }

    /// Go's `len(re.Rune)` for the parser's rune budget (parse.go `push`).
    /// A Unicode table counts as an estimate (see `table_rune_estimate`).
    pub(super) fn rune_len(&self) -> usize {
        self.runes.len()
            + self
                .sets
                .iter()
                .map(|set| {
                    set.ranges.len() * 2
                        + set
                            .tables
                            .iter()
                            .map(|t| table_rune_estimate(t.name))
                            .sum::<usize>()
                })
                .sum::<usize>()
    }

    /// Whether the class surely or probably holds `\n` (for Go's `matchRune`
    /// in `mergeCharClass`); a Unicode table holds it only if it is a control
    /// category or `Any`/`ASCII`.
    pub(super) fn contains_newline(&self) -> bool {
        in_class(u32::from(b'\n'), &self.runes)
            || self.sets.iter().any(|set| {
                let inside = set.ranges.iter().any(|&(lo, hi)| lo <= 10 && 10 <= hi)
                    || set.tables.iter().any(|t| {
                        matches!(t.name, "C" | "Cc" | "Any" | "ASCII" | "Assigned") != t.negated
                    });
                inside != set.negated
            })
    }
}

/// Go's comment on `maxRunes` (parse.go `maxRunes` comment): "each \pL adds 1292 runes".
/// Other tables are counted as one range: the crate has no tables to count,
/// and only patterns of tens of thousands of `\p` classes reach the limit.
fn table_rune_estimate(name: &str) -> usize {
    match name {
        "L" => 1292,
        _ => 2,
    }
}

pub(super) fn pairs(runes: &[u32]) -> Vec<(u32, u32)> {
    runes.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

pub(super) fn in_class(r: u32, class: &[u32]) -> bool {
    class.chunks_exact(2).any(|p| p[0] <= r && r <= p[1])
}

/// parse.go `appendRange`: extends the last or next-to-last range when the
/// new one overlaps or abuts it, else appends.
pub(super) fn append_range(r: &mut Vec<u32>, lo: u32, hi: u32) {
    let n = r.len();
    for i in [2, 4] {
        if n >= i {
            let (rlo, rhi) = (r[n - i], r[n - i + 1]);
            if lo <= rhi.saturating_add(1) && rlo <= hi.saturating_add(1) {
                r[n - i] = rlo.min(lo);
                r[n - i + 1] = rhi.max(hi);
                return;
            }
        }
    }
    r.push(lo);
    r.push(hi);
}

/// parse.go `minFold`/`maxFold`: the runes case folding involves.
const MIN_FOLD: u32 = 0x41;
const MAX_FOLD: u32 = 0x1E943;

/// parse.go `appendFoldedRange`.
pub(super) fn append_folded_range(r: &mut Vec<u32>, mut lo: u32, mut hi: u32) {
    if (lo <= MIN_FOLD && hi >= MAX_FOLD) || hi < MIN_FOLD || lo > MAX_FOLD {
        append_range(r, lo, hi);
        return;
    }
    if lo < MIN_FOLD {
        append_range(r, lo, MIN_FOLD - 1);
        lo = MIN_FOLD;
    }
    if hi > MAX_FOLD {
        append_range(r, MAX_FOLD + 1, hi);
        hi = MAX_FOLD;
    }
    for c in lo..=hi {
        for f in fold_orbit(c) {
            append_range(r, f, f);
        }
    }
}

pub(super) fn append_literal(r: &mut Vec<u32>, x: u32, fold: bool) {
    if fold {
        append_folded_range(r, x, x);
    } else {
        append_range(r, x, x);
    }
}

pub(super) fn append_class(r: &mut Vec<u32>, x: &[u32]) {
    for p in x.chunks_exact(2) {
        append_range(r, p[0], p[1]);
    }
}

pub(super) fn append_folded_class(r: &mut Vec<u32>, x: &[u32]) {
    for p in x.chunks_exact(2) {
        append_folded_range(r, p[0], p[1]);
    }
}

/// parse.go `appendNegatedClass`; `x` must be clean.
pub(super) fn append_negated_class(r: &mut Vec<u32>, x: &[u32]) {
    let mut next_lo = 0u32;
    for p in x.chunks_exact(2) {
        if p[0] > next_lo {
            append_range(r, next_lo, p[0] - 1);
        }
        next_lo = p[1] + 1;
    }
    if next_lo <= MAX_RUNE {
        append_range(r, next_lo, MAX_RUNE);
    }
}

/// parse.go `cleanClass`: sorts by low end (high end descending), merges
/// overlapping and abutting ranges.
pub(super) fn clean_class(r: &mut Vec<u32>) {
    let mut ps = pairs(r);
    ps.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    r.clear();
    for (lo, hi) in ps {
        let n = r.len();
        if n >= 2 && lo <= r[n - 1].saturating_add(1) {
            r[n - 1] = r[n - 1].max(hi);
        } else {
            r.push(lo);
            r.push(hi);
        }
    }
}

/// parse.go `negateClass`; `r` must be clean.
pub(super) fn negate_class(r: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(r.len() + 2);
    append_negated_class(&mut out, r);
    out
}

/// The runes `c` folds together with (itself included), ascending: the orbit
/// of Go's `unicode.SimpleFold`. Built from Rust's one-to-one case mappings
/// plus the folds that are not case mappings (Kelvin sign, long s, ...).
pub(super) fn fold_orbit(c: u32) -> Vec<u32> {
    if !(MIN_FOLD..=MAX_FOLD).contains(&c) {
        return vec![c];
    }
    let mut orbit = vec![c];
    let mut i = 0;
    while i < orbit.len() {
        let x = orbit[i];
        i += 1;
        let mut next = Vec::new();
        if let Some(ch) = char::from_u32(x) {
            next.extend(single(ch.to_lowercase()));
            next.extend(single(ch.to_uppercase()));
        }
        for &(a, b) in EXTRA_FOLDS {
            if a == x {
                next.push(b);
            }
            if b == x {
                next.push(a);
            }
        }
        for y in next {
            if !orbit.contains(&y) {
                orbit.push(y);
            }
        }
    }
    orbit.sort_unstable();
    orbit
}

fn single(mut mapping: impl Iterator<Item = char>) -> Option<u32> {
    let first = mapping.next()?;
    mapping.next().is_none().then_some(u32::from(first))
}

/// Simple case folds that are no one-to-one case mapping in either direction
/// (Unicode CaseFolding.txt, status C/S, whose target maps elsewhere).
const EXTRA_FOLDS: &[(u32, u32)] = &[
    (0x212A, 0x6B),   // KELVIN SIGN ~ k
    (0x17F, 0x73),    // LATIN SMALL LETTER LONG S ~ s
    (0x212B, 0xE5),   // ANGSTROM SIGN ~ å
    (0xB5, 0x3BC),    // MICRO SIGN ~ μ
    (0x1E9E, 0xDF),   // CAPITAL SHARP S ~ ß
    (0x3C2, 0x3C3),   // final sigma ~ σ
    (0x3D0, 0x3B2),   // ϐ ~ β
    (0x3D1, 0x3B8),   // ϑ ~ θ
    (0x3D5, 0x3C6),   // ϕ ~ φ
    (0x3D6, 0x3C0),   // ϖ ~ π
    (0x3F0, 0x3BA),   // ϰ ~ κ
    (0x3F1, 0x3C1),   // ϱ ~ ρ
    (0x3F5, 0x3B5),   // ϵ ~ ε
    (0x1E9B, 0x1E61), // ẛ ~ ṡ
    (0x345, 0x3B9),   // combining ypogegrammeni ~ ι
    (0x1FBE, 0x3B9),  // prosgegrammeni ~ ι
    (0x3F4, 0x3B8),   // ϴ ~ θ
    (0x2126, 0x3C9),  // OHM SIGN ~ ω
    (0x1C80, 0x432),  // Cyrillic small rounded ve ~ в
    (0x1C81, 0x434),
    (0x1C82, 0x43E),
    (0x1C83, 0x441),
    (0x1C84, 0x442),
    (0x1C85, 0x442),
    (0x1C86, 0x44A),
    (0x1C87, 0x463),
    (0x1C88, 0xA64B),
];

/// perl_groups.go `perlGroup`: `\d \D \s \S \w \W` as (sign, class).
pub(super) fn perl_group(escape: &[u8]) -> Option<(bool, &'static [u32])> {
    const DIGIT: &[u32] = &[0x30, 0x39];
    const SPACE: &[u32] = &[0x9, 0xA, 0xC, 0xD, 0x20, 0x20];
    const WORD: &[u32] = &[0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A];
    Some(match escape {
        b"\\d" => (true, DIGIT),
        b"\\D" => (false, DIGIT),
        b"\\s" => (true, SPACE),
        b"\\S" => (false, SPACE),
        b"\\w" => (true, WORD),
        b"\\W" => (false, WORD),
        _ => return None,
    })
}

/// perl_groups.go `posixGroup`: `[:alnum:]`, `[:^alnum:]`, ... as (sign, class).
pub(super) fn posix_group(name: &str) -> Option<(bool, &'static [u32])> {
    let (positive, bare) = match name.strip_prefix("[:^") {
        Some(rest) => (false, rest),
        None => (true, name.strip_prefix("[:")?),
    };
    let class: &'static [u32] = match bare {
        "alnum:]" => &[0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A],
        "alpha:]" => &[0x41, 0x5A, 0x61, 0x7A],
        "ascii:]" => &[0x0, 0x7F],
        "blank:]" => &[0x9, 0x9, 0x20, 0x20],
        "cntrl:]" => &[0x0, 0x1F, 0x7F, 0x7F],
        "digit:]" => &[0x30, 0x39],
        "graph:]" => &[0x21, 0x7E],
        "lower:]" => &[0x61, 0x7A],
        "print:]" => &[0x20, 0x7E],
        "punct:]" => &[0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E],
        "space:]" => &[0x9, 0xD, 0x20, 0x20],
        "upper:]" => &[0x41, 0x5A],
        "word:]" => &[0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A],
        "xdigit:]" => &[0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
        _ => return None,
    };
    Some((positive, class))
}
