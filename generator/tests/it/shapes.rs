//! Files of every shape a loader can trip on (`benches/support/shapes.rs`), up to the 1 MiB
//! file limit: nested deep in every way YAML allows, and wide in every way. Behaviour only:
//! how long they take is measured by `scripts/bench-shapes.sh`, never asserted here.

#[path = "../../benches/support/shapes.rs"]
mod builders;

use std::panic::{catch_unwind, AssertUnwindSafe};

use wxapi_codegen::phases::load::{MAX_DEPTH, MAX_FILE_BYTES};
use wxapi_codegen::{Diagnostic, Diagnostics, Severity, SpecTree};

/// Loads and validates; the model's presence and every diagnostic. A panic fails the test
/// with the shape's name.
fn check(name: &str, tree: &SpecTree) -> (bool, Vec<Diagnostic>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut dx = Diagnostics::default();
        let model = wxapi_codegen::check(tree, &mut dx);
        (model.is_some(), dx.sorted())
    }));
    outcome.unwrap_or_else(|_| panic!("{name}: the loader panicked"))
}

fn deep_shapes() -> impl Iterator<Item = &'static str> {
    builders::SHAPES
        .iter()
        .copied()
        .filter(|n| n.starts_with("deep_"))
}

#[test]
fn every_deep_shape_is_one_diagnostic_where_the_limit_is_crossed() {
    // From just past the limit (block mappings need their indentation: 8 KB for 128
    // levels) to the largest file there can be.
    for size in [12_000, 64 << 10, MAX_FILE_BYTES] {
        for name in deep_shapes() {
            let shape = builders::build(name, size).expect("a known shape");
            let (loaded, diags) = check(name, &shape.tree);
            let (file, line, col) = shape
                .too_deep_at
                .unwrap_or_else(|| panic!("{name} at {size} bytes is not deep enough"));
            let found: Vec<_> = diags
                .iter()
                .map(|d| (d.code, d.file.as_str(), d.span.line, d.span.col))
                .collect();
            assert_eq!(
                found,
                [("too-deep", file.as_str(), line, col)],
                "{name} at {size} bytes"
            );
            assert!(!loaded, "{name}");
            let message = &diags[0].message;
            assert!(
                message.contains(&format!("level {}", MAX_DEPTH + 1)),
                "{message}"
            );
        }
    }
}

#[test]
fn nesting_up_to_the_limit_loads() {
    // `doc` must be text, so the one diagnostic is about its kind, not its depth.
    let within = |depth: usize| {
        format!(
            "id: x\ntitle: X\nhttp: {{ method: POST, path: /wxa/x }}\ndoc: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    for (depth, code) in [(MAX_DEPTH - 1, "wrong-type"), (MAX_DEPTH, "too-deep")] {
        let tree = SpecTree {
            display_root: "spec".to_owned(),
            files: vec![("endpoints/x.yaml".to_owned(), within(depth).into_bytes())],
        };
        let (_, diags) = check("within", &tree);
        let codes: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, [code], "{depth} `[` under the top-level mapping");
    }
}

#[test]
fn every_wide_shape_is_a_spec_that_loads() {
    for name in builders::SHAPES.iter().filter(|n| !n.starts_with("deep_")) {
        let shape = builders::build(name, MAX_FILE_BYTES).expect("a known shape");
        assert!(shape.too_deep_at.is_none(), "{name}");
        assert!(
            shape
                .tree
                .files
                .iter()
                .all(|(_, bytes)| bytes.len() <= MAX_FILE_BYTES),
            "{name} fits the file limit"
        );
        let (loaded, diags) = check(name, &shape.tree);
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(loaded && errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn the_wide_shapes_are_as_wide_as_they_say() {
    let size = |name| {
        let shape = builders::build(name, MAX_FILE_BYTES).expect("a known shape");
        let text = String::from_utf8(shape.tree.files[0].1.clone()).expect("text");
        (shape.tree.files.len(), text)
    };
    let (_, text) = size("wide_flow_seq");
    assert!(
        text.matches(", ").count() > 100_000,
        "a flow list of 100k items"
    );
    let (_, text) = size("many_keys");
    assert!(text.matches("type: string").count() > 40_000, "40k keys");
    let (_, text) = size("long_line");
    assert!(text.lines().any(|l| l.len() > 1_000_000), "a 1 MB line");
    let (files, _) = size("many_files");
    assert!(files >= 2_000, "2,000 files, not {files}");
    let chain = builders::build("type_chain", MAX_FILE_BYTES).expect("a known shape");
    let types = String::from_utf8(chain.tree.files[1].1.clone()).expect("text");
    assert!(
        types.matches("type: object").count() > 15_000,
        "15,000 types"
    );
}

#[test]
fn types_nested_to_the_limit_are_a_spec_and_one_more_level_is_not() {
    // Levels: the file, `request`, `fields`, then 2 per inline object (itself and its
    // `fields`) or 1 per array, then the innermost `{ type: string }`.
    let spec = |inner: String| SpecTree {
        display_root: "spec".to_owned(),
        files: vec![(
            "endpoints/x.yaml".to_owned(),
            format!(
                "id: x\ntitle: X\ndoc: Deep.\nhttp: {{ method: POST, path: /wxa/x }}\n\
                 request:\n  fields:\n    top: {inner}\n"
            )
            .into_bytes(),
        )],
    };
    let objects = |n: usize| {
        (0..n).fold("{ type: string }".to_owned(), |inner, i| {
            format!("{{ type: object, fields: {{ f{i}: {inner} }} }}")
        })
    };
    let arrays = |n: usize| {
        (0..n).fold("{ type: string }".to_owned(), |inner, _| {
            format!("{{ type: array, items: {inner} }}")
        })
    };
    let at_limit = [
        (
            "objects",
            objects((MAX_DEPTH - 4) / 2),
            objects((MAX_DEPTH - 4) / 2 + 1),
        ),
        ("arrays", arrays(MAX_DEPTH - 4), arrays(MAX_DEPTH - 3)),
    ];
    for (what, deepest, deeper) in at_limit {
        let (loaded, diags) = check(what, &spec(deepest));
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(loaded && errors.is_empty(), "{what}: {errors:?}");
        let (_, diags) = check(what, &spec(deeper));
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["too-deep"], "{what}, one level deeper");
    }
}
