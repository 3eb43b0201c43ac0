//! OpenTelemetry components: what their Alloy `Validate()` refuses
//! (grafana/alloy internal/component/otelcol/). Alloy calls `Validate()`
//! on each block it decodes, so a nested block's rules (`retry_on_failure`,
//! `sending_queue`, a `header`) hold only where the block is written; a
//! block left out keeps defaults that pass. Enumerated strings (otlphttp
//! `encoding`, loadbalancing `routing_key`, spanmetrics `unit`) are in
//! `schema/enums.rs`.

use super::{Cx, Section, Validation, Value};
use crate::check::context::Loc;
use crate::check::suggest;
use crate::check::values::base2_bytes;
use crate::rules::Code;
use crate::syntax::ast::{Expr, LiteralKind};
use crate::syntax::literal::unquote;

/// The exporters whose `sending_queue` and `retry_on_failure` blocks are
/// Alloy's shared `otelcol.QueueArguments` and `otelcol.RetryArguments`
/// (their struct fields, `git grep "otelcol.QueueArguments"`).
const QUEUED_EXPORTERS: &[&str] = &[
    "otelcol.exporter.awss3",
    "otelcol.exporter.datadog",
    "otelcol.exporter.faro",
    "otelcol.exporter.googlecloud",
    "otelcol.exporter.googlecloudpubsub",
    "otelcol.exporter.kafka",
    "otelcol.exporter.loadbalancing",
    "otelcol.exporter.otlp",
    "otelcol.exporter.otlphttp",
    "otelcol.exporter.splunkhec",
    "otelcol.exporter.syslog",
];

