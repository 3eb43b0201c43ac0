//! The typed rule code: one variant per registered rule.
//!
//! Code compares codes as values, never as text; the stable kebab-case
//! name ([`Code::as_str`]) is what outputs print and what users write (in
//! `alloy-lint.toml`, `// alloy-lint-ignore` comments and `explain`), and
//! [`Code::from_name`] is the one way back from such text.

use std::fmt;

/// Declares [`Code`] with its names, in registry order.
macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// A rule code. Its documentation (severity, explanation, fix) is
        /// the registry entry [`super::rule`] returns.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order `alloy-lint rules` lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name (`undefined-reference`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    // structure.rs
    TopLevelAttribute => "top-level-attribute",
    MissingLabel => "missing-label",
    UnexpectedLabel => "unexpected-label",
    DuplicateBlock => "duplicate-block",
    MisplacedBlock => "misplaced-block",
    // components.rs
    UnknownComponent => "unknown-component",
    UnstableFeature => "unstable-feature",
    // bodies.rs
    UnknownAttribute => "unknown-attribute",
    UnknownBlock => "unknown-block",
    ExpectedBlock => "expected-block",
    ExpectedAttribute => "expected-attribute",
    DuplicateAttribute => "duplicate-attribute",
    MissingAttribute => "missing-attribute",
    MissingBlock => "missing-block",
    RepeatedBlock => "repeated-block",
    ExclusiveArguments => "exclusive-arguments",
    MissingOneOf => "missing-one-of",
    // values.rs
    TypeMismatch => "type-mismatch",
    InvalidDuration => "invalid-duration",
    InvalidEnumValue => "invalid-enum-value",
    // validation.rs
    InvalidComponentConfig => "invalid-component-config",
    // clients.rs
    InvalidHttpClient => "invalid-http-client",
    InvalidUrl => "invalid-url",
    // relabel.rs
    InvalidRegex => "invalid-regex",
    InvalidRelabelRule => "invalid-relabel-rule",
    // references.rs
    UndefinedReference => "undefined-reference",
    SelfReference => "self-reference",
    Cycle => "cycle",
    UnknownExport => "unknown-export",
    ReferenceKindMismatch => "reference-kind-mismatch",
    // stdlib.rs
    UnknownFunction => "unknown-function",
    WrongArgumentCount => "wrong-argument-count",
    DeprecatedFunction => "deprecated-function",
    StdlibShadowing => "stdlib-shadowing",
    // pipeline.rs
    UnusedComponent => "unused-component",
    // credentials.rs
    CredentialInConfig => "credential-in-config",
    InlineSecret => "inline-secret",
    PlaintextSecret => "plaintext-secret",
    SecretNotMarked => "secret-not-marked",
    TokenFileMissing => "token-file-missing",
    TokenFileContent => "token-file-content",
    TokenFileNotIgnored => "token-file-not-ignored",
    TokenFileTracked => "token-file-tracked",
    // endpoints.rs
    GrafanaCloudEndpoint => "grafana-cloud-endpoint",
    EndpointShape => "endpoint-shape",
    GrpcEndpointScheme => "grpc-endpoint-scheme",
    GrafanaCloudUsername => "grafana-cloud-username",
    Placeholder => "placeholder",
    GrafanaCloudPlaceholder => "grafana-cloud-placeholder",
    // modules.rs
    ModuleNotFound => "module-not-found",
    ModuleError => "module-error",
    ImportCycle => "import-cycle",
    // hygiene.rs
    SyntaxError => "syntax-error",
    UnusedSuppression => "unused-suppression",
    InvalidSuppression => "invalid-suppression",
    TooManyDiagnostics => "too-many-diagnostics",
    // dashboards.rs
    InvalidUid => "invalid-uid",
    NonLiteralValue => "non-literal-value",
    ValueOutOfRange => "value-out-of-range",
    UnknownUnit => "unknown-unit",
    UndefinedVariable => "undefined-variable",
    VariableCycle => "variable-cycle",
    DuplicateRefId => "duplicate-ref-id",
    QueryLanguageMismatch => "query-language-mismatch",
    PanelDatasourceKind => "panel-datasource-kind",
    InvalidPromql => "invalid-promql",
    InvalidLogql => "invalid-logql",
    InvalidTraceql => "invalid-traceql",
    AlloyConfigNotFound => "alloy-config-not-found",
    SignalNotCollected => "signal-not-collected",
    UnknownScrapeJob => "unknown-scrape-job",
    UnknownScrapeService => "unknown-scrape-service",
}

impl Code {
    /// The code named `name` as a user writes it (`unused-component`), if
    /// there is one: the only place a code is read from text.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that `{:width$}` aligns codes in tables.
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
        assert_eq!(Code::from_name("Cycle"), None);
        assert_eq!(Code::from_name("no-such-rule"), None);
    }
}
