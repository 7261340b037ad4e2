//! `Client` against a local HTTP server standing in for api.weixin.qq.com.
//!
//! The request, response and error types are written the way the generator
//! emits them: through `wxapi_runtime::codegen` only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use wxapi_runtime::codegen::{self, ApiError as _};

const SECRET: &str = "app-secret-s3cr3t";

// ---- what generated code looks like ---------------------------------------

#[path = "support/check_error.rs"]
mod check_error;
use check_error::CheckError;

const CHECK: codegen::Endpoint = codegen::Endpoint::post("test.check", "/wxa/check").idempotent();

#[derive(Debug, codegen::serde::Serialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
struct CheckRequest {
    content: String,
}

#[derive(Debug, PartialEq, codegen::serde::Deserialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
struct CheckResponse {
    result: String,
}

impl codegen::Request for CheckRequest {
    type Response = CheckResponse;
    type Error = CheckError;
    const ENDPOINT: codegen::Endpoint = CHECK;

    fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
        codegen::Encoded::json(self)
    }
}

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

// ---- the fake server ------------------------------------------------------

/// How `/wxa/check` answers.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Accept the newest token issued; reject older ones with 40001.
    AcceptLatestToken,
    /// Reject every token with 40001.
    AlwaysInvalid,
    /// Answer -1 this many times, then succeed.
    BusyTimes(usize),
}

struct Server {
    mode: Mode,
    token_errcode: Option<i64>,
    token_fetches: AtomicUsize,
    calls: AtomicUsize,
    seen_tokens: Mutex<Vec<Option<String>>>,
    last_body: Mutex<Option<(String, Vec<u8>)>>,
}

async fn token(
    State(server): State<Arc<Server>>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let n = server.token_fetches.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(code) = server.token_errcode {
        return Json(json!({"errcode": code, "errmsg": "invalid appsecret, rid: 1"}));
    }
    assert_eq!(
        q.get("grant_type").map(String::as_str),
        Some("client_credential")
    );
    assert_eq!(q.get("appid").map(String::as_str), Some("wx-test"));
    if q.get("secret").map(String::as_str) != Some(SECRET) {
        return Json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
    }
    Json(json!({"access_token": format!("tok-{n}"), "expires_in": 7200}))
}

