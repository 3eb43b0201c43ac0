//! OpenTelemetry components: what their Alloy `Validate()` refuses.

use super::{Cx, Section, Validation};
use crate::rules::Code;

/// The validations of otelcol components.
pub const VALIDATIONS: &[Validation] = &[Validation {
    components: &["otelcol.processor.batch"],
    block: "",
    code: Code::InvalidComponentConfig,
    source: "internal/component/otelcol/processor/batch/batch.go:66-71",
    check: batch_sizes,
}];

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
