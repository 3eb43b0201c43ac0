//! Modules: files imported with `import.file`.

use super::Rule;
use crate::diagnostics::Severity;

/// Rules about imported module files.
pub const RULES: &[Rule] = &[
    Rule {
        code: "module-not-found",
        severity: Severity::Warning,
        summary: "An `import.file` whose file or directory cannot be read, so its custom components cannot be checked.",
        explanation: r#"alloy-lint reads an imported module next to the configuration that
imports it. When the file (or directory) is not there, the components
the module declares are unknown: their uses pass unchecked. If Alloy
cannot read it either, the import fails and the configuration does not
load; the file may also be put in place only at deployment, hence a
warning."#,
        example: r#"import.file "worker" {
	filename = "modules/worker.alloy"
}

worker.metrics "default" {
	forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"
	}
}"#,
        fix: r#"Correct the path (relative to the importing file), or check the
configuration where the module file exists."#,
    },
    Rule {
        code: "module-error",
        severity: Severity::Error,
        summary: "An imported module file that does not parse.",
        explanation: r#"Alloy parses an imported module when it loads the import; a module
with a syntax error makes the import fail, and every component that
comes from it with it. The syntax errors themselves are reported with
the module's own path and positions; this diagnostic marks the
`import.file` that pulls the broken file in."#,
        example: r#"// modules/worker.alloy misses the closing brace of its declare block.
import.file "worker" {
	filename = "modules/worker.alloy"
}"#,
        fix: r#"Fix the syntax errors reported in the module file."#,
    },
];
