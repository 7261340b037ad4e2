//! API security mode (服务端 API 签名加密) end to end: the generated client with
//! `ApiSecurity` against the fake server speaking the mode. Encrypted and signed calls,
//! certificate rotation, every kind of tampering rejected with its own error, uploads in the
//! clear, the mode's plain error answers, and no key anywhere in Debug, errors or logs.

use wxapi::{
    ApiSecurity, Client, CommonError, Error, File, ImgSecCheckRequest, MsgSecCheckError,
    MsgSecCheckRequest, OcrAllInOneData, OcrDataType, OcrType, SecCheckAsyncData,
    SecCheckAsyncMediaType, SecScene, SecSuggest, SecurityError,
};
use wxapi_mock::security::app_key_pair;
use wxapi_mock::{AsyncOptions, Fault, MockApiSecurity, MockServer, ProviderReply, Tamper};

use wxapi_e2e::{server, APP_ID, APP_SECRET};

use crate::common::assert_empty_openid_is_invalid;
use crate::common::logs::Captured;

/// base64 of the 32 bytes `wxapi-e2e-symmetric-key-32-bytes`.
const KEY: &str = "d3hhcGktZTJlLXN5bW1ldHJpYy1rZXktMzItYnl0ZXM=";
const KEY_SN: &str = "e2e0000000000000000000000000key1";
const APP_KEY_SN: &str = "e2e00000000000000000000000appkey";
/// Another application key (the official example's): WeChat does not know it.
const OTHER_APP_KEY: &str =
    include_str!("../../../../runtime/src/security/testdata/official-app-key.pem");

async fn secure_server() -> MockServer {
    let (_, public) = app_key_pair();
    server()
        .risky_word("赌博")
        .api_security(APP_ID, MockApiSecurity::new(KEY, KEY_SN, public))
        .start()
        .await
}

/// Our keys, trusting the given platform certificates `(number, pem)`.
fn keys(certificates: &[(String, String)]) -> ApiSecurity {
    keys_with(app_key_pair().0, certificates)
}

fn keys_with(app_key: &str, certificates: &[(String, String)]) -> ApiSecurity {
    let mut security = ApiSecurity::new(KEY, KEY_SN)
        .expect("symmetric key")
        .app_private_key_pem(app_key, APP_KEY_SN)
        .expect("app key");
    for (number, pem) in certificates {
        security = security
            .platform_certificate_pem(pem, number)
            .expect("certificate");
    }
    security
}

fn secure_client(fake: &MockServer, security: ApiSecurity) -> Client {
    Client::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .base_url(fake.base_url())
        .retry_backoff(std::time::Duration::from_millis(5))
        .api_security(security)
        .build()
        .expect("the client builds")
}

fn check(content: &str) -> MsgSecCheckRequest {
    MsgSecCheckRequest::new(content, SecScene::Comment, "oUser_openid_0001")
}

fn security_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> SecurityError {
    match result {
        Err(Error::Security(error)) => error,
        other => panic!("expected a security error, got {other:?}"),
    }
}

#[tokio::test]
async fn msg_sec_check_is_encrypted_signed_and_verified() {
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));

    let checked = client
        .msg_sec_check(check("你好，世界"))
        .await
        .expect("an encrypted call");
    assert_eq!(checked.result.suggest, SecSuggest::Pass);
    let risky = client
        .msg_sec_check(check("这里有赌博"))
        .await
        .expect("a risky verdict is data");
    assert_eq!(risky.result.suggest, SecSuggest::Risky);

    // On the wire: only the token in the query, the three headers, and ciphertext.
    let sent = fake.last_received("/wxa/msg_sec_check").expect("received");
    let query: Vec<&str> = sent.query.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(query, ["access_token"]);
    assert_eq!(sent.header("Wechatmp-Appid"), Some(APP_ID));
    let timestamp: u64 = sent.header("Wechatmp-TimeStamp").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now.abs_diff(timestamp) < 60);
    assert!(sent.header("Wechatmp-Signature").is_some());
    assert_eq!(
        sent.header("Wechatmp-Serial"),
        None,
        "no serial, as in the official example"
    );
    let body = sent.json().expect("JSON body");
    let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["authtag", "data", "iv"]);
    let text = sent.body_text();
    assert!(!text.contains("赌博") && !text.contains("oUser_openid_0001"));

    // What the server decrypted: every field, `_n`, `_appid`, `_timestamp`, no token.
    let plaintexts = fake.security_plaintexts();
    assert_eq!(plaintexts.len(), 2);
    let plain = &plaintexts[1];
    assert_eq!(plain["content"], "这里有赌博");
    assert_eq!(plain["openid"], "oUser_openid_0001");
    assert_eq!(plain["version"], 2);
    assert_eq!(plain["_appid"], APP_ID);
    assert_eq!(plain["_timestamp"], timestamp);
    let n = plain["_n"].as_str().expect("_n");
    assert!((22..=43).contains(&n.len()), "{n}");
    assert_ne!(plaintexts[0]["_n"], plaintexts[1]["_n"]);
    assert!(plain.get("access_token").is_none());

    // An error answer comes back sealed too and is typed as usual.
    assert_empty_openid_is_invalid(&client, "hi").await;
}

