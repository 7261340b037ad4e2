//! The server's mutable state, shared by the connection tasks and the test's handle.
//!
//! Everything lives behind one `std::sync::Mutex`; handlers lock it for short, synchronous
//! sections only and never call user code (providers, custom endpoints) while holding it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use crate::clock::Clock;
use crate::component::ComponentStore;
use crate::config::Config;
use crate::faults::FaultTable;
use crate::providers::{AsyncOptions, Provider, ProviderReply};
use crate::request::{RawReply, ReceivedRequest};
use crate::security::SecurityState;
use crate::tokens::TokenStore;

/// Token counters, read with [`MockServer::counters`](crate::MockServer::counters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counters {
    /// Successful `GET /cgi-bin/token` calls (each issued a new token).
    pub token_fetches: u64,
    /// Successful normal-mode `POST /cgi-bin/stable_token` calls (`force_refresh` absent or false).
    pub stable_token_fetches: u64,
    /// Successful force-mode stable_token calls, including those within the 30 s spacing that
    /// returned the current token unchanged.
    pub forced_refresh_calls: u64,
    /// Force-mode stable_token calls that actually replaced the token.
    pub forced_refreshes: u64,
    /// Successful `POST /cgi-bin/component/api_component_token` calls (each issued a new
    /// `component_access_token`).
    pub component_token_fetches: u64,
    /// Successful `POST /cgi-bin/component/api_authorizer_token` calls (each issued a new
    /// `authorizer_access_token`, superseding the previous one).
    pub authorizer_token_fetches: u64,
}

/// The file part of the last `img_sec_check` request, read with
/// [`MockServer::last_media`](crate::MockServer::last_media).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MediaInfo {
    /// The `filename` of the `media` part.
    pub filename: String,
    /// Its `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// Its length in bytes.
    pub len: usize,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// One well-formed `/wxa/servicemarket` call, read with
/// [`MockServer::service_calls`](crate::MockServer::service_calls).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServiceCall {
    /// `service`.
    pub service: String,
    /// `api`.
    pub api: String,
    /// `client_msg_id`.
    pub client_msg_id: String,
    /// `data`, decoded when it was sent as a string containing JSON.
    pub data: Value,
    /// Whether `async` was true.
    pub is_async: bool,
}

/// A pending or finished asynchronous service-market call.
#[derive(Debug, Clone)]
pub(crate) struct AsyncJob {
    pub(crate) reply: ProviderReply,
    pub(crate) created_at: Duration,
    pub(crate) polls: u32,
    pub(crate) options: AsyncOptions,
}

/// The handler of a custom endpoint.
pub(crate) type EndpointFn = Arc<dyn Fn(&ReceivedRequest) -> Value + Send + Sync>;
pub(crate) type RawEndpointFn = Arc<dyn Fn(&ReceivedRequest) -> RawReply + Send + Sync>;

/// What a custom endpoint answers with.
#[derive(Clone)]
pub(crate) enum EndpointHandler {
    /// A JSON body, labelled as WeChat labels JSON.
    Json(EndpointFn),
    /// Any bytes, with the status and content type the test chooses.
    Raw(RawEndpointFn),
}

/// A custom endpoint registered by a test.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) requires_token: bool,
    pub(crate) handler: EndpointHandler,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("requires_token", &self.requires_token)
            .finish_non_exhaustive()
    }
}

/// The mutable part of the state.
#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub(crate) config: Config,
    pub(crate) tokens: TokenStore,
    pub(crate) components: ComponentStore,
    pub(crate) faults: FaultTable,
    pub(crate) counters: Counters,
    pub(crate) requests: HashMap<String, u64>,
    pub(crate) log: Vec<ReceivedRequest>,
    pub(crate) providers: HashMap<(String, String), Provider>,
    pub(crate) jobs: HashMap<String, AsyncJob>,
    pub(crate) service_calls: Vec<ServiceCall>,
    pub(crate) last_media: Option<MediaInfo>,
    pub(crate) endpoints: HashMap<String, Endpoint>,
    pub(crate) security: SecurityState,
    /// The spec folder the spec-driven layer serves, if any.
    pub(crate) spec_dir: Option<std::path::PathBuf>,
    /// Its checked model and routes, loaded when the server starts.
    pub(crate) spec: Option<Arc<crate::spec::Spec>>,
    /// Calls, violations, steerings and session keys of the spec-driven layer.
    pub(crate) spec_state: crate::spec::SpecState,
    /// The port to listen on; 0 for a free one.
    pub(crate) port: u16,
}

/// State shared by the server tasks and the test's handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) clock: Clock,
    inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn new(inner: Inner) -> Self {
        Self {
            clock: Clock::new(inner.config.frozen_clock),
            inner: Mutex::new(inner),
        }
    }

    /// Locks the state. A panic elsewhere never makes the fake unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fake-clock time.
    pub(crate) fn now(&self) -> Duration {
        self.clock.now()
    }
}
