//! `Client` against a local HTTP server standing in for api.weixin.qq.com.
//!
//! The request, response and error types are written the way the generator
//! emits them: through `wxapi_runtime::codegen` only.

mod logs;
mod server;

use std::sync::atomic::Ordering;

use serde_json::{json, Value};
use wxapi_runtime::codegen::{self, ApiError as _};

use crate::support::{check, CheckError, CheckResponse, CHECK, SECRET};
use server::{start, Mode};

// ---- what generated code looks like ---------------------------------------

/// Same endpoint, declared not idempotent.
struct SendRequest;

impl codegen::Request for SendRequest {
    type Response = CheckResponse;
    type Error = CheckError;
    const ENDPOINT: codegen::Endpoint = codegen::Endpoint::post("test.send", "/wxa/check");

    fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
        codegen::Encoded::json(&json!({"content": "x"}))
    }
}

struct UploadRequest {
    media: codegen::File,
}

impl codegen::Request for UploadRequest {
    type Response = CheckResponse;
    type Error = CheckError;
    const ENDPOINT: codegen::Endpoint =
        codegen::Endpoint::post("test.upload", "/wxa/upload").idempotent();

    fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
        Ok(codegen::Encoded::multipart()
            .file("media", &self.media)
            .text("scene", 2)
            .query_param("type", "image"))
    }
}

#[derive(codegen::serde::Serialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
struct OcrData {
    img_url: String,
}

#[derive(Debug, codegen::serde::Deserialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
struct OcrResult {
    text: String,
}

impl codegen::ServiceApi for OcrData {
    const SERVICE: &'static str = "wx79ac3de8be320b71";
    const API: &'static str = "OcrAllInOne";
    const ASYNC: bool = false;
    type Result = OcrResult;
}

const INVOKE_SERVICE: codegen::Endpoint =
    codegen::Endpoint::post("wxa.servicemarket", "/wxa/servicemarket");

fn tok(s: &str) -> Option<String> {
    Some(s.to_owned())
}

// ---- tests ----------------------------------------------------------------

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let client = h.client();
    let response = codegen::call(&client, check()).await.unwrap();
    assert_eq!(response.result, "hello");
    let response = codegen::call(&client.clone(), check()).await.unwrap();
    assert_eq!(response.result, "hello");
    assert_eq!(h.token_fetches(), 1);
    assert_eq!(h.seen_tokens(), [tok("tok-1"), tok("tok-1")]);
}

#[tokio::test]
async fn concurrent_calls_share_one_token_fetch() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let client = h.client();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { codegen::call(&client, check()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(h.token_fetches(), 1);
    assert_eq!(h.calls(), 8);
}

#[tokio::test]
async fn invalid_token_is_refreshed_and_retried_once() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let client = h.client();
    codegen::call(&client, check()).await.unwrap();
    // Someone else (another process) refreshes the token, which makes ours stale.
    h.server.token_fetches.fetch_add(1, Ordering::SeqCst);

    let response = codegen::call(&client, check()).await.unwrap();
    assert_eq!(response.result, "hello");
    assert_eq!(h.token_fetches(), 3);
    assert_eq!(h.seen_tokens(), [tok("tok-1"), tok("tok-1"), tok("tok-3")]);
}

#[tokio::test]
async fn second_invalid_token_is_surfaced_without_looping() {
    let h = start(Mode::AlwaysInvalid, None).await;
    let err = codegen::call(&h.client(), check()).await.unwrap_err();
    assert_eq!(err.api(), Some(&CheckError::InvalidCredential));
    assert_eq!(err.api().map(|e| e.code()), Some(40001));
    assert_eq!(
        err.to_string(),
        "40001 invalid credential: check the access token"
    );
    assert_eq!(h.calls(), 2);
    assert_eq!(h.token_fetches(), 2);
    assert_eq!(h.seen_tokens(), [tok("tok-1"), tok("tok-2")]);
}

#[tokio::test]
async fn static_token_is_not_retried_when_rejected() {
    let h = start(Mode::AlwaysInvalid, None).await;
    let client = wxapi_runtime::Client::builder()
        .access_token("caller-token")
        .base_url(&h.base_url)
        .build()
        .unwrap();
    let err = codegen::call(&client, check()).await.unwrap_err();
    assert_eq!(err.api(), Some(&CheckError::InvalidCredential));
    assert_eq!(h.seen_tokens(), [tok("caller-token")]);
    assert_eq!(h.token_fetches(), 0);
}

