//! The README documents every rule: a rule added without a line in its
//! table fails here.

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let missing: Vec<&str> = alloy_lint::check::rules::all()
        .map(|r| r.code)
        .filter(|code| !readme.contains(&format!("| `{code}` |")))
        .collect();
    assert!(missing.is_empty(), "README rules table lacks {missing:?}");
}
