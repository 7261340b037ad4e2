//! `AuthorizerToken` and `ComponentCredentials` against the fake WeChat's third-party
//! platform: the component token, the authorizer token, refresh tokens.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use wxapi_mock::{codes, Fault, MockServer};
use wxapi_runtime::token::{
    AccessToken, AuthorizerToken, BoxFuture, ComponentCredentials, HttpCtx,
    MemoryRefreshTokenStore, RefreshTokenStore, StoreError, TokenSource,
};
use wxapi_runtime::Secret;

const COMPONENT: &str = "wx3d7c9a42e1b5f608";
const SECRET: &str = "component-secret-0123456789";
const MERCHANT: &str = "wx5e2e72fb432d8da8";
const REFRESH: &str = "refreshtoken@@@merchant-refresh-token-0123";

fn nowhere() -> HttpCtx {
    // Nothing listens there: any request fails.
    HttpCtx::new(
        reqwest::Client::new(),
        "http://127.0.0.1:9",
        Duration::from_secs(1),
    )
}

fn ctx(server: &MockServer) -> HttpCtx {
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    HttpCtx::new(http, server.base_url(), Duration::from_secs(5))
}

async fn server(rotate: bool) -> MockServer {
    MockServer::builder()
        .component(COMPONENT, SECRET)
        .authorization(COMPONENT, MERCHANT, REFRESH)
        .rotate_refresh_tokens(rotate)
        .start()
        .await
}

/// The platform, reading the fake's current ticket.
fn component(server: &MockServer) -> ComponentCredentials {
    let ticket = server.component_verify_ticket(COMPONENT);
    ComponentCredentials::new(COMPONENT, SECRET, move || Some(ticket.clone()))
}

#[tokio::test]
async fn fetches_the_component_token_then_the_authorizer_token() {
    let server = server(false).await;
    let ctx = ctx(&server);
    let source = component(&server).authorizer(MERCHANT, REFRESH);
    assert_eq!(source.cached(), None);
    let token = source.token(&ctx).await.unwrap().unwrap();
    assert_eq!(
        server.current_authorizer_token(MERCHANT).as_deref(),
        Some(token.expose())
    );
    assert_eq!(source.cached(), Some(token.clone()));
    assert_eq!(server.component_token_fetches(), 1);
    assert_eq!(server.authorizer_token_fetches(), 1);
    // Cached: no more fetches.
    assert_eq!(source.token(&ctx).await.unwrap(), Some(token));
    assert_eq!(server.authorizer_token_fetches(), 1);
    let sent = server
        .last_received("/cgi-bin/component/api_authorizer_token")
        .unwrap();
    assert!(sent.query_param("component_access_token").is_some());
    assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], REFRESH);
}

#[tokio::test]
async fn authorizers_of_one_platform_share_its_component_token() {
    let server = MockServer::builder()
        .component(COMPONENT, SECRET)
        .authorization(COMPONENT, MERCHANT, REFRESH)
        .authorization(COMPONENT, "wxsecondmerchant01", "refreshtoken@@@second")
        .start()
        .await;
    let ctx = ctx(&server);
    let platform = component(&server);
    let first = platform.authorizer(MERCHANT, REFRESH);
    let second = platform.authorizer("wxsecondmerchant01", "refreshtoken@@@second");
    let (a, b) = tokio::join!(first.token(&ctx), second.token(&ctx));
    assert_ne!(a.unwrap(), b.unwrap());
    assert_eq!(server.component_token_fetches(), 1);
    assert_eq!(server.authorizer_token_fetches(), 2);
}

