//! Tokens of a third-party platform (开放平台第三方平台) calling a merchant's APIs on its
//! behalf with an `authorizer_access_token`.
//!
//! Two tokens, one on top of the other:
//!
//! 1. the platform's own `component_access_token`, from
//!    `POST /cgi-bin/component/api_component_token` with the platform's appid, secret and the
//!    `component_verify_ticket` WeChat pushes to the platform every 10 minutes
//!    ([`ComponentCredentials`], shared by every merchant of the platform; `component.rs`);
//! 2. the merchant's `authorizer_access_token`, from
//!    `POST /cgi-bin/component/api_authorizer_token?component_access_token=…` with the
//!    merchant's `authorizer_refresh_token` ([`AuthorizerToken`], the [`TokenSource`]; the
//!    refresh token is kept through a [`RefreshTokenStore`], `refresh_store.rs`).
//!
//! Each is kept by a `Cached` (lock-free reads, compare-and-expire, one fetch at a time),
//! exactly as [`AppCredentials`](super::AppCredentials) keeps its token. Both tokens are
//! refreshed five minutes before they expire.

mod component;
mod refresh_store;

use std::fmt;

use serde::Serialize;

use self::refresh_store::RefreshTokens;
use super::cached::{Cached, Fetch};
use super::exchange::{self, token_span, Reply, API_AUTHORIZER_TOKEN, TOKEN_REJECTED};
#[cfg(doc)]
use super::TokenSource;
use super::{AccessToken, HttpCtx, StoredToken, TokenError};
use crate::Secret;

pub use self::component::{ComponentCredentials, ComponentTicket};
pub use self::refresh_store::{MemoryRefreshTokenStore, RefreshTokenStore};

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
    cached: Cached<Authorizer>,
}

/// What fetches a merchant's token.
struct Authorizer {
    component: ComponentCredentials,
    authorizer_appid: String,
    refresh: RefreshTokens,
}

/// The body of `api_authorizer_token`.
#[derive(Serialize)]
struct AuthorizerTokenRequest<'a> {
    component_appid: &'a str,
    authorizer_appid: &'a str,
    authorizer_refresh_token: &'a str,
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
        let refresh = RefreshTokens::new(
            component.component_appid(),
            &authorizer_appid,
            refresh_token.into(),
        );
        AuthorizerToken {
            cached: Cached::new(Authorizer {
                component,
                authorizer_appid,
                refresh,
            }),
        }
    }

    /// Loads and saves the merchant's refresh token through `store` (see
    /// [`RefreshTokenStore`]). The refresh token given to [`new`](Self::new) is used while
    /// the store has none.
    pub fn refresh_token_store(mut self, store: impl RefreshTokenStore) -> Self {
        self.cached.source_mut().refresh.store = std::sync::Arc::new(store);
        self
    }

    /// The merchant's appid.
    pub fn authorizer_appid(&self) -> &str {
        &self.cached.source().authorizer_appid
    }

    /// The platform.
    pub fn component(&self) -> &ComponentCredentials {
        &self.cached.source().component
    }
}

forward_token_source!(AuthorizerToken, |this| this.cached);

impl Fetch for Authorizer {
    /// Fetches an authorizer token (always a new one: `force` changes nothing), with a new
    /// component token once if WeChat rejects the cached one.
    async fn fetch(&self, ctx: &HttpCtx, _force: bool) -> Result<StoredToken, TokenError> {
        let (component_appid, authorizer_appid) = self.pair();
        let refresh_token = self
            .refresh
            .current(component_appid, authorizer_appid)
            .await;
        let mut component = self.component.component_access_token(ctx).await?;
        let mut renewed_component = false;
        loop {
            match self.request(ctx, &component, &refresh_token).await {
                Err(TokenError::Api { code, .. })
                    if TOKEN_REJECTED.contains(&code) && !renewed_component =>
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
                Ok(mut reply) => {
                    if let Some(rotated) = reply.refresh_token.take() {
                        if rotated.expose() != refresh_token.expose() {
                            let refresh = &self.refresh;
                            refresh
                                .rotated(component_appid, authorizer_appid, rotated)
                                .await;
                        }
                    }
                    return Ok(reply.issued());
                }
            }
        }
    }
}

impl Authorizer {
    async fn request(
        &self,
        ctx: &HttpCtx,
        component: &AccessToken,
        refresh_token: &Secret<String>,
    ) -> Result<Reply, TokenError> {
        let (component_appid, authorizer_appid) = self.pair();
        let request = ctx
            .http()
            .post(ctx.url(API_AUTHORIZER_TOKEN.path))
            .query(&[("component_access_token", component.expose())])
            .json(&AuthorizerTokenRequest {
                component_appid,
                authorizer_appid,
                authorizer_refresh_token: refresh_token.expose(),
            });
        let span = token_span!(
            endpoint = API_AUTHORIZER_TOKEN.id,
            component_appid,
            authorizer_appid,
        );
        let secrets = [component.expose(), refresh_token.expose()];
        exchange::send(ctx, &API_AUTHORIZER_TOKEN, request, &secrets, span).await
    }

    fn pair(&self) -> (&str, &str) {
        (self.component.component_appid(), &self.authorizer_appid)
    }
}

impl fmt::Debug for AuthorizerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authorizer = self.cached.source();
        f.debug_struct("AuthorizerToken")
            .field("component", &authorizer.component)
            .field("authorizer_appid", &authorizer.authorizer_appid)
            .field("refresh_token_store", &authorizer.refresh.store)
            .finish_non_exhaustive()
    }
}
