use super::*;
use crate::check::{check, Options, Source};

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.into(),
        path: None,
        text: text.as_bytes().to_vec(),
    }
}

fn model_of(text: &str) -> Model {
    check(vec![source("main.alloy", text)], &Options::default()).model
}

/// The offset of the `n`th (0-based) occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle).nth(n).expect("in the text").0
}

fn text_of(text: &str, loc: Loc) -> &str {
    &text[loc.start..loc.end]
}

fn block_by_id<'m>(model: &'m Model, id: &str) -> (BlockId, &'m Block) {
    model
        .blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.id == id)
        .expect("a block by that id")
}

const PIPELINE: &str = r#"prometheus.scrape "default" {
	targets    = [{"__address__" = "localhost:9090"}]
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
	endpoint {
		url = "http://mimir:9009/api/v1/push"
	}
}
"#;

#[test]
fn components_have_their_places_kind_and_schema() {
    let model = model_of(PIPELINE);
    let (_, scrape) = block_by_id(&model, "prometheus.scrape.default");
    assert_eq!(scrape.kind, BlockKind::Component);
    assert_eq!(text_of(PIPELINE, scrape.name()), "prometheus.scrape");
    assert_eq!(text_of(PIPELINE, scrape.label().unwrap()), "\"default\"");
    assert_eq!(
        text_of(PIPELINE, scrape.header()),
        "prometheus.scrape \"default\""
    );
    assert!(text_of(PIPELINE, scrape.body()).starts_with('{'));
    assert!(scrape.schema.unwrap().exports.is_empty());
    let (endpoint_id, endpoint) = block_by_id(&model, "endpoint");
    assert_eq!(endpoint.kind, BlockKind::Nested);
    assert_eq!(
        endpoint.parent(),
        Some(block_by_id(&model, "prometheus.remote_write.default").0)
    );
    let url = model
        .attributes
        .iter()
        .find(|a| a.block() == endpoint_id)
        .unwrap();
    assert_eq!(text_of(PIPELINE, url.name()), "url");
    assert!(url.argument.unwrap().required);
}

#[test]
fn references_resolve_to_component_export_and_type() {
    let model = model_of(PIPELINE);
    let (writer, _) = block_by_id(&model, "prometheus.remote_write.default");
    let (scrape, _) = block_by_id(&model, "prometheus.scrape.default");
    let refs: Vec<&Reference> = model.references_to(writer).collect();
    assert_eq!(refs.len(), 1);
    assert_eq!(
        text_of(PIPELINE, refs[0].loc()),
        "prometheus.remote_write.default.receiver"
    );
    assert_eq!(refs[0].from(), scrape);
    let Target::Block {
        export: Some(export),
        ..
    } = &refs[0].target
    else {
        panic!("{:?}", refs[0].target)
    };
    assert_eq!(export.name, "receiver");
    assert_eq!(text_of(PIPELINE, export.loc()), "receiver");
    assert!(
        matches!(export.ty.as_deref(), Some(crate::schema::Type::Capsule(_))),
        "{:?}",
        export.ty
    );
    assert_eq!(model.edges().collect::<Vec<_>>(), vec![(scrape, writer)]);
}

#[test]
fn at_finds_the_innermost_item() {
    let model = model_of(PIPELINE);
    let reference = nth(PIPELINE, "prometheus.remote_write.default.receiver", 0) + 5;
    assert!(matches!(model.at(0, reference), Some(Item::Reference(_))));
    let forward_to = nth(PIPELINE, "forward_to", 0) + 2;
    let Some(Item::AttributeName(a)) = model.at(0, forward_to) else {
        panic!()
    };
    assert_eq!(text_of(PIPELINE, model.attributes[a].name()), "forward_to");
    let label = nth(PIPELINE, "\"default\"", 1) + 1;
    let Some(Item::BlockHeader(b)) = model.at(0, label) else {
        panic!()
    };
    assert_eq!(model.blocks[b].id, "prometheus.remote_write.default");
    let value = nth(PIPELINE, "localhost", 0);
    assert!(matches!(model.at(0, value), Some(Item::Value(_))));
    let between = nth(PIPELINE, "\n\tendpoint", 0);
    assert!(matches!(model.at(0, between), Some(Item::BlockBody(_))));
    // Between blocks, and in another file.
    assert_eq!(model.at(0, nth(PIPELINE, "}\n\nprom", 0) + 1), None);
    assert_eq!(model.at(1, 0), None);
}

