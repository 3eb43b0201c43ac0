//! What is wrong with the bytes of a token file, judged as Alloy uses
//! them: `local.file` passes the file on unchanged. It reads it with
//! `os.ReadFile` (grafana/alloy internal/component/local/file/file.go:161)
//! and exports `string(bb)` as `content` (file.go:171): no decoding, no
//! trimming. A byte-order mark, a NUL or a line ending is then part of the
//! password or bearer token, and Grafana Cloud refuses every push.
//!
//! Only what the bytes are is described, never what they say: a token
//! file's content is never shown.

use super::cloud::is_secret_placeholder;

/// At most this much of a token file is read: a token is well under a
/// kilobyte, and a larger file is no token (a key bundle, a JSON
/// credentials file) whose bytes this module would judge.
pub const READ_LIMIT: u64 = 64 * 1024;

/// One thing wrong with a token file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// No bytes, or only line breaks and spaces.
    Empty,
    /// UTF-16 (with a byte-order mark, or shown by its NUL bytes), as
    /// Windows PowerShell 5.1 writes with `echo ... >` or `Out-File`.
    Utf16 { bom: bool },
    /// A UTF-8 byte-order mark, as Windows PowerShell 5.1 writes with
    /// `-Encoding utf8`.
    Utf8Bom,
    /// NUL bytes in a file that is not UTF-16.
    Nul,
    /// A line feed or carriage return at the end of a one-line file.
    LineEnding,
    /// A setup guide's stand-in instead of a token.
    Placeholder(&'static str),
}

impl Flaw {
    /// The flaw in words, to follow "the token file X ...".
    pub fn describe(self) -> String {
        match self {
            Flaw::Empty => "is empty".into(),
            Flaw::Utf16 { bom: true } => {
                "is UTF-16 with a byte-order mark (what `echo ... >` writes in Windows PowerShell 5.1)"
                    .into()
            }
            Flaw::Utf16 { bom: false } => "is UTF-16 (every other byte is NUL)".into(),
            Flaw::Utf8Bom => "starts with a UTF-8 byte-order mark".into(),
            Flaw::Nul => "holds NUL bytes".into(),
            Flaw::LineEnding => "ends with a line break, which Alloy keeps as part of the token".into(),
            Flaw::Placeholder(kind) => format!("holds a placeholder ({kind}), not a token"),
        }
    }
}

/// Every flaw of a token file whose bytes are `bytes`, in the order a
/// reader meets them (encoding, then content).
///
/// Line endings and placeholders are judged only for a file of one line:
/// a secret that spans lines (a PEM key, a JSON credentials file) is no
/// token, and its final line break is harmless.
pub fn flaws(bytes: &[u8]) -> Vec<Flaw> {
    let mut found = Vec::new();
    let text = match utf16(bytes) {
        Some((bom, text)) => {
            found.push(Flaw::Utf16 { bom });
            text
        }
        None => {
            let rest = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => {
                    found.push(Flaw::Utf8Bom);
                    rest
                }
                None => bytes,
            };
            if rest.contains(&0) {
                found.push(Flaw::Nul);
            }
            String::from_utf8_lossy(rest).into_owned()
        }
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .is_empty()
    {
        found.push(Flaw::Empty);
        return found;
    }
    let line = text.trim_end_matches(['\r', '\n']);
    if line.contains(['\r', '\n']) {
        return found;
    }
    if line.len() < text.len() {
        found.push(Flaw::LineEnding);
    }
    if let Some(kind) = is_secret_placeholder(line) {
        found.push(Flaw::Placeholder(kind));
    }
    found
}

/// The text of a UTF-16 file and whether it has a byte-order mark; `None`
/// for a file that is not UTF-16. Without a mark, UTF-16 text of ASCII
/// characters (a token) has a NUL as every other byte.
fn utf16(bytes: &[u8]) -> Option<(bool, String)> {
    let (bom, little_endian, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, true, rest),
        [0xFE, 0xFF, rest @ ..] => (true, false, rest),
        _ if bytes.len() >= 2 && bytes.len() % 2 == 0 => {
            let odd_nul = bytes.iter().skip(1).step_by(2).all(|&b| b == 0);
            let even_nul = bytes.iter().step_by(2).all(|&b| b == 0);
            match (odd_nul, even_nul) {
                (true, false) => (false, true, bytes),
                (false, true) => (false, false, bytes),
                _ => return None,
            }
        }
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let text = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some((bom, text))
}

