//! Alloy's type notation, as the component reference writes it
//! (`list(map(string))`, `duration`, `secret`, `capsule(otelcol.Handler)`,
//! `list(otelcol.Consumer)`, `string or secret`), parsed once into [`Type`].

use std::fmt;

/// A value type of an argument, export or stdlib parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Any value.
    Any,
    /// A string.
    String,
    /// A number; `integer` is set for the integer spellings (`int`, `uint`,
    /// `integer`, `uint32`).
    Number {
        /// Whether only whole numbers are accepted.
        integer: bool,
    },
    /// `true` or `false`.
    Bool,
    /// A duration string such as `"15s"` (a unit is required).
    Duration,
    /// A secret: a string that is never shown.
    Secret,
    /// A list of values of one type.
    List(Box<Type>),
    /// An object whose values have one type.
    Map(Box<Type>),
    /// An object of any shape.
    Object,
    /// An opaque Go value of a kind, passed between components: Prometheus
    /// receivers, Loki receivers, OpenTelemetry consumers, targets, ...
    Capsule(CapsuleKind),
    /// One of several types (`string or secret`).
    Either(Vec<Type>),
}

/// The kinds of capsule values, by what they carry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CapsuleKind {
    /// `MetricsReceiver`: Prometheus samples (`prometheus.*` components).
    MetricsReceiver,
    /// `LogsReceiver`: Loki log entries (`loki.*` components).
    LogsReceiver,
    /// `ProfilesReceiver` and `pyroscope.Appendable`: profiles.
    ProfilesReceiver,
    /// `otelcol.Consumer`: OpenTelemetry traces, metrics and logs.
    OtelConsumer,
    /// `otelcol.Handler`: an OpenTelemetry extension (auth, storage, ...).
    OtelHandler,
    /// `RelabelRules`: Prometheus relabeling rules.
    RelabelRules,
    /// `Target`: one discovery target (a map of labels).
    Target,
    /// `Datasource`: a dashboard's `datasource.NAME` (dashboard schema only).
    Datasource,
    /// Any other kind, by the name the schema gives it.
    Other(String),
}

impl CapsuleKind {
    fn from_name(name: &str) -> CapsuleKind {
        match name {
            "MetricsReceiver" => CapsuleKind::MetricsReceiver,
            "LogsReceiver" => CapsuleKind::LogsReceiver,
            "ProfilesReceiver" | "pyroscope.Appendable" => CapsuleKind::ProfilesReceiver,
            "otelcol.Consumer" => CapsuleKind::OtelConsumer,
            "otelcol.Handler" => CapsuleKind::OtelHandler,
            "RelabelRules" => CapsuleKind::RelabelRules,
            "Target" => CapsuleKind::Target,
            "Datasource" => CapsuleKind::Datasource,
            other => CapsuleKind::Other(other.to_string()),
        }
    }

    /// The name the schema uses.
    pub fn name(&self) -> &str {
        match self {
            CapsuleKind::MetricsReceiver => "MetricsReceiver",
            CapsuleKind::LogsReceiver => "LogsReceiver",
            CapsuleKind::ProfilesReceiver => "ProfilesReceiver",
            CapsuleKind::OtelConsumer => "otelcol.Consumer",
            CapsuleKind::OtelHandler => "otelcol.Handler",
            CapsuleKind::RelabelRules => "RelabelRules",
            CapsuleKind::Target => "Target",
            CapsuleKind::Datasource => "Datasource",
            CapsuleKind::Other(name) => name,
        }
    }
}

/// A type notation that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// The notation.
    pub notation: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid type `{}`: {}", self.notation, self.reason)
    }
}

impl std::error::Error for TypeError {}

impl Type {
    /// Parses Alloy type notation.
    pub fn parse(notation: &str) -> Result<Type, TypeError> {
        let mut p = NotationParser {
            src: notation,
            rest: notation,
        };
        let ty = p.either()?;
        p.skip_spaces();
        if !p.rest.is_empty() {
            return Err(p.error(format!("unexpected `{}`", p.rest)));
        }
        Ok(ty)
    }
}

struct NotationParser<'a> {
    src: &'a str,
    rest: &'a str,
}

