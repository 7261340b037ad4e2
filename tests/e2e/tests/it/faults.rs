//! The fault matrix: each misbehaviour of the server (or the network) has its designed
//! outcome — a typed error, a retry, or a timeout — and none of them hangs.

use std::time::{Duration, Instant};

use wxapi::{
    ApiError, CommonError, Error, InvokeServiceError, InvokeServiceRequest, MsgSecCheckError,
};
use wxapi_mock::{Fault, MockServer};

use wxapi_e2e::{check, client, server};

const CHECK: &str = "/wxa/msg_sec_check";
const MARKET: &str = "/wxa/servicemarket";

fn invoke() -> InvokeServiceRequest {
    InvokeServiceRequest::new(
        "wx79ac3de8be320b71",
        "OcrAllInOne",
        serde_json::json!({"img_url": "http://example.invalid/a.jpg", "data_type": 3, "ocr_type": 1}),
        "msg-1",
    )
}

async fn started() -> (MockServer, wxapi::Client) {
    let fake = server().start().await;
    let client = client(&fake);
    (fake, client)
}

#[tokio::test]
async fn system_busy_is_retried_on_a_call_safe_to_repeat() {
    let (fake, client) = started().await;
    fake.fault(Fault::SystemBusy).on(CHECK).times(2);
    client
        .msg_sec_check(check())
        .await
        .expect("succeeds on the third attempt");
    assert_eq!(fake.requests(CHECK), 3);
}

#[tokio::test]
async fn system_busy_that_persists_is_a_typed_error_after_bounded_attempts() {
    let (fake, client) = started().await;
    fake.fault(Fault::SystemBusy).on(CHECK).always();
    let err = client.msg_sec_check(check()).await.expect_err("busy");
    assert!(
        matches!(
            err,
            Error::Api(MsgSecCheckError::Common(CommonError::SystemBusy))
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests(CHECK), 3, "the default attempt limit");
}

#[tokio::test]
async fn system_busy_is_not_retried_on_a_billed_call() {
    let (fake, client) = started().await;
    fake.fault(Fault::SystemBusy).on(MARKET).once();
    let err = client.invoke_service(invoke()).await.expect_err("busy");
    assert!(
        matches!(
            err,
            Error::Api(InvokeServiceError::Common(CommonError::SystemBusy))
        ),
        "{err:?}"
    );
    assert_eq!(
        fake.requests(MARKET),
        1,
        "invokeService is billed: never repeated"
    );
}

#[tokio::test]
async fn quota_errors_are_typed_and_never_retried() {
    let (fake, client) = started().await;
    fake.fault(Fault::DailyQuota).on(CHECK).once();
    let daily = client.msg_sec_check(check()).await.expect_err("45009");
    assert!(
        matches!(
            daily,
            Error::Api(MsgSecCheckError::Common(CommonError::DailyQuotaLimit))
        ),
        "{daily:?}"
    );
    fake.fault(Fault::MinuteQuota).on(CHECK).once();
    let minute = client.msg_sec_check(check()).await.expect_err("45011");
    assert!(
        matches!(
            minute,
            Error::Api(MsgSecCheckError::Common(CommonError::MinuteQuotaLimit))
        ),
        "{minute:?}"
    );
    assert_eq!(fake.requests(CHECK), 2, "one request each");
}

#[tokio::test]
async fn an_html_gateway_page_is_a_decode_error_keeping_status_and_body() {
    let (fake, client) = started().await;
    fake.fault(Fault::BadGateway).on(MARKET).once();
    match client.invoke_service(invoke()).await {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status(), 502);
            assert!(
                e.body_prefix().contains("502 Bad Gateway"),
                "{}",
                e.body_prefix()
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_and_empty_bodies_are_decode_errors() {
    let (fake, client) = started().await;
    fake.fault(Fault::MalformedJson).on(MARKET).once();
    let malformed = client
        .invoke_service(invoke())
        .await
        .expect_err("malformed");
    assert!(
        matches!(&malformed, Error::Decode(e) if e.status() == 200),
        "{malformed:?}"
    );
    fake.fault(Fault::EmptyBody).on(MARKET).once();
    let empty = client.invoke_service(invoke()).await.expect_err("empty");
    assert!(
        matches!(&empty, Error::Decode(e) if e.status() == 200),
        "{empty:?}"
    );
}

#[tokio::test]
async fn a_string_errcode_on_success_is_success() {
    let (fake, client) = started().await;
    fake.fault(Fault::StringErrcode).on(CHECK).once();
    client
        .msg_sec_check(check())
        .await
        .expect("errcode \"0\" is success");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_a_safe_call_is_retried() {
    let (fake, client) = started().await;
    fake.fault(Fault::DropConnection).on(MARKET).once();
    let err = client.invoke_service(invoke()).await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        fake.requests(MARKET),
        1,
        "a billed call that may have arrived is not repeated"
    );

    fake.fault(Fault::DropConnection).on(CHECK).once();
    client
        .msg_sec_check(check())
        .await
        .expect("retried after the drop");
    assert_eq!(fake.requests(CHECK), 2);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout_not_a_hang() {
    let (fake, client) = started().await;
    fake.fault(Fault::Delay(Duration::from_secs(30)))
        .on(MARKET)
        .once();
    let started = Instant::now();
    let err = client.invoke_service(invoke()).await.expect_err("timeout");
    match &err {
        Error::Transport(e) => assert!(e.is_timeout(), "{err:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the 2 s timeout fired, not the 30 s delay"
    );
}

#[tokio::test]
async fn an_unknown_code_keeps_its_code_and_message() {
    let (fake, client) = started().await;
    fake.fault(Fault::errcode(9_999_999)).on(CHECK).once();
    match client.msg_sec_check(check()).await {
        Err(Error::Api(e @ MsgSecCheckError::Unknown { .. })) => {
            assert_eq!(e.code(), 9_999_999);
            assert!(
                e.message().contains("rid:"),
                "the server's message, as received: {}",
                e.message()
            );
        }
        other => panic!("expected an unknown code, got {other:?}"),
    }
}
