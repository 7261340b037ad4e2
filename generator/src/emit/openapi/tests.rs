//! The mapping, on small spec trees checked into models: each construct of the spec as the
//! document shows it. The whole spec against an independent validator is
//! `generator/tests/it/openapi.rs`.

use serde_json::{json, Value};

use super::{render, OpenApiInfo};
use crate::model::Model;
use crate::{check, Diagnostics, SpecTree};

const ERRORS: &str = r#"errors:
  -1: { name: SystemBusy, message: system error, solution: 稍后再试, retry: true }
  40001: { name: InvalidCredential, message: invalid credential, solution: 重新获取, refresh_token: true }
"#;

/// JSON in and out, integers of every width, an integer enum, const and required fields,
/// examples with a query value.
const SEND: &str = r#"id: send_note
title: 发送
doc: 发送一条记录。
http: { method: POST, path: /wxa/send_note }
idempotent: true
security_mode: true
request:
  fields:
    lang: { type: string, in: query, doc: 语言 }
    version: { type: integer, const: 2, doc: 版本 }
    content: { type: string, required: true, doc: 内容 }
    scene: { type: NoteScene, doc: 场景 }
    meta: { type: json_string, of: NoteMeta, doc: JSON 文本 }
    values: { type: map, of: { type: integer, format: u64 }, doc: 取值 }
    secret: { type: string, sensitive: true, doc: 密钥 }
    small: { type: integer, format: i8 }
    big: { type: integer, format: u64 }
response:
  fields:
    msgid: { type: integer, format: u64, required: true, doc: 消息 id }
    code: { type: integer, lenient: true }
errors:
  87014: { name: RiskyContent, message: risky content, solution: 换一段 }
common_errors: [-1, 40001]
examples:
  - title: 成功
    request: { lang: en, version: 2, content: hi }
    response: { errcode: 0, errmsg: ok, msgid: 18446744073709551615 }
  - title: 有风险
    request: { lang: zh, version: 2, content: bad }
    response: { errcode: 87014, errmsg: risky content }
types:
  NoteMeta:
    type: object
    fields:
      title: { type: string, required: true }
"#;

const TYPES: &str = r#"types:
  NoteScene:
    type: enum
    doc: 场景
    values:
      - { value: 1, name: Profile, doc: 资料 }
      - { value: 2, name: Comment }
"#;

/// A multipart upload with a choice and a JSON-text part; no credentials.
const UPLOAD: &str = r#"id: upload_image
title: 上传
doc: 上传图片。
http: { method: POST, path: /wxa/upload_image }
auth: none
request:
  body: multipart
  fields:
    image:
      type: one_of
      required: true
      doc: 图片
      fields:
        img_url: { type: string, in: query, doc: URL }
        img: { type: file, doc: 文件 }
    media: { type: file, required: true, doc: 另一个文件 }
    description: { type: json_string, of: { type: json }, doc: 描述 }
response:
  fields: {}
"#;

/// A file answer, the app secret under other names, and the session-key signature.
const QRCODE: &str = r#"id: get_code
title: 取码
doc: 返回图片。
http: { method: GET, path: /wxa/get_code }
auth: { scheme: app_secret, secret: appsecret }
signature: session_key
deprecated: 请改用新接口
request:
  fields:
    openid: { type: string, required: true, doc: 用户 }
response:
  body: binary
errors:
  40097: { name: InvalidArgs, message: invalid args, solution: 检查参数 }
examples:
  - title: 参数错误
    response: { errcode: 40097, errmsg: invalid args }
"#;

/// Two operations on one path, told apart by a const body field.
fn plugin(id: &str, action: &str) -> String {
    format!(
        "id: {id}\ntitle: {id}\ndoc: 插件。\nhttp: {{ method: POST, path: /wxa/plugin }}\n\
         request:\n  fields:\n    action: {{ type: string, const: {action} }}\n\
         response:\n  fields: {{}}\n"
    )
}

const SERVICE: &str = r#"id: translate
title: 翻译
service: wx0000000000000001
api: Translate
async: true
retrieve: invoke_service
data:
  fields:
    text: { type: string, required: true, doc: 原文 }
result:
  fields:
    out: { type: string, doc: 译文 }
errors:
  1: { name: Busy, message: busy, solution: 稍后 }
examples:
  - title: 一句
    data: { text: 你好 }
    result: { out: hello }
"#;

const INVOKE: &str = r#"id: invoke_service
title: 调用服务
doc: 服务市场。
http: { method: POST, path: /wxa/servicemarket }
request:
  fields:
    service: { type: string, required: true }
    api: { type: string, required: true }
    data: { type: json, required: true }
    client_msg_id: { type: string, required: true }
    async: { type: boolean }
