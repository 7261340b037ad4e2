//! Golden files: the Rust module and the docs page emitted for one fixture endpoint.
//!
//! On a mismatch the test fails with a diff hint; `WXAPI_BLESS=1 cargo test -p wxapi-codegen
//! --test it golden` rewrites the expected files, to be reviewed like any other change.

use std::path::{Path, PathBuf};

use wxapi_codegen::{generate, Options, SpecTree};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn generated(path: &str) -> String {
    generated_with(path, &Options::checked_in())
}

fn generated_with(path: &str, options: &Options) -> String {
    let mut tree = SpecTree::read(&fixture().join("spec")).expect("fixture spec reads");
    tree.display_root = "spec".to_owned();
    let out = generate(&tree, options).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.diagnostics.is_empty(),
        "fixture has warnings:\n{}",
        out.diagnostics
    );
    out.files
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} was not generated"))
        .contents
}

fn check(path: &str, expected_name: &str) {
    let actual = generated(path);
    let expected_path = fixture().join("expected").join(expected_name);
    if std::env::var_os("WXAPI_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).expect("bless writes the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{path} differs from {} (first difference at line {}):\n--- expected\n{}\n--- actual\n{}\n\
             if the change is intended, run `WXAPI_BLESS=1 cargo test -p wxapi-codegen --test it golden` and review the diff",
            expected_path.display(),
            first + 1,
            expected.lines().skip(first).take(5).collect::<Vec<_>>().join("\n"),
            actual.lines().skip(first).take(5).collect::<Vec<_>>().join("\n"),
        );
    }
}

#[test]
fn endpoint_module_matches_golden() {
    check("src/api/endpoints/demo_check.rs", "demo_check.rs");
}

#[test]
fn endpoint_page_matches_golden() {
    check("docs/endpoints/demo_check.md", "demo_check.md");
}

#[test]
fn upload_and_file_answer_match_golden() {
    for id in ["demo_upload", "demo_qrcode"] {
        check(&format!("src/api/endpoints/{id}.rs"), &format!("{id}.rs"));
        check(&format!("docs/endpoints/{id}.md"), &format!("{id}.md"));
    }
}

#[test]
fn mock_tests_match_golden() {
    check("src/mock_tests.rs", "mock_tests.rs");
}

/// Whether `module` implements `Deserialize` for `name` (through `codegen::object`).
fn decodes(module: &str, name: &str) -> bool {
    module.contains(&format!("codegen::serde::Deserialize<'de> for {name} {{"))
}

/// Whether `module` implements `Serialize` for `name` (through `codegen::object`).
fn encodes(module: &str, name: &str) -> bool {
    module.contains(&format!("impl codegen::serde::Serialize for {name} {{"))
}

#[test]
fn serde_both_ways_gives_both_traits_to_requests_and_responses() {
    let path = "src/api/endpoints/demo_check.rs";
    let one_way = generated(path);
    assert!(encodes(&one_way, "DemoCheckRequest"));
    assert!(!encodes(&one_way, "DemoCheckResponse"));
    assert!(decodes(&one_way, "DemoCheckResponse"));
    assert!(
        one_way.contains("#[cfg(test)]\nimpl<'de> ::wxapi_runtime::codegen::serde::Deserialize<'de> for DemoCheckRequest"),
        "a request with examples decodes in the crate's tests only"
    );
    let mut both_ways = Options::checked_in();
    both_ways.serde_both_ways = true;
    let both = generated_with(path, &both_ways);
    for name in ["DemoCheckRequest", "DemoCheckResponse"] {
        assert!(encodes(&both, name), "{name} encodes");
        assert!(decodes(&both, name), "{name} decodes");
    }
    assert!(
        !both.contains("#[cfg(test)]\nimpl") && !both.contains("cfg_attr(test, derive(::"),
        "nothing is left to implement in tests only"
    );
}
