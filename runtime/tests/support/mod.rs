//! A local stand-in for WeChat's token endpoints, an endpoint that checks
//! tokens, and the request types generated code would define for it.
//!
//! Shared by several test binaries; each uses a part of it.
#![allow(dead_code)]

pub mod check_error;
pub mod scenarios;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use wxapi_runtime::codegen;

pub const APP_ID: &str = "wx-test";
pub const SECRET: &str = "app-secret-s3cr3t";

// ---- what generated code looks like ---------------------------------------

pub use check_error::CheckError;

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
    const ENDPOINT: codegen::Endpoint =
        codegen::Endpoint::post("test.check", "/wxa/check").idempotent();

    fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
        codegen::Encoded::json(self)
    }
}

pub fn check() -> CheckRequest {
    CheckRequest {
        content: "hello".into(),
    }
}

// ---- the fake server ------------------------------------------------------

/// How the token endpoints answer.
#[derive(Clone)]
struct Config {
    /// Sleep this long before answering a token request, so that concurrent
    /// callers pile up behind it.
    delay: Duration,
    /// Answer token requests with this errcode.
    errcode: Option<i64>,
    /// Answer force-refresh requests with this errcode.
    force_errcode: Option<i64>,
    /// `expires_in` of new tokens, in seconds.
    lifetime: u64,
}

#[derive(Default)]
struct Valid {
    /// The one classic token WeChat accepts (strict: no 5-minute overlap).
    classic: Option<String>,
    /// The current stable token and when it expires.
    stable: Option<(String, Instant)>,
}

struct ServerState {
    config: Mutex<Config>,
    classic_fetches: AtomicUsize,
    stable_fetches: AtomicUsize,
    forced_fetches: AtomicUsize,
    issued: AtomicUsize,
    valid: Mutex<Valid>,
    stable_bodies: Mutex<Vec<Value>>,
    seen: Mutex<Vec<String>>,
}

impl ServerState {
    fn issue(&self, kind: &str) -> String {
        format!("{kind}-{}", self.issued.fetch_add(1, Ordering::SeqCst) + 1)
    }
}

/// WeChat's token endpoints and `/wxa/check` on a local port.
pub struct TokenServer {
    state: Arc<ServerState>,
    pub base_url: String,
}

async fn classic_token(
    State(state): State<Arc<ServerState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    state.classic_fetches.fetch_add(1, Ordering::SeqCst);
    let config = state.config.lock().unwrap().clone();
    tokio::time::sleep(config.delay).await;
    if let Some(code) = config.errcode {
        return Json(json!({"errcode": code, "errmsg": "invalid appid rid: 1"}));
    }
    if q.get("grant_type").map(String::as_str) != Some("client_credential")
        || q.get("appid").map(String::as_str) != Some(APP_ID)
        || q.get("secret").map(String::as_str) != Some(SECRET)
    {
        return Json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
    }
    let token = state.issue("tok");
    state.valid.lock().unwrap().classic = Some(token.clone());
    Json(json!({"access_token": token, "expires_in": config.lifetime}))
}

async fn stable_token(State(state): State<Arc<ServerState>>, body: String) -> Json<Value> {
    state.stable_fetches.fetch_add(1, Ordering::SeqCst);
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    state.stable_bodies.lock().unwrap().push(body.clone());
    let force = body["force_refresh"] == json!(true);
    if force {
        state.forced_fetches.fetch_add(1, Ordering::SeqCst);
    }
    let config = state.config.lock().unwrap().clone();
    tokio::time::sleep(config.delay).await;
    let errcode = if force {
        config.force_errcode.or(config.errcode)
    } else {
        config.errcode
    };
    if let Some(code) = errcode {
        return Json(json!({"errcode": code, "errmsg": "invalid appid rid: 1"}));
    }
    if body["grant_type"] != "client_credential"
        || body["appid"] != APP_ID
        || body["secret"] != SECRET
    {
        return Json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
    }
    let now = Instant::now();
    let mut valid = state.valid.lock().unwrap();
    let reuse = match &valid.stable {
        Some((token, expires)) if !force && *expires > now => Some((token.clone(), *expires)),
        _ => None,
    };
    let (token, expires) = match reuse {
        Some(current) => current,
        None => {
            let current = (
                state.issue("stable"),
                now + Duration::from_secs(config.lifetime),
            );
            valid.stable = Some(current.clone());
            current
        }
    };
    // The remaining lifetime, as stable_token reports it.
    let remaining = expires.saturating_duration_since(now).as_secs_f64().ceil() as u64;
    Json(json!({"access_token": token, "expires_in": remaining}))
}

