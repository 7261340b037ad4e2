//! The third-party platform endpoints: `POST /cgi-bin/component/api_component_token` and
//! `POST /cgi-bin/component/api_authorizer_token`, and authorizer tokens on the merchant's APIs.

use std::time::Duration;

use serde_json::{json, Value};
use wxapi_mock::{codes, MockServer, MockServerBuilder, WrongSecret, OCR_API, OCR_SERVICE};

use crate::common::*;

const COMPONENT: &str = "wxc0mp0nent000001";
const COMPONENT_SECRET: &str = "component-secret";
const MERCHANT: &str = "wxmerchant0000001";
const REFRESH: &str = "refreshtoken@@@merchant-initial-refresh-token-000";

fn builder() -> MockServerBuilder {
    MockServer::builder()
        .component(COMPONENT, COMPONENT_SECRET)
        .authorization(COMPONENT, MERCHANT, REFRESH)
        .frozen_clock()
}

fn component_body(server: &MockServer) -> Value {
    json!({
        "component_appid": COMPONENT,
        "component_appsecret": COMPONENT_SECRET,
        "component_verify_ticket": server.component_verify_ticket(COMPONENT),
    })
}

async fn component_token_with(http: &reqwest::Client, server: &MockServer, body: &Value) -> Value {
    post_json(
        http,
        &server.url("/cgi-bin/component/api_component_token"),
        body,
    )
    .await
}

async fn component_token(http: &reqwest::Client, server: &MockServer) -> String {
    let body = component_token_with(http, server, &component_body(server)).await;
    body["component_access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no component token: {body}"))
        .to_owned()
}

fn authorizer_url(server: &MockServer, component_token: &str) -> String {
    server.url(&format!(
        "/cgi-bin/component/api_authorizer_token?component_access_token={component_token}"
    ))
}

async fn authorizer_token_with(
    http: &reqwest::Client,
    server: &MockServer,
    component_token: &str,
    body: &Value,
) -> Value {
    post_json(http, &authorizer_url(server, component_token), body).await
}

fn authorizer_body(refresh_token: &str) -> Value {
    json!({
        "component_appid": COMPONENT,
        "authorizer_appid": MERCHANT,
        "authorizer_refresh_token": refresh_token,
    })
}

fn str_of<'a>(body: &'a Value, key: &str) -> &'a str {
    body[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key}: {body}"))
}

async fn msg_check(http: &reqwest::Client, server: &MockServer, token: &str) -> Value {
    post(
        http,
        &server.url(&format!("/wxa/msg_sec_check?access_token={token}")),
        r#"{"content":"hello"}"#,
    )
    .await
}

#[tokio::test]
async fn a_component_token_for_the_pushed_ticket() {
    let server = builder().start().await;
    let ticket = server.component_verify_ticket(COMPONENT);
    assert!(ticket.starts_with("ticket@@@"), "{ticket}");
    let body = component_token_with(&http(), &server, &component_body(&server)).await;
    let object = body.as_object().expect("object");
    assert_eq!(object.len(), 2, "no errcode on success: {body}");
    assert!(str_of(&body, "component_access_token").len() >= 32);
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(server.component_token_fetches(), 1);
    assert_eq!(server.counters().component_token_fetches, 1);
}

#[tokio::test]
async fn component_token_errors() {
    let server = builder()
        .wrong_secret(WrongSecret::InvalidAppsecret)
        .start()
        .await;
    let http = http();
    let good = component_body(&server);
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = good.clone();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    let cases = [
        (without("component_appid"), codes::APPID_MISSING),
        (with("component_appid", json!("")), codes::APPID_MISSING),
        (
            with("component_appid", json!("wxnotaplatform")),
            codes::INVALID_COMPONENT,
        ),
        (without("component_appsecret"), codes::APPSECRET_MISSING),
        (
            with("component_appsecret", json!("nope")),
            codes::INVALID_APPSECRET,
        ),
        (
            without("component_verify_ticket"),
            codes::COMPONENT_TICKET_INVALID,
        ),
        (
            with("component_verify_ticket", json!("")),
            codes::COMPONENT_TICKET_INVALID,
        ),
        (
            with("component_verify_ticket", json!("ticket@@@not-pushed")),
            codes::COMPONENT_TICKET_INVALID,
        ),
        (
            with("component_verify_ticket", json!(7)),
            codes::DATA_FORMAT_ERROR,
        ),
    ];
    for (body, errcode) in &cases {
        assert_error(&component_token_with(&http, &server, body).await, *errcode);
    }
    let url = server.url("/cgi-bin/component/api_component_token");
    assert_error(&get(&http, &url).await, codes::REQUIRE_POST);
    assert_error(&post(&http, &url, "").await, codes::EMPTY_POST_DATA);
    assert_eq!(server.component_token_fetches(), 0);
}

