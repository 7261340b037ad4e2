//! Validation of small spec trees, end to end: which diagnostics, where.

use super::validate;
use crate::diag::Diagnostics;
use crate::load::{load, SpecTree};

/// The diagnostics of a spec tree, as `(file, line, code)`.
fn check(files: &[(&str, &str)]) -> Vec<(String, usize, &'static str)> {
    let tree = SpecTree {
        display_root: String::new(),
        files: files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
            .collect(),
    };
    let mut dx = Diagnostics::default();
    let loaded = load(&tree, &mut dx);
    validate(&loaded, &mut dx);
    dx.sorted()
        .into_iter()
        .map(|d| (d.file, d.span.line, d.code))
        .collect()
}

fn endpoint(request: &str, response: &str, rest: &str) -> String {
    format!(
        "id: check\ntitle: Check\ndoc: Checks.\nhttp: {{ method: POST, path: /wxa/check }}\n\
         request:\n  fields:\n{request}response:\n  fields:\n{response}{rest}"
    )
}

const SEC_TYPES: &str = "types:\n  SecResult:\n    type: object\n    doc: r\n    fields:\n      suggest: { type: string, doc: s }\n";

#[test]
fn bare_builtin_names_work_in_items_and_of() {
    let e = endpoint(
        "    tags: { type: array, items: string, doc: t }\n",
        "    data: { type: json_string, of: json, doc: d }\n",
        "examples:\n  - response: { errcode: 0, data: '{}' }\n",
    );
    assert_eq!(check(&[("endpoints/check.yaml", &e)]), []);
}

#[test]
fn a_bare_array_in_items_needs_its_own_items() {
    let e = endpoint("    tags: { type: array, items: array, doc: t }\n", "", "");
    assert_eq!(
        check(&[("endpoints/check.yaml", &e)]),
        [("endpoints/check.yaml".to_owned(), 7, "missing-key")]
    );
}

#[test]
fn a_named_struct_can_not_travel_in_the_query() {
    let e = endpoint(
        "    result: { type: SecResult, in: query, doc: r }\n",
        "",
        "",
    );
    assert_eq!(
        check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", SEC_TYPES)]),
        [("endpoints/check.yaml".to_owned(), 7, "bad-query-field")]
    );
}

#[test]
fn a_field_that_failed_is_not_reported_again_by_examples() {
    let e = endpoint(
        "",
        "    result: { type: SecResul, required: true, doc: r }\n",
        "examples:\n  - response: { errcode: 0, result: { suggest: pass } }\n",
    );
    // One error; `SecResult` is the "did you mean", so it is not unused either.
    assert_eq!(
        check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", SEC_TYPES)]),
        [("endpoints/check.yaml".to_owned(), 9, "unknown-type")]
    );
}

#[test]
fn a_misspelled_required_key_in_an_example_is_reported_once() {
    let e = endpoint(
        "    appid: { type: string, required: true, doc: a }\n",
        "",
        "examples:\n  - request: { app_id: x }\n",
    );
    assert_eq!(
        check(&[("endpoints/check.yaml", &e)]),
        [("endpoints/check.yaml".to_owned(), 11, "example-mismatch")]
    );
}

#[test]
fn a_bad_or_duplicate_type_name_is_reported_once() {
    let bad = "types:\n  sec_result:\n    type: object\n    doc: r\n    fields: {}\n";
    let e = endpoint(
        "",
        "    result: { type: sec_result, doc: r }\n",
        "examples:\n  - response: { errcode: 0, result: {} }\n",
    );
    assert_eq!(
        check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", bad)]),
        [("types/sec.yaml".to_owned(), 2, "bad-identifier")]
    );
    let e = endpoint(
        "",
        "    result: { type: SecResult, doc: r }\n",
        "examples:\n  - response: { errcode: 0 }\n",
    );
    let found = check(&[
        ("endpoints/check.yaml", &e),
        ("types/a.yaml", SEC_TYPES),
        ("types/b.yaml", SEC_TYPES),
    ]);
    assert_eq!(found, [("types/b.yaml".to_owned(), 2, "duplicate-type")]);
}

#[test]
fn a_misspelled_solution_is_not_also_a_missing_solution() {
    let common = "errors:\n  -1: { name: SystemBusy, message: busy, soluton: wait }\n";
    assert_eq!(
        check(&[("common/errors.yaml", common)]),
        [("common/errors.yaml".to_owned(), 2, "unknown-key")]
    );
}

#[test]
fn other_schema_spellings_of_integer_formats_get_a_suggestion() {
    let e = endpoint("", "    n: { type: integer, format: int32, doc: n }\n", "");
    let tree = SpecTree {
        display_root: String::new(),
        files: vec![("endpoints/check.yaml".to_owned(), e.into_bytes())],
    };
    let mut dx = Diagnostics::default();
    let loaded = load(&tree, &mut dx);
    validate(&loaded, &mut dx);
    let bad = dx.sorted().into_iter().find(|d| d.code == "bad-value");
    let help = bad.and_then(|d| d.help);
    assert_eq!(help.as_deref(), Some("did you mean `i32`?"));
}

#[test]
fn ids_that_need_an_escape_get_no_escaped_suggestion() {
    for id in ["self", "123abc"] {
        let e = endpoint("", "", "").replace("id: check", &format!("id: {id}"));
        let tree = SpecTree {
            display_root: String::new(),
            files: vec![("endpoints/check.yaml".to_owned(), e.into_bytes())],
        };
        let mut dx = Diagnostics::default();
        let loaded = load(&tree, &mut dx);
        validate(&loaded, &mut dx);
        let help = dx.sorted()[0].help.clone().unwrap_or_default();
        assert!(!help.contains("write `"), "{id}: {help}");
    }
}
