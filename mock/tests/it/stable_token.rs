//! `POST /cgi-bin/stable_token`.

use std::time::Duration;

use serde_json::{json, Value};
use wxapi_mock::{codes, MockServer};

use crate::common::*;

fn body(force: Option<bool>) -> Value {
    let mut body = json!({"grant_type": "client_credential", "appid": APPID, "secret": SECRET});
    if let Some(force) = force {
        body["force_refresh"] = json!(force);
    }
    body
}

async fn stable(http: &reqwest::Client, server: &MockServer, force: Option<bool>) -> Value {
    post_json(http, &server.url("/cgi-bin/stable_token"), &body(force)).await
}

fn token_of(body: &Value) -> String {
    body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {body}"))
        .to_owned()
}

#[tokio::test]
async fn normal_mode_returns_the_same_token_with_less_time() {
    let server = server(true).await;
    let http = http();
    let first = stable(&http, &server, None).await;
    assert_eq!(first["expires_in"], 7200);
    assert!(first.get("errcode").is_none(), "{first}");
    server.advance(Duration::from_secs(6855));
    let second = stable(&http, &server, Some(false)).await;
    assert_eq!(token_of(&second), token_of(&first));
    assert_eq!(second["expires_in"], 345);
    assert_eq!(server.stable_token_fetches(), 2);
    assert_eq!(server.current_stable_token(APPID), Some(token_of(&first)));
}

#[tokio::test]
async fn normal_mode_renews_in_the_last_five_minutes_and_after_expiry() {
    let server = server(true).await;
    let http = http();
    let first = token_of(&stable(&http, &server, None).await);
    server.advance(Duration::from_secs(6900));
    let renewed = stable(&http, &server, None).await;
    assert_ne!(token_of(&renewed), first);
    assert_eq!(renewed["expires_in"], 7200);
    // The old one still works until its own expiry.
    assert_eq!(msg_check(&http, &server, &first).await["errmsg"], "ok");
    server.advance(Duration::from_secs(300));
    assert_error(
        &msg_check(&http, &server, &first).await,
        codes::ACCESS_TOKEN_EXPIRED,
    );

    server.advance(Duration::from_secs(7200));
    let after_expiry = stable(&http, &server, None).await;
    assert_ne!(token_of(&after_expiry), token_of(&renewed));
}

#[tokio::test]
async fn force_refresh_invalidates_the_previous_token() {
    let server = server(true).await;
    let http = http();
    let first = token_of(&stable(&http, &server, None).await);
    let forced = stable(&http, &server, Some(true)).await;
    assert_eq!(forced["expires_in"], 7200);
    let forced = token_of(&forced);
    assert_ne!(forced, first);
    assert_error(
        &msg_check(&http, &server, &first).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(msg_check(&http, &server, &forced).await["errmsg"], "ok");
    assert_eq!(server.forced_refreshes(), 1);
}

#[tokio::test]
async fn force_refreshes_closer_than_30_seconds_do_not_refresh() {
    let server = server(true).await;
    let http = http();
    let first = token_of(&stable(&http, &server, Some(true)).await);
    server.advance(Duration::from_secs(29));
    let again = stable(&http, &server, Some(true)).await;
    assert_eq!(token_of(&again), first);
    assert_eq!(again["expires_in"], 7200 - 29);
    server.advance(Duration::from_secs(1));
    let refreshed = token_of(&stable(&http, &server, Some(true)).await);
    assert_ne!(refreshed, first);
    let counters = server.counters();
    assert_eq!(
        (counters.forced_refresh_calls, counters.forced_refreshes),
        (3, 2)
    );
}

#[tokio::test]
async fn force_refresh_is_limited_to_20_a_day() {
    let server = server(true).await;
    let http = http();
    for _ in 0..20 {
        assert!(stable(&http, &server, Some(true)).await["access_token"].is_string());
        server.advance(Duration::from_secs(30));
    }
    assert_error(
        &stable(&http, &server, Some(true)).await,
        codes::DAILY_QUOTA,
    );
    // Normal mode still works, and the next day the quota is back.
    assert!(stable(&http, &server, None).await["access_token"].is_string());
    server.advance(Duration::from_secs(86_400));
    assert!(stable(&http, &server, Some(true)).await["access_token"].is_string());
    assert_eq!(server.forced_refreshes(), 21);
}

#[tokio::test]
async fn stable_and_classic_tokens_coexist() {
    let server = server(true).await;
    let http = http();
    let classic = fetch_token(&http, &server).await;
    let stable_token = token_of(&stable(&http, &server, None).await);
    assert_ne!(classic, stable_token);
    let _newer_classic = fetch_token(&http, &server).await;
    assert_eq!(
        msg_check(&http, &server, &stable_token).await["errmsg"],
        "ok"
    );
    server.advance(Duration::from_secs(30));
    let _forced = stable(&http, &server, Some(true)).await;
    let classic_now = server.current_token(APPID).expect("classic token");
    assert_eq!(
        msg_check(&http, &server, &classic_now).await["errmsg"],
        "ok"
    );
    // rotate_stable_token leaves classic tokens alone too.
    let rotated = server.rotate_stable_token(APPID);
    assert_eq!(server.current_stable_token(APPID), Some(rotated));
    assert_eq!(server.current_token(APPID), Some(classic_now));
}

#[tokio::test]
async fn request_errors() {
    let server = server(false).await;
    let http = http();
    let url = server.url("/cgi-bin/stable_token");
    assert_error(&get(&http, &url).await, codes::REQUIRE_POST);
    assert_error(&post(&http, &url, "").await, codes::EMPTY_POST_DATA);
    assert_error(
        &post(&http, &url, "grant_type=client_credential").await,
        codes::DATA_FORMAT_ERROR,
    );
    let cases = [
        (
            json!({"appid": APPID, "secret": SECRET}),
            codes::INVALID_GRANT_TYPE,
        ),
        (
            json!({"grant_type": "client_credential", "secret": SECRET}),
            codes::APPID_MISSING,
        ),
        (
            json!({"grant_type": "client_credential", "appid": APPID}),
            codes::APPSECRET_MISSING,
        ),
        (
            json!({"grant_type": "client_credential", "appid": "wxnope", "secret": SECRET}),
            codes::INVALID_APPID,
        ),
        (
            json!({"grant_type": "client_credential", "appid": APPID, "secret": "bad"}),
            codes::INVALID_APPSECRET,
        ),
        (
            json!({"grant_type": "client_credential", "appid": APPID, "secret": SECRET, "force_refresh": "yes"}),
            codes::DATA_FORMAT_ERROR,
        ),
        (
            json!({"grant_type": "client_credential", "appid": 42, "secret": SECRET}),
            codes::DATA_FORMAT_ERROR,
        ),
    ];
    for (body, errcode) in cases {
        assert_error(&post_json(&http, &url, &body).await, errcode);
    }
    assert_eq!(server.counters(), Default::default());
}
