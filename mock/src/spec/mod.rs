//! The spec-driven layer: every endpoint a spec declares, served from its model.
//!
//! Given a spec ([`MockServerBuilder::spec`](crate::MockServerBuilder::spec)), the server routes
//! each request to its endpoint by method and path (and `const` discriminators), checks its
//! credentials as the spec's `auth` says, validates it against the request's fields, and
//! answers from the spec's examples; a test steers an endpoint by its id ([`Steer`]) and
//! reads the calls ([`Call`]) and the violations ([`Violation`]) the server saw. The
//! built-in endpoints (tokens, content checks, the service market) keep the behaviour the spec
//! can't express.

mod steer;

use std::path::Path;

pub use steer::{Steer, SteerError};

/// A spec could not be served: it doesn't read or doesn't validate (the diagnostics,
/// drawn), or the server could not start.
#[derive(Debug)]
pub struct MockError {
    pub(crate) message: String,
}

impl std::fmt::Display for MockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MockError {}

/// One request the server received, as a test asserts on it: secrets masked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The spec endpoint it was routed to (its id), if any.
    pub endpoint: Option<String>,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Query parameters in order; `access_token`, `secret`, `signature`, … masked as `***`.
    pub query: Vec<(String, String)>,
    /// Headers in order, names in lower case; credentials masked.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// A request that broke the spec: what the server answered it with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The endpoint's id.
    pub endpoint: String,
    /// The field concerned (its wire name; `a.b[0]` inside objects), when there is one.
    pub field: Option<String>,
    /// The errcode answered (44002, 47001, 41005, ...).
    pub errcode: i64,
    /// What was wrong, in words.
    pub message: String,
}

/// Loads the spec folder `dir` into its checked model.
pub(crate) fn load(dir: &Path) -> Result<wxapi_codegen::model::Model, MockError> {
    let tree = wxapi_codegen::SpecTree::read(dir).map_err(|e| MockError {
        message: format!("reading the spec {}: {e}", dir.display()),
    })?;
    let mut dx = wxapi_codegen::Diagnostics::default();
    wxapi_codegen::check(&tree, &mut dx).ok_or_else(|| MockError {
        message: format!(
            "the spec {} has errors:\n{}",
            dir.display(),
            wxapi_codegen::render(&dx, &tree, wxapi_codegen::Format::Plain)
        ),
    })
}
