//! Changing how the server behaves while it runs: faults, risky words, service-market
//! providers and custom endpoints.

use std::sync::Arc;

use serde_json::Value;

use super::{EndpointAuth, MockServer};
use crate::config::{ContentRule, Verdict};
use crate::faults::{Fault, FaultBuilder};
use crate::providers::{AsyncOptions, Provider, ProviderFn, ProviderReply};
use crate::request::{RawReply, ReceivedRequest};
use crate::state::{Endpoint, EndpointHandler};

impl MockServer {
    /// Starts arming a fault; see [`Fault`] and [`FaultBuilder`].
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_mock::MockServer) {
    /// use wxapi_mock::Fault;
    /// let busy = server.fault(Fault::SystemBusy).on("/wxa/msg_sec_check").times(2);
    /// // … two calls later:
    /// assert_eq!(busy.triggered(), 2);
    /// # }
    /// ```
    pub fn fault(&self, fault: Fault) -> FaultBuilder {
        FaultBuilder::new(Arc::clone(&self.shared), fault)
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Adds a risky word while the server runs (see [`MockServerBuilder::risky_word`](crate::MockServerBuilder::risky_word)).
    pub fn add_risky_word(&self, word: impl Into<String>) {
        self.shared.lock().config.content.rules.push(ContentRule {
            word: word.into(),
            verdict: Verdict::Risky,
            label: None,
        });
    }

    /// Registers (or replaces) a synchronous service-market provider for `(service, api)`.
    ///
    /// The provider gets the request's `data` (decoded if it was sent as a string containing
    /// JSON) and its [`ProviderReply`] is answered at once. Calling it with `async: true`
    /// answers 9301001.
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_mock::MockServer) {
    /// use serde_json::json;
    /// use wxapi_mock::ProviderReply;
    ///
    /// server.register_provider("wxf5c22ebbe4ed811e", "multilingualMT", |data| {
    ///     match data["q"].as_str() {
    ///         Some(q) => ProviderReply::data(json!({ "result": q.to_uppercase() })),
    ///         None => ProviderReply::invalid_parameter(),
    ///     }
    /// });
    /// # }
    /// ```
    pub fn register_provider<F>(&self, service: impl Into<String>, api: impl Into<String>, f: F)
    where
        F: Fn(Value) -> ProviderReply + Send + Sync + 'static,
    {
        self.insert_provider(service.into(), api.into(), Arc::new(f), None);
    }

    /// Registers (or replaces) an asynchronous provider: it must be called with
    /// `async: true` (else 9301001), which answers a `request_id`; the provider's reply is
    /// then fetched with `/wxa/servicemarketretrieve` as `options` say.
    pub fn register_async_provider<F>(
        &self,
        service: impl Into<String>,
        api: impl Into<String>,
        options: AsyncOptions,
        f: F,
    ) where
        F: Fn(Value) -> ProviderReply + Send + Sync + 'static,
    {
        self.insert_provider(service.into(), api.into(), Arc::new(f), Some(options));
    }

    fn insert_provider(
        &self,
        service: String,
        api: String,
        handler: ProviderFn,
        asynchronous: Option<AsyncOptions>,
    ) {
        self.shared.lock().providers.insert(
            (service, api),
            Provider {
                handler,
                asynchronous,
            },
        );
    }

    /// Serves `path` (any method) with `handler`, whose JSON value is answered with HTTP 200.
    /// It takes precedence over a built-in endpoint of the same path, and faults apply to it
    /// as to any path. Use [`error_json`](crate::error_json) for WeChat-style errors.
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_mock::MockServer) {
    /// use serde_json::json;
    /// use wxapi_mock::{codes, error_json, EndpointAuth};
    ///
    /// server.register_endpoint("/wxa/getuserriskrank", EndpointAuth::AccessToken, |req| {
    ///     match req.json() {
    ///         Some(body) if body["openid"].is_string() => json!({"errcode": 0, "errmsg": "ok", "risk_rank": 0}),
    ///         _ => error_json(codes::DATA_FORMAT_ERROR, "data format error"),
    ///     }
    /// });
    /// # }
    /// ```
    pub fn register_endpoint<F>(&self, path: impl Into<String>, auth: EndpointAuth, handler: F)
    where
        F: Fn(&ReceivedRequest) -> Value + Send + Sync + 'static,
    {
        self.shared.lock().endpoints.insert(
            path.into(),
            Endpoint {
                requires_token: auth == EndpointAuth::AccessToken,
                handler: EndpointHandler::Json(Arc::new(handler)),
            },
        );
    }

    /// Registers a custom endpoint whose handler chooses the whole answer: status, content
    /// type and bytes (an image, or JSON under an unusual label). Authentication as for
    /// [`register_endpoint`](Self::register_endpoint).
    pub fn register_raw_endpoint<F>(&self, path: impl Into<String>, auth: EndpointAuth, handler: F)
    where
        F: Fn(&ReceivedRequest) -> RawReply + Send + Sync + 'static,
    {
        self.shared.lock().endpoints.insert(
            path.into(),
            Endpoint {
                requires_token: auth == EndpointAuth::AccessToken,
                handler: EndpointHandler::Raw(Arc::new(handler)),
            },
        );
    }
}
