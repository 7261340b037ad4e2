//! `RedisTokenStore` against a real `redis-server` that each test starts on
//! 127.0.0.1 and a random port. Needs `redis-server`
//! (`apt-get install -y redis-server`) and the `redis` feature; without the
//! server the tests fail.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use wxapi_mock::redis_server::RedisServer;
use wxapi_runtime::token::{AccessToken, RedisTokenStore, StoredToken, TokenStore};
use wxapi_runtime::{codegen, Error, TokenError};

use crate::support::scenarios::{self, MakeStore};
use crate::support::{builder, check, stable_requests, start, token_requests, APP_ID};

/// Each call opens a separate store (its own connection), as another
/// process would.
fn stores(redis: &RedisServer) -> impl Fn() -> Arc<dyn TokenStore> + Sync {
    let url = redis.url();
    move || Arc::new(RedisTokenStore::new(url.as_str()).unwrap()) as Arc<dyn TokenStore>
}

async fn raw(redis: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(redis.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

fn stored(token: &str) -> StoredToken {
    let now = SystemTime::now();
    StoredToken::new(
        AccessToken::new(token),
        now + Duration::from_secs(7200),
        now + Duration::from_secs(6900),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_fetch_once() {
    let redis = RedisServer::start();
    let make: MakeStore<'_> = &stores(&redis);
    scenarios::two_instances_fetch_once(make, false, 500).await;
    let redis = RedisServer::start();
    scenarios::two_instances_fetch_once(&stores(&redis), true, 500).await;
}

#[tokio::test]
async fn invalidated_token_is_refetched_once_and_shared() {
    let redis = RedisServer::start();
    scenarios::invalidated_token_is_refetched_once(&stores(&redis), false).await;
    let redis = RedisServer::start();
    scenarios::invalidated_token_is_refetched_once(&stores(&redis), true).await;
}

#[tokio::test]
async fn compare_and_delete_keeps_a_newer_token() {
    let redis = RedisServer::start();
    let store = RedisTokenStore::new(redis.url()).unwrap();
    store.save(APP_ID, &stored("new")).await.unwrap();
    assert!(!store
        .remove_if(APP_ID, &AccessToken::new("old"))
        .await
        .unwrap());
    let kept = store.load(APP_ID).await.unwrap().unwrap();
    assert_eq!(kept.token().expose(), "new");
    assert!(store
        .remove_if(APP_ID, &AccessToken::new("new"))
        .await
        .unwrap());
    assert_eq!(store.load(APP_ID).await.unwrap(), None);
    assert!(!store
        .remove_if(APP_ID, &AccessToken::new("new"))
        .await
        .unwrap());
}

#[tokio::test]
async fn lock_belongs_to_its_owner() {
    let redis = RedisServer::start();
    let store = RedisTokenStore::new(redis.url()).unwrap();
    let ttl = Duration::from_secs(10);
    assert!(store.try_lock(APP_ID, "a", ttl).await.unwrap());
    assert!(!store.try_lock(APP_ID, "b", ttl).await.unwrap());
    assert!(
        store.try_lock(APP_ID, "a", ttl).await.unwrap(),
        "re-entrant"
    );
    assert!(
        !store.unlock(APP_ID, "b").await.unwrap(),
        "not b's to release"
    );
    let mut conn = raw(&redis).await;
    let holder: Option<String> = redis::cmd("GET")
        .arg("wxapi:token:wx-test:lock")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(holder.as_deref(), Some("a"));
    let pttl: i64 = redis::cmd("PTTL")
        .arg("wxapi:token:wx-test:lock")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(pttl > 0 && pttl <= 10_000, "{pttl}");
    assert!(store.unlock(APP_ID, "a").await.unwrap());
    assert!(store.try_lock(APP_ID, "b", ttl).await.unwrap());
}

#[tokio::test]
async fn dead_holders_lock_is_taken_over() {
    let redis = RedisServer::start();
    scenarios::dead_holders_lock_is_taken_over(&stores(&redis)).await;

    // The same with the lock planted by hand, as a crashed process leaves
    // it: lock key set with an expiry, no token.
    let redis = RedisServer::start();
    let server = start().await;
    let mut conn = raw(&redis).await;
    let _: () = redis::cmd("SET")
        .arg("wxapi:token:wx-test:lock")
        .arg("crashed-process")
        .arg("NX")
        .arg("PX")
        .arg(1000)
        .query_async(&mut conn)
        .await
        .unwrap();
    let client = scenarios::instance(&server, stores(&redis)(), false);
    let started = Instant::now();
    codegen::call(&client, check()).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(token_requests(&server), 1);
}

#[tokio::test]
async fn stored_value_carries_its_expiry_and_a_ttl() {
    let redis = RedisServer::start();
    let server = start().await;
    let client = scenarios::instance(&server, stores(&redis)(), false);
    let token = client.access_token().await.unwrap().unwrap();

    let mut conn = raw(&redis).await;
    let pttl: i64 = redis::cmd("PTTL")
        .arg("wxapi:token:wx-test")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(pttl > 7_100_000 && pttl <= 7_200_000, "{pttl}");
    let value: String = redis::cmd("GET")
        .arg("wxapi:token:wx-test")
        .query_async(&mut conn)
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&value).unwrap();
    assert_eq!(value["access_token"], token.expose());
    let now_ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let expires = value["expires_at_ms"].as_u64().unwrap();
    let refresh = value["refresh_at_ms"].as_u64().unwrap();
    assert!(expires > now_ms + 7_100_000 && expires <= now_ms + 7_200_000);
    assert_eq!(expires - refresh, 300_000, "refresh 5 minutes early");
    // The lock was released.
    let lock: Option<String> = redis::cmd("GET")
        .arg("wxapi:token:wx-test:lock")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(lock, None);
}

#[tokio::test]
async fn keys_are_namespaced_by_prefix_and_app_id() {
    let redis = RedisServer::start();
    let server = start().await;
    let store = RedisTokenStore::new(redis.url())
        .unwrap()
        .prefix("other:ns");
    let client = scenarios::instance(&server, Arc::new(store), false);
    client.access_token().await.unwrap().unwrap();
    let mut conn = raw(&redis).await;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys, ["other:ns:wx-test"]);
}

#[tokio::test]
async fn force_refresh_is_spaced_across_instances() {
    let redis = RedisServer::start();
    scenarios::force_refresh_is_spaced_across_instances(&stores(&redis)).await;
    let mut conn = raw(&redis).await;
    let pttl: i64 = redis::cmd("PTTL")
        .arg("wxapi:token:wx-test:force")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(pttl > 25_000 && pttl <= 30_000, "{pttl}");
}

#[tokio::test]
async fn unreachable_redis_fails_classic_mode_and_falls_back_in_stable_mode() {
    let redis = RedisServer::start();
    let url = format!("redis://:hunter2@127.0.0.1:{}/", redis.port());
    drop(redis);
    let server = start().await;
    let store = || {
        RedisTokenStore::new(url.as_str())
            .unwrap()
            .timeout(Duration::from_millis(500))
    };

    let classic = builder(&server)
        .token_store(store())
        .max_attempts(1)
        .build()
        .unwrap();
    let err = codegen::call(&classic, check()).await.unwrap_err();
    let Error::Token(TokenError::Store(store_error)) = &err else {
        panic!("expected a store error, got {err:?}");
    };
    assert!(store_error.is_retryable(), "{store_error}");
    eprintln!("unreachable: {err}");
    let shown = format!("{err} {err:?} {classic:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert_eq!(
        token_requests(&server),
        0,
        "classic mode never fetches alone"
    );

    // A stable token is not invalidated by fetching it again: go without.
    let stable = builder(&server)
        .stable_token(true)
        .token_store(store())
        .build()
        .unwrap();
    codegen::call(&stable, check()).await.unwrap();
    assert_eq!(stable_requests(&server), 1);
}

#[tokio::test]
async fn debug_and_errors_show_neither_password_nor_token() {
    let redis = RedisServer::start_with(&["--requirepass", "right-password"]);
    let server = start().await;
    let url = |password: &str| format!("redis://:{password}@127.0.0.1:{}/", redis.port());

    // A wrong password: AUTH fails, and the error must not quote it.
    let store = RedisTokenStore::new(url("hunter2")).unwrap();
    let client = scenarios::instance(&server, Arc::new(store.clone()), false);
    let err = client.access_token().await.unwrap_err();
    assert!(matches!(err, TokenError::Store(_)), "{err:?}");
    eprintln!("wrong password: {err}");
    let shown = format!("{err} {err:?} {store:?} {client:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains(&format!("127.0.0.1:{}", redis.port())),
        "{shown}"
    );
    assert_eq!(token_requests(&server), 0);

    // The right one works, and Debug shows neither it nor the token.
    let store = RedisTokenStore::new(url("right-password")).unwrap();
    let client = scenarios::instance(&server, Arc::new(store.clone()), false);
    let token = client.access_token().await.unwrap().unwrap();
    let shown = format!("{store:?} {client:?} {token:?}");
    assert!(!shown.contains(token.expose()), "{shown}");
    assert!(!shown.contains("right-password"), "{shown}");
}
