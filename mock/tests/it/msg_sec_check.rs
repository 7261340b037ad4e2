//! `POST /wxa/msg_sec_check`, v1 and v2.

use serde_json::{json, Value};
use wxapi_mock::{codes, ErrcodeStyle, MockServer, OFFICIAL_RISKY_TEST_TEXT};

use crate::common::*;

const MSG_SEC_CHECK: &str = "/wxa/msg_sec_check";

fn v2(content: &str) -> Value {
    json!({"content": content, "version": 2, "scene": 2, "openid": "OPENID"})
}

#[tokio::test]
async fn v1_answers_string_zero_or_87014() {
    let (_server, http, url) = setup(MSG_SEC_CHECK, MockServer::builder().risky_word("赌博")).await;
    let ok = post_json(&http, &url, &json!({"content": "hello world!"})).await;
    assert_eq!(ok, json!({"errcode": "0", "errmsg": "ok"}));
    let risky = post_json(&http, &url, &json!({"content": "来赌博吧"})).await;
    assert_error(&risky, codes::RISKY_CONTENT);
    assert!(risky["errmsg"]
        .as_str()
        .is_some_and(|m| m.starts_with("risky content rid: ")));
    let official = post_json(
        &http,
        &url,
        &json!({"content": OFFICIAL_RISKY_TEST_TEXT, "version": 1}),
    )
    .await;
    assert_error(&official, codes::RISKY_CONTENT);
}

#[tokio::test]
async fn v1_success_can_be_a_number() {
    let builder = MockServer::builder().msg_sec_check_v1_errcode(ErrcodeStyle::Number);
    let (_server, http, url) = setup(MSG_SEC_CHECK, builder).await;
    let ok = post_json(&http, &url, &json!({"content": "hello"})).await;
    assert_eq!(ok, json!({"errcode": 0, "errmsg": "ok"}));
}

#[tokio::test]
async fn v2_pass() {
    let (_server, http, url) = setup(MSG_SEC_CHECK, MockServer::builder()).await;
    let body = post_json(&http, &url, &v2("今天天气不错")).await;
    assert_eq!(body["errcode"], 0);
    assert_eq!(body["errmsg"], "ok");
    assert_eq!(body["result"], json!({"suggest": "pass", "label": 100}));
    assert_eq!(
        body["detail"],
        json!([{"strategy": "content_model", "errcode": 0, "suggest": "pass", "label": 100, "prob": 90}])
    );
    let trace_id = body["trace_id"].as_str().unwrap_or_default();
    assert_eq!(trace_id.len(), 26, "{trace_id}");
}

#[tokio::test]
async fn v2_risky_word_is_errcode_0_with_a_risky_verdict() {
    let builder = MockServer::builder()
        .risky_word("赌博")
        .keyword("关键词1", 20)
        .keyword("关键词2", 90);
    let (_server, http, url) = setup(MSG_SEC_CHECK, builder).await;
    let body = post_json(&http, &url, &v2("赌博 关键词1 关键词2")).await;
    assert_eq!(body["errcode"], 0);
    assert_eq!(body["result"], json!({"suggest": "risky", "label": 20006}));
    let detail = body["detail"].as_array().expect("detail");
    assert_eq!(detail.len(), 3);
    assert_eq!(detail[0]["strategy"], "content_model");
    assert_eq!(detail[0]["suggest"], "risky");
    assert_eq!(
        detail[1],
        json!({"strategy": "keyword", "errcode": 0, "suggest": "pass", "label": 20006, "level": 20, "keyword": "关键词1"})
    );
    assert_eq!(detail[2]["suggest"], "risky");
    assert_eq!(detail[2]["level"], 90);

    // A risky keyword alone makes the result risky; the content model passes.
    let body = post_json(&http, &url, &v2("只有关键词2")).await;
    assert_eq!(body["result"]["suggest"], "risky");
    assert_eq!(body["detail"][0]["suggest"], "pass");
}

#[tokio::test]
async fn v2_labels_review_and_other_fields() {
    let builder = MockServer::builder()
        .risky_label(20002)
        .risky_word("色")
        .risky_word_labeled("广告词", 10001)
        .review_word("可疑")
        .msg_sec_check_v2_errcode(ErrcodeStyle::String);
    let (_server, http, url) = setup(MSG_SEC_CHECK, builder).await;
    let body = post_json(&http, &url, &v2("色")).await;
    assert_eq!(body["errcode"], "0");
    assert_eq!(body["result"], json!({"suggest": "risky", "label": 20002}));
    let mut ad = v2("hello");
    ad["title"] = json!("广告词");
    let body = post_json(&http, &url, &ad).await;
    assert_eq!(body["result"], json!({"suggest": "risky", "label": 10001}));
    let body = post_json(&http, &url, &v2("可疑的")).await;
    assert_eq!(body["result"]["suggest"], "review");
}

#[tokio::test]
async fn v2_parameter_errors() {
    let (_server, http, url) = setup(MSG_SEC_CHECK, MockServer::builder()).await;
    let mut cases = Vec::new();
    for scene in [json!(0), json!(5), json!("2"), json!(null)] {
        let mut body = v2("x");
        body["scene"] = scene;
        cases.push((body, codes::INVALID_SCENE));
    }
    for openid in [json!(""), json!(null)] {
        let mut body = v2("x");
        body["openid"] = openid;
        cases.push((body, codes::INVALID_OPENID));
    }
    let mut no_content = v2("x");
    no_content["content"] = json!(null);
    cases.push((no_content, codes::DATA_FORMAT_ERROR));
    let mut bad_version = v2("x");
    bad_version["version"] = json!(3);
    cases.push((bad_version, codes::DATA_FORMAT_ERROR));
    for (body, errcode) in cases {
        assert_error(&post_json(&http, &url, &body).await, errcode);
    }
}

#[tokio::test]
async fn method_and_body_errors() {
    let (server, http, url) = setup(MSG_SEC_CHECK, MockServer::builder()).await;
    assert_error(&get(&http, &url).await, codes::REQUIRE_POST);
    assert_error(&post(&http, &url, "").await, codes::EMPTY_POST_DATA);
    assert_error(
        &post(&http, &url, "{not json").await,
        codes::DATA_FORMAT_ERROR,
    );
    assert_error(&post(&http, &url, "[1,2]").await, codes::DATA_FORMAT_ERROR);
    assert_error(
        &post(&http, &url, r#"{"content": 5}"#).await,
        codes::DATA_FORMAT_ERROR,
    );
    server.add_risky_word("later");
    assert_error(
        &post(&http, &url, r#"{"content": "later"}"#).await,
        codes::RISKY_CONTENT,
    );
}
