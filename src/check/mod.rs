//! `check`: schema-driven validation of a configuration.
//!
//! A configuration is one or more parsed files (a directory's top-level
//! `*.alloy` files form one configuration, as `alloy run DIR` loads them).
//! The checker builds the scopes of the configuration (root, `declare`
//! bodies, `foreach` templates), resolves every reference against them the
//! way Alloy does (longest prefix of a component id), and runs the rule
//! families of [`rules`] over the result.

pub mod context;
pub mod rules;
pub mod scope;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod values;

use clap::ValueEnum;

/// Alloy's `--stability.level`: the least stable feature allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, ValueEnum)]
pub enum StabilityLevel {
    /// Only experimental features and above (everything).
    Experimental,
    /// Public-preview features and above.
    PublicPreview,
    /// Generally available features only (Alloy's default).
    #[default]
    GenerallyAvailable,
}

impl StabilityLevel {
    /// The spelling Alloy and the schema use.
    pub fn as_str(self) -> &'static str {
        match self {
            StabilityLevel::Experimental => "experimental",
            StabilityLevel::PublicPreview => "public-preview",
            StabilityLevel::GenerallyAvailable => "generally-available",
        }
    }

    /// Parses the schema's spelling (`generally-available`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "experimental" => Some(StabilityLevel::Experimental),
            "public-preview" => Some(StabilityLevel::PublicPreview),
            "generally-available" => Some(StabilityLevel::GenerallyAvailable),
            _ => None,
        }
    }
}

/// What the checker allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// The least stable feature allowed.
    pub stability: StabilityLevel,
    /// Whether community components are enabled
    /// (`--feature.community-components.enabled`).
    pub community_components: bool,
}
