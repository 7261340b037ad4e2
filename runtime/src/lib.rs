//! Runtime for the typed WeChat server API clients (`api.weixin.qq.com`)
//! that wxapi generates from its YAML specs.
//!
//! Applications depend on the generated crate (`wxapi`), which re-exports
//! everything here that they name; this crate is what that code runs on.
//!
//! # Start here
//!
//! - [`Client`], built with [`ClientBuilder`] ([`Client::builder`]): app id
//!   and secret or another token source, timeouts, retries. Cheap to clone.
//! - [`Error`]: the error of every call, one variant per layer:
//!   [`Api`](Error::Api) (WeChat's `errcode`, typed per endpoint through
//!   [`ApiError`] and [`ErrorInfo`]), [`TransportError`], [`DecodeError`],
//!   [`EncodeError`], [`TokenError`], [`SecurityError`]. [`BuildError`] is
//!   what [`ClientBuilder::build`] reports.
//! - [`token`]: where access tokens come from: app credentials (classic or
//!   [stable](ClientBuilder::stable_token)), a [`token::TokenStore`] shared
//!   between processes (`RedisTokenStore` with the `redis` cargo feature),
//!   third-party platforms ([`token::ComponentCredentials`],
//!   [`token::AuthorizerToken`]), a fixed token, or none.
//! - [`ApiSecurity`]: API security mode (服务端 API 签名加密: encrypted,
//!   signed calls), switched on with [`ClientBuilder::api_security`]; see
//!   [`security`]. A bad key is a [`KeyError`].
//! - Values in requests and responses: [`Secret`] (kept out of `Debug`),
//!   [`File`] (uploads), [`Media`] (files endpoints answer with, such as QR
//!   codes), [`JsonString`] (JSON sent as a string), and
//!   [`PendingService`] (an asynchronous service-market call).
//!
//! App secrets and tokens are kept out of `Debug` output, error messages and
//! logs.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
//! let client = wxapi::Client::builder()
//!     .app_id("wx0123456789abcdef")
//!     .app_secret(std::env::var("WECHAT_APP_SECRET")?)
//!     .stable_token(true)
//!     .build()?;
//! // The generated `wxapi::Client` has one method per endpoint:
//! // client.msg_sec_check(request).await?
//! # let _ = client;
//! # Ok(())
//! # }
//! ```
//!
//! Generated code reaches this crate only through [`codegen`], the contract
//! between the two: endpoint descriptions, request encoding, the calls, and
//! the macros that every generated enum shares.

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod api_error;
mod builder;
mod call;
mod client;
pub mod codegen;
mod envelope;
mod error;
mod file;
mod json_string;
mod media;
mod pending;
mod random;
mod redact;
mod retry;
mod secret;
pub mod security;
pub mod token;

pub use crate::api_error::{ApiError, ErrorInfo};
pub use crate::builder::ClientBuilder;
pub use crate::call::Call;
pub use crate::client::Client;
pub use crate::error::{BuildError, DecodeError, EncodeError, Error, TransportError};
pub use crate::file::File;
pub use crate::json_string::JsonString;
pub use crate::media::Media;
pub use crate::pending::PendingService;
pub use crate::secret::Secret;
pub use crate::security::{ApiSecurity, KeyError, SecurityError};
pub use crate::token::TokenError;
