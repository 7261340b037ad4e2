//! The access-token layer against the fake WeChat's token endpoints: single
//! flight, stable_token, forced refreshes, the lock-free read path, and
//! sharing through the in-memory store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::task::JoinSet;
use wxapi_mock::MockServer;
use wxapi_runtime::token::{MemoryTokenStore, TokenStore};
use wxapi_runtime::{codegen, Error, TokenError};

use crate::support::{
    builder, check, checks, classic_requests, client, delay_tokens, fail_tokens, forced_requests,
    scenarios, stable_bodies, stable_requests, start, start_with, token_requests, APP_ID, SECRET,
};

/// The number of concurrent callers on a cold cache.
const CALLERS: usize = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousand_concurrent_callers_cause_one_fetch() {
    for stable in [false, true] {
        let server = start().await;
        // Slow enough that every caller arrives while the fetch is in flight.
        delay_tokens(&server, Duration::from_millis(300));
        let client = builder(&server).stable_token(stable).build().unwrap();
        let mut calls = JoinSet::new();
        for _ in 0..CALLERS {
            let client = client.clone();
            calls.spawn(async move { codegen::call(&client, check()).await });
        }
        while let Some(result) = calls.join_next().await {
            assert_eq!(result.unwrap().unwrap().result, "ok");
        }
        let fetches = token_requests(&server);
        eprintln!("stable={stable}: {CALLERS} concurrent callers, {fetches} token fetch(es)");
        assert_eq!(fetches, 1, "stable={stable}");
        assert_eq!(checks(&server), CALLERS);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failed_fetch_is_shared_by_its_waiters() {
    let server = start().await;
    delay_tokens(&server, Duration::from_millis(200));
    let failing = fail_tokens(&server, 40013);
    let client = builder(&server).build().unwrap();
    let mut calls = JoinSet::new();
    for _ in 0..200 {
        let client = client.clone();
        calls.spawn(async move { client.access_token().await });
    }
    while let Some(result) = calls.join_next().await {
        let err = result.unwrap().unwrap_err();
        assert!(err.is_configuration(), "{err:?}");
        assert_eq!(err.code(), Some(40013));
    }
    assert_eq!(token_requests(&server), 1, "the failure was shared");
    // A later caller asks again.
    failing.iter().for_each(|fault| fault.disarm());
    assert!(client.access_token().await.unwrap().is_some());
    assert_eq!(token_requests(&server), 2);
}

#[tokio::test]
async fn stable_mode_posts_json_in_normal_mode() {
    let server = start().await;
    let client = builder(&server).stable_token(true).build().unwrap();
    codegen::call(&client, check()).await.unwrap();
    codegen::call(&client, check()).await.unwrap();
    assert_eq!(stable_requests(&server), 1);
    assert_eq!(classic_requests(&server), 0);
    assert_eq!(
        stable_bodies(&server),
        [json!({
            "grant_type": "client_credential",
            "appid": APP_ID,
            "secret": SECRET,
            "force_refresh": false,
        })]
    );
}

#[tokio::test]
async fn stable_expires_in_is_the_remaining_lifetime() {
    // A token with 2 s left: used for the first half, then asked for again.
    let server = start_with(MockServer::builder().token_expires_in(Duration::from_secs(2))).await;
    let client = builder(&server).stable_token(true).build().unwrap();
    let first = client.access_token().await.unwrap().unwrap();
    assert_eq!(client.access_token().await.unwrap().unwrap(), first);
    assert_eq!(stable_requests(&server), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = client.access_token().await.unwrap().unwrap();
    assert_eq!(stable_requests(&server), 2);
    // Normal mode: the same token while it is valid, not a new one.
    assert_eq!(again, first);
    assert_eq!(forced_requests(&server), 0);
}

#[tokio::test]
async fn stable_configuration_errors_are_not_retried() {
    let server = start().await;
    fail_tokens(&server, 40125);
    let client = builder(&server).stable_token(true).build().unwrap();
    let err = codegen::call(&client, check()).await.unwrap_err();
    let Error::Token(token_error) = &err else {
        panic!("expected a token error, got {err:?}");
    };
    assert!(token_error.is_configuration());
    assert_eq!(token_error.code(), Some(40125));
    assert_eq!(stable_requests(&server), 1);
    assert_eq!(checks(&server), 0);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[tokio::test]
async fn force_refresh_in_stable_mode() {
    let server = start().await;
    let client = builder(&server).stable_token(true).build().unwrap();
    let before = client.access_token().await.unwrap().unwrap();
    client.force_refresh_token().await.unwrap();
    let after = client.access_token().await.unwrap().unwrap();
    assert_ne!(before, after);
    assert_eq!(forced_requests(&server), 1);
    let bodies = stable_bodies(&server);
    assert_eq!(bodies[0]["force_refresh"], false);
    assert_eq!(bodies[1]["force_refresh"], true);
    codegen::call(&client, check()).await.unwrap();

    // A second one within 30 s is refused here, without asking WeChat.
    let err = client.force_refresh_token().await.unwrap_err();
    let TokenError::TooSoon { retry_after } = err else {
        panic!("expected TooSoon, got {err:?}");
    };
    assert!(retry_after > Duration::from_secs(25), "{retry_after:?}");
    assert!(err.to_string().contains("30 s"), "{err}");
    assert_eq!(forced_requests(&server), 1);
    assert_eq!(stable_requests(&server), 2);
    // Normal calls go on with the new token.
    assert_eq!(client.access_token().await.unwrap().unwrap(), after);
}

#[tokio::test]
async fn force_refresh_errors_are_reported() {
    // No forced refresh left today: WeChat answers 45009.
    let server = start_with(MockServer::builder().force_refresh_daily_limit(0)).await;
    let client = builder(&server).stable_token(true).build().unwrap();
    let before = client.access_token().await.unwrap().unwrap();
    let err = client.force_refresh_token().await.unwrap_err();
    assert_eq!(err.code(), Some(45009));
    // The cached token is kept.
    assert_eq!(client.access_token().await.unwrap().unwrap(), before);
}

#[tokio::test]
async fn force_refresh_in_classic_mode_fetches_again() {
    let server = start().await;
    let client = client(&server);
    let before = client.access_token().await.unwrap().unwrap();
    client.force_refresh_token().await.unwrap();
    let after = client.access_token().await.unwrap().unwrap();
    assert_ne!(before, after);
    assert_eq!(classic_requests(&server), 2);
    codegen::call(&client, check()).await.unwrap();
    assert!(matches!(
        client.force_refresh_token().await,
        Err(TokenError::TooSoon { .. })
    ));
    assert_eq!(classic_requests(&server), 2);
}

#[tokio::test]
async fn force_refresh_is_unsupported_without_credentials() {
    let server = start().await;
    for builder in [
        wxapi_runtime::Client::builder().access_token("caller-token"),
        wxapi_runtime::Client::builder().without_access_token(),
    ] {
        let client = builder.base_url(server.base_url()).build().unwrap();
        let err = client.force_refresh_token().await.unwrap_err();
        assert!(matches!(err, TokenError::Unsupported(_)), "{err:?}");
    }
    assert_eq!(token_requests(&server), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_reads_do_not_wait_for_a_fetch_in_flight() {
    let server = start().await;
    let client = builder(&server).stable_token(true).build().unwrap();
    let cached = client.access_token().await.unwrap().unwrap();
    // A slow forced refresh holds the source's single flight.
    delay_tokens(&server, Duration::from_millis(1500));
    let refresh = {
        let client = client.clone();
        tokio::spawn(async move { client.force_refresh_token().await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!refresh.is_finished());
    let started = Instant::now();
    for _ in 0..1000 {
        assert_eq!(client.access_token().await.unwrap().unwrap(), cached);
    }
    let took = started.elapsed();
    assert!(took < Duration::from_millis(500), "{took:?}");
    assert!(
        !refresh.is_finished(),
        "the reads did not wait for the fetch"
    );
    refresh.await.unwrap().unwrap();
    assert_ne!(client.access_token().await.unwrap().unwrap(), cached);
}

fn memory_store() -> impl Fn() -> Arc<dyn TokenStore> + Sync {
    let store = MemoryTokenStore::new();
    move || Arc::new(store.clone()) as Arc<dyn TokenStore>
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn memory_store_two_instances_fetch_once() {
    scenarios::two_instances_fetch_once(&memory_store(), false, 200).await;
    scenarios::two_instances_fetch_once(&memory_store(), true, 200).await;
}

#[tokio::test]
async fn memory_store_invalidated_token_is_refetched_once() {
    scenarios::invalidated_token_is_refetched_once(&memory_store(), false).await;
    scenarios::invalidated_token_is_refetched_once(&memory_store(), true).await;
}

#[tokio::test]
async fn memory_store_dead_holders_lock_is_taken_over() {
    scenarios::dead_holders_lock_is_taken_over(&memory_store()).await;
}

#[tokio::test]
async fn memory_store_force_refresh_is_spaced_across_instances() {
    scenarios::force_refresh_is_spaced_across_instances(&memory_store()).await;
}

#[tokio::test]
async fn debug_output_shows_no_token() {
    let server = start().await;
    let client = builder(&server)
        .token_store(MemoryTokenStore::new())
        .build()
        .unwrap();
    let token = client.access_token().await.unwrap().unwrap();
    let shown = format!("{client:?} {token:?}");
    assert!(!shown.contains(token.expose()), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}
