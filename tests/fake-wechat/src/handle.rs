//! [`FakeWeChat`]: the test's handle on a running fake server.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::task::JoinHandle;

use crate::builder::FakeWeChatBuilder;
use crate::faults::{Fault, FaultBuilder};
use crate::providers::{AsyncOptions, Provider, ProviderReply};
use crate::request::ReceivedRequest;
use crate::server;
use crate::state::{Counters, Endpoint, Inner, MediaInfo, ServiceCall, Shared};
use crate::tokens::Kind;

/// The appid of the app that [`FakeWeChat::start`] configures.
pub const DEFAULT_APPID: &str = "wxfa4e0000000000a1";
/// The secret of the app that [`FakeWeChat::start`] configures.
pub const DEFAULT_SECRET: &str = "fake-wechat-app-secret";
/// How long the real platform keeps a superseded `/cgi-bin/token` token usable during its own
/// refresh (5 minutes); pass it to [`FakeWeChatBuilder::token_grace`] to model that.
pub const REAL_TOKEN_GRACE: Duration = Duration::from_secs(300);

/// Whether a [custom endpoint](FakeWeChat::register_endpoint) checks `?access_token=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointAuth {
    /// The access token is checked first, exactly as for built-in endpoints (41001, 40001,
    /// 40014, 42001); the handler only sees authenticated requests.
    AccessToken,
    /// No check: every request reaches the handler.
    None,
}

/// A fake WeChat API server on `127.0.0.1` with a random port, and the test's handle on it.
///
/// The server runs on the tokio runtime that started it, until [`shutdown`](Self::shutdown)
/// or until the handle is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use wxapi_fake_wechat::{codes, FakeWeChat, Fault, DEFAULT_APPID};
///
/// let server = FakeWeChat::start().await;
/// let token = server.rotate_token(DEFAULT_APPID);
/// server.fault(Fault::SystemBusy).on("/wxa/msg_sec_check").once();
///
/// let url = format!("{}/wxa/msg_sec_check?access_token={token}", server.base_url());
/// let client = reqwest::Client::builder().no_proxy().build().unwrap();
/// let busy: serde_json::Value = client.post(&url).body(r#"{"content":"hi"}"#).send().await.unwrap().json().await.unwrap();
/// assert_eq!(busy["errcode"], codes::SYSTEM_ERROR);
/// let ok: serde_json::Value = client.post(&url).body(r#"{"content":"hi"}"#).send().await.unwrap().json().await.unwrap();
/// assert_eq!(ok["errmsg"], "ok");
/// assert_eq!(server.requests("/wxa/msg_sec_check"), 2);
/// server.shutdown().await;
/// # }
/// ```
#[derive(Debug)]
pub struct FakeWeChat {
    addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

pub(crate) async fn spawn(inner: Inner) -> io::Result<FakeWeChat> {
    let shared = Arc::new(Shared::new(inner));
    let (addr, task) = server::listen(Arc::clone(&shared)).await?;
    Ok(FakeWeChat {
        addr,
        shared,
        task: Some(task),
    })
}

impl FakeWeChat {
    /// A builder to configure apps, token rules, content rules and providers.
    pub fn builder() -> FakeWeChatBuilder {
        FakeWeChatBuilder::new()
    }

    /// Starts a server with every default and one app: [`DEFAULT_APPID`] / [`DEFAULT_SECRET`].
    ///
    /// # Panics
    ///
    /// If the loopback socket cannot be bound.
    pub async fn start() -> FakeWeChat {
        Self::builder()
            .app(DEFAULT_APPID, DEFAULT_SECRET)
            .start()
            .await
    }

