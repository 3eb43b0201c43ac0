//! Credentials written inline in a configuration: recognising the
//! well-known token shapes inside a string value, and redacting them.
//!
//! Recognition is by shape, not by entropy: each [`Shape`] is a literal
//! prefix that vendors put on their tokens on purpose (so that scanners can
//! find them) followed by a body whose alphabet and length are fixed. That
//! keeps ordinary config strings (URLs, regular expressions, label names,
//! paths, `sys.env` names, `${VAR}`) from raising false alarms, and keeps
//! the scan a single pass over the bytes with no regular expressions.
//!
//! Redaction never shows more than a public prefix and the length: the
//! point of the diagnostic is to say *that* a secret leaked, and a report
//! or CI log that repeats the secret would leak it a second time.

/// A credential found inside a string value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential {
    /// What it is, in words fit for a message ("Grafana Cloud access policy
    /// token").
    pub kind: &'static str,
    /// Where it starts: a byte offset into the text searched.
    pub start: usize,
    /// Where it ends (exclusive): a byte offset into the text searched.
    pub end: usize,
}

/// A well-known token shape: a literal prefix, then a body.
struct Shape {
    /// What it is, for [`Credential::kind`].
    kind: &'static str,
    /// The literal prefixes that start it, matched case-sensitively.
    prefixes: &'static [&'static str],
    /// Whether the prefix is part of the secret. A webhook URL's host is
    /// not secret, only the path after it; a token's prefix is.
    prefix_in_secret: bool,
    /// The length of the body after the prefix, if the bytes are this shape.
    body: fn(&[u8]) -> Option<usize>,
}

/// Every shape [`find_credentials`] recognises. Tried in order at each
/// position: a JWT comes before the legacy Grafana API key because both
/// start with `eyJ` and only the JWT has dots.
const SHAPES: &[Shape] = &[
    Shape {
        kind: "Grafana Cloud access policy token",
        prefixes: &["glc_"],
        prefix_in_secret: true,
        body: grafana_cloud_token,
    },
    Shape {
        kind: "Grafana service account token",
        prefixes: &["glsa_"],
        prefix_in_secret: true,
        body: grafana_service_account_token,
    },
    Shape {
        kind: "JSON Web Token",
        prefixes: &["eyJ"],
        prefix_in_secret: true,
        body: json_web_token,
    },
    Shape {
        kind: "Grafana API key",
        prefixes: &["eyJrIjoi"],
        prefix_in_secret: true,
        body: grafana_api_key,
    },
    Shape {
        kind: "AWS access key ID",
        prefixes: &["AKIA", "ASIA"],
        prefix_in_secret: true,
        body: aws_access_key_id,
    },
    Shape {
        kind: "GitHub token",
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        prefix_in_secret: true,
        body: github_token,
    },
    Shape {
        kind: "GitHub fine-grained token",
        prefixes: &["github_pat_"],
        prefix_in_secret: true,
        body: github_fine_grained_token,
    },
    Shape {
        kind: "GitLab personal access token",
        prefixes: &["glpat-"],
        prefix_in_secret: true,
        body: gitlab_token,
    },
    Shape {
        kind: "Slack token",
        prefixes: &[
            "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-",
        ],
        prefix_in_secret: true,
        body: slack_token,
    },
    Shape {
        kind: "Slack webhook URL",
        prefixes: &["hooks.slack.com/services/"],
        prefix_in_secret: false,
        body: slack_webhook_path,
    },
    Shape {
        kind: "Google API key",
        prefixes: &["AIza"],
        prefix_in_secret: true,
        body: google_api_key,
    },
    Shape {
        kind: "private key",
        prefixes: &["-----BEGIN "],
        prefix_in_secret: true,
        body: private_key_block,
    },
];

/// An HTTP `Authorization` scheme whose parameter is a credential.
struct AuthScheme {
    /// Its name, matched case-insensitively (RFC 9110 says scheme names
    /// are). The name is not part of the secret.
    name: &'static str,
    /// What its parameter is, for [`Credential::kind`].
    kind: &'static str,
    /// The length of the parameter, if the bytes after the blanks are one.
    parameter: fn(&[u8]) -> Option<usize>,
}

