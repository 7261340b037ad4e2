//! `GET /cgi-bin/token` and access-token checking.

use std::time::Duration;

use wxapi_mock::{codes, MockServer, WrongSecret, REAL_TOKEN_GRACE};

use crate::common::*;

#[tokio::test]
async fn success_has_a_long_token_and_no_errcode() {
    let server = server(false).await;
    let body = get(&http(), &token_url(&server, APPID, SECRET)).await;
    let object = body.as_object().expect("object");
    assert_eq!(object.len(), 2, "{body}");
    assert!(body["access_token"].as_str().is_some_and(|t| t.len() >= 32));
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(server.token_fetches(), 1);
    assert_eq!(
        server.current_token(APPID).as_deref(),
        body["access_token"].as_str()
    );
}

#[tokio::test]
async fn parameter_errors() {
    let server = server(false).await;
    let http = http();
    let cases = [
        (
            "/cgi-bin/token?grant_type=password&appid=wxapp&secret=secret",
            codes::INVALID_GRANT_TYPE,
        ),
        (
            "/cgi-bin/token?appid=wxapp&secret=secret",
            codes::INVALID_GRANT_TYPE,
        ),
        (
            "/cgi-bin/token?grant_type=client_credential&secret=secret",
            codes::APPID_MISSING,
        ),
        (
            "/cgi-bin/token?grant_type=client_credential&appid=wxapp",
            codes::APPSECRET_MISSING,
        ),
        (
            "/cgi-bin/token?grant_type=client_credential&appid=wxother&secret=secret",
            codes::INVALID_APPID,
        ),
        (
            "/cgi-bin/token?grant_type=client_credential&appid=wxapp&secret=nope",
            codes::INVALID_APPSECRET,
        ),
    ];
    for (path, errcode) in cases {
        let body = get(&http, &server.url(path)).await;
        assert_error(&body, errcode);
    }
    assert_eq!(server.token_fetches(), 0);
    assert_eq!(server.requests("/cgi-bin/token"), 6);
}

#[tokio::test]
async fn wrong_secret_can_answer_40001() {
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .wrong_secret(WrongSecret::InvalidCredential)
        .start()
        .await;
    let body = get(&http(), &token_url(&server, APPID, "nope")).await;
    assert_error(&body, codes::INVALID_CREDENTIAL);
}

#[tokio::test]
async fn a_new_token_invalidates_the_old_one() {
    let server = server(false).await;
    let http = http();
    let first = fetch_token(&http, &server).await;
    assert_eq!(msg_check(&http, &server, &first).await["errmsg"], "ok");
    let second = fetch_token(&http, &server).await;
    assert_ne!(first, second);

    let stale = msg_check(&http, &server, &first).await;
    assert_error(&stale, codes::INVALID_CREDENTIAL);
    assert!(stale["errmsg"].as_str().is_some_and(
        |m| m.starts_with("invalid credential, access_token is invalid or not latest rid: ")
    ));
    assert_eq!(msg_check(&http, &server, &second).await["errmsg"], "ok");
    assert_eq!(server.token_fetches(), 2);
}

#[tokio::test]
async fn rotate_token_is_another_party_fetching() {
    let server = server(false).await;
    let http = http();
    let mine = fetch_token(&http, &server).await;
    let theirs = server.rotate_token(APPID);
    assert_ne!(mine, theirs);
    assert_error(
        &msg_check(&http, &server, &mine).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(msg_check(&http, &server, &theirs).await["errmsg"], "ok");
    assert_eq!(server.current_token(APPID), Some(theirs));
    assert_eq!(server.token_fetches(), 1, "rotation is not a client fetch");
}

#[tokio::test]
async fn grace_keeps_the_previous_token_for_a_while() {
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .token_grace(REAL_TOKEN_GRACE)
        .frozen_clock()
        .start()
        .await;
    let http = http();
    let first = fetch_token(&http, &server).await;
    let _second = fetch_token(&http, &server).await;
    assert_eq!(msg_check(&http, &server, &first).await["errmsg"], "ok");
    server.advance(Duration::from_secs(299));
    assert_eq!(msg_check(&http, &server, &first).await["errmsg"], "ok");
    server.advance(Duration::from_secs(1));
    assert_error(
        &msg_check(&http, &server, &first).await,
        codes::INVALID_CREDENTIAL,
    );
}

#[tokio::test]
async fn tokens_expire_by_the_fake_clock() {
    let server = server(true).await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    server.advance(Duration::from_secs(7199));
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
    server.advance(Duration::from_secs(1));
    let expired = msg_check(&http, &server, &token).await;
    assert_error(&expired, codes::ACCESS_TOKEN_EXPIRED);
    assert!(expired["errmsg"]
        .as_str()
        .is_some_and(|m| m.starts_with("access_token expired rid: ")));
    assert_eq!(server.current_token(APPID), None);
}

#[tokio::test]
async fn short_lifetimes_expire_in_real_time() {
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .token_expires_in(Duration::from_millis(300))
        .start()
        .await;
    let http = http();
    let body = get(&http, &token_url(&server, APPID, SECRET)).await;
    assert_eq!(body["expires_in"], 1, "rounded up to whole seconds");
    let token = body["access_token"].as_str().unwrap_or_default().to_owned();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::ACCESS_TOKEN_EXPIRED,
    );
}

#[tokio::test]
async fn missing_unknown_and_malformed_tokens() {
    let server = server(false).await;
    let http = http();
    let missing = post(
        &http,
        &server.url("/wxa/msg_sec_check"),
        r#"{"content":"x"}"#,
    )
    .await;
    assert_error(&missing, codes::ACCESS_TOKEN_MISSING);
    let empty = post(
        &http,
        &server.url("/wxa/msg_sec_check?access_token="),
        r#"{"content":"x"}"#,
    )
    .await;
    assert_error(&empty, codes::ACCESS_TOKEN_MISSING);
    assert_error(
        &msg_check(&http, &server, &"A".repeat(100)).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_error(
        &msg_check(&http, &server, "ACCESS_TOKEN").await,
        codes::INVALID_ACCESS_TOKEN,
    );
}

#[tokio::test]
async fn revoke_and_expire_from_the_outside() {
    let server = server(false).await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    server.expire_tokens(APPID);
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::ACCESS_TOKEN_EXPIRED,
    );

    let token = fetch_token(&http, &server).await;
    server.revoke_tokens(APPID);
    assert_error(
        &msg_check(&http, &server, &token).await,
        codes::INVALID_CREDENTIAL,
    );
    assert_eq!(server.current_token(APPID), None);
}

#[tokio::test]
async fn apps_are_independent_and_can_be_added_later() {
    let server = server(false).await;
    server.add_app("wxsecond", "other");
    let http = http();
    let first = fetch_token(&http, &server).await;
    let body = get(&http, &token_url(&server, "wxsecond", "other")).await;
    assert!(body["access_token"].is_string(), "{body}");
    assert_eq!(msg_check(&http, &server, &first).await["errmsg"], "ok");
    assert_eq!(server.counters().token_fetches, 2);
    // The request log has what the client sent.
    let last = server.last_received("/cgi-bin/token").expect("recorded");
    assert_eq!(last.method, "GET");
    assert_eq!(last.query_param("appid"), Some("wxsecond"));
}
