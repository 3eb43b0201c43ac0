//! `prometheus.scrape`: `Arguments.Validate()` and the checks of its
//! constructor (grafana/alloy internal/component/prometheus/scrape/scrape.go).

use super::{Cx, Section, Validation, Value};
use crate::check::values::go_duration;
use crate::rules::Code;

/// The validations of `prometheus.scrape`.
pub const VALIDATIONS: &[Validation] = &[Validation {
    components: &["prometheus.scrape"],
    block: "",
    code: Code::InvalidComponentConfig,
    source: "internal/component/prometheus/scrape/scrape.go:172",
    check: timeout_within_interval,
}];

/// `scrape_timeout` may not exceed `scrape_interval`, defaults included
/// (60s and 10s, scrape.go:155-156): `scrape_interval = "5s"` alone fails.
fn timeout_within_interval(cx: &mut Cx<'_, '_>, s: &Section<'_>) {
    let timeout = s.setting("scrape_timeout");
    let interval = s.setting("scrape_interval");
    let (Some(t), Some(i)) = (timeout.value.as_seconds(), interval.value.as_seconds()) else {
        return;
    };
    if t <= i {
        return;
    }
    // The user changes what they wrote: the interval when the timeout is
    // the default, else the timeout.
    let (at, fix) = if timeout.is_written() {
        (
            s.loc_of("scrape_timeout"),
            format!(
                "lower scrape_timeout to at most {}, or raise scrape_interval to at least {}",
                go_duration(i),
                go_duration(t)
            ),
        )
    } else {
        (
            s.loc_of("scrape_interval"),
            format!(
                "add `scrape_timeout = {:?}` (or shorter), or raise scrape_interval to at least {}",
                go_duration(i),
                go_duration(t)
            ),
        )
    };
    // Alloy names the job as written: empty unless `job_name` is set.
    let job = s
        .attribute("job_name")
        .map(|a| Value::of(&a.value))
        .unwrap_or(Value::String(String::new()));
    let alloy = format!(
        "scrape_timeout ({}) greater than scrape_interval ({}) for scrape config with job name {:?}",
        go_duration(t),
        go_duration(i),
        job.as_str().unwrap_or("")
    );
    let message = format!(
        "{} is longer than {}: a scrape may not take longer than the time between scrapes",
        timeout.describe("scrape_timeout"),
        interval.describe("scrape_interval")
    );
    cx.reject(at, message, &fix, &alloy);
}