#[tokio::test]
async fn busy_is_retried_for_idempotent_endpoints() {
    let h = start(Mode::BusyTimes(2), None).await;
    let response = codegen::call(&h.client(), check()).await.unwrap();
    assert_eq!(response.result, "ok");
    assert_eq!(h.calls(), 3);
}

#[tokio::test]
async fn busy_retries_are_bounded() {
    let h = start(Mode::BusyTimes(10), None).await;
    let err = codegen::call(&h.client(), check()).await.unwrap_err();
    assert_eq!(err.api(), Some(&CheckError::SystemBusy));
    assert!(err.api().unwrap().is_retryable());
    assert_eq!(h.calls(), 3);
}

#[tokio::test]
async fn busy_is_not_retried_for_other_endpoints() {
    let h = start(Mode::BusyTimes(1), None).await;
    let err = codegen::call(&h.client(), SendRequest).await.unwrap_err();
    assert_eq!(err.api(), Some(&CheckError::SystemBusy));
    assert_eq!(h.calls(), 1);
}

#[tokio::test]
async fn wrong_secret_is_a_configuration_error() {
    let h = start(Mode::AcceptLatestToken, Some(40125)).await;
    let err = codegen::call(&h.client(), check()).await.unwrap_err();
    let wxapi_runtime::Error::Token(token_error) = &err else {
        panic!("expected a token error, got {err:?}");
    };
    assert!(token_error.is_configuration());
    assert_eq!(token_error.code(), Some(40125));
    assert_eq!(h.token_fetches(), 1, "configuration errors are not retried");
    assert_eq!(h.calls(), 0);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[tokio::test]
async fn without_access_token_sends_none() {
    let h = start(Mode::BusyTimes(0), None).await;
    let client = wxapi_runtime::Client::builder()
        .without_access_token()
        .base_url(&h.base_url)
        .build()
        .unwrap();
    codegen::call(&client, check()).await.unwrap();
    assert_eq!(h.seen_tokens(), [None]);
    assert_eq!(h.token_fetches(), 0);
}

#[tokio::test]
async fn multipart_upload() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let media = codegen::File::new(&b"\x89PNG fake image"[..], "a.png", "image/png");
    let response = codegen::call(&h.client(), UploadRequest { media })
        .await
        .unwrap();
    assert_eq!(response.result, "uploaded");
    let (content_type, body) = h.server.last_body.lock().unwrap().clone().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains(r#"name="media"; filename="a.png""#), "{body}");
    assert!(body.contains("Content-Type: image/png"), "{body}");
    assert!(body.contains("PNG fake image"), "{body}");
    assert!(body.contains(r#"name="scene""#), "{body}");
}

#[tokio::test]
async fn service_market_call() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let result = codegen::call_service::<_, CheckError>(
        &h.client(),
        &INVOKE_SERVICE,
        OcrData {
            img_url: "https://example.invalid/a.png".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(result.text, "hello");
    let (_, body) = h.server.last_body.lock().unwrap().clone().unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["service"], "wx79ac3de8be320b71");
    assert_eq!(body["api"], "OcrAllInOne");
    assert_eq!(
        body["data"],
        json!({"img_url": "https://example.invalid/a.png"})
    );
    assert_eq!(body["client_msg_id"].as_str().map(str::len), Some(32));
    assert!(body.get("async").is_none());
}

#[tokio::test]
async fn raw_call_and_gateway_errors() {
    let h = start(Mode::BusyTimes(0), None).await;
    let client = h.client();
    let value = codegen::call_raw::<CheckError>(
        &client,
        &CHECK,
        codegen::Encoded::json(&json!({})).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(value["result"], "ok");

    let gateway = codegen::Endpoint::post("test.gateway", "/wxa/gateway");
    let err = codegen::call_raw::<CheckError>(&client, &gateway, codegen::Encoded::empty())
        .await
        .unwrap_err();
    let wxapi_runtime::Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status(), 502);
    assert!(decode.body_prefix().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn transport_errors_hide_the_token() {
    // A port with nothing listening on it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = wxapi_runtime::Client::builder()
        .access_token("VERY-SECRET-TOKEN")
        .base_url(format!("http://{addr}"))
        .max_attempts(1)
        .build()
        .unwrap();
    let err = codegen::call(&client, check()).await.unwrap_err();
    let wxapi_runtime::Error::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(transport.is_connect());
    assert_eq!(transport.endpoint(), "test.check");
    let url = transport.url().unwrap();
    assert!(url.contains("access_token=***"), "{url}");
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(e) = source {
        shown.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    assert!(!shown.contains("VERY-SECRET-TOKEN"), "{shown}");
}
