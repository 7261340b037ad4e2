//! API security mode on the fake server, driven by hand (the full round trips with the real
//! client are in `tests/e2e/tests/it/api_security.rs`): the plain error answers for requests
//! that cannot be verified.

use serde_json::{json, Value};
use wxapi_mock::security::{self, app_key_pair};
use wxapi_mock::{MockApiSecurity, MockServer, DEFAULT_APPID, DEFAULT_SECRET};

use crate::common::http;

const KEY: &str = "otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=";
const KEY_SN: &str = "fa05fe1e5bcc79b81ad5ad4b58acf787";

async fn server() -> MockServer {
    let (_, public) = app_key_pair();
    MockServer::builder()
        .app(DEFAULT_APPID, DEFAULT_SECRET)
        .api_security(DEFAULT_APPID, MockApiSecurity::new(KEY, KEY_SN, public))
        .api_security(
            "wxnopublickey",
            MockApiSecurity::without_public_key(KEY, KEY_SN),
        )
        .start()
        .await
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn post(server: &MockServer, headers: &[(&str, String)], body: Value) -> (Value, bool) {
    let token = server.rotate_token(DEFAULT_APPID);
    let mut request = http()
        .post(server.url(&format!("/wxa/msg_sec_check?access_token={token}")))
        .json(&body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    let signed = response.headers().contains_key("wechatmp-signature");
    (response.json().await.unwrap(), signed)
}

#[tokio::test]
async fn unverifiable_requests_get_plain_errors() {
    let server = server().await;
    let sealed =
        json!({"iv": "AAAAAAAAAAAAAAAA", "data": "AAAA", "authtag": "AAAAAAAAAAAAAAAAAAAAAA=="});
    let ts = now().to_string();
    let all = |appid: &str, ts: &str| {
        vec![
            ("Wechatmp-Appid", appid.to_owned()),
            ("Wechatmp-TimeStamp", ts.to_owned()),
            ("Wechatmp-Signature", "c2lnbmF0dXJl".to_owned()),
        ]
    };
    let cases: Vec<(Vec<(&str, String)>, i64)> = vec![
        (vec![], security::MISSING_APPID),
        (
            all(DEFAULT_APPID, &ts)[..1].to_vec(),
            security::MISSING_TIMESTAMP,
        ),
        (
            all(DEFAULT_APPID, &ts)[..2].to_vec(),
            security::MISSING_SIGNATURE,
        ),
        (all("wxunknown", &ts), security::NO_SYMMETRIC_KEY),
        (all("wxnopublickey", &ts), security::NO_PUBLIC_KEY),
        (all(DEFAULT_APPID, "yesterday"), security::EXPIRED_TIMESTAMP),
        (
            all(DEFAULT_APPID, &(now() - 3600).to_string()),
            security::EXPIRED_TIMESTAMP,
        ),
        (all(DEFAULT_APPID, &ts), security::INVALID_SIGNATURE),
    ];
    for (headers, code) in cases {
        let (answer, signed) = post(&server, &headers, sealed.clone()).await;
        assert_eq!(answer["errcode"], code, "{headers:?}: {answer}");
        assert!(!signed, "errors of the mode are answered in the clear");
    }
    // Plain requests of the same app are still served in the clear.
    let (answer, signed) = post(&server, &[], json!({"content": "hi"})).await;
    assert_eq!(answer["errmsg"], "ok");
    assert!(!signed);
    assert!(server.security_plaintexts().is_empty());
}

#[tokio::test]
async fn platform_certificates_rotate() {
    let server = server().await;
    let (first, pem) = server.platform_certificate();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let (second, new_pem) = server.rotate_platform_certificate();
    assert_ne!(first, second);
    assert_ne!(pem, new_pem);
    assert_eq!(server.platform_certificate().0, second);
}
