//! URLs as Go's `net/url.Parse` reads them: what it accepts and the error
//! it returns, with the bytes of the input at fault.
//!
//! Alloy parses a URL argument with `url.Parse` when it loads a
//! configuration (a `config.URL`'s `UnmarshalText`, a remote_write or
//! loki.write endpoint), so a URL Go refuses stops Alloy. This follows
//! Go 1.26's src/net/url/url.go (Alloy's go.mod says `go 1.26.7`, so the
//! strict-colon default, `urlstrictcolons=1`, applies), function by
//! function: `Parse`, `parse`, `getScheme`, `parseAuthority`, `parseHost`
//! (with go.dev/issue/75223 and 78077), `unescape`, `validOptionalPort`,
//! `validUserinfo` and `stringContainsCTLByte`. It is not a URL library:
//! it answers only whether `Parse` succeeds, with the parts a check needs.
//!
//! One difference is deliberate: Go checks a bracketed host with
//! `netip.ParseAddr`, whose many messages are not reproduced; an address
//! Rust's `Ipv6Addr` parser refuses gets Go's prefix (`invalid host:
//! ParseAddr("…")`) and a general reason.

use std::net::Ipv6Addr;
use std::ops::Range;

use crate::syntax::quote::{go_quote, go_quote_bytes};

/// The parts of a URL `Parse` accepted that checks look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// The scheme, lower-cased; empty without one.
    pub scheme: String,
    /// The host with its port as written (`Host`), empty without one.
    pub host: String,
    /// The input's range of the user information before `@`, if any.
    pub userinfo: Option<Range<usize>>,
}

/// Why `Parse` refuses a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// Go's error without the `parse "…": ` prefix: `invalid port ":31OO"
    /// after host`.
    pub reason: String,
    /// The bytes of the input at fault.
    pub at: Range<usize>,
    /// The URL Go's `*url.Error` quotes: the input up to `#`, or all of it
    /// for an error in the fragment.
    pub quoted: Range<usize>,
}

impl UrlError {
    /// Go's whole error (`parse "http://a:b": invalid port ":b" after
    /// host`) for `input`, with a password in the user information shown
    /// as `xxxxx` (as Go's `URL.Redacted` does) so a message never carries it.
    pub fn go_message(&self, input: &str) -> String {
        format!(
            "parse {}: {}",
            go_quote(&redacted(&input[self.quoted.clone()])),
            self.reason
        )
    }
}

/// `input` with the password of its user information replaced by `xxxxx`.
pub fn redacted(input: &str) -> String {
    let Some(start) = input.find("//").map(|i| i + 2) else {
        return input.to_owned();
    };
    let end = input[start..]
        .find(['/', '?', '#'])
        .map_or(input.len(), |i| start + i);
    let authority = &input[start..end];
    let Some(at) = authority.rfind('@') else {
        return input.to_owned();
    };
    match authority[..at].find(':') {
        Some(colon) => format!(
            "{}xxxxx{}",
            &input[..start + colon + 1],
            &input[start + at..]
        ),
        None => input.to_owned(),
    }
}

/// Parses `input` as `url.Parse(input)` does.
pub fn parse(input: &str) -> Result<Url, UrlError> {
    let (u, fragment) = match input.find('#') {
        Some(i) => (&input[..i], Some(i + 1)),
        None => (input, None),
    };
    let url = parse_reference(u).map_err(|(reason, at)| UrlError {
        reason,
        at,
        quoted: 0..u.len(),
    })?;
    if let Some(start) = fragment {
        unescape(&input[start..], start, Mode::Fragment).map_err(|(reason, at)| UrlError {
            reason,
            at,
            quoted: 0..input.len(),
        })?;
    }
    Ok(url)
}

/// An error's text and the input's bytes at fault.
type Failure = (String, Range<usize>);

