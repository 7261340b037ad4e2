//! A [`TokenStore`] in this process's memory.

use std::collections::HashMap;
use std::fmt;
use std::future::ready;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{AccessToken, BoxFuture, StoreError, StoredToken, TokenStore};

/// A [`TokenStore`] kept in memory, shared by the clients it is given to
/// (clone it to share it).
///
/// Clones of one [`Client`](crate::Client) already share a token; this is
/// for clients built separately within one process, for tests of code that
/// uses a store, and as a model for other stores. Processes on different
/// machines need a real shared store, such as `RedisTokenStore`
/// (feature `redis`).
#[derive(Clone, Default)]
pub struct MemoryTokenStore {
    apps: Arc<Mutex<HashMap<String, Slot>>>,
}

#[derive(Default)]
struct Slot {
    token: Option<StoredToken>,
    lock: Option<(String, Instant)>,
    forced_until: Option<Instant>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryTokenStore::default()
    }

    fn with_slot<T>(&self, app_id: &str, f: impl FnOnce(&mut Slot) -> T) -> T {
        let mut apps = self.apps.lock().unwrap_or_else(PoisonError::into_inner);
        f(apps.entry(app_id.to_owned()).or_default())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load<'a>(
        &'a self,
        app_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredToken>, StoreError>> {
        let token = self.with_slot(app_id, |slot| {
            if slot.token.as_ref().is_some_and(|t| !t.is_valid()) {
                slot.token = None;
            }
            slot.token.clone()
        });
        Box::pin(ready(Ok(token)))
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.with_slot(app_id, |slot| slot.token = Some(token.clone()));
        Box::pin(ready(Ok(())))
    }

    fn remove_if<'a>(
        &'a self,
        app_id: &'a str,
        failed: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let removed = self.with_slot(app_id, |slot| {
            let matches = slot.token.as_ref().is_some_and(|t| t.token() == failed);
            if matches {
                slot.token = None;
            }
            matches
        });
        Box::pin(ready(Ok(removed)))
    }

    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let now = Instant::now();
        let taken = self.with_slot(app_id, |slot| {
            let free = match &slot.lock {
                None => true,
                Some((holder, until)) => holder == owner || *until <= now,
            };
            if free {
                slot.lock = Some((owner.to_owned(), now + ttl));
            }
            free
        });
        Box::pin(ready(Ok(taken)))
    }

    fn unlock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let released = self.with_slot(app_id, |slot| {
            let owned = slot
                .lock
                .as_ref()
                .is_some_and(|(holder, _)| holder == owner);
            if owned {
                slot.lock = None;
            }
            owned
        });
        Box::pin(ready(Ok(released)))
    }

    fn claim_force_refresh<'a>(
        &'a self,
        app_id: &'a str,
        spacing: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, StoreError>> {
        let now = Instant::now();
        let wait = self.with_slot(app_id, |slot| match slot.forced_until {
            Some(until) if until > now => Some(until - now),
            _ => {
                slot.forced_until = Some(now + spacing);
                None
            }
        });
        Box::pin(ready(Ok(wait)))
    }
}

impl fmt::Debug for MemoryTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let apps = self
            .apps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("MemoryTokenStore")
            .field("apps", &apps)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn compare_and_delete_keeps_a_newer_token() {
        let store = MemoryTokenStore::new();
        let new = StoredToken::issued(AccessToken::new("new"), Duration::from_secs(7200));
        store.save("wx1", &new).await.unwrap();
        assert!(!store
            .remove_if("wx1", &AccessToken::new("old"))
            .await
            .unwrap());
        assert_eq!(store.load("wx1").await.unwrap(), Some(new));
        assert_eq!(store.load("wx2").await.unwrap(), None, "per app id");
        assert!(store
            .remove_if("wx1", &AccessToken::new("new"))
            .await
            .unwrap());
        assert_eq!(store.load("wx1").await.unwrap(), None);
        assert!(!format!("{store:?}").contains("new"));
    }

    #[tokio::test]
    async fn lock_is_exclusive_reentrant_and_expires() {
        let store = MemoryTokenStore::new();
        let ttl = Duration::from_millis(50);
        assert!(store.try_lock("wx1", "a", ttl).await.unwrap());
        assert!(store.try_lock("wx1", "a", ttl).await.unwrap());
        assert!(!store.try_lock("wx1", "b", ttl).await.unwrap());
        assert!(!store.unlock("wx1", "b").await.unwrap());
        assert!(store.unlock("wx1", "a").await.unwrap());
        assert!(store.try_lock("wx1", "b", ttl).await.unwrap());
        tokio::time::sleep(ttl * 2).await;
        assert!(store.try_lock("wx1", "a", ttl).await.unwrap(), "expired");
    }

    #[tokio::test]
    async fn force_refreshes_are_spaced() {
        let store = MemoryTokenStore::new();
        let spacing = Duration::from_secs(30);
        assert_eq!(
            store.claim_force_refresh("wx1", spacing).await.unwrap(),
            None
        );
        let wait = store.claim_force_refresh("wx1", spacing).await.unwrap();
        assert!(wait.is_some_and(|w| w > Duration::from_secs(29)));
    }
}
