//! Credentials: tokens written into the configuration, and the token files
//! that keep them out of it.

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about secrets: where they are written, how they are read, and
/// whether the file holding them is about to be committed.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::CredentialInConfig,
        severity: Severity::Error,
        summary: "A literal or comment that holds something shaped like a Grafana Cloud token (`glc_…`, `glsa_…`) or another well-known credential.",
        explanation: r#"Configurations are committed, copied into tickets and pasted into
chats. A token written in one is readable by everyone who sees the
file, and stays in the repository's history after it is removed. The
shapes recognised are the ones vendors give their tokens on purpose so
that scanners find them: Grafana Cloud access policy tokens (`glc_`),
Grafana service account tokens (`glsa_`), legacy Grafana API keys, JSON
Web Tokens, AWS, GitHub, GitLab, Slack and Google keys, private keys,
and `Bearer`/`Basic` credentials in a header, in any string and in
comments (a token kept "for later" in a comment is committed all the
same). Messages never repeat the
value: they show its public prefix and its length. (The token in the
example is a made-up, shortened stand-in.)"#,
        example: r#"loki.write "grafana_cloud" {
	endpoint {
		url     = "https://logs-prod-006.grafana.net/loki/api/v1/push"
		headers = {
			"Authorization" = "Bearer glc_FAKEexampleTOKENnotREAL000",
		}
	}
}"#,
        fix: r#"If git tracks the file, its history may hold the token: revoke it and
use a new one. If the file was never committed, removing the token
before committing it is enough (the help says which applies). Keep the
token in a git-ignored file read with a `local.file` marked secret.

    local.file "grafana_token" {
    	filename  = "grafana-token.txt"
    	is_secret = true
    }

    loki.write "grafana_cloud" {
    	endpoint {
    		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

    		basic_auth {
    			username = "1402587"
    			password = local.file.grafana_token.content
    		}
    	}
    }"#,
    },
    Rule {
        code: Code::InlineSecret,
        severity: Severity::Error,
        summary: "A string literal given to a `secret` argument (`password`, `bearer_token`, `api_key`, `client_secret`...) of a component that sends to Grafana Cloud.",
        explanation: r#"Arguments of type `secret` hold credentials: Alloy keeps their values
out of its UI and debug output. A literal written there defeats that:
the value sits in the configuration file, which is committed, shared
and backed up, and every copy has to be found when the credential is
rotated. Sent to Grafana Cloud, such a value is a credential of your
stack; elsewhere, `plaintext-secret` warns about it. Messages never
repeat the value: they show at most a short prefix and its length.
(The token in the example is a made-up, shortened stand-in.)"#,
        example: r#"prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "1402587"
			password = "glc_FAKEexampleTOKENnotREAL000"
		}
	}
}"#,
        fix: r#"Revoke the value if it was ever committed, save the new one in a
git-ignored file and read it with a `local.file` marked secret (or
from the environment with `sys.env`).

    local.file "grafana_token" {
    	filename  = "grafana-token.txt"
    	is_secret = true
    }

    prometheus.remote_write "grafana_cloud" {
    	endpoint {
    		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    		basic_auth {
    			username = "1402587"
    			password = local.file.grafana_token.content
    		}
    	}
    }"#,
    },
    Rule {
        code: Code::PlaintextSecret,
        severity: Severity::Warning,
        summary: "A string literal given to a `secret` argument of a component that does not send to Grafana Cloud.",
        explanation: r#"The same mistake as `inline-secret`, where less is at stake: the
password of a local Prometheus or Loki, of a demo container, or one
carried over from a converted Prometheus configuration. The value
still sits in a file that is committed and shared, Alloy's UI cannot
keep it hidden, and rotating it means finding every copy. Messages
never repeat the value: they show at most a short prefix and its
length."#,
        example: r#"prometheus.remote_write "local" {
	endpoint {
		url = "http://prometheus:9090/api/v1/write"

		basic_auth {
			username = "alloy"
			password = "s3cr3t-passw0rd"
		}
	}
}"#,
        fix: r#"Read it from the environment with `sys.env`, or from a git-ignored
