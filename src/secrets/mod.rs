//! Secrets in a source: where they are, and the source and messages with
//! them masked. Every command that shows a source's text (code frames,
//! diffs, semantic changes) shows it through [`SecretSpans::mask`], and
//! every message through [`MessageRedactor`].
//!
//! Between the syntax tree and its consumers: it reads the tree and the
//! schema, and knows nothing of checking, formatting or diffing.

pub mod message;
pub mod shapes;
pub mod shown;
pub mod spans;
pub mod url_password;

pub use message::{redact_message, MessageRedactor};
pub use shapes::{find_credentials, redact, Credential};
pub use shown::Shown;
pub use spans::{is_secret_name, SecretSpans};

/// What kind of credential `text` holds first (a token shape, a password in
/// a URL), if any: for output that must never carry one (generated
/// dashboards, imported files).
pub fn first_credential(text: &str) -> Option<&'static str> {
    if let Some(c) = find_credentials(text).first() {
        return Some(c.kind);
    }
    (!url_password::find_url_passwords(text.as_bytes()).is_empty()).then_some("password in a URL")
}
