//! A [`TokenStore`] in Redis, so that many processes share one token and
//! one refresh (feature `redis`).
//!
//! # Keys (per app id, under a configurable prefix, `wxapi:token` by default)
//!
//! | key | value | expiry |
//! |---|---|---|
//! | `{prefix}:{appid}` | JSON `{"access_token", "expires_at_ms", "refresh_at_ms"}` (Unix ms) | `PX` = the token's remaining lifetime |
//! | `{prefix}:{appid}:lock` | the refreshing instance's random id | `PX` = fetch timeout + 5 s |
//! | `{prefix}:{appid}:force` | `1` | `PX` 30 s after a forced refresh |
//!
//! # Atomic steps
//!
//! - lock: `SET lock owner NX PX ttl` (a Lua script that also lets the same
//!   owner extend it);
//! - unlock: Lua, delete the lock only if it still holds our id;
//! - invalidate: Lua, delete the token only if it is still the rejected one;
//! - save: `SET key value PX ttl`;
//! - force-refresh spacing: Lua, `SET force 1 NX PX 30000`, else its `PTTL`.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use super::{AccessToken, BoxFuture, StoreError, StoredToken, TokenStore};

const DEFAULT_PREFIX: &str = "wxapi:token";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Takes the lock if free, or extends it if `owner` already holds it.
/// KEYS[1] lock key; ARGV[1] owner; ARGV[2] ttl in ms. Returns 1 if held.
static LOCK: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
",
    )
});

/// Deletes the lock only if `owner` holds it.
/// KEYS[1] lock key; ARGV[1] owner. Returns the number of keys deleted.
static UNLOCK: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});

/// Deletes the token only if it is still the rejected one.
/// KEYS[1] token key; ARGV[1] rejected token. Returns the number deleted.
static REMOVE_IF: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local value = redis.call('GET', KEYS[1])
if not value then
  return 0
end
local ok, stored = pcall(cjson.decode, value)
if ok and type(stored) == 'table' and stored.access_token == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});

/// Claims the force-refresh slot. KEYS[1] force key; ARGV[1] spacing in ms.
/// Returns -1 when granted, else the ms left until it is free.
static CLAIM_FORCE: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  return -1
end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then
  return 1
end
return left
",
    )
});

/// Shares access tokens between processes through Redis.
///
/// Give each client (in each process) a `RedisTokenStore` for the same
/// server and prefix:
///
/// ```no_run
/// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::token::RedisTokenStore;
///
/// let store = RedisTokenStore::new("redis://127.0.0.1:6379/0")?.prefix("myapp:wx-token");
/// let client = wxapi::Client::builder()
///     .app_id("wx0123456789abcdef")
///     .app_secret(std::env::var("WECHAT_APP_SECRET")?)
///     .stable_token(true)
///     .token_store(store)
///     .build()?;
/// # Ok(())
/// # }
/// ```
///
/// Connects lazily, on first use, through a `redis` connection manager
/// that reconnects after failures; clones share the connection. Its `Debug`
/// shows the server address and prefix only, never a password.
#[derive(Clone)]
pub struct RedisTokenStore {
    client: redis::Client,
    connection: Arc<OnceCell<ConnectionManager>>,
    prefix: String,
    timeout: Duration,
}

impl RedisTokenStore {
    /// A store for the Redis server at `info`, usually a URL such as
    /// `redis://:password@host:6379/0` (`rediss://` needs TLS support
    /// enabled in the `redis` crate). Does not connect yet.
    pub fn new(info: impl redis::IntoConnectionInfo) -> Result<Self, StoreError> {
        let client = redis::Client::open(info).map_err(store_error)?;
        Ok(RedisTokenStore::from_client(client))
    }

