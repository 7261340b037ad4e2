//! Each rule from a pair of specs that differ by one edit.

use super::*;
use crate::{check, Diagnostics, SpecTree};

const ERRORS: &str =
    "errors:\n  -1: { name: SystemBusy, message: system error, solution: 稍后再试, retry: true }\n";

/// The base endpoint: a request with a required and an optional field, a response with a
/// required field, a shared enum in the response, and one own error code.
const BASE: &str = r#"id: check_text
title: 检查文本
doc: 检查一段文本。
http: { method: POST, path: /wxa/check_text }
request:
  fields:
    content: { type: string, required: true, doc: 文本 }
    scene: { type: integer, doc: 场景 }
response:
  fields:
    trace_id: { type: string, required: true, doc: 追踪 id }
    suggest: { type: Suggest, doc: 建议 }
errors:
  87014: { name: RiskyContent, message: risky content, solution: 换一段文本 }
"#;

const TYPES: &str = r#"types:
  Suggest:
    type: enum
    doc: 建议
    values:
      - { value: pass, name: Pass, doc: 通过 }
      - { value: risky, name: Risky, doc: 有风险 }
"#;

fn model(endpoint: &str, types: &str) -> Model {
    let tree = SpecTree {
        display_root: "spec".into(),
        files: vec![
            ("common/errors.yaml".into(), ERRORS.as_bytes().to_vec()),
            (
                "endpoints/text/check_text.yaml".into(),
                endpoint.as_bytes().to_vec(),
            ),
            ("types/suggest.yaml".into(), types.as_bytes().to_vec()),
        ],
    };
    let mut dx = Diagnostics::default();
    check(&tree, &mut dx).unwrap_or_else(|| panic!("the test spec is invalid:\n{dx}\n{endpoint}"))
}

/// The rules `diff` reports for BASE edited into `endpoint` (and TYPES into `types`).
fn rules(endpoint: &str, types: &str) -> Vec<Rule> {
    let found = diff(&model(BASE, TYPES), &model(endpoint, types));
    found.iter().map(|f| f.rule).collect()
}

#[test]
fn the_same_spec_has_no_findings() {
    assert_eq!(rules(BASE, TYPES), []);
    // Docs are not the API.
    assert_eq!(
        rules(&BASE.replace("检查一段文本。", "检查文本内容。"), TYPES),
        []
    );
}

#[test]
fn request_field_rules() {
    let required = BASE.replace(
        "    scene:",
        "    version: { type: integer, required: true, doc: 版本 }\n    scene:",
    );
    assert_eq!(rules(&required, TYPES), [Rule::RequestFieldAddedRequired]);
    let optional = BASE.replace(
        "    scene:",
        "    title: { type: string, doc: 标题 }\n    scene:",
    );
    assert_eq!(rules(&optional, TYPES), [Rule::RequestFieldAddedOptional]);
    let removed = BASE.replace("    scene: { type: integer, doc: 场景 }\n", "");
    assert_eq!(rules(&removed, TYPES), [Rule::RequestFieldRemoved]);
    let became = BASE.replace(
        "scene: { type: integer,",
        "scene: { type: integer, required: true,",
    );
    assert_eq!(rules(&became, TYPES), [Rule::RequestFieldBecameRequired]);
    let relaxed = BASE.replace(
        "content: { type: string, required: true,",
        "content: { type: string,",
    );
    assert_eq!(rules(&relaxed, TYPES), [Rule::RequestFieldBecameOptional]);
}

#[test]
fn response_field_rules() {
    let added = BASE.replace(
        "    suggest:",
        "    label: { type: integer, doc: 标签 }\n    suggest:",
    );
    assert_eq!(rules(&added, TYPES), [Rule::ResponseFieldAdded]);
    let removed = BASE.replace(
        "    trace_id: { type: string, required: true, doc: 追踪 id }\n",
        "",
    );
    assert_eq!(rules(&removed, TYPES), [Rule::ResponseFieldRemoved]);
    let optional = BASE.replace(
        "trace_id: { type: string, required: true,",
        "trace_id: { type: string,",
    );
    assert_eq!(rules(&optional, TYPES), [Rule::ResponseFieldBecameOptional]);
}

