//! Parse + format never panics, formatting is idempotent and keeps the token
//! sequence, and the grammar agrees with the error replay.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = alloy_lint::format::invariants::check(data) {
        panic!("{why}");
    }
});
