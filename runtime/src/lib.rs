//! Runtime for the typed WeChat server API clients (`api.weixin.qq.com`)
//! that wxapi generates from its YAML specs.
//!
//! Generated code describes each operation as an [`Endpoint`], a request
//! type implementing [`Request`] and an error enum implementing
//! [`ApiError`]; it reaches this crate only through [`codegen`].
//! Applications build a [`Client`] and call it:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = wxapi_runtime::Client::builder()
//!     .app_id("wx0123456789abcdef")
//!     .app_secret(std::env::var("WECHAT_APP_SECRET")?)
//!     .build()?;
//! // client.call(SomeGeneratedRequest { .. }).await?
//! # Ok(())
//! # }
//! ```
//!
//! Errors are layered ([`Error`]): WeChat's own `errcode`s are typed per
//! endpoint, separate from transport, decoding and token failures. Access
//! tokens come from a [`TokenSource`] (see [`token`]): fetched from
//! `/cgi-bin/token` or, with [`ClientBuilder::stable_token`],
//! `/cgi-bin/stable_token`, cached in memory, and optionally shared between
//! processes through a [`token::TokenStore`] (a Redis one with the `redis`
//! cargo feature). App secrets and tokens are kept out of `Debug` output,
//! error messages and logs.
//!
//! API security mode (服务端 API 签名加密: encrypted, signed calls) is switched
//! on with [`ClientBuilder::api_security`]; see [`security`].

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod api_error;
mod builder;
mod client;
pub mod codegen;
mod encode;
mod endpoint;
mod envelope;
mod error;
mod file;
mod json_string;
mod macros;
mod random;
mod redact;
mod request;
mod secret;
pub mod security;
mod service;
pub mod token;
mod wire_int;

pub use crate::api_error::{ApiError, ErrorInfo};
pub use crate::builder::ClientBuilder;
pub use crate::client::Client;
pub use crate::encode::{EncodeError, Encoded};
pub use crate::endpoint::{Auth, Endpoint, Method};
pub use crate::error::{BuildError, DecodeError, Error, TransportError};
pub use crate::file::File;
pub use crate::json_string::JsonString;
pub use crate::request::Request;
pub use crate::secret::Secret;
pub use crate::security::{ApiSecurity, KeyError, SecurityError};
pub use crate::service::{PendingService, ServiceApi};
pub use crate::token::{AccessToken, TokenError, TokenSource};
pub use crate::wire_int::WireInt;

use crate::envelope::decode_body;
