//! The per-process token cache, read without locks.
//!
//! Every call reads the cache, so a read must be cheap: one atomic load of
//! an `Arc` through `arc_swap::ArcSwapOption` (no mutex, no allocation), a
//! clock read, and a reference-count bump for the token. Writers replace the
//! whole entry; [`TokenCache::expire_if`] is a compare-and-swap, so it never
//! throws away a token that replaced the failed one in the meantime.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use arc_swap::ArcSwapOption;

use super::{AccessToken, StoredToken};

/// One process's copy of the current token.
#[derive(Default)]
pub(crate) struct TokenCache {
    slot: ArcSwapOption<Entry>,
}

struct Entry {
    token: AccessToken,
    /// When this entry was written, so that callers who waited for a fetch
    /// can tell that it finished after they started waiting.
    stored_at: Instant,
    /// Serve the token until then; afterwards fetch a new one.
    refresh_at: Instant,
    /// WeChat stops accepting the token then.
    expires_at: Instant,
}

impl TokenCache {
    /// The cached token, if it need not be refreshed yet. Lock-free and
    /// allocation-free: this is the hot path of every call.
    pub(crate) fn fresh(&self) -> Option<AccessToken> {
        let entry = self.slot.load();
        let entry = entry.as_ref()?;
        (Instant::now() < entry.refresh_at).then(|| entry.token.clone())
    }

    /// The cached token if it was stored at or after `since` and has not
    /// expired, even if it is due for a refresh.
    ///
    /// For callers that waited for someone else's fetch: they take its
    /// result instead of fetching again, however short-lived it is.
    pub(crate) fn stored_since(&self, since: Instant) -> Option<AccessToken> {
        let entry = self.slot.load();
        let entry = entry.as_ref()?;
        (entry.stored_at >= since && Instant::now() < entry.expires_at).then(|| entry.token.clone())
    }

    /// Caches `stored` with its refresh and expiry times.
    pub(crate) fn put(&self, stored: &StoredToken) {
        let now = Instant::now();
        let wall = SystemTime::now();
        let remaining = |at: SystemTime| at.duration_since(wall).unwrap_or(Duration::ZERO);
        self.slot.store(Some(Arc::new(Entry {
            token: stored.token().clone(),
            stored_at: now,
            refresh_at: now + remaining(stored.refresh_at()),
            expires_at: now + remaining(stored.expires_at()),
        })));
    }

    /// Forgets the cached token if it is still `failed`; returns whether it
    /// did. A newer token stored concurrently is kept.
    pub(crate) fn expire_if(&self, failed: &AccessToken) -> bool {
        loop {
            let current = self.slot.load();
            match current.as_ref() {
                Some(entry) if entry.token == *failed => {}
                _ => return false,
            }
            let previous = self.slot.compare_and_swap(&current, None);
            let swapped = match (previous.as_ref(), current.as_ref()) {
                (Some(previous), Some(current)) => Arc::ptr_eq(previous, current),
                _ => false,
            };
            if swapped {
                return true;
            }
            // Another writer got in between; look again.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(token: &str, lifetime: Duration) -> StoredToken {
        StoredToken::issued(AccessToken::new(token), lifetime)
    }

    #[test]
    fn serves_until_the_refresh_time() {
        let cache = TokenCache::default();
        assert_eq!(cache.fresh(), None);
        cache.put(&stored("t", Duration::from_secs(7200)));
        assert_eq!(cache.fresh(), Some(AccessToken::new("t")));

        cache.put(&StoredToken::new(
            AccessToken::new("due"),
            SystemTime::now() + Duration::from_secs(60),
            SystemTime::now() - Duration::from_secs(1),
        ));
        assert_eq!(cache.fresh(), None, "due for a refresh");
    }

    #[test]
    fn waiters_take_a_token_stored_after_they_started_waiting() {
        let cache = TokenCache::default();
        let before = Instant::now();
        cache.put(&StoredToken::new(
            AccessToken::new("short"),
            SystemTime::now() + Duration::from_secs(60),
            SystemTime::now() - Duration::from_secs(1),
        ));
        assert_eq!(cache.fresh(), None);
        assert_eq!(cache.stored_since(before), Some(AccessToken::new("short")));
        let later = Instant::now() + Duration::from_millis(1);
        assert_eq!(cache.stored_since(later), None);

        cache.put(&StoredToken::new(
            AccessToken::new("expired"),
            SystemTime::now() - Duration::from_secs(1),
            SystemTime::now() - Duration::from_secs(2),
        ));
        assert_eq!(cache.stored_since(before), None);
    }

    #[test]
    fn expires_only_the_failed_token() {
        let cache = TokenCache::default();
        cache.put(&stored("new", Duration::from_secs(7200)));
        assert!(!cache.expire_if(&AccessToken::new("old")));
        assert_eq!(cache.fresh(), Some(AccessToken::new("new")));
        assert!(cache.expire_if(&AccessToken::new("new")));
        assert_eq!(cache.fresh(), None);
        assert!(!cache.expire_if(&AccessToken::new("new")));
    }

    #[test]
    fn concurrent_expiry_and_replacement_keep_the_replacement() {
        let cache = Arc::new(TokenCache::default());
        for round in 0..200 {
            cache.put(&stored("old", Duration::from_secs(7200)));
            let expirer = {
                let cache = cache.clone();
                std::thread::spawn(move || cache.expire_if(&AccessToken::new("old")))
            };
            let replacement = format!("new-{round}");
            cache.put(&stored(&replacement, Duration::from_secs(7200)));
            expirer.join().unwrap();
            assert_eq!(cache.fresh(), Some(AccessToken::new(replacement)));
        }
    }
}