impl NotationParser<'_> {
    fn error(&self, reason: impl Into<String>) -> TypeError {
        TypeError {
            notation: self.src.to_string(),
            reason: reason.into(),
        }
    }

    fn skip_spaces(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn either(&mut self) -> Result<Type, TypeError> {
        let mut alternatives = vec![self.single()?];
        loop {
            self.skip_spaces();
            match self.rest.strip_prefix("or ") {
                Some(rest) => {
                    self.rest = rest;
                    alternatives.push(self.single()?);
                }
                None => break,
            }
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Type::Either(alternatives)
        })
    }

    fn name(&mut self) -> Result<&str, TypeError> {
        self.skip_spaces();
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return Err(self.error("expected a type name"));
        }
        let (name, rest) = self.rest.split_at(end);
        self.rest = rest;
        Ok(name)
    }

    fn argument(&mut self) -> Result<Type, TypeError> {
        self.skip_spaces();
        let Some(rest) = self.rest.strip_prefix('(') else {
            return Err(self.error("expected `(`"));
        };
        self.rest = rest;
        let inner = self.either()?;
        self.skip_spaces();
        let Some(rest) = self.rest.strip_prefix(')') else {
            return Err(self.error("expected `)`"));
        };
        self.rest = rest;
        Ok(inner)
    }

    fn single(&mut self) -> Result<Type, TypeError> {
        let name = self.name()?.to_string();
        Ok(match name.as_str() {
            "any" => Type::Any,
            "string" => Type::String,
            "bool" | "boolean" => Type::Bool,
            "number" | "float" | "float32" | "float64" => Type::Number { integer: false },
            "int" | "integer" | "uint" | "uint32" => Type::Number { integer: true },
            "duration" => Type::Duration,
            "secret" => Type::Secret,
            "object" => Type::Object,
            "list" => Type::List(Box::new(self.argument()?)),
            "map" => Type::Map(Box::new(self.argument()?)),
            "capsule" => {
                self.skip_spaces();
                let Some(rest) = self.rest.strip_prefix('(') else {
                    return Err(self.error("expected `(`"));
                };
                self.rest = rest;
                let kind = self.name()?.to_string();
                self.skip_spaces();
                let Some(rest) = self.rest.strip_prefix(')') else {
                    return Err(self.error("expected `)`"));
                };
                self.rest = rest;
                Type::Capsule(CapsuleKind::from_name(&kind))
            }
            // `receiver` is the docs' short word for a Prometheus receiver.
            "receiver" => Type::Capsule(CapsuleKind::MetricsReceiver),
            other if other.starts_with(|c: char| c.is_ascii_uppercase()) || other.contains('.') => {
                Type::Capsule(CapsuleKind::from_name(other))
            }
            other => return Err(self.error(format!("unknown type `{other}`"))),
        })
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number { integer: false } => f.write_str("number"),
            Type::Number { integer: true } => f.write_str("int"),
            Type::Bool => f.write_str("bool"),
            Type::Duration => f.write_str("duration"),
            Type::Secret => f.write_str("secret"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Object => f.write_str("object"),
            Type::Capsule(k) => f.write_str(k.name()),
            Type::Either(ts) => {
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{t}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_the_schema_uses() {
        let cases = [
            ("string", "string"),
            ("boolean", "bool"),
            ("duration", "duration"),
            ("list(map(string))", "list(map(string))"),
            ("map(list(secret))", "map(list(secret))"),
            ("list(otelcol.Consumer)", "list(otelcol.Consumer)"),
            ("capsule(otelcol.Handler)", "otelcol.Handler"),
            ("string or secret", "string or secret"),
            ("uint32", "int"),
            ("float64", "number"),
            ("list(receiver)", "list(MetricsReceiver)"),
            ("list(pyroscope.Appendable)", "list(ProfilesReceiver)"),
            ("RelabelRules", "RelabelRules"),
            ("list(Target)", "list(Target)"),
        ];
        for (notation, shown) in cases {
            let ty = Type::parse(notation).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ty.to_string(), shown, "{notation}");
        }
        assert_eq!(
            Type::parse("list(LogsReceiver)").unwrap(),
            Type::List(Box::new(Type::Capsule(CapsuleKind::LogsReceiver)))
        );
    }

    #[test]
    fn rejects_malformed_notation() {
        for bad in [
            "",
            "list(",
            "list(string",
            "map string",
            "strin g",
            "frobnicate",
        ] {
            assert!(Type::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
