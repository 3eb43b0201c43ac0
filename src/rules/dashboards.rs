//! Dashboards: what the dashboard DSL's checker finds besides the schema
//! problems it shares with configurations (`unknown-attribute`,
//! `type-mismatch`, `undefined-reference`, ...).

use super::Code;
use super::Rule;
use super::Severity;

/// Rules about dashboard files: units, variables, queries and the
/// datasources they run on.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::InvalidUid,
        severity: Severity::Error,
        summary: "A dashboard label too long to be a Grafana uid.",
        explanation: r#"A dashboard's label is its uid, which Grafana uses in URLs and to
update the dashboard in place, and the name of its generated file.
Grafana refuses to import a dashboard whose uid is longer than 40
characters."#,
        example: r#"dashboard "wpt_worker_requests_errors_latency_logs_and_traces" {
	title = "WPT worker"
}"#,
        fix: r#"Use a label of at most 40 characters.

    dashboard "wpt_worker" {
    	title = "WPT worker"
    }"#,
    },
    Rule {
        code: Code::NonLiteralValue,
        severity: Severity::Error,
        summary: "A dashboard field set to an expression instead of a value.",
        explanation: r#"A dashboard file is data: the generator writes each field's value into
the dashboard JSON and evaluates nothing. A call such as
`sys.env("TITLE")`, an operation or a reference (other than a query's
`datasource = datasource.NAME`) has no value at generation time, so
the field would silently be left out."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT " + "worker"
}"#,
        fix: r#"Write the value itself.

    dashboard "wpt_worker" {
    	title = "WPT worker"
    }"#,
    },
    Rule {
        code: Code::ValueOutOfRange,
        severity: Severity::Error,
        summary: "A number outside what its field allows: panel width, height or decimals, threshold order.",
        explanation: r#"Grafana lays panels out on a grid 24 columns wide: a `width` is 1 to
24 columns (or `"full"`, `"half"`, `"third"`, `"quarter"`), a `height`
1 to 100 rows. A panel wider than the grid is cut or pushed onto its
own row, which is rarely what was meant. `decimals` go from 0 to 20,
and threshold steps must go up: Grafana picks the last step below a
value, so a step out of order is never used."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	panel.stat "requests" {
		title = "Requests"
		width = 30
	}
}"#,
        fix: r#"Give a width from 1 to 24, or a fraction of the row.

    panel.stat "requests" {
    	title = "Requests"
    	width = "full"
    }"#,
    },
    Rule {
        code: Code::UnknownUnit,
        severity: Severity::Error,
        summary: "A panel unit that Grafana does not know.",
        explanation: r#"Grafana formats values by a unit id from its own list: `reqps` for
requests per second, `s` for seconds, `percentunit` for a 0-1 ratio,
`bytes`. An id it does not know, such as `req/s` or `seconds`, is
shown as a plain number with the text glued to it, and the axis loses
its scaling (`1.5 K` instead of `1.5 kreq/s`). The list is Grafana's
own (grafana-foundation-sdk's units schema); `suffix:TEXT`,
`prefix:TEXT`, `currency:CODE`, `si:UNIT`, `count:TEXT` and
`time:FORMAT` are the custom forms Grafana accepts."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	panel.stat "requests" {
		title = "Requests"
		unit  = "req/s"
	}
}"#,
        fix: r#"Use a unit id from Grafana's list (the diagnostic suggests the closest).

    unit = "reqps""#,
    },
    Rule {
        code: Code::UndefinedVariable,
        severity: Severity::Error,
        summary: "A `$var`, `${var}` or `[[var]]` that names no variable of the dashboard nor a Grafana built-in.",
        explanation: r#"Grafana replaces `$job`, `${job}`, `${job:regex}` and `[[job]]` in
queries, legends and titles by the variable's current value. A name
that is neither a `variable` of the dashboard nor one of Grafana's
built-ins (`$__rate_interval`, `$__interval`, `$__range`, `$__from`,
...) is left as it is: the query asks for a job literally called
`$jb` and the panel shows no data, with no error anywhere."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	variable "job" {
		type   = "custom"
		values = ["wpt-worker"]
	}

	panel.timeseries "requests" {
		title = "Requests"

		query "A" {
			datasource = datasource.metrics
			expr       = "sum(rate(wpt_worker_requests_total{job=\"$jb\"}[$__rate_interval]))"
		}
	}
}"#,
        fix: r#"Correct the name (the diagnostic suggests the closest variable), or
