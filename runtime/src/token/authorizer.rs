//! Tokens of a third-party platform (开放平台第三方平台) calling a merchant's APIs on its
//! behalf with an `authorizer_access_token`.
//!
//! Two tokens, one on top of the other:
//!
//! 1. the platform's own `component_access_token`, from
//!    `POST /cgi-bin/component/api_component_token` with the platform's appid, secret and the
//!    `component_verify_ticket` WeChat pushes to the platform every 10 minutes
//!    ([`ComponentCredentials`], shared by every merchant of the platform);
//! 2. the merchant's `authorizer_access_token`, from
//!    `POST /cgi-bin/component/api_authorizer_token?component_access_token=…` with the
//!    merchant's `authorizer_refresh_token` ([`AuthorizerToken`], the [`TokenSource`]).
//!
//! Each is cached in a [`TokenCache`] (lock-free reads, compare-and-expire) behind its own
//! [`Flight`] (one fetch at a time, the outcome shared with the callers that waited), exactly
//! as [`AppCredentials`](super::AppCredentials) caches its token. Both tokens are refreshed
//! five minutes before they expire.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value};
use tracing::Instrument as _;

use super::cache::TokenCache;
use super::flight::Flight;
use super::{AccessToken, BoxFuture, HttpCtx, StoreError, StoredToken, TokenError, TokenSource};
use crate::codegen::WireInt;
use crate::envelope::{self, Envelope};
use crate::{DecodeError, Secret, TransportError};

/// `api_component_token`: the platform's token.
const COMPONENT_TOKEN: Call = Call {
    id: "api_component_token",
    path: "/cgi-bin/component/api_component_token",
    token_key: "component_access_token",
    // Wrong secret (40001, 40125), appid (40013, 41002, 61011), secret missing (41004), IP
    // not whitelisted (40164, 61004), ticket expired or invalid (61005, 61006), secret frozen.
    configuration: &[
        40001, 40013, 40125, 40164, 40243, 41002, 41004, 61004, 61005, 61006, 61011,
    ],
};

/// `api_authorizer_token`: the merchant's token.
const AUTHORIZER_TOKEN: Call = Call {
    id: "api_authorizer_token",
    path: "/cgi-bin/component/api_authorizer_token",
    token_key: "authorizer_access_token",
    // Appid (40013, 41002, 61011), not authorized by the merchant (61003), IP not
    // whitelisted (40164, 61004), refresh token invalid (61023).
    configuration: &[40013, 40164, 41002, 61003, 61004, 61011, 61023],
};

/// Codes of `api_authorizer_token` that reject the component token rather than the request:
/// a new component token, and one more try, fixes them.
const COMPONENT_TOKEN_REJECTED: &[i64] = &[40001, 40014, 42001];

/// What WeChat answers when the ticket is empty; reported, without asking WeChat, when the
/// platform has no ticket to give.
const TICKET_INVALID: i64 = 61006;

/// Lifetime assumed when a response omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(7200);

/// Where the platform keeps the `component_verify_ticket` WeChat pushes to its authorization
/// event URL every 10 minutes (valid for 12 hours).
///
/// The platform's push handler stores the ticket (decrypted from the push) wherever it likes;
/// this reads it back when a `component_access_token` is due, that is about every two hours.
/// Any `Fn() -> Option<String>` closure is one:
///
/// ```
/// use std::sync::{Arc, RwLock};
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::token::ComponentCredentials;
///
/// // Written by the push handler, read by the token source.
/// let ticket: Arc<RwLock<Option<String>>> = Arc::default();
/// let reader = Arc::clone(&ticket);
/// let component = ComponentCredentials::new("wx3d7c9a42e1b5f608", "component-secret", move || {
///     reader.read().ok()?.clone()
/// });
/// # let _ = component;
/// ```
///
/// `None` means no ticket has arrived yet: the token fails with a
/// [configuration error](TokenError::Rejected) (code 61006, what WeChat answers for an empty
/// ticket) without asking WeChat. Keep the last ticket when a push is missed, as WeChat
/// advises: a ticket stays valid for 12 hours.
pub trait ComponentTicket: Send + Sync + 'static {
    /// The newest ticket, if the platform has one. A store that cannot be reached answers
    /// a [`StoreError`], which fails the token with [`TokenError::Store`].
    fn ticket(&self) -> BoxFuture<'_, Result<Option<Secret<String>>, StoreError>>;
}

impl<F> ComponentTicket for F
where
    F: Fn() -> Option<String> + Send + Sync + 'static,
{
    fn ticket(&self) -> BoxFuture<'_, Result<Option<Secret<String>>, StoreError>> {
        let ticket = self().map(Secret::new);
        Box::pin(std::future::ready(Ok(ticket)))
    }
}

