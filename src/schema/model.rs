//! The shape of `schemas/components.json` (see `schemas/README.md` of the
//! shared extraction): components, config blocks and stdlib functions.

use std::collections::BTreeMap;

use serde::Deserialize;

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
    /// Whether the block takes a label.
    #[serde(default)]
    pub labelled: bool,
    /// For nested blocks: must be present.
    #[serde(default)]
    pub required: bool,
    /// For nested blocks: may be given more than once.
    #[serde(default)]
    pub repeated: bool,
    /// Attributes, by name, in declaration order of the Go struct.
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
pub struct Argument {
    /// Type notation, parsed by [`super::Type::parse`].
    #[serde(rename = "type")]
    pub type_notation: String,
    /// Must be set.
    #[serde(default)]
    pub required: bool,
    /// Default as the docs write it.
    #[serde(default)]
    pub default: Option<String>,
}

/// An exported field.
#[derive(Debug, Clone, Deserialize)]
pub struct Export {
    /// Type notation.
    #[serde(rename = "type")]
    pub type_notation: String,
}

/// Mutually exclusive members of a block.
#[derive(Debug, Clone, Deserialize)]
pub struct ExclusiveGroup {
    /// Attribute or block names.
    pub members: Vec<String>,
    /// `at_most_one` or `exactly_one`.
    pub rule: String,
}

/// A stdlib function or constant.
#[derive(Debug, Clone, Deserialize)]
pub struct StdlibEntry {
    /// `function` or `constant`.
    pub kind: String,
    /// Parameters of a function.
    #[serde(default)]
    pub params: Vec<Param>,
    /// Whether the last parameter repeats.
    #[serde(default)]
    pub variadic: bool,
    /// Deprecated (with a replacement).
    #[serde(default)]
    pub deprecated: bool,
    /// What to use instead of a deprecated entry.
    #[serde(default)]
    pub replacement: Option<String>,
}

/// A stdlib parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Type notation.
    #[serde(rename = "type")]
    pub type_notation: String,
    /// May be left out.
    #[serde(default)]
    pub optional: bool,
}

impl Schema {
    /// Reads a schema in the `components.json` format.
    pub fn from_json(text: &str) -> Result<Schema, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The schema bundled with alloy-lint, read on first use (only commands
    /// that check pay for it).
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
    use super::Schema;

    #[test]
    fn bundled_schema_has_every_component() {
        let schema = Schema::bundled();
        assert_eq!(schema.components.len(), 184);
        let rw = &schema.components["prometheus.remote_write"];
        let endpoint = &rw.blocks["endpoint"];
        assert!(endpoint.repeated);
        assert!(endpoint.arguments["url"].required);
        assert_eq!(endpoint.arguments["bearer_token"].type_notation, "secret");
        assert!(schema.config_blocks.contains_key("logging"));
        assert_eq!(schema.stdlib["sys.env"].params[0].name, "name");
    }
}
