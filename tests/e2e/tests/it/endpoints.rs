//! Every seed endpoint through the generated client against the fake server, over real
//! HTTP: one success and at least one error each.

use wxapi::{
    ApiError, CommonError, Error, File, GetAccessTokenError, GetAccessTokenRequest,
    GetStableAccessTokenRequest, ImgSecCheckError, ImgSecCheckRequest, InvokeServiceError,
    InvokeServiceRequest, MsgSecCheckRequest, MsgSecCheckV1Error, MsgSecCheckV1Request,
    OcrAllInOneData, OcrDataType, OcrType, SecLabel, SecScene, SecSuggest,
    ServicemarketRetrieveRequest,
};
use wxapi_mock::{AsyncOptions, ProviderReply, IMG_SEC_CHECK_MAX_BYTES, OFFICIAL_RISKY_TEST_TEXT};

use wxapi_e2e::{client, server, APP_ID, APP_SECRET};

use crate::common::assert_empty_openid_is_invalid;

#[tokio::test]
async fn get_access_token_returns_a_token_and_reports_a_wrong_secret() {
    let fake = server().start().await;
    let client = client(&fake);
    let token = client
        .get_access_token(GetAccessTokenRequest::new(APP_ID, APP_SECRET))
        .await
        .expect("token");
    assert_eq!(token.expires_in, 7200);
    assert_eq!(
        Some(token.access_token.expose().as_str()),
        fake.current_token(APP_ID).as_deref()
    );

    let wrong = client
        .get_access_token(GetAccessTokenRequest::new(APP_ID, "not-the-secret"))
        .await
        .expect_err("wrong secret");
    assert!(
        matches!(
            wrong,
            Error::Api(GetAccessTokenError::Common(CommonError::InvalidAppsecret))
        ),
        "{wrong:?}"
    );
}

#[tokio::test]
async fn get_stable_access_token_keeps_its_token_in_normal_mode() {
    let fake = server().start().await;
    let client = client(&fake);
    let first = client
        .get_stable_access_token(GetStableAccessTokenRequest::new(APP_ID, APP_SECRET))
        .await
        .expect("stable token");
    let again = client
        .get_stable_access_token(GetStableAccessTokenRequest::new(APP_ID, APP_SECRET))
        .await
        .expect("stable token");
    assert_eq!(
        first.access_token, again.access_token,
        "normal mode returns the same token"
    );
    let forced = client
        .get_stable_access_token(
            GetStableAccessTokenRequest::new(APP_ID, APP_SECRET).force_refresh(true),
        )
        .await
        .expect("forced");
    assert_ne!(forced.access_token, first.access_token);
    assert_eq!(fake.forced_refreshes(), 1);
}

#[tokio::test]
async fn msg_sec_check_v2_reports_risky_text_as_a_result() {
    let fake = server()
        .risky_word("赌博")
        .keyword("代购", 20)
        .start()
        .await;
    let client = client(&fake);
    let pass = client
        .msg_sec_check(MsgSecCheckRequest::new(
            "你好",
            SecScene::Comment,
            "openid-1",
        ))
        .await
        .expect("pass");
    assert_eq!(pass.result.suggest, SecSuggest::Pass);
    assert_eq!(pass.result.label, SecLabel::Normal);
    assert!(!pass.trace_id.is_empty());

    let risky = client
        .msg_sec_check(
            MsgSecCheckRequest::new("一起去赌博代购", SecScene::Forum, "openid-1").title("t"),
        )
        .await
        .expect("risky text is still a successful call");
    assert_eq!(risky.result.suggest, SecSuggest::Risky);
    assert_eq!(risky.result.label, SecLabel::Illegal);
    let detail = risky.detail.expect("detail");
    assert!(detail
        .iter()
        .any(|d| d.keyword.as_deref() == Some("代购") && d.level == Some(20)));

    let sent = fake
        .last_received("/wxa/msg_sec_check")
        .expect("received")
        .json()
        .expect("json");
    assert_eq!(sent["version"], 2, "the const field is sent");
    assert_eq!(sent["scene"], 3);

    assert_empty_openid_is_invalid(&client, "你好").await;
}

#[tokio::test]
#[allow(deprecated)] // v1 is deprecated, and still answered
async fn msg_sec_check_v1_accepts_a_string_errcode_and_types_87014() {
    let fake = server().start().await;
    let client = client(&fake);
    client
        .msg_sec_check_v1(MsgSecCheckV1Request::new("你好"))
        .await
        .expect("errcode \"0\" as a string is success");
    let risky = client
        .msg_sec_check_v1(MsgSecCheckV1Request::new(OFFICIAL_RISKY_TEST_TEXT))
        .await
        .expect_err("87014");
    match risky {
        Error::Api(e @ MsgSecCheckV1Error::RiskyContent) => {
            assert_eq!(e.code(), 87014);
            assert!(e.solution().is_some());
        }
        other => panic!("expected RiskyContent, got {other:?}"),
    }
}