/// How to write a token file right, for the help of a finding: the token
/// alone, in ASCII, without a line ending. `filename` is the file as the
/// configuration names it.
pub fn how_to_write(filename: &str) -> String {
    // .NET resolves a relative path against the process's directory, which
    // PowerShell's `cd` does not change: `$PWD` makes it the shell's.
    let absolute = filename.starts_with(['/', '\\']) || filename.get(1..2) == Some(":");
    let dotnet = if absolute {
        filename.to_owned()
    } else {
        format!("$PWD\\{filename}")
    };
    format!(
        "write the token alone, without a line ending: in PowerShell `Set-Content -NoNewline -Encoding ascii -Path '{filename}' -Value $token` or `[IO.File]::WriteAllText(\"{dotnet}\", $token)`; on Linux or macOS `printf '%s' \"$TOKEN\" > '{filename}'`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as Windows PowerShell 5.1's `echo text > file` writes it:
    /// UTF-16 little-endian, a byte-order mark, CRLF.
    fn powershell_echo(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for unit in format!("{text}\r\n").encode_utf16() {
            out.extend(unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn a_token_alone_is_fine() {
        assert_eq!(flaws(b"glc_FAKEexampleTOKENnotREAL000"), []);
        // A multi-line secret keeps its final line break.
        assert_eq!(
            flaws(b"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"),
            []
        );
    }

    #[test]
    fn each_flaw_is_found() {
        assert_eq!(flaws(b""), [Flaw::Empty]);
        assert_eq!(flaws(b"\r\n"), [Flaw::Empty]);
        assert_eq!(flaws(b"glc_FAKE\n"), [Flaw::LineEnding]);
        assert_eq!(flaws(b"glc_FAKE\r"), [Flaw::LineEnding]);
        assert_eq!(flaws(b"glc_FAKE\r\n"), [Flaw::LineEnding]);
        assert_eq!(flaws(b"\xEF\xBB\xBFglc_FAKE"), [Flaw::Utf8Bom]);
        assert_eq!(flaws(b"glc\0FAKE"), [Flaw::Nul]);
        assert_eq!(
            flaws(b"tu_api_key_aqui"),
            [Flaw::Placeholder("a fill-in-here text")]
        );
        assert_eq!(
            flaws(b"your_api_key\n"),
            [Flaw::LineEnding, Flaw::Placeholder("a fill-in-here text")]
        );
        assert_eq!(
            flaws(&powershell_echo("glc_FAKE")),
            [Flaw::Utf16 { bom: true }, Flaw::LineEnding]
        );
        let no_bom: Vec<u8> = "glc_FAKE"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(flaws(&no_bom), [Flaw::Utf16 { bom: false }]);
        let big_endian: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("glc_FAKE".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(flaws(&big_endian), [Flaw::Utf16 { bom: true }]);
        assert_eq!(
            flaws(&powershell_echo("")),
            [Flaw::Utf16 { bom: true }, Flaw::Empty]
        );
    }

    #[test]
    fn help_names_the_file_for_both_shells() {
        let help = how_to_write("grafana-token.txt");
        assert!(help.contains("-Path 'grafana-token.txt'"), "{help}");
        assert!(
            help.contains(r#"WriteAllText("$PWD\grafana-token.txt", $token)"#),
            "{help}"
        );
        assert!(
            help.contains(r#"printf '%s' "$TOKEN" > 'grafana-token.txt'"#),
            "{help}"
        );
        let help = how_to_write("C:/alloy/grafana-token.txt");
        assert!(
            help.contains(r#"WriteAllText("C:/alloy/grafana-token.txt""#),
            "{help}"
        );
    }

    #[test]
    fn descriptions_never_hold_the_content() {
        let token = "your_glc_FAKEexampleTOKEN";
        for flaw in flaws(format!("{token}\n").as_bytes()) {
            assert!(!flaw.describe().contains(token));
        }
    }
}
