//! Helpers shared by the integration tests of the fake server.

use serde_json::Value;
use wxapi_mock::MockServer;

pub const APPID: &str = "wxapp";
pub const SECRET: &str = "secret";

/// An HTTP client that never goes through a proxy.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

/// Parses a response body as JSON, failing the test with the body if it is not.
pub async fn json_of(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("response body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

pub async fn get(http: &reqwest::Client, url: &str) -> Value {
    json_of(http.get(url).send().await.expect("GET")).await
}

pub async fn post(http: &reqwest::Client, url: &str, body: impl Into<reqwest::Body>) -> Value {
    json_of(http.post(url).body(body).send().await.expect("POST")).await
}

pub async fn post_json(http: &reqwest::Client, url: &str, body: &Value) -> Value {
    post(http, url, body.to_string()).await
}

/// Asserts a WeChat error body: the code, and an errmsg ending with a ` rid: x-x-x` suffix.
#[track_caller]
pub fn assert_error(body: &Value, errcode: i64) {
    assert_eq!(body["errcode"].as_i64(), Some(errcode), "body: {body}");
    let errmsg = body["errmsg"]
        .as_str()
        .unwrap_or_else(|| panic!("no errmsg: {body}"));
    let (_, rid) = errmsg
        .rsplit_once(" rid: ")
        .unwrap_or_else(|| panic!("no rid suffix: {errmsg:?}"));
    let groups: Vec<&str> = rid.split('-').collect();
    assert_eq!(groups.len(), 3, "rid: {rid:?}");
    assert!(
        groups
            .iter()
            .all(|g| g.len() == 8 && g.chars().all(|c| c.is_ascii_hexdigit())),
        "rid: {rid:?}"
    );
}

/// A server with the test app, and a frozen clock when asked.
pub async fn server(frozen: bool) -> MockServer {
    let builder = MockServer::builder().app(APPID, SECRET);
    let builder = if frozen {
        builder.frozen_clock()
    } else {
        builder
    };
    builder.start().await
}

pub fn token_url(server: &MockServer, appid: &str, secret: &str) -> String {
    server.url(&format!(
        "/cgi-bin/token?grant_type=client_credential&appid={appid}&secret={secret}"
    ))
}

/// Fetches a `/cgi-bin/token` token for the test app.
pub async fn fetch_token(http: &reqwest::Client, server: &MockServer) -> String {
    let body = get(http, &token_url(server, APPID, SECRET)).await;
    body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {body}"))
        .to_owned()
}

/// `base_url + path + ?access_token=token`.
pub fn with_token(server: &MockServer, path: &str, token: &str) -> String {
    server.url(&format!("{path}?access_token={token}"))
}

/// A v1 msg_sec_check call.
pub async fn msg_check(http: &reqwest::Client, server: &MockServer, token: &str) -> Value {
    let url = with_token(server, "/wxa/msg_sec_check", token);
    post(http, &url, r#"{"content":"hello"}"#).await
}

/// A server configured by `builder` plus the test app, a client, and the URL of `path` with a
/// fresh token.
pub async fn setup(
    path: &str,
    builder: wxapi_mock::MockServerBuilder,
) -> (MockServer, reqwest::Client, String) {
    let server = builder.app(APPID, SECRET).start().await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    let url = with_token(&server, path, &token);
    (server, http, url)
}