#[tokio::test]
async fn img_sec_check_uploads_media_as_multipart() {
    let fake = server().risky_image_marker(b"RISKY").start().await;
    let client = client(&fake);
    let image = File::new(
        b"\x89PNG\r\n\x1a\n fine image".to_vec(),
        "cat.png",
        "image/png",
    );
    client
        .img_sec_check(ImgSecCheckRequest::new(image))
        .await
        .expect("clean image");
    let media = fake.last_media().expect("media received");
    assert_eq!(
        (media.filename.as_str(), media.content_type.as_deref()),
        ("cat.png", Some("image/png"))
    );

    let risky = File::new(b"\x89PNG RISKY".to_vec(), "bad.png", "image/png");
    let err = client
        .img_sec_check(ImgSecCheckRequest::new(risky))
        .await
        .expect_err("risky");
    assert!(
        matches!(err, Error::Api(ImgSecCheckError::RiskyContent)),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_image_over_1_mib_comes_back_as_the_typed_invalid_media_size() {
    let fake = server().start().await;
    let client = client(&fake);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(IMG_SEC_CHECK_MAX_BYTES + 1, 0);
    let err = client
        .img_sec_check(ImgSecCheckRequest::new(File::new(
            bytes,
            "big.png",
            "image/png",
        )))
        .await
        .expect_err("over 1 MiB");
    match &err {
        Error::Api(e @ ImgSecCheckError::Common(CommonError::InvalidMediaSize)) => {
            assert_eq!(e.code(), 40006);
            assert_eq!(e.message(), "invalid media size");
        }
        other => panic!("expected Common(InvalidMediaSize), got {other:?}"),
    }

    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(IMG_SEC_CHECK_MAX_BYTES, 0);
    client
        .img_sec_check(ImgSecCheckRequest::new(File::new(
            bytes,
            "edge.png",
            "image/png",
        )))
        .await
        .expect("exactly 1 MiB is accepted");
}

#[tokio::test]
async fn invoke_service_carries_json_inside_a_string() {
    let fake = server().start().await;
    let client = client(&fake);
    let data = serde_json::json!({"img_url": "http://example.invalid/id.jpg", "data_type": 3, "ocr_type": 1});
    let response = client
        .invoke_service(InvokeServiceRequest::new(
            "wx79ac3de8be320b71",
            "OcrAllInOne",
            data,
            "msg-1",
        ))
        .await
        .expect("invoke");
    let result = response.data.expect("data");
    assert!(result.get()["idcard_res"].is_object(), "{:?}", result.get());
    assert!(
        result.raw().is_some_and(|raw| raw.starts_with('{')),
        "the raw string is kept"
    );

    let unknown = client
        .invoke_service(InvokeServiceRequest::new(
            "wx0000000000000000",
            "Nope",
            serde_json::json!({}),
            "msg-2",
        ))
        .await
        .expect_err("unknown service");
    assert!(
        matches!(unknown, Error::Api(InvokeServiceError::InvalidParameter)),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn the_typed_service_market_call_decodes_the_result() {
    let fake = server().start().await;
    let client = client(&fake);
    let data = OcrAllInOneData::new(OcrDataType::ImageUrl, OcrType::IdCard)
        .img_url("http://example.invalid/id.jpg");
    let result = client
        .service_market()
        .ocr_all_in_one(data)
        .await
        .expect("ocr");
    assert!(
        result.raw().is_some_and(|raw| raw.contains("idcard_res")),
        "the provider's text is kept"
    );
    let idcard = result.into_inner().idcard_res.expect("an id card result");
    assert!(!idcard.name.expect("name").text.is_empty());
    let call = fake.service_calls().pop().expect("a call");
    assert_eq!(call.service, "wx79ac3de8be320b71");
    assert!(
        !call.client_msg_id.is_empty(),
        "a client_msg_id is generated"
    );
}

#[tokio::test]
async fn servicemarket_retrieve_fetches_an_async_result() {
    let fake = server().start().await;
    fake.register_async_provider(
        "wxee446d7507c68b11",
        "SecCheckAsync",
        AsyncOptions::default().ready_after_polls(1),
        |_| ProviderReply::Data(serde_json::json!({"ok": true})),
    );
    let client = client(&fake);
    let started = client
        .invoke_service(
            InvokeServiceRequest::new(
                "wxee446d7507c68b11",
                "SecCheckAsync",
                serde_json::json!({"TextContent": "x"}),
                "msg-3",
            )
            .r#async(true),
        )
        .await
        .expect("started");
    let request_id = started
        .request_id
        .expect("an async call returns a request id");
    let first = client
        .servicemarket_retrieve(ServicemarketRetrieveRequest::new(request_id.clone()))
        .await
        .expect("poll");
    assert!(first.data.is_none(), "not ready on the first poll");
    let ready = client
        .servicemarket_retrieve(ServicemarketRetrieveRequest::new(request_id))
        .await
        .expect("poll");
    assert_eq!(ready.data.expect("ready").get()["ok"], true);
}
