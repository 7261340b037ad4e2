//! What the suites share: the test app, an endpoint declared the way generated code declares
//! one, and `wxapi-mock` set up to serve it.

pub mod check_error;
pub mod scenarios;

use std::time::Duration;

use serde_json::{json, Value};
use wxapi_mock::{EndpointAuth, Fault, FaultHandle, MockServer, MockServerBuilder};
use wxapi_runtime::codegen;

pub const APP_ID: &str = "wx-test";
pub const SECRET: &str = "app-secret-s3cr3t";

const CLASSIC_TOKEN: &str = "/cgi-bin/token";
const STABLE_TOKEN: &str = "/cgi-bin/stable_token";
const CHECK_PATH: &str = "/wxa/check";

// ---- what generated code looks like ---------------------------------------

pub use check_error::CheckError;

pub const CHECK: codegen::Endpoint = codegen::Endpoint::post("test.check", CHECK_PATH).idempotent();

#[derive(Debug, codegen::serde::Serialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
pub struct CheckRequest {
    pub content: String,
}

#[derive(Debug, PartialEq, codegen::serde::Deserialize)]
#[serde(crate = "::wxapi_runtime::codegen::serde")]
pub struct CheckResponse {
    pub result: String,
}

impl codegen::Request for CheckRequest {
    type Response = CheckResponse;
    type Error = CheckError;
    const ENDPOINT: codegen::Endpoint = CHECK;

    fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
        codegen::Encoded::json(self)
    }
}

pub fn check() -> CheckRequest {
    CheckRequest {
        content: "hello".into(),
    }
}

// ---- the fake WeChat --------------------------------------------------------

/// A fake WeChat that knows the test app and answers `/wxa/check` to any valid token.
pub async fn start() -> MockServer {
    start_with(MockServer::builder()).await
}

/// [`start`], with more settings on `builder`.
pub async fn start_with(builder: MockServerBuilder) -> MockServer {
    builder
        .app(APP_ID, SECRET)
        .endpoint(
            CHECK_PATH,
            EndpointAuth::AccessToken,
            |_| json!({"errcode": 0, "errmsg": "ok", "result": "ok"}),
        )
        .start()
        .await
}

/// A builder for a client of `server` with the test app's credentials (classic mode, no
/// store).
pub fn builder(server: &MockServer) -> wxapi_runtime::ClientBuilder {
    wxapi_runtime::Client::builder()
        .app_id(APP_ID)
        .app_secret(SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .retry_backoff(Duration::from_millis(10))
}

pub fn client(server: &MockServer) -> wxapi_runtime::Client {
    builder(server).build().unwrap()
}

/// Token requests wait `delay` before they are answered, so that concurrent callers pile up
/// behind one.
pub fn delay_tokens(server: &MockServer, delay: Duration) {
    for path in [CLASSIC_TOKEN, STABLE_TOKEN] {
        server.fault(Fault::Delay(delay)).on(path).always();
    }
}

/// Token requests are answered with `errcode` until the handles are disarmed.
pub fn fail_tokens(server: &MockServer, errcode: i64) -> [FaultHandle; 2] {
    [CLASSIC_TOKEN, STABLE_TOKEN]
        .map(|path| server.fault(Fault::errcode(errcode)).on(path).always())
}

/// Another deployment fetches new tokens, so the ones the clients hold stop working.
pub fn revoke(server: &MockServer) {
    server.rotate_token(APP_ID);
    server.rotate_stable_token(APP_ID);
}

/// Requests to either token endpoint, whatever they were answered.
pub fn token_requests(server: &MockServer) -> usize {
    classic_requests(server) + stable_requests(server)
}

pub fn classic_requests(server: &MockServer) -> usize {
    count(server.requests(CLASSIC_TOKEN))
}

pub fn stable_requests(server: &MockServer) -> usize {
    count(server.requests(STABLE_TOKEN))
}

/// The bodies `/cgi-bin/stable_token` received, oldest first.
pub fn stable_bodies(server: &MockServer) -> Vec<Value> {
    server
        .received(STABLE_TOKEN)
        .iter()
        .map(|request| request.json().unwrap_or(Value::Null))
        .collect()
}

/// Requests to `/cgi-bin/stable_token` in force-refresh mode.
pub fn forced_requests(server: &MockServer) -> usize {
    stable_bodies(server)
        .iter()
        .filter(|body| body["force_refresh"] == json!(true))
        .count()
}

/// The tokens `/wxa/check` received, in order.
pub fn seen_tokens(server: &MockServer) -> Vec<String> {
    server
        .received(CHECK_PATH)
        .iter()
        .map(|request| {
            request
                .query_param("access_token")
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

pub fn checks(server: &MockServer) -> usize {
    count(server.requests(CHECK_PATH))
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap()
}