/// `parse(rawURL, viaRequest=false)` over `raw` (the input before `#`,
/// so its offsets are the input's).
fn parse_reference(raw: &str) -> Result<Url, Failure> {
    if let Some(i) = raw.bytes().position(|b| b < b' ' || b == 0x7f) {
        return Err(("net/url: invalid control character in URL".into(), i..i + 1));
    }
    let mut url = Url {
        scheme: String::new(),
        host: String::new(),
        userinfo: None,
    };
    if raw == "*" {
        return Ok(url);
    }
    let (scheme, mut rest_start) = scheme_of(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let mut rest = &raw[rest_start..];
    // A single trailing `?` is an empty forced query; else the query is
    // cut off (and not checked).
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = &rest[..rest.len() - 1];
    } else if let Some(q) = rest.find('?') {
        rest = &rest[..q];
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // Opaque (`mailto:x`, `localhost:3100`): nothing more is read.
            return Ok(url);
        }
        let segment = rest.split('/').next().unwrap_or("");
        if segment.contains(':') {
            return Err((
                "first path segment in URL cannot contain colon".into(),
                rest_start..rest_start + segment.len(),
            ));
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let auth_start = rest_start + 2;
        let authority = &rest[2..];
        let auth_len = authority.find('/').unwrap_or(authority.len());
        let (userinfo, host) = parse_authority(&url.scheme, &authority[..auth_len], auth_start)?;
        url.userinfo = userinfo;
        url.host = host;
        rest_start = auth_start + auth_len;
        rest = &authority[auth_len..];
    }
    unescape(rest, rest_start, Mode::Path)?;
    Ok(url)
}

/// `getScheme`: the scheme and where the rest starts (0 without one).
fn scheme_of(raw: &str) -> Result<(&str, usize), Failure> {
    for (i, b) in raw.bytes().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err(("missing protocol scheme".into(), 0..1)),
            b':' => return Ok((&raw[..i], i + 1)),
            _ => return Ok(("", 0)),
        }
    }
    Ok(("", 0))
}

/// `parseAuthority`: the host is read (and refused) before the user
/// information.
fn parse_authority(
    scheme: &str,
    authority: &str,
    base: usize,
) -> Result<(Option<Range<usize>>, String), Failure> {
    let at = authority.rfind('@');
    let host_start = at.map_or(0, |i| i + 1);
    parse_host(scheme, &authority[host_start..], base + host_start)?;
    let host = authority[host_start..].to_owned();
    let Some(at) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..at];
    if !userinfo
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c))
    {
        // The user information is not quoted: it may hold a password.
        return Err(("net/url: invalid userinfo".into(), base..base + at));
    }
    match userinfo.find(':') {
        Some(colon) => {
            unescape(&userinfo[..colon], base, Mode::UserPassword)?;
            unescape(&userinfo[colon + 1..], base + colon + 1, Mode::UserPassword)?;
        }
        None => {
            unescape(userinfo, base, Mode::UserPassword)?;
        }
    }
    Ok((Some(base..base + at), host))
}

/// `parseHost`: `host[:port]`, an IP literal in brackets, colons strict
/// for http and https.
fn parse_host(scheme: &str, host: &str, base: usize) -> Result<(), Failure> {
    let invalid_port = |from: usize| {
        Err((
            format!("invalid port {} after host", go_quote(&host[from..])),
            base + from..base + host.len(),
        ))
    };
    match host.rfind('[') {
        Some(open) if open > 0 => {
            return Err(("invalid IP-literal".into(), base..base + host.len()));
        }
        Some(_) => {
            let Some(close) = host.rfind(']') else {
                return Err(("missing ']' in host".into(), base..base + host.len()));
            };
            if !valid_optional_port(&host[close + 1..]) {
                return invalid_port(close + 1);
            }
            let name = &host[1..close];
            let unescaped = match name.find("%25") {
                Some(zone) => {
                    let mut h = unescape(&name[..zone], base + 1, Mode::Host)?;
                    h.extend(unescape(&name[zone..], base + 1 + zone, Mode::Zone)?);
                    h
                }
                None => unescape(name, base + 1, Mode::Host)?,
            };
            let at = base + 1..base + close;
            let unescaped = String::from_utf8_lossy(&unescaped).into_owned();
            return match ip_literal(&unescaped) {
                IpLiteral::V6 => Ok(()),
                IpLiteral::V4 => Err(("invalid IP-literal".into(), at)),
                IpLiteral::Invalid(why) => Err((
                    format!("invalid host: ParseAddr({}): {why}", go_quote(&unescaped)),
                    at,
                )),
            };
        }
        None => {
            if let Some(first) = host.find(':') {
                let last = host.rfind(':').unwrap_or(first);
                // Go 1.26 takes the first colon for http(s) (a second one
                // makes the port invalid) and the last for other schemes
                // (host lists of databases), go.dev/issue/75223, 78077.
                let colon = if scheme == "http" || scheme == "https" {
                    first
                } else {
                    last
                };
                if !valid_optional_port(&host[colon..]) {
                    return invalid_port(colon);
                }
            }
        }
    }
    unescape(host, base, Mode::Host)?;
    Ok(())
}