#[test]
fn field_type_and_name_rules() {
    let retyped = BASE.replace("scene: { type: integer,", "scene: { type: string,");
    assert_eq!(rules(&retyped, TYPES), [Rule::FieldTypeChanged]);
    let renamed = BASE.replace(
        "scene: { type: integer,",
        "scene: { type: integer, rust_name: scene_id,",
    );
    assert_eq!(rules(&renamed, TYPES), [Rule::FieldRenamed]);
}

#[test]
fn endpoint_rules() {
    let moved = BASE.replace("path: /wxa/check_text", "path: /wxa/check_text_v2");
    assert_eq!(rules(&moved, TYPES), [Rule::EndpointRouteChanged]);
    let no_auth = BASE.replace("http:", "auth: none\nhttp:");
    assert_eq!(rules(&no_auth, TYPES), [Rule::EndpointAuthChanged]);
    let renamed = BASE.replace("id: check_text", "id: check_content");
    assert_eq!(
        rules(&renamed, TYPES),
        [Rule::EndpointAdded, Rule::EndpointRemoved]
    );
}

#[test]
fn enum_and_type_rules() {
    let added = TYPES.replace(
        "      - { value: risky,",
        "      - { value: review, name: Review, doc: 待复核 }\n      - { value: risky,",
    );
    assert_eq!(rules(BASE, &added), [Rule::EnumValueAdded]);
    let removed = TYPES.replace("      - { value: risky, name: Risky, doc: 有风险 }\n", "");
    assert_eq!(rules(BASE, &removed), [Rule::EnumValueRemoved]);
    let renamed = TYPES.replace("name: Risky,", "name: Danger,");
    assert_eq!(rules(BASE, &renamed), [Rule::EnumVariantRenamed]);
}

#[test]
fn error_code_rules() {
    let removed = BASE.replace(
        "errors:\n  87014: { name: RiskyContent, message: risky content, solution: 换一段文本 }\n",
        "",
    );
    assert_eq!(rules(&removed, TYPES), [Rule::ErrorCodeRemoved]);
    let added = format!(
        "{BASE}  61010: {{ name: CodeExpired, message: code is expired, solution: 重新获取 }}\n"
    );
    assert_eq!(rules(&added, TYPES), [Rule::ErrorCodeAdded]);
    let renamed = BASE.replace("name: RiskyContent", "name: Risky");
    assert_eq!(rules(&renamed, TYPES), [Rule::ErrorVariantRenamed]);
}

#[test]
fn a_breaking_finding_names_both_places() {
    let removed = BASE.replace(
        "    trace_id: { type: string, required: true, doc: 追踪 id }\n",
        "",
    );
    let found = diff(&model(BASE, TYPES), &model(&removed, TYPES));
    let [finding] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(finding.level(), Level::Breaking);
    assert_eq!(
        finding.message,
        "endpoint `check_text`'s response: field `trace_id` was removed"
    );
    let old = finding.old.as_ref().expect("old place");
    let new = finding.new.as_ref().expect("new place");
    assert_eq!(old.file, "endpoints/text/check_text.yaml");
    // The removed field where it was; the response it was removed from where it is.
    assert_eq!((old.line, old.col), (11, 5));
    assert_eq!(new.line, 1);

    let renamed = BASE.replace("name: RiskyContent", "name: Risky");
    let found = diff(&model(BASE, TYPES), &model(&renamed, TYPES));
    let place = |o: &Option<Origin>| o.as_ref().map(|o| (o.line, o.col));
    assert_eq!(place(&found[0].old), Some((14, 3)));
    assert_eq!(place(&found[0].new), Some((14, 3)));
}