declare the variable.

    expr = "sum(rate(wpt_worker_requests_total{job=\"$job\"}[$__rate_interval]))""#,
    },
    Rule {
        code: Code::VariableCycle,
        severity: Severity::Error,
        summary: "Template variables whose queries or values refer to each other in a loop.",
        explanation: r#"A variable may use other variables: `instance` can be queried for the
selected `$job`. Grafana refreshes a variable after the ones it uses;
when they use each other in a loop (or a variable uses itself) there
is no order to refresh them in, and Grafana stops with a circular
dependency error."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	variable "job" {
		type       = "query"
		datasource = datasource.metrics
		query      = "label_values(up{instance=~\"$instance\"}, job)"
	}

	variable "instance" {
		type       = "query"
		datasource = datasource.metrics
		query      = "label_values(up{job=~\"$job\"}, instance)"
	}
}"#,
        fix: r#"Let one variable depend on the other, not both ways.

    variable "job" {
    	type       = "query"
    	datasource = datasource.metrics
    	query      = "label_values(up, job)"
    }"#,
    },
    Rule {
        code: Code::DuplicateRefId,
        severity: Severity::Error,
        summary: "Two queries of one panel with the same label (refId).",
        explanation: r#"A query's label is its refId, which Grafana uses to tell a panel's
queries apart: in the legend, in transformations and overrides, and
when the results come back. Two queries with one refId overwrite each
other's results, and one of the series silently disappears."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	panel.timeseries "requests" {
		title = "Requests"

		query "A" {
			datasource = datasource.metrics
			expr       = "sum(rate(wpt_worker_requests_total[$__rate_interval]))"
		}

		query "A" {
			datasource = datasource.metrics
			expr       = "sum(rate(wpt_worker_requests_total{status=~\"5..\"}[$__rate_interval]))"
		}
	}
}"#,
        fix: r#"Give each query of the panel its own label.

    query "B" {
    	datasource = datasource.metrics
    	expr       = "sum(rate(wpt_worker_requests_total{status=~\"5..\"}[$__rate_interval]))"
    }"#,
    },
    Rule {
        code: Code::QueryLanguageMismatch,
        severity: Severity::Error,
        summary: "A query written in another datasource's language, such as LogQL on a Prometheus datasource.",
        explanation: r#"Each datasource runs one language: Prometheus PromQL, Loki LogQL, Tempo
TraceQL. They look alike (all three select with `{...}`), so a log
query pasted into a metrics panel, or a panel pointed at the wrong
datasource, is an easy mistake. Grafana sends the query anyway and the
panel shows a parse error instead of data. The query is recognised by
its shape: it does not parse in the datasource's language but does in
another."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	panel.timeseries "errors" {
		title = "Error lines"

		query "A" {
			datasource = datasource.metrics
			expr       = "sum(count_over_time({job=\"wpt-worker\"} |= \"error\" [5m]))"
		}
	}
}"#,
        fix: r#"Point the query at a datasource of its language (declare one if
needed), or rewrite it in the datasource's language.

    datasource "logs" {
    	type = "loki"
    }"#,
    },
    Rule {
        code: Code::PanelDatasourceKind,
        severity: Severity::Error,
        summary: "A logs panel without a Loki query, or a traces panel without a Tempo query.",
        explanation: r#"The logs panel shows log lines and the traces panel shows traces: they
display what a Loki or a Tempo query returns and nothing else. Given
only Prometheus queries (or none), they stay empty with a "No data"
message."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	panel.logs "worker" {
		title = "Worker logs"

		query "A" {
			datasource = datasource.metrics
			expr       = "wpt_worker_requests_total"
		}
	}
}"#,
        fix: r#"Query a Loki datasource (Tempo for a traces panel), or use a panel kind
