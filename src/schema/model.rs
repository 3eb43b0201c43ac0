//! The shape of `schemas/components.json` (see `schemas/README.md` of the
//! shared extraction): components, config blocks and stdlib functions.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::types::{Type, TypeError};

/// The whole schema.
#[derive(Debug, Clone, Deserialize)]
pub struct Schema {
    /// The grafana/alloy commit the facts come from.
    pub alloy_commit: String,
    /// Every component of a production Alloy build, by name.
    pub components: BTreeMap<String, Node>,
    /// Config blocks (`logging`, `declare`, `import.file`, ...), by name.
    pub config_blocks: BTreeMap<String, Node>,
    /// Stdlib identifiers (`sys.env`, `encoding.from_json`, ...), by name.
    pub stdlib: BTreeMap<String, StdlibEntry>,
}

/// A component, config block or nested block.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Node {
    /// `generally-available`, `public-preview`, `experimental` or `community`.
    #[serde(default)]
    pub stability: Option<String>,
    /// A community component: enabled by
    /// `--feature.community-components.enabled`, not by stability.
    #[serde(default)]
    pub community: bool,
    /// Config blocks: `config`, `service`, `import` or `declare`.
    #[serde(default)]
    pub kind: Option<String>,
    /// `config` where the body is a nested configuration (`declare`,
    /// `foreach`'s `template`) rather than arguments and blocks of this
    /// node, so its contents are checked as statements.
    #[serde(default)]
    pub body: Option<String>,
    /// Whether the block takes a label.
    #[serde(default)]
    pub labelled: bool,
    /// For nested blocks: must be present.
    #[serde(default)]
    pub required: bool,
    /// For nested blocks: may be given more than once.
    #[serde(default)]
    pub repeated: bool,
    /// Attributes, by name.
    #[serde(default)]
    pub arguments: BTreeMap<String, Argument>,
    /// Nested blocks, by name.
    #[serde(default)]
    pub blocks: BTreeMap<String, Node>,
    /// Exported fields, by name.
    #[serde(default)]
    pub exports: BTreeMap<String, Export>,
    /// Groups of members of which at most one (or exactly one) may be set.
    #[serde(default)]
    pub exclusive_groups: Vec<ExclusiveGroup>,
    /// Config blocks: `root_only`, `module_only` or `anywhere`.
    #[serde(default)]
    pub placement: Option<String>,
    /// Config blocks: at most one per configuration.
    #[serde(default)]
    pub singleton: bool,
    /// Enum blocks (such as `stage.json` in `loki.process`): the enum.
    #[serde(default)]
    pub enum_member_of: Option<String>,
    /// The block has the same schema as the ancestor at this path.
    #[serde(default)]
    pub recursive_ref: Option<String>,
}

/// An attribute of a block.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "ArgumentJson")]
pub struct Argument {
    /// Type notation as the docs write it; kept for messages, which should
    /// quote the reference rather than our normalised form.
    pub type_notation: String,
    /// `type_notation`, parsed when the entry is read so that a bad notation
    /// fails there (and in the catalog test), not in the middle of a check.
    pub ty: Type,
    /// Must be set.
    pub required: bool,
    /// Default as the docs write it.
    pub default: Option<String>,
    /// `code` when `default` is a literal, `text` when it is prose.
    pub default_format: Option<String>,
    /// What Alloy's decoder accepts (`string`, `number`, `bool`, `array`,
    /// `object`, `secret`, `capsule`, `any`, `function`), derived from the Go
    /// type; it decides where the docs' notation is looser than the code.
    pub value_type: Option<String>,
    /// The fields of an attribute whose Go type is a struct (an object, or
    /// a list of objects), by key; empty for every other attribute.
    pub object_fields: BTreeMap<String, Argument>,
    /// The only strings the argument accepts (or, for `number or string`,
    /// the strings it accepts besides numbers); empty when any string goes.
    /// Written in `schemas/dashboard.json`; Alloy's own enumerations are in
    /// [`super::enums`].
    pub values: Vec<String>,
}

#[derive(Deserialize)]
struct ArgumentJson {
    #[serde(rename = "type")]
    type_notation: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    default_format: Option<String>,
    #[serde(default)]
    value_type: Option<String>,
    #[serde(default)]
    object_fields: BTreeMap<String, Argument>,
    #[serde(default)]
    values: Vec<String>,
}

impl TryFrom<ArgumentJson> for Argument {
    type Error = TypeError;

    fn try_from(json: ArgumentJson) -> Result<Argument, TypeError> {
        Ok(Argument {
            ty: Type::parse(&json.type_notation)?,
            type_notation: json.type_notation,
            required: json.required,
            default: json.default,
            default_format: json.default_format,
            value_type: json.value_type,
            object_fields: json.object_fields,
            values: json.values,
        })
    }
}

/// An exported field.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "ExportJson")]
pub struct Export {
    /// Type notation as the docs write it.
    pub type_notation: String,
    /// `type_notation`, parsed.
    pub ty: Type,
    /// What the Go value decodes as (see [`Argument::value_type`]).
    pub value_type: Option<String>,
}

#[derive(Deserialize)]
struct ExportJson {
    #[serde(rename = "type")]
    type_notation: String,
    #[serde(default)]
    value_type: Option<String>,
}

impl TryFrom<ExportJson> for Export {
    type Error = TypeError;

    fn try_from(json: ExportJson) -> Result<Export, TypeError> {
        Ok(Export {
            ty: Type::parse(&json.type_notation)?,
            type_notation: json.type_notation,
            value_type: json.value_type,
        })
    }
}

