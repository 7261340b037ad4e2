//! The spec-driven layer: every endpoint a spec declares, served from its model.
//!
//! Given a spec ([`MockServerBuilder::spec`](crate::MockServerBuilder::spec)), the server routes
//! each request to its endpoint by method and path (and `const` discriminators), checks its
//! credentials as the spec's `auth` says, validates it against the request's fields, and
//! answers from the spec's examples; a test steers an endpoint by its id ([`Steer`]) and
//! reads the calls ([`Call`]) and the violations ([`Violation`]) the server saw. The
//! built-in endpoints (tokens, content checks, the service market) keep the behaviour the spec
//! can't express.

mod answer;
mod auth;
mod record;
mod routes;
pub(crate) mod serve;
mod steer;
mod validate;

use std::path::{Path, PathBuf};

use wxapi_codegen::model::Model;

use crate::MockServer;

pub(crate) use record::SpecState;
pub(crate) use routes::Route;
pub use steer::{Steer, SteerError};

/// A spec being served: its checked model and its routes.
#[derive(Debug)]
pub(crate) struct Spec {
    /// The folder it was read from.
    pub(crate) dir: PathBuf,
    pub(crate) model: Model,
    pub(crate) routes: routes::Routes,
}

impl Spec {
    /// Reads and checks the spec folder `dir`.
    pub(crate) fn load(dir: &Path) -> Result<Spec, MockError> {
        let model = load(dir)?;
        Ok(Spec {
            dir: dir.to_owned(),
            routes: routes::Routes::new(&model),
            model,
        })
    }

    /// Where a request goes.
    pub(crate) fn route(&self, req: &crate::request::ReceivedRequest) -> Route {
        self.routes.resolve(&self.model, req)
    }
}

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

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {}", self.endpoint, self.errcode, self.message)
    }
}

impl MockServer {
    /// Starts a server serving the spec folder `dir`, with one app ([`DEFAULT_APPID`] /
    /// [`DEFAULT_SECRET`]): `MockServer::builder().app(..).spec(dir).try_start_spec()`.
    ///
    /// [`DEFAULT_APPID`]: crate::DEFAULT_APPID
    /// [`DEFAULT_SECRET`]: crate::DEFAULT_SECRET
    pub async fn start_with_spec(dir: impl Into<PathBuf>) -> Result<MockServer, MockError> {
        MockServer::builder()
            .app(crate::DEFAULT_APPID, crate::DEFAULT_SECRET)
            .spec(dir)
            .try_start_spec()
            .await
    }

    /// The ids of the spec's endpoints, in spec order; empty when no spec is served.
    pub fn spec_endpoints(&self) -> Vec<String> {
        let spec = self.shared.lock().spec.clone();
        spec.map(|s| s.model.endpoints.iter().map(|e| e.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The spec folder served, if any.
    pub fn spec_dir(&self) -> Option<PathBuf> {
        let spec = self.shared.lock().spec.clone();
        spec.map(|s| s.dir.clone())
    }
}

/// Loads the spec folder `dir` into its checked model.
fn load(dir: &Path) -> Result<Model, MockError> {
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
