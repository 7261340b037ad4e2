//! The token cache every fetching source shares: a source only knows how to [`Fetch`] a
//! token; [`Cached`] keeps it.
//!
//! - **Cache**: the token sits in a [`TokenCache`] (an atomically swapped `Arc`); reading
//!   it ([`TokenSource::cached`]) takes no lock and allocates nothing. It is refreshed five
//!   minutes before it expires.
//! - **Single flight**: callers that find the cache empty at the same time queue behind one
//!   fetch ([`Flight`]) and share its result, token or error.
//! - **Compare and expire**: [`invalidate`](TokenSource::invalidate) forgets the token only
//!   if it is still the rejected one.
//! - **Shared store** (optional): instances share one token and one refresh through a
//!   [`TokenStore`] (the protocol is in `shared.rs`); the local cache stays in front of it.

use std::future::Future;
use std::sync::Arc;

use super::cache::TokenCache;
use super::flight::Flight;
use super::{
    shared, AccessToken, BoxFuture, HttpCtx, StoredToken, TokenError, TokenSource, TokenStore,
};
use crate::random;

/// How a source gets a new token from WeChat.
pub(crate) trait Fetch: Send + Sync + 'static {
    /// Fetches a token. `force` asks for a new one even where WeChat would answer the
    /// current one again (stable_token's force mode); it comes from
    /// [`force_refresh`](TokenSource::force_refresh) only.
    fn fetch<'a>(
        &'a self,
        ctx: &'a HttpCtx,
        force: bool,
    ) -> impl Future<Output = Result<StoredToken, TokenError>> + Send + 'a;

    /// Called before a forced refresh; an error refuses it without asking WeChat.
    fn claim_force(&self) -> Result<(), TokenError> {
        Ok(())
    }

    /// Whether to fetch without the shared store when the store fails: harmless only where
    /// fetching again does not invalidate the token other instances hold.
    fn fetch_when_store_fails(&self) -> bool {
        false
    }
}

/// A source's cache, single flight and optional shared store, around its [`Fetch`].
pub(crate) struct Cached<F> {
    source: F,
    cache: TokenCache,
    flight: Flight,
    store: Option<SharedStore>,
}

struct SharedStore {
    store: Arc<dyn TokenStore>,
    /// The token's key in the store: the app id.
    key: String,
    /// This instance's name on the store's refresh lock.
    owner: String,
}

impl<F: Fetch> Cached<F> {
    pub(crate) fn new(source: F) -> Self {
        Cached {
            source,
            cache: TokenCache::default(),
            flight: Flight::default(),
            store: None,
        }
    }

    pub(crate) fn source(&self) -> &F {
        &self.source
    }

    pub(crate) fn source_mut(&mut self) -> &mut F {
        &mut self.source
    }

    /// Shares the token with other instances through `store`, under `key`.
    pub(crate) fn share(&mut self, store: Arc<dyn TokenStore>, key: String) {
        self.store = Some(SharedStore {
            store,
            key,
            owner: random::message_id(),
        });
    }

    pub(crate) fn store(&self) -> Option<&Arc<dyn TokenStore>> {
        self.store.as_ref().map(|shared| &shared.store)
    }

    /// The cached token if it is fresh; else, one caller at a time, whatever a caller that
    /// went before obtained (or its error), or a new token, cached.
    pub(crate) async fn get(&self, ctx: &HttpCtx) -> Result<AccessToken, TokenError> {
        if let Some(token) = self.cache.fresh() {
            return Ok(token);
        }
        let mut turn = self.flight.enter().await;
        // Whoever held the flight before us may have fetched already.
        if let Some(token) = self
            .cache
            .fresh()
            .or_else(|| self.cache.stored_since(turn.waited_since()))
        {
            return Ok(token);
        }
        if let Some(error) = turn.failure_while_waiting() {
            return Err(error);
        }
        let result = self.obtain(ctx, false).await;
        turn.record(&result);
        Ok(self.keep(result?))
    }

    /// Forgets the cached token if it is still `failed`; returns whether it did. The store
    /// is left alone: see [`invalidate`](TokenSource::invalidate).
    pub(crate) fn expire(&self, failed: &AccessToken) -> bool {
        self.cache.expire_if(failed)
    }

