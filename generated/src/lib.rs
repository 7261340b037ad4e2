//! Typed clients for WeChat's server APIs (`api.weixin.qq.com`).
//!
//! Everything in this crate except this file is generated from the YAML specs in `spec/` by
//! `wxapi-codegen` (`cargo run -p wxapi-codegen -- generate`): one method on [`Client`] per
//! endpoint, a request and a response type per endpoint, one error enum per endpoint that
//! wraps the shared [`CommonError`], and typed service-market calls under
//! [`Client::service_market`]. The runtime underneath is `wxapi-runtime`.
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

// The generated modules are printed by prettyplease; rustfmt would print them differently
// and `wxapi-codegen check` would then call them stale.
#[rustfmt::skip]
mod api;

pub use api::*;

#[cfg(test)]
#[rustfmt::skip]
mod spec_examples;
