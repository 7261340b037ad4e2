//! The spec's shapes over real HTTP: file answers, the app secret in the query, the
//! session-key signature, 64-bit ids, lenient scalars, misspelled wire names and a choice
//! between a URL and a file part, each through the generated client against the fake.

use std::collections::BTreeMap;

use serde_json::json;
use wxapi::{
    CheckEncryptedDataRequest, CheckSessionKeyRequest, Code2SessionRequest, Error, File,
    GetPhoneNumberRequest, GetUnlimitedQrcodeError, GetUnlimitedQrcodeRequest, PrintedTextOcrImage,
    PrintedTextOcrRequest, SendSubscribeMessageRequest, SubscribeMessageValue,
};
use wxapi_e2e::{client, client_builder, server, APP_ID, APP_SECRET};
use wxapi_mock::{session_key_signature, EndpointAuth, RawReply};

use crate::common::logs::Captured;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-qrcode";
const QRCODE: &str = "/wxa/getwxacodeunlimit";

#[tokio::test]
async fn a_qr_code_is_the_image_and_its_errors_are_errors_under_any_label() {
    let fake = server().start().await;
    fake.register_raw_endpoint(QRCODE, EndpointAuth::AccessToken, |req| {
        let scene = req
            .json()
            .and_then(|b| b["scene"].as_str().map(str::to_owned));
        let error = json!({"errcode": 40129, "errmsg": "invalid scene rid: 1"});
        match scene.as_deref() {
            Some("json") => RawReply::json(Some("application/json; encoding=utf-8"), &error),
            Some("text") => RawReply::json(Some("text/plain"), &error),
            Some("unlabelled") => RawReply::json(None, &error),
            Some("empty") => RawReply::ok(Some("image/jpeg"), Vec::new()),
            _ => RawReply::ok(Some("image/jpeg"), PNG.to_vec()),
        }
    });
    let client = client(&fake);
    let media = client
        .get_unlimited_qrcode(GetUnlimitedQrcodeRequest::new("a=1"))
        .await
        .expect("the image");
    assert_eq!(&media.bytes[..], PNG);
    assert_eq!(media.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(media.extension(), Some("jpg"));

    for label in ["json", "text", "unlabelled"] {
        let err = client
            .get_unlimited_qrcode(GetUnlimitedQrcodeRequest::new(label))
            .await
            .expect_err("a JSON answer is an error, never bytes");
        assert!(
            matches!(err, Error::Api(GetUnlimitedQrcodeError::Common(_))),
            "{label}: {err:?}"
        );
        assert_eq!(err.api().map(wxapi::ApiError::code), Some(40129), "{label}");
    }
    let empty = client
        .get_unlimited_qrcode(GetUnlimitedQrcodeRequest::new("empty"))
        .await
        .expect_err("an empty body is no image");
    assert!(matches!(empty, Error::Decode(_)), "{empty:?}");
}

#[tokio::test]
async fn code2session_sends_the_secret_in_the_query_and_nowhere_else() {
    let logs = Captured::default();
    logs.install();
    let fake = server().start().await;
    fake.register_raw_endpoint("/sns/jscode2session", EndpointAuth::None, |req| {
        let ok = req.query_param("appid") == Some(APP_ID)
            && req.query_param("secret") == Some(APP_SECRET)
            && req.query_param("grant_type") == Some("authorization_code")
            && req.query_param("access_token").is_none();
        let body = if ok {
            json!({"openid": "o1", "session_key": "sk-from-wechat", "unionid": "u1"})
        } else {
            json!({"errcode": 40029, "errmsg": "invalid code"})
        };
        // WeChat labels this JSON as text.
        RawReply::json(Some("text/plain"), &body)
    });
    let client = client(&fake);
    let session = client
        .code2_session(Code2SessionRequest::new("js-code"))
        .await
        .expect("the session");
    assert_eq!(session.openid.as_deref(), Some("o1"));
    let debug = format!("{client:?} {session:?}");
    assert!(
        !debug.contains(APP_SECRET) && !debug.contains("sk-from-wechat"),
        "{debug}"
    );

    // A failure quotes the URL: with the secret masked.
    let unreachable = client_builder(&fake)
        .base_url("http://127.0.0.1:9")
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .max_attempts(1)
        .build()
        .expect("client");
    let err = unreachable
        .code2_session(Code2SessionRequest::new("js-code"))
        .await
        .expect_err("nothing listens there");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("secret=***"), "{shown}");
    assert!(!shown.contains(APP_SECRET), "{shown}");
    assert!(
        !logs.text().contains(APP_SECRET),
        "the logs never hold the secret"
    );

    // A client without the secret can't make the call, and says why.
    let tokens_only = client_builder(&fake)
        .access_token("t")
        .build()
        .expect("client");
    let err = tokens_only
        .code2_session(Code2SessionRequest::new("js-code"))
        .await
        .expect_err("no secret");
    assert!(err.to_string().contains("app_secret"), "{err}");
}