#[tokio::test]
async fn a_rotated_refresh_token_is_saved_and_used_next() {
    let server = server(true).await;
    let ctx = ctx(&server);
    let store = MemoryRefreshTokenStore::new();
    let source = component(&server)
        .authorizer(MERCHANT, REFRESH)
        .refresh_token_store(store.clone());
    let first = source.token(&ctx).await.unwrap().unwrap();
    let rotated = server.refresh_token(COMPONENT, MERCHANT).unwrap();
    assert_ne!(rotated, REFRESH);
    assert_eq!(
        store.get(COMPONENT, MERCHANT).map(Secret::into_inner),
        Some(rotated.clone())
    );
    source.invalidate(&first).await;
    source.token(&ctx).await.unwrap().unwrap();
    let sent = server
        .last_received("/cgi-bin/component/api_authorizer_token")
        .unwrap();
    assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], rotated);
}

#[tokio::test]
async fn the_stored_refresh_token_wins_over_the_initial_one() {
    let server = server(false).await;
    let ctx = ctx(&server);
    let store = MemoryRefreshTokenStore::new();
    store.set(COMPONENT, MERCHANT, REFRESH);
    let source = component(&server)
        .authorizer(MERCHANT, "refreshtoken@@@stale")
        .refresh_token_store(store);
    assert!(source.token(&ctx).await.is_ok());
}

/// A store whose saves fail until told otherwise.
#[derive(Debug, Default)]
struct FlakyStore {
    inner: MemoryRefreshTokenStore,
    failing: AtomicBool,
    saves: AtomicUsize,
}

impl RefreshTokenStore for FlakyStore {
    fn load<'a>(
        &'a self,
        c: &'a str,
        a: &'a str,
    ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>> {
        self.inner.load(c, a)
    }

    fn save<'a>(
        &'a self,
        c: &'a str,
        a: &'a str,
        token: &'a Secret<String>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.saves.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) {
            Box::pin(std::future::ready(Err(StoreError::unavailable("down"))))
        } else {
            self.inner.save(c, a, token)
        }
    }
}

#[tokio::test]
async fn an_unsaved_refresh_token_is_kept_and_saved_later() {
    let server = server(true).await;
    let ctx = ctx(&server);
    let store = Arc::new(FlakyStore::default());
    store.inner.set(COMPONENT, MERCHANT, REFRESH);
    store.failing.store(true, Ordering::SeqCst);
    let source = component(&server)
        .authorizer(MERCHANT, REFRESH)
        .refresh_token_store(Arc::clone(&store));
    let first = source.token(&ctx).await.unwrap().unwrap();
    let rotated = server.refresh_token(COMPONENT, MERCHANT).unwrap();
    assert_eq!(store.saves.load(Ordering::SeqCst), 1);
    // The store still has the old one, but the next fetch uses the new one, and saves it.
    store.failing.store(false, Ordering::SeqCst);
    source.invalidate(&first).await;
    source.token(&ctx).await.unwrap().unwrap();
    let sent = server
        .last_received("/cgi-bin/component/api_authorizer_token")
        .unwrap();
    assert_eq!(sent.json().unwrap()["authorizer_refresh_token"], rotated);
    // Saved before the fetch, then the newer rotation after it.
    assert_eq!(store.saves.load(Ordering::SeqCst), 3);
    assert_eq!(
        store.inner.get(COMPONENT, MERCHANT).map(Secret::into_inner),
        server.refresh_token(COMPONENT, MERCHANT)
    );
}

#[tokio::test]
async fn a_rejected_component_token_is_replaced_once() {
    let server = server(false).await;
    let ctx = ctx(&server);
    let platform = component(&server);
    let source = platform.authorizer(MERCHANT, REFRESH);
    let component_token = platform.component_access_token(&ctx).await.unwrap();
    server.revoke_component_tokens(COMPONENT);
    let token = source.token(&ctx).await.unwrap().unwrap();
    assert_eq!(
        server.current_authorizer_token(MERCHANT).as_deref(),
        Some(token.expose())
    );
    assert_eq!(server.component_token_fetches(), 2);
    assert_ne!(
        platform.component_access_token(&ctx).await.unwrap(),
        component_token
    );
    // Rejected again right after the new one: the error is returned, no loop.
    server
        .fault(Fault::errcode(codes::INVALID_CREDENTIAL))
        .on("/cgi-bin/component/api_authorizer_token")
        .times(2);
    let err = source.force_refresh(&ctx).await.unwrap_err();
    assert_eq!(err.code(), Some(40001), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.component_token_fetches(), 3);
}

