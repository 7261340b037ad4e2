//! Access tokens fetched with an app id and secret.

use std::fmt;
use std::sync::Arc;

use super::cache::TokenCache;
use super::fetch::{Fetcher, TokenEndpoint};
use super::flight::Flight;
use super::force::ForceGuard;
use super::{
    shared, AccessToken, BoxFuture, HttpCtx, StoredToken, TokenError, TokenSource, TokenStore,
};
use crate::{random, Secret};

/// Fetches access tokens with an app id and secret (the
/// `client_credential` grant) and caches each until five minutes before it
/// expires.
///
/// - **Endpoint**: `GET /cgi-bin/token` by default, or
///   `POST /cgi-bin/stable_token` in normal mode with
///   [`stable_token(true)`](Self::stable_token). Prefer the latter when
///   several deployments share an app id: fetching a stable token again
///   returns the same token instead of invalidating the previous one. Force
///   refresh mode is used only by [`force_refresh`](TokenSource::force_refresh).
/// - **Cache**: the token sits in an atomically swapped `Arc`; reading it
///   ([`cached`](TokenSource::cached)) takes no lock and allocates nothing.
/// - **Single flight**: callers that find the cache empty at the same time
///   queue behind one fetch and share its result, token or error, so
///   however many callers wait, one fetch per app is in flight.
/// - **Compare and expire**: [`invalidate`](TokenSource::invalidate)
///   forgets the token only if it is still the rejected one.
/// - **Shared store** (optional, [`token_store`](Self::token_store)):
///   processes share one token and one refresh through a [`TokenStore`];
///   the local cache stays in front of it, so the hot path still does no
///   I/O.
pub struct AppCredentials {
    fetcher: Fetcher,
    cache: TokenCache,
    flight: Flight,
    force: ForceGuard,
    store: Option<Arc<dyn TokenStore>>,
    /// This instance's name on the store's refresh lock.
    owner: String,
}

impl AppCredentials {
    /// Uses `app_id` and `app_secret` to fetch tokens from `/cgi-bin/token`,
    /// cached in this process only.
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<Secret<String>>) -> Self {
        AppCredentials {
            fetcher: Fetcher::new(app_id.into(), app_secret.into()),
            cache: TokenCache::default(),
            flight: Flight::default(),
            force: ForceGuard::default(),
            store: None,
            owner: random::message_id(),
        }
    }

    /// Fetches from `POST /cgi-bin/stable_token` (normal mode,
    /// `force_refresh: false`) instead of `GET /cgi-bin/token`.
    ///
    /// Stable tokens and classic tokens are independent of each other.
    pub fn stable_token(mut self, stable: bool) -> Self {
        self.fetcher.set_endpoint(if stable {
            TokenEndpoint::Stable
        } else {
            TokenEndpoint::Classic
        });
        self
    }

    /// Shares tokens with other instances through `store` (see
    /// [`TokenStore`] for the protocol).
    ///
    /// If the store fails, calls fail with a retryable
    /// [`TokenError::Store`], except in [stable](Self::stable_token) mode,
    /// where fetching without the store is harmless (a stable token is not
    /// invalidated by fetching it again), so the source does that.
    pub fn token_store(self, store: impl TokenStore) -> Self {
        self.shared_store(Arc::new(store))
    }

    pub(crate) fn shared_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        self.fetcher.app_id()
    }

    /// Whether tokens come from `/cgi-bin/stable_token`.
    pub fn is_stable(&self) -> bool {
        self.fetcher.endpoint() == TokenEndpoint::Stable
    }

    /// Gets a token from the store or WeChat. The caller holds the flight.
    async fn obtain(&self, ctx: &HttpCtx, force: bool) -> Result<StoredToken, TokenError> {
        let Some(store) = &self.store else {
            return self.fetch(ctx, force).await;
        };
        match shared::obtain(&**store, &self.fetcher, &self.owner, ctx, force).await {
            Err(TokenError::Store(e)) if self.is_stable() => {
                tracing::warn!(
                    app_id = self.app_id(),
                    error = %e,
                    "token store failed; fetching the stable token without it"
                );
                self.fetch(ctx, force).await
            }
            result => result,
        }
    }

    async fn fetch(&self, ctx: &HttpCtx, force: bool) -> Result<StoredToken, TokenError> {
        let (token, lifetime) = self.fetcher.fetch(ctx, force).await?;
        Ok(StoredToken::issued(token, lifetime))
    }

    async fn refresh(&self, ctx: &HttpCtx) -> Result<Option<AccessToken>, TokenError> {
        let mut turn = self.flight.enter().await;
        // Whoever held the flight before us may have fetched already.
        if let Some(token) = self
            .cache
            .fresh()
            .or_else(|| self.cache.stored_since(turn.waited_since()))
        {
            return Ok(Some(token));
        }
        if let Some(error) = turn.failure_while_waiting() {
            return Err(error);
        }
        let result = self.obtain(ctx, false).await;
        turn.record(&result);
        let stored = result?;
        self.cache.put(&stored);
        Ok(Some(stored.token().clone()))
    }
}