response:
  fields:
    data: { type: json_string, of: { type: json } }
    request_id: { type: string }
"#;

fn tree(extra: &[(&str, String)]) -> SpecTree {
    let mut files = vec![
        ("common/errors.yaml".to_owned(), ERRORS.as_bytes().to_vec()),
        ("types/notes.yaml".to_owned(), TYPES.as_bytes().to_vec()),
        ("endpoints/notes/send_note.yaml".to_owned(), SEND.into()),
        (
            "endpoints/media/upload_image.yaml".to_owned(),
            UPLOAD.into(),
        ),
        ("endpoints/media/get_code.yaml".to_owned(), QRCODE.into()),
        (
            "endpoints/plugin/apply.yaml".to_owned(),
            plugin("apply", "apply").into(),
        ),
        (
            "endpoints/plugin/unbind.yaml".to_owned(),
            plugin("unbind", "unbind").into(),
        ),
        (
            "endpoints/market/invoke_service.yaml".to_owned(),
            INVOKE.into(),
        ),
        ("services/translate.yaml".to_owned(), SERVICE.into()),
    ];
    files.extend(
        extra
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())),
    );
    SpecTree {
        display_root: "spec".into(),
        files,
    }
}

fn model(tree: &SpecTree) -> Model {
    let mut dx = Diagnostics::default();
    check(tree, &mut dx).unwrap_or_else(|| panic!("the test spec is invalid:\n{dx}"))
}

fn text() -> String {
    render(
        &model(&tree(&[])),
        &OpenApiInfo::default(),
        "@generated test",
    )
    .expect("renders")
}

fn doc() -> Value {
    serde_json::from_str(&text()).expect("the document is JSON")
}

/// The value at a JSON pointer (`~1` is `/`), or a panic naming the pointer.
fn at<'v>(v: &'v Value, pointer: &str) -> &'v Value {
    v.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the document"))
}

const SEND_OP: &str = "/paths/~1wxa~1send_note/post";
const UPLOAD_OP: &str = "/paths/~1wxa~1upload_image/post";
const CODE_OP: &str = "/paths/~1wxa~1get_code/get";

#[test]
fn the_root_names_the_version_server_and_groups() {
    let d = doc();
    assert_eq!(d["openapi"], "3.1.0");
    assert_eq!(d["info"]["version"], "0.0.0");
    assert_eq!(d["servers"][0]["url"], "https://api.weixin.qq.com");
    let tags: Vec<&str> = d["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    // Without groups.yaml, a group per folder, in file order.
    assert_eq!(tags, ["market", "media", "notes", "plugin"]);
    // The marker is where the writer looks for it.
    assert!(text()
        .lines()
        .take(5)
        .any(|l| l.contains("@generated test")));
}

#[test]
fn an_operation_carries_its_id_group_docs_and_query() {
    let d = doc();
    let op = at(&d, SEND_OP);
    assert_eq!(op["operationId"], "send_note");
    assert_eq!(op["tags"], json!(["notes"]));
    assert_eq!(op["summary"], "发送");
    assert_eq!(op["description"], "发送一条记录。");
    assert_eq!(op["x-wxapi-idempotent"], true);
    assert_eq!(op["x-wxapi-security-mode"]["supported"], true);
    let lang = &op["parameters"][0];
    assert_eq!(lang["name"], "lang");
    assert_eq!(lang["in"], "query");
    assert_eq!(lang["required"], false);
    // Each distinct value once, under the example that gives it first.
    assert_eq!(lang["examples"]["send_note.1"]["value"], "en");
    assert_eq!(lang["examples"]["send_note.2"]["value"], "zh");
    // The body is the request component, whose fields are the body's only.
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/SendNoteRequest"
    );
    let body = at(&d, "/components/schemas/SendNoteRequest/properties");
    assert!(body.get("lang").is_none(), "{body}");
    let example = &op["requestBody"]["content"]["application/json"]["examples"]["send_note.1"];
    assert_eq!(example["summary"], "成功");
    assert_eq!(example["value"], json!({ "version": 2, "content": "hi" }));
}

