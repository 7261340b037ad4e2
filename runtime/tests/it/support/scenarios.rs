//! Multi-instance scenarios, run against every `TokenStore` implementation
//! (the in-memory one in the `token` suite, Redis in `redis_store`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use wxapi_runtime::token::TokenStore;
use wxapi_runtime::{codegen, Client};

use wxapi_mock::MockServer;

use super::{
    builder, check, checks, delay_tokens, forced_requests, revoke, seen_tokens, start,
    token_requests, APP_ID,
};

/// Makes the store of one instance. For Redis each call opens a new store
/// (a new connection), as a separate process would.
pub type MakeStore<'a> = &'a (dyn Fn() -> Arc<dyn TokenStore> + Sync);

pub fn instance(server: &MockServer, store: Arc<dyn TokenStore>, stable: bool) -> Client {
    builder(server)
        .stable_token(stable)
        .token_store(store)
        .build()
        .unwrap()
}

/// Two instances with `callers` concurrent calls each, on a cold cache and
/// a slow token endpoint: exactly one fetch between them, one token used.
pub async fn two_instances_fetch_once(make_store: MakeStore<'_>, stable: bool, callers: usize) {
    let server = start().await;
    delay_tokens(&server, Duration::from_millis(200));
    let a = instance(&server, make_store(), stable);
    let b = instance(&server, make_store(), stable);
    let mut tasks = JoinSet::new();
    for i in 0..callers * 2 {
        let client = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.spawn(async move { codegen::call(&client, check()).await });
    }
    while let Some(result) = tasks.join_next().await {
        let response = result.unwrap().unwrap();
        assert_eq!(response.result, "ok");
    }
    assert_eq!(
        token_requests(&server),
        1,
        "one fetch between both instances"
    );
    assert_eq!(checks(&server), callers * 2);
    let seen = seen_tokens(&server);
    assert!(seen.iter().all(|t| *t == seen[0]), "one token: {seen:?}");
}

/// A token rejected by WeChat is refetched once by the instance that saw it
/// rejected; the other instance, which still holds the old token, finds the
/// new one in the store (compare-and-delete keeps it) instead of fetching.
pub async fn invalidated_token_is_refetched_once(make_store: MakeStore<'_>, stable: bool) {
    let server = start().await;
    let a = instance(&server, make_store(), stable);
    let b = instance(&server, make_store(), stable);
    codegen::call(&a, check()).await.unwrap();
    codegen::call(&b, check()).await.unwrap();
    assert_eq!(token_requests(&server), 1);

    revoke(&server);
    codegen::call(&a, check()).await.unwrap();
    assert_eq!(token_requests(&server), 2, "a refetched once");
    codegen::call(&b, check()).await.unwrap();
    assert_eq!(token_requests(&server), 2, "b took a's new token");

    let seen = seen_tokens(&server);
    let (old, new) = (seen[0].clone(), seen[3].clone());
    assert_ne!(old, new);
    assert_eq!(seen, [&*old, &old, &old, &new, &old, &new]);
    assert_eq!(a.access_token().await.unwrap().unwrap().expose(), new);
    assert_eq!(b.access_token().await.unwrap().unwrap().expose(), new);
}

/// A refresh lock whose holder died (lock set, no token) is taken over once
/// it expires; the waiting instances fetch once between them.
pub async fn dead_holders_lock_is_taken_over(make_store: MakeStore<'_>) {
    let server = start().await;
    let store = make_store();
    let lock_ttl = Duration::from_millis(800);
    assert!(store
        .try_lock(APP_ID, "crashed-instance", lock_ttl)
        .await
        .unwrap());
    let started = Instant::now();
    let a = instance(&server, make_store(), false);
    let b = instance(&server, make_store(), false);
    let (ra, rb) = tokio::join!(a.access_token(), b.access_token());
    let (ta, tb) = (ra.unwrap().unwrap(), rb.unwrap().unwrap());
    assert_eq!(ta, tb);
    let waited = started.elapsed();
    assert!(waited >= lock_ttl - Duration::from_millis(50), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(token_requests(&server), 1);
}

/// Forced refreshes are spaced across instances: the second instance is
/// refused without asking WeChat.
pub async fn force_refresh_is_spaced_across_instances(make_store: MakeStore<'_>) {
    let server = start().await;
    let a = instance(&server, make_store(), true);
    let b = instance(&server, make_store(), true);
    let before = a.access_token().await.unwrap().unwrap();
    a.force_refresh_token().await.unwrap();
    let after = a.access_token().await.unwrap().unwrap();
    assert_ne!(before, after);
    let err = b.force_refresh_token().await.unwrap_err();
    assert!(
        matches!(err, wxapi_runtime::TokenError::TooSoon { .. }),
        "{err:?}"
    );
    assert_eq!(forced_requests(&server), 1);
    // b still uses the new token: from the store, since its cache was cold.
    assert_eq!(b.access_token().await.unwrap().unwrap(), after);
    codegen::call(&b, check()).await.unwrap();
}