/// Where a merchant's `authorizer_refresh_token` is kept.
///
/// `api_authorizer_token` may answer a new refresh token; from then on only the new one works
/// (the old one, according to WeChat's answers in the developer community, for five more
/// minutes), so it must be persisted, or the platform loses access to the merchant until the
/// merchant authorizes it again. [`AuthorizerToken`] [`load`](Self::load)s the refresh token
/// before each fetch of an authorizer token and [`save`](Self::save)s a rotated one at once.
/// The default, [`MemoryRefreshTokenStore`], keeps it in this process only.
///
/// Implementations must keep refresh tokens out of their `Debug` output and errors.
pub trait RefreshTokenStore: Send + Sync + fmt::Debug + 'static {
    /// The stored refresh token of the merchant `authorizer_appid` for the platform
    /// `component_appid`, if there is one.
    fn load<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
    ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>>;

    /// Stores `refresh_token` for the pair, replacing the previous one.
    fn save<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
        refresh_token: &'a Secret<String>,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

impl<T: RefreshTokenStore + ?Sized> RefreshTokenStore for Arc<T> {
    fn load<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
    ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>> {
        (**self).load(component_appid, authorizer_appid)
    }

    fn save<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
        refresh_token: &'a Secret<String>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        (**self).save(component_appid, authorizer_appid, refresh_token)
    }
}

/// Refresh tokens in this process's memory: the default [`RefreshTokenStore`].
///
/// Clones share the tokens. A rotated refresh token kept only here is lost when the process
/// exits; give [`AuthorizerToken::refresh_token_store`] a persistent store in production.
#[derive(Clone, Default)]
pub struct MemoryRefreshTokenStore {
    tokens: Arc<Mutex<RefreshTokenMap>>,
}

/// `(component_appid, authorizer_appid)` → refresh token.
type RefreshTokenMap = HashMap<(String, String), Secret<String>>;

impl MemoryRefreshTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryRefreshTokenStore::default()
    }

    /// The refresh token stored for the pair.
    pub fn get(&self, component_appid: &str, authorizer_appid: &str) -> Option<Secret<String>> {
        self.lock()
            .get(&(component_appid.to_owned(), authorizer_appid.to_owned()))
            .cloned()
    }

    /// Stores `refresh_token` for the pair.
    pub fn set(
        &self,
        component_appid: impl Into<String>,
        authorizer_appid: impl Into<String>,
        refresh_token: impl Into<Secret<String>>,
    ) {
        self.lock().insert(
            (component_appid.into(), authorizer_appid.into()),
            refresh_token.into(),
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RefreshTokenMap> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RefreshTokenStore for MemoryRefreshTokenStore {
    fn load<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
    ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>> {
        let token = self.get(component_appid, authorizer_appid);
        Box::pin(std::future::ready(Ok(token)))
    }

    fn save<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
        refresh_token: &'a Secret<String>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.set(component_appid, authorizer_appid, refresh_token.clone());
        Box::pin(std::future::ready(Ok(())))
    }
}

impl fmt::Debug for MemoryRefreshTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryRefreshTokenStore")
            .field("entries", &self.lock().len())
            .finish()
    }
}

/// A third-party platform's credentials, and its cached `component_access_token`.
///
/// Cheap to clone: clones share the cached token, so give every [`AuthorizerToken`] of the
/// platform a clone (see [`authorizer`](Self::authorizer)) and they fetch one component token
/// between them. The token is fetched when first needed, refreshed five minutes before it
/// expires, and replaced when WeChat rejects it; one fetch at a time.
///
/// ```no_run
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::token::ComponentCredentials;
///
/// # fn demo(load_ticket: fn() -> Option<String>) -> Result<(), wxapi::BuildError> {
/// let platform = ComponentCredentials::new("wx3d7c9a42e1b5f608", "component-secret", load_ticket);
/// let merchant = wxapi::Client::builder()
///     .app_id("wx5e2e72fb432d8da8")
///     .token_source(platform.authorizer("wx5e2e72fb432d8da8", "refreshtoken@@@…"))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ComponentCredentials {
    inner: Arc<Component>,
}

struct Component {
    appid: String,
    secret: Secret<String>,
    ticket: Box<dyn ComponentTicket>,
    cache: TokenCache,
    flight: Flight,
}

/// The body of `api_component_token`.
#[derive(Serialize)]
struct ComponentTokenRequest<'a> {
    component_appid: &'a str,
    component_appsecret: &'a str,
    component_verify_ticket: &'a str,
}

/// The body of `api_authorizer_token`.
#[derive(Serialize)]
struct AuthorizerTokenRequest<'a> {
    component_appid: &'a str,
    authorizer_appid: &'a str,
    authorizer_refresh_token: &'a str,
}

impl ComponentCredentials {
    /// The platform `component_appid` with its `component_appsecret`, reading the
    /// `component_verify_ticket` from `ticket` (see [`ComponentTicket`]).
    pub fn new(
        component_appid: impl Into<String>,
        component_appsecret: impl Into<Secret<String>>,
        ticket: impl ComponentTicket,
    ) -> Self {
        ComponentCredentials {
            inner: Arc::new(Component {
                appid: component_appid.into(),
                secret: component_appsecret.into(),
                ticket: Box::new(ticket),
                cache: TokenCache::default(),
                flight: Flight::default(),
            }),
        }
    }

    /// The platform's appid.
    pub fn component_appid(&self) -> &str {
        &self.inner.appid
    }