async fn check_token(
    State(state): State<Arc<ServerState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let token = q.get("access_token").cloned().unwrap_or_default();
    state.seen.lock().unwrap().push(token.clone());
    let valid = state.valid.lock().unwrap();
    let ok = valid.classic.as_deref() == Some(token.as_str())
        || valid
            .stable
            .as_ref()
            .is_some_and(|(t, expires)| *t == token && *expires > Instant::now());
    if ok {
        Json(json!({"errcode": 0, "errmsg": "ok", "result": "ok"}))
    } else {
        Json(json!({"errcode": 40001, "errmsg": "invalid credential"}))
    }
}

impl TokenServer {
    pub async fn start() -> TokenServer {
        let state = Arc::new(ServerState {
            config: Mutex::new(Config {
                delay: Duration::ZERO,
                errcode: None,
                force_errcode: None,
                lifetime: 7200,
            }),
            classic_fetches: AtomicUsize::new(0),
            stable_fetches: AtomicUsize::new(0),
            forced_fetches: AtomicUsize::new(0),
            issued: AtomicUsize::new(0),
            valid: Mutex::new(Valid::default()),
            stable_bodies: Mutex::new(Vec::new()),
            seen: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/cgi-bin/token", get(classic_token))
            .route("/cgi-bin/stable_token", post(stable_token))
            .route("/wxa/check", post(check_token))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        TokenServer {
            state,
            base_url: format!("http://{addr}"),
        }
    }

    /// A builder for a client of this server with the test app's
    /// credentials (classic mode, no store).
    pub fn builder(&self) -> wxapi_runtime::ClientBuilder {
        wxapi_runtime::Client::builder()
            .app_id(APP_ID)
            .app_secret(SECRET)
            .base_url(&self.base_url)
            .timeout(Duration::from_secs(5))
            .retry_backoff(Duration::from_millis(10))
    }

    pub fn client(&self) -> wxapi_runtime::Client {
        self.builder().build().unwrap()
    }

    pub fn set_delay(&self, delay: Duration) {
        self.state.config.lock().unwrap().delay = delay;
    }

    pub fn set_errcode(&self, errcode: Option<i64>) {
        self.state.config.lock().unwrap().errcode = errcode;
    }

    pub fn set_force_errcode(&self, errcode: Option<i64>) {
        self.state.config.lock().unwrap().force_errcode = errcode;
    }

    pub fn set_lifetime(&self, seconds: u64) {
        self.state.config.lock().unwrap().lifetime = seconds;
    }

    /// Someone else (another deployment) fetches new tokens, so the ones
    /// the clients hold stop working.
    pub fn revoke(&self) {
        let classic = self.state.issue("external");
        let stable = self.state.issue("external");
        let mut valid = self.state.valid.lock().unwrap();
        valid.classic = Some(classic);
        valid.stable = Some((stable, Instant::now() + Duration::from_secs(7200)));
    }

    /// Requests to either token endpoint.
    pub fn token_fetches(&self) -> usize {
        self.classic_fetches() + self.stable_fetches()
    }

    pub fn classic_fetches(&self) -> usize {
        self.state.classic_fetches.load(Ordering::SeqCst)
    }

    pub fn stable_fetches(&self) -> usize {
        self.state.stable_fetches.load(Ordering::SeqCst)
    }

    pub fn forced_fetches(&self) -> usize {
        self.state.forced_fetches.load(Ordering::SeqCst)
    }

    pub fn stable_bodies(&self) -> Vec<Value> {
        self.state.stable_bodies.lock().unwrap().clone()
    }

    /// The tokens `/wxa/check` received, in order.
    pub fn seen_tokens(&self) -> Vec<String> {
        self.state.seen.lock().unwrap().clone()
    }

    pub fn checks(&self) -> usize {
        self.state.seen.lock().unwrap().len()
    }
}
