//! The spec-driven layer: every endpoint a spec declares, served from its model.
//!
//! Given a spec ([`MockServerBuilder::spec`](crate::MockServerBuilder::spec)), the server routes
//! each request to its endpoint by method and path (and `const` discriminators), checks its
//! credentials as the spec's `auth` says, validates it against the request's fields, and
//! answers from the spec's examples; a test steers an endpoint by its id ([`Steer`]) and
//! reads the calls ([`Call`]) and the violations ([`Violation`]) the server saw. The
//! built-in endpoints (tokens, content checks, the service market) keep the behaviour the spec
//! can't express. A new endpoint file in the spec is served as is, with no code.
//!
//! # Routing
//!
//! In order: the test's [custom endpoints](crate::MockServer::register_endpoint) by path, the
//! built-in endpoints, then the spec's. Endpoints sharing a method and path are told apart by
//! the `const` fields the request carries (`/wxa/plugin` and its `action`; the `version: 2`
//! of msg_sec_check v2), else the first in spec order. A spec path called with the other
//! method answers 43001 (`require GET method`) or 43002 (`require POST method`); a path no
//! one serves answers HTTP 404 with 40066 (`invalid url`).
//!
//! # Credentials
//!
//! `auth: access_token` checks the token as the built-in endpoints do (41001, 40014, 40001,
//! 42001). `auth: app_secret` wants the endpoint's appid and secret parameters to name a
//! [configured app](crate::MockServerBuilder::app) (41002 / 41004 missing, 40013 unknown
//! appid, 40125 wrong secret). `signature: session_key` wants `signature` (64 hex digits) and
//! `sig_method=hmac_sha256` in the query (else 87009); once a test
//! [tells the session key](crate::MockServer::set_session_key) of an openid, the signature
//! must also be [its HMAC of the body](crate::session_key_signature).
//!
//! # Validation
//!
//! | what is wrong | errcode |
//! |---|---|
//! | an empty JSON body | 44002 `empty post data` |
//! | a JSON body that is not an object; a required field missing (query, body, inside objects); a value of the wrong JSON kind (integer and its width, number, boolean, string, array, object, map, the kind of an enum); a `json_string` that holds no JSON; a `one_of` sent both ways; a body where the endpoint takes none | 47001 `data format error` |
//! | a `const` field with another value | 40097 `invalid args` |
//! | an upload without its file part, or with one without a filename; a `one_of` with neither alternative; a multipart endpoint sent something else; an empty binary body | 41005 `media data missing` |
//! | a body on a signed endpoint that takes none (the signature is over the empty body) | 87009 `invalid signature` |
//!
//! Extra fields are allowed (WeChat ignores them), enum values the spec doesn't list too (as
//! long as their JSON kind is the enum's), and `lenient` fields take a number or a numeric
//! string. The errmsg names the field: ``data format error: field `scene` must be an integer,
//! not "x" rid: …``. Each such request is also recorded as a [`Violation`]: a test that sends
//! one on purpose [takes](crate::MockServer::take_violations) it, and a server dropped with
//! violations not taken fails the test.
//!
//! # Answers
//!
//! By default the endpoint's first success example, as the spec writes it (an `"errcode":
//! "0"` stays a string); without one, `{"errcode":0,"errmsg":"ok"}` with a plain value for
//! every required response field (`"x"`, `0`, `false`, `[]`, `{}`, an enum's first value,
//! objects with their required fields). File answers (`response.body: binary`) are a small PNG
//! labelled `image/png`. Errors are `{"errcode":N,"errmsg":"<message of its table> rid: …"}`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use serde_json::Value;
//! use wxapi_mock::{MockServer, DEFAULT_APPID, DEFAULT_SECRET};
//!
//! let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
//! let server = MockServer::start_with_spec(spec).await.unwrap();
//! let http = reqwest::Client::builder().no_proxy().build().unwrap();
//! let token = server.rotate_token(DEFAULT_APPID);
//! let url = server.url(&format!("/cgi-bin/openapi/rid/get?access_token={token}"));
//!
//! // The example of the spec; then an error of the endpoint's table, once.
//! let answer: Value = http.post(&url).body(r#"{"rid":"r"}"#).send().await.unwrap().json().await.unwrap();
//! assert_eq!(answer["request"]["cost_in_ms"], 30);
//! server.steer("get_rid_info").unwrap().error(76001).unwrap().times(1);
//! let answer: Value = http.post(&url).body(r#"{"rid":"r"}"#).send().await.unwrap().json().await.unwrap();
//! assert_eq!(answer["errcode"], 76001);
//!
//! // A request that breaks the spec is answered as WeChat would, and recorded.
//! let answer: Value = http.post(&url).body("{}").send().await.unwrap().json().await.unwrap();
//! assert_eq!(answer["errcode"], 47001);
//! assert_eq!(server.take_violations()[0].field.as_deref(), Some("rid"));
//! assert_eq!(server.calls()[0].endpoint.as_deref(), Some("get_rid_info"));
//! # }
//! ```
//!
//! # Steering
//!
//! [`MockServer::steer`] names an endpoint by id; the [`Steer`] chooses an example (by title
//! or position), an error code (of the endpoint's table or the common one), a delay, a 502,
//! a truncated body, a dropped connection or a string `errcode`, for the next
//! [`times(n)`](Steer::times) calls (then the endpoint answers as before) or
//! [`always`](Steer::always) (until its next steering). Names the spec doesn't have are a
//! [`SteerError`] saying what exists. A steered built-in endpoint checks its credentials,
//! then answers as steered.