    /// The token source of the merchant `authorizer_appid`, whose `authorizer_refresh_token`
    /// is `refresh_token`; the same as [`AuthorizerToken::new`].
    pub fn authorizer(
        &self,
        authorizer_appid: impl Into<String>,
        refresh_token: impl Into<Secret<String>>,
    ) -> AuthorizerToken {
        AuthorizerToken::new(self.clone(), authorizer_appid, refresh_token)
    }

    /// The `component_access_token`: the cached one, or a new one fetched through `http`,
    /// for the platform's own APIs (`?component_access_token=`). Never log it.
    pub async fn component_access_token(&self, http: &HttpCtx) -> Result<AccessToken, TokenError> {
        let inner = &*self.inner;
        single_flight(&inner.cache, &inner.flight, || self.fetch(http)).await
    }

    /// Forgets the cached `component_access_token` if it is still `failed` (WeChat rejected
    /// it with 40001, 40014 or 42001); the next
    /// [`component_access_token`](Self::component_access_token) fetches a new one. Returns
    /// whether it forgot it.
    pub fn invalidate(&self, failed: &AccessToken) -> bool {
        self.inner.cache.expire_if(failed)
    }

    async fn fetch(&self, ctx: &HttpCtx) -> Result<StoredToken, TokenError> {
        let inner = &*self.inner;
        let Some(ticket) = inner.ticket.ticket().await.map_err(TokenError::Store)? else {
            return Err(TokenError::Rejected {
                code: TICKET_INVALID,
                message: "no component_verify_ticket yet (not sent to WeChat): store the ticket \
                          WeChat pushes to the platform's authorization event URL every 10 minutes"
                    .to_owned(),
            });
        };
        let secret = inner.secret.expose().as_str();
        let body = ComponentTokenRequest {
            component_appid: &inner.appid,
            component_appsecret: secret,
            component_verify_ticket: ticket.expose(),
        };
        let span = token_span(&COMPONENT_TOKEN, &inner.appid, None);
        let reply = COMPONENT_TOKEN
            .post(ctx, &[], &body, &[secret, ticket.expose()], &span)
            .instrument(span.clone())
            .await?;
        Ok(StoredToken::issued(reply.token, reply.lifetime))
    }
}

impl fmt::Debug for ComponentCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ComponentCredentials")
            .field("component_appid", &self.inner.appid)
            .field("component_appsecret", &self.inner.secret)
            .finish_non_exhaustive()
    }
}

/// A merchant's `authorizer_access_token`, kept fresh by a third-party platform: the
/// [`TokenSource`] of a client that calls the merchant's APIs on its behalf.
///
/// - **Fetch**: `api_authorizer_token` with the platform's `component_access_token` (from the
///   shared [`ComponentCredentials`]) and the merchant's `authorizer_refresh_token`. A
///   component token rejected there (40001, 40014, 42001) is replaced, and the fetch tried
///   once more.
/// - **Refresh tokens**: loaded from the [`RefreshTokenStore`] before each fetch (the token
///   given to [`new`](Self::new) when the store has none) and saved there at once when WeChat
///   answers a new one. If saving fails, this source keeps using the new token and saves it
///   again before its next fetch.
/// - **Cache**: the token sits in an atomically swapped `Arc`; reading it
///   ([`cached`](TokenSource::cached)) takes no lock and allocates nothing. It is refreshed
///   five minutes before it expires.
/// - **Single flight**: callers that find the cache empty at the same time queue behind one
///   fetch and share its result, token or error.
/// - **Compare and expire**: [`invalidate`](TokenSource::invalidate) forgets the token only if
///   it is still the rejected one; the client then fetches a new one and retries once.
/// - **Errors**: a wrong platform secret or appid, a missing, invalid or expired ticket
///   (61005, 61006), an IP off the whitelist (61004), a merchant that did not authorize the
///   platform (61003) and an invalid refresh token (61023) are
///   [configuration errors](TokenError::Rejected), never retried. The secret, the ticket and
///   every token are kept out of `Debug` output, errors and logs.
///
/// Several processes of one platform should share refresh tokens through one store; this
/// source does not lock the store, so two processes refreshing the same merchant at the same
/// moment may each rotate the refresh token, and WeChat keeps the replaced one working only
/// for a few minutes.
pub struct AuthorizerToken {
    component: ComponentCredentials,
    authorizer_appid: String,
    refresh: RefreshTokens,
    cache: TokenCache,
    flight: Flight,
}

/// The refresh token of one merchant: the store, and what this instance knows.
struct RefreshTokens {
    store: Arc<dyn RefreshTokenStore>,
    /// The newest refresh token this instance has seen.
    latest: Mutex<Latest>,
}

struct Latest {
    token: Secret<String>,
    /// WeChat rotated it and saving it to the store failed: save it again, and prefer it to
    /// what the store holds.
    unsaved: bool,
}