impl TokenSource for AppCredentials {
    fn cached(&self) -> Option<AccessToken> {
        self.cache.fresh()
    }

    fn token<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move {
            match self.cache.fresh() {
                Some(token) => Ok(Some(token)),
                None => self.refresh(ctx).await,
            }
        })
    }

    fn invalidate<'a>(&'a self, failed: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            self.cache.expire_if(failed);
            if let Some(store) = &self.store {
                if let Err(e) = store.remove_if(self.app_id(), failed).await {
                    tracing::warn!(
                        app_id = self.app_id(),
                        error = %e,
                        "could not remove the rejected token from the store"
                    );
                }
            }
        })
    }

    /// Fetches a new token now: with `force_refresh: true` in stable mode
    /// (which invalidates the previous stable token), or simply again in
    /// classic mode (where every fetch issues a new token).
    ///
    /// Refused with [`TokenError::TooSoon`] within
    /// [`FORCE_REFRESH_SPACING`](super::FORCE_REFRESH_SPACING) of the
    /// previous forced refresh of this instance (or, with a store that
    /// records them, of any instance).
    fn force_refresh<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<AccessToken, TokenError>> {
        Box::pin(async move {
            self.force.claim()?;
            let _turn = self.flight.enter().await;
            let stored = self.obtain(ctx, true).await?;
            self.cache.put(&stored);
            Ok(stored.token().clone())
        })
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("fetcher", &self.fetcher)
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ctx() -> HttpCtx {
        // Nothing listens there: any fetch fails.
        HttpCtx::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9",
            Duration::from_secs(1),
        )
    }

    fn put(source: &AppCredentials, token: &str, lifetime: Duration) {
        source
            .cache
            .put(&StoredToken::issued(AccessToken::new(token), lifetime));
    }

    #[tokio::test]
    async fn invalidate_only_the_failed_token() {
        let source = AppCredentials::new("wx1", "secret");
        put(&source, "new", Duration::from_secs(7200));
        source.invalidate(&AccessToken::new("old")).await;
        assert_eq!(source.cached(), Some(AccessToken::new("new")));
        source.invalidate(&AccessToken::new("new")).await;
        assert_eq!(source.cached(), None);
    }

    #[test]
    fn expired_tokens_are_not_served() {
        let source = AppCredentials::new("wx1", "secret");
        put(&source, "t", Duration::ZERO);
        assert_eq!(source.cached(), None);
    }

    #[tokio::test]
    async fn cached_token_is_served_without_fetching() {
        let source = AppCredentials::new("wx1", "secret");
        put(&source, "t", Duration::from_secs(7200));
        let token = source.token(&ctx()).await.unwrap();
        assert_eq!(token, Some(AccessToken::new("t")));
    }

    #[tokio::test]
    async fn invalidate_reaches_the_store() {
        let store = super::super::MemoryTokenStore::new();
        let source = AppCredentials::new("wx1", "secret").token_store(store.clone());
        let stored = StoredToken::issued(AccessToken::new("t"), Duration::from_secs(7200));
        store.save("wx1", &stored).await.unwrap();
        // Taken from the store, no fetch (nothing listens at ctx()).
        let token = source.token(&ctx()).await.unwrap().unwrap();
        assert_eq!(token.expose(), "t");
        source.invalidate(&token).await;
        assert_eq!(source.cached(), None);
        assert_eq!(store.load("wx1").await.unwrap(), None);
    }

    #[test]
    fn debug_hides_secret() {
        let source = AppCredentials::new("wx1", "s3cr3t").stable_token(true);
        assert!(source.is_stable());
        assert_eq!(source.app_id(), "wx1");
        let debug = format!("{source:?}");
        assert!(debug.contains("wx1") && debug.contains("Stable"), "{debug}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
    }
}
