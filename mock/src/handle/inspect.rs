//! What the server saw: counters, received requests, service calls, the last upload.

use super::MockServer;
use crate::request::ReceivedRequest;
use crate::state::{Counters, MediaInfo, ServiceCall};

impl MockServer {
    /// All token counters at once.
    pub fn counters(&self) -> Counters {
        self.shared.lock().counters
    }

    /// Successful `/cgi-bin/token` calls.
    pub fn token_fetches(&self) -> u64 {
        self.counters().token_fetches
    }

    /// Successful normal-mode `/cgi-bin/stable_token` calls.
    pub fn stable_token_fetches(&self) -> u64 {
        self.counters().stable_token_fetches
    }

    /// Force-mode `/cgi-bin/stable_token` calls that replaced the token.
    pub fn forced_refreshes(&self) -> u64 {
        self.counters().forced_refreshes
    }

    /// Successful `/cgi-bin/component/api_component_token` calls.
    pub fn component_token_fetches(&self) -> u64 {
        self.counters().component_token_fetches
    }

    /// Successful `/cgi-bin/component/api_authorizer_token` calls.
    pub fn authorizer_token_fetches(&self) -> u64 {
        self.counters().authorizer_token_fetches
    }

    /// Requests received on `path` (without query string), whatever they were answered,
    /// faults and dropped connections included.
    pub fn requests(&self, path: &str) -> u64 {
        self.shared.lock().requests.get(path).copied().unwrap_or(0)
    }

    /// Requests received on every path.
    pub fn total_requests(&self) -> u64 {
        self.shared.lock().requests.values().sum()
    }

    /// Every request received on `path`, oldest first.
    pub fn received(&self, path: &str) -> Vec<ReceivedRequest> {
        self.shared
            .lock()
            .log
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// The last request received on `path`.
    pub fn last_received(&self, path: &str) -> Option<ReceivedRequest> {
        self.shared
            .lock()
            .log
            .iter()
            .rev()
            .find(|r| r.path == path)
            .cloned()
    }

    /// Forgets the counters, request counts, received requests and [calls](Self::calls),
    /// service calls and last media (tokens, faults, steerings, violations and async results
    /// are kept).
    pub fn reset_records(&self) {
        let mut inner = self.shared.lock();
        inner.counters = Counters::default();
        inner.requests.clear();
        inner.log.clear();
        inner.spec_state.forget_calls();
        inner.service_calls.clear();
        inner.last_media = None;
    }

    /// Every well-formed `/wxa/servicemarket` call, oldest first (unknown services included).
    pub fn service_calls(&self) -> Vec<ServiceCall> {
        self.shared.lock().service_calls.clone()
    }

    /// The `client_msg_id` of every well-formed `/wxa/servicemarket` call, oldest first: a
    /// retried call should show the same id twice.
    pub fn client_msg_ids(&self) -> Vec<String> {
        self.shared
            .lock()
            .service_calls
            .iter()
            .map(|c| c.client_msg_id.clone())
            .collect()
    }

    /// The file part of the last accepted `img_sec_check` upload (with a `media` part).
    pub fn last_media(&self) -> Option<MediaInfo> {
        self.shared.lock().last_media.clone()
    }

    /// Every request received, in order, as [`Call`](crate::Call)s: routed to their spec
    /// endpoint where there is one, credentials masked.
    pub fn calls(&self) -> Vec<crate::Call> {
        self.shared.lock().spec_state.calls()
    }

    /// The requests that broke the spec, and how they were answered.
    pub fn violations(&self) -> Vec<crate::Violation> {
        self.shared.lock().spec_state.violations.clone()
    }

    /// Returns the violations and forgets them, for a test that makes them on purpose (a
    /// server dropped with violations not taken fails the test).
    pub fn take_violations(&self) -> Vec<crate::Violation> {
        std::mem::take(&mut self.shared.lock().spec_state.violations)
    }
}