mod answer;
mod auth;
pub mod curl;
mod record;
mod routes;
pub(crate) mod serve;
mod steer;
mod validate;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    /// Reads and checks the spec folder `dir`. Checking a large spec costs far more than
    /// reading it, and a test suite starts a server per test: a folder whose files are byte
    /// for byte those of an earlier load shares that load's checked spec (an edited folder is
    /// checked again).
    pub(crate) fn load(dir: &Path) -> Result<Arc<Spec>, MockError> {
        static LOADED: Mutex<Vec<(PathBuf, u64, Arc<Spec>)>> = Mutex::new(Vec::new());
        let tree = wxapi_codegen::SpecTree::read(dir).map_err(|e| MockError {
            message: format!("reading the spec {}: {e}", dir.display()),
        })?;
        let fingerprint = fingerprint(&tree);
        let loaded = |cache: &[(PathBuf, u64, Arc<Spec>)]| {
            cache
                .iter()
                .find(|(d, f, _)| d == dir && *f == fingerprint)
                .map(|(_, _, spec)| spec.clone())
        };
        if let Some(spec) = loaded(&LOADED.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(spec);
        }
        let model = check(dir, &tree)?;
        let spec = Arc::new(Spec {
            dir: dir.to_owned(),
            routes: routes::Routes::new(&model),
            model,
        });
        let mut cache = LOADED.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(d, _, _)| d != dir);
        cache.push((dir.to_owned(), fingerprint, spec.clone()));
        Ok(spec)
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

/// A hash of every file's path and bytes: equal for the same folder contents.
fn fingerprint(tree: &wxapi_codegen::SpecTree) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    tree.files.hash(&mut hasher);
    hasher.finish()
}

/// Checks the spec read from `dir` into its model.
fn check(dir: &Path, tree: &wxapi_codegen::SpecTree) -> Result<Model, MockError> {
    let mut dx = wxapi_codegen::Diagnostics::default();
    wxapi_codegen::check(tree, &mut dx).ok_or_else(|| MockError {
        message: format!(
            "the spec {} has errors:\n{}",
            dir.display(),
            wxapi_codegen::render(&dx, tree, wxapi_codegen::Format::Plain)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: &str = "id: ping\ntitle: Ping\ndoc: Ping.\nhttp: { method: GET, path: /wxa/ping }\nidempotent: true\n";

    /// A spec folder of one endpoint under the system's temporary directory, unique to `name`.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wxapi-mock-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("endpoints")).expect("mkdir");
        std::fs::write(dir.join("endpoints/ping.yaml"), ENDPOINT).expect("write");
        dir
    }

    #[test]
    fn an_unchanged_folder_is_checked_once_and_an_edited_one_again() {
        let dir = folder("cache");
        let first = Spec::load(&dir).expect("loads");
        let again = Spec::load(&dir).expect("loads");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same files share one check"
        );
        let edited = ENDPOINT.replace("/wxa/ping", "/wxa/pong");
        std::fs::write(dir.join("endpoints/ping.yaml"), edited).expect("write");
        let after = Spec::load(&dir).expect("loads");
        assert!(!Arc::ptr_eq(&first, &after), "an edit is checked again");
        assert_eq!(after.model.endpoints[0].path, "/wxa/pong");
        std::fs::write(dir.join("endpoints/ping.yaml"), "id: [\n").expect("write");
        assert!(
            Spec::load(&dir).is_err(),
            "a broken edit is an error, not the old spec"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
