//! Where merchants' refresh tokens are kept, and one merchant's refresh token as this process
//! knows it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::super::{BoxFuture, StoreError};
#[cfg(doc)]
use super::AuthorizerToken;
use crate::Secret;

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

    fn lock(&self) -> MutexGuard<'_, RefreshTokenMap> {
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

/// The refresh token of one merchant: the store, and what this instance knows.
pub(super) struct RefreshTokens {
    pub(super) store: Arc<dyn RefreshTokenStore>,
    /// The newest refresh token this instance has seen.
    latest: Mutex<Latest>,
}

struct Latest {
    token: Secret<String>,
    /// WeChat rotated it and saving it to the store failed: save it again, and prefer it to
    /// what the store holds.
    unsaved: bool,
}

impl RefreshTokens {
    /// `refresh_token` of the pair, kept in a [`MemoryRefreshTokenStore`] until another
    /// store is given.
    pub(super) fn new(
        component_appid: &str,
        authorizer_appid: &str,
        refresh_token: Secret<String>,
    ) -> Self {
        let store = MemoryRefreshTokenStore::new();
        store.set(component_appid, authorizer_appid, refresh_token.clone());
        RefreshTokens {
            store: Arc::new(store),
            latest: Mutex::new(Latest {
                token: refresh_token,
                unsaved: false,
            }),
        }
    }

    /// The refresh token to use: an unsaved rotated one (saved now, if the store lets us),
    /// else the store's, else the newest one known here.
    pub(super) async fn current(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Secret<String> {
        let (latest, unsaved) = {
            let latest = self.latest();
            (latest.token.clone(), latest.unsaved)
        };
        if unsaved {
            if self
                .store
                .save(component_appid, authorizer_appid, &latest)
                .await
                .is_ok()
            {
                self.latest().unsaved = false;
            }
            return latest;
        }
        match self.store.load(component_appid, authorizer_appid).await {
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
    pub(super) async fn rotated(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
        refresh_token: Secret<String>,
    ) {
        {
            let mut latest = self.latest();
            latest.token = refresh_token.clone();
            latest.unsaved = true;
        }
        match self
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

    fn latest(&self) -> MutexGuard<'_, Latest> {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