/// Every scheme [`find_credentials`] recognises.
const AUTH_SCHEMES: &[AuthScheme] = &[
    AuthScheme {
        name: "Bearer",
        kind: "bearer token",
        parameter: bearer_token,
    },
    AuthScheme {
        name: "Basic",
        kind: "HTTP basic credentials",
        parameter: basic_credentials,
    },
];

/// The credentials in `text`, the unquoted content of a string literal, in
/// order and without overlaps.
pub fn find_credentials(text: &str) -> Vec<Credential> {
    find_credentials_in(text.as_bytes())
}

/// [`find_credentials`] over raw bytes: a whole source file, which may not
/// be valid UTF-8. Every shape is ASCII, so offsets fall on character
/// boundaries wherever the text is valid.
pub fn find_credentials_in(b: &[u8]) -> Vec<Credential> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Tokens start at a word boundary: `xglc_…` or `MYAKIA…` are
        // parts of some other word, not tokens.
        if (i > 0 && is_word(b[i - 1])) || !STARTS[usize::from(b[i])] {
            i += 1;
            continue;
        }
        if let Some(c) = shape_at(b, i) {
            i = c.end;
            found.push(c);
            continue;
        }
        if let Some((token_start, c)) = auth_scheme_at(b, i) {
            match c {
                Some(c) => {
                    i = c.end;
                    found.push(c);
                }
                // A specific shape after the scheme (`Bearer glc_…`) names
                // the credential better: let the next round find it.
                None => i = token_start,
            }
            continue;
        }
        i += 1;
    }
    found
}

/// The bytes a shape's prefix or a scheme name starts with: most bytes of
/// a text start nothing, and are passed over without trying each shape
/// (the scan runs over whole files).
static STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut s = 0;
    while s < SHAPES.len() {
        let mut p = 0;
        while p < SHAPES[s].prefixes.len() {
            table[SHAPES[s].prefixes[p].as_bytes()[0] as usize] = true;
            p += 1;
        }
        s += 1;
    }
    let mut a = 0;
    while a < AUTH_SCHEMES.len() {
        let first = AUTH_SCHEMES[a].name.as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        a += 1;
    }
    table
};

/// The shape of [`SHAPES`] that starts at `i`, if any.
fn shape_at(b: &[u8], i: usize) -> Option<Credential> {
    let rest = &b[i..];
    SHAPES.iter().find_map(|shape| {
        let prefix = shape
            .prefixes
            .iter()
            .find(|p| rest.starts_with(p.as_bytes()))?;
        let after = i + prefix.len();
        let len = (shape.body)(&b[after..])?;
        Some(Credential {
            kind: shape.kind,
            start: if shape.prefix_in_secret { i } else { after },
            end: after + len,
        })
    })
}

/// An `Authorization` scheme word at `i`, then blanks, then its credential.
/// Returns where the credential starts, and the credential unless a
/// specific shape starts there instead.
fn auth_scheme_at(b: &[u8], i: usize) -> Option<(usize, Option<Credential>)> {
    let rest = &b[i..];
    AUTH_SCHEMES.iter().find_map(|scheme| {
        let name = scheme.name.as_bytes();
        if !rest.get(..name.len())?.eq_ignore_ascii_case(name) {
            return None;
        }
        let blanks = run(&rest[name.len()..], |c| c == b' ' || c == b'\t');
        if blanks == 0 {
            return None;
        }
        let start = i + name.len() + blanks;
        if shape_at(b, start).is_some() {
            return Some((start, None));
        }
        let len = (scheme.parameter)(&b[start..])?;
        let credential = Credential {
            kind: scheme.kind,
            start,
            end: start + len,
        };
        Some((start, Some(credential)))
    })
}

