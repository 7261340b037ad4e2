//! The app secret and access tokens never show: not in `Debug`, not in `Display`, not in
//! errors, not in logs. Every path that could leak is exercised, and all of its text is
//! searched for the secret and for every token the fake issued.

use std::time::Duration;

use wxapi::{Client, GetAccessTokenRequest, MsgSecCheckRequest, SecScene};
use wxapi_mock::{Fault, WrongSecret};

use wxapi_e2e::{client, server, APP_ID, APP_SECRET};

use crate::common::logs::Captured;

#[tokio::test]
async fn no_secret_or_token_in_debug_display_errors_or_logs() {
    let logs = Captured::default();
    logs.install();

    let fake = server()
        .wrong_secret(WrongSecret::InvalidCredential)
        .start()
        .await;
    let client = client(&fake);
    let mut seen: Vec<String> = vec![format!("{client:?}")];
    let mut tokens: Vec<String> = Vec::new();

    // Success, with a token fetch.
    let ok = client
        .msg_sec_check(MsgSecCheckRequest::new("你好", SecScene::Comment, "openid"))
        .await
        .expect("call");
    seen.push(format!("{ok:?}"));
    tokens.extend(fake.current_token(APP_ID));

    // The token endpoint as a typed call: its response holds the token and the request the secret.
    let request = GetAccessTokenRequest::new(APP_ID, APP_SECRET);
    seen.push(format!("{request:?}"));
    let token = client.get_access_token(request).await.expect("token");
    seen.push(format!("{token:?}"));
    tokens.push(token.access_token.expose().clone());

    // A rotated token: 40001, refresh, retry.
    tokens.push(fake.rotate_token(APP_ID));
    client
        .msg_sec_check(MsgSecCheckRequest::new("你好", SecScene::Comment, "openid"))
        .await
        .expect("retried");
    tokens.extend(fake.current_token(APP_ID));

    // Errors: API, decode, transport (a timeout, then a dead server), a wrong secret.
    for fault in [
        Fault::SystemBusy,
        Fault::BadGateway,
        Fault::MalformedJson,
        Fault::Delay(Duration::from_secs(5)),
    ] {
        fake.fault(fault).on("/wxa/msg_sec_check").always();
        let err = client
            .msg_sec_check(MsgSecCheckRequest::new("你好", SecScene::Comment, "openid"))
            .await
            .expect_err("fault");
        seen.push(format!(
            "{err:?} / {err} / {:?}",
            std::error::Error::source(&err).map(ToString::to_string)
        ));
        fake.clear_faults();
    }
    let wrong = Client::builder()
        .app_id(APP_ID)
        .app_secret("a-wrong-secret-that-must-not-show")
        .base_url(fake.base_url())
        .build()
        .expect("builds");
    let err = wrong
        .msg_sec_check(MsgSecCheckRequest::new("你好", SecScene::Comment, "openid"))
        .await
        .expect_err("wrong secret");
    seen.push(format!("{err:?} / {err}"));
    let base = fake.base_url();
    fake.shutdown().await;
    let dead = Client::builder()
        .access_token(tokens[0].clone())
        .base_url(base)
        .build()
        .expect("builds");
    seen.push(format!("{dead:?}"));
    let err = dead
        .msg_sec_check(MsgSecCheckRequest::new("你好", SecScene::Comment, "openid"))
        .await
        .expect_err("connection refused");
    seen.push(format!("{err:?} / {err}"));

    let logs = logs.text();
    assert!(
        logs.contains("msg_sec_check"),
        "the calls were logged:\n{logs}"
    );
    seen.push(logs);
    let secrets = [APP_SECRET, "a-wrong-secret-that-must-not-show"];
    assert!(tokens.len() >= 3);
    for text in &seen {
        for secret in secrets
            .iter()
            .copied()
            .chain(tokens.iter().map(String::as_str))
        {
            assert!(
                !text.contains(secret),
                "a secret or token leaked into:\n{text}"
            );
        }
    }
}