#[test]
fn definition_of_a_reference_is_its_component_header() {
    let model = model_of(PIPELINE);
    let at = nth(PIPELINE, ".receiver", 0) - 2;
    let def = model.definition(0, at).unwrap();
    assert_eq!(
        text_of(PIPELINE, def),
        "prometheus.remote_write \"default\""
    );
    // A built-in argument is defined nowhere in the configuration.
    assert_eq!(model.definition(0, nth(PIPELINE, "url", 0)), None);
}

const DECLARE: &str = r#"declare "add" {
	argument "a" {
		optional = false
	}

	export "sum" {
		value = argument.a.value + 1
	}
}

add "one" {
	a = 1
}

local.file "x" {
	filename = string.format("%d", add.one.sum)
}
"#;

#[test]
fn declare_scopes_arguments_and_custom_components() {
    let model = model_of(DECLARE);
    let (declare, d) = block_by_id(&model, "declare.add");
    assert_eq!(d.kind, BlockKind::Declare);
    let body = model
        .scopes
        .iter()
        .position(|s| s.kind == ScopeKind::Declare)
        .unwrap();
    assert_eq!(model.scopes[body].owner, Some(declare));
    assert_eq!(model.scopes[body].parent, Some(0));
    let arguments: Vec<&str> = model.arguments(body).map(|(_, b)| b.id.as_str()).collect();
    assert_eq!(arguments, ["argument.a"]);
    let (instance, i) = block_by_id(&model, "add.one");
    assert_eq!(
        i.kind,
        BlockKind::Custom {
            declare: Some(declare as u32)
        }
    );
    // The argument's use inside the declare: defined by its argument block.
    let at = nth(DECLARE, "argument.a.value", 0) + 3;
    let def = model.definition(0, at).unwrap();
    assert_eq!(text_of(DECLARE, def), "argument \"a\"");
    // The instance's header: defined by its declare.
    let def = model.definition(0, nth(DECLARE, "add \"one\"", 0)).unwrap();
    assert_eq!(text_of(DECLARE, def), "declare \"add\"");
    // Its attribute: by the argument block.
    let def = model.definition(0, nth(DECLARE, "a = 1", 0)).unwrap();
    assert_eq!(text_of(DECLARE, def), "argument \"a\"");
    // Who uses the custom component's export.
    let users: Vec<&str> = model
        .references_to(instance)
        .map(|r| text_of(DECLARE, r.loc()))
        .collect();
    assert_eq!(users, ["add.one.sum"]);
    let (x, _) = block_by_id(&model, "local.file.x");
    assert!(model.edges().any(|e| e == (x, instance)));
    // A function name is a standard library reference, defined nowhere.
    let at = nth(DECLARE, "string.format", 0) + 8;
    let Some(Item::Reference(r)) = model.at(0, at) else {
        panic!("{:?}", model.at(0, at))
    };
    assert_eq!(
        (
            text_of(DECLARE, model.references[r].loc()),
            &model.references[r].target
        ),
        ("string.format", &Target::Stdlib)
    );
    assert_eq!(model.definition(0, at), None);
}

#[test]
fn foreach_templates_are_scopes_that_see_their_surroundings() {
    let text = r#"foreach "each" {
	collection = [1, 2]
	var        = "num"

	template {
		prometheus.exporter.self "inner" { }

		prometheus.scrape "s" {
			targets    = prometheus.exporter.self.inner.targets
			forward_to = [prometheus.remote_write.out.receiver]
			job_name   = string.format("%d", num)
		}
	}
}

prometheus.remote_write "out" {
	endpoint {
		url = "http://mimir:9009/api/v1/push"
	}
}
"#;
    let model = check(
        vec![source("main.alloy", text)],
        &Options {
            stability: crate::check::StabilityLevel::Experimental,
            ..Options::default()
        },
    )
    .model;
    let (foreach, f) = block_by_id(&model, "foreach.each");
    assert_eq!(f.kind, BlockKind::Foreach);
    let template = model
        .scopes
        .iter()
        .position(|s| s.kind == ScopeKind::Template)
        .unwrap();
    assert_eq!(model.scopes[template].owner, Some(foreach));
    assert_eq!(model.scopes[template].var.as_deref(), Some("num"));
    let (inner, b) = block_by_id(&model, "prometheus.exporter.self.inner");
    assert_eq!(b.scope(), template);
    // A reference from the template out to the root.
    let at = nth(text, "remote_write.out", 0);
    let def = model.definition(0, at).unwrap();
    assert_eq!(text_of(text, def), "prometheus.remote_write \"out\"");
    // The variable.
    let var = model
        .references
        .iter()
        .find(|r| text_of(text, r.loc()) == "num")
        .unwrap();
    assert_eq!(var.target, Target::Var);
    assert_eq!(model.references_to(inner).count(), 1);
    // The `template` block is nested in the foreach.
    let (_, t) = block_by_id(&model, "template");
    assert_eq!((t.kind, t.parent()), (BlockKind::Nested, Some(foreach)));
}