/// `glc_` + base64 of the token's JSON. At least 20 characters, and at
/// least one capital letter: base64 of JSON always has some, while a
/// snake_case metric or label name that happens to start `glc_` has none.
fn grafana_cloud_token(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| is_base64(c) || c == b'-' || c == b'_');
    (n >= 20 && b[..n].iter().any(u8::is_ascii_uppercase)).then_some(n)
}

/// `glsa_` + 32 alphanumerics + `_` + an 8-hex-digit checksum.
fn grafana_service_account_token(b: &[u8]) -> Option<usize> {
    let key = run(b, |c| c.is_ascii_alphanumeric());
    if key != 32 || b.get(32) != Some(&b'_') {
        return None;
    }
    let sum = run(&b[33..], |c| c.is_ascii_hexdigit());
    (sum >= 8 && ends_word(b, 41)).then_some(41)
}

/// After `eyJ` (base64 of `{"`): three base64url segments separated by dots:
/// header, payload, signature. Short segments are not accepted: a real
/// header and signature are tens of characters, and unsigned tokens
/// (`alg: none`) carry no secret.
fn json_web_token(b: &[u8]) -> Option<usize> {
    let header = run(b, is_base64url);
    if header < 10 || b.get(header) != Some(&b'.') {
        return None;
    }
    let payload_at = header + 1;
    let payload = run(&b[payload_at..], is_base64url);
    let signature_at = payload_at + payload + 1;
    if payload < 10 || b.get(signature_at - 1) != Some(&b'.') {
        return None;
    }
    let signature = run(&b[signature_at..], is_base64url);
    (signature >= 16).then_some(signature_at + signature)
}

/// After `eyJrIjoi` (base64 of `{"k":"`): the rest of the key's JSON in
/// standard base64; the smallest real key is well over 40 characters.
fn grafana_api_key(b: &[u8]) -> Option<usize> {
    let n = run(b, is_base64);
    (n >= 32 && ends_word(b, n)).then_some(n)
}

/// After `AKIA`/`ASIA`: exactly 16 capitals and digits.
fn aws_access_key_id(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
    (n == 16 && ends_word(b, n)).then_some(n)
}

/// After `ghp_` and kin: 36 alphanumerics (30 random, 6 checksum); allow
/// longer ones, as GitHub reserves the right to lengthen them.
fn github_token(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric());
    (n >= 36 && ends_word(b, n)).then_some(n)
}

/// After `github_pat_`: 22 alphanumerics, `_`, 59 alphanumerics.
fn github_fine_grained_token(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'_');
    (n >= 40).then_some(n)
}

/// After `glpat-`: 20 or more URL-safe characters.
fn gitlab_token(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
    (n >= 20).then_some(n)
}

/// After `xoxb-` and kin: dash-separated team, user and secret parts. The
/// team and user ids are numeric, so a real token always has digits.
fn slack_token(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'-');
    (n >= 10 && b[..n].iter().any(u8::is_ascii_digit)).then_some(n)
}

