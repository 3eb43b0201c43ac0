//! The framework of load-time validations: where a validation applies and
//! what a section reports for written, default and unknown values.

use super::*;
use crate::check::values::Emptiness;
use crate::schema::Catalog;
use crate::syntax::ast::Block;

fn first_block(file: &crate::syntax::ast::File) -> &Block {
    match &file.body[0] {
        Stmt::Block(b) => b,
        _ => panic!("a block first"),
    }
}

#[test]
fn validations_apply_by_component_pattern_and_block_path() {
    let v = Validation {
        components: &["loki.source.*", "prometheus.scrape"],
        block: "**/tls_config",
        code: Code::InvalidComponentConfig,
        source: "test",
        check: |_, _| {},
    };
    assert!(v.applies_to("prometheus.scrape"));
    assert!(v.applies_to("loki.source.file"));
    assert!(!v.applies_to("loki.source"));
    assert!(!v.applies_to("prometheus.scraper"));
    assert!(v.applies_at("tls_config"));
    assert!(v.applies_at("endpoint/tls_config"));
    assert!(!v.applies_at("endpoint/my_tls_config"));
    assert!(!v.applies_at(""));
    let exact = Validation {
        block: "endpoint",
        ..v
    };
    assert!(exact.applies_at("endpoint"));
    assert!(!exact.applies_at("endpoint/tls_config"));
}

#[test]
fn settings_are_written_default_or_unset() {
    let src =
        b"prometheus.scrape \"a\" {\n  scrape_interval = \"5s\"\n  job_name = sys.env(\"J\")\n}\n";
    let parsed = crate::syntax::parse(src).unwrap();
    let block = first_block(&parsed.file);
    let schema = Catalog::component("prometheus.scrape").unwrap();
    let s = Section {
        unit: 0,
        block,
        schema,
        path: String::new(),
    };
    let interval = s.setting("scrape_interval");
    assert!(interval.is_written());
    assert_eq!(interval.value.as_seconds(), Some(5.0));
    assert_eq!(interval.describe("scrape_interval"), "scrape_interval (5s)");
    let timeout = s.setting("scrape_timeout");
    assert_eq!(timeout.origin, Origin::Default);
    assert_eq!(timeout.value.as_seconds(), Some(10.0));
    assert_eq!(
        timeout.describe("scrape_timeout"),
        "scrape_timeout (10s, its default)"
    );
    assert_eq!(s.value("job_name"), Value::Unknown);
    assert_eq!(s.value("job_name").emptiness(), Emptiness::Unknown);
    assert_eq!(s.known_set("job_name"), None);
    assert_eq!(s.known_set("scrape_interval"), Some(true));
    assert_eq!(s.known_set("bearer_token"), Some(false));
    // A list default is read as Alloy reads it.
    let protocols = s.value("scrape_protocols");
    assert_eq!(protocols.as_list().map(<[Value]>::len), Some(4));
    // No default: Go's zero value.
    let unset = s.setting("bearer_token_file");
    assert_eq!(unset.origin, Origin::Unset);
    assert_eq!(unset.value.emptiness(), Emptiness::Empty);
}

#[test]
fn nested_sections_know_their_path_and_schema() {
    let src = b"prometheus.remote_write \"a\" {\n  endpoint {\n    url = \"http://x\"\n    tls_config {\n      ca_file = \"a\"\n    }\n  }\n}\n";
    let parsed = crate::syntax::parse(src).unwrap();
    let block = first_block(&parsed.file);
    let schema = Catalog::component("prometheus.remote_write").unwrap();
    let root = Section {
        unit: 0,
        block,
        schema,
        path: String::new(),
    };
    let endpoint = root.block("endpoint").unwrap();
    assert_eq!(endpoint.path, "endpoint");
    let tls = endpoint.block("tls_config").unwrap();
    assert_eq!(tls.path, "endpoint/tls_config");
    assert_eq!(tls.value("ca_file"), Value::String("a".into()));
    assert!(endpoint.has_block("tls_config") && !endpoint.has_block("oauth2"));
    // The URL's value, mapped into the file.
    let map = endpoint.string("url").unwrap();
    let loc = endpoint.loc_in(&map, 0..4);
    assert_eq!(&src[loc.start..loc.end], b"http");
}
