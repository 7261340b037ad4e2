//! Tests over the repository's own spec tree: freshness of `generated/`, determinism, and
//! what one spec edit changes.

use std::path::{Path, PathBuf};

use wxapi_codegen::{generate, write, Options, OutFile, SpecTree, REGENERATE};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the repository")
        .to_path_buf()
}

fn spec_tree() -> SpecTree {
    let mut tree = SpecTree::read(&repo().join("spec")).expect("spec/ reads");
    tree.display_root = "spec".to_owned();
    tree
}

fn files(tree: &SpecTree) -> Vec<OutFile> {
    let options = Options::checked_in_for(&repo().join("generated")).expect("generated/Cargo.toml");
    match generate(tree, &options) {
        Ok(generated) => generated.files,
        Err(e) => panic!("{e}"),
    }
}

/// `generated/` is exactly what `spec/` gives. The same check as `wxapi-codegen check`.
#[test]
fn generated_crate_is_fresh() {
    let plan = write::plan(&repo().join("generated"), &files(&spec_tree())).expect("plan");
    let listed: Vec<String> = [
        ("missing", &plan.created),
        ("stale", &plan.changed),
        ("no longer generated", &plan.stale),
    ]
    .iter()
    .flat_map(|(what, list)| list.iter().map(move |p| format!("  {what}: generated/{p}")))
    .collect();
    assert!(
        plan.is_fresh(),
        "generated/ is out of date with spec/:\n{}\nrun `{REGENERATE}` and commit the result",
        listed.join("\n")
    );
}

#[test]
fn the_spec_has_no_warnings() {
    let generated = generate(&spec_tree(), &Options::checked_in()).expect("generates");
    assert!(
        generated.diagnostics.is_empty(),
        "{}",
        generated.diagnostics
    );
}

#[test]
fn same_input_same_bytes_in_any_file_order() {
    let tree = spec_tree();
    let mut reversed = tree.clone();
    reversed.files.reverse();
    assert_eq!(files(&tree), files(&tree));
    assert_eq!(files(&tree), files(&reversed));
}

#[test]
fn every_generated_file_has_the_header() {
    for file in files(&spec_tree()) {
        if file.path.ends_with(".json") {
            // JSON has no comments: the header is a string on line 2 (a schema's `$comment`,
            // the OpenAPI document's `x-wxapi-generated`).
            let line = file.contents.lines().nth(1).unwrap_or_default();
            assert!(
                line.contains(write::MARKER) && line.contains(REGENERATE),
                "{}: {line}",
                file.path
            );
            continue;
        }
        let head: Vec<&str> = file.contents.lines().take(2).collect();
        assert!(
            head[0].contains(write::MARKER),
            "{}: {}",
            file.path,
            head[0]
        );
        assert!(
            head[0].contains("spec"),
            "{} names its sources: {}",
            file.path,
            head[0]
        );
        assert!(
            head[1].contains(REGENERATE),
            "{} names the command: {}",
            file.path,
            head[1]
        );
    }
}

/// Adds an error code to one endpoint's YAML: only that endpoint's module and page change,
/// the errors page's index of codes gains a row, and the mock tests gain its test.
pub fn with_new_error_code(tree: &SpecTree) -> SpecTree {
    let mut edited = tree.clone();
    let (_, bytes) = edited
        .files
        .iter_mut()
        .find(|(rel, _)| rel == "endpoints/security/img_sec_check.yaml")
        .expect("img_sec_check is in the spec");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let needle = "\nerrors:\n";
    assert!(
        text.contains(needle),
        "img_sec_check has an `errors:` mapping"
    );
    *bytes = text
        .replacen(
            needle,
            "\nerrors:\n  87999: { name: ImageTooLarge, message: image too large, solution: 压缩图片后重试 }\n",
            1,
        )
        .into_bytes();
    edited
}

#[test]
fn a_new_error_code_changes_its_endpoint_only() {
    let tree = spec_tree();
    let before = files(&tree);
    let after = files(&with_new_error_code(&tree));
    let changed: Vec<&str> = after
        .iter()
        .filter(|f| before.iter().find(|b| b.path == f.path) != Some(f))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "docs/endpoints/img_sec_check.md",
            "docs/errors.md",
            "openapi.json",
            "src/api/endpoints/img_sec_check.rs",
            "src/mock_tests.rs"
        ]
    );
    assert_eq!(before.len(), after.len());
    let module = &after
        .iter()
        .find(|f| f.path == changed[3])
        .expect("module")
        .contents;
    assert!(module.contains("    ImageTooLarge,"), "a new variant");
    assert!(
        module.contains("ImageTooLarge(code = 87999,"),
        "decoded from its code"
    );
    let page = &after
        .iter()
        .find(|f| f.path == changed[0])
        .expect("page")
        .contents;
    assert!(
        page.contains(
            "| [87999](../errors.md#87999) | image too large | `ImageTooLarge` | 压缩图片后重试 |"
        ),
        "{page}"
    );
    let index = &after
        .iter()
        .find(|f| f.path == changed[1])
        .expect("errors page")
        .contents;
    assert!(
        index.contains(
            "| <a id=\"87999\"></a>87999 | image too large | [img_sec_check](endpoints/img_sec_check.md#errors) |"
        ),
        "the index of codes links the page"
    );
    let export = &after
        .iter()
        .find(|f| f.path == changed[2])
        .expect("OpenAPI document")
        .contents;
    assert!(
        export.contains("\"name\": \"ImageTooLarge\""),
        "the code in x-wxapi-errors"
    );
    let tests = &after
        .iter()
        .find(|f| f.path == changed[4])
        .expect("mock tests")
        .contents;
    assert!(
        tests.contains("async fn img_sec_check_error_87999()")
            && tests.contains("matches!(error, ImgSecCheckError::ImageTooLarge)"),
        "a test of the new code"
    );
}
