//! The server's lifecycle, records and custom endpoints.

use std::net::TcpStream;

use serde_json::json;
use wxapi_mock::{codes, error_json, EndpointAuth, MockServer, DEFAULT_APPID, DEFAULT_SECRET};

use crate::common::*;

#[tokio::test]
async fn binds_loopback_on_a_random_port() {
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    assert!(a.addr().ip().is_loopback());
    assert_ne!(a.addr().port(), 0);
    assert_ne!(a.addr().port(), b.addr().port());
    assert_eq!(
        a.base_url(),
        format!("http://127.0.0.1:{}", a.addr().port())
    );
    let body = get(&http(), &token_url(&a, DEFAULT_APPID, DEFAULT_SECRET)).await;
    assert!(body["access_token"].is_string());
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let server = MockServer::start().await;
    let addr = server.addr();
    assert!(TcpStream::connect(addr).is_ok());
    server.shutdown().await;
    assert!(TcpStream::connect(addr).is_err());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let server = MockServer::start().await;
    let addr = server.addr();
    drop(server);
    // The accept task is aborted; give the runtime a moment to drop the listener.
    let mut closed = false;
    for _ in 0..50 {
        tokio::task::yield_now().await;
        if TcpStream::connect(addr).is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(closed);
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let server = MockServer::start().await;
    let response = http().get(server.url("/nope")).send().await.expect("GET");
    assert_eq!(response.status().as_u16(), 404);
    let body = json_of(response).await;
    assert_error(&body, codes::INVALID_URL);
    assert!(body["errmsg"]
        .as_str()
        .unwrap_or_default()
        .starts_with("invalid url rid: "));
    assert_eq!(server.requests("/nope"), 1);
    assert_eq!(server.total_requests(), 1);
}

#[tokio::test]
async fn records_requests_and_resets() {
    let server = server(false).await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    let url = with_token(&server, "/wxa/msg_sec_check", &token);
    http.post(&url)
        .header("x-custom", "1")
        .body(r#"{"content":"记录"}"#)
        .send()
        .await
        .expect("POST");
    let received = server.received("/wxa/msg_sec_check");
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.query_param("access_token"), Some(token.as_str()));
    assert_eq!(request.header("X-Custom"), Some("1"));
    assert_eq!(request.json(), Some(json!({"content": "记录"})));
    assert_eq!(request.body_text(), r#"{"content":"记录"}"#);
    server.reset_records();
    assert_eq!(server.total_requests(), 0);
    assert_eq!(server.token_fetches(), 0);
    assert!(server.received("/wxa/msg_sec_check").is_empty());
    // Tokens survive a reset.
    assert_eq!(msg_check(&http, &server, &token).await["errmsg"], "ok");
}

#[tokio::test]
async fn custom_endpoints() {
    let server = MockServer::builder()
        .app(APPID, SECRET)
        .endpoint(
            "/wxa/open",
            EndpointAuth::None,
            |req| json!({"errcode": 0, "errmsg": "ok", "method": req.method}),
        )
        .start()
        .await;
    server.register_endpoint(
        "/wxa/getuserriskrank",
        EndpointAuth::AccessToken,
        |req| match req.json() {
            Some(body) if body["openid"].is_string() => {
                json!({"errcode": 0, "errmsg": "ok", "risk_rank": 0})
            }
            _ => error_json(codes::DATA_FORMAT_ERROR, "data format error"),
        },
    );
    let http = http();
    assert_eq!(get(&http, &server.url("/wxa/open")).await["method"], "GET");
    let url = server.url("/wxa/getuserriskrank");
    assert_error(&post(&http, &url, "{}").await, codes::ACCESS_TOKEN_MISSING);
    let token = fetch_token(&http, &server).await;
    let url = with_token(&server, "/wxa/getuserriskrank", &token);
    assert_eq!(post(&http, &url, r#"{"openid":"o"}"#).await["risk_rank"], 0);
    assert_error(&post(&http, &url, "{}").await, codes::DATA_FORMAT_ERROR);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients() {
    let server = server(false).await;
    let http = http();
    let token = fetch_token(&http, &server).await;
    let url = with_token(&server, "/wxa/msg_sec_check", &token);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let http = http.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            post(&http, &url, format!(r#"{{"content":"{i}"}}"#)).await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task")["errmsg"], "ok");
    }
    assert_eq!(server.requests("/wxa/msg_sec_check"), 20);
}
