//! The bundled schema, looked up entry by entry.
//!
//! `build.rs` splits `schemas/components.json` into tables of
//! `(name, compact JSON)` sorted by name. A lookup binary-searches the table
//! and deserializes that one entry on first use, so a `check` pays only for
//! the components, config blocks and functions its files mention, never for
//! the whole 1.5 MB file.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use super::model::{Node, StdlibEntry};

mod tables {
    include!(concat!(env!("OUT_DIR"), "/schema_tables.rs"));
}

/// The schema bundled with alloy-lint: every component, config block and
/// stdlib identifier of the Alloy release it was extracted from.
///
/// Entries are parsed on first lookup and kept for the life of the process;
/// lookups are safe from any thread.
#[derive(Debug, Clone, Copy)]
pub struct Catalog;

impl Catalog {
    /// A component (`prometheus.scrape`), if Alloy has one by that name.
    pub fn component(name: &str) -> Option<&'static Node> {
        COMPONENTS.get(name)
    }

    /// A config block (`logging`, `declare`, `import.file`, ...).
    pub fn config_block(name: &str) -> Option<&'static Node> {
        CONFIG_BLOCKS.get(name)
    }

    /// A stdlib function or constant by its full dotted name (`sys.env`).
    pub fn stdlib(name: &str) -> Option<&'static StdlibEntry> {
        STDLIB.get(name)
    }

    /// Every component name, sorted; parses nothing (for suggestions).
    pub fn component_names() -> impl ExactSizeIterator<Item = &'static str> {
        COMPONENTS.names()
    }

    /// Every config block name, sorted.
    pub fn config_block_names() -> impl ExactSizeIterator<Item = &'static str> {
        CONFIG_BLOCKS.names()
    }

    /// Every stdlib identifier, sorted.
    pub fn stdlib_names() -> impl ExactSizeIterator<Item = &'static str> {
        STDLIB.names()
    }

    /// The stdlib namespaces (`array`, `sys`, ...), sorted: an unknown
    /// `sys.foo` is a misspelt function, an unknown `foo.bar` may be a
    /// component reference.
    pub fn stdlib_namespaces() -> &'static [&'static str] {
        &tables::STDLIB_NAMESPACES
    }

    /// The grafana/alloy commit the facts come from.
    pub fn alloy_commit() -> &'static str {
        tables::ALLOY_COMMIT
    }
}

/// One generated table and, parallel to it, the entries parsed so far.
struct Table<T: 'static> {
    entries: &'static [(&'static str, &'static str)],
    parsed: &'static [OnceLock<T>],
}

impl<T: DeserializeOwned> Table<T> {
    fn get(&self, name: &str) -> Option<&'static T> {
        let index = self.index(name)?;
        let parsed = self.parsed;
        Some(parsed[index].get_or_init(|| {
            let (name, json) = self.entries[index];
            // A failure here is a schema/model mismatch, caught by the test
            // that parses every entry; a user's config cannot cause it.
            serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("bundled schema entry `{name}` is invalid: {e}"))
        }))
    }
}

impl<T> Table<T> {
    fn index(&self, name: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|(entry, _)| (*entry).cmp(name))
            .ok()
    }

    fn names(&self) -> impl ExactSizeIterator<Item = &'static str> {
        self.entries.iter().map(|(name, _)| *name)
    }
}

static COMPONENT_NODES: [OnceLock<Node>; tables::COMPONENTS_COUNT] =
    [const { OnceLock::new() }; tables::COMPONENTS_COUNT];
static COMPONENTS: Table<Node> = Table {
    entries: &tables::COMPONENTS,
    parsed: &COMPONENT_NODES,
};

static CONFIG_BLOCK_NODES: [OnceLock<Node>; tables::CONFIG_BLOCKS_COUNT] =
    [const { OnceLock::new() }; tables::CONFIG_BLOCKS_COUNT];
static CONFIG_BLOCKS: Table<Node> = Table {
    entries: &tables::CONFIG_BLOCKS,
    parsed: &CONFIG_BLOCK_NODES,
};

static STDLIB_ENTRIES: [OnceLock<StdlibEntry>; tables::STDLIB_COUNT] =
    [const { OnceLock::new() }; tables::STDLIB_COUNT];
