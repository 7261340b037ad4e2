//! Sharing one token between many client instances.
//!
//! WeChat keeps one valid `/cgi-bin/token` token per app: every fetch makes
//! the previous one expire (after a 5-minute overlap). Processes that fetch
//! on their own therefore invalidate each other, which shows up as
//! intermittent 40001 errors in every multi-instance deployment. A
//! [`TokenStore`] lets the instances agree on one token and on who refreshes
//! it; [`AppCredentials`](super::AppCredentials) drives the protocol (see its
//! docs), the store provides the few atomic operations it needs.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{AccessToken, BoxFuture};

/// Refresh this long before a token expires, so a token is never sent right
/// as it expires. `/cgi-bin/stable_token` also renews its token in the last
/// 5 minutes.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// A token with the times that govern its use, as kept in a
/// [`TokenStore`].
///
/// Times are wall-clock (`SystemTime`) because they are shared between
/// processes; instances should keep their clocks in sync (NTP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredToken {
    token: AccessToken,
    expires_at: SystemTime,
    refresh_at: SystemTime,
}

impl StoredToken {
    /// A token that WeChat accepts until `expires_at`, to be replaced from
    /// `refresh_at` on (clamped to `expires_at`).
    pub fn new(token: AccessToken, expires_at: SystemTime, refresh_at: SystemTime) -> Self {
        StoredToken {
            token,
            expires_at,
            refresh_at: refresh_at.min(expires_at),
        }
    }

    /// A token just issued with `lifetime` left (the response's
    /// `expires_in`), due for a refresh five minutes before it expires (or
    /// halfway, if it lives for less than ten minutes).
    pub(crate) fn issued(token: AccessToken, lifetime: Duration) -> Self {
        let now = SystemTime::now();
        StoredToken::new(token, now + lifetime, now + refresh_after(lifetime))
    }

    /// The token.
    pub fn token(&self) -> &AccessToken {
        &self.token
    }

    /// When WeChat stops accepting it.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// When it should be replaced.
    pub fn refresh_at(&self) -> SystemTime {
        self.refresh_at
    }

    /// Whether it can be used without refreshing it first.
    pub fn is_fresh(&self) -> bool {
        SystemTime::now() < self.refresh_at
    }

    /// Whether WeChat still accepts it (it may be due for a refresh).
    pub fn is_valid(&self) -> bool {
        SystemTime::now() < self.expires_at
    }

    /// The time left until it expires: the TTL for a store's entry.
    pub fn time_to_expiry(&self) -> Duration {
        self.expires_at
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    }
}

/// How long to use a token that lives for `lifetime`.
fn refresh_after(lifetime: Duration) -> Duration {
    if lifetime > REFRESH_MARGIN * 2 {
        lifetime - REFRESH_MARGIN
    } else {
        // Unusually short-lived: use the first half.
        lifetime / 2
    }
}

/// A store failed. Holds only a description that the store guarantees free
/// of credentials (no token, no password, no stored value).
#[derive(Debug, Clone)]
pub struct StoreError {
    message: Cow<'static, str>,
    retryable: bool,
}

impl StoreError {
    /// The store cannot be reached or did not answer in time; trying again
    /// later may work.
    pub fn unavailable(message: impl Into<Cow<'static, str>>) -> Self {
        StoreError {
            message: message.into(),
            retryable: true,
        }
    }

    /// Any other failure.
    pub fn other(message: impl Into<Cow<'static, str>>) -> Self {
        StoreError {
            message: message.into(),
            retryable: false,
        }
    }