impl AuthorizerToken {
    /// The merchant `authorizer_appid` of the platform `component`, whose
    /// `authorizer_refresh_token` is `refresh_token`, kept in a [`MemoryRefreshTokenStore`]
    /// until [`refresh_token_store`](Self::refresh_token_store) says otherwise.
    pub fn new(
        component: ComponentCredentials,
        authorizer_appid: impl Into<String>,
        refresh_token: impl Into<Secret<String>>,
    ) -> Self {
        let authorizer_appid = authorizer_appid.into();
        let refresh_token = refresh_token.into();
        let store = MemoryRefreshTokenStore::new();
        store.set(
            component.component_appid(),
            authorizer_appid.clone(),
            refresh_token.clone(),
        );
        AuthorizerToken {
            component,
            authorizer_appid,
            refresh: RefreshTokens {
                store: Arc::new(store),
                latest: Mutex::new(Latest {
                    token: refresh_token,
                    unsaved: false,
                }),
            },
            cache: TokenCache::default(),
            flight: Flight::default(),
        }
    }

    /// Loads and saves the merchant's refresh token through `store` (see
    /// [`RefreshTokenStore`]). The refresh token given to [`new`](Self::new) is used while
    /// the store has none.
    pub fn refresh_token_store(mut self, store: impl RefreshTokenStore) -> Self {
        self.refresh.store = Arc::new(store);
        self
    }

    /// The merchant's appid.
    pub fn authorizer_appid(&self) -> &str {
        &self.authorizer_appid
    }

    /// The platform.
    pub fn component(&self) -> &ComponentCredentials {
        &self.component
    }

    /// Fetches an authorizer token. The caller holds the flight.
    async fn obtain(&self, ctx: &HttpCtx) -> Result<StoredToken, TokenError> {
        let refresh_token = self.refresh_token().await;
        let mut component = self.component.component_access_token(ctx).await?;
        let mut renewed_component = false;
        loop {
            match self.fetch(ctx, &component, &refresh_token).await {
                Err(TokenError::Api { code, .. })
                    if COMPONENT_TOKEN_REJECTED.contains(&code) && !renewed_component =>
                {
                    tracing::debug!(
                        code,
                        "component_access_token rejected, fetching a new one and trying again"
                    );
                    renewed_component = true;
                    self.component.invalidate(&component);
                    component = self.component.component_access_token(ctx).await?;
                }
                Err(error) => return Err(error),
                Ok(reply) => {
                    if let Some(rotated) = reply.refresh_token {
                        if rotated.expose() != refresh_token.expose() {
                            self.rotated(rotated).await;
                        }
                    }
                    return Ok(StoredToken::issued(reply.token, reply.lifetime));
                }
            }
        }
    }

    async fn fetch(
        &self,
        ctx: &HttpCtx,
        component: &AccessToken,
        refresh_token: &Secret<String>,
    ) -> Result<Reply, TokenError> {
        let component_appid = self.component.component_appid();
        let body = AuthorizerTokenRequest {
            component_appid,
            authorizer_appid: &self.authorizer_appid,
            authorizer_refresh_token: refresh_token.expose(),
        };
        let secrets = [component.expose(), refresh_token.expose()];
        let span = token_span(
            &AUTHORIZER_TOKEN,
            component_appid,
            Some(&self.authorizer_appid),
        );
        AUTHORIZER_TOKEN
            .post(
                ctx,
                &[("component_access_token", component.expose())],
                &body,
                &secrets,
                &span,
            )
            .instrument(span.clone())
            .await
    }

    /// The refresh token to use: an unsaved rotated one (saved now, if the store lets us),
    /// else the store's, else the newest one known here.
    async fn refresh_token(&self) -> Secret<String> {
        let (latest, unsaved) = {
            let latest = self.latest();
            (latest.token.clone(), latest.unsaved)
        };
        let (component_appid, authorizer_appid) = self.pair();
        let store = &self.refresh.store;
        if unsaved {
            if store
                .save(component_appid, authorizer_appid, &latest)
                .await
                .is_ok()
            {
                self.latest().unsaved = false;
            }
            return latest;
        }
        match store.load(component_appid, authorizer_appid).await {
            Ok(Some(stored)) => {
                self.latest().token = stored.clone();
                stored
            }
            Ok(None) => latest,
            Err(e) => {
                tracing::warn!(
                    authorizer_appid,
                    error = %e,
                    "could not load the refresh token; using the newest one known to this process"
                );
                latest
            }
        }
    }

    /// WeChat answered a new refresh token: keep it, and persist it.
    async fn rotated(&self, refresh_token: Secret<String>) {
        {
            let mut latest = self.latest();
            latest.token = refresh_token.clone();
            latest.unsaved = true;
        }
        let (component_appid, authorizer_appid) = self.pair();
        match self
            .refresh
            .store
            .save(component_appid, authorizer_appid, &refresh_token)
            .await
        {
            Ok(()) => {
                let mut latest = self.latest();
                if latest.token.expose() == refresh_token.expose() {
                    latest.unsaved = false;
                }
                tracing::debug!(authorizer_appid, "saved the rotated refresh token");
            }
            Err(e) => tracing::warn!(
                authorizer_appid,
                error = %e,
                "could not save the rotated refresh token; it is kept in memory and saved again before the next refresh"
            ),
        }
    }