/// What `netip.ParseAddr` makes of a bracketed host.
enum IpLiteral {
    V6,
    V4,
    Invalid(&'static str),
}

/// `netip.ParseAddr` as far as `parseHost` needs it: the first `.`, `:`
/// or `%` decides the family; an IPv6 zone follows `%` and may not be empty.
fn ip_literal(s: &str) -> IpLiteral {
    match s.find(['.', ':', '%']).map(|i| s.as_bytes()[i]) {
        // Valid or not, an IPv4 address in brackets is refused.
        Some(b'.') => match s.parse::<std::net::Ipv4Addr>() {
            Ok(_) => IpLiteral::V4,
            Err(_) => IpLiteral::Invalid("not a valid IPv4 address"),
        },
        Some(b':') => {
            let (addr, zone) = match s.split_once('%') {
                Some((a, z)) => (a, Some(z)),
                None => (s, None),
            };
            if zone == Some("") {
                return IpLiteral::Invalid("zone must be a non-empty string");
            }
            match addr.parse::<Ipv6Addr>() {
                Ok(_) => IpLiteral::V6,
                Err(_) => IpLiteral::Invalid("not a valid IPv6 address"),
            }
        }
        Some(_) => IpLiteral::Invalid("missing IPv6 address"),
        None => IpLiteral::Invalid("unable to parse IP"),
    }
}

/// `validOptionalPort`: empty, or `:` and digits (any number of them:
/// Go does not check the range).
fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
        None => port.is_empty(),
    }
}

/// The part of a URL being unescaped (Go's `encoding` modes that `Parse`
/// uses).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// `unescape`'s checks over `s` (at `base` in the input): every `%` starts
/// two hex digits; a host may %-encode only non-ASCII bytes (and `%25`),
/// a zone only what a host may hold, and a host holds no other ASCII
/// byte that would need escaping. Returns the unescaped bytes.
fn unescape(s: &str, base: usize, mode: Mode) -> Result<Vec<u8>, Failure> {
    let bytes = s.as_bytes();
    let escape_error = |from: usize, to: usize| {
        Err((
            format!("invalid URL escape {}", go_quote_bytes(&bytes[from..to])),
            base + from..base + to,
        ))
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                if i + 2 >= bytes.len()
                    || !bytes[i + 1].is_ascii_hexdigit()
                    || !bytes[i + 2].is_ascii_hexdigit()
                {
                    return escape_error(i, (i + 3).min(bytes.len()));
                }
                let value = hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]);
                let percent25 = &bytes[i..i + 3] == b"%25";
                if mode == Mode::Host && hex(bytes[i + 1]) < 8 && !percent25 {
                    return escape_error(i, i + 3);
                }
                if mode == Mode::Zone && !percent25 && value != b' ' && should_escape_in_host(value)
                {
                    return escape_error(i, i + 3);
                }
                out.push(value);
                i += 3;
            }
            b if matches!(mode, Mode::Host | Mode::Zone)
                && b < 0x80
                && should_escape_in_host(b) =>
            {
                return Err((
                    format!(
                        "invalid character {} in host name",
                        go_quote_bytes(&bytes[i..i + 1])
                    ),
                    base + i..base + i + 1,
                ));
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn hex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

/// `shouldEscape(c, encodeHost)`: a host keeps letters, digits, the
/// unreserved marks and RFC 3986's sub-delimiters, plus `:`, brackets,
/// `<`, `>` and `"`, which Go lets through.
fn should_escape_in_host(c: u8) -> bool {
    !(c.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&c))
}

#[cfg(test)]
mod tests;
