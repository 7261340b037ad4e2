//! A fake WeChat server API (`api.weixin.qq.com`) for wxapi's tests.
//!
//! Tests must never call the real WeChat API. They start a [`MockServer`] instead: it listens
//! on `127.0.0.1` with a random port, behaves like the real server for the endpoints wxapi
//! declares (built-in handlers for tokens, content checks and the service market, and every
//! other endpoint of a [`spec`]), records what it receives, misbehaves on demand ([`Fault`]),
//! and stops when its handle is dropped or [`shut down`](MockServer::shutdown).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use std::time::Duration;
//! use serde_json::Value;
//! use wxapi_mock::{codes, MockServer};
//!
//! let server = MockServer::builder()
//!     .app("wxapp", "secret")
//!     .risky_word("赌博")
//!     .start()
//!     .await;
//! let http = reqwest::Client::builder().no_proxy().build().unwrap();
//!
//! // Point the client's base URL at the fake.
//! let url = server.url("/cgi-bin/token?grant_type=client_credential&appid=wxapp&secret=secret");
//! let token: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
//! assert_eq!(token["expires_in"], 7200);
//! assert_eq!(server.token_fetches(), 1);
//!
//! // Tokens really expire, by the fake clock.
//! server.advance(Duration::from_secs(7200));
//! let access_token = token["access_token"].as_str().unwrap();
//! let check = server.url(&format!("/wxa/msg_sec_check?access_token={access_token}"));
//! let answer: Value = http.post(&check).body(r#"{"content":"hi"}"#).send().await.unwrap().json().await.unwrap();
//! assert_eq!(answer["errcode"], codes::ACCESS_TOKEN_EXPIRED);
//! assert!(answer["errmsg"].as_str().unwrap().starts_with("access_token expired rid: "));
//!
//! server.shutdown().await;
//! # }
//! ```
//!
//! # Endpoints
//!
//! Every error is HTTP 200 with `{"errcode": N, "errmsg": "<message> rid: xxxxxxxx-xxxxxxxx-xxxxxxxx"}`;
//! the codes are in [`codes`]. Endpoints with `?access_token=` answer 41001 when it is
//! missing, 40014 when it is malformed (shorter than 32 characters or with characters other
//! than `[A-Za-z0-9_-]`), 40001 when it was never issued or was superseded/revoked, and 42001
//! when it expired (expiry wins when both apply). Endpoints that need POST answer 43002 to
//! other methods; JSON bodies that are empty answer 44002, and bodies that are not a JSON
//! object (or have a field of the wrong type or a missing required field) answer 47001.
//! Unknown paths answer HTTP 404 with `{"errcode":40066,"errmsg":"invalid url rid: …"}`.
//!
//! | endpoint | behaviour |
//! |---|---|
//! | `GET /cgi-bin/token` | grant_type ≠ `client_credential` 40002, appid missing 41002, secret missing 41004, unknown appid 40013, wrong secret 40125 (or 40001, [`WrongSecret`]). Success `{"access_token","expires_in"}` without errcode; the app's previous token is superseded (immediately, or after [`token_grace`](MockServerBuilder::token_grace)). |
//! | `POST /cgi-bin/stable_token` | Same checks. Normal mode returns the current stable token with its remaining lifetime, a new one when none is usable or in the last [5 minutes](MockServerBuilder::stable_refresh_window) (the old one living on). `force_refresh: true` supersedes the previous stable token at once; at most [20 a day](MockServerBuilder::force_refresh_daily_limit) (then 45009) and, within [30 s](MockServerBuilder::force_refresh_min_interval) of the previous forced refresh, the current token is returned unchanged. Stable and `/cgi-bin/token` tokens never affect each other. |
//! | `POST /cgi-bin/component/api_component_token` | `{component_appid, component_appsecret, component_verify_ticket}` of a [third-party platform](MockServerBuilder::component): empty appid 41002, an appid that is not a platform 61011, empty secret 41004, wrong secret 40125 (or 40001, [`WrongSecret`]), a missing or unknown ticket 61006, a ticket [pushed](MockServer::push_component_ticket) more than 12 h ago 61005. Success `{"component_access_token","expires_in"}` without errcode; earlier component tokens stay usable until they expire. |
//! | `POST /cgi-bin/component/api_authorizer_token` | `?component_access_token=` (or `?access_token=`): missing 41001, malformed 40014, unknown or [revoked](MockServer::revoke_component_tokens) 40001, expired 42001. `{component_appid, authorizer_appid, authorizer_refresh_token}`: empty component_appid 41002, not the token's platform 61011, no [authorization](MockServerBuilder::authorization) (or a [cancelled](MockServer::revoke_authorization) one) 61003, a missing, wrong or replaced refresh token 61023. Success `{"authorizer_access_token","expires_in","authorizer_refresh_token"}`: the authorizer's previous token answers 40001 at once, and with [rotation](MockServerBuilder::rotate_refresh_tokens) the refresh token is a new one (the old one works for a [grace period](MockServerBuilder::refresh_token_grace)). The authorizer token is an `access_token` of the authorizer appid for every endpoint below. |
//! | `POST /wxa/msg_sec_check` | `version` absent/1: `{content}` → 87014 for a [risky word](MockServerBuilder::risky_word), else `{"errcode":"0","errmsg":"ok"}` (string by default, [`ErrcodeStyle`]). `version` 2: scene not 1-4 → 40129, openid missing/empty → 40003, else errcode 0 with `trace_id`, `result {suggest, label}` and `detail` (a `content_model` item, plus `keyword` items for [keywords](MockServerBuilder::keyword)); risky words give `risky` / 20006. Other versions 47001. |
//! | `POST /wxa/img_sec_check` | Needs `multipart/form-data` with a file part (with filename) named `media`, else 41005; an empty file 44001; a file over [1 MiB](IMG_SEC_CHECK_MAX_BYTES) 40006 (`invalid media size`); bytes containing a [risky marker](MockServerBuilder::risky_image_marker) 87014; else `{"errcode":0,"errmsg":"ok"}`. The file is kept for [`last_media`](MockServer::last_media). |
//! | `POST /wxa/servicemarket` | `{service, api, data, client_msg_id, async?}`; `service`, `api`, `client_msg_id` and `data` are required (47001). `data` may be an object or a string containing JSON. Routed to a provider ([`register_provider`](MockServer::register_provider)); unknown service/api, a `data` string that is not JSON or an `async` flag that does not match the provider → 9301001. Built in: [`OCR_SERVICE`] / [`OCR_API`] (OcrAllInOne), answering `data` as a JSON string. Every `client_msg_id` is [recorded](MockServer::client_msg_ids). |
//! | `POST /wxa/servicemarketretrieve` | `{request_id}` of an async call. Not ready yet: `{"errcode":0,"errmsg":"ok","status":1,"request_id":…}` with no `data`. Ready: `{"errcode":0,"errmsg":"ok","data":"…","request_id":…}` (or the provider's failure, 9301002 with its message). Unknown or [expired](AsyncOptions::retention) request_id (24 h by default) → 9301001. Each answer carries a new `request_id`. |
//!
//! # Every endpoint of a spec
//!
//! Given the spec folder ([`spec`](MockServerBuilder::spec), or
//! [`start_with_spec`](MockServer::start_with_spec)), the server also serves every other
//! endpoint the spec declares, with no code per endpoint: routed by method, path and `const`
//! fields, authenticated as the spec's `auth` says, validated against the request's fields
//! (a request that breaks the spec is answered with WeChat's code and recorded as a
//! [`Violation`]; violations left untaken fail the test when the server is dropped),
//! answered from the spec's examples, and steered by endpoint id. The rules are in
//! [`spec`]. The `wxapi-mock` command serves a spec on its own:
//! `wxapi-mock --spec spec --port 8080 --app APPID:SECRET`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use wxapi_mock::{MockServer, DEFAULT_APPID};
//!
//! let server = MockServer::start_with_spec(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
//!     .await
//!     .unwrap();
//! let token = server.rotate_token(DEFAULT_APPID);
//! server.steer("get_phone_number").unwrap().example("code 无效").unwrap().always();
//! let url = server.url(&format!("/wxa/business/getuserphonenumber?access_token={token}"));
//! let http = reqwest::Client::builder().no_proxy().build().unwrap();
//! let answer = http.post(&url).body(r#"{"code":"c"}"#).send().await.unwrap().text().await.unwrap();
//! assert_eq!(answer, r#"{"errcode":40029,"errmsg":"invalid code"}"#);
//! # }
//! ```
//!
//! # The "not ready" answer of servicemarketretrieve
//!
//! The server-side docs do not say what retrieve answers before the result exists. The fake
//! follows the mini-program side `wx.serviceMarket.getAsyncResult`, whose `status` is 1 while
//! there is no result: errcode 0, `"status": 1`, no `data`. A ready answer has no `status`,
//! exactly like the official example.
//!
//! # Third-party platforms
//!
//! A platform ([`component`](MockServerBuilder::component)) gets a `component_verify_ticket` at
//! start, as if WeChat had pushed one; read it with
//! [`component_verify_ticket`](MockServer::component_verify_ticket) (the test plays the
//! platform's ticket store) and push newer ones with
//! [`push_component_ticket`](MockServer::push_component_ticket). A merchant's
//! [`authorization`](MockServerBuilder::authorization) gives the platform a refresh token; the
//! `authorizer_access_token`s it yields call the merchant's APIs (msg_sec_check, servicemarket,
//! ...) exactly like the merchant's own access tokens.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use serde_json::{json, Value};
//! use wxapi_mock::MockServer;
//!
//! let server = MockServer::builder()
//!     .component("wxcomponent", "component-secret")
//!     .authorization("wxcomponent", "wxmerchant", "refreshtoken@@@merchant")
//!     .start()
//!     .await;
//! let http = reqwest::Client::builder().no_proxy().build().unwrap();
//! let ticket = server.component_verify_ticket("wxcomponent");
//! let body = json!({"component_appid": "wxcomponent", "component_appsecret": "component-secret",
//!     "component_verify_ticket": ticket});
//! let url = server.url("/cgi-bin/component/api_component_token");
//! let answer: Value = http.post(&url).json(&body).send().await.unwrap().json().await.unwrap();
//! let component_token = answer["component_access_token"].as_str().unwrap();
//!
//! let body = json!({"component_appid": "wxcomponent", "authorizer_appid": "wxmerchant",
//!     "authorizer_refresh_token": "refreshtoken@@@merchant"});
//! let url = server.url(&format!("/cgi-bin/component/api_authorizer_token?component_access_token={component_token}"));
//! let answer: Value = http.post(&url).json(&body).send().await.unwrap().json().await.unwrap();
//! let token = answer["authorizer_access_token"].as_str().unwrap();
//!
//! let check = server.url(&format!("/wxa/msg_sec_check?access_token={token}"));
//! let answer: Value = http.post(&check).body(r#"{"content":"hi"}"#).send().await.unwrap().json().await.unwrap();
//! assert_eq!(answer["errmsg"], "ok");
//! assert_eq!((server.component_token_fetches(), server.authorizer_token_fetches()), (1, 1));
//! # }
//! ```
//!
//! # API security mode
//!
//! An app given keys with [`api_security`](MockServerBuilder::api_security) may call in API
//! security mode (服务端 API 签名加密): sealed requests are verified and decrypted, and their
//! answers encrypted and signed with a platform key; certificates
//! [rotate](MockServer::rotate_platform_certificate) and answers can be
//! [spoiled](MockServer::tamper_next) on purpose. See [`security`].
//!
//! # Time
//!
//! Token lifetimes, verify tickets, stable-token renewal, the per-day force-refresh quota (days counted from
//! server start) and async results use a fake clock: real time since start plus every
//! [`advance`](MockServer::advance); with [`frozen_clock`](MockServerBuilder::frozen_clock)
//! only `advance` moves it. [`Fault::Delay`] waits in real time.
//!
//! # Dropped connections
//!
//! The server is a plain tokio accept loop serving each connection with hyper. Each connection
//! task races the hyper connection against a signal; [`Fault::DropConnection`] fires the
//! signal after reading the request, and the task drops the socket without writing anything.
#![deny(missing_docs)]

mod builder;
mod clock;
pub mod codes;
mod component;
mod config;
mod envelope;
mod faults;
mod handle;
mod handlers;
mod multipart;
mod providers;
mod random;
pub mod redis_server;
mod request;
pub mod security;
mod server;
pub mod spec;
mod state;
mod tokens;

pub use builder::MockServerBuilder;
pub use config::{
    ErrcodeStyle, WrongSecret, DEFAULT_RISKY_IMAGE_MARKER, DEFAULT_RISKY_LABEL,
    IMG_SEC_CHECK_MAX_BYTES, OFFICIAL_RISKY_TEST_TEXT,
};
pub use envelope::{errmsg_with_rid, error_json};
pub use faults::{Fault, FaultBuilder, FaultHandle};
pub use handle::{EndpointAuth, MockServer, DEFAULT_APPID, DEFAULT_SECRET, REAL_TOKEN_GRACE};
pub use providers::{AsyncOptions, ProviderReply, OCR_API, OCR_SERVICE};
pub use request::{session_key_signature, FormPart, RawReply, ReceivedRequest};
pub use security::{MockApiSecurity, Tamper};
pub use spec::{Call, MockError, Steer, SteerError, Violation};
pub use state::{Counters, MediaInfo, ServiceCall};
