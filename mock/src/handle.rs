//! [`MockServer`]: the test's handle on a running fake server. Its clock, apps, tokens and
//! platforms are here; what the server saw is in `inspect`, and faults, providers and custom
//! endpoints in `setup`.

mod inspect;
mod setup;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::builder::MockServerBuilder;
use crate::server;
use crate::state::{Inner, Shared};
use crate::tokens::Kind;

/// The appid of the app that [`MockServer::start`] configures.
pub const DEFAULT_APPID: &str = "wxfa4e0000000000a1";
/// The secret of the app that [`MockServer::start`] configures.
pub const DEFAULT_SECRET: &str = "fake-wechat-app-secret";
/// How long the real platform keeps a superseded `/cgi-bin/token` token usable during its own
/// refresh (5 minutes); pass it to [`MockServerBuilder::token_grace`] to model that.
pub const REAL_TOKEN_GRACE: Duration = Duration::from_secs(300);

/// Whether a [custom endpoint](MockServer::register_endpoint) checks `?access_token=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointAuth {
    /// The access token is checked first, exactly as for built-in endpoints (41001, 40001,
    /// 40014, 42001); the handler only sees authenticated requests.
    AccessToken,
    /// No check: every request reaches the handler.
    None,
}

/// A fake WeChat API server on `127.0.0.1` with a random port (or the one
/// [asked for](MockServerBuilder::port)), and the test's handle on it.
///
/// The server runs on the tokio runtime that started it, until [`shutdown`](Self::shutdown)
/// or until the handle is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use wxapi_mock::{codes, MockServer, Fault, DEFAULT_APPID};
///
/// let server = MockServer::start().await;
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
pub struct MockServer {
    addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

pub(crate) async fn spawn(inner: Inner) -> io::Result<MockServer> {
    let port = inner.port;
    let shared = Arc::new(Shared::new(inner));
    let (addr, task) = server::listen(Arc::clone(&shared), port).await?;
    Ok(MockServer {
        addr,
        shared,
        task: Some(task),
    })
}

impl MockServer {
    /// A builder to configure apps, token rules, content rules and providers.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::new()
    }

    /// Starts a server with every default and one app: [`DEFAULT_APPID`] / [`DEFAULT_SECRET`].
    ///
    /// # Panics
    ///
    /// If the loopback socket cannot be bound.
    pub async fn start() -> MockServer {
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
            "MockServer::{caller}: unknown appid {appid:?}; add it with MockServerBuilder::app"
        );
    }

    /// "Another party fetched a new token": issues a new `/cgi-bin/token` token for `appid`
    /// and supersedes the previous one (which then answers 40001, after the configured
    /// [grace](MockServerBuilder::token_grace)). Returns the new token. Not counted in
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
            "MockServer::{caller}: unknown platform {component_appid:?}; add it with MockServerBuilder::component"
        );
    }

    /// The newest `component_verify_ticket` WeChat pushed to the platform: what the platform's
    /// ticket store would hold.
    ///
    /// # Panics
    ///
    /// If `component_appid` is not a configured [platform](MockServerBuilder::component).
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
    /// If `component_appid` is not a configured [platform](MockServerBuilder::component).
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
    /// [rotation](MockServerBuilder::rotate_refresh_tokens). `None` without a (live)
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
}

impl Drop for MockServer {
    /// Stops the server. A server serving a spec whose requests broke it, with the
    /// violations not [taken](MockServer::take_violations), fails the test here (unless it is
    /// already failing).
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if std::thread::panicking() {
            return;
        }
        let violations = {
            let mut inner = self.shared.lock();
            if inner.spec.is_none() {
                return;
            }
            std::mem::take(&mut inner.spec_state.violations)
        };
        if !violations.is_empty() {
            let list: Vec<String> = violations.iter().map(|v| format!("  - {v}")).collect();
            panic!(
                "the test sent requests that break the spec (take them with \
                 MockServer::take_violations if that was the point):\n{}",
                list.join("\n")
            );
        }
    }
}
