//! Go's own parser tests (golang/go src/regexp/syntax/parse_test.go, stored
//! at 0657e5d) as data, plus the cases Alloy's relabel rules meet.

use super::class::fold_orbit;
use super::tree::{Flags, Op, Regexp};
use super::{parse, parse_anchored, parser, ErrorKind};
use proptest::prelude::*;

/// parse_test.go `testFlags`.
const TEST_FLAGS: Flags =
    Flags(Flags::CLASS_NL.0 | Flags::DOT_NL.0 | Flags::PERL_X.0 | Flags::UNICODE_GROUPS.0);

/// parse_test.go `dumpRegexp`: Go's tree notation, to compare trees.
fn dump(re: &Regexp) -> String {
    let mut out = String::new();
    dump_into(&mut out, re);
    out
}

fn dump_into(b: &mut String, re: &Regexp) {
    let ng = if re.non_greedy() { "n" } else { "" };
    let name = match &re.op {
        Op::NoMatch => "no".to_owned(),
        Op::EmptyMatch => "emp".to_owned(),
        Op::Literal(runes) => {
            let base = if runes.len() > 1 { "str" } else { "lit" };
            let folds = re.flags.contains(Flags::FOLD_CASE)
                && runes.iter().any(|&r| fold_orbit(r).len() > 1);
            format!("{base}{}", if folds { "fold" } else { "" })
        }
        Op::CharClass(_) => "cc".to_owned(),
        Op::AnyCharNotNL => "dnl".to_owned(),
        Op::AnyChar => "dot".to_owned(),
        Op::BeginLine => "bol".to_owned(),
        Op::EndLine => "eol".to_owned(),
        Op::BeginText => "bot".to_owned(),
        Op::EndText => "eot".to_owned(),
        Op::WordBoundary => "wb".to_owned(),
        Op::NoWordBoundary => "nwb".to_owned(),
        Op::Capture { .. } => "cap".to_owned(),
        Op::Star(_) => format!("{ng}star"),
        Op::Plus(_) => format!("{ng}plus"),
        Op::Quest(_) => format!("{ng}que"),
        Op::Repeat { .. } => format!("{ng}rep"),
        Op::Concat(_) => "cat".to_owned(),
        Op::Alternate(_) => "alt".to_owned(),
    };
    b.push_str(&name);
    b.push('{');
    match &re.op {
        Op::EndText if !re.flags.contains(Flags::WAS_DOLLAR) => b.push_str("\\z"),
        Op::Literal(runes) => b.extend(runes.iter().map(|&r| char::from_u32(r).unwrap_or('?'))),
        Op::Repeat { min, max, sub } => {
            b.push_str(&format!("{min},{max} "));
            dump_into(b, sub);
        }
        Op::Capture { name, sub, .. } => {
            if let Some(name) = name {
                b.push_str(name);
                b.push(':');
            }
            dump_into(b, sub);
        }
        Op::CharClass(class) => {
            assert!(class.is_exact(), "no Unicode tables here: {class:?}");
            let ranges: Vec<String> = class
                .ranges()
                .iter()
                .map(|&(lo, hi)| {
                    if lo == hi {
                        format!("{lo:#x}")
                    } else {
                        format!("{lo:#x}-{hi:#x}")
                    }
                })
                .collect();
            b.push_str(&ranges.join(" "));
        }
        _ => re.subs().iter().for_each(|sub| dump_into(b, sub)),
    }
    b.push('}');
}

