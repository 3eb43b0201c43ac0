//! The standard library: calls and references to `sys.env`,
//! `string.format` and the rest.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about the standard library: unknown and deprecated names, calls
/// with the wrong number of arguments, and components hiding stdlib names.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::UnknownFunction,
        severity: Severity::Error,
        summary: "A call or reference to a standard library name that does not exist, or a call to an undefined function.",
        explanation: r#"The standard library is a fixed set of names grouped in namespaces
(`sys.env`, `string.format`, `encoding.from_json`...). A misspelt name
such as `sys.envv` cannot be evaluated, so the component that uses it
fails when Alloy loads the configuration, and whatever it was meant to
provide, often a secret, is missing."#,
        example: r#"loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

		basic_auth {
			username = "698554"
			password = sys.envv("GRAFANA_CLOUD_TOKEN")
		}
	}
}"#,
        fix: r#"Correct the name (the diagnostic suggests the closest one).

    password = sys.env("GRAFANA_CLOUD_TOKEN")"#,
    },
    Rule {
        code: Code::WrongArgumentCount,
        severity: Severity::Error,
        summary: "A standard library function called with too few or too many arguments, or a constant called as a function.",
        explanation: r#"Each stdlib function takes a fixed number of arguments, or a minimum
for variadic ones such as `string.format`. A call with a different
number fails when Alloy evaluates it, and so does calling a constant
such as `constants.hostname` as if it were a function. The component
using the value fails to load."#,
        example: r#"local.file "grafana_token" {
	filename  = string.join([sys.env("HOME"), ".config", "grafana-token.txt"])
	is_secret = true
}"#,
        fix: r#"Pass the arguments the function takes (the diagnostic shows its
signature); here the separator, or the dedicated function.

    filename = file.path_join(sys.env("HOME"), ".config", "grafana-token.txt")"#,
    },
    Rule {
        code: Code::DeprecatedFunction,
        severity: Severity::Warning,
        summary: "A deprecated top-level standard library alias, such as `env` for `sys.env`.",
        explanation: r#"The standard library was reorganised into namespaces; the old
top-level names still work but are deprecated, and Alloy warns about
each use ("this stdlib function is deprecated"). They may be removed
in a future major version. `env` became `sys.env`, `nonsensitive`
`convert.nonsensitive`, `concat` `array.concat`, `json_decode`
`encoding.from_json`, `yaml_decode` `encoding.from_yaml`,
`base64_decode` `encoding.from_base64`, and `format`, `join`,
`replace`, `split`, `to_lower`, `to_upper` and the `trim` functions
moved to `string.*`."#,
        example: r#"loki.write "grafana_cloud" {
	endpoint {
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

		basic_auth {
			username = "698554"
			password = env("GRAFANA_CLOUD_TOKEN")
		}
	}
}"#,
        fix: r#"Use the namespaced name; the arguments stay the same.

    password = sys.env("GRAFANA_CLOUD_TOKEN")"#,
    },
    Rule {
        code: Code::StdlibShadowing,
        severity: Severity::Warning,
        summary: "A component whose name shadows a standard library name.",
        explanation: r#"Names in expressions resolve to components before the standard
library. A component named like a stdlib namespace, such as instances
of a `declare "sys"`, hides it: in that scope `sys.env` no longer means
the stdlib function, and every use of it fails to evaluate. Alloy warns
that "a component is shadowing an existing stdlib name"."#,
        example: r#"declare "sys" {
	export "token_file" {
		value = "grafana-token.txt"
	}
}

sys "paths" { }

local.file "grafana_token" {
	filename  = sys.paths.token_file
	is_secret = true
}"#,
        fix: r#"Rename the component so that both stay usable.

    declare "worker_paths" {
    	export "token_file" {
    		value = "grafana-token.txt"
    	}
    }

    worker_paths "default" { }

    local.file "grafana_token" {
    	filename  = worker_paths.default.token_file
    	is_secret = true
    }"#,
    },
];