that shows metrics.

    query "A" {
    	datasource = datasource.logs
    	expr       = "{job=\"wpt-worker\"}"
    }"#,
    },
    Rule {
        code: Code::InvalidPromql,
        severity: Severity::Error,
        summary: "A query on a Prometheus datasource that is not valid PromQL.",
        explanation: r#"Queries on Prometheus datasources are parsed as PromQL (by
`promql-parser`, a port of Prometheus's grammar), with Grafana's
variables replaced by stand-ins first. Prometheus rejects a query that
does not parse, and the panel shows the error instead of data: an
unclosed parenthesis, an unknown function, a range vector where an
instant vector is expected (`rate(x)`)."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "metrics" {
		type = "prometheus"
	}

	panel.timeseries "requests" {
		title = "Requests"

		query "A" {
			datasource = datasource.metrics
			expr       = "sum(rate(wpt_worker_requests_total[$__rate_interval])"
		}
	}
}"#,
        fix: r#"Correct the query where the diagnostic points.

    expr = "sum(rate(wpt_worker_requests_total[$__rate_interval]))""#,
    },
    Rule {
        code: Code::InvalidLogql,
        severity: Severity::Error,
        summary: "A query on a Loki datasource that is not valid LogQL.",
        explanation: r#"Queries on Loki datasources get a structural LogQL check: a stream
selector `{label="value", ...}` with `=`, `!=`, `=~` or `!~`
matchers, then line filters (`|=`, `!=`, `|~`, `!~`), parsers (`| json`,
`| logfmt`, `| regexp "..."`, `| pattern "..."`), label filters and
formatting stages, and, for metric queries, range aggregations
(`rate({...}[5m])`) under vector aggregations (`sum by (x) (...)`). Loki
rejects a query that does not parse, and the panel shows the error
instead of logs."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "logs" {
		type = "loki"
	}

	panel.logs "worker" {
		title = "Worker logs"

		query "A" {
			datasource = datasource.logs
			expr       = "{job=\"wpt-worker\"} | jsn"
		}
	}
}"#,
        fix: r#"Correct the query where the diagnostic points.

    expr = "{job=\"wpt-worker\"} | json""#,
    },
    Rule {
        code: Code::InvalidTraceql,
        severity: Severity::Error,
        summary: "A query on a Tempo datasource that is not valid TraceQL.",
        explanation: r#"Queries on Tempo datasources get a structural TraceQL check: spansets
`{ ... }` of conditions on attributes (`resource.service.name`,
`span.http.status_code`, `.route`) and intrinsics (`duration`,
`status`, `name`, `kind`) joined by `&&` and `||`, spanset operators
(`&&`, `||`, `>>`, `>`, `~`), and pipelines (`| count() > 2`,
`| select(...)`, `| rate()`). Tempo rejects a query that does not
parse, and the panel shows the error instead of traces."#,
        example: r#"dashboard "wpt_worker" {
	title = "WPT worker"

	datasource "traces" {
		type = "tempo"
	}

	panel.traces "slow" {
		title = "Slow requests"

		query "A" {
			datasource = datasource.traces
			expr       = "{resource.service.name=\"wpt-worker\" && duration > }"
		}
	}
}"#,
        fix: r#"Correct the query where the diagnostic points.

    expr = "{resource.service.name=\"wpt-worker\" && duration > 500ms}""#,
    },
    Rule {
        code: Code::AlloyConfigNotFound,
        severity: Severity::Warning,
        summary: "The Alloy configuration a dashboard names cannot be read or does not parse.",
        explanation: r#"A dashboard's `alloy_config` (or `check --alloy-config FILE`) names the
Alloy configuration that sends the data its panels show, relative to
the dashboard file: a file, or a directory whose top-level `*.alloy`
files form one configuration. The dashboard is checked against it
(`signal-not-collected`, `unknown-scrape-job`,
`unknown-scrape-service`). When the file is
missing, unreadable or does not parse, those checks cannot run: the
name is probably stale after a move or a rename."#,
        example: r#"dashboard "wpt_worker" {
	title        = "WPT worker"
	alloy_config = "alloy-confg.alloy"
}"#,
        fix: r#"Name the configuration as it is on disk, relative to the dashboard file