#[tokio::test]
async fn check_session_key_is_signed_with_the_session_key() {
    let fake = server().start().await;
    fake.register_endpoint("/wxa/checksession", EndpointAuth::AccessToken, |req| {
        let expected = session_key_signature("the-session-key", b"");
        if req.query_param("signature") == Some(expected.as_str())
            && req.query_param("sig_method") == Some("hmac_sha256")
            && req.query_param("openid") == Some("o1")
            && req.query_param("session_key").is_none()
        {
            json!({"errcode": 0, "errmsg": "ok"})
        } else {
            json!({"errcode": 87009, "errmsg": "invalid signature"})
        }
    });
    let client = client(&fake);
    client
        .check_session_key(CheckSessionKeyRequest::new("o1", "the-session-key"))
        .await
        .expect("a valid signature");
    let err = client
        .check_session_key(CheckSessionKeyRequest::new("o1", "stale-key"))
        .await
        .expect_err("another key signs differently");
    assert_eq!(err.api().map(wxapi::ApiError::code), Some(87009), "{err:?}");
    let request = format!("{:?}", CheckSessionKeyRequest::new("o1", "the-session-key"));
    assert!(!request.contains("the-session-key"), "{request}");
}

#[tokio::test]
async fn a_msgid_of_i64_max_comes_back_exactly() {
    let fake = server().start().await;
    fake.register_raw_endpoint(
        "/cgi-bin/message/subscribe/send",
        EndpointAuth::AccessToken,
        |req| {
            let body = req.json().unwrap_or_default();
            assert_eq!(body["data"]["thing1"]["value"], "早餐");
            RawReply::ok(
                Some("application/json"),
                br#"{"errcode":0,"errmsg":"ok","msgid":9223372036854775807}"#.to_vec(),
            )
        },
    );
    let data = BTreeMap::from([("thing1".to_owned(), SubscribeMessageValue::new("早餐"))]);
    let sent = client(&fake)
        .send_subscribe_message(SendSubscribeMessageRequest::new("tpl", "o1", data))
        .await
        .expect("sent");
    assert_eq!(sent.msgid, Some(i64::MAX as u64));
}

#[tokio::test]
async fn country_code_decodes_as_number_or_string_and_vaild_into_valid() {
    let fake = server().start().await;
    fake.register_endpoint(
        "/wxa/business/getuserphonenumber",
        EndpointAuth::AccessToken,
        |req| {
            let code = req
                .json()
                .and_then(|b| b["code"].as_str().map(str::to_owned));
            let country = if code.as_deref() == Some("as-number") {
                json!(86)
            } else {
                json!("86")
            };
            json!({"errcode": 0, "errmsg": "ok", "phone_info": {
                "phoneNumber": "+86 13800000000", "purePhoneNumber": "13800000000",
                "countryCode": country, "watermark": {"timestamp": 1, "appid": APP_ID}
            }})
        },
    );
    fake.register_endpoint(
        "/wxa/business/checkencryptedmsg",
        EndpointAuth::AccessToken,
        |_| json!({"errcode": 0, "errmsg": "ok", "vaild": true, "create_time": 1629121902}),
    );
    let client = client(&fake);
    for code in ["as-number", "as-string"] {
        let phone = client
            .get_phone_number(GetPhoneNumberRequest::new(code))
            .await
            .expect("the number");
        let info = phone.phone_info.expect("phone_info");
        assert_eq!(info.country_code.as_deref(), Some("86"), "{code}");
        assert_eq!(info.pure_phone_number.as_deref(), Some("13800000000"));
    }
    let checked = client
        .check_encrypted_data(CheckEncryptedDataRequest::new("hash"))
        .await
        .expect("checked");
    assert_eq!(checked.valid, Some(true));
}

#[tokio::test]
async fn ocr_takes_the_image_as_a_url_or_as_a_file_part() {
    let fake = server().start().await;
    fake.register_endpoint("/cv/ocr/comm", EndpointAuth::AccessToken, |req| {
        let via = match (req.query_param("img_url"), req.form_parts()) {
            (Some(url), None) if req.body.is_empty() => format!("url {url}"),
            (None, Some(parts)) if parts.len() == 1 && parts[0].name == "img" => {
                format!("file {}", parts[0].data.len())
            }
            other => format!("unexpected {other:?}"),
        };
        json!({"errcode": 0, "errmsg": "ok", "items": [{"text": via}], "img_size": {"w": 1, "h": 1}})
    });
    let client = client(&fake);
    let by_url = client
        .printed_text_ocr(PrintedTextOcrRequest::new(PrintedTextOcrImage::ImgUrl(
            "https://example.invalid/a.jpg".into(),
        )))
        .await
        .expect("by URL");
    let by_file = client
        .printed_text_ocr(PrintedTextOcrRequest::new(PrintedTextOcrImage::Img(
            File::new(PNG.to_vec(), "a.png", "image/png"),
        )))
        .await
        .expect("by file");
    let url = fake.last_received("/cv/ocr/comm");
    assert!(url.is_some());
    let texts = [by_url, by_file].map(|r| format!("{r:?}"));
    assert!(
        texts[0].contains("url https://example.invalid/a.jpg"),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].contains(&format!("file {}", PNG.len())),
        "{}",
        texts[1]
    );
}
