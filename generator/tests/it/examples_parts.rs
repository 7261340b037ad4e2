//! The examples test and the mock tests are formatted in parts to bound memory on large
//! APIs; the parts must make exactly the file one formatting pass over the whole module
//! would.

#[path = "../../benches/support/synth.rs"]
mod synth;

use wxapi_codegen::phases::rust::{examples_test, mock_tests, render};
use wxapi_codegen::{check, Diagnostics};

#[test]
fn formatting_in_parts_gives_the_whole_file() {
    // 250 endpoints with one example and one page call each: a head and five parts of a
    // hundred items.
    let tree = synth::spec(250);
    let mut dx = Diagnostics::default();
    let model =
        check(&tree, &mut dx).unwrap_or_else(|| panic!("the synthetic spec is valid: {dx}"));
    let parts = examples_test(&model);
    assert_eq!(parts.len(), 6, "a head and five parts");
    let whole = render("spec_examples.rs", parts.iter().cloned().collect(), "").expect("renders");
    let mut in_parts = String::new();
    for part in parts {
        in_parts.push_str(&render("spec_examples.rs", part, "").expect("renders"));
    }
    assert_eq!(in_parts, whole);
}

#[test]
fn mock_tests_in_parts_give_the_whole_file() {
    let tree = synth::spec(250);
    let mut dx = Diagnostics::default();
    let model =
        check(&tree, &mut dx).unwrap_or_else(|| panic!("the synthetic spec is valid: {dx}"));
    let parts = mock_tests(&model, "../spec");
    assert!(parts.len() > 2, "a head and several parts: {}", parts.len());
    let whole = render("mock_tests.rs", parts.iter().cloned().collect(), "").expect("renders");
    let mut in_parts = String::new();
    for part in parts {
        in_parts.push_str(&render("mock_tests.rs", part, "").expect("renders"));
    }
    assert_eq!(in_parts, whole);
}
