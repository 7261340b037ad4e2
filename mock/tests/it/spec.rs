//! The spec-driven layer, against the repository's own spec: routing, credentials,
//! validation, answers from the examples, steering, records, and a spec extended without code.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use wxapi_mock::{codes, session_key_signature, Fault, MockServer};

use crate::common::*;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

async fn spec_server() -> MockServer {
    MockServer::builder()
        .app(APPID, SECRET)
        .spec(SPEC)
        .try_start_spec()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A spec server, a client and a fresh token.
async fn setup_spec() -> (MockServer, reqwest::Client, String) {
    let server = spec_server().await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    (server, http, token)
}

#[tokio::test]
async fn valid_requests_get_the_example_answer() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/cgi-bin/openapi/quota/get", &token);
    let response = http
        .post(&url)
        .body(r#"{"cgi_path":"/cgi-bin/message/custom/send"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 200);
    // Byte for byte, in the spec's order.
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"errcode":0,"errmsg":"ok","quota":{"daily_limit":10000000,"used":0,"remain":10000000},"rate_limit":{"call_count":3000,"refresh_second":60},"component_rate_limit":{"call_count":3000,"refresh_second":60}}"#
    );

    let url = with_token(&server, "/cgi-bin/openapi/rid/get", &token);
    let answer = post(&http, &url, r#"{"rid":"61725984-6126f6f9-040f19c4"}"#).await;
    assert_eq!(answer["request"]["cost_in_ms"], 30);

    let url = with_token(&server, "/cgi-bin/getcallbackip", &token);
    let answer = get(&http, &url).await;
    assert_eq!(answer["ip_list"][0], "127.0.0.1");

    // A map of named objects and a u64 beyond 2^53.
    let url = with_token(&server, "/cgi-bin/message/subscribe/send", &token);
    let body = json!({"touser": "OPENID", "template_id": "T", "data": {"thing1": {"value": "x"}}});
    let text = http
        .post(&url)
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    assert!(text
        .text()
        .await
        .expect("body")
        .contains("294402298110051942"));

    let calls = server.calls();
    let endpoints: Vec<Option<&str>> = calls.iter().map(|c| c.endpoint.as_deref()).collect();
    assert_eq!(
        endpoints,
        [
            Some("get_access_token"),
            Some("get_api_quota"),
            Some("get_rid_info"),
            Some("get_callback_ip"),
            Some("send_subscribe_message"),
        ]
    );
    assert_eq!(calls[1].query, [("access_token".into(), "***".into())]);
    assert_eq!(calls[0].query[2], ("secret".into(), "***".into()));
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn without_a_success_example_the_answer_is_made_from_the_fields() {
    let dir = spec_copy("synth");
    std::fs::write(
        dir.join("endpoints/test_no_example.yaml"),
        "id: test_no_example\ntitle: t\ndoc: d\nhttp: { method: GET, path: /wxa/test/noexample }\n\
         response:\n  fields:\n    name: { type: string, required: true, doc: n }\n    \
         count: { type: integer, required: true, doc: c }\n    \
         opt: { type: string, doc: o }\n    \
         env: { type: LinkEnvVersion, required: true, doc: e }\n    \
         list: { type: array, items: string, required: true, doc: l }\n",
    )
    .expect("write");
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .spec(&dir)
        .try_start_spec()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let http = http();
    let token = fetch_token(&http, &server).await;
    let answer = get(&http, &with_token(&server, "/wxa/test/noexample", &token)).await;
    assert_eq!(
        answer,
        json!({"errcode": 0, "errmsg": "ok", "name": "x", "count": 0, "env": "release", "list": []})
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_missing_required_field_is_47001_and_a_violation() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/cgi-bin/openapi/quota/get", &token);
    let answer = post(&http, &url, r#"{"cgi":"/x"}"#).await;
    assert_error(&answer, codes::DATA_FORMAT_ERROR);
    let errmsg = answer["errmsg"].as_str().unwrap_or_default();
    assert!(
        errmsg.starts_with("data format error: field `cgi_path` is required rid: "),
        "{errmsg}"
    );

    let url = with_token(&server, "/wxa/getwxacodeunlimit", &token);
    let answer = post(&http, &url, r#"{"scene":"a=1","width":"wide"}"#).await;
    assert_error(&answer, codes::DATA_FORMAT_ERROR);
    assert!(answer["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("`width` must be an integer"));
    assert_error(&post(&http, &url, "").await, codes::EMPTY_POST_DATA);
    assert_error(&post(&http, &url, "[1]").await, codes::DATA_FORMAT_ERROR);

    let url = with_token(&server, "/cgi-bin/message/subscribe/send", &token);
    let body = json!({"touser": "o", "template_id": "t", "data": {"thing1": {"value": 3}}});
    let answer = post_json(&http, &url, &body).await;
    assert!(answer["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("`data.thing1.value` must be a string"));

    let violations = server.take_violations();
    let fields: Vec<(&str, Option<&str>, i64)> = violations
        .iter()
        .map(|v| (v.endpoint.as_str(), v.field.as_deref(), v.errcode))
        .collect();
    assert_eq!(
        fields,
        [
            ("get_api_quota", Some("cgi_path"), 47001),
            ("get_unlimited_qrcode", Some("width"), 47001),
            ("get_unlimited_qrcode", None, 44002),
            ("get_unlimited_qrcode", None, 47001),
            ("send_subscribe_message", Some("data.thing1.value"), 47001),
        ]
    );
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn untaken_violations_fail_the_test_when_the_server_is_dropped() {
    let task = tokio::spawn(async {
        let (server, http, token) = setup_spec().await;
        let url = with_token(&server, "/cgi-bin/openapi/rid/get", &token);
        post(&http, &url, "{}").await;
    });
    let error = task.await.expect_err("the drop panics");
    let panic = error.into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("break the spec"), "{message}");
    assert!(message.contains("get_rid_info"), "{message}");
}

#[tokio::test]
async fn const_fields_route_and_must_match() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/wxa/plugin", &token);
    let list = post(&http, &url, r#"{"action":"list","plugin_appid":"wxp"}"#).await;
    assert_eq!(list["plugin_list"][0]["status"], 1);
    let apply = post(&http, &url, r#"{"action":"apply","plugin_appid":"wxp"}"#).await;
    assert!(apply["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("`reason` is required"));
    let bogus = post(
        &http,
        &url,
        r#"{"action":"bogus","plugin_appid":"wxp","reason":"r"}"#,
    )
    .await;
    assert_error(&bogus, 40097);
    assert!(bogus["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("`action` must be `apply`"));
    assert_eq!(server.take_violations().len(), 2);

    // msg_sec_check stays built in; its calls are routed by version all the same.
    let url = with_token(&server, "/wxa/msg_sec_check", &token);
    post(&http, &url, r#"{"content":"hi"}"#).await;
    let v2 = json!({"content": "hi", "version": 2, "scene": 1, "openid": "o"});
    post_json(&http, &url, &v2).await;
    let routed: Vec<Option<String>> = server
        .calls()
        .into_iter()
        .rev()
        .take(2)
        .map(|c| c.endpoint)
        .collect();
    assert_eq!(
        routed,
        [
            Some("msg_sec_check".into()),
            Some("msg_sec_check_v1".into())
        ]
    );
}

#[tokio::test]
async fn forced_errors_and_examples_then_back() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/cgi-bin/openapi/rid/get", &token);
    let body = r#"{"rid":"r"}"#;
    server
        .steer("get_rid_info")
        .unwrap()
        .error(76004)
        .unwrap()
        .times(1);
    let forced = post(&http, &url, body).await;
    assert_error(&forced, 76004);
    assert!(forced["errmsg"]
        .as_str()
        .unwrap_or_default()
        .starts_with("rid time is error rid: "));
    assert_eq!(post(&http, &url, body).await["errmsg"], "ok");

    // Common codes too, for all calls until the next steering.
    server
        .steer("get_rid_info")
        .unwrap()
        .error(-1)
        .unwrap()
        .always();
    assert_error(&post(&http, &url, body).await, codes::SYSTEM_ERROR);
    assert_error(&post(&http, &url, body).await, codes::SYSTEM_ERROR);
    // A times(n) on top goes back to the always.
    server
        .steer("get_rid_info")
        .unwrap()
        .example("rid 已过期")
        .unwrap()
        .times(1);
    assert_eq!(
        post(&http, &url, body).await,
        json!({"errcode": 76004, "errmsg": "rid time is error"})
    );
    assert_error(&post(&http, &url, body).await, codes::SYSTEM_ERROR);
    server.clear_steering();

    server
        .steer("get_rid_info")
        .unwrap()
        .string_errcode()
        .times(1);
    assert_eq!(post(&http, &url, body).await["errcode"], "0");
    assert_eq!(post(&http, &url, body).await["errcode"], 0);

    // A built-in endpoint steered by its id: credentials checked, then the steering.
    let check = with_token(&server, "/wxa/msg_sec_check", &token);
    server
        .steer("msg_sec_check_v1")
        .unwrap()
        .error(87014)
        .unwrap()
        .times(1);
    assert_error(
        &post(&http, &check, r#"{"content":"hi"}"#).await,
        codes::RISKY_CONTENT,
    );
    assert_eq!(
        post(&http, &check, r#"{"content":"hi"}"#).await["errcode"],
        "0"
    );
}

#[tokio::test]
async fn faults_by_endpoint() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/cgi-bin/openapi/rid/get", &token);
    let body = r#"{"rid":"r"}"#;
    server.steer("get_rid_info").unwrap().bad_gateway().times(1);
    let response = http.post(&url).body(body).send().await.expect("POST");
    assert_eq!(response.status().as_u16(), 502);
    server
        .steer("get_rid_info")
        .unwrap()
        .truncated_json()
        .times(1);
    let text = http
        .post(&url)
        .body(body)
        .send()
        .await
        .expect("POST")
        .text()
        .await
        .expect("body");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(text.starts_with(r#"{"errcode":0"#), "{text}");
    server
        .steer("get_rid_info")
        .unwrap()
        .drop_connection()
        .times(1);
    assert!(http.post(&url).body(body).send().await.is_err());
    server
        .steer("get_rid_info")
        .unwrap()
        .delay(Duration::from_millis(200))
        .times(1);
    let started = std::time::Instant::now();
    assert_eq!(post(&http, &url, body).await["errmsg"], "ok");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(post(&http, &url, body).await["errmsg"], "ok");
    // A fault of the path-level kind: the call still names its endpoint.
    server
        .fault(Fault::SystemBusy)
        .on("/cgi-bin/openapi/rid/get")
        .once();
    assert_error(&post(&http, &url, body).await, codes::SYSTEM_ERROR);
    let last = server.calls().pop().expect("a call");
    assert_eq!(last.endpoint.as_deref(), Some("get_rid_info"));
}

#[tokio::test]
async fn unknown_names_are_helpful_steer_errors() {
    let server = spec_server().await;
    let error = server.steer("get_rid_inf").unwrap_err().to_string();
    assert!(error.contains("did you mean `get_rid_info`?"), "{error}");
    let error = server
        .steer("get_rid_info")
        .unwrap()
        .example("rid 过期")
        .unwrap_err()
        .to_string();
    assert!(error.contains("rid 已过期"), "{error}");
    let error = server
        .steer("get_rid_info")
        .unwrap()
        .error(12345)
        .unwrap_err()
        .to_string();
    assert!(error.contains("76001, 76002, 76003, 76004"), "{error}");
    let error = server
        .steer("get_rid_info")
        .unwrap()
        .example_at(9)
        .unwrap_err()
        .to_string();
    assert!(error.contains("2 example(s)"), "{error}");
    let plain = MockServer::start().await;
    assert!(plain
        .steer("get_rid_info")
        .unwrap_err()
        .to_string()
        .contains("serves no spec"));
}

#[tokio::test]
async fn wrong_method_and_unknown_path() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/cgi-bin/openapi/rid/get", &token);
    assert_error(&get(&http, &url).await, codes::REQUIRE_POST);
    let url = with_token(&server, "/cgi-bin/getcallbackip", &token);
    assert_error(&post(&http, &url, "{}").await, codes::REQUIRE_GET);
    let response = http
        .get(server.url("/nope/nothing"))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status().as_u16(), 404);
    let body = json_of(response).await;
    assert_error(&body, codes::INVALID_URL);
    assert!(body["errmsg"]
        .as_str()
        .unwrap_or_default()
        .starts_with("invalid url rid: "));
    assert_eq!(
        server.calls().last().map(|c| c.endpoint.clone()),
        Some(None)
    );
}

#[tokio::test]
async fn app_secret_auth() {
    let server = spec_server().await;
    let http = http();
    let url = |appid: &str, secret: &str| {
        server.url(&format!(
            "/sns/jscode2session?appid={appid}&secret={secret}&js_code=C&grant_type=authorization_code"
        ))
    };
    let answer = get(&http, &url(APPID, SECRET)).await;
    assert_eq!(
        answer,
        json!({"openid": "OPENID", "session_key": "SESSIONKEY", "unionid": "UNIONID"})
    );
    assert_error(
        &get(&http, &url(APPID, "wrong")).await,
        codes::INVALID_APPSECRET,
    );
    assert_error(
        &get(&http, &url("wxother", SECRET)).await,
        codes::INVALID_APPID,
    );
    let no_secret = server.url(&format!(
        "/sns/jscode2session?appid={APPID}&js_code=C&grant_type=authorization_code"
    ));
    assert_error(&get(&http, &no_secret).await, codes::APPSECRET_MISSING);
    // Under the endpoint's own names: clear_quota_by_app_secret's `appsecret`.
    let clear = server.url(&format!(
        "/cgi-bin/clear_quota/v2?appid={APPID}&appsecret={SECRET}"
    ));
    assert_eq!(post(&http, &clear, "").await["errmsg"], "ok");
    let calls = server.calls();
    assert!(calls.iter().all(|c| c
        .query
        .iter()
        .all(|(k, v)| !k.contains("secret") || v == "***")));
    // The const grant_type must be sent, with its value.
    let bad = server.url(&format!(
        "/sns/jscode2session?appid={APPID}&secret={SECRET}&js_code=C&grant_type=x"
    ));
    assert_error(&get(&http, &bad).await, 40097);
    assert_eq!(
        server.take_violations()[0].field.as_deref(),
        Some("grant_type")
    );
}

#[tokio::test]
async fn session_key_signatures() {
    let (server, http, token) = setup_spec().await;
    let base = with_token(&server, "/wxa/checksession", &token);
    let signed = |signature: &str| {
        format!("{base}&openid=OPENID&signature={signature}&sig_method=hmac_sha256")
    };
    let any = "ab".repeat(32);
    assert_eq!(get(&http, &signed(&any)).await["errmsg"], "ok");
    assert_error(&get(&http, &format!("{base}&openid=OPENID")).await, 87009);
    assert_error(&get(&http, &signed("nothex")).await, 87009);
    server.set_session_key("OPENID", "the-session-key");
    assert_error(&get(&http, &signed(&any)).await, 87009);
    let right = session_key_signature("the-session-key", b"");
    assert_eq!(get(&http, &signed(&right)).await["errmsg"], "ok");
    let call = server.calls().pop().expect("a call");
    assert!(call.query.contains(&("signature".into(), "***".into())));
}

#[tokio::test]
async fn binary_answers_are_png() {
    let (server, http, token) = setup_spec().await;
    let url = with_token(&server, "/wxa/getwxacodeunlimit", &token);
    let response = http
        .post(&url)
        .body(r#"{"scene":"a=1"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.headers()["content-type"], "image/png");
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    server
        .steer("get_unlimited_qrcode")
        .unwrap()
        .error(41030)
        .unwrap()
        .times(1);
    assert_error(&post(&http, &url, r#"{"scene":"a=1"}"#).await, 41030);
}

#[tokio::test]
async fn multipart_uploads() {
    let (server, http, token) = setup_spec().await;
    let file = || {
        Part::bytes(b"\xff\xd8 an image".to_vec())
            .file_name("a.jpg")
            .mime_str("image/jpeg")
            .expect("mime")
    };

    // printed_text_ocr: img_url in the query, or an img part; one of them.
    let url = with_token(&server, "/cv/ocr/comm", &token);
    let by_url = post(
        &http,
        &format!("{url}&img_url=https%3A%2F%2Fexample.com%2Fa.jpg"),
        "",
    )
    .await;
    assert_eq!(by_url["items"][0]["text"], "腾讯");
    let by_part = http
        .post(&url)
        .multipart(Form::new().part("img", file()))
        .send()
        .await
        .expect("POST");
    assert_eq!(json_of(by_part).await["errmsg"], "ok");
    assert_error(&post(&http, &url, "").await, codes::MEDIA_DATA_MISSING);
    let both = http
        .post(format!("{url}&img_url=x"))
        .multipart(Form::new().part("img", file()))
        .send()
        .await
        .expect("POST");
    assert_error(&json_of(both).await, codes::DATA_FORMAT_ERROR);

    // upload_temp_media: a `media` file part and a `type` in the query.
    let url = with_token(&server, "/cgi-bin/media/upload", &token);
    let typed = format!("{url}&type=image");
    let ok = http
        .post(&typed)
        .multipart(Form::new().part("media", file()))
        .send()
        .await
        .expect("POST");
    assert_eq!(json_of(ok).await["media_id"], "MEDIA_ID");
    let wrong_part = http
        .post(&typed)
        .multipart(Form::new().part("img", file()))
        .send()
        .await
        .expect("POST");
    let answer = json_of(wrong_part).await;
    assert_error(&answer, codes::MEDIA_DATA_MISSING);
    assert!(answer["errmsg"]
        .as_str()
        .unwrap_or_default()
        .starts_with("media data missing: no file part `media`"));
    let no_filename = Form::new().part("media", Part::bytes(b"x".to_vec()));
    let response = http
        .post(&typed)
        .multipart(no_filename)
        .send()
        .await
        .expect("POST");
    assert_error(&json_of(response).await, codes::MEDIA_DATA_MISSING);
    let untyped = http
        .post(&url)
        .multipart(Form::new().part("media", file()))
        .send()
        .await
        .expect("POST");
    assert_error(&json_of(untyped).await, codes::DATA_FORMAT_ERROR);

    let codes: Vec<(String, i64)> = server
        .take_violations()
        .into_iter()
        .map(|v| (v.endpoint, v.errcode))
        .collect();
    assert_eq!(
        codes,
        [
            ("printed_text_ocr".into(), 41005),
            ("printed_text_ocr".into(), 47001),
            ("upload_temp_media".into(), 41005),
            ("upload_temp_media".into(), 41005),
            ("upload_temp_media".into(), 47001),
        ]
    );
}

static COPIES: AtomicUsize = AtomicUsize::new(0);

/// A copy of the repository's spec in a fresh temporary folder.
fn spec_copy(name: &str) -> PathBuf {
    let n = COPIES.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("wxapi-mock-spec-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(SPEC), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

const NEW_ENDPOINT: &str = r#"# A test endpoint the mock has no code for.
id: get_user_badge
title: 查询用户徽章
doc: 测试用：查询用户的徽章。
http: { method: POST, path: /wxa/test/getuserbadge }
auth: access_token
request:
  body: json
  fields:
    openid: { type: string, required: true, doc: 用户的 openid }
    level: { type: integer, format: u8, doc: 等级 }
response:
  fields:
    badge: { type: string, required: true, doc: 徽章 }
errors:
  89991: { name: BadgeNotFound, message: badge not found, solution: 检查 openid }
common_errors: [-1, 40001]
examples:
  - title: 查询成功
    request: { openid: OPENID, level: 3 }
    response: { errcode: 0, errmsg: ok, badge: gold }
  - title: 没有徽章
    request: { openid: OPENID }
    response: { errcode: 89991, errmsg: badge not found }
"#;

#[tokio::test]
async fn a_new_endpoint_in_the_spec_is_served_without_code() {
    let dir = spec_copy("new");
    std::fs::write(dir.join("endpoints/get_user_badge.yaml"), NEW_ENDPOINT).expect("write");
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .spec(&dir)
        .try_start_spec()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(server
        .spec_endpoints()
        .contains(&"get_user_badge".to_owned()));
    let http = http();
    let token = fetch_token(&http, &server).await;
    let url = with_token(&server, "/wxa/test/getuserbadge", &token);

    let ok = post(&http, &url, r#"{"openid":"o","level":3}"#).await;
    assert_eq!(ok, json!({"errcode": 0, "errmsg": "ok", "badge": "gold"}));
    let missing = post(&http, &url, r#"{"level":3}"#).await;
    assert_error(&missing, codes::DATA_FORMAT_ERROR);
    assert!(missing["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("`openid` is required"));
    let too_big = post(&http, &url, r#"{"openid":"o","level":300}"#).await;
    assert!(too_big["errmsg"]
        .as_str()
        .unwrap_or_default()
        .contains("fits u8"));
    server
        .steer("get_user_badge")
        .unwrap()
        .error(89991)
        .unwrap()
        .times(1);
    let forced = post(&http, &url, r#"{"openid":"o"}"#).await;
    assert_error(&forced, 89991);
    assert!(forced["errmsg"]
        .as_str()
        .unwrap_or_default()
        .starts_with("badge not found rid: "));

    let calls: Vec<_> = server
        .calls()
        .into_iter()
        .filter(|c| c.endpoint.as_deref() == Some("get_user_badge"))
        .collect();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[0].method, "POST");
    assert_eq!(calls[0].body, br#"{"openid":"o","level":3}"#);
    let fields: Vec<Option<String>> = server
        .take_violations()
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(fields, [Some("openid".into()), Some("level".into())]);
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_broken_spec_or_a_taken_port_is_a_mock_error() {
    let dir = spec_copy("broken");
    std::fs::write(
        dir.join("endpoints/broken.yaml"),
        "id: broken\ntitle: b\nhttp: { method: PATCH, path: /x }\nnot_a_key: 1\n",
    )
    .expect("write");
    let error = MockServer::builder()
        .spec(&dir)
        .try_start_spec()
        .await
        .expect_err("broken");
    let message = error.to_string();
    assert!(message.contains("has errors"), "{message}");
    assert!(message.contains("broken.yaml"), "{message}");
    let _ = std::fs::remove_dir_all(dir);

    let missing = MockServer::start_with_spec("/no/such/spec")
        .await
        .expect_err("missing");
    assert!(missing.to_string().contains("/no/such/spec"), "{missing}");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let error = MockServer::builder()
        .port(port)
        .try_start_spec()
        .await
        .expect_err("in use");
    assert!(
        error.to_string().contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

/// Every request example of the spec (JSON and query ones) passes validation: the mock finds
/// no fault with what the spec itself says is right.
#[tokio::test]
async fn every_example_request_is_valid() {
    use wxapi_codegen::model::{AuthKind, BodyKind, FieldIn, HttpMethod};

    let tree = wxapi_codegen::SpecTree::read(Path::new(SPEC)).expect("read");
    let model =
        wxapi_codegen::check(&tree, &mut wxapi_codegen::Diagnostics::default()).expect("check");
    let (server, http, token) = setup_spec().await;
    let mut sent = 0;
    for endpoint in &model.endpoints {
        if matches!(endpoint.body, BodyKind::Multipart | BodyKind::Binary) {
            continue;
        }
        for example in &endpoint.examples {
            let Some(Value::Object(input)) = &example.input else {
                continue;
            };
            let mut query: Vec<(String, String)> = Vec::new();
            match &endpoint.auth {
                AuthKind::None => {}
                AuthKind::AccessToken => query.push(("access_token".into(), token.clone())),
                AuthKind::AppSecret { appid, secret } => {
                    query.push((appid.clone(), APPID.into()));
                    query.push((secret.clone(), SECRET.into()));
                }
            }
            if endpoint.signature.is_some() {
                query.push(("signature".into(), "ab".repeat(32)));
                query.push(("sig_method".into(), "hmac_sha256".into()));
            }
            let mut body = serde_json::Map::new();
            for (key, value) in input {
                let in_query = endpoint
                    .request
                    .fields
                    .iter()
                    .any(|f| &f.wire == key && f.location == FieldIn::Query);
                if in_query {
                    let text = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    query.push((key.clone(), text));
                } else {
                    body.insert(key.clone(), value.clone());
                }
            }
            let url = server.url(&endpoint.path);
            let request = match endpoint.method {
                HttpMethod::Get => http.get(&url),
                HttpMethod::Post => http.post(&url),
            };
            let request = request.query(&query);
            let request = match endpoint.body {
                BodyKind::Json => request.body(Value::Object(body).to_string()),
                _ => request,
            };
            request.send().await.expect("send");
            sent += 1;
        }
    }
    assert!(sent > 40, "{sent} example requests");
    assert_eq!(server.violations(), Vec::new());
}