    /// Whether trying again may succeed.
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {}

/// Storage that several client instances (usually several processes) share,
/// so that they use one token and only one of them refreshes it.
///
/// Each operation is for one app id, so one store can serve several apps.
/// Every operation must be atomic on the store's side; `RedisTokenStore`
/// (feature `redis`) uses single commands and Lua scripts. Implementations
/// must keep tokens out of their `Debug` output and errors.
///
/// The protocol, run by [`AppCredentials`](super::AppCredentials) when its
/// local cache has nothing fresh:
///
/// 1. [`load`](Self::load); if the token is fresh, use it.
/// 2. Otherwise [`try_lock`](Self::try_lock). The winner loads again
///    (another instance may have refreshed in between), fetches from
///    WeChat only if still needed, [`save`](Self::save)s, and
///    [`unlock`](Self::unlock)s.
/// 3. The others poll `load` with short, growing sleeps until a fresh token
///    appears, and try the lock again each time, so that they take over when
///    a holder died and its lock expired.
///
/// When WeChat rejects a token, [`remove_if`](Self::remove_if) deletes it
/// only if it is still the stored one.
pub trait TokenStore: Send + Sync + fmt::Debug + 'static {
    /// The token stored for `app_id`, if there is one that has not expired
    /// (it may be due for a refresh).
    fn load<'a>(
        &'a self,
        app_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredToken>, StoreError>>;

    /// Stores `token` for `app_id`, replacing any other, and lets the entry
    /// expire with the token.
    fn save<'a>(
        &'a self,
        app_id: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Deletes the token stored for `app_id` only if it is `failed`, in one
    /// atomic step. Returns whether it deleted it.
    fn remove_if<'a>(
        &'a self,
        app_id: &'a str,
        failed: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Takes the refresh lock for `app_id` for `ttl` if it is free, or
    /// extends it if `owner` already holds it (an earlier attempt of the same
    /// instance that was cancelled). Returns whether `owner` holds it now.
    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Releases the refresh lock for `app_id` if `owner` still holds it, in
    /// one atomic step. Returns whether it did.
    fn unlock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Records a forced refresh for `app_id` unless another instance forced
    /// one less than `spacing` ago. Returns `None` when granted, or how long
    /// to wait.
    ///
    /// The default grants every request: instances then only space their own
    /// forced refreshes.
    fn claim_force_refresh<'a>(
        &'a self,
        app_id: &'a str,
        spacing: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, StoreError>> {
        let _ = (app_id, spacing);
        Box::pin(async { Ok(None) })
    }
}

impl<T: TokenStore + ?Sized> TokenStore for Arc<T> {
    fn load<'a>(
        &'a self,
        app_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredToken>, StoreError>> {
        (**self).load(app_id)
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        (**self).save(app_id, token)
    }

    fn remove_if<'a>(
        &'a self,
        app_id: &'a str,
        failed: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        (**self).remove_if(app_id, failed)
    }

    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        (**self).try_lock(app_id, owner, ttl)
    }

    fn unlock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        (**self).unlock(app_id, owner)
    }

    fn claim_force_refresh<'a>(
        &'a self,
        app_id: &'a str,
        spacing: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, StoreError>> {
        (**self).claim_force_refresh(app_id, spacing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_margin() {
        assert_eq!(
            refresh_after(Duration::from_secs(7200)),
            Duration::from_secs(6900)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(60)),
            Duration::from_secs(30)
        );
        // stable_token's remaining lifetime near the end of a token's life.
        assert_eq!(
            refresh_after(Duration::from_secs(345)),
            Duration::from_millis(172_500)
        );
    }

    #[test]
    fn stored_token_times() {
        let token = StoredToken::issued(AccessToken::new("t"), Duration::from_secs(7200));
        assert!(token.is_fresh() && token.is_valid());
        assert!(token.refresh_at() < token.expires_at());
        let ttl = token.time_to_expiry();
        assert!(ttl > Duration::from_secs(7190) && ttl <= Duration::from_secs(7200));

        let now = SystemTime::now();
        let clamped = StoredToken::new(AccessToken::new("t"), now, now + Duration::from_secs(9));
        assert_eq!(clamped.refresh_at(), now);
        assert!(!clamped.is_valid() && !clamped.is_fresh());
        assert_eq!(clamped.time_to_expiry(), Duration::ZERO);
        assert!(!format!("{clamped:?}").contains("\"t\""));
    }
}
