//! A hand-made stand-in for api.weixin.qq.com whose `/wxa/check` answers by [`Mode`], with
//! predictable tokens (`tok-1`, `tok-2`, …) so that the suite can say which token each call
//! carried.

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

use crate::support::{APP_ID, SECRET};

/// How `/wxa/check` answers.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// Accept the newest token issued; reject older ones with 40001.
    AcceptLatestToken,
    /// Reject every token with 40001.
    AlwaysInvalid,
    /// Answer -1 this many times, then succeed.
    BusyTimes(usize),
}

pub struct Server {
    mode: Mode,
    token_errcode: Option<i64>,
    pub token_fetches: AtomicUsize,
    calls: AtomicUsize,
    seen_tokens: Mutex<Vec<Option<String>>>,
    pub last_body: Mutex<Option<(String, Vec<u8>)>>,
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
    assert_eq!(q.get("appid").map(String::as_str), Some(APP_ID));
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

pub struct Harness {
    pub server: Arc<Server>,
    pub base_url: String,
}

pub async fn start(mode: Mode, token_errcode: Option<i64>) -> Harness {
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
    pub fn client(&self) -> wxapi_runtime::Client {
        wxapi_runtime::Client::builder()
            .app_id(APP_ID)
            .app_secret(SECRET)
            .base_url(&self.base_url)
            .timeout(Duration::from_secs(5))
            .retry_backoff(Duration::from_millis(10))
            .build()
            .unwrap()
    }

    pub fn token_fetches(&self) -> usize {
        self.server.token_fetches.load(Ordering::SeqCst)
    }

    pub fn calls(&self) -> usize {
        self.server.calls.load(Ordering::SeqCst)
    }

    pub fn seen_tokens(&self) -> Vec<Option<String>> {
        self.server.seen_tokens.lock().unwrap().clone()
    }
}