/// The validations of otelcol components.
pub const VALIDATIONS: &[Validation] = &[
    Validation {
        components: &["otelcol.processor.batch"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/processor/batch/batch.go:66-71",
        check: batch_sizes,
    },
    Validation {
        components: &["otelcol.processor.memory_limiter"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/processor/memorylimiter/memorylimiter.go:68-98",
        check: memory_limits,
    },
    Validation {
        components: &["otelcol.processor.resourcedetection"],
        block: "",
        code: Code::InvalidComponentConfig,
        source:
            "internal/component/otelcol/processor/resourcedetection/resourcedetection.go:225-264",
        check: detectors,
    },
    Validation {
        components: &["otelcol.connector.spanmetrics"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/connector/spanmetrics/spanmetrics.go:140-145",
        check: spanmetrics_flush,
    },
    Validation {
        components: &["otelcol.connector.spanmetrics"],
        block: "histogram",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/connector/spanmetrics/types.go:84-103, :158-164",
        check: spanmetrics_histogram,
    },
    Validation {
        components: &["otelcol.auth.headers"],
        block: "header",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/auth/headers/headers.go:182-212",
        check: header_source,
    },
    Validation {
        components: &["otelcol.processor.attributes"],
        block: "",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_attraction.go:29-44, :121-133",
        check: attribute_action_key,
    },
    Validation {
        components: QUEUED_EXPORTERS,
        block: "**/retry_on_failure",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_retry.go:40-50",
        check: retry,
    },
    Validation {
        components: &["otelcol.exporter.loadbalancing"],
        block: "protocol/otlp/retry",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_retry.go:40-50",
        check: retry,
    },
    Validation {
        components: QUEUED_EXPORTERS,
        block: "**/sending_queue",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_queue.go:107-133",
        check: queue,
    },
    Validation {
        components: &["otelcol.exporter.loadbalancing"],
        block: "protocol/otlp/queue",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_queue.go:107-133",
        check: queue,
    },
    Validation {
        components: QUEUED_EXPORTERS,
        block: "**/batch",
        code: Code::InvalidComponentConfig,
        source: "internal/component/otelcol/config_queue.go:169-196",
        check: queue_batch,
    },
];

/// `send_batch_max_size` (default 3000) may not be below `send_batch_size`
/// (default 2000) unless it is 0 (batch.go:51-56, :66-71): so
/// `send_batch_size = 5000` alone fails, and so does
/// `send_batch_max_size = 1000` alone.
fn batch_sizes(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let size = s.setting("send_batch_size");
    let max = s.setting("send_batch_max_size");
    let (Some(n), Some(m)) = (size.value.as_number(), max.value.as_number()) else {
        return;
    };
    if m <= 0.0 || m >= n {
        return;
    }
    let (at, fix) = if max.is_written() {
        (
            s.loc_of("send_batch_max_size"),
            format!("raise send_batch_max_size to at least {n}, or set it to 0 for no limit"),
        )
    } else {
        (
            s.loc_of("send_batch_size"),
            format!(
                "add `send_batch_max_size = {n}` (or more, or 0 for no limit), or lower send_batch_size to at most {m}"
            ),
        )
    };
    cx.reject(
        at,
        format!(
            "{} is smaller than {}: a batch may not be capped below the size that triggers it",
            max.describe("send_batch_max_size"),
            size.describe("send_batch_size")
        ),
        &fix,
        "send_batch_max_size must be greater or equal to send_batch_size when not 0",
    );
}

/// `otelcol.processor.memory_limiter` (memorylimiter.go:68-98): a
/// `check_interval` above zero, and exactly one of `limit` (a size, with
/// `spike_limit` below it) or `limit_percentage` (1-100, with
/// `spike_limit_percentage` 1-100, whose default 0 fails).
fn memory_limits(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let interval = s.setting("check_interval");
    if interval.is_written() && interval.value.as_seconds().is_some_and(|t| t <= 0.0) {
        cx.reject(
            s.loc_of("check_interval"),
            "check_interval must be above zero: the limiter would never check memory",
            "set check_interval to how often to measure memory, for example \"1s\"",
            "check_interval must be greater than zero",
        );
        return;
    }
    let bytes = |name: &str| match s.attribute(name) {
        Some(a) => Value::of(&a.value).as_str().and_then(base2_bytes),
        None => Some(0),
    };
    let percent = |name: &str| s.setting(name).value.as_number();
    let (Some(limit), Some(pct)) = (bytes("limit"), percent("limit_percentage")) else {
        return;
    };
    if limit > 0 && pct > 0.0 {
        cx.reject(
            s.loc_of("limit_percentage"),
            "both limit and limit_percentage are set: the limiter takes one or the other",
            "keep limit (a fixed size) or limit_percentage (a share of total memory), not both",
            "either limit or limit_percentage must be set, but not both",
        );
    } else if limit > 0 {
        if bytes("spike_limit").is_some_and(|spike| spike >= limit) {
            cx.reject(
                s.loc_of("spike_limit"),
                "spike_limit is not below limit: the soft limit (limit minus spike_limit) would be zero or less",
                "lower spike_limit below limit (left out, it is 20% of limit)",
                "spike_limit must be less than limit",
            );
        }
    } else if pct > 0.0 {
        let Some(spike) = percent("spike_limit_percentage") else {
            return;
        };
        if pct > 100.0 || spike <= 0.0 || spike > 100.0 {
            let (at, message) = if pct > 100.0 {
                (
                    "limit_percentage",
                    "limit_percentage is above 100".to_owned(),
                )
            } else {
                (
                    "spike_limit_percentage",
                    format!(
                        "{} must be between 1 and 100 when limit_percentage is set",
                        s.setting("spike_limit_percentage")
                            .describe("spike_limit_percentage")
                    ),
                )
            };
            cx.reject(
                s.loc_of(at),
                message,
                "set limit_percentage and spike_limit_percentage between 1 and 100 (for example 80 and 20)",
                "limit_percentage and spike_limit_percentage must be greater than 0 and and less or equal than 100",
            );
        }
    } else if s.attribute("limit").is_some() || s.attribute("limit_percentage").is_some() {
        cx.reject(
            s.loc_of(if s.attribute("limit").is_some() {
                "limit"
            } else {
                "limit_percentage"
            }),
            "the memory limit is zero: set limit or limit_percentage above zero",
            "set limit (for example \"512MiB\") or limit_percentage (for example 80)",
            "either limit or limit_percentage must be set to greater than zero",
        );
    } else {
        cx.reject(
            s.header(),
            "memory_limiter needs a limit: set limit or limit_percentage",
            "add `limit = \"512MiB\"` (a fixed size) or `limit_percentage = 80` with `spike_limit_percentage = 20`",
            "either limit or limit_percentage must be set to greater than zero",
        );
    }
}

/// The detector names `resourcedetection.go:231-257` accepts (each
/// package's `Name` constant).
const DETECTORS: &[&str] = &[
    "env",
    "ec2",
    "ecs",
    "eks",
    "elasticbeanstalk",
    "lambda",
    "akamai",
    "azure",
    "aks",
    "consul",
    "digitalocean",
    "docker",
    "gcp",
    "heroku",
    "hetzner",
    "system",
    "openshift",
    "kubernetes_node",
    "kubeadm",
    "dynatrace",
    "nova",
    "oraclecloud",
    "scaleway",
    "upcloud",
    "vultr",
    "tencent_cvm",
    "alibaba_ecs",
];

/// `otelcol.processor.resourcedetection` `detectors`: at least one, each
/// a name Alloy knows (resourcedetection.go:225-264).
fn detectors(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let Some(attr) = s.attribute("detectors") else {
        return;
    };
    let Expr::Array(list) = &attr.value else {
        return;
    };
    if list.elements.is_empty() {
        cx.reject(
            s.loc_of("detectors"),
            "detectors is empty: the processor would detect nothing",
            "list at least one detector, for example [\"env\", \"system\"]",
            "at least one detector must be specified",
        );
        return;
    }
    for element in &list.elements {
        let Expr::Literal(lit) = element else {
            continue;
        };
        if lit.kind != LiteralKind::String {
            continue;
        }
        let Some(name) = unquote(&lit.value) else {
            continue;
        };
        if DETECTORS.contains(&name.as_str()) {
            continue;
        }
        let fix = match suggest::closest(&name, DETECTORS.iter().copied()) {
            Some(c) => format!(
                "did you mean \"{c}\"? Known detectors: {}",
                DETECTORS.join(", ")
            ),
            None => format!("use one of the known detectors: {}", DETECTORS.join(", ")),
        };
        let at = Loc::new(s.unit, lit.pos as usize..lit.pos as usize + lit.value.len());
        cx.reject(
            at,
            format!("unknown detector \"{name}\""),
            &fix,
            &format!("invalid detector: {name}"),
        );
        // Go stops at the first unknown name.
        return;
    }
}

/// `otelcol.connector.spanmetrics` `metrics_flush_interval` above zero
/// (spanmetrics.go:140-145; Alloy is stricter than upstream here).
fn spanmetrics_flush(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let flush = s.setting("metrics_flush_interval");
    if flush.is_written() && flush.value.as_seconds().is_some_and(|t| t <= 0.0) {
        cx.reject(
            s.loc_of("metrics_flush_interval"),
            "metrics_flush_interval must be above zero",
            "set how often to emit metrics, for example \"60s\" (the default)",
            "metrics_flush_interval must be greater than 0",
        );
    }
}

/// A spanmetrics `histogram` takes one of `explicit` and `exponential`
/// (types.go:98-100), and an exponential one a `max_size`
/// above zero (types.go:158-164).
fn spanmetrics_histogram(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    // Both at once is the schema's exclusive group (exclusive-arguments).
    if !s.has_block("explicit") && !s.has_block("exponential") {
        cx.reject(
            s.header(),
            "histogram needs an explicit or an exponential block",
            "add `explicit {}` (default buckets) or `exponential {}` inside histogram",
            "either exponential or explicit histogram configuration must be specified",
        );
    }
    if let Some(exp) = s.block("exponential") {
        let size = exp.setting("max_size");
        if size.is_written() && size.value.as_number().is_some_and(|n| n <= 0.0) {
            cx.reject(
                exp.loc_of("max_size"),
                "max_size must be above zero: it is the number of buckets",
                "set max_size to the bucket count, 160 by default",
                "max_size must be greater than 0",
            );
        }
    }
}

/// An `otelcol.auth.headers` `header` has a `key` and a source of its
/// value: `value`, `from_context` or `from_attribute` (headers.go:198-209).
/// Any written source counts, even an empty string (Go tests the
/// pointers, not the text).
fn header_source(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if s.known_set("key") == Some(false) && s.attribute("key").is_some() {
        cx.reject(
            s.loc_of("key"),
            "key is empty: the header needs a name",
            "set key to the header's name, for example \"X-Scope-OrgID\"",
            "key must be set to a non-empty string",
        );
        return;
    }
    // More than one source is the schema's exclusive group
    // (exclusive-arguments).
    let written = ["value", "from_context", "from_attribute"]
        .into_iter()
        .any(|n| s.attribute(n).is_some());
    if !written {
        cx.reject(
            s.header(),
            "header has no value: set value, from_context or from_attribute",
            "add `value = \"...\"` (a fixed value), `from_context = \"...\"` (request metadata) or `from_attribute = \"...\"` (an auth attribute)",
            "one of value, from_context, or from_attribute must be provided",
        );
    }
}

/// Each `otelcol.processor.attributes` `action` names its `key` (delete
/// and hash accept a `pattern` instead): config_attraction.go:121-133.
/// Alloy reports every such block, numbered from 1 (:29-44).
fn attribute_action_key(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    for (i, a) in s.blocks("action").enumerate() {
        let Some(action) = a.value("action").as_str().map(str::to_owned) else {
            continue;
        };
        let key = a.known_set("key");
        let by_pattern = matches!(action.to_lowercase().as_str(), "delete" | "hash");
        let missing = key == Some(false) && (!by_pattern || a.known_set("pattern") == Some(false));
        if !missing {
            continue;
        }
        let (wants, requires, fix) = if by_pattern {
            (
                "key or pattern",
                "requires at least the key argument or the pattern argument to be set",
                "set key to the attribute's name (`key = \"http.url\"`), or pattern to a regex of names",
            )
        } else {
            (
                "key",
                "requires the key argument to be set",
                "set key to the attribute's name (for example `key = \"http.url\"`)",
            )
        };
        cx.reject(
            a.header(),
            format!("this {action} action names no attribute: set {wants}"),
            fix,
            &format!(
                "validation failed for action block number {}: the action {action} {requires}",
                i + 1
            ),
        );
    }
}

/// `retry_on_failure` (config_retry.go:40-50): a backoff `multiplier` above
/// 1 and a `randomization_factor` not below 0.
fn retry(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let multiplier = s.setting("multiplier");
    if multiplier.is_written() && multiplier.value.as_number().is_some_and(|m| m <= 1.0) {
        cx.reject(
            s.loc_of("multiplier"),
            format!(
                "{} must be above 1: the wait between retries must grow",
                multiplier.describe("multiplier")
            ),
            "set multiplier above 1, for example 1.5 (the default)",
            "multiplier must be greater than 1.0",
        );
    }
    let factor = s.setting("randomization_factor");
    if factor.is_written() && factor.value.as_number().is_some_and(|f| f < 0.0) {
        cx.reject(
            s.loc_of("randomization_factor"),
            "randomization_factor may not be negative",
            "set randomization_factor between 0 and 1, for example 0.5 (the default)",
            "randomization_factor must be greater or equal to 0",
        );
    }
}

/// The queue sizers Alloy converts (config_queue.go:135-146).
const QUEUE_SIZERS: &[&str] = &["bytes", "items", "requests"];

/// `sending_queue` (config_queue.go:107-133), only when enabled: a
/// `queue_size` above zero, a known `sizer`, and a `batch` whose
/// `min_size` fits the queue when both count in the same unit (defaults
/// included: queue 1000 requests, batch 2000 items).
fn queue(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    if s.setting("enabled").value.as_bool() != Some(true) {
        return;
    }
    let size = s.setting("queue_size");
    if size.value.as_number().is_some_and(|n| n <= 0.0) {
        cx.reject(
            s.loc_of("queue_size"),
            format!("{} must be above zero", size.describe("queue_size")),
            "set queue_size to how much the queue holds (1000 by default), or `enabled = false` for no queue",
            "queue_size must be greater than zero",
        );
        return;
    }
    let sizer = s.setting("sizer");
    if let Some(name) = sizer.value.as_str() {
        if !QUEUE_SIZERS.contains(&name) {
            cx.reject(
                s.loc_of("sizer"),
                format!("unknown queue sizer \"{name}\""),
                "use \"requests\" (the default), \"items\" or \"bytes\"",
                &format!("invalid sizer: {name}"),
            );
            return;
        }
    }
    let Some(batch) = s.block("batch") else {
        return;
    };
    let batch_sizer = batch.setting("sizer");
    let min = batch.setting("min_size");
    if let (Some(a), Some(b), Some(n), Some(q)) = (
        sizer.value.as_str(),
        batch_sizer.value.as_str(),
        min.value.as_number(),
        size.value.as_number(),
    ) {
        if a == b && n > q {
            cx.reject(
                batch.loc_of("min_size"),
                format!(
                    "{} is larger than the queue's {}: the queue could never fill a batch",
                    min.describe("batch min_size"),
                    size.describe("queue_size")
                ),
                "lower batch min_size to at most queue_size, or raise queue_size",
                "`min_size` must be less than or equal to `queue_size`",
            );
        }
    }
}

/// A `sending_queue` `batch` block (config_queue.go:169-196), checked
/// whenever it is written: sizer items or bytes, a `flush_timeout` above
/// zero, sizes not negative and `max_size` (when not 0) not below
/// `min_size`.
fn queue_batch(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    // `sending_queue/batch`, and loadbalancing's `protocol/otlp/queue/batch`.
    if !s.path.ends_with("queue/batch") {
        return;
    }
    if let Some(sizer) = s.setting("sizer").value.as_str() {
        if sizer != "items" && sizer != "bytes" {
            cx.reject(
                s.loc_of("sizer"),
                format!("a batch counts \"items\" or \"bytes\", not \"{sizer}\""),
                "set the batch sizer to \"items\" (the default) or \"bytes\"",
                "`batch` supports only `items` or `bytes` sizer",
            );
            return;
        }
    }
    let flush = s.setting("flush_timeout");
    if flush.is_written() && flush.value.as_seconds().is_some_and(|t| t <= 0.0) {
        cx.reject(
            s.loc_of("flush_timeout"),
            "flush_timeout must be above zero",
            "set flush_timeout, for example \"200ms\" (the default)",
            "`flush_timeout` must be positive",
        );
        return;
    }
    let min = s.setting("min_size");
    let max = s.setting("max_size");
    for (setting, name) in [(&min, "min_size"), (&max, "max_size")] {
        if setting.value.as_number().is_some_and(|n| n < 0.0) {
            cx.reject(
                s.loc_of(name),
                format!("{name} may not be negative"),
                &format!("set {name} to 0 or more"),
                &format!("`{name}` must be non-negative"),
            );
            return;
        }
    }
    if let (Some(lo), Some(hi)) = (min.value.as_number(), max.value.as_number()) {
        if hi > 0.0 && hi < lo {
            let at = if max.is_written() {
                "max_size"
            } else {
                "min_size"
            };
            cx.reject(
                s.loc_of(at),
                format!(
                    "{} is below {}",
                    max.describe("max_size"),
                    min.describe("min_size")
                ),
                "raise max_size to at least min_size, or set it to 0 for no limit",
                "`max_size` must be greater or equal to `min_size`",
            );
        }
    }
}