/// Mutually exclusive members of a block.
#[derive(Debug, Clone, Deserialize)]
pub struct ExclusiveGroup {
    /// Attribute or block names.
    pub members: Vec<String>,
    /// `at_most_one` or `exactly_one`.
    pub rule: String,
    /// The Go `Validate()` method the rule comes from.
    #[serde(default)]
    pub source: Option<String>,
}

impl ExclusiveGroup {
    /// Whether Alloy counts a member as soon as it is given, whatever its
    /// value: the members are pointers, not checked for emptiness
    /// (`otelcol.auth.headers` `header`: `h.Value != nil`,
    /// internal/component/otelcol/auth/headers/headers.go:189-198).
    pub fn counts_presence(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.ends_with("(Header.Validate)"))
    }
}

/// A stdlib function or constant.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "StdlibEntryJson")]
pub struct StdlibEntry {
    /// `function` or `constant`.
    pub kind: String,
    /// `generally-available`, `public-preview` or `experimental`.
    pub stability: Option<String>,
    /// Parameters of a function.
    pub params: Vec<Param>,
    /// Whether the last parameter repeats.
    pub variadic: bool,
    /// A function's result type notation.
    pub returns: Option<String>,
    /// `returns`, parsed.
    pub returns_ty: Option<Type>,
    /// A constant's type notation.
    pub type_notation: Option<String>,
    /// `type_notation`, parsed.
    pub ty: Option<Type>,
    /// The function can fail at run time on valid-typed arguments.
    pub may_error: bool,
    /// `runtime` for functions that check their own arguments: their
    /// declared parameter types are looser than what they accept, so a
    /// checker should not hold arguments to them.
    pub arg_check: Option<String>,
    /// Deprecated (with a replacement).
    pub deprecated: bool,
    /// What to use instead of a deprecated entry.
    pub replacement: Option<String>,
}

#[derive(Deserialize)]
struct StdlibEntryJson {
    kind: String,
    #[serde(default)]
    stability: Option<String>,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    variadic: bool,
    #[serde(default)]
    returns: Option<String>,
    #[serde(default, rename = "type")]
    type_notation: Option<String>,
    #[serde(default)]
    may_error: bool,
    #[serde(default)]
    arg_check: Option<String>,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    replacement: Option<String>,
}

impl TryFrom<StdlibEntryJson> for StdlibEntry {
    type Error = TypeError;

    fn try_from(json: StdlibEntryJson) -> Result<StdlibEntry, TypeError> {
        let parse = |notation: &Option<String>| notation.as_deref().map(Type::parse).transpose();
        Ok(StdlibEntry {
            returns_ty: parse(&json.returns)?,
            ty: parse(&json.type_notation)?,
            kind: json.kind,
            stability: json.stability,
            params: json.params,
            variadic: json.variadic,
            returns: json.returns,
            type_notation: json.type_notation,
            may_error: json.may_error,
            arg_check: json.arg_check,
            deprecated: json.deprecated,
            replacement: json.replacement,
        })
    }
}

/// A stdlib parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "ParamJson")]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Type notation.
    pub type_notation: String,
    /// `type_notation`, parsed.
    pub ty: Type,
    /// May be left out.
    pub optional: bool,
}

#[derive(Deserialize)]
struct ParamJson {
    name: String,
    #[serde(rename = "type")]
    type_notation: String,
    #[serde(default)]
    optional: bool,
}

impl TryFrom<ParamJson> for Param {
    type Error = TypeError;

    fn try_from(json: ParamJson) -> Result<Param, TypeError> {
        Ok(Param {
            ty: Type::parse(&json.type_notation)?,
            name: json.name,
            type_notation: json.type_notation,
            optional: json.optional,
        })
    }
}

impl Schema {
    /// Reads a schema in the `components.json` format.
    pub fn from_json(text: &str) -> Result<Schema, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The whole bundled schema, read on first use. Costs milliseconds:
    /// lookups by name should go through [`super::Catalog`], which parses
    /// only the entries asked for.
    pub fn bundled() -> &'static Schema {
        static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
        SCHEMA.get_or_init(|| {
            Schema::from_json(include_str!("../../schemas/components.json"))
                .expect("the bundled schema is valid (tested)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Argument, Schema, StdlibEntry};

    #[test]
    fn bundled_schema_has_every_component() {
        let schema = Schema::bundled();
        assert_eq!(schema.components.len(), 184);
        let rw = &schema.components["prometheus.remote_write"];
        let endpoint = &rw.blocks["endpoint"];
        assert!(endpoint.repeated);
        assert!(endpoint.arguments["url"].required);
        assert_eq!(endpoint.arguments["bearer_token"].type_notation, "secret");
        assert_eq!(
            endpoint.arguments["bearer_token"].ty,
            crate::schema::Type::Secret
        );
        assert!(schema.config_blocks.contains_key("logging"));
        assert_eq!(schema.stdlib["sys.env"].params[0].name, "name");
    }

    #[test]
    fn a_bad_type_notation_fails_deserialization() {
        let err = serde_json::from_str::<Argument>(r#"{"type": "list(strin", "required": true}"#)
            .unwrap_err();
        assert!(err.to_string().contains("list(strin"), "{err}");
        let err = serde_json::from_str::<StdlibEntry>(
            r#"{"kind": "function", "params": [{"name": "x", "type": "frobnicate"}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("frobnicate"), "{err}");
        assert!(
            serde_json::from_str::<StdlibEntry>(r#"{"kind": "function", "returns": "lst"}"#)
                .is_err()
        );
    }
}
