//! Obtaining a token through a shared [`TokenStore`]: the protocol that
//! makes N instances fetch once between them.
//!
//! See [`TokenStore`] for the steps. Waiting instances poll with short
//! sleeps that grow from 20 ms to 250 ms (with jitter, so they do not poll
//! in step), for at most twice the lock's lifetime: a holder that died lets
//! its lock expire, and the next poll takes it over.

use std::time::{Duration, Instant};

use super::cached::Fetch;
use super::{HttpCtx, StoreError, StoredToken, TokenError, TokenStore, FORCE_REFRESH_SPACING};
use crate::random;

/// The refresh lock outlives the fetch's HTTP timeout by this much, so it
/// does not expire while its holder is still legitimately working.
const LOCK_MARGIN: Duration = Duration::from_secs(5);
/// The first sleep of a waiting instance.
const POLL_FIRST: Duration = Duration::from_millis(20);
/// The longest sleep of a waiting instance.
const POLL_MAX: Duration = Duration::from_millis(250);

/// Returns a fresh token stored under `app_id` in `store`, refreshing it
/// through `source` if this instance wins the store's lock as `owner`. With
/// `force`, skips the stored token and asks for a new one (after claiming the
/// store-wide force-refresh slot).
pub(crate) async fn obtain(
    store: &dyn TokenStore,
    app_id: &str,
    owner: &str,
    source: &impl Fetch,
    ctx: &HttpCtx,
    force: bool,
) -> Result<StoredToken, TokenError> {
    if force {
        let wait = store
            .claim_force_refresh(app_id, FORCE_REFRESH_SPACING)
            .await
            .map_err(TokenError::Store)?;
        if let Some(retry_after) = wait {
            return Err(TokenError::TooSoon { retry_after });
        }
    }
    let lock_ttl = ctx.timeout() + LOCK_MARGIN;
    let deadline = Instant::now() + lock_ttl * 2;
    let mut delay = POLL_FIRST;
    // A token past its refresh time but still accepted, to fall back on if
    // the refresh takes too long.
    let mut still_valid = None;
    loop {
        if !force {
            match store.load(app_id).await.map_err(TokenError::Store)? {
                Some(stored) if stored.is_fresh() => return Ok(stored),
                Some(stored) if stored.is_valid() => still_valid = Some(stored),
                _ => {}
            }
        }
        let locked = store
            .try_lock(app_id, owner, lock_ttl)
            .await
            .map_err(TokenError::Store)?;
        if locked {
            let result = refresh_locked(store, app_id, source, ctx, force).await;
            if let Err(e) = store.unlock(app_id, owner).await {
                // The lock expires by itself.
                tracing::warn!(app_id, error = %e, "could not release the token refresh lock");
            }
            return result;
        }
        if Instant::now() + delay > deadline {
            tracing::warn!(
                app_id,
                "gave up waiting for another instance to refresh the token"
            );
            return still_valid.ok_or_else(|| {
                TokenError::Store(StoreError::unavailable(
                    "timed out waiting for another instance to refresh the access token",
                ))
            });
        }
        tokio::time::sleep(with_jitter(delay)).await;
        delay = (delay * 2).min(POLL_MAX);
    }
}

/// Refreshes while holding the lock.
async fn refresh_locked(
    store: &dyn TokenStore,
    app_id: &str,
    source: &impl Fetch,
    ctx: &HttpCtx,
    force: bool,
) -> Result<StoredToken, TokenError> {
    if !force {
        // Double check: the previous holder may have saved a token between
        // our load and our lock.
        if let Some(stored) = store.load(app_id).await.map_err(TokenError::Store)? {
            if stored.is_fresh() {
                return Ok(stored);
            }
        }
    }
    let stored = source.fetch(ctx, force).await?;
    if let Err(e) = store.save(app_id, &stored).await {
        // The token is good; use it. Others will fetch their own, and a
        // rejected token is replaced through `invalidate`.
        tracing::warn!(app_id, error = %e, "could not save the access token to the store");
    }
    Ok(stored)
}

/// `delay` plus up to half of it.
fn with_jitter(delay: Duration) -> Duration {
    let range = u64::try_from(delay.as_millis() / 2).unwrap_or(0);
    delay + Duration::from_millis(random::next_u64() % (range + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_is_bounded() {
        for _ in 0..100 {
            let d = with_jitter(Duration::from_millis(100));
            assert!(d >= Duration::from_millis(100) && d <= Duration::from_millis(150));
        }
    }
}