/// parse_test.go `parseTests`, the cases whose dump needs no Unicode
/// table (the crate carries none; those are checked to parse below).
const PARSE_DUMPS: &[(&str, &str)] = &[
    (r"a", r"lit{a}"),
    (r"a.", r"cat{lit{a}dot{}}"),
    (r"a.b", r"cat{lit{a}dot{}lit{b}}"),
    (r"ab", r"str{ab}"),
    (r"a.b.c", r"cat{lit{a}dot{}lit{b}dot{}lit{c}}"),
    (r"abc", r"str{abc}"),
    (r"a|^", r"alt{lit{a}bol{}}"),
    (r"a|b", r"cc{0x61-0x62}"),
    (r"(a)", r"cap{lit{a}}"),
    (r"(a)|b", r"alt{cap{lit{a}}lit{b}}"),
    (r"a*", r"star{lit{a}}"),
    (r"a+", r"plus{lit{a}}"),
    (r"a?", r"que{lit{a}}"),
    (r"a{2}", r"rep{2,2 lit{a}}"),
    (r"a{2,3}", r"rep{2,3 lit{a}}"),
    (r"a{2,}", r"rep{2,-1 lit{a}}"),
    (r"a*?", r"nstar{lit{a}}"),
    (r"a+?", r"nplus{lit{a}}"),
    (r"a??", r"nque{lit{a}}"),
    (r"a{2}?", r"nrep{2,2 lit{a}}"),
    (r"a{2,3}?", r"nrep{2,3 lit{a}}"),
    (r"a{2,}?", r"nrep{2,-1 lit{a}}"),
    (r"x{1001", r"str{x{1001}"),
    (r"x{9876543210", r"str{x{9876543210}"),
    (r"x{9876543210,", r"str{x{9876543210,}"),
    (r"x{2,1", r"str{x{2,1}"),
    (r"x{1,9876543210", r"str{x{1,9876543210}"),
    (r"", r"emp{}"),
    (r"|", r"emp{}"),
    (r"|x|", r"alt{emp{}lit{x}emp{}}"),
    (r".", r"dot{}"),
    (r"^", r"bol{}"),
    (r"$", r"eol{}"),
    (r"\|", r"lit{|}"),
    (r"\(", r"lit{(}"),
    (r"\)", r"lit{)}"),
    (r"\*", r"lit{*}"),
    (r"\+", r"lit{+}"),
    (r"\?", r"lit{?}"),
    (r"{", r"lit{{}"),
    (r"}", r"lit{}}"),
    (r"\.", r"lit{.}"),
    (r"\^", r"lit{^}"),
    (r"\$", r"lit{$}"),
    (r"\\", r"lit{\}"),
    (r"[ace]", r"cc{0x61 0x63 0x65}"),
    (r"[abc]", r"cc{0x61-0x63}"),
    (r"[a-z]", r"cc{0x61-0x7a}"),
    (r"[a]", r"lit{a}"),
    (r"\-", r"lit{-}"),
    (r"-", r"lit{-}"),
    (r"\_", r"lit{_}"),
    (r"abc|def", r"alt{str{abc}str{def}}"),
    (r"abc|def|ghi", r"alt{str{abc}str{def}str{ghi}}"),
    (r"[[:lower:]]", r"cc{0x61-0x7a}"),
    (r"[^[:lower:]]", r"cc{0x0-0x60 0x7b-0x10ffff}"),
    (r"[[:^lower:]]", r"cc{0x0-0x60 0x7b-0x10ffff}"),
    (r"(?i)[[:lower:]]", r"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"),
    (r"(?i)[a-z]", r"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"),
    (
        r"(?i)[^[:lower:]]",
        r"cc{0x0-0x40 0x5b-0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}",
    ),
    (
        r"(?i)[[:^lower:]]",
        r"cc{0x0-0x40 0x5b-0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}",
    ),
    (r"\d", r"cc{0x30-0x39}"),
    (r"\D", r"cc{0x0-0x2f 0x3a-0x10ffff}"),
    (r"\s", r"cc{0x9-0xa 0xc-0xd 0x20}"),
    (r"\S", r"cc{0x0-0x8 0xb 0xe-0x1f 0x21-0x10ffff}"),
    (r"\w", r"cc{0x30-0x39 0x41-0x5a 0x5f 0x61-0x7a}"),
    (
        r"\W",
        r"cc{0x0-0x2f 0x3a-0x40 0x5b-0x5e 0x60 0x7b-0x10ffff}",
    ),
    (
        r"(?i)\w",
        r"cc{0x30-0x39 0x41-0x5a 0x5f 0x61-0x7a 0x17f 0x212a}",
    ),
    (
        r"(?i)\W",
        r"cc{0x0-0x2f 0x3a-0x40 0x5b-0x5e 0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}",
    ),
    (r"[^\\]", r"cc{0x0-0x5b 0x5d-0x10ffff}"),
    (r"\p{Any}", r"dot{}"),
    (r"\p{^Any}", r"cc{}"),
    (r"(?i)\p{ascii}", r"cc{0x0-0x7f 0x17f 0x212a}"),
    (r"[\012-\234]\141", r"cat{cc{0xa-0x9c}lit{a}}"),
    (r"[\x{41}-\x7a]\x61", r"cat{cc{0x41-0x7a}lit{a}}"),
    (r"a{,2}", r"str{a{,2}}"),
    (r"\.\^\$\\", r"str{.^$\}"),
    (r"[a-zABC]", r"cc{0x41-0x43 0x61-0x7a}"),
    (r"[^a]", r"cc{0x0-0x60 0x62-0x10ffff}"),
    (r"[α-ε☺]", r"cc{0x3b1-0x3b5 0x263a}"),
    (r"a*{", r"cat{star{lit{a}}lit{{}}"),
    (r"(?:ab)*", r"star{str{ab}}"),
    (r"(ab)*", r"star{cap{str{ab}}}"),
    (r"ab|cd", r"alt{str{ab}str{cd}}"),
    (r"a(b|c)d", r"cat{lit{a}cap{cc{0x62-0x63}}lit{d}}"),
    (r"(?:a)", r"lit{a}"),
    (r"(?:ab)(?:cd)", r"str{abcd}"),
    (
        r"(?:a+b+)(?:c+d+)",
        r"cat{plus{lit{a}}plus{lit{b}}plus{lit{c}}plus{lit{d}}}",
    ),
    (
        r"(?:a+|b+)|(?:c+|d+)",
        r"alt{plus{lit{a}}plus{lit{b}}plus{lit{c}}plus{lit{d}}}",
    ),
    (r"(?:a|b)|(?:c|d)", r"cc{0x61-0x64}"),
    (r"a|.", r"dot{}"),
    (r".|a", r"dot{}"),
    (
        r"(?:[abc]|A|Z|hello|world)",
        r"alt{cc{0x41 0x5a 0x61-0x63}str{hello}str{world}}",
    ),
    (r"(?:[abc]|A|Z)", r"cc{0x41 0x5a 0x61-0x63}"),
    (r"\Q+|*?{[\E", r"str{+|*?{[}"),
    (r"\Q+\E+", r"plus{lit{+}}"),
    (r"\Qab\E+", r"cat{lit{a}plus{lit{b}}}"),
    (r"\Q\\E", r"lit{\}"),
    (r"\Q\\\E", r"str{\\}"),
    (r"(?m)^", r"bol{}"),
    (r"(?m)$", r"eol{}"),
    (r"(?-m)^", r"bot{}"),
    (r"(?-m)$", r"eot{}"),
    (r"(?m)\A", r"bot{}"),
    (r"(?m)\z", r"eot{\z}"),
    (r"(?-m)\A", r"bot{}"),
    (r"(?-m)\z", r"eot{\z}"),
    (r"(?P<name>a)", r"cap{name:lit{a}}"),
    (r"(?<name>a)", r"cap{name:lit{a}}"),
    (r"[Aa]", r"litfold{A}"),
    (r"[\x{100}\x{101}]", r"litfold{Ā}"),
    (r"[Δδ]", r"litfold{Δ}"),
    (r"abcde", r"str{abcde}"),
    (r"[Aa][Bb]cd", r"cat{strfold{AB}str{cd}}"),
    (
        r"abc|abd|aef|bcx|bcy",
        r"alt{cat{lit{a}alt{cat{lit{b}cc{0x63-0x64}}str{ef}}}cat{str{bc}cc{0x78-0x79}}}",
    ),
    (
        r"ax+y|ax+z|ay+w",
        r"cat{lit{a}alt{cat{plus{lit{x}}lit{y}}cat{plus{lit{x}}lit{z}}cat{plus{lit{y}}lit{w}}}}",
    ),
    (r"(?:.)", r"dot{}"),
    (r"(?:x|(?:xa))", r"cat{lit{x}alt{emp{}lit{a}}}"),
    (r"(?:.|(?:.a))", r"cat{dot{}alt{emp{}lit{a}}}"),
    (r"(?:A(?:A|a))", r"cat{lit{A}litfold{A}}"),
    (r"(?:A|a)", r"litfold{A}"),
    (r"A|(?:A|a)", r"litfold{A}"),
    (r"(?s).", r"dot{}"),
    (r"(?-s).", r"dnl{}"),
    (r"(?:(?:^).)", r"cat{bol{}dot{}}"),
    (r"(?-s)(?:(?:^).)", r"cat{bol{}dnl{}}"),
    (r"[\s\S]a", r"cat{cc{0x0-0x10ffff}lit{a}}"),
    (r"abc|abd", r"cat{str{ab}cc{0x63-0x64}}"),
    (r"a(?:b)c|abd", r"cat{str{ab}cc{0x63-0x64}}"),
    (r"abc|x|abd", r"alt{str{abc}lit{x}str{abd}}"),
    (r"(?i)abc|ABD", r"cat{strfold{AB}cc{0x43-0x44 0x63-0x64}}"),
    (r"[ab]c|[ab]d", r"cat{cc{0x61-0x62}cc{0x63-0x64}}"),
    (r".c|.d", r"cat{dot{}cc{0x63-0x64}}"),
    (
        r"x{2}|x{2}[0-9]",
        r"cat{rep{2,2 lit{x}}alt{emp{}cc{0x30-0x39}}}",
    ),
    (
        r"x{2}y|x{2}[0-9]y",
        r"cat{rep{2,2 lit{x}}alt{lit{y}cat{cc{0x30-0x39}lit{y}}}}",
    ),
    (
        r"a.*?c|a.*?b",
        r"cat{lit{a}alt{cat{nstar{dot{}}lit{c}}cat{nstar{dot{}}lit{b}}}}",
    ),
];