    /// Replaces the token now. Its failure is not shared with waiting callers: a forced
    /// request may fail (a quota) where a normal one succeeds.
    async fn force(&self, ctx: &HttpCtx) -> Result<AccessToken, TokenError> {
        self.source.claim_force()?;
        let _turn = self.flight.enter().await;
        Ok(self.keep(self.obtain(ctx, true).await?))
    }

    fn keep(&self, stored: StoredToken) -> AccessToken {
        self.cache.put(&stored);
        stored.token().clone()
    }

    /// Gets a token from the store or WeChat. The caller holds the flight.
    async fn obtain(&self, ctx: &HttpCtx, force: bool) -> Result<StoredToken, TokenError> {
        let Some(shared) = &self.store else {
            return self.source.fetch(ctx, force).await;
        };
        let store = &*shared.store;
        match shared::obtain(store, &shared.key, &shared.owner, &self.source, ctx, force).await {
            Err(TokenError::Store(e)) if self.source.fetch_when_store_fails() => {
                tracing::warn!(
                    app_id = shared.key,
                    error = %e,
                    "token store failed; fetching the token without it"
                );
                self.source.fetch(ctx, force).await
            }
            result => result,
        }
    }
}

impl<F: Fetch> TokenSource for Cached<F> {
    fn cached(&self) -> Option<AccessToken> {
        self.cache.fresh()
    }

    fn token<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move { self.get(ctx).await.map(Some) })
    }

    fn invalidate<'a>(&'a self, failed: &'a AccessToken) -> BoxFuture<'a, ()> {
        self.expire(failed);
        Box::pin(async move {
            let Some(shared) = &self.store else { return };
            if let Err(e) = shared.store.remove_if(&shared.key, failed).await {
                tracing::warn!(
                    app_id = shared.key,
                    error = %e,
                    "could not remove the rejected token from the store"
                );
            }
        })
    }

    fn force_refresh<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<AccessToken, TokenError>> {
        Box::pin(self.force(ctx))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::token::MemoryTokenStore;

    /// A source whose fetches fail: any token comes from the cache or the store.
    struct Unreachable;

    impl Fetch for Unreachable {
        async fn fetch(&self, _: &HttpCtx, _: bool) -> Result<StoredToken, TokenError> {
            Err(TokenError::Unsupported("fetch in this test"))
        }
    }

    fn ctx() -> HttpCtx {
        HttpCtx::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9",
            Duration::from_secs(1),
        )
    }

    fn put(source: &Cached<Unreachable>, token: &str, lifetime: Duration) {
        source
            .cache
            .put(&StoredToken::issued(AccessToken::new(token), lifetime));
    }

    #[tokio::test]
    async fn invalidate_only_the_failed_token() {
        let source = Cached::new(Unreachable);
        put(&source, "new", Duration::from_secs(7200));
        source.invalidate(&AccessToken::new("old")).await;
        assert_eq!(source.cached(), Some(AccessToken::new("new")));
        source.invalidate(&AccessToken::new("new")).await;
        assert_eq!(source.cached(), None);
    }

    #[test]
    fn expired_tokens_are_not_served() {
        let source = Cached::new(Unreachable);
        put(&source, "t", Duration::ZERO);
        assert_eq!(source.cached(), None);
    }

    #[tokio::test]
    async fn cached_token_is_served_without_fetching() {
        let source = Cached::new(Unreachable);
        put(&source, "t", Duration::from_secs(7200));
        let token = source.token(&ctx()).await.unwrap();
        assert_eq!(token, Some(AccessToken::new("t")));
    }

    #[tokio::test]
    async fn invalidate_reaches_the_store() {
        let store = MemoryTokenStore::new();
        let mut source = Cached::new(Unreachable);
        source.share(Arc::new(store.clone()), "wx1".into());
        let stored = StoredToken::issued(AccessToken::new("t"), Duration::from_secs(7200));
        store.save("wx1", &stored).await.unwrap();
        // Taken from the store, no fetch.
        let token = source.token(&ctx()).await.unwrap().unwrap();
        assert_eq!(token.expose(), "t");
        source.invalidate(&token).await;
        assert_eq!(source.cached(), None);
        assert_eq!(store.load("wx1").await.unwrap(), None);
    }
}
