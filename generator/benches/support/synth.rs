#![allow(dead_code)] // shared by the benchmarks, examples and tests, each using part
//! A synthetic API of WeChat-shaped endpoints, as a wxapi spec tree and as the equivalent
//! OpenAPI 3 document, so wxapi and other generators can be fed the same API.
//!
//! Each endpoint: `POST /wxa/op_<i>` with a 6-field JSON body (strings, an integer, an enum,
//! a nested object, an array of objects), a 6-field response, and a 3-code error table.

use serde_json::json;
use wxapi_codegen::SpecTree;

const COMMON: &str = "errors:\n  -1: { name: SystemBusy, message: system error, solution: retry later, retry: true }\n  40001: { name: InvalidCredential, message: invalid credential, solution: refresh the token, refresh_token: true }\n";

fn endpoint(i: usize) -> String {
    format!(
        r#"id: op_{i}
title: Operation {i}
doc: Synthetic operation number {i}.
http: {{ method: POST, path: /wxa/op_{i} }}
idempotent: true
request:
  fields:
    openid: {{ type: string, required: true, doc: The user. }}
    content: {{ type: string, required: true, doc: The text. }}
    scene: {{ type: integer, doc: Where it happens. }}
    mode:
      type: enum
      doc: How to check.
      values:
        - {{ value: fast, doc: Quick. }}
        - {{ value: careful, doc: Thorough. }}
    options:
      type: object
      doc: Options.
      fields:
        lang: {{ type: string, doc: Language. }}
        strict: {{ type: boolean, doc: Strict mode. }}
    items:
      type: array
      doc: Items to check.
      items:
        type: object
        fields:
          key: {{ type: string, required: true, doc: The key. }}
          weight: {{ type: number, doc: The weight. }}
response:
  fields:
    trace_id: {{ type: string, required: true, doc: Request id. }}
    score: {{ type: integer, doc: The score. }}
    label: {{ type: string, doc: The label. }}
    passed: {{ type: boolean, doc: Whether it passed. }}
    ratio: {{ type: number, doc: A ratio. }}
    tags: {{ type: array, items: string, doc: Tags. }}
errors:
  {e1}: {{ name: RiskyContent, message: risky content, solution: change the content }}
  {e2}: {{ name: TooLong, message: content too long, solution: shorten it }}
  {e3}: {{ name: UserNotFound, message: user not found, solution: check the openid }}
examples:
  - response: {{ errcode: 0, errmsg: ok, trace_id: t, score: 1, tags: [a] }}
"#,
        e1 = 870_000 + i * 3,
        e2 = 870_001 + i * 3,
        e3 = 870_002 + i * 3,
    )
}

/// The spec tree of `n` endpoints.
pub fn spec(n: usize) -> SpecTree {
    let mut files = vec![("common/errors.yaml".to_owned(), COMMON.as_bytes().to_vec())];
    files.extend((0..n).map(|i| (format!("endpoints/op_{i}.yaml"), endpoint(i).into_bytes())));
    SpecTree {
        display_root: "spec".to_owned(),
        files,
    }
}

/// The same API as an OpenAPI 3.0 document.
pub fn openapi(n: usize) -> serde_json::Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let name = format!("Op{i}");
        schemas.insert(
            format!("{name}Request"),
            json!({
                "type": "object",
                "required": ["openid", "content"],
                "properties": {
                    "openid": {"type": "string", "description": "The user."},
                    "content": {"type": "string", "description": "The text."},
                    "scene": {"type": "integer", "format": "int64", "description": "Where it happens."},
                    "mode": {"type": "string", "enum": ["fast", "careful"], "description": "How to check."},
                    "options": {"type": "object", "description": "Options.", "properties": {
                        "lang": {"type": "string"}, "strict": {"type": "boolean"}}},
                    "items": {"type": "array", "description": "Items to check.", "items": {
                        "type": "object", "required": ["key"], "properties": {
                            "key": {"type": "string"}, "weight": {"type": "number"}}}}
                }
            }),
        );
        schemas.insert(
            format!("{name}Response"),
            json!({
                "type": "object",
                "required": ["trace_id"],
                "properties": {
                    "trace_id": {"type": "string"}, "score": {"type": "integer", "format": "int64"},
                    "label": {"type": "string"}, "passed": {"type": "boolean"},
                    "ratio": {"type": "number"}, "tags": {"type": "array", "items": {"type": "string"}}
                }
            }),
        );
        paths.insert(
            format!("/wxa/op_{i}"),
            json!({"post": {
                "operationId": format!("op_{i}"),
                "description": format!("Synthetic operation number {i}."),
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{name}Request")}}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": format!("#/components/schemas/{name}Response")}}}},
                    "4XX": {"description": "error", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/WechatError"}}}}
                }
            }}),
        );
    }
    schemas.insert(
        "WechatError".to_owned(),
        json!({"type": "object", "required": ["errcode"], "properties": {
            "errcode": {"type": "integer", "enum": [870000, 870001, 870002]},
            "errmsg": {"type": "string"}}}),
    );
    json!({
        "openapi": "3.0.3",
        "info": {"title": "synthetic", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}
