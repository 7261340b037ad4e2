//! Stage 3d: the checked model -> one OpenAPI 3.1 document of the whole spec, as JSON.
//!
//! The document is for tools that speak OpenAPI (Redoc, Swagger UI, linters, other
//! generators), not for the Rust client, which keeps being generated from the model. It is
//! built as `serde_json` values in spec order (the crate's `serde_json` keeps insertion
//! order), so the same spec gives the same bytes.
//!
//! The parts, one file each:
//! - `document.rs`: the root (info, servers, tags, paths, components) and the routes;
//! - `operation.rs`: an endpoint as an operation, and the merge of endpoints that share a
//!   method and a path (OpenAPI has one operation per pair);
//! - `request.rs`: query parameters and the body (JSON, multipart parts, bytes);
//! - `schema.rs`: types, fields and named types as JSON Schema 2020-12;
//! - `envelope.rs`: WeChat's `errcode`/`errmsg` envelope and the error tables;
//! - `security.rs`: the auth kinds as security schemes, the rest as extensions;
//! - `services.rs`: the service market, which OpenAPI has no word for;
//! - `examples.rs`: the spec's checked examples, split the way OpenAPI places them;
//! - `json.rs`: a builder of objects with optional keys.
//!
//! What the format can't say goes into `x-wxapi-*` extensions; the README's "OpenAPI
//! export" section lists what is lost.

#[cfg(feature = "openapi")]
mod document;
#[cfg(feature = "openapi")]
mod envelope;
#[cfg(feature = "openapi")]
mod examples;
#[cfg(feature = "openapi")]
mod json;
#[cfg(feature = "openapi")]
mod operation;
#[cfg(feature = "openapi")]
mod request;
#[cfg(feature = "openapi")]
mod schema;
#[cfg(feature = "openapi")]
mod security;
#[cfg(feature = "openapi")]
mod services;
#[cfg(all(test, feature = "openapi"))]
mod tests;

#[cfg(feature = "openapi")]
pub use document::render;

/// Where the document goes, relative to the output directory.
#[cfg(feature = "openapi")]
pub const PATH: &str = "openapi.json";

/// The document's `info`: what it is called and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenApiInfo {
    pub title: String,
    /// The version of the API description: the generated crate's, as both change together
    /// ([`Options::checked_in_for`](crate::Options::checked_in_for) reads it); `0.0.0` when
    /// no crate is known.
    pub version: String,
}

impl Default for OpenApiInfo {
    fn default() -> Self {
        OpenApiInfo {
            title: "WeChat server API (wxapi)".to_owned(),
            version: "0.0.0".to_owned(),
        }
    }
}

/// The document could not be made: a spec name clashes with a schema the export adds.
#[derive(Debug, thiserror::Error)]
#[error("OpenAPI document: {message}")]
pub struct OpenApiError {
    pub message: String,
}