/// parse_test.go: the `parseTests` whose dump is a Unicode table, and the
/// valid repetitions and nestings (whose dump Go leaves empty).
fn parse_valid() -> Vec<String> {
    let mut valid: Vec<String> = [
        r"\p{Braille}",
        r"\P{Braille}",
        r"\p{^Braille}",
        r"\P{^Braille}",
        r"\pZ",
        r"[\p{Braille}]",
        r"[\P{Braille}]",
        r"[\p{^Braille}]",
        r"[\P{^Braille}]",
        r"[\pZ]",
        r"\p{Lu}",
        r"\p{Uppercase_Letter}",
        r"\p{upper case-let ter}",
        r"\p{__upper case-let ter}",
        r"\p{Canadian_Aboriginal}",
        r"[\p{Lu}]",
        r"(?i)[\p{Lu}]",
        r"\p{Assigned}",
        r"\p{^Assigned}",
        r"((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))",
        r"((((((((((x{1}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
        r"(?:[a-z]{4}){0,250}",
    ]
    .map(str::to_owned)
    .to_vec();
    valid.push("(".repeat(999) + &")".repeat(999));
    valid.push("(?:".repeat(999) + &")*".repeat(999));
    valid.push("(".to_owned() + &"|".repeat(12345) + ")");
    valid
}