#[tokio::test]
async fn a_typed_service_call_is_encrypted() {
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    let data = OcrAllInOneData::new(OcrDataType::ImageUrl, OcrType::IdCard)
        .img_url("http://example.invalid/id.jpg");
    let result = client
        .service_market()
        .ocr_all_in_one(data)
        .await
        .expect("an encrypted service call");
    assert!(result.into_inner().idcard_res.is_some());
    let call = fake.service_calls().pop().expect("the provider was called");
    assert_eq!(call.api, "OcrAllInOne");
    let plain = fake.security_plaintexts().pop().expect("decrypted");
    assert_eq!(plain["service"], "wx79ac3de8be320b71");
    assert_eq!(plain["data"]["img_url"], "http://example.invalid/id.jpg");
    let sent = fake.last_received("/wxa/servicemarket").expect("received");
    assert!(!sent.body_text().contains("OcrAllInOne"));
}

#[tokio::test]
async fn an_async_service_is_started_and_retrieved_encrypted() {
    let fake = secure_server().await;
    fake.register_async_provider(
        "wxee446d7507c68b11",
        "SecCheckAsync",
        AsyncOptions::default().ready_after_polls(1),
        |_| ProviderReply::Data(serde_json::json!({"suggest": "pass"})),
    );
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    let data = SecCheckAsyncData::new(1, SecCheckAsyncMediaType::Text).text_content("文本");
    let pending = client
        .service_market()
        .sec_check_async(data)
        .await
        .expect("started");
    pending
        .wait(std::time::Duration::from_secs(10))
        .await
        .expect("the result arrives");
    for path in ["/wxa/servicemarket", "/wxa/servicemarketretrieve"] {
        let sent = fake.received(path);
        assert!(!sent.is_empty(), "{path}");
        assert!(
            sent.iter()
                .all(|r| r.header("Wechatmp-Signature").is_some()),
            "{path} is sealed"
        );
    }
    let retrieve = fake.security_plaintexts().pop().expect("decrypted");
    assert_eq!(retrieve["request_id"], pending.request_id());
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_and_the_retry_sealed_afresh() {
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    client.msg_sec_check(check("一")).await.expect("first");
    fake.rotate_token(APP_ID); // the client's token now answers 40001, inside a sealed answer
    client.msg_sec_check(check("二")).await.expect("refreshed");
    let sent = fake.received("/wxa/msg_sec_check");
    assert_eq!(sent.len(), 3);
    assert_ne!(sent[1].body, sent[2].body, "a new IV and _n for the retry");
    assert_eq!(fake.token_fetches(), 2);
}

#[tokio::test]
async fn certificate_rotation_uses_the_deprecated_pair_and_warns() {
    let logs = Captured::default();
    logs.install();
    let fake = secure_server().await;
    let old = fake.platform_certificate();
    let holding_old = secure_client(&fake, keys(std::slice::from_ref(&old)));
    holding_old
        .msg_sec_check(check("before"))
        .await
        .expect("before");

    let new = fake.rotate_platform_certificate();
    assert_ne!(new.0, old.0);
    holding_old
        .msg_sec_check(check("during"))
        .await
        .expect("verified with the deprecated pair");
    let sent_back = logs.text();
    assert!(
        sent_back.contains("replacing its platform certificate") && sent_back.contains(&new.0),
        "{sent_back}"
    );
    let holding_both = secure_client(&fake, keys(&[old.clone(), new.clone()]));
    holding_both
        .msg_sec_check(check("both"))
        .await
        .expect("current");
    let holding_new = secure_client(&fake, keys(std::slice::from_ref(&new)));
    holding_new.msg_sec_check(check("new")).await.expect("new");

    fake.finish_rotation();
    let err = security_error(holding_old.msg_sec_check(check("after")).await);
    assert_eq!(
        err,
        SecurityError::UnknownCertificate {
            serial: new.0.clone(),
            deprecated: None
        }
    );
    holding_new
        .msg_sec_check(check("after"))
        .await
        .expect("new");
}

/// Whether a security error is the one a tampering case expects.
type Expected = fn(&SecurityError) -> bool;

#[tokio::test]
async fn every_tampering_is_rejected_with_its_own_error() {
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    client.msg_sec_check(check("warm up")).await.expect("ok");

    let cases: Vec<(Tamper, Expected)> = vec![
        (Tamper::FlipBodyByte, |e| *e == SecurityError::BadSignature),
        (Tamper::FlipSignature, |e| *e == SecurityError::BadSignature),
        (Tamper::FlipTimestampHeader, |e| {
            *e == SecurityError::BadSignature
        }),
        (Tamper::FlipIv, |e| *e == SecurityError::Decrypt),
        (Tamper::FlipAuthTag, |e| *e == SecurityError::Decrypt),
        (Tamper::FlipCiphertext, |e| *e == SecurityError::Decrypt),
        (Tamper::WrongAppId, |e| {
            matches!(e, SecurityError::AppIdMismatch { expected, found }
                if expected == APP_ID && found == "wx0000000000000000")
        }),
        (Tamper::WrongPlaintextAppId, |e| {
            *e == SecurityError::PlaintextMismatch("_appid")
        }),
        (
            Tamper::StaleTimestamp,
            |e| matches!(e, SecurityError::StaleTimestamp { timestamp, now } if now - timestamp >= 590),
        ),
        (Tamper::UnknownSerial, |e| {
            matches!(e, SecurityError::UnknownCertificate { .. })
        }),
        (Tamper::Unsigned, |e| {
            *e == SecurityError::Unsigned {
                status: 200,
                errcode: Some(0),
            }
        }),
        (Tamper::Replay, |e| *e == SecurityError::Replayed),
    ];
    for (tamper, expected) in cases {
        let before = fake.requests("/wxa/msg_sec_check");
        fake.tamper_next(tamper);
        let err = security_error(client.msg_sec_check(check("tampered")).await);
        assert!(expected(&err), "{tamper:?}: {err:?}");
        assert_eq!(
            fake.requests("/wxa/msg_sec_check"),
            before + 1,
            "{tamper:?}: a security failure is not retried"
        );
        assert!(err.to_string().starts_with("API security mode: "), "{err}");
        // The next, untampered call goes through.
        client.msg_sec_check(check("clean")).await.expect("clean");
    }
}

#[tokio::test]
async fn uploads_are_sent_in_the_clear() {
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    let image = File::new(b"\x89PNG\r\n\x1a\n fine".to_vec(), "cat.png", "image/png");
    client
        .img_sec_check(ImgSecCheckRequest::new(image))
        .await
        .expect("a plain upload");
    let sent = fake.last_received("/wxa/img_sec_check").expect("received");
    assert!(sent
        .headers
        .iter()
        .all(|(name, _)| !name.starts_with("wechatmp-")));
    assert!(sent
        .header("content-type")
        .is_some_and(|t| t.starts_with("multipart/form-data")));
    assert_eq!(fake.last_media().expect("media").filename, "cat.png");
    assert!(fake.security_plaintexts().is_empty());
}

#[tokio::test]
async fn plain_errors_of_the_mode_are_api_errors_and_other_plain_answers_are_refused() {
    let fake = secure_server().await;
    let certificate = fake.platform_certificate();

    // A key WeChat does not know: 40234, answered in the clear.
    let wrong_key = secure_client(
        &fake,
        keys_with(OTHER_APP_KEY, std::slice::from_ref(&certificate)),
    );
    let err = wrong_key
        .msg_sec_check(check("hi"))
        .await
        .expect_err("bad signature");
    assert!(
        matches!(
            err,
            Error::Api(MsgSecCheckError::Common(CommonError::InvalidSignature))
        ),
        "{err:?}"
    );

    // Our clock 10 minutes behind WeChat's: 40240.
    let client = secure_client(&fake, keys(std::slice::from_ref(&certificate)));
    fake.advance(std::time::Duration::from_secs(600));
    let err = client.msg_sec_check(check("hi")).await.expect_err("stale");
    assert!(
        matches!(
            err,
            Error::Api(MsgSecCheckError::Common(
                CommonError::ExpiredWechatmpTimestamp
            ))
        ),
        "{err:?}"
    );

    // Any other unsigned answer is refused, even an error: here a plain -1 system busy
    // (which would otherwise be retried).
    let fake = secure_server().await;
    let client = secure_client(&fake, keys(&[fake.platform_certificate()]));
    fake.fault(Fault::SystemBusy)
        .on("/wxa/msg_sec_check")
        .once();
    let err = security_error(client.msg_sec_check(check("hi")).await);
    assert_eq!(
        err,
        SecurityError::Unsigned {
            status: 200,
            errcode: Some(-1)
        }
    );
    assert_eq!(fake.requests("/wxa/msg_sec_check"), 1);
}

#[tokio::test]
async fn the_builder_needs_an_app_id() {
    let fake = secure_server().await;
    let err = Client::builder()
        .access_token("a-token-from-elsewhere")
        .api_security(keys(&[fake.platform_certificate()]))
        .build()
        .expect_err("no app id");
    assert!(
        err.to_string().contains("api_security needs app_id"),
        "{err}"
    );
    let err = Client::builder()
        .app_id(APP_ID)
        .access_token("t")
        .api_security(ApiSecurity::new(KEY, KEY_SN).unwrap())
        .build()
        .expect_err("no keys");
    assert!(err.to_string().contains("app_private_key_pem"), "{err}");
}

#[tokio::test]
async fn keys_never_show_in_debug_errors_or_logs() {
    let logs = Captured::default();
    logs.install();
    let fake = secure_server().await;
    let (private_pem, _) = app_key_pair();
    let security = keys(&[fake.platform_certificate()]);
    let mut seen = vec![format!("{security:?}"), format!("{security:#?}")];
    let builder = Client::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .base_url(fake.base_url())
        .api_security(security);
    seen.push(format!("{builder:?}"));
    let client = builder.build().expect("client");
    seen.push(format!("{client:?}"));
    seen.push(format!("{:?}", client.msg_sec_check(check("ok")).await));
    for tamper in [
        Tamper::FlipIv,
        Tamper::FlipBodyByte,
        Tamper::WrongAppId,
        Tamper::Unsigned,
    ] {
        fake.tamper_next(tamper);
        let err = client
            .msg_sec_check(check("x"))
            .await
            .expect_err("tampered");
        seen.push(format!("{err} {err:?}"));
    }
    fake.rotate_platform_certificate();
    seen.push(format!(
        "{:?}",
        client.msg_sec_check(check("rotating")).await
    ));
    for bad in [
        ApiSecurity::new(&KEY[..30], KEY_SN).map(|_| ()),
        ApiSecurity::new(KEY, KEY_SN)
            .and_then(|s| s.app_private_key_pem(&private_pem[..300], APP_KEY_SN))
            .map(|_| ()),
    ] {
        let err = bad.expect_err("refused");
        seen.push(format!("{err} {err:?}"));
    }
    seen.push(logs.text());

    let secrets: Vec<&str> = std::iter::once(KEY)
        .chain([&KEY[..16], &KEY[16..32]])
        .chain(
            private_pem
                .lines()
                .filter(|line| !line.starts_with("-----"))
                .flat_map(|line| [line, &line[..line.len().min(20)]]),
        )
        .collect();
    let all = seen.join("\n");
    assert!(all.contains(KEY_SN), "the key number is shown");
    for secret in secrets {
        assert!(!all.contains(secret), "{secret:?} leaked");
    }
}
