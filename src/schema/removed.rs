//! Components Alloy once had and removed: when each went, what replaces it
//! and where Alloy says so. `schemas/components.json` describes one Alloy
//! commit, so a removed component is simply unknown there; this table lets
//! `check` say "removed in v1.5.0, use X" instead of guessing a similar
//! name.
//!
//! The list is complete for the components Alloy registered in any release
//! from v1.0.0 to the schema's commit (66ebea85): the names registered at
//! every `v1.N.0` tag compared with those registered at that commit, and
//! every component folder deleted under `internal/component/` since
//! v1.0.0 (`git log --diff-filter=D`). The facts come from Alloy's
//! `CHANGELOG.md`, cited per entry.

/// A component Alloy removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemovedComponent {
    /// Its name (`otelcol.exporter.logging`).
    pub name: &'static str,
    /// The release that deprecated it first, if it was deprecated before
    /// its removal.
    pub deprecated_in: Option<&'static str>,
    /// The first release without it.
    pub removed_in: &'static str,
    /// The component to use instead.
    pub replacement: &'static str,
    /// Where Alloy records the removal.
    pub source: &'static str,
}

/// Every component Alloy removed, sorted by name.
pub const REMOVED_COMPONENTS: &[RemovedComponent] = &[
    RemovedComponent {
        name: "otelcol.exporter.logging",
        deprecated_in: None,
        removed_in: "v1.5.0",
        replacement: "otelcol.exporter.debug",
        // "[`otelcol.exporter.logging`] Removed in favor of the
        // `otelcol.exporter.debug`." under v1.5.0, Breaking changes.
        source: "grafana/alloy CHANGELOG.md:1768 (v1.5.0) at 66ebea85",
    },
    RemovedComponent {
        name: "otelcol.receiver.opencensus",
        deprecated_in: Some("v1.11.0"),
        removed_in: "v1.13.0",
        replacement: "otelcol.receiver.otlp",
        // Deprecated under v1.11.0 ("will be removed in a future release,
        // use `otelcol.receiver.otelp`", sic); removed by the breaking
        // "Upgrade to OTel Collector v0.142.0" of v1.13.0 (commit f1f457f,
        // which deletes internal/component/otelcol/receiver/opencensus;
        // the component's documentation page now says "is removed. Use
        // otelcol.receiver.otlp instead").
        source: "grafana/alloy CHANGELOG.md:731 (v1.11.0) and :379, :424 (v1.13.0) at 66ebea85",
    },
    RemovedComponent {
        name: "prometheus.write.queue",
        deprecated_in: Some("v1.14.0"),
        removed_in: "v1.19.0",
        replacement: "prometheus.remote_write",
        // "Deprecate prometheus.write.queue (#5509)" under v1.14.0 (its
        // documentation then said "Use `prometheus.remote_write`
        // instead"); "Remove the prometheus.write.queue component (#6814)"
        // under v1.19.0, Breaking changes, in the changelog of the v1.19.0
        // release tags (commit b168d0ec).
        source: "grafana/alloy CHANGELOG.md:307 (v1.14.0) at 66ebea85; CHANGELOG.md:10 (v1.19.0) at v1.19.0-rc.3",
    },
];

/// The removed component named `name`, if Alloy had one.
pub fn removed_component(name: &str) -> Option<&'static RemovedComponent> {
    REMOVED_COMPONENTS
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &REMOVED_COMPONENTS[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Catalog;

    #[test]
    fn table_is_sorted_for_lookup() {
        assert!(REMOVED_COMPONENTS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(
            removed_component("otelcol.exporter.logging").map(|c| c.replacement),
            Some("otelcol.exporter.debug")
        );
        assert_eq!(removed_component("otelcol.exporter.debug"), None);
    }

    #[test]
    fn removed_components_are_gone_and_replacements_exist() {
        for c in REMOVED_COMPONENTS {
            assert!(
                Catalog::component(c.name).is_none(),
                "{} is in the schema",
                c.name
            );
            assert!(
                Catalog::component(c.replacement).is_some(),
                "{} replaces {} but is not in the schema",
                c.replacement,
                c.name
            );
        }
    }
}
