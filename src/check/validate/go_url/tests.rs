//! `parse` against Go's own expectations.

use super::*;

/// Inputs and whether `url.Parse` refuses them: a selection of
/// `TestParseErrors` and `TestRejectControlCharacters` in Go's
/// src/net/url/url_test.go (golang/go), plus Go 1.26's strict colons and
/// bracketed-host checks (`parseHost` in src/net/url/url.go).
const GO_CASES: &[(&str, bool)] = &[
    ("http://[::1]", false),
    ("http://[::1]:80", false),
    ("http://[::1]:namedport", true),
    ("http://x:namedport", true),
    ("http://[::1]/", false),
    ("http://[::1]a", true),
    ("http://[::1]%23", true),
    ("http://[::1%25en0]", false),
    ("http://[::1]:", false),
    ("http://x:", false),
    ("http://[::1]:%38%30", true),
    ("http://[::1%25%41]", false),
    ("http://[%10::1]", true),
    ("http://[::1]/%48", false),
    ("http://%41:8080/", true),
    ("mysql://x@y(z:123)/foo", true),
    ("mysql://x@y(1.2.3.4:123)/foo", true),
    (" http://foo.com", true),
    ("ht tp://foo.com", true),
    ("ahttp://foo.com", false),
    ("1http://foo.com", true),
    (
        "http://[]%20%48%54%54%50%2f%31%2e%31%0a%4d%79%48%65%61%64%65%72%3a%20%31%32%33%0a%0a/",
        true,
    ),
    ("http://a b.com/", true),
    ("cache_object://foo", true),
    ("cache_object:foo", true),
    ("cache_object:foo/bar", true),
    ("cache_object/:foo/bar", false),
    ("http://foo.com/?foo\nbar", true),
    ("http\r://foo.com/", true),
    ("http://foo\x7f.com/", true),
    ("http://user^:passwo^rd@foo.com/", true),
    // Go 1.26: colons in an http(s) host, an IPv4 address in brackets.
    ("http://localhost:80:80/", true),
    ("http://::1/", true),
    ("http://[1.2.3.4]/", true),
    ("postgres://a:1,b:2/db", false),
    ("*", false),
    ("", false),
];

#[test]
fn agrees_with_go_test_cases() {
    for &(input, refused) in GO_CASES {
        assert_eq!(parse(input).is_err(), refused, "{input:?}");
    }
}

/// Go's messages, each at the bytes of the input at fault.
#[test]
fn errors_read_as_go_and_point_at_the_fault() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "http://loki:31OO/loki/api/v1/push",
            "invalid port \":31OO\" after host",
            ":31OO",
        ),
        (
            "http://mimir:api/push",
            "invalid port \":api\" after host",
            ":api",
        ),
        ("http://h/%zz", "invalid URL escape \"%zz\"", "%zz"),
        ("http://h/a%2", "invalid URL escape \"%2\"", "%2"),
        ("http://h/a#b%x", "invalid URL escape \"%x\"", "%x"),
        ("http://a b/", "invalid character \" \" in host name", " "),
        ("://x", "missing protocol scheme", ":"),
        (
            "1a:b/x",
            "first path segment in URL cannot contain colon",
            "1a:b",
        ),
        ("http://[::1/", "missing ']' in host", "[::1"),
        ("http://a[::1]/", "invalid IP-literal", "a[::1]"),
        ("http://[1.2.3.4]/", "invalid IP-literal", "1.2.3.4"),
        (
            "http://h/\u{7f}",
            "net/url: invalid control character in URL",
            "\u{7f}",
        ),
        ("http://h:1:2/", "invalid port \":1:2\" after host", ":1:2"),
    ];
    for &(input, reason, at) in cases {
        let e = parse(input).expect_err(input);
        assert_eq!(e.reason, reason, "{input:?}");
        assert_eq!(&input[e.at.clone()], at, "{input:?}");
    }
    let e = parse("http://h/a#b%x").unwrap_err();
    assert_eq!(
        e.go_message("http://h/a#b%x"),
        "parse \"http://h/a#b%x\": invalid URL escape \"%x\""
    );
}

#[test]
fn valid_urls_keep_their_parts() {
    let u = parse("HTTP://user:secret@[::1]:9009/api/v1/push?x=%zz").unwrap();
    assert_eq!(u.scheme, "http");
    assert_eq!(u.host, "[::1]:9009");
    assert_eq!(u.userinfo, Some(7..18));
    // Go does not range-check ports, and leaves the query unread.
    assert!(parse("http://localhost:99999/").is_ok());
    assert!(parse("http://localhost:65535/a%20b").is_ok());
    // Without `//` after the scheme, the rest is opaque.
    assert_eq!(parse("localhost:3100/loki").unwrap().host, "");
}

#[test]
fn messages_never_carry_a_password() {
    let input = "https://user:hunter2@host:x/";
    let e = parse(input).unwrap_err();
    let message = e.go_message(input);
    assert!(!message.contains("hunter2"), "{message}");
    assert_eq!(
        message,
        "parse \"https://user:xxxxx@host:x/\": invalid port \":x\" after host"
    );
    let bad_user = "https://us er:hunter2@host/";
    let e = parse(bad_user).unwrap_err();
    assert_eq!(e.reason, "net/url: invalid userinfo");
    assert!(!e.go_message(bad_user).contains("hunter2"));
}