async fn check(
    State(server): State<Arc<Server>>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Json<Value> {
    let n = server.calls.fetch_add(1, Ordering::SeqCst) + 1;
    let token = q.get("access_token").cloned();
    server.seen_tokens.lock().unwrap().push(token.clone());
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    match server.mode {
        Mode::AlwaysInvalid => Json(json!({"errcode": 40001, "errmsg": "invalid credential"})),
        Mode::AcceptLatestToken => {
            let latest = format!("tok-{}", server.token_fetches.load(Ordering::SeqCst));
            if token.as_deref() == Some(latest.as_str()) {
                Json(json!({"errcode": 0, "errmsg": "ok", "result": body["content"]}))
            } else {
                Json(json!({"errcode": 40001, "errmsg": "invalid credential"}))
            }
        }
        Mode::BusyTimes(times) if n <= times => {
            Json(json!({"errcode": -1, "errmsg": "system error"}))
        }
        Mode::BusyTimes(_) => Json(json!({"errcode": "0", "result": "ok"})),
    }
}

async fn upload(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Json<Value> {
    server.calls.fetch_add(1, Ordering::SeqCst);
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    *server.last_body.lock().unwrap() = Some((content_type, body.to_vec()));
    Json(json!({"errcode": 0, "result": "uploaded"}))
}

async fn service(State(server): State<Arc<Server>>, body: Bytes) -> Json<Value> {
    server.calls.fetch_add(1, Ordering::SeqCst);
    *server.last_body.lock().unwrap() = Some(("application/json".into(), body.to_vec()));
    Json(json!({"errcode": 0, "errmsg": "ok", "data": "{\"text\":\"hello\"}"}))
}

async fn gateway_error() -> impl IntoResponse {
    (
        StatusCode::BAD_GATEWAY,
        "<html><h1>502 Bad Gateway</h1></html>",
    )
}

struct Harness {
    server: Arc<Server>,
    base_url: String,
}

async fn start(mode: Mode, token_errcode: Option<i64>) -> Harness {
    let server = Arc::new(Server {
        mode,
        token_errcode,
        token_fetches: AtomicUsize::new(0),
        calls: AtomicUsize::new(0),
        seen_tokens: Mutex::new(Vec::new()),
        last_body: Mutex::new(None),
    });
    let app = Router::new()
        .route("/cgi-bin/token", get(token))
        .route("/wxa/check", post(check))
        .route("/wxa/upload", post(upload))
        .route("/wxa/servicemarket", post(service))
        .route("/wxa/gateway", post(gateway_error))
        .with_state(server.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Harness {
        server,
        base_url: format!("http://{addr}"),
    }
}

impl Harness {
    fn client(&self) -> wxapi_runtime::Client {
        wxapi_runtime::Client::builder()
            .app_id("wx-test")
            .app_secret(SECRET)
            .base_url(&self.base_url)
            .timeout(Duration::from_secs(5))
            .retry_backoff(Duration::from_millis(10))
            .build()
            .unwrap()
    }

    fn token_fetches(&self) -> usize {
        self.server.token_fetches.load(Ordering::SeqCst)
    }

    fn calls(&self) -> usize {
        self.server.calls.load(Ordering::SeqCst)
    }

    fn seen_tokens(&self) -> Vec<Option<String>> {
        self.server.seen_tokens.lock().unwrap().clone()
    }
}

fn check_request() -> CheckRequest {
    CheckRequest {
        content: "hello".into(),
    }
}

fn tok(s: &str) -> Option<String> {
    Some(s.to_owned())
}

// ---- tests ----------------------------------------------------------------

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let h = start(Mode::AcceptLatestToken, None).await;
    let client = h.client();
    let response = codegen::call(&client, check_request()).await.unwrap();
    assert_eq!(response.result, "hello");
    let response = codegen::call(&client.clone(), check_request())
        .await
        .unwrap();
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
            tokio::spawn(async move { codegen::call(&client, check_request()).await })
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
    codegen::call(&client, check_request()).await.unwrap();
    // Someone else (another process) refreshes the token, which makes ours stale.
    h.server.token_fetches.fetch_add(1, Ordering::SeqCst);

    let response = codegen::call(&client, check_request()).await.unwrap();
    assert_eq!(response.result, "hello");
    assert_eq!(h.token_fetches(), 3);
    assert_eq!(h.seen_tokens(), [tok("tok-1"), tok("tok-1"), tok("tok-3")]);
}

#[tokio::test]
async fn second_invalid_token_is_surfaced_without_looping() {
    let h = start(Mode::AlwaysInvalid, None).await;
    let err = codegen::call(&h.client(), check_request())
        .await
        .unwrap_err();
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
    let err = codegen::call(&client, check_request()).await.unwrap_err();
    assert_eq!(err.api(), Some(&CheckError::InvalidCredential));
    assert_eq!(h.seen_tokens(), [tok("caller-token")]);
    assert_eq!(h.token_fetches(), 0);
}

#[tokio::test]
async fn busy_is_retried_for_idempotent_endpoints() {
    let h = start(Mode::BusyTimes(2), None).await;
    let response = codegen::call(&h.client(), check_request()).await.unwrap();
    assert_eq!(response.result, "ok");
    assert_eq!(h.calls(), 3);
}

#[tokio::test]
async fn busy_retries_are_bounded() {
    let h = start(Mode::BusyTimes(10), None).await;
    let err = codegen::call(&h.client(), check_request())
        .await
        .unwrap_err();
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
    let err = codegen::call(&h.client(), check_request())
        .await
        .unwrap_err();
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
    codegen::call(&client, check_request()).await.unwrap();
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
    let err = codegen::call(&client, check_request()).await.unwrap_err();
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

/// Collects every span field and event field recorded while it is the
/// current subscriber, to check what the runtime logs.
mod capture {
    use std::fmt::{Debug, Write as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        pub text: Arc<Mutex<String>>,
        next_id: Arc<AtomicU64>,
    }

    struct Visitor<'a>(&'a mut String);

    impl Visit for Visitor<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut text = self.text.lock().unwrap();
            let _ = write!(text, "\n[span {}] ", span.metadata().name());
            span.record(&mut Visitor(&mut text));
            Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
        }

        fn record(&self, _: &Id, values: &Record<'_>) {
            values.record(&mut Visitor(&mut self.text.lock().unwrap()));
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let mut text = self.text.lock().unwrap();
            let _ = write!(text, "\n[event {}] ", event.metadata().level());
            event.record(&mut Visitor(&mut text));
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn logs_carry_call_facts_but_no_credentials() {
    // The global subscriber of this test binary, set once: a thread-local one races with
    // other tests that meet the same callsites first with no subscriber (tracing caches that
    // they are off). Other tests' logs land here too, and must hold no credential either.
    static CAPTURE: std::sync::OnceLock<capture::Capture> = std::sync::OnceLock::new();
    let capture = CAPTURE
        .get_or_init(|| {
            let capture = capture::Capture::default();
            tracing::subscriber::set_global_default(capture.clone())
                .expect("no other global subscriber in this binary");
            capture
        })
        .clone();

    let h = start(Mode::AlwaysInvalid, None).await;
    let _ = codegen::call(&h.client(), check_request())
        .await
        .unwrap_err();
    let h = start(Mode::AcceptLatestToken, Some(40125)).await;
    let _ = codegen::call(&h.client(), check_request())
        .await
        .unwrap_err();

    let logs = capture.text.lock().unwrap().clone();
    for expected in [
        "[span wxapi.call] endpoint=\"test.check\"",
        "[span wxapi.token] app_id=wx-test",
        "status=200",
        "errcode=40001",
        "errcode=40125",
        "attempts=2",
        "latency_ms=",
    ] {
        assert!(logs.contains(expected), "missing {expected:?} in {logs}");
    }
    assert!(!logs.contains(SECRET), "{logs}");
    assert!(!logs.contains("tok-"), "{logs}");
}