#[tokio::test]
async fn configuration_errors_are_rejected_and_hide_every_secret() {
    let server = server(false).await;
    let ctx = ctx(&server);
    let ticket = server.component_verify_ticket(COMPONENT);
    let cases: Vec<(AuthorizerToken, i64)> = vec![
        (
            ComponentCredentials::new(COMPONENT, "wrong-secret", {
                let ticket = ticket.clone();
                move || Some(ticket.clone())
            })
            .authorizer(MERCHANT, REFRESH),
            40125,
        ),
        (
            ComponentCredentials::new(COMPONENT, SECRET, || {
                Some("ticket@@@never-pushed".to_owned())
            })
            .authorizer(MERCHANT, REFRESH),
            61006,
        ),
        (
            component(&server).authorizer(MERCHANT, "refreshtoken@@@wrong-refresh"),
            61023,
        ),
        (
            component(&server).authorizer("wxnotauthorized01", REFRESH),
            61003,
        ),
    ];
    for (source, code) in cases {
        let err = source.token(&ctx).await.unwrap_err();
        assert!(err.is_configuration(), "{code}: {err:?}");
        assert!(!err.is_retryable());
        assert_eq!(err.code(), Some(code));
        let shown = format!("{err} {err:?} {source:?}");
        for secret in [SECRET, "wrong-secret", &ticket, REFRESH, "wrong-refresh"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    assert_eq!(server.authorizer_token_fetches(), 0);
}

#[tokio::test]
async fn a_missing_ticket_is_a_configuration_error_without_a_request() {
    let platform = ComponentCredentials::new(COMPONENT, SECRET, || None);
    let source = platform.authorizer(MERCHANT, REFRESH);
    // `nowhere()` would fail any request with a transport error.
    let err = source.token(&nowhere()).await.unwrap_err();
    assert!(err.is_configuration(), "{err:?}");
    assert_eq!(err.code(), Some(61006));
    assert!(err.to_string().contains("component_verify_ticket"), "{err}");
}

#[tokio::test]
async fn invalidate_only_the_failed_token() {
    let server = server(false).await;
    let source = component(&server).authorizer(MERCHANT, REFRESH);
    // The tokens this test caches: fetched from the fake once.
    let new = source.token(&ctx(&server)).await.unwrap().unwrap();
    let platform = source.component();
    let component_token = platform.component_access_token(&nowhere()).await.unwrap();

    source.invalidate(&AccessToken::new("old")).await;
    assert_eq!(source.cached(), Some(new.clone()));
    // Served from the cache: `nowhere()` is never asked.
    assert_eq!(source.token(&nowhere()).await.unwrap(), Some(new.clone()));
    source.invalidate(&new).await;
    assert_eq!(source.cached(), None);

    assert!(!platform.invalidate(&AccessToken::new("other")));
    assert!(platform.invalidate(&component_token));
}

#[test]
fn debug_hides_secrets() {
    let platform = ComponentCredentials::new(COMPONENT, "s3cr3t", || Some("T1CKET".into()));
    let source = platform.authorizer(MERCHANT, "R3FRESH");
    let debug = format!(
        "{source:?} {platform:?} {:?}",
        MemoryRefreshTokenStore::new()
    );
    assert!(
        debug.contains(COMPONENT) && debug.contains(MERCHANT),
        "{debug}"
    );
    for secret in ["s3cr3t", "T1CKET", "R3FRESH"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert_eq!(source.authorizer_appid(), MERCHANT);
    assert_eq!(source.component().component_appid(), COMPONENT);
}
