//! Typed clients for WeChat's server APIs (`api.weixin.qq.com`).
//!
//! Everything in this crate except this file is generated from the YAML specs in `spec/` by
//! `wxapi-codegen` (`cargo run -p wxapi-codegen -- generate`): one method on [`Client`] per
//! endpoint, a request and a response type per endpoint, one error enum per endpoint that
//! wraps the shared [`CommonError`], and typed service-market calls under
//! [`Client::service_market`]. It re-exports what an application names of the runtime
//! underneath (`wxapi-runtime`), so this is the one crate to depend on.
//!
//! # Start here
//!
//! - [`Client`]: build one with [`Client::builder`] (a [`ClientBuilder`]), keep it, clone it
//!   freely. One method per endpoint; [`Client::service_market`] for provider APIs.
//! - Requests and responses: `<Id>Request::new(required fields)` plus a setter per optional
//!   field, `<Id>Response`; the endpoint's page names them.
//! - [`Error`]: every call's error, one variant per layer. `Error::Api` holds the endpoint's
//!   own enum (`<Id>Error`: its codes, [`CommonError`], and codes the spec doesn't know;
//!   [`ApiError`] and [`ErrorInfo`] describe any of them); the others are
//!   [`TransportError`], [`DecodeError`], [`EncodeError`], [`TokenError`] and
//!   [`SecurityError`]. [`BuildError`] is what building a client reports.
//! - [`token`]: where access tokens come from: app id and secret (classic or stable
//!   tokens), shared between processes through a [`token::TokenStore`]
//!   (`token::RedisTokenStore` with the `redis` cargo feature), a third-party platform's
//!   [`token::AuthorizerToken`] from its [`token::ComponentCredentials`], a fixed token, or
//!   none (cloud hosting).
//! - [`ApiSecurity`]: API security mode (服务端 API 签名加密), encrypted and signed calls;
//!   a bad key is a [`KeyError`].
//! - Values: [`Secret`] (kept out of `Debug`), [`File`] (uploads), [`JsonString`] (JSON
//!   sent as a string; a service's result), [`PendingService`] (an asynchronous
//!   service-market call).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use wxapi::{Client, MsgSecCheckRequest, SecScene, SecSuggest};
//!
//! let client = Client::builder().app_id("wx...").app_secret("...").build()?;
//! let request = MsgSecCheckRequest::new("hello", SecScene::Comment, "openid");
//! let checked = client.msg_sec_check(request).await?;
//! if checked.result.suggest == SecSuggest::Risky {
//!     println!("risky, trace {:?}", checked.trace_id);
//! }
//! # Ok(()) }
//! ```
//!
//! Configuring a client takes nothing but this crate: API security mode, tokens shared
//! through Redis (feature `redis`), a merchant's authorizer token.
//!
//! ```no_run
//! # fn run(load_ticket: fn() -> Option<String>) -> Result<(), Box<dyn std::error::Error>> {
//! use wxapi::token::ComponentCredentials;
//! use wxapi::{ApiSecurity, Client};
//!
//! let security = ApiSecurity::new(&std::env::var("WECHAT_API_SYMMETRIC_KEY")?, "key sn")?
//!     .app_private_key_pem(&std::fs::read_to_string("app-key.pem")?, "app key sn")?
//!     .platform_certificate_pem(&std::fs::read_to_string("platform.pem")?, "cert sn")?;
//! let secured = Client::builder()
//!     .app_id("wx...")
//!     .app_secret("...")
//!     .api_security(security)
//!     .build()?;
//!
//! # #[cfg(feature = "redis")] {
//! let store = wxapi::token::RedisTokenStore::new("redis://127.0.0.1/0")?;
//! let shared = Client::builder()
//!     .app_id("wx...")
//!     .app_secret("...")
//!     .stable_token(true)
//!     .token_store(store)
//!     .build()?;
//! # }
//!
//! let platform = ComponentCredentials::new("wx-platform", "component secret", load_ticket);
//! let merchant = Client::builder()
//!     .app_id("wx-merchant")
//!     .token_source(platform.authorizer("wx-merchant", "refresh token"))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! # Cargo features
//!
//! Each endpoint group of the spec (a folder of `spec/endpoints/`, named after the official
//! category: `login`, `qrcode`, `security`, …) is a cargo feature; `full`, the default, turns
//! them all on, so every API is there without configuration. A crate that calls only a few
//! groups compiles less with `default-features = false, features = ["login", "qrcode"]`:
//! endpoints of other groups, and the types only they use, are left out. Each item's docs
//! name the feature it needs. `redis` shares tokens between processes.

#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated modules are printed by prettyplease; rustfmt would print them differently
// and `wxapi-codegen check` would then call them stale.
#[rustfmt::skip]
mod api;

pub use api::*;

// The examples and mock tests cover every endpoint: they need every group.
#[cfg(all(test, feature = "full"))]
#[rustfmt::skip]
mod spec_examples;

#[cfg(all(test, feature = "full"))]
#[rustfmt::skip]
mod mock_tests;