#[test]
fn import_file_modules_are_scopes_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let module = "declare \"double\" {\n\targument \"x\" { }\n\n\texport \"out\" {\n\t\tvalue = argument.x.value * 2\n\t}\n}\n";
    std::fs::write(dir.path().join("math.alloy"), module).unwrap();
    let main = "import.file \"math\" {\n\tfilename = \"math.alloy\"\n}\n\nmath.double \"two\" {\n\tx = 1\n}\n";
    let path = dir.path().join("main.alloy");
    std::fs::write(&path, main).unwrap();
    let report = check(
        vec![Source {
            name: "main.alloy".into(),
            path: Some(path),
            text: main.as_bytes().to_vec(),
        }],
        &Options::default(),
    );
    let model = report.model;
    assert_eq!(model.files.len(), 2, "{:?}", model.files);
    let (import, i) = block_by_id(&model, "import.file.math");
    assert_eq!(i.kind, BlockKind::Import);
    let module_scope = model
        .scopes
        .iter()
        .position(|s| s.kind == ScopeKind::Module)
        .unwrap();
    assert_eq!(model.scopes[module_scope].owner, Some(import));
    assert_eq!(model.scopes[module_scope].parent, None);
    let (declare, d) = block_by_id(&model, "declare.double");
    assert_eq!((d.scope(), d.unit()), (module_scope, 1));
    let (_, instance) = block_by_id(&model, "math.double.two");
    assert_eq!(
        instance.kind,
        BlockKind::Imported {
            import: Some(import as u32),
            declare: Some(declare as u32)
        }
    );
    // Go to definition crosses into the module's file.
    let def = model.definition(0, nth(main, "x = 1", 0)).unwrap();
    assert_eq!(
        (def.unit, &module[def.start..def.end]),
        (1, "argument \"x\"")
    );
    let def = model.definition(0, nth(main, "math.double", 0)).unwrap();
    assert_eq!(
        (def.unit, &module[def.start..def.end]),
        (1, "declare \"double\"")
    );
}

#[test]
fn secrets_are_kept_per_file() {
    let text = "prometheus.remote_write \"x\" {\n\tendpoint {\n\t\turl = \"http://m/api/v1/push\"\n\n\t\tbasic_auth {\n\t\t\tusername = \"u\"\n\t\t\tpassword = \"hunter2hunter2\"\n\t\t}\n\t}\n}\n";
    let model = model_of(text);
    let spans = model.secrets_of("main.alloy").unwrap();
    let values = spans.values(text.as_bytes());
    assert_eq!(values, ["hunter2hunter2"]);
}

#[test]
fn a_configuration_that_does_not_parse_has_files_only() {
    let report = check(
        vec![
            source("a.alloy", "logging {\n\tlevel = \"info\"\n}\n"),
            source("b.alloy", "logging {"),
        ],
        &Options::default(),
    );
    assert_eq!(report.model.files.len(), 1);
    assert!(report.model.blocks.is_empty());
}

#[test]
fn syntax_block_finds_the_tree_node() {
    let parsed = crate::syntax::parse(PIPELINE.as_bytes()).unwrap();
    let model = crate::check::model_of(&[source("main.alloy", PIPELINE)], &[parsed], &|_| true);
    let parsed = crate::syntax::parse(PIPELINE.as_bytes()).unwrap();
    for (id, b) in model.blocks.iter().enumerate() {
        let node = model.syntax_block(&parsed.file, id).unwrap();
        assert_eq!(node.name_pos as usize, b.name().start);
        assert_eq!(&*node.name, text_of(PIPELINE, b.name()));
    }
}

/// The model is kept for a whole check: a 10 MB configuration has about
/// 94,000 blocks, 150,000 attributes and 60,000 references, so each byte
/// here is about 0.3 MB of peak memory. These bounds keep the compact
/// layout (u32 places and ids, header derived) from growing back
/// unnoticed.
#[test]
fn model_items_stay_compact() {
    use std::mem::size_of;
    assert_eq!(size_of::<Place>(), 12);
    assert!(size_of::<BlockKind>() <= 16, "{}", size_of::<BlockKind>());
    assert!(size_of::<Block>() <= 88, "{}", size_of::<Block>());
    assert!(size_of::<Attribute>() <= 40, "{}", size_of::<Attribute>());
    assert!(size_of::<Reference>() <= 72, "{}", size_of::<Reference>());
    assert!(size_of::<Resolved>() <= 64, "{}", size_of::<Resolved>());
}