/// After `hooks.slack.com/services/`: `T<team>/B<channel>/<secret>`.
fn slack_webhook_path(b: &[u8]) -> Option<usize> {
    let mut at = 0;
    for lead in [b'T', b'B'] {
        if b.get(at) != Some(&lead) {
            return None;
        }
        let id = run(&b[at..], |c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if id < 8 || b.get(at + id) != Some(&b'/') {
            return None;
        }
        at += id + 1;
    }
    let secret = run(&b[at..], |c| c.is_ascii_alphanumeric());
    (secret >= 16).then_some(at + secret)
}

/// After `AIza`: exactly 35 URL-safe characters.
fn google_api_key(b: &[u8]) -> Option<usize> {
    let n = run(b, is_base64url);
    (n == 35).then_some(n)
}

/// After `-----BEGIN `: a `... PRIVATE KEY-----` label (RSA, EC, OPENSSH,
/// ENCRYPTED, PGP `... PRIVATE KEY BLOCK`), then everything up to the
/// matching `-----END ...-----`. A block without its end still leaks the
/// key material it has, so it runs to the end of the text. Certificates
/// and public keys are not secrets and do not match.
fn private_key_block(b: &[u8]) -> Option<usize> {
    let label = run(b, |c| {
        c.is_ascii_uppercase() || c.is_ascii_digit() || c == b' '
    });
    let name = &b[..label];
    if !(name.ends_with(b"PRIVATE KEY") || name.ends_with(b"PRIVATE KEY BLOCK")) {
        return None;
    }
    if !b[label..].starts_with(b"-----") {
        return None;
    }
    let body_at = label + 5;
    let Some(end_at) = find(&b[body_at..], b"-----END ") else {
        return Some(b.len());
    };
    let after_end = body_at + end_at + 9;
    match find(&b[after_end..], b"-----") {
        Some(close) => Some(after_end + close + 5),
        None => Some(b.len()),
    }
}

/// A bearer token (RFC 6750 `b64token`) of at least 20 characters, with
/// both letters and digits: placeholders like `YOUR_TOKEN_GOES_HERE` have
/// no digits, and generated tokens always have both.
fn bearer_token(b: &[u8]) -> Option<usize> {
    let chars = run(b, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
    });
    let n = chars + run(&b[chars..], |c| c == b'=');
    let token = &b[..n];
    let ok = n >= 20
        && token.iter().any(u8::is_ascii_alphabetic)
        && token.iter().any(u8::is_ascii_digit)
        && ends_word(b, n);
    ok.then_some(n)
}

