//! `check` never panics, whatever the input: it either reports syntax
//! errors or walks the tree, and every diagnostic points inside the input.
#![no_main]

use alloy_lint::check::{check, Options, Source, StabilityLevel};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = check(
        vec![Source {
            name: "fuzz.alloy".into(),
            path: None,
            text: data.to_vec(),
        }],
        &Options {
            stability: StabilityLevel::Experimental,
            community_components: true,
        },
    );
    for d in &report.diagnostics {
        assert!(d.span.end() <= data.len(), "{d:?}");
        assert!(d.code.is_some(), "{d:?}");
    }
});