/// The base spec and the one with `endpoint`, as trees (`report` reads their text).
fn trees(endpoint: &str) -> (SpecTree, SpecTree) {
    let tree = |root: &str, endpoint: &str| SpecTree {
        display_root: root.into(),
        files: vec![
            ("common/errors.yaml".into(), ERRORS.as_bytes().to_vec()),
            (
                "endpoints/text/check_text.yaml".into(),
                endpoint.as_bytes().to_vec(),
            ),
            ("types/suggest.yaml".into(), TYPES.as_bytes().to_vec()),
        ],
    };
    (tree("old/spec", BASE), tree("spec", endpoint))
}

fn reported(endpoint: &str, format: ReportFormat) -> String {
    let (old_tree, new_tree) = trees(endpoint);
    let found = diff(&model(BASE, TYPES), &model(endpoint, TYPES));
    report(&found, &old_tree, &new_tree, format)
}

#[test]
fn the_drawing_shows_both_places_with_their_source_lines() {
    let renamed = BASE.replace("name: RiskyContent", "name: Risky");
    let drawn = reported(&renamed, ReportFormat::Plain);
    let expected = [
        "breaking[error-variant-renamed]: endpoint `check_text`: code 87014's variant was renamed from `RiskyContent` to `Risky`",
        "  --> was: old/spec/endpoints/text/check_text.yaml:14:3",
        "   |",
        "14 |   87014: { name: RiskyContent, message: risky content, solution: 换一段文本 }",
        "   |   ^^^^^ was",
        "  --> now: spec/endpoints/text/check_text.yaml:14:3",
        "   |",
        "14 |   87014: { name: Risky, message: risky content, solution: 换一段文本 }",
        "   |   ^^^^^ now",
        "  = semver: the generated crate needs a major version (a minor one before 1.0)",
        "",
        "1 breaking, 0 warnings, 0 info",
        "",
    ];
    assert_eq!(drawn, expected.join("\n"));
}

#[test]
fn an_added_thing_points_at_where_it_was_missing() {
    let added = BASE.replace(
        "    suggest:",
        "    label: { type: integer, doc: 标签 }\n    suggest:",
    );
    let drawn = reported(&added, ReportFormat::Plain);
    assert!(
        drawn.contains("  --> was: old/spec/endpoints/text/check_text.yaml:1:1"),
        "{drawn}"
    );
    assert!(drawn.contains("not declared in here before"), "{drawn}");
    assert!(
        drawn.contains("  --> now: spec/endpoints/text/check_text.yaml:12:5"),
        "{drawn}"
    );
    assert!(
        drawn.ends_with("0 breaking, 0 warnings, 1 info\n"),
        "{drawn}"
    );
}

#[test]
fn tools_get_both_places_too() {
    let removed = BASE.replace(
        "errors:\n  87014: { name: RiskyContent, message: risky content, solution: 换一段文本 }\n",
        "",
    );
    let json = reported(&removed, ReportFormat::Json);
    let line: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON line");
    assert_eq!(line["rule"], "error-code-removed");
    assert_eq!(line["semver"], "major");
    assert_eq!(
        line["old"]["file"],
        "old/spec/endpoints/text/check_text.yaml"
    );
    assert_eq!(line["old"]["line"], 14);
    assert_eq!(line["new"]["file"], "spec/endpoints/text/check_text.yaml");

    let github = reported(&removed, ReportFormat::Github);
    assert_eq!(
        github,
        "::error file=spec/endpoints/text/check_text.yaml,line=1,col=1,title=error-code-removed::\
         endpoint `check_text`: code 87014 (RiskyContent) was removed \
         (was at old/spec/endpoints/text/check_text.yaml:14:3)\n"
    );
    let markdown = reported(&removed, ReportFormat::Markdown);
    assert!(
        markdown.ends_with(
            "| breaking | `error-code-removed` | endpoint `check_text`: code 87014 (RiskyContent) was removed \
             | `old/spec/endpoints/text/check_text.yaml:14:3` | `spec/endpoints/text/check_text.yaml:1:1` |\n"
        ),
        "{markdown}"
    );
    let short = reported(&removed, ReportFormat::Short);
    assert!(
        short
            .starts_with("spec/endpoints/text/check_text.yaml:1:1: breaking[error-code-removed]: "),
        "{short}"
    );
}