/// Basic credentials: base64 of `user:password`. Decoded and checked, so
/// that the English word "basic" followed by some other word never matches.
fn basic_credentials(b: &[u8]) -> Option<usize> {
    let n = run(b, is_base64);
    if n < 8 || !ends_word(b, n) {
        return None;
    }
    let decoded = decode_base64(&b[..n])?;
    let text = std::str::from_utf8(&decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    (!user.is_empty() && !password.is_empty()).then_some(n)
}

/// Standard padded base64, or `None` if `b` is not.
fn decode_base64(b: &[u8]) -> Option<Vec<u8>> {
    if b.len() % 4 != 0 {
        return None;
    }
    let data = b
        .strip_suffix(b"==")
        .or_else(|| b.strip_suffix(b"="))
        .unwrap_or(b);
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// How many leading bytes of `b` satisfy `ok`.
fn run(b: &[u8], ok: impl Fn(u8) -> bool) -> usize {
    b.iter().take_while(|&&c| ok(c)).count()
}

/// Whether a token of length `n` at the start of `b` ends at a word
/// boundary, rather than being the head of a longer word.
fn ends_word(b: &[u8], n: usize) -> bool {
    b.get(n).is_none_or(|&c| !is_word(c))
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A byte that continues a word: a token next to one is part of it.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The standard base64 alphabet, with padding.
fn is_base64(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
}

/// The URL-safe base64 alphabet, unpadded.
fn is_base64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// The part of `secret` that may be shown: a public scheme prefix (`glc_`,
/// `AKIA`, `-----BEGIN`) when it has one and enough after it; else the first
/// two characters of a long value, which narrow nothing down; else nothing.
fn shown_prefix(secret: &str) -> &str {
    let chars = secret.chars().count();
    let scheme = SHAPES
        .iter()
        .filter(|s| s.prefix_in_secret)
        .flat_map(|s| s.prefixes.iter())
        .chain(AUTH_SCHEMES.iter().map(|scheme| &scheme.name))
        .map(|p| p.trim_end())
        .filter(|p| secret.starts_with(p))
        .max_by_key(|p| p.len());
    // The scheme must leave at least 8 characters unshown, or showing it
    // would show most of a (short, probably fake) value.
    match scheme {
        Some(p) if chars >= p.len() + 8 => p,
        _ if chars >= 12 => {
            let two = secret
                .char_indices()
                .nth(2)
                .map_or(secret.len(), |(i, _)| i);
            &secret[..two]
        }
        _ => "",
    }
}

/// `secret` as a message may show it: at most a short public prefix and the
/// length, as in `glc_…(92 chars)` or `…(8 chars)`.
pub fn redact(secret: &str) -> String {
    let chars = secret.chars().count();
    let unit = if chars == 1 { "char" } else { "chars" };
    format!("{}…({chars} {unit})", shown_prefix(secret))
}

/// Masks `bytes[start..end]` in place: the short prefix [`redact`] would
/// show, then `*`. Every byte is replaced by one ASCII byte and line breaks
/// are kept, so the length does not change and the lines and columns of
/// everything else in a source stay valid for the code frame that shows it
/// (a multi-line secret, such as a private key, must not shift the line
/// numbers after it). A range past the end of `bytes` is cut to it:
/// masking is for display and must not panic.
pub fn mask_in_place(bytes: &mut [u8], start: usize, end: usize) {
    let end = end.min(bytes.len());
    let start = start.min(end);
    let range = &mut bytes[start..end];
    // A range that splits a character has no prefix worth keeping; a
    // non-ASCII prefix cannot be kept byte for byte in ASCII.
    let keep = std::str::from_utf8(range)
        .map(shown_prefix)
        .ok()
        .filter(|p| p.is_ascii())
        .map_or(0, str::len);
    for byte in &mut range[keep..] {
        if !matches!(*byte, b'\n' | b'\r') {
            *byte = b'*';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test tokens are assembled at run time from fragments so that secret
    // scanners (GitHub push protection, this linter) do not flag the source.

    fn glc() -> String {
        format!(
            "gl{}_{}",
            "c", "eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrLTEyMy1hbGxveSIsImsiOiJBYkNkRWZHaDEyMzQ1Njc4OTBJaktMIiwibSI6eyJyIjoidXMifX0="
        )
    }

    fn kinds(text: &str) -> Vec<&'static str> {
        find_credentials(text).iter().map(|c| c.kind).collect()
    }

    /// The one credential in `text`, and that it covers exactly `secret`.
    fn assert_finds(text: &str, secret: &str, kind: &str) {
        let found = find_credentials(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        assert_eq!(found[0].kind, kind, "{text:?}");
        assert_eq!(&text[found[0].start..found[0].end], secret, "{text:?}");
    }

    #[test]
    fn finds_each_kind() {
        let glc = glc();
        assert_finds(&glc, &glc, "Grafana Cloud access policy token");
        assert_finds(
            &format!("password={glc}&x"),
            &glc,
            "Grafana Cloud access policy token",
        );

        let glsa = format!(
            "gl{}_{}_{}",
            "sa", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH", "0a1b2c3d"
        );
        assert_finds(&glsa, &glsa, "Grafana service account token");

        let jwt = format!(
            "ey{}.{}.{}",
            "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
            "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
        assert_finds(&jwt, &jwt, "JSON Web Token");

        let api_key = format!(
            "eyJr{}",
            "IjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk4iLCJuIjoiYWRtaW4iLCJpZCI6MX0="
        );
        assert_finds(&api_key, &api_key, "Grafana API key");

        let aws = format!("AK{}", "IAIOSFODNN7EXAMPLE");
        assert_finds(&aws, &aws, "AWS access key ID");
        let sts = format!("AS{}", "IAJEXAMPLEXEG2JICE");
        assert_finds(&sts, &sts, "AWS access key ID");

        for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let gh = format!("{p}{}", "a1B2c3D4e5".repeat(3) + "F6g7H8");
            assert_finds(&gh, &gh, "GitHub token");
        }
        let pat = format!(
            "github_{}_{}_{}",
            "pat",
            "11ABCDEFG0123456789abc",
            "x9".repeat(29) + "Z"
        );
        assert_finds(&pat, &pat, "GitHub fine-grained token");

        let gitlab = format!("glp{}-{}", "at", "xY12-ab34_CD56ef78GH90");
        assert_finds(&gitlab, &gitlab, "GitLab personal access token");

        let slack = format!(
            "xo{}-{}",
            "xb", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
        );
        assert_finds(&slack, &slack, "Slack token");
        let hook_secret = format!(
            "T{}/B{}/{}",
            "01234567", "89ABCDEF", "aBcDeFgHiJkLmNoPqRsTuVwX"
        );
        assert_finds(
            &format!("https://hooks.slack.com/services/{hook_secret}"),
            &hook_secret,
            "Slack webhook URL",
        );

        let google = format!("AI{}", "zaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5pQ6");
        assert_finds(&google, &google, "Google API key");

        let key = format!(
            "-----BEGIN RSA {0}-----\nMIIEowIBAAKCAQEA\n-----END RSA {0}-----",
            "PRIVATE KEY"
        );
        assert_finds(&format!("{key}\n"), &key, "private key");
        let openssh = format!(
            "-----BEGIN OPENSSH {}-----\nb3BlbnNzaC1rZXkt",
            "PRIVATE KEY"
        );
        assert_finds(&openssh, &openssh, "private key");

        let bearer = "4f8a9c2e1b7d6a3f0e5c9b8a7d6e5f4c";
        assert_finds(&format!("Bearer {bearer}"), bearer, "bearer token");
        assert_finds(
            &format!("authorization: bearer  {bearer}"),
            bearer,
            "bearer token",
        );
        // The specific shape names the credential better than "bearer".
        assert_finds(
            &format!("Bearer {glc}"),
            &glc,
            "Grafana Cloud access policy token",
        );

        assert_finds(
            "Basic dXNlcjpwYXNzd29yZA==",
            "dXNlcjpwYXNzd29yZA==",
            "HTTP basic credentials",
        );
    }

    #[test]
    fn finds_several_in_order() {
        let glc = glc();
        let aws = format!("AK{}", "IAIOSFODNN7EXAMPLE");
        let text = format!("{aws} and {glc}");
        assert_eq!(
            kinds(&text),
            ["AWS access key ID", "Grafana Cloud access policy token"]
        );
    }

    #[test]
    fn ordinary_config_strings_are_not_credentials() {
        for ok in [
            "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push",
            "https://logs-prod-006.grafana.net/loki/api/v1/push",
            "tempo-prod-04-prod-us-east-0.grafana.net:443",
            "__meta_kubernetes_pod_label_(.+)",
            "(?P<level>\\w+) (?P<msg>.*)",
            "/var/log/*.log",
            "/run/secrets/grafana-token",
            "GRAFANA_CLOUD_API_KEY",
            "${GRAFANA_CLOUD_TOKEN}",
            "wpt_worker_requests_total",
            "glc_",
            "glc_short",
            "glc_requests_total_by_instance_name",
            "glsa_",
            "AKIA",
            "AKIAIOSFODNN7EXAMPL",
            "AKIAIOSFODNN7EXAMPLEX",
            "XAKIAIOSFODNN7EXAMPLE",
            "ghp_",
            "xoxb-",
            "xoxb-not-a-token",
            "AIza",
            "eyJ",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----",
            "Bearer ${TOKEN}",
            "Bearer YOUR_TOKEN_GOES_HERE_PLEASE",
            "Bearer",
            "basic authentication is enabled",
            "Basic auth",
            "1402587",
            "localhost:12345",
            "",
        ] {
            assert!(
                find_credentials(ok).is_empty(),
                "{ok:?}: {:?}",
                find_credentials(ok)
            );
        }
    }

    #[test]
    fn multi_byte_text_is_scanned_safely() {
        let glc = glc();
        let text = format!("clé → {glc} ✓");
        let found = find_credentials(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], glc);
    }

    #[test]
    fn redaction_shows_the_scheme_prefix_and_length() {
        let glc = glc();
        assert_eq!(redact(&glc), format!("glc_…({} chars)", glc.len()));
        assert_eq!(
            redact(&format!("AK{}", "IAIOSFODNN7EXAMPLE")),
            "AKIA…(20 chars)"
        );
        let key = format!("-----BEGIN EC {}-----\nMHcCAQEE", "PRIVATE KEY");
        assert_eq!(redact(&key), format!("-----BEGIN…({} chars)", key.len()));
        assert_eq!(redact("xoxb-123456789012-abc"), "xoxb-…(21 chars)");
    }

    #[test]
    fn redaction_of_other_values_shows_two_characters_at_most() {
        assert_eq!(redact("hunter22"), "…(8 chars)");
        assert_eq!(redact("s3cr3t-passw0rd"), "s3…(15 chars)");
        assert_eq!(redact("x"), "…(1 char)");
        assert_eq!(redact(""), "…(0 chars)");
        assert_eq!(redact("éèêëēėęěĕȩ!!"), "éè…(12 chars)");
        // A value that is nothing but a prefix is not shown at all.
        assert_eq!(redact("glc_abc"), "…(7 chars)");
    }

    #[test]
    fn redaction_never_contains_more_than_the_prefix() {
        let glc = glc();
        let values = [
            glc.as_str(),
            "AKIAIOSFODNN7EXAMPLE",
            "s3cr3t-passw0rd",
            "hunter22",
            "glc_abcdefgh",
        ];
        for v in values {
            let shown = redact(v);
            let prefix = shown.split('…').next().unwrap();
            assert!(v.starts_with(prefix), "{v}");
            assert!(prefix.len() <= 10, "{v}: {shown}");
            // No run of the secret beyond the prefix appears anywhere.
            assert!(
                !shown.contains(&v[prefix.len()..prefix.len() + 4]),
                "{v}: {shown}"
            );
        }
    }

    #[test]
    fn mask_keeps_length_and_only_the_prefix() {
        let glc = glc();
        let source = format!("password = \"{glc}\"\nnext = 1\n");
        let start = source.find("glc_").unwrap();
        let mut bytes = source.clone().into_bytes();
        mask_in_place(&mut bytes, start, start + glc.len());
        let masked = String::from_utf8(bytes).unwrap();
        assert_eq!(masked.len(), source.len());
        assert_eq!(
            masked,
            format!(
                "password = \"glc_{}\"\nnext = 1\n",
                "*".repeat(glc.len() - 4)
            )
        );
    }

    #[test]
    fn mask_replaces_every_byte_of_multi_byte_text() {
        let source = "a = \"pässwörd-très-secret\"";
        let start = 5;
        let end = source.len() - 1;
        let mut bytes = source.as_bytes().to_vec();
        mask_in_place(&mut bytes, start, end);
        assert_eq!(bytes.len(), source.len());
        let masked = String::from_utf8(bytes).unwrap();
        // "pä" is not ASCII, so no prefix survives.
        assert_eq!(masked, format!("a = \"{}\"", "*".repeat(end - start)));
        assert!(masked.is_ascii());

        // A short value: nothing kept. A range past the end: cut, no panic.
        let mut short = b"hunter22".to_vec();
        mask_in_place(&mut short, 0, 100);
        assert_eq!(short, b"********");
        // A range that splits a character keeps no prefix.
        let mut split = "é0123456789abcdef".as_bytes().to_vec();
        let end = split.len();
        mask_in_place(&mut split, 1, end);
        assert_eq!(&split[1..], "*".repeat(split.len() - 1).as_bytes());
    }
}

/// `text` with every credential-shaped run masked in place (same length):
/// for output that shows a file's own lines, such as `fmt --diff` in a CI
/// log, where the checker's knowledge of secret arguments is not at hand.
pub fn mask_credentials(text: &str) -> String {
    let found = find_credentials(text);
    if found.is_empty() {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for c in &found {
        mask_in_place(&mut bytes, c.start, c.end);
    }
    // Masking writes ASCII over whole characters' bytes only where the
    // range starts and ends on character boundaries, which credential
    // matches do.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod masking_tests {
    #[test]
    fn masks_tokens_in_diff_lines() {
        let line = "+\tpassword = \"glc_FAKEexampleTOKENnotREAL000\"\n";
        let masked = super::mask_credentials(line);
        assert_eq!(masked.len(), line.len());
        assert!(!masked.contains("FAKEexample"));
        assert!(masked.starts_with("+\tpassword = \"glc_"));
        assert_eq!(super::mask_credentials("a = 1\n"), "a = 1\n");
    }
}