file with a `local.file` marked secret.

    basic_auth {
    	username = "alloy"
    	password = sys.env("PROMETHEUS_PASSWORD")
    }"#,
    },
    Rule {
        code: Code::SecretNotMarked,
        severity: Severity::Warning,
        summary: "A secret argument reads `local.file.X.content` from a `local.file` without `is_secret = true`.",
        explanation: r#"A `local.file` exports its content as a plain string unless it says
`is_secret = true`. Alloy accepts the string for a secret argument, so
the configuration works, but the token is shown in clear on the
component's page of Alloy's UI and in its debug output, where anyone
who can reach the UI port reads it. With
`is_secret = true` the content is a secret everywhere it goes.
`alloy-lint check --fix` adds the line."#,
        example: r#"local.file "grafana_token" {
	filename = "grafana-token.txt"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {
			username = "1402587"
			password = local.file.grafana_token.content
		}
	}
}"#,
        fix: r#"Mark the file secret.

    local.file "grafana_token" {
    	filename  = "grafana-token.txt"
    	is_secret = true
    }"#,
    },
    Rule {
        code: Code::TokenFileMissing,
        severity: Severity::Info,
        summary: "The file a secret `local.file` names does not exist and git would not ignore it once created.",
        explanation: r#"A `local.file` whose file cannot be read fails to evaluate, and Alloy
does not start with it. Token files are kept out of git, so a fresh
clone or a new machine does not have them: each one has to be created
by hand. The path is resolved next to the configuration file, as
alloy-lint cannot know the directory Alloy will be started from (a
relative `filename` is relative to Alloy's working directory). An
absent file that the repository already ignores is the normal state of a
clone or a CI runner and is not reported; an absent file that git would
not ignore is about to be committed the day it is created. This is
information, not an error: the file may only exist where Alloy runs."#,
        example: r#"local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}"#,
        fix: r#"Create the file with the access policy token (Administration > Cloud
access policies on grafana.com), and keep it out of git: add its name
to `.gitignore` in the same step."#,
    },
    Rule {
        code: Code::TokenFileContent,
        severity: Severity::Error,
        summary: "The file a secret `local.file` names is empty, UTF-16, has a byte-order mark, NUL bytes, a final line break, or a placeholder instead of a token.",
        explanation: r#"Alloy's `local.file` exports the file's bytes unchanged: it does not
decode, and it does not trim. Whatever the editor or shell wrote around
the token is sent as part of it, and Grafana Cloud refuses every push
with 401. Windows PowerShell 5.1's `echo $token > grafana-token.txt`
(and `Out-File`) writes UTF-16 with a byte-order mark and a line
ending; `Set-Content -Encoding utf8` writes a UTF-8 byte-order mark;
`echo` everywhere, and most editors, end the line. Also reported: an
empty file and a setup guide's stand-in (`tu_api_key_aqui`,
`your_api_key`, `<TOKEN>`), as the `placeholder` rule knows them. Line
endings and stand-ins are judged only in a file of one line: a secret
of several lines (a PEM key) is no token. The file is read, at most 64
KiB, next to the configuration; its content is never shown."#,
        example: r#"local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}"#,
        fix: r#"Write the token alone, in ASCII, without a line ending. In
PowerShell: `Set-Content -NoNewline -Encoding ascii -Path
grafana-token.txt -Value $token`, or
`[IO.File]::WriteAllText("$PWD\grafana-token.txt", $token)`. On Linux
or macOS: `printf '%s' "$TOKEN" > grafana-token.txt`."#,
    },
    Rule {
        code: Code::TokenFileNotIgnored,
        severity: Severity::Error,
        summary: "A secret `local.file` names a file that exists and that git does not ignore.",
        explanation: r#"The file holds a token, and nothing keeps it out of the repository:
the next `git add .` or `git commit -a` commits it, and a pushed token
is in the history for good (and a token that secret scanning finds
can be revoked, which stops the data with it). The answer comes from the
repository's own ignore rules, as `git check-ignore` gives it: every
`.gitignore`, `.git/info/exclude` and the global excludes file."#,
        example: r#"local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}"#,
        fix: r#"Add the file's name to the `.gitignore` next to it (`echo
grafana-token.txt >> .gitignore`), and commit the `.gitignore`."#,
    },
    Rule {
        code: Code::TokenFileTracked,
        severity: Severity::Error,
        summary: "A secret `local.file` names a file that git tracks (committed or staged).",
        explanation: r#"The token is in the repository: everyone with access to it, and every
clone, fork and backup of it, has the token, and it stays in the
history after the file is deleted. Once it is revoked (by you, or
after secret scanning finds it), Alloy's pushes are refused and no
data reaches Grafana Cloud until the file holds a new token."#,
        example: r#"local.file "grafana_token" {
	filename  = "grafana-token.txt"
	is_secret = true
}"#,
        fix: r#"Revoke the token and create a new one; then `git rm --cached
grafana-token.txt`, add the name to `.gitignore`, and commit both.
Removing the file does not remove it from the history: revoking is the
step that matters."#,
    },
];