#[test]
fn fields_map_to_json_schema() {
    let d = doc();
    let request = at(&d, "/components/schemas/SendNoteRequest");
    // const fields are required, and `const`.
    assert_eq!(request["required"], json!(["version", "content"]));
    let p = &request["properties"];
    assert_eq!(p["version"]["const"], 2);
    assert_eq!(
        p["meta"],
        json!({
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": { "$ref": "#/components/schemas/NoteMeta" },
            "description": "JSON 文本"
        })
    );
    assert_eq!(p["values"]["type"], "object");
    assert_eq!(
        p["values"]["additionalProperties"],
        json!({ "type": "integer", "format": "uint64", "minimum": 0 })
    );
    assert_eq!(p["secret"]["format"], "password");
    assert_eq!(p["secret"]["x-wxapi-sensitive"], true);
    assert_eq!(p["small"]["format"], "int8");
    assert_eq!(p["small"]["minimum"], -128);
    assert_eq!(p["small"]["maximum"], 127);
    assert_eq!(p["scene"]["$ref"], "#/components/schemas/NoteScene");
    let response = at(&d, "/components/schemas/SendNoteResponse");
    assert_eq!(response["properties"]["msgid"]["format"], "uint64");
    assert_eq!(
        response["properties"]["code"]["type"],
        json!(["integer", "string"])
    );
    assert_eq!(response["properties"]["code"]["x-wxapi-lenient"], true);
}

#[test]
fn an_integer_enum_lists_values_and_names() {
    let d = doc();
    let scene = at(&d, "/components/schemas/NoteScene");
    assert_eq!(scene["type"], "integer");
    assert_eq!(scene["enum"], json!([1, 2]));
    assert_eq!(scene["x-enum-varnames"], json!(["Profile", "Comment"]));
    assert_eq!(scene["x-enum-descriptions"], json!(["资料", ""]));
    assert_eq!(scene["x-wxapi-open-enum"], true);
    assert!(scene["description"]
        .as_str()
        .is_some_and(|d| d.contains("- `1`: 资料")));
}

#[test]
fn the_answer_is_the_response_or_the_error_envelope_with_the_codes_listed() {
    let d = doc();
    let answer = at(
        &d,
        &format!("{SEND_OP}/responses/200/content/application~1json"),
    );
    assert_eq!(
        answer["schema"],
        json!({ "oneOf": [
            { "allOf": [
                { "$ref": "#/components/schemas/SuccessEnvelope" },
                { "$ref": "#/components/schemas/SendNoteResponse" }
            ] },
            { "$ref": "#/components/schemas/ErrorEnvelope" }
        ] })
    );
    assert_eq!(answer["examples"]["send_note.2"]["value"]["errcode"], 87014);
    let envelope = at(&d, "/components/schemas/ErrorEnvelope");
    assert_eq!(
        envelope["properties"]["errcode"]["not"]["enum"],
        json!([0, "0"])
    );
    let codes = at(&d, &format!("{SEND_OP}/x-wxapi-errors"));
    assert_eq!(
        codes,
        &json!([
            { "code": 87014, "name": "RiskyContent", "message": "risky content",
              "solution": "换一段", "table": "endpoint" },
            { "code": -1, "name": "SystemBusy", "message": "system error",
              "solution": "稍后再试", "retry": true, "table": "common" },
            { "code": 40001, "name": "InvalidCredential", "message": "invalid credential",
              "solution": "重新获取", "refreshToken": true, "table": "common" }
        ])
    );
    assert_eq!(at(&d, "/x-wxapi-common-errors/errors/0/code"), -1);
}