    /// A store using `client`'s connection settings.
    pub fn from_client(client: redis::Client) -> Self {
        RedisTokenStore {
            client,
            connection: Arc::new(OnceCell::new()),
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The prefix of every key (default `wxapi:token`); instances that
    /// should share tokens must use the same one.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long to wait for Redis to connect or answer (default 5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connection = Arc::new(OnceCell::new());
        self
    }

    /// The key holding `app_id`'s token.
    pub fn token_key(&self, app_id: &str) -> String {
        format!("{}:{app_id}", self.prefix)
    }

    /// The key of `app_id`'s refresh lock.
    pub fn lock_key(&self, app_id: &str) -> String {
        format!("{}:{app_id}:lock", self.prefix)
    }

    /// The key that spaces `app_id`'s forced refreshes.
    pub fn force_key(&self, app_id: &str) -> String {
        format!("{}:{app_id}:force", self.prefix)
    }

    async fn connection(&self) -> Result<ConnectionManager, StoreError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(2);
        self.connection
            .get_or_try_init(|| self.client.get_connection_manager_with_config(config))
            .await
            .cloned()
            .map_err(store_error)
    }

    async fn load(&self, app_id: &str) -> Result<Option<StoredToken>, StoreError> {
        let mut connection = self.connection().await?;
        let value: Option<String> = redis::cmd("GET")
            .arg(self.token_key(app_id))
            .query_async(&mut connection)
            .await
            .map_err(store_error)?;
        let Some(value) = value else {
            return Ok(None);
        };
        match decode(&value) {
            Some(stored) if stored.is_valid() => Ok(Some(stored)),
            Some(_) => Ok(None),
            None => {
                // Never log the value: it may hold a token.
                tracing::warn!(app_id, "ignoring a malformed stored token");
                Ok(None)
            }
        }
    }

    async fn save(&self, app_id: &str, token: &StoredToken) -> Result<(), StoreError> {
        let ttl = millis(token.time_to_expiry());
        if ttl == 0 {
            return Ok(());
        }
        let mut connection = self.connection().await?;
        redis::cmd("SET")
            .arg(self.token_key(app_id))
            .arg(encode(token))
            .arg("PX")
            .arg(ttl)
            .query_async::<()>(&mut connection)
            .await
            .map_err(store_error)
    }

    async fn remove_if(&self, app_id: &str, failed: &AccessToken) -> Result<bool, StoreError> {
        let mut connection = self.connection().await?;
        let deleted: i64 = REMOVE_IF
            .key(self.token_key(app_id))
            .arg(failed.expose())
            .invoke_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(deleted > 0)
    }

    async fn try_lock(&self, app_id: &str, owner: &str, ttl: Duration) -> Result<bool, StoreError> {
        let mut connection = self.connection().await?;
        let held: i64 = LOCK
            .key(self.lock_key(app_id))
            .arg(owner)
            .arg(millis(ttl).max(1))
            .invoke_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(held == 1)
    }

    async fn unlock(&self, app_id: &str, owner: &str) -> Result<bool, StoreError> {
        let mut connection = self.connection().await?;
        let deleted: i64 = UNLOCK
            .key(self.lock_key(app_id))
            .arg(owner)
            .invoke_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(deleted > 0)
    }

    async fn claim_force_refresh(
        &self,
        app_id: &str,
        spacing: Duration,
    ) -> Result<Option<Duration>, StoreError> {
        let mut connection = self.connection().await?;
        let left: i64 = CLAIM_FORCE
            .key(self.force_key(app_id))
            .arg(millis(spacing).max(1))
            .invoke_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(u64::try_from(left).ok().map(Duration::from_millis))
    }
}

impl TokenStore for RedisTokenStore {
    fn load<'a>(
        &'a self,
        app_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredToken>, StoreError>> {
        Box::pin(RedisTokenStore::load(self, app_id))
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(RedisTokenStore::save(self, app_id, token))
    }

    fn remove_if<'a>(
        &'a self,
        app_id: &'a str,
        failed: &'a AccessToken,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(RedisTokenStore::remove_if(self, app_id, failed))
    }

    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(RedisTokenStore::try_lock(self, app_id, owner, ttl))
    }

    fn unlock<'a>(
        &'a self,
        app_id: &'a str,
        owner: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(RedisTokenStore::unlock(self, app_id, owner))
    }

    fn claim_force_refresh<'a>(
        &'a self,
        app_id: &'a str,
        spacing: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, StoreError>> {
        Box::pin(RedisTokenStore::claim_force_refresh(self, app_id, spacing))
    }
}