    fn latest(&self) -> std::sync::MutexGuard<'_, Latest> {
        self.refresh
            .latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn pair(&self) -> (&str, &str) {
        (self.component.component_appid(), &self.authorizer_appid)
    }
}

impl TokenSource for AuthorizerToken {
    fn cached(&self) -> Option<AccessToken> {
        self.cache.fresh()
    }

    fn token<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move {
            single_flight(&self.cache, &self.flight, || self.obtain(ctx))
                .await
                .map(Some)
        })
    }

    fn invalidate<'a>(&'a self, failed: &'a AccessToken) -> BoxFuture<'a, ()> {
        self.cache.expire_if(failed);
        Box::pin(std::future::ready(()))
    }

    /// Fetches a new authorizer token now (the previous one stops working).
    fn force_refresh<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<AccessToken, TokenError>> {
        Box::pin(async move {
            let mut turn = self.flight.enter().await;
            let result = self.obtain(ctx).await;
            turn.record(&result);
            let stored = result?;
            self.cache.put(&stored);
            Ok(stored.token().clone())
        })
    }
}

impl fmt::Debug for AuthorizerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizerToken")
            .field("component", &self.component)
            .field("authorizer_appid", &self.authorizer_appid)
            .field("refresh_token_store", &self.refresh.store)
            .finish_non_exhaustive()
    }
}

/// The cached token if it is fresh; else, one caller at a time, whatever a caller that went
/// before fetched (or its error), or a new token from `fetch`, cached.
async fn single_flight<F, Fut>(
    cache: &TokenCache,
    flight: &Flight,
    fetch: F,
) -> Result<AccessToken, TokenError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<StoredToken, TokenError>>,
{
    if let Some(token) = cache.fresh() {
        return Ok(token);
    }
    let mut turn = flight.enter().await;
    if let Some(token) = cache
        .fresh()
        .or_else(|| cache.stored_since(turn.waited_since()))
    {
        return Ok(token);
    }
    if let Some(error) = turn.failure_while_waiting() {
        return Err(error);
    }
    let result = fetch().await;
    turn.record(&result);
    let stored = result?;
    cache.put(&stored);
    Ok(stored.token().clone())
}

/// One of the two token endpoints.
struct Call {
    /// The endpoint id, as in the spec, for errors and logs.
    id: &'static str,
    path: &'static str,
    /// The response field holding the token.
    token_key: &'static str,
    /// Error codes that mean the configuration is wrong.
    configuration: &'static [i64],
}

/// A decoded token answer.
struct Reply {
    token: AccessToken,
    lifetime: Duration,
    refresh_token: Option<Secret<String>>,
}