static STDLIB: Table<StdlibEntry> = Table {
    entries: &tables::STDLIB,
    parsed: &STDLIB_ENTRIES,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CapsuleKind, Schema, Type};

    /// Parses every entry of a table, naming each one that fails.
    fn parse_all<T: DeserializeOwned>(table: &Table<T>) -> Vec<String> {
        table
            .entries
            .iter()
            .filter_map(|(name, json)| {
                serde_json::from_str::<T>(json)
                    .err()
                    .map(|e| format!("{name}: {e}"))
            })
            .collect()
    }

    #[test]
    fn every_entry_fits_the_model() {
        for (table, failures) in [
            ("components", parse_all(&COMPONENTS)),
            ("config_blocks", parse_all(&CONFIG_BLOCKS)),
            ("stdlib", parse_all(&STDLIB)),
        ] {
            assert!(failures.is_empty(), "{table}: {failures:#?}");
        }
        // And through the public lookups, which cache what they parse.
        assert!(Catalog::component_names().all(|n| Catalog::component(n).is_some()));
        assert!(Catalog::config_block_names().all(|n| Catalog::config_block(n).is_some()));
        assert!(Catalog::stdlib_names().all(|n| Catalog::stdlib(n).is_some()));
    }

    #[test]
    fn tables_hold_the_whole_schema() {
        assert_eq!(Catalog::component_names().len(), 184);
        assert_eq!(Catalog::config_block_names().len(), 17);
        assert_eq!(Catalog::stdlib_names().len(), 47);
        assert_eq!(Catalog::stdlib_namespaces().len(), 7);
        assert!(Catalog::stdlib_namespaces().contains(&"sys"));
        assert_eq!(
            Catalog::alloy_commit(),
            "66ebea856dffb242f921775e9552a133f60dc5c1"
        );

        let schema = Schema::bundled();
        assert_eq!(schema.alloy_commit, Catalog::alloy_commit());
        assert!(Catalog::component_names().eq(schema.components.keys().map(String::as_str)));
        assert!(Catalog::config_block_names().eq(schema.config_blocks.keys().map(String::as_str)));
        assert!(Catalog::stdlib_names().eq(schema.stdlib.keys().map(String::as_str)));
    }

    #[test]
    fn names_are_sorted_for_binary_search() {
        for names in [
            Catalog::component_names().collect::<Vec<_>>(),
            Catalog::config_block_names().collect(),
            Catalog::stdlib_names().collect(),
        ] {
            assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        }
    }

    #[test]
    fn lookups_return_parsed_entries() {
        let rw = Catalog::component("prometheus.remote_write").unwrap();
        let endpoint = &rw.blocks["endpoint"];
        assert!(endpoint.repeated);
        assert!(endpoint.arguments["url"].required);
        assert_eq!(endpoint.arguments["bearer_token"].ty, Type::Secret);
        assert_eq!(
            rw.exports["receiver"].ty,
            Type::Capsule(CapsuleKind::MetricsReceiver)
        );
        // Cached: the same entry on the second lookup.
        assert!(std::ptr::eq(
            rw,
            Catalog::component("prometheus.remote_write").unwrap()
        ));

        assert!(Catalog::component("prometheus.scrapee").is_none());
        assert!(Catalog::component("").is_none());
        assert!(Catalog::component("logging").is_none());

        let declare = Catalog::config_block("declare").unwrap();
        assert_eq!(declare.kind.as_deref(), Some("declare"));
        assert_eq!(declare.body.as_deref(), Some("config"));
        let foreach = Catalog::config_block("foreach").unwrap();
        assert_eq!(foreach.blocks["template"].body.as_deref(), Some("config"));

        let env = Catalog::stdlib("sys.env").unwrap();
        assert_eq!(env.params[0].name, "name");
        assert_eq!(env.params[0].ty, Type::String);
        assert_eq!(env.returns_ty, Some(Type::String));
        assert_eq!(env.stability.as_deref(), Some("generally-available"));
        let coalesce = Catalog::stdlib("coalesce").unwrap();
        assert_eq!(coalesce.arg_check.as_deref(), Some("runtime"));
        let tail = Catalog::component("otelcol.processor.tail_sampling").unwrap();
        let cache = &tail.arguments["decision_cache"];
        assert_eq!(cache.ty, Type::Object);
        assert!(!cache.object_fields["sampled_cache_size"].required);
        assert_eq!(cache.value_type.as_deref(), Some("object"));

        let hostname = Catalog::stdlib("constants.hostname").unwrap();
        assert_eq!(hostname.kind, "constant");
        assert_eq!(hostname.ty, Some(Type::String));
    }

    #[test]
    fn community_components_are_marked() {
        let community: Vec<_> = Catalog::component_names()
            .filter(|n| Catalog::component(n).unwrap().community)
            .collect();
        assert_eq!(community.len(), 5, "{community:?}");
    }

    #[test]
    fn lookups_are_safe_across_threads() {
        let nodes: Vec<usize> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| Catalog::component("loki.process").unwrap() as *const Node as usize)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(nodes.windows(2).all(|w| w[0] == w[1]));
    }
}
