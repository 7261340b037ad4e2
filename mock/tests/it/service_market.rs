//! `POST /wxa/servicemarket` and `POST /wxa/servicemarketretrieve`.

use std::time::Duration;

use serde_json::{json, Value};
use wxapi_mock::{codes, AsyncOptions, MockServer, ProviderReply, OCR_API, OCR_SERVICE};

use crate::common::*;

struct Market {
    server: MockServer,
    http: reqwest::Client,
    invoke: String,
    retrieve: String,
}

async fn market(builder: wxapi_mock::MockServerBuilder) -> Market {
    let server = builder.app(APPID, SECRET).frozen_clock().start().await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    let invoke = with_token(&server, "/wxa/servicemarket", &token);
    let retrieve = with_token(&server, "/wxa/servicemarketretrieve", &token);
    Market {
        server,
        http,
        invoke,
        retrieve,
    }
}

fn ocr_call(data: Value, client_msg_id: &str) -> Value {
    json!({"service": OCR_SERVICE, "api": OCR_API, "data": data, "client_msg_id": client_msg_id})
}

fn id_card() -> Value {
    json!({"img_url": "http://mmbiz.qpic.cn/x/0", "data_type": 3, "ocr_type": 1})
}

/// The `data` string of a success, parsed.
#[track_caller]
fn data_of(body: &Value) -> Value {
    assert_eq!(body["errcode"], 0, "{body}");
    let text = body["data"]
        .as_str()
        .unwrap_or_else(|| panic!("data is not a string: {body}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("data is not JSON ({e}): {text}"))
}

#[tokio::test]
async fn ocr_all_in_one_answers_an_id_card_as_a_json_string() {
    let m = market(MockServer::builder()).await;
    let body = post_json(&m.http, &m.invoke, &ocr_call(id_card(), "id123")).await;
    assert_eq!(body["errmsg"], "ok");
    assert!(body.get("request_id").is_none());
    let data = data_of(&body);
    let card = &data["idcard_res"];
    assert_eq!(card["type"], 0);
    assert_eq!(card["name"]["text"], "张三");
    assert!(card["name"]["pos"]["left_top"]["x"].is_number());
    assert_eq!(card["id"]["text"], "440305199001011234");
    assert_eq!(
        (data["image_width"].clone(), data["image_height"].clone()),
        (json!(480), json!(304))
    );
    assert_eq!(m.server.client_msg_ids(), vec!["id123".to_owned()]);
}

#[tokio::test]
async fn data_may_be_a_string_containing_json() {
    let m = market(MockServer::builder()).await;
    let call = ocr_call(Value::String(id_card().to_string()), "s1");
    let body = post_json(&m.http, &m.invoke, &call).await;
    assert_eq!(data_of(&body)["idcard_res"]["name"]["text"], "张三");
    assert_eq!(m.server.service_calls()[0].data, id_card());

    let bank = json!({"img_data": "AAAA", "data_type": 2, "ocr_type": 2});
    let body = post_json(&m.http, &m.invoke, &ocr_call(bank, "s2")).await;
    assert!(data_of(&body)["bankcard_res"]["number"]["text"].is_string());
}

#[tokio::test]
async fn invalid_parameters_answer_9301001() {
    let m = market(MockServer::builder()).await;
    let cases = [
        json!({"service": "wxunknown", "api": OCR_API, "data": id_card(), "client_msg_id": "a"}),
        json!({"service": OCR_SERVICE, "api": "Nope", "data": id_card(), "client_msg_id": "b"}),
        ocr_call(json!({"img_url": "", "data_type": 3, "ocr_type": 1}), "c"),
        ocr_call(json!("{not json"), "d"),
        json!({"service": OCR_SERVICE, "api": OCR_API, "data": id_card(), "client_msg_id": "e", "async": true}),
    ];
    for call in cases {
        let body = post_json(&m.http, &m.invoke, &call).await;
        assert_error(&body, codes::INVALID_PARAMETER);
    }
    assert_eq!(m.server.client_msg_ids(), ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn method_body_and_field_errors() {
    let m = market(MockServer::builder()).await;
    assert_error(&get(&m.http, &m.invoke).await, codes::REQUIRE_POST);
    assert_error(&post(&m.http, &m.invoke, "").await, codes::EMPTY_POST_DATA);
    assert_error(
        &post(&m.http, &m.invoke, "{\"service\":").await,
        codes::DATA_FORMAT_ERROR,
    );
    for missing in ["service", "api", "data", "client_msg_id"] {
        let mut call = ocr_call(id_card(), "x");
        call.as_object_mut().map(|o| o.remove(missing));
        assert_error(
            &post_json(&m.http, &m.invoke, &call).await,
            codes::DATA_FORMAT_ERROR,
        );
    }
    let mut bad_async = ocr_call(id_card(), "x");
    bad_async["async"] = json!("yes");
    assert_error(
        &post_json(&m.http, &m.invoke, &bad_async).await,
        codes::DATA_FORMAT_ERROR,
    );
    assert!(m.server.client_msg_ids().is_empty());
    let no_token = m.server.url("/wxa/servicemarket");
    assert_error(
        &post_json(&m.http, &no_token, &ocr_call(id_card(), "x")).await,
        codes::ACCESS_TOKEN_MISSING,
    );
}

#[tokio::test]
async fn registered_providers() {
    let builder =
        MockServer::builder().provider("wxtranslate", "multilingualMT", |data| {
            match data["q"].as_str() {
                Some(q) => ProviderReply::data(json!({"result": q.to_uppercase()})),
                None => ProviderReply::invalid_parameter(),
            }
        });
    let m = market(builder).await;
    m.server.register_provider("wxbroken", "Fail", |_| {
        ProviderReply::failed("backend down")
    });
    m.server
        .register_provider("wxslow", "Timeout", |_| ProviderReply::error(9_301_012));
    m.server.register_provider("wxraw", "Raw", |_| {
        ProviderReply::RawData("not json".into())
    });

    let call = |service: &str, api: &str, data: Value| json!({"service": service, "api": api, "data": data, "client_msg_id": "m1"});
    let body = post_json(
        &m.http,
        &m.invoke,
        &call("wxtranslate", "multilingualMT", json!({"q": "hi"})),
    )
    .await;
    assert_eq!(data_of(&body), json!({"result": "HI"}));
    let body = post_json(
        &m.http,
        &m.invoke,
        &call("wxtranslate", "multilingualMT", json!({})),
    )
    .await;
    assert_error(&body, codes::INVALID_PARAMETER);
    let body = post_json(&m.http, &m.invoke, &call("wxbroken", "Fail", json!({}))).await;
    assert_error(&body, codes::CALL_API_SERVICE_FAILED);
    assert!(body["errmsg"]
        .as_str()
        .is_some_and(|m| m.contains("backend down")));
    let body = post_json(&m.http, &m.invoke, &call("wxslow", "Timeout", json!({}))).await;
    assert_error(&body, 9_301_012);
    let body = post_json(&m.http, &m.invoke, &call("wxraw", "Raw", json!({}))).await;
    assert_eq!(body["data"], "not json");
    // Retries of a call show the same client_msg_id.
    assert!(m.server.client_msg_ids().iter().all(|id| id == "m1"));
}

#[tokio::test]
async fn async_lifecycle() {
    let options = AsyncOptions::new()
        .ready_after_polls(2)
        .ready_after(Duration::from_secs(60));
    let builder = MockServer::builder().async_provider(
        "wxee446d7507c68b11",
        "SecCheckAsync",
        options,
        |data| ProviderReply::data(json!({"result": true, "echo": data})),
    );
    let m = market(builder).await;
    let call = json!({
        "service": "wxee446d7507c68b11", "api": "SecCheckAsync",
        "data": {"TextContent": "hi"}, "client_msg_id": "async-1", "async": true,
    });
    let started = post_json(&m.http, &m.invoke, &call).await;
    assert_eq!(started["errcode"], 0);
    assert!(started.get("data").is_none(), "{started}");
    let request_id = started["request_id"]
        .as_str()
        .expect("request_id")
        .to_owned();

    let retrieve_body = json!({"request_id": request_id});
    let poll = || post_json(&m.http, &m.retrieve, &retrieve_body);
    for _ in 0..2 {
        let pending = poll().await;
        assert_eq!(pending["errcode"], 0);
        assert_eq!(pending["status"], 1);
        assert!(pending.get("data").is_none());
        assert_ne!(pending["request_id"], json!(request_id));
    }
    // Enough polls, but not enough time yet.
    assert_eq!(poll().await["status"], 1);
    m.server.advance(Duration::from_secs(60));
    let done = poll().await;
    assert!(done.get("status").is_none(), "{done}");
    assert_eq!(
        data_of(&done),
        json!({"result": true, "echo": {"TextContent": "hi"}})
    );
    let new_id = done["request_id"].as_str().expect("new request_id");
    assert_ne!(new_id, request_id);
    // Still there later the same day, gone after 24 hours.
    assert_eq!(data_of(&poll().await)["result"], true);
    m.server.advance(Duration::from_secs(24 * 3600));
    let token = fetch_token(&m.http, &m.server).await;
    let retrieve = with_token(&m.server, "/wxa/servicemarketretrieve", &token);
    assert_error(
        &post_json(&m.http, &retrieve, &retrieve_body).await,
        codes::INVALID_PARAMETER,
    );
}

#[tokio::test]
async fn async_failures_unknown_ids_and_mode_mismatch() {
    let m = market(MockServer::builder()).await;
    m.server
        .register_async_provider("wxasr", "SentenceASR", AsyncOptions::new(), |_| {
            ProviderReply::failed("audio too long")
        });
    let call = json!({"service": "wxasr", "api": "SentenceASR", "data": {}, "client_msg_id": "x", "async": true});
    let started = post_json(&m.http, &m.invoke, &call).await;
    let request_id = started["request_id"].as_str().expect("request_id");
    let failed = post_json(&m.http, &m.retrieve, &json!({"request_id": request_id})).await;
    assert_error(&failed, codes::CALL_API_SERVICE_FAILED);
    assert!(failed["errmsg"]
        .as_str()
        .is_some_and(|e| e.contains("audio too long")));

    let unknown = post_json(&m.http, &m.retrieve, &json!({"request_id": "nope"})).await;
    assert_error(&unknown, codes::INVALID_PARAMETER);
    let mut sync_call = call.clone();
    sync_call["async"] = json!(false);
    assert_error(
        &post_json(&m.http, &m.invoke, &sync_call).await,
        codes::INVALID_PARAMETER,
    );

    assert_error(&get(&m.http, &m.retrieve).await, codes::REQUIRE_POST);
    assert_error(
        &post(&m.http, &m.retrieve, "").await,
        codes::EMPTY_POST_DATA,
    );
    assert_error(
        &post(&m.http, &m.retrieve, "nope").await,
        codes::DATA_FORMAT_ERROR,
    );
    assert_error(
        &post_json(&m.http, &m.retrieve, &json!({})).await,
        codes::DATA_FORMAT_ERROR,
    );
}

#[tokio::test]
async fn short_retention() {
    let m = market(MockServer::builder()).await;
    let options = AsyncOptions::new().retention(Duration::from_secs(10));
    m.server
        .register_async_provider("wxq", "Q", options, |_| ProviderReply::data(json!(1)));
    let call =
        json!({"service": "wxq", "api": "Q", "data": {}, "client_msg_id": "x", "async": true});
    let request_id = post_json(&m.http, &m.invoke, &call).await["request_id"].clone();
    assert_eq!(
        data_of(&post_json(&m.http, &m.retrieve, &json!({"request_id": request_id})).await),
        json!(1)
    );
    m.server.advance(Duration::from_secs(10));
    assert_error(
        &post_json(&m.http, &m.retrieve, &json!({"request_id": request_id})).await,
        codes::INVALID_PARAMETER,
    );
}