impl fmt::Debug for RedisTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.client.get_connection_info();
        // The address is host and port (or a socket path); the password and
        // user name are left out.
        f.debug_struct("RedisTokenStore")
            .field("addr", &info.addr().to_string())
            .field("db", &info.redis_settings().db())
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The stored value.
#[derive(Serialize, Deserialize)]
struct Value<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    expires_at_ms: u64,
    refresh_at_ms: u64,
}

fn encode(token: &StoredToken) -> String {
    let value = Value {
        access_token: Cow::Borrowed(token.token().expose()),
        expires_at_ms: unix_ms(token.expires_at()),
        refresh_at_ms: unix_ms(token.refresh_at()),
    };
    // Serializing a struct of a string and two integers cannot fail.
    serde_json::to_string(&value).unwrap_or_default()
}

/// Decodes a stored value; `None` if it is not ours. Never reports what it
/// could not parse: the value may hold a token.
fn decode(raw: &str) -> Option<StoredToken> {
    let value: Value<'_> = serde_json::from_str(raw).ok()?;
    if value.access_token.is_empty() {
        return None;
    }
    Some(StoredToken::new(
        AccessToken::new(value.access_token.into_owned()),
        UNIX_EPOCH + Duration::from_millis(value.expires_at_ms),
        UNIX_EPOCH + Duration::from_millis(value.refresh_at_ms),
    ))
}

fn unix_ms(at: SystemTime) -> u64 {
    millis(at.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Describes a Redis error by its category and code only: the `redis`
/// crate's messages can quote the server's reply, which may be a token.
fn store_error(e: redis::RedisError) -> StoreError {
    let mut message = format!("redis: {}", e.category());
    if let Some(code) = e.code() {
        message.push_str(" (");
        message.push_str(code);
        message.push(')');
    }
    if e.is_io_error() || e.is_timeout() || e.is_connection_refusal() || e.is_connection_dropped() {
        StoreError::unavailable(message)
    } else {
        StoreError::other(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let token = StoredToken::issued(AccessToken::new("T-1"), Duration::from_secs(7200));
        let raw = encode(&token);
        let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(json["access_token"], "T-1");
        assert!(json["expires_at_ms"].as_u64().unwrap() > json["refresh_at_ms"].as_u64().unwrap());
        let back = decode(&raw).unwrap();
        assert_eq!(back.token(), token.token());
        assert_eq!(unix_ms(back.expires_at()), unix_ms(token.expires_at()));
        assert_eq!(unix_ms(back.refresh_at()), unix_ms(token.refresh_at()));
    }

    #[test]
    fn malformed_values_are_ignored() {
        for raw in [
            "",
            "T-1",
            "{}",
            r#"{"access_token":"","expires_at_ms":1,"refresh_at_ms":1}"#,
        ] {
            assert!(decode(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn keys_and_debug() {
        let store = RedisTokenStore::new("redis://user:hunter2@127.0.0.1:6390/3")
            .unwrap()
            .prefix("app:tok");
        assert_eq!(store.token_key("wx1"), "app:tok:wx1");
        assert_eq!(store.lock_key("wx1"), "app:tok:wx1:lock");
        assert_eq!(store.force_key("wx1"), "app:tok:wx1:force");
        let debug = format!("{store:?}");
        assert!(
            debug.contains("127.0.0.1:6390") && debug.contains("app:tok"),
            "{debug}"
        );
        assert!(
            !debug.contains("hunter2") && !debug.contains("user"),
            "{debug}"
        );
    }

    #[test]
    fn bad_urls_are_reported_without_the_password() {
        let err = RedisTokenStore::new("http://:hunter2@x").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(!format!("{err:?}").contains("hunter2"));
    }
}