    /// `http://127.0.0.1:PORT`, without trailing slash: the base URL to give the client
    /// instead of `https://api.weixin.qq.com`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `base_url()` followed by `path_and_query` (which should start with `/`).
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base_url())
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server: the port is closed and open connections are dropped when this
    /// returns. Dropping the handle does the same without waiting.
    pub async fn shutdown(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            // The task can only end by being aborted; its result says nothing useful.
            let _ = task.await;
        }
    }

    // ----- clock -----

    /// Moves the fake clock forward: tokens expire, stable tokens enter their renewal window,
    /// a new force-refresh day starts, async results become ready or expire.
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// The fake-clock time since the server started.
    pub fn now(&self) -> Duration {
        self.shared.now()
    }

    // ----- apps and tokens -----

    /// Adds (or changes the secret of) an app while the server runs.
    pub fn add_app(&self, appid: impl Into<String>, secret: impl Into<String>) {
        self.shared
            .lock()
            .config
            .apps
            .insert(appid.into(), secret.into());
    }

    fn assert_app(inner: &Inner, appid: &str, caller: &str) {
        assert!(
            inner.config.apps.contains_key(appid),
            "FakeWeChat::{caller}: unknown appid {appid:?}; add it with FakeWeChatBuilder::app"
        );
    }

    /// "Another party fetched a new token": issues a new `/cgi-bin/token` token for `appid`
    /// and supersedes the previous one (which then answers 40001, after the configured
    /// [grace](FakeWeChatBuilder::token_grace)). Returns the new token. Not counted in
    /// [`token_fetches`](Self::token_fetches).
    ///
    /// # Panics
    ///
    /// If `appid` is not a configured app.
    pub fn rotate_token(&self, appid: &str) -> String {
        let now = self.now();
        let mut guard = self.shared.lock();
        let inner = &mut *guard;
        Self::assert_app(inner, appid, "rotate_token");
        inner
            .tokens
            .issue_classic(appid, now, &inner.config.tokens)
            .access_token
    }

    /// Like a force refresh of the stable token by another party, without its quota and
    /// spacing: the previous stable token answers 40001 at once. Returns the new one. Not
    /// counted in the [counters](Self::counters).
    ///
    /// # Panics
    ///
    /// If `appid` is not a configured app.
    pub fn rotate_stable_token(&self, appid: &str) -> String {
        let now = self.now();
        let mut guard = self.shared.lock();
        let inner = &mut *guard;
        Self::assert_app(inner, appid, "rotate_stable_token");
        inner
            .tokens
            .rotate_stable(appid, now, &inner.config.tokens)
            .access_token
    }

    /// The newest `/cgi-bin/token` token of `appid`, if it is still usable.
    pub fn current_token(&self, appid: &str) -> Option<String> {
        let now = self.now();
        self.shared.lock().tokens.current(appid, Kind::Classic, now)
    }

    /// The newest stable token of `appid`, if it is still usable.
    pub fn current_stable_token(&self, appid: &str) -> Option<String> {
        let now = self.now();
        self.shared.lock().tokens.current(appid, Kind::Stable, now)
    }

    /// Every token of `appid` (all kinds, its authorizer tokens included) answers 40001 from now on.
    pub fn revoke_tokens(&self, appid: &str) {
        let now = self.now();
        self.shared.lock().tokens.revoke_all(appid, now);
    }

    /// Every token of `appid` (all kinds, its authorizer tokens included) answers 42001 from now
    /// on, without moving the clock.
    pub fn expire_tokens(&self, appid: &str) {
        let now = self.now();
        self.shared.lock().tokens.expire_all(appid, now);
    }

    // ----- third-party platforms -----

    fn assert_platform(inner: &Inner, component_appid: &str, caller: &str) {
        assert!(
            inner.components.has_platform(component_appid),
            "FakeWeChat::{caller}: unknown platform {component_appid:?}; add it with FakeWeChatBuilder::component"
        );
    }

    /// The newest `component_verify_ticket` WeChat pushed to the platform: what the platform's
    /// ticket store would hold.
    ///
    /// # Panics
    ///
    /// If `component_appid` is not a configured [platform](FakeWeChatBuilder::component).
    pub fn component_verify_ticket(&self, component_appid: &str) -> String {
        let inner = self.shared.lock();
        Self::assert_platform(&inner, component_appid, "component_verify_ticket");
        inner
            .components
            .current_ticket(component_appid)
            .unwrap_or_default()
    }

    /// "WeChat pushes a new ticket" (it does every 10 minutes): returns it. Older tickets keep
    /// working until 12 hours after their own push.
    ///
    /// # Panics
    ///
    /// If `component_appid` is not a configured [platform](FakeWeChatBuilder::component).
    pub fn push_component_ticket(&self, component_appid: &str) -> String {
        let now = self.now();
        let mut inner = self.shared.lock();
        Self::assert_platform(&inner, component_appid, "push_component_ticket");
        inner
            .components
            .push_ticket(component_appid, now)
            .unwrap_or_default()
    }

    /// Every `component_access_token` of the platform answers 40001 from now on (as if it had
    /// been reset on WeChat's side).
    pub fn revoke_component_tokens(&self, component_appid: &str) {
        self.shared.lock().components.revoke_tokens(component_appid);
    }

    /// The merchant `authorizer_appid` authorizes the platform (again): returns the new
    /// refresh token; an earlier authorization of the pair, and its refresh tokens, are
    /// replaced.
    pub fn authorize(&self, component_appid: &str, authorizer_appid: &str) -> String {
        self.shared
            .lock()
            .components
            .authorize(component_appid, authorizer_appid, None)
    }

    /// The merchant cancels its authorization: `api_authorizer_token` answers 61003 for the
    /// pair, and the authorizer's tokens answer 40001. Returns whether there was one.
    pub fn revoke_authorization(&self, component_appid: &str, authorizer_appid: &str) -> bool {
        let now = self.now();
        let mut inner = self.shared.lock();
        let revoked = inner
            .components
            .revoke_authorization(component_appid, authorizer_appid);
        if revoked {
            inner.tokens.revoke_all(authorizer_appid, now);
        }
        revoked
    }

    /// The refresh token the platform should hold now for the pair: the newest one, after any
    /// [rotation](FakeWeChatBuilder::rotate_refresh_tokens). `None` without a (live)
    /// authorization.
    pub fn refresh_token(&self, component_appid: &str, authorizer_appid: &str) -> Option<String> {
        self.shared
            .lock()
            .components
            .current_refresh_token(component_appid, authorizer_appid)
    }

    /// "Another instance of the platform refreshed the merchant's token": issues a new
    /// `authorizer_access_token` for `authorizer_appid`; the previous one answers 40001.
    /// Returns the new token. Not counted in
    /// [`authorizer_token_fetches`](Self::authorizer_token_fetches).
    pub fn rotate_authorizer_token(&self, authorizer_appid: &str) -> String {
        let now = self.now();
        let mut guard = self.shared.lock();
        let inner = &mut *guard;
        inner
            .tokens
            .issue_authorizer(authorizer_appid, now, &inner.config.tokens)
            .access_token
    }

    /// The newest `authorizer_access_token` of `authorizer_appid`, if it is still usable.
    pub fn current_authorizer_token(&self, authorizer_appid: &str) -> Option<String> {
        let now = self.now();
        self.shared
            .lock()
            .tokens
            .current(authorizer_appid, Kind::Authorizer, now)
    }

    // ----- counters and records -----

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

    /// Forgets the counters, request counts, received requests, service calls and last media
    /// (tokens, faults and async results are kept).
    pub fn reset_records(&self) {
        let mut inner = self.shared.lock();
        inner.counters = Counters::default();
        inner.requests.clear();
        inner.log.clear();
        inner.service_calls.clear();
        inner.last_media = None;
    }

    // ----- faults -----

    /// Starts arming a fault; see [`Fault`] and [`FaultBuilder`].
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_fake_wechat::FakeWeChat) {
    /// use wxapi_fake_wechat::Fault;
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

    // ----- content security -----

    /// The file part of the last accepted `img_sec_check` upload (with a `media` part).
    pub fn last_media(&self) -> Option<MediaInfo> {
        self.shared.lock().last_media.clone()
    }

    /// Adds a risky word while the server runs (see [`FakeWeChatBuilder::risky_word`]).
    pub fn add_risky_word(&self, word: impl Into<String>) {
        self.shared
            .lock()
            .config
            .content
            .rules
            .push(crate::config::ContentRule {
                word: word.into(),
                verdict: crate::config::Verdict::Risky,
                label: None,
            });
    }

    // ----- service market -----

    /// Registers (or replaces) a synchronous service-market provider for `(service, api)`.
    ///
    /// The provider gets the request's `data` (decoded if it was sent as a string containing
    /// JSON) and its [`ProviderReply`] is answered at once. Calling it with `async: true`
    /// answers 9301001.
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_fake_wechat::FakeWeChat) {
    /// use serde_json::json;
    /// use wxapi_fake_wechat::ProviderReply;
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
        handler: crate::providers::ProviderFn,
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

    // ----- custom endpoints -----

    /// Serves `path` (any method) with `handler`, whose JSON value is answered with HTTP 200.
    /// It takes precedence over a built-in endpoint of the same path, and faults apply to it
    /// as to any path. Use [`error_json`](crate::error_json) for WeChat-style errors.
    ///
    /// ```no_run
    /// # async fn demo(server: &wxapi_fake_wechat::FakeWeChat) {
    /// use serde_json::json;
    /// use wxapi_fake_wechat::{codes, error_json, EndpointAuth};
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
                handler: Arc::new(handler),
            },
        );
    }
}

impl Drop for FakeWeChat {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
