//! Faults on demand.

use std::time::{Duration, Instant};

use serde_json::json;
use wxapi_mock::{codes, Fault, MockServer};

use crate::common::*;

const CHECK: &str = "/wxa/msg_sec_check";

async fn setup() -> (MockServer, reqwest::Client, String) {
    let server = server(false).await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    (server, http, token)
}

#[tokio::test]
async fn error_faults_on_one_path_for_n_calls() {
    let (server, http, token) = setup().await;
    let busy = server.fault(Fault::SystemBusy).on(CHECK).times(2);
    assert_eq!(busy.remaining(), Some(2));
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::SYSTEM_ERROR,
    );
    // Other paths are not affected.
    assert!(get(&http, &token_url(&server, APPID, SECRET)).await["access_token"].is_string());
    let token = server.current_token(APPID).expect("token");
    let second = msg_check(&http, &server, &token).await;
    assert_error(&second, codes::SYSTEM_ERROR);
    assert!(second["errmsg"]
        .as_str()
        .is_some_and(|m| m.starts_with("system error rid: ")));
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    assert_eq!((busy.triggered(), busy.remaining()), (2, Some(0)));
    assert_eq!(server.requests(CHECK), 3);
}

#[tokio::test]
async fn quota_and_custom_error_faults() {
    let (server, http, token) = setup().await;
    server.fault(Fault::DailyQuota).once();
    server.fault(Fault::MinuteQuota).once();
    server
        .fault(Fault::errcode(codes::INVALID_CREDENTIAL))
        .once();
    server
        .fault(Fault::Error {
            errcode: 89503,
            errmsg: "此次调用需要管理员确认".into(),
        })
        .once();
    assert_error(&msg_check(&http, &server, &token).await, codes::DAILY_QUOTA);
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::MINUTE_QUOTA,
    );
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::INVALID_CREDENTIAL,
    );
    let custom = msg_check(&http, &server, &token).await;
    assert_error(&custom, 89503);
    assert!(custom["errmsg"]
        .as_str()
        .is_some_and(|m| m.starts_with("此次调用需要管理员确认 rid: ")));
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
}

#[tokio::test]
async fn faults_apply_to_token_endpoints_too() {
    let server = server(false).await;
    let http = http();
    server.fault(Fault::SystemBusy).on("/cgi-bin/token").once();
    assert_error(
        &get(&http, &token_url(&server, APPID, SECRET)).await,
        codes::SYSTEM_ERROR,
    );
    assert_eq!(server.token_fetches(), 0);
    assert!(get(&http, &token_url(&server, APPID, SECRET)).await["access_token"].is_string());
}

#[tokio::test]
async fn bad_gateway_html() {
    let (server, http, token) = setup().await;
    server.fault(Fault::BadGateway).on(CHECK).once();
    let url = with_token(&server, CHECK, &token);
    let response = http
        .post(&url)
        .body(r#"{"content":"x"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 502);
    assert!(response.headers()["content-type"]
        .to_str()
        .is_ok_and(|t| t.starts_with("text/html")));
    assert_eq!(
        response.text().await.expect("body"),
        "<html>502 Bad Gateway</html>"
    );
}

#[tokio::test]
async fn malformed_and_empty_bodies() {
    let (server, http, token) = setup().await;
    server.fault(Fault::MalformedJson).once();
    server.fault(Fault::EmptyBody).once();
    let url = with_token(&server, CHECK, &token);
    for check in [
        |text: &str| {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err() && !text.is_empty())
        },
        |text: &str| assert_eq!(text, ""),
    ] {
        let response = http
            .post(&url)
            .body(r#"{"content":"x"}"#)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/json")));
        check(&response.text().await.expect("body"));
    }
}

#[tokio::test]
async fn dropped_connection_gets_no_response() {
    let (server, http, token) = setup().await;
    let dropped = server.fault(Fault::DropConnection).on(CHECK).once();
    let url = with_token(&server, CHECK, &token);
    let error = http
        .post(&url)
        .body(r#"{"content":"x"}"#)
        .send()
        .await
        .expect_err("the connection is dropped");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(dropped.triggered(), 1);
    assert_eq!(server.requests(CHECK), 1);
    // The next call gets a new connection and a normal answer.
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
}

#[tokio::test]
async fn string_errcode_rewrites_the_normal_answer() {
    let (server, http, token) = setup().await;
    server.fault(Fault::StringErrcode).on(CHECK).times(2);
    let url = with_token(&server, CHECK, &token);
    let v2 = json!({"content": "x", "version": 2, "scene": 1, "openid": "o"});
    let body = post_json(&http, &url, &v2).await;
    assert_eq!(body["errcode"], "0");
    assert_eq!(body["result"]["suggest"], "pass");
    let error = post(&http, &url, "").await;
    assert_eq!(error["errcode"], "44002");
    assert_eq!(post_json(&http, &url, &v2).await["errcode"], 0);
}

#[tokio::test]
async fn delay_then_normal_answer_and_combination() {
    let (server, http, token) = setup().await;
    server
        .fault(Fault::Delay(Duration::from_millis(300)))
        .on(CHECK)
        .times(2);
    server.fault(Fault::SystemBusy).on(CHECK).once();
    let start = Instant::now();
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::SYSTEM_ERROR,
    );
    assert!(start.elapsed() >= Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    assert!(start.elapsed() >= Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    assert!(start.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn a_delay_longer_than_the_client_timeout_times_out() {
    let (server, _, token) = setup().await;
    server.fault(Fault::Delay(Duration::from_secs(5))).always();
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let url = with_token(&server, CHECK, &token);
    let error = http
        .post(&url)
        .body("{}")
        .send()
        .await
        .expect_err("timeout");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn always_disarm_and_clear() {
    let (server, http, token) = setup().await;
    let fault = server.fault(Fault::MinuteQuota).always();
    assert_eq!(fault.remaining(), None);
    for _ in 0..3 {
        assert_error(
            &msg_check(&http, &server, &token).await,
            codes::MINUTE_QUOTA,
        );
    }
    fault.disarm();
    assert_eq!(fault.remaining(), Some(0));
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    server.fault(Fault::SystemBusy).always();
    server.clear_faults();
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    assert_eq!(fault.triggered(), 0, "cleared faults are forgotten");
}
