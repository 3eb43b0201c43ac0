//! Modules: files imported with `import.file`.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about imported module files.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::ModuleNotFound,
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
        code: Code::ModuleError,
        severity: Severity::Error,
        summary: "An imported module file that does not parse, or is no Alloy module at all.",
        explanation: r#"Alloy parses an imported module when it loads the import; a module
with a syntax error makes the import fail, and every component that
comes from it with it. The syntax errors themselves are reported with
the module's own path and positions; this diagnostic marks the
`import.file` that pulls the broken file in.

A configuration can name any file, and alloy-lint shows an imported
file's text only when it is Alloy: a special file (a device, FIFO or
socket, an entry of /proc or /sys), a file larger than 256 MiB or one
that is not UTF-8 text is refused before its content is used, and a
file whose name does not end in `.alloy` that does not parse, or holds
anything but the `declare` and `import` blocks a module is made of, is
reported here with a line and column but none of its text: an SSH key
or a `.env` file named by mistake, or by a hostile pull request, is
never printed."#,
        example: r#"// modules/worker.alloy misses the closing brace of its declare block.
import.file "worker" {
	filename = "modules/worker.alloy"
}"#,
        fix: r#"Fix the syntax errors reported in the module file, or name the
module file the import means."#,
    },
    Rule {
        code: Code::ImportCycle,
        severity: Severity::Error,
        summary: "A module that imports itself, directly or through other modules.",
        explanation: r#"Alloy loads the modules a module imports while it loads that module,
and it does not remember which files it is already loading: a module
that imports itself, or `a.alloy` importing `b.alloy` importing
`a.alloy`, is loaded again and again until Alloy fails. The diagnostic
marks the import that leads back, and names the files of the cycle."#,
        example: r#"// modules/a.alloy imports modules/b.alloy, which imports modules/a.alloy.
import.file "a" {
	filename = "modules/a.alloy"
}"#,
        fix: r#"Remove the import that leads back: move what both modules need into
a third module that imports neither."#,
    },
];