fn token_span(call: &Call, component_appid: &str, authorizer_appid: Option<&str>) -> tracing::Span {
    tracing::info_span!(
        "wxapi.token",
        endpoint = call.id,
        component_appid,
        authorizer_appid,
        status = tracing::field::Empty,
        errcode = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

impl Call {
    /// POSTs `body` with `query` and decodes the answer. `secrets` (the values sent) are
    /// scrubbed from any `errmsg` quoted back.
    async fn post(
        &self,
        ctx: &HttpCtx,
        query: &[(&str, &str)],
        body: &impl Serialize,
        secrets: &[&str],
        span: &tracing::Span,
    ) -> Result<Reply, TokenError> {
        let started = Instant::now();
        let mut builder = ctx
            .http()
            .post(ctx.url(self.path))
            .timeout(ctx.timeout())
            .json(body);
        if !query.is_empty() {
            builder = builder.query(query);
        }
        let request = builder
            .build()
            .map_err(|e| TokenError::Transport(TransportError::new(self.id, None, e)))?;
        // The component token travels in the query: mask it.
        let url = crate::redact::url(request.url());
        let transport =
            |e| TokenError::Transport(TransportError::new(self.id, Some(url.clone()), e));
        let response = ctx.http().execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        span.record("status", status);
        let bytes = response.bytes().await.map_err(transport)?;
        span.record(
            "latency_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        let result = self.decode(status, &bytes, secrets);
        match &result {
            Ok(_) => tracing::debug!("fetched token"),
            Err(e) => {
                if let Some(code) = e.code() {
                    span.record("errcode", code);
                }
                tracing::debug!(error = %e, "token request failed");
            }
        }
        result
    }

    /// Decodes an answer without ever quoting the body or serde messages, which could hold
    /// the tokens.
    fn decode(&self, status: u16, body: &[u8], secrets: &[&str]) -> Result<Reply, TokenError> {
        let value = envelope::parse(status, body).map_err(TokenError::Decode)?;
        let Value::Object(object) = value else {
            return Err(invalid(status, "expected a JSON object"));
        };
        match envelope::read(&object) {
            Envelope::Success => {}
            Envelope::Failure { code, message } => {
                let message = scrub(message, secrets);
                return Err(if self.configuration.contains(&code) {
                    TokenError::Rejected { code, message }
                } else {
                    TokenError::Api { code, message }
                });
            }
            Envelope::Malformed => return Err(invalid(status, "errcode is not an integer")),
        }
        if !(200..300).contains(&status) {
            return Err(invalid(status, "unexpected HTTP status"));
        }
        let token = match object.get(self.token_key) {
            Some(Value::String(token)) if !token.is_empty() => AccessToken::new(token.as_str()),
            _ => return Err(invalid(status, "the token is missing or not a string")),
        };
        Ok(Reply {
            token,
            lifetime: lifetime(&object, status)?,
            refresh_token: match object.get("authorizer_refresh_token") {
                Some(Value::String(refresh)) if !refresh.is_empty() => {
                    Some(Secret::new(refresh.clone()))
                }
                _ => None,
            },
        })
    }
}

fn lifetime(object: &Map<String, Value>, status: u16) -> Result<Duration, TokenError> {
    match object.get("expires_in") {
        None | Some(Value::Null) => Ok(DEFAULT_LIFETIME),
        Some(value) => match serde_json::from_value::<WireInt>(value.clone()) {
            Ok(WireInt(seconds)) if seconds > 0 => {
                Ok(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
            }
            _ => Err(invalid(status, "expires_in is not a positive integer")),
        },
    }
}

/// `message` with every non-empty value of `secrets` masked.
fn scrub(message: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(message, |message, secret| {
            message.replace(secret, crate::redact::MASK)
        })
}

fn invalid(status: u16, what: &'static str) -> TokenError {
    TokenError::Decode(DecodeError::invalid(status, what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use wxapi_fake_wechat::{codes, FakeWeChat, Fault};

    const COMPONENT: &str = "wx3d7c9a42e1b5f608";
    const SECRET: &str = "component-secret-0123456789";
    const MERCHANT: &str = "wx5e2e72fb432d8da8";
    const REFRESH: &str = "refreshtoken@@@merchant-refresh-token-0123";

    fn nowhere() -> HttpCtx {
        // Nothing listens there: any request fails.
        HttpCtx::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9",
            Duration::from_secs(1),
        )
    }

    fn ctx(server: &FakeWeChat) -> HttpCtx {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        HttpCtx::new(http, server.base_url(), Duration::from_secs(5))
    }

    async fn server(rotate: bool) -> FakeWeChat {
        FakeWeChat::builder()
            .component(COMPONENT, SECRET)
            .authorization(COMPONENT, MERCHANT, REFRESH)
            .rotate_refresh_tokens(rotate)
            .start()
            .await
    }

    /// The platform, reading the fake's current ticket.
    fn component(server: &FakeWeChat) -> ComponentCredentials {
        let ticket = server.component_verify_ticket(COMPONENT);
        ComponentCredentials::new(COMPONENT, SECRET, move || Some(ticket.clone()))
    }

    fn put(cache: &TokenCache, token: &str) {
        cache.put(&StoredToken::issued(
            AccessToken::new(token),
            Duration::from_secs(7200),
        ));
    }

    #[tokio::test]
    async fn fetches_the_component_token_then_the_authorizer_token() {
        let server = server(false).await;
        let ctx = ctx(&server);
        let source = component(&server).authorizer(MERCHANT, REFRESH);
        assert_eq!(source.cached(), None);
        let token = source.token(&ctx).await.unwrap().unwrap();
        assert_eq!(
            server.current_authorizer_token(MERCHANT).as_deref(),
            Some(token.expose())
        );
        assert_eq!(source.cached(), Some(token.clone()));
        assert_eq!(server.component_token_fetches(), 1);
        assert_eq!(server.authorizer_token_fetches(), 1);
        // Cached: no more fetches.
        assert_eq!(source.token(&ctx).await.unwrap(), Some(token));
        assert_eq!(server.authorizer_token_fetches(), 1);
        let sent = server
            .last_received("/cgi-bin/component/api_authorizer_token")
            .unwrap();
        assert!(sent.query_param("component_access_token").is_some());
        assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], REFRESH);
    }

    #[tokio::test]
    async fn authorizers_of_one_platform_share_its_component_token() {
        let server = FakeWeChat::builder()
            .component(COMPONENT, SECRET)
            .authorization(COMPONENT, MERCHANT, REFRESH)
            .authorization(COMPONENT, "wxsecondmerchant01", "refreshtoken@@@second")
            .start()
            .await;
        let ctx = ctx(&server);
        let platform = component(&server);
        let first = platform.authorizer(MERCHANT, REFRESH);
        let second = platform.authorizer("wxsecondmerchant01", "refreshtoken@@@second");
        let (a, b) = tokio::join!(first.token(&ctx), second.token(&ctx));
        assert_ne!(a.unwrap(), b.unwrap());
        assert_eq!(server.component_token_fetches(), 1);
        assert_eq!(server.authorizer_token_fetches(), 2);
    }

    #[tokio::test]
    async fn a_rotated_refresh_token_is_saved_and_used_next() {
        let server = server(true).await;
        let ctx = ctx(&server);
        let store = MemoryRefreshTokenStore::new();
        let source = component(&server)
            .authorizer(MERCHANT, REFRESH)
            .refresh_token_store(store.clone());
        let first = source.token(&ctx).await.unwrap().unwrap();
        let rotated = server.refresh_token(COMPONENT, MERCHANT).unwrap();
        assert_ne!(rotated, REFRESH);
        assert_eq!(
            store.get(COMPONENT, MERCHANT).map(Secret::into_inner),
            Some(rotated.clone())
        );
        source.invalidate(&first).await;
        source.token(&ctx).await.unwrap().unwrap();
        let sent = server
            .last_received("/cgi-bin/component/api_authorizer_token")
            .unwrap();
        assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], rotated);
    }

    #[tokio::test]
    async fn the_stored_refresh_token_wins_over_the_initial_one() {
        let server = server(false).await;
        let ctx = ctx(&server);
        let store = MemoryRefreshTokenStore::new();
        store.set(COMPONENT, MERCHANT, REFRESH);
        let source = component(&server)
            .authorizer(MERCHANT, "refreshtoken@@@stale")
            .refresh_token_store(store);
        assert!(source.token(&ctx).await.is_ok());
    }

    /// A store whose saves fail until told otherwise.
    #[derive(Debug, Default)]
    struct FlakyStore {
        inner: MemoryRefreshTokenStore,
        failing: std::sync::atomic::AtomicBool,
        saves: AtomicUsize,
    }

    impl RefreshTokenStore for FlakyStore {
        fn load<'a>(
            &'a self,
            c: &'a str,
            a: &'a str,
        ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>> {
            self.inner.load(c, a)
        }

        fn save<'a>(
            &'a self,
            c: &'a str,
            a: &'a str,
            token: &'a Secret<String>,
        ) -> BoxFuture<'a, Result<(), StoreError>> {
            self.saves.fetch_add(1, Ordering::SeqCst);
            if self.failing.load(Ordering::SeqCst) {
                Box::pin(std::future::ready(Err(StoreError::unavailable("down"))))
            } else {
                self.inner.save(c, a, token)
            }
        }
    }

    #[tokio::test]
    async fn an_unsaved_refresh_token_is_kept_and_saved_later() {
        let server = server(true).await;
        let ctx = ctx(&server);
        let store = Arc::new(FlakyStore::default());
        store.inner.set(COMPONENT, MERCHANT, REFRESH);
        store.failing.store(true, Ordering::SeqCst);
        let source = component(&server)
            .authorizer(MERCHANT, REFRESH)
            .refresh_token_store(Arc::clone(&store));
        let first = source.token(&ctx).await.unwrap().unwrap();
        let rotated = server.refresh_token(COMPONENT, MERCHANT).unwrap();
        assert_eq!(store.saves.load(Ordering::SeqCst), 1);
        // The store still has the old one, but the next fetch uses the new one, and saves it.
        store.failing.store(false, Ordering::SeqCst);
        source.invalidate(&first).await;
        source.token(&ctx).await.unwrap().unwrap();
        let sent = server
            .last_received("/cgi-bin/component/api_authorizer_token")
            .unwrap();
        assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], rotated);
        // Saved before the fetch, then the newer rotation after it.
        assert_eq!(store.saves.load(Ordering::SeqCst), 3);
        assert_eq!(
            store.inner.get(COMPONENT, MERCHANT).map(Secret::into_inner),
            server.refresh_token(COMPONENT, MERCHANT)
        );
    }

    #[tokio::test]
    async fn a_rejected_component_token_is_replaced_once() {
        let server = server(false).await;
        let ctx = ctx(&server);
        let platform = component(&server);
        let source = platform.authorizer(MERCHANT, REFRESH);
        let component_token = platform.component_access_token(&ctx).await.unwrap();
        server.revoke_component_tokens(COMPONENT);
        let token = source.token(&ctx).await.unwrap().unwrap();
        assert_eq!(
            server.current_authorizer_token(MERCHANT).as_deref(),
            Some(token.expose())
        );
        assert_eq!(server.component_token_fetches(), 2);
        assert_ne!(
            platform.component_access_token(&ctx).await.unwrap(),
            component_token
        );
        // Rejected again right after the new one: the error is returned, no loop.
        server
            .fault(Fault::errcode(codes::INVALID_CREDENTIAL))
            .on("/cgi-bin/component/api_authorizer_token")
            .times(2);
        let err = source.force_refresh(&ctx).await.unwrap_err();
        assert_eq!(err.code(), Some(40001), "{err:?}");
        assert!(!err.is_retryable());
        assert_eq!(server.component_token_fetches(), 3);
    }

    #[tokio::test]
    async fn configuration_errors_are_rejected_and_hide_every_secret() {
        let server = server(false).await;
        let ctx = ctx(&server);
        let ticket = server.component_verify_ticket(COMPONENT);
        let cases: Vec<(AuthorizerToken, i64)> = vec![
            (
                ComponentCredentials::new(COMPONENT, "wrong-secret", {
                    let ticket = ticket.clone();
                    move || Some(ticket.clone())
                })
                .authorizer(MERCHANT, REFRESH),
                40125,
            ),
            (
                ComponentCredentials::new(COMPONENT, SECRET, || {
                    Some("ticket@@@never-pushed".to_owned())
                })
                .authorizer(MERCHANT, REFRESH),
                61006,
            ),
            (
                component(&server).authorizer(MERCHANT, "refreshtoken@@@wrong-refresh"),
                61023,
            ),
            (
                component(&server).authorizer("wxnotauthorized01", REFRESH),
                61003,
            ),
        ];
        for (source, code) in cases {
            let err = source.token(&ctx).await.unwrap_err();
            assert!(err.is_configuration(), "{code}: {err:?}");
            assert!(!err.is_retryable());
            assert_eq!(err.code(), Some(code));
            let shown = format!("{err} {err:?} {source:?}");
            for secret in [SECRET, "wrong-secret", &ticket, REFRESH, "wrong-refresh"] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
        }
        assert_eq!(server.authorizer_token_fetches(), 0);
    }

    #[tokio::test]
    async fn a_missing_ticket_is_a_configuration_error_without_a_request() {
        let platform = ComponentCredentials::new(COMPONENT, SECRET, || None);
        let source = platform.authorizer(MERCHANT, REFRESH);
        // `nowhere()` would fail any request with a transport error.
        let err = source.token(&nowhere()).await.unwrap_err();
        assert!(err.is_configuration(), "{err:?}");
        assert_eq!(err.code(), Some(61006));
        assert!(err.to_string().contains("component_verify_ticket"), "{err}");
    }

    #[test]
    fn wechat_error_messages_are_scrubbed() {
        let body =
            br#"{"errcode":61023,"errmsg":"refresh_token is invalid: refreshtoken@@@abc rid: 1"}"#;
        let err = AUTHORIZER_TOKEN
            .decode(200, body, &["refreshtoken@@@abc", ""])
            .err()
            .unwrap();
        assert!(err.is_configuration());
        assert!(!err.to_string().contains("refreshtoken@@@abc"), "{err}");
        let busy = COMPONENT_TOKEN
            .decode(200, br#"{"errcode":-1,"errmsg":"system error"}"#, &[])
            .err()
            .unwrap();
        assert!(busy.is_retryable() && !busy.is_configuration());
        for code in COMPONENT_TOKEN_REJECTED {
            let body = format!(r#"{{"errcode":{code},"errmsg":"x"}}"#);
            let err = AUTHORIZER_TOKEN
                .decode(200, body.as_bytes(), &[])
                .err()
                .unwrap();
            assert!(matches!(err, TokenError::Api { .. }), "{code}: {err:?}");
        }
    }

    #[test]
    fn answers_are_decoded_without_quoting_tokens() {
        let reply = AUTHORIZER_TOKEN
            .decode(
                200,
                br#"{"authorizer_access_token":"T","expires_in":"60","authorizer_refresh_token":"R"}"#,
                &[],
            )
            .ok()
            .unwrap();
        assert_eq!(reply.token.expose(), "T");
        assert_eq!(reply.lifetime, Duration::from_secs(60));
        assert_eq!(
            reply.refresh_token.map(Secret::into_inner).as_deref(),
            Some("R")
        );
        let reply = COMPONENT_TOKEN
            .decode(200, br#"{"component_access_token":"C"}"#, &[])
            .ok()
            .unwrap();
        assert_eq!(reply.lifetime, DEFAULT_LIFETIME);
        assert!(reply.refresh_token.is_none());
        for body in [
            &br#"{"component_access_token":"LEAK","expires_in":0}"#[..],
            br#"{"access_token":"LEAK"}"#,
            br#"["LEAK"]"#,
        ] {
            let err = COMPONENT_TOKEN.decode(200, body, &[]).err().unwrap();
            assert!(matches!(err, TokenError::Decode(_)), "{err:?}");
            assert!(!format!("{err} {err:?}").contains("LEAK"));
        }
    }

    #[tokio::test]
    async fn invalidate_only_the_failed_token() {
        let source =
            ComponentCredentials::new(COMPONENT, SECRET, || None).authorizer(MERCHANT, REFRESH);
        put(&source.cache, "new");
        source.invalidate(&AccessToken::new("old")).await;
        assert_eq!(source.cached(), Some(AccessToken::new("new")));
        // Served from the cache: `nowhere()` is never asked.
        assert_eq!(
            source.token(&nowhere()).await.unwrap(),
            Some(AccessToken::new("new"))
        );
        source.invalidate(&AccessToken::new("new")).await;
        assert_eq!(source.cached(), None);

        let platform = source.component();
        put(&platform.inner.cache, "component");
        assert!(!platform.invalidate(&AccessToken::new("other")));
        assert!(platform.invalidate(&AccessToken::new("component")));
    }

    #[test]
    fn debug_hides_secrets() {
        let platform = ComponentCredentials::new(COMPONENT, "s3cr3t", || Some("T1CKET".into()));
        let source = platform.authorizer(MERCHANT, "R3FRESH");
        let debug = format!(
            "{source:?} {platform:?} {:?}",
            MemoryRefreshTokenStore::new()
        );
        assert!(
            debug.contains(COMPONENT) && debug.contains(MERCHANT),
            "{debug}"
        );
        for secret in ["s3cr3t", "T1CKET", "R3FRESH"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert_eq!(source.authorizer_appid(), MERCHANT);
        assert_eq!(source.component().component_appid(), COMPONENT);
    }
}