(or fix its syntax errors, which `alloy-lint check` reports).

    dashboard "wpt_worker" {
    	title        = "WPT worker"
    	alloy_config = "alloy-config.alloy"
    }"#,
    },
    Rule {
        code: Code::SignalNotCollected,
        severity: Severity::Warning,
        summary: "A panel queries metrics, logs or traces that the dashboard's Alloy configuration never sends.",
        explanation: r#"With `alloy_config`, the dashboard is checked against the configuration
that feeds it. A panel querying a Prometheus datasource needs metrics
to be sent (a `prometheus.remote_write`, or an OTLP exporter that some
`metrics` output reaches), one querying Loki needs logs (a `loki.write`,
or an OTLP exporter reached by `logs` outputs), and one querying Tempo
needs traces: an OTLP exporter (`otelcol.exporter.otlp`, `otlphttp`,
...) reached from a receiver through `traces = [...]` outputs. The
exporter's endpoint is not judged: Tempo, an OTLP gateway or another
Alloy all end up in Tempo. Without such a pipeline the panel shows "No
data" however long you wait. A configuration that imports modules
(`import.*`) is not judged."#,
        example: r#"// alloy-config.alloy scrapes metrics and writes them with
// prometheus.remote_write, and has no loki.write.
dashboard "wpt_worker" {
	title        = "WPT worker"
	alloy_config = "alloy-config.alloy"

	datasource "logs" {
		type = "loki"
	}

	panel.logs "worker" {
		title = "Worker logs"

		query "A" {
			datasource = datasource.logs
			expr       = "{job=\"wpt-worker\"}"
		}
	}
}"#,
        fix: r#"Send the signal from the configuration (a log source forwarding to a
`loki.write`, say), or point `alloy_config` at the configuration that
does send it, or remove the panel.

    loki.write "grafana_cloud" {
    	endpoint {
    		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"
    	}
    }"#,
    },
    Rule {
        code: Code::UnknownScrapeJob,
        severity: Severity::Warning,
        summary: "A PromQL `job` matcher naming a job no scrape target of the dashboard's Alloy configuration has.",
        explanation: r#"Prometheus gives every scraped series the `job` label of its target: the
`prometheus.scrape` component's `job_name`, by default its id
(`prometheus.scrape.LABEL`), unless the target carries a `job` label of
its own (`"job" = "..."` in a target map, or a relabeling rule with
`target_label = "job"`). A query matching `job="x"` (or `job=~"x|y"`)
where no target has job `x` returns nothing: often a typo, or the
default job name forgotten. Matchers with a variable (`job="$job"`) are
not checked, nor is any query when a job comes from something that is
not a literal (a rule replacing with `$1`, `labelmap`, targets from
`discovery.file`, `discovery.http` or an exporter, `honor_labels`,
metrics converted from OTLP): then the set of jobs is not known."#,
        example: r#"// alloy-config.alloy: prometheus.scrape "worker_metrics" with
// targets = [{"__address__" = "localhost:8787", "job" = "wpt-worker"}]
query "A" {
	datasource = datasource.metrics
	expr       = "sum(rate(wpt_worker_requests_total{job=\"wpt_worker\"}[5m]))"
}"#,
        fix: r#"Match a job the configuration scrapes (the help names the closest), or
give the targets that job.

    expr = "sum(rate(wpt_worker_requests_total{job=\"wpt-worker\"}[5m]))""#,
    },
    Rule {
        code: Code::UnknownScrapeService,
        severity: Severity::Warning,
        summary: "A PromQL `service` matcher naming a service that the dashboard's Alloy configuration sets on none of its scrape targets.",
        explanation: r#"When the Alloy configuration sets a `service` label on its scrape
targets itself (`"service" = "..."` in a target map, or a relabeling
rule with `target_label = "service"` and a literal `replacement`), a
query matching `service="x"` (or `service=~"x|y"`) where no target has
service `x` returns nothing: often a typo, or a service renamed on one
side only. Unlike `job`, Alloy gives targets no default `service`, and
scraped applications often expose a `service` label of their own, which
the configuration does not show: `service` matchers are only checked
when every scrape target gets a literal `service` from the configuration
(in its target map, or from a `discovery.relabel` rule that sets it on
every target: no `source_labels`, no `regex`). Matchers with a variable (`service="$service"`) are not
checked, nor is any query when a value may come from elsewhere (a
`service` that is not a literal, a rule replacing with `$1`, `labelmap`,
targets from `discovery.file`, `discovery.http` or an exporter,
`honor_labels`, metrics converted from OTLP)."#,
        example: r#"// alloy-config.alloy: prometheus.scrape "worker_metrics" with
// targets = [{"__address__" = "localhost:8787", "service" = "wpt-worker"}]
query "A" {
	datasource = datasource.metrics
	expr       = "sum(rate(wpt_worker_requests_total{service=\"wpt_worker\"}[5m]))"
}"#,
        fix: r#"Match a service the configuration sets (the help names the closest), or
give the targets that service.

    expr = "sum(rate(wpt_worker_requests_total{service=\"wpt-worker\"}[5m]))""#,
    },
];