#[test]
fn go_parse_tests_dump_as_go_dumps_them() {
    for (pattern, want) in PARSE_DUMPS {
        let re = parser::parse(pattern, TEST_FLAGS).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(dump(&re), *want, "{pattern}");
        // And regexp.Compile's flags accept it too.
        parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    }
}

#[test]
fn go_parse_tests_with_tables_parse() {
    for pattern in parse_valid() {
        parse(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    }
}

/// parse_test.go `foldcaseTests`, 486 `matchnlTests`, 499
/// `nomatchnlTests`, each with its flags.
#[test]
fn go_flag_mode_tests_dump_as_go_dumps_them() {
    let cases: &[(Flags, &str, &str)] = &[
        (Flags::FOLD_CASE, "AbCdE", "strfold{ABCDE}"),
        (Flags::FOLD_CASE, "[Aa]", "litfold{A}"),
        (Flags::FOLD_CASE, "a", "litfold{A}"),
        (
            Flags::FOLD_CASE,
            "A[F-g]",
            "cat{litfold{A}cc{0x41-0x7a 0x17f 0x212a}}",
        ),
        (
            Flags::FOLD_CASE,
            "[[:upper:]]",
            "cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}",
        ),
        (
            Flags::FOLD_CASE,
            "[[:lower:]]",
            "cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}",
        ),
        (Flags(Flags::CLASS_NL.0 | Flags::DOT_NL.0), ".", "dot{}"),
        (Flags(Flags::CLASS_NL.0 | Flags::DOT_NL.0), "\n", "lit{\n}"),
        (
            Flags(Flags::CLASS_NL.0 | Flags::DOT_NL.0),
            "[^a]",
            "cc{0x0-0x60 0x62-0x10ffff}",
        ),
        (
            Flags(Flags::CLASS_NL.0 | Flags::DOT_NL.0),
            "[a\\n]",
            "cc{0xa 0x61}",
        ),
        (Flags(0), ".", "dnl{}"),
        (Flags(0), "\n", "lit{\n}"),
        (Flags(0), "[^a]", "cc{0x0-0x9 0xb-0x60 0x62-0x10ffff}"),
        (Flags(0), "[a\\n]", "cc{0xa 0x61}"),
    ];
    for (flags, pattern, want) in cases {
        let re = parser::parse(pattern, *flags).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(dump(&re), *want, "{pattern}");
    }
}

/// parse_test.go `invalidRegexps`, with the error Go gives under
/// `syntax.Perl` (the four invalid UTF-8 cases cannot be a `&str`).
fn go_invalid() -> Vec<(String, ErrorKind, String)> {
    use ErrorKind::*;
    let whole = |s: &str, kind| (s.to_owned(), kind, s.to_owned());
    let part = |s: &str, kind, expr: &str| (s.to_owned(), kind, expr.to_owned());
    let mut cases = vec![
        whole("(", MissingParen),
        whole(")", UnexpectedParen),
        whole("(a", MissingParen),
        whole("a)", UnexpectedParen),
        whole("(a))", UnexpectedParen),
        whole("(a|b|", MissingParen),
        whole("a|b|)", UnexpectedParen),
        whole("(a|b|))", UnexpectedParen),
        whole("(a|b", MissingParen),
        whole("a|b)", UnexpectedParen),
        whole("(a|b))", UnexpectedParen),
        part("[a-z", MissingBracket, "[a-z"),
        part("([a-z)", MissingBracket, "[a-z)"),
        part("[a-z)", MissingBracket, "[a-z)"),
        whole("([a-z]))", UnexpectedParen),
        part("x{1001}", InvalidRepeatSize, "{1001}"),
        part("x{9876543210}", InvalidRepeatSize, "{9876543210}"),
        part("x{2,1}", InvalidRepeatSize, "{2,1}"),
        part("x{1,9876543210}", InvalidRepeatSize, "{1,9876543210}"),
        whole("(?P<name>a", MissingParen),
        whole("(?P<name>", MissingParen),
        part("(?P<name", InvalidNamedCapture, "(?P<name"),
        part("(?P<x y>a)", InvalidNamedCapture, "(?P<x y>"),
        part("(?P<>a)", InvalidNamedCapture, "(?P<>"),
        whole("(?<name>a", MissingParen),
        whole("(?<name>", MissingParen),
        part("(?<name", InvalidNamedCapture, "(?<name"),
        part("(?<x y>a)", InvalidNamedCapture, "(?<x y>"),
        part("(?<>a)", InvalidNamedCapture, "(?<>"),
        part("[a-Z]", InvalidCharRange, "a-Z"),
        part("(?i)[a-Z]", InvalidCharRange, "a-Z"),
        part(r"\Q\E*", MissingRepeatArgument, "*"),
        part("a{100000}", InvalidRepeatSize, "{100000}"),
        part("a{100000,}", InvalidRepeatSize, "{100000,}"),
        part(
            "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            InvalidRepeatSize,
            "{2}",
        ),
        part("(?:[a-z]{4}){0,251}", InvalidRepeatSize, "{0,251}"),
    ];
    cases.push(whole(&("(".repeat(1000) + &")".repeat(1000)), NestingDepth));
    cases.push(whole(
        &("(?:".repeat(1000) + &")*".repeat(1000)),
        NestingDepth,
    ));
    cases.push(whole(
        &("(".to_owned() + &"(xx?)".repeat(1000) + "){1000}"),
        Large,
    ));
    cases.push(whole(&"(xx?){1000}".repeat(1000), Large));
    cases.push(whole(&r"\pL".repeat(27000), Large));
    // parse_test.go `onlyPOSIX`: repetitions do not stack in Perl mode.
    for (pattern, expr) in [
        ("a++", "++"),
        ("a**", "**"),
        ("a?*", "?*"),
        ("a+*", "+*"),
        ("a{1}*", "{1}*"),
        (".{1}{2}.{3}", "{1}{2}"),
    ] {
        cases.push(part(pattern, InvalidRepeatOp, expr));
    }
    cases
}

#[test]
fn go_invalid_regexps_fail_with_gos_error() {
    for (pattern, kind, expr) in go_invalid() {
        let error = parse(&pattern).expect_err(&pattern[..pattern.len().min(60)]);
        assert_eq!(
            (error.kind, &error.expr),
            (kind, &expr),
            "{}",
            &pattern[..pattern.len().min(60)]
        );
        assert!(!pattern[error.span.clone()].is_empty(), "{pattern:.60}");
    }
}

/// parse_test.go `onlyPerl`: valid with `syntax.Perl`.
#[test]
fn go_only_perl_regexps_parse() {
    for pattern in [
        r"[a-b-c]",
        r"\Qabc\E",
        r"\Q*+?{[\E",
        r"\Q\\E",
        r"\Q\\\E",
        r"\Q\\\\E",
        r"\Q\\\\\E",
        r"(?:a)",
        r"(?P<name>a)",
    ] {
        parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    }
}

/// What relabel rules meet, and where Go and Rust's `regex` disagree.
#[test]
fn relabel_patterns_parse_as_go_does() {
    for pattern in [
        "(?i)foo",
        "(?U)a+",
        r"\pL",
        r"\p{Greek}",
        r"\PL",
        "[[:alnum:]-]",
        r"\Q.*\E",
        "a+?",
        "(?P<x>a)",
        "(?<x>a)",
        "(?s).",
        r"[^\x00-\x{10FFFF}]",
        r"\x{1F600}",
        r"\x{D800}",
        "(?P<n>a)(?P<n>b)",
        "a{1000}",
        "(a{500}){2}",
        "[]a]",
        "[^]a]",
        "x{,3}",
        r"\p{greek}",
        r"\p{Letter}",
        r"\p{LC}",
    ] {
        parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    }
    use ErrorKind::*;
    for (pattern, kind, expr) in [
        ("(?!foo)", InvalidPerlOp, "(?!"),
        ("(?=x)", InvalidPerlOp, "(?="),
        ("(?<=x)", InvalidNamedCapture, "(?<=x)"),
        ("(?<!x)", InvalidNamedCapture, "(?<!x)"),
        ("(?<=a)>b", InvalidNamedCapture, "(?<=a)>"),
        ("(?P=n)", InvalidPerlOp, "(?P"),
        ("(?i", InvalidPerlOp, "(?i"),
        ("(?i-)", InvalidPerlOp, "(?i-)"),
        (r"\1", InvalidEscape, r"\1"),
        (r"\8", InvalidEscape, r"\8"),
        (r"\Z", InvalidEscape, r"\Z"),
        (r"\C", InvalidEscape, r"\C"),
        (r"\q", InvalidEscape, r"\q"),
        (r"\x{110000}", InvalidEscape, r"\x{110000"),
        (r"\x{}", InvalidEscape, r"\x{}"),
        (r"\xg1", InvalidEscape, r"\xg1"),
        ("a{1001}", InvalidRepeatSize, "{1001}"),
        ("(a{500}){3}", InvalidRepeatSize, "{3}"),
        ("(", MissingParen, "("),
        (")", UnexpectedParen, ")"),
        ("[a", MissingBracket, "[a"),
        ("[z-a]", InvalidCharRange, "z-a"),
        ("x**", InvalidRepeatOp, "**"),
        ("x*?*", InvalidRepeatOp, "*?*"),
        ("*", MissingRepeatArgument, "*"),
        ("a|*", MissingRepeatArgument, "*"),
        ("(+)", MissingRepeatArgument, "+"),
        ("\\", TrailingBackslash, ""),
        ("[[:foo:]]", InvalidCharRange, "[:foo:]"),
        (r"\p{NotAScript}", InvalidCharRange, r"\p{NotAScript}"),
        (r"\pX", InvalidCharRange, r"\pX"),
        (r"\p", InvalidCharRange, r"\p"),
        (r"\p{Greek", InvalidCharRange, r"\p{Greek"),
    ] {
        let error = parse(pattern).expect_err(pattern);
        assert_eq!((error.kind, error.expr.as_str()), (kind, expr), "{pattern}");
    }
}

#[test]
fn an_error_prints_as_go_prints_it() {
    let error = parse("(foo").unwrap_err();
    assert_eq!(
        error.to_string(),
        "error parsing regexp: missing closing ): `(foo`"
    );
    assert_eq!(error.span, 0..1);
    let error = parse("\\").unwrap_err();
    assert_eq!(
        error.to_string(),
        "error parsing regexp: trailing backslash at end of expression: ``"
    );
    assert_eq!(error.span, 0..1);
    let error = parse("ab)").unwrap_err();
    assert_eq!((error.expr.as_str(), error.span), ("ab)", 2..3));
}

#[test]
fn captures_are_numbered_and_named_as_go_does() {
    let re = parse("(a)(?:b)(?P<x>c(d))(?<y>e)").unwrap();
    assert_eq!(re.num_captures(), 4);
    assert_eq!(
        re.capture_names(),
        [None, None, Some("x".into()), None, Some("y".into())]
    );
    let re = parse("(?P<n>a)(?P<n>b)").unwrap();
    assert_eq!(
        re.capture_names(),
        [None, Some("n".into()), Some("n".into())]
    );
    assert_eq!(parse("a|b").unwrap().num_captures(), 0);
}

#[test]
fn anchored_parse_is_what_alloy_compiles() {
    // The wrapper closes the user's stray parenthesis.
    let re = parse_anchored("a)(b").unwrap();
    assert_eq!(re.num_captures(), 1);
    assert!(parse("a)(b").is_err());

    let error = parse_anchored("(foo").unwrap_err();
    assert_eq!(
        error.to_string(),
        "error parsing regexp: missing closing ): `^(?s:(foo)$`"
    );
    assert_eq!(error.span, 0..1);

    let error = parse_anchored("x{1001}").unwrap_err();
    assert_eq!((error.expr.as_str(), error.span.clone()), ("{1001}", 1..7));

    // The `)` Go objects to is the wrapper's: clamped to the end of `s`.
    let error = parse_anchored("a)").unwrap_err();
    assert_eq!(error.kind, ErrorKind::UnexpectedParen);
    assert_eq!(error.span, 2..2);
    // Here the user's second `)` is the one left over.
    let error = parse_anchored("a))").unwrap_err();
    assert_eq!(error.span, 2..3);

    // \Q without \E, and a trailing backslash, swallow the wrapper's `)`:
    // Go then misses a parenthesis, not an \E or an escape.
    let error = parse_anchored(r"\Qabc").unwrap_err();
    assert_eq!(
        error.to_string(),
        r"error parsing regexp: missing closing ): `^(?s:\Qabc)$`"
    );
    let error = parse_anchored("a\\").unwrap_err();
    assert_eq!(error.kind, ErrorKind::MissingParen);
    assert!(parse("a\\").is_err_and(|e| e.kind == ErrorKind::TrailingBackslash));

    // (?s) applies: `.` matches a newline.
    assert_eq!(dump(&parse_anchored(".").unwrap()), "cat{bot{}dot{}eot{}}");
}

/// Go's limits stop deep and wide input before this parser's stack or time
/// would suffer.
#[test]
fn deep_and_wide_patterns_are_refused_by_gos_limits() {
    let deep = "(".repeat(50_000) + &")".repeat(50_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ErrorKind::NestingDepth);
    let open = "(?:".repeat(50_000);
    assert_eq!(parse(&open).unwrap_err().kind, ErrorKind::MissingParen);
    let stars = "(?:a".repeat(2000) + &")*".repeat(2000);
    assert_eq!(parse(&stars).unwrap_err().kind, ErrorKind::NestingDepth);
    let long = "a".repeat(200_000);
    assert!(parse(&long).is_ok());
}

proptest! {
    #[test]
    fn parse_never_panics_on_any_text(pattern in "\\PC{0,16}") {
        if let Err(error) = parse(&pattern) {
            prop_assert!(error.span.end <= pattern.len());
            prop_assert!(pattern.is_char_boundary(error.span.start) && pattern.is_char_boundary(error.span.end));
        }
    }

    #[test]
    fn parse_never_panics_and_spans_lie_in_the_pattern(
        pattern in proptest::string::string_regex(r#"[ab()\[\]{}|*+?.^$\\\-:,0-9PpQEzdwsx<>=!iUms_L{}]{0,24}"#).unwrap()
    ) {
        if let Err(error) = parse(&pattern) {
            prop_assert!(error.span.start <= error.span.end && error.span.end <= pattern.len(), "{error:?}");
            prop_assert!(pattern.is_char_boundary(error.span.start) && pattern.is_char_boundary(error.span.end));
        }
        let anchored = parse_anchored(&pattern);
        let wrapped = parse(&format!("^(?s:{pattern})$"));
        prop_assert_eq!(anchored.is_ok(), wrapped.is_ok());
        if let (Err(a), Err(w)) = (&anchored, &wrapped) {
            prop_assert_eq!((a.kind, &a.expr), (w.kind, &w.expr));
            prop_assert!(a.span.end <= pattern.len());
        }
    }
}