#[test]
fn a_file_answer_is_bytes_beside_the_json_error() {
    let d = doc();
    let content = at(&d, &format!("{CODE_OP}/responses/200/content"));
    assert_eq!(content["application/octet-stream"], json!({}));
    assert_eq!(
        content["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorEnvelope"
    );
    assert_eq!(
        content["application/json"]["examples"]["get_code.1"]["value"]["errcode"],
        40097
    );
    assert!(d.pointer("/components/schemas/GetCodeResponse").is_none());
    assert_eq!(at(&d, &format!("{CODE_OP}/deprecated")), true);
    assert_eq!(
        at(&d, &format!("{CODE_OP}/x-wxapi-deprecated")),
        "请改用新接口"
    );
}

#[test]
fn a_multipart_upload_has_binary_parts_and_the_choice_split() {
    let d = doc();
    let op = at(&d, UPLOAD_OP);
    // The URL alternative is an optional query parameter...
    assert_eq!(op["parameters"][0]["name"], "img_url");
    assert_eq!(op["parameters"][0]["required"], false);
    assert_eq!(op["parameters"][0]["x-wxapi-choice"], "image");
    // ...the file alternative an optional part; the other file a required one.
    let multipart = &op["requestBody"]["content"]["multipart/form-data"];
    let parts = &multipart["schema"]["properties"];
    assert_eq!(parts["img"]["contentMediaType"], "application/octet-stream");
    assert_eq!(parts["media"]["type"], "string");
    assert_eq!(multipart["schema"]["required"], json!(["media"]));
    assert_eq!(
        multipart["encoding"]["description"]["contentType"],
        "text/plain"
    );
    assert_eq!(op["requestBody"]["required"], true);
    // The choice itself is a component.
    let choice = at(&d, "/components/schemas/UploadImageImage");
    assert_eq!(choice["oneOf"][0]["x-wxapi-in"], "query");
    assert_eq!(choice["oneOf"][1]["required"], json!(["img"]));
}

#[test]
fn auth_kinds_are_schemes_or_extensions() {
    let d = doc();
    assert_eq!(
        at(&d, &format!("{SEND_OP}/security")),
        &json!([{ "access_token": [] }])
    );
    // No credentials: an empty list, which no default overrides.
    assert_eq!(at(&d, &format!("{UPLOAD_OP}/security")), &json!([]));
    assert_eq!(
        at(&d, &format!("{CODE_OP}/security")),
        &json!([{ "app_id.appid": [], "app_secret.appsecret": [] }])
    );
    let schemes = at(&d, "/components/securitySchemes");
    assert_eq!(
        schemes["access_token"],
        json!({ "type": "apiKey", "in": "query", "name": "access_token",
                "description": schemes["access_token"]["description"] })
    );
    assert_eq!(schemes["app_secret.appsecret"]["name"], "appsecret");
    // The signature: its query parameters, and the key named but never sent.
    let names: Vec<&str> = at(&d, &format!("{CODE_OP}/parameters"))
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["openid", "signature", "sig_method"]);
    assert_eq!(
        at(&d, &format!("{CODE_OP}/x-wxapi-signature/key")),
        "session_key"
    );
}

#[test]
fn endpoints_sharing_a_route_are_one_operation() {
    let d = doc();
    let op = at(&d, "/paths/~1wxa~1plugin/post");
    assert_eq!(op["operationId"], "apply_or_unbind");
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"],
        json!({ "anyOf": [
            { "$ref": "#/components/schemas/ApplyRequest" },
            { "$ref": "#/components/schemas/UnbindRequest" }
        ] })
    );
    assert_eq!(op["x-wxapi-endpoints"][1]["id"], "unbind");
    assert_eq!(
        at(
            &d,
            "/components/schemas/UnbindRequest/properties/action/const"
        ),
        "unbind"
    );
}

#[test]
fn services_are_components_and_an_extension() {
    let d = doc();
    let data = at(&d, "/components/schemas/TranslateData");
    assert_eq!(data["examples"], json!([{ "text": "你好" }]));
    assert_eq!(
        at(&d, "/components/schemas/TranslateResult/examples"),
        &json!([{ "out": "hello" }])
    );
    let service = at(&d, "/x-wxapi-services/services/0");
    assert_eq!(service["service"], "wx0000000000000001");
    assert_eq!(service["api"], "Translate");
    assert_eq!(service["async"], true);
    assert_eq!(service["operationId"], "invoke_service");
    assert_eq!(service["retrieveOperationId"], "invoke_service");
    assert_eq!(service["errors"][0]["table"], "service");
    assert_eq!(
        at(&d, "/paths/~1wxa~1servicemarket/post/x-wxapi-services"),
        &json!(["translate"])
    );
}

#[test]
fn the_same_spec_gives_the_same_bytes() {
    assert_eq!(text(), text());
    let mut reversed = tree(&[]);
    reversed.files.reverse();
    let again = render(
        &model(&reversed),
        &OpenApiInfo::default(),
        "@generated test",
    );
    assert_eq!(again.expect("renders"), text());
}

#[test]
fn a_spec_type_named_like_an_envelope_is_refused() {
    let clash = TYPES.replace("NoteScene", "ErrorEnvelope");
    let send = SEND.replace("NoteScene", "ErrorEnvelope");
    let mut t = tree(&[]);
    for (path, bytes) in &mut t.files {
        if path == "types/notes.yaml" {
            *bytes = clash.as_bytes().to_vec();
        } else if path.ends_with("send_note.yaml") {
            *bytes = send.as_bytes().to_vec();
        }
    }
    let err = render(&model(&t), &OpenApiInfo::default(), "").expect_err("a clash");
    assert!(
        err.message.contains("`ErrorEnvelope` (types/notes.yaml:"),
        "{err}"
    );
}