#[tokio::test]
async fn tickets_expire_after_twelve_hours_and_newer_pushes_work() {
    let server = builder().start().await;
    let http = http();
    let first = component_body(&server);
    server.advance(Duration::from_secs(600));
    let pushed = server.push_component_ticket(COMPONENT);
    assert_eq!(server.component_verify_ticket(COMPONENT), pushed);
    // The older ticket still works within its 12 hours.
    assert!(
        component_token_with(&http, &server, &first).await["component_access_token"].is_string()
    );
    server.advance(Duration::from_secs(12 * 3600 - 600));
    assert_error(
        &component_token_with(&http, &server, &first).await,
        codes::COMPONENT_TICKET_EXPIRED,
    );
    let newer = component_body(&server);
    assert!(
        component_token_with(&http, &server, &newer).await["component_access_token"].is_string()
    );
    assert_eq!(server.component_token_fetches(), 2);
}

#[tokio::test]
async fn an_authorizer_token_calls_the_merchants_apis() {
    let server = builder().start().await;
    let http = http();
    let component = component_token(&http, &server).await;
    let body = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    assert_eq!(body.as_object().map(|o| o.len()), Some(3), "{body}");
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(
        str_of(&body, "authorizer_refresh_token"),
        REFRESH,
        "no rotation by default"
    );
    let token = str_of(&body, "authorizer_access_token").to_owned();
    assert_eq!(
        server.current_authorizer_token(MERCHANT).as_deref(),
        Some(token.as_str())
    );
    assert_eq!(server.authorizer_token_fetches(), 1);

    // The merchant's APIs take it as `access_token`.
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    let invoke = json!({
        "service": OCR_SERVICE,
        "api": OCR_API,
        "data": {"img_url": "http://mmbiz.qpic.cn/x/0", "data_type": 3, "ocr_type": 1},
        "client_msg_id": "id-authorizer-1",
    });
    let answer = post_json(
        &http,
        &server.url(&format!("/wxa/servicemarket?access_token={token}")),
        &invoke,
    )
    .await;
    assert_eq!(answer["errcode"], 0, "{answer}");
    assert!(answer["data"].is_string());

    // The component token is not an access token of the merchant's APIs.
    assert_error(
        &msg_check(&http, &server, &component).await,
        codes::INVALID_CREDENTIAL,
    );

    // A new authorizer token supersedes the previous one at once.
    let second = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    let second = str_of(&second, "authorizer_access_token").to_owned();
    assert_ne!(second, token);
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(msg_check(&http, &server, &second).await["errmsg"], "ok");
    assert_eq!(server.authorizer_token_fetches(), 2);

    // "Another instance refreshed it".
    let third = server.rotate_authorizer_token(MERCHANT);
    assert_error(
        &msg_check(&http, &server, &second).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(msg_check(&http, &server, &third).await["errmsg"], "ok");
    assert_eq!(
        server.authorizer_token_fetches(),
        2,
        "rotations are not fetches"
    );

    // Authorizer tokens expire like any other.
    server.advance(Duration::from_secs(7200));
    assert_error(
        &msg_check(&http, &server, &third).await,
        codes::ACCESS_TOKEN_EXPIRED,
    );
}

#[tokio::test]
async fn the_newer_docs_spelling_of_the_component_token_is_accepted() {
    let server = builder().start().await;
    let http = http();
    let component = component_token(&http, &server).await;
    let url = server.url(&format!(
        "/cgi-bin/component/api_authorizer_token?access_token={component}"
    ));
    let body = post_json(&http, &url, &authorizer_body(REFRESH)).await;
    assert!(body["authorizer_access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn component_token_errors_on_the_authorizer_endpoint() {
    let server = builder().start().await;
    let http = http();
    let body = authorizer_body(REFRESH);
    let missing = post_json(
        &http,
        &server.url("/cgi-bin/component/api_authorizer_token"),
        &body,
    )
    .await;
    assert_error(&missing, codes::ACCESS_TOKEN_MISSING);
    assert_error(
        &authorizer_token_with(&http, &server, "short", &body).await,
        codes::INVALID_ACCESS_TOKEN,
    );
    assert_error(
        &authorizer_token_with(&http, &server, &"A".repeat(64), &body).await,
        codes::INVALID_CREDENTIAL,
    );
    // The merchant's own access tokens are not component tokens.
    let merchant_token = server.rotate_authorizer_token(MERCHANT);
    assert_error(
        &authorizer_token_with(&http, &server, &merchant_token, &body).await,
        codes::INVALID_CREDENTIAL,
    );

    let component = component_token(&http, &server).await;
    server.revoke_component_tokens(COMPONENT);
    assert_error(
        &authorizer_token_with(&http, &server, &component, &body).await,
        codes::INVALID_CREDENTIAL,
    );
    let component = component_token(&http, &server).await;
    server.advance(Duration::from_secs(7200));
    assert_error(
        &authorizer_token_with(&http, &server, &component, &body).await,
        codes::ACCESS_TOKEN_EXPIRED,
    );
    assert_eq!(server.authorizer_token_fetches(), 0);
}

#[tokio::test]
async fn authorization_errors() {
    let server = builder()
        .component("wxotherplatform01", "other-secret")
        .start()
        .await;
    let http = http();
    let component = component_token(&http, &server).await;
    let other = json!({
        "component_appid": "wxotherplatform01",
        "component_appsecret": "other-secret",
        "component_verify_ticket": server.component_verify_ticket("wxotherplatform01"),
    });
    let other = component_token_with(&http, &server, &other).await;
    let other = str_of(&other, "component_access_token").to_owned();
    let with = |key: &str, value: Value| {
        let mut body = authorizer_body(REFRESH);
        body[key] = value;
        body
    };
    let cases = [
        (
            &component,
            with("component_appid", json!("")),
            codes::APPID_MISSING,
        ),
        (&other, authorizer_body(REFRESH), codes::INVALID_COMPONENT),
        (
            &component,
            with("authorizer_appid", json!("wxnobody")),
            codes::COMPONENT_NOT_AUTHORIZED,
        ),
        (
            &other,
            with("component_appid", json!("wxotherplatform01")),
            codes::COMPONENT_NOT_AUTHORIZED,
        ),
        (
            &component,
            with("authorizer_refresh_token", json!("refreshtoken@@@wrong")),
            codes::REFRESH_TOKEN_INVALID,
        ),
        (
            &component,
            with("authorizer_refresh_token", json!("")),
            codes::REFRESH_TOKEN_INVALID,
        ),
        (
            &component,
            with("authorizer_refresh_token", Value::Null),
            codes::REFRESH_TOKEN_INVALID,
        ),
        (
            &component,
            with("authorizer_refresh_token", json!(1)),
            codes::DATA_FORMAT_ERROR,
        ),
    ];
    for (token, body, errcode) in &cases {
        assert_error(
            &authorizer_token_with(&http, &server, token, body).await,
            *errcode,
        );
    }
    assert_eq!(server.authorizer_token_fetches(), 0);

    // The merchant cancels: 61003, and its tokens stop working.
    let body = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    let token = str_of(&body, "authorizer_access_token").to_owned();
    assert!(server.revoke_authorization(COMPONENT, MERCHANT));
    assert_eq!(server.refresh_token(COMPONENT, MERCHANT), None);
    assert_error(
        &authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await,
        codes::COMPONENT_NOT_AUTHORIZED,
    );
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::INVALID_CREDENTIAL,
    );

    // Authorizing again hands out a new refresh token; the old one is gone.
    let renewed = server.authorize(COMPONENT, MERCHANT);
    assert_ne!(renewed, REFRESH);
    assert_error(
        &authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await,
        codes::REFRESH_TOKEN_INVALID,
    );
    let body = authorizer_token_with(&http, &server, &component, &authorizer_body(&renewed)).await;
    assert!(body["authorizer_access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn rotated_refresh_tokens_replace_the_old_one_after_the_grace_period() {
    let server = builder()
        .rotate_refresh_tokens(true)
        .refresh_token_grace(Duration::from_secs(60))
        .start()
        .await;
    let http = http();
    let component = component_token(&http, &server).await;
    assert_eq!(
        server.refresh_token(COMPONENT, MERCHANT).as_deref(),
        Some(REFRESH)
    );

    let first = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    let rotated = str_of(&first, "authorizer_refresh_token").to_owned();
    assert_ne!(rotated, REFRESH);
    assert!(rotated.starts_with("refreshtoken@@@"), "{rotated}");
    assert_eq!(
        server.refresh_token(COMPONENT, MERCHANT).as_deref(),
        Some(rotated.as_str())
    );

    // Within the grace period the old one still works (and rotates again).
    server.advance(Duration::from_secs(59));
    let again = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    let newest = str_of(&again, "authorizer_refresh_token").to_owned();
    assert_ne!(newest, rotated);

    server.advance(Duration::from_secs(1));
    assert_error(
        &authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await,
        codes::REFRESH_TOKEN_INVALID,
    );
    let body = authorizer_token_with(&http, &server, &component, &authorizer_body(&newest)).await;
    assert!(body["authorizer_access_token"].is_string(), "{body}");
    assert_eq!(server.authorizer_token_fetches(), 3);
}

#[tokio::test]
async fn authorizer_tokens_do_not_touch_the_merchants_own_tokens() {
    let server = builder().app(MERCHANT, "merchant-secret").start().await;
    let http = http();
    let own = get(&http, &token_url(&server, MERCHANT, "merchant-secret")).await;
    let own = str_of(&own, "access_token").to_owned();
    let component = component_token(&http, &server).await;
    let body = authorizer_token_with(&http, &server, &component, &authorizer_body(REFRESH)).await;
    let authorizer = str_of(&body, "authorizer_access_token").to_owned();
    assert_eq!(msg_check(&http, &server, &own).await["errmsg"], "ok");
    assert_eq!(msg_check(&http, &server, &authorizer).await["errmsg"], "ok");
    server.revoke_tokens(MERCHANT);
    assert_error(
        &msg_check(&http, &server, &authorizer).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(server.current_authorizer_token(MERCHANT), None);
}
