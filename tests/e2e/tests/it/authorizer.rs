//! A third-party platform (开放平台第三方平台) calling a merchant's APIs with the merchant's
//! `authorizer_access_token`, over real HTTP against the fake: the generated client with the
//! runtime's `AuthorizerToken` source, the two component token endpoints called directly, and
//! the token lifecycle (cold cache, rotated authorizer token, rotated refresh token, wrong
//! refresh token, missing ticket), with no secret or token in errors or logs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinSet;
use wxapi::token::{
    AuthorizerToken, BoxFuture, ComponentCredentials, ComponentTicket, RefreshTokenStore,
    StoreError,
};
use wxapi::{
    ApiAuthorizerTokenError, ApiAuthorizerTokenRequest, ApiComponentTokenError,
    ApiComponentTokenRequest, Client, Error, InvokeServiceRequest, OcrAllInOneData, OcrDataType,
    OcrType, SecSuggest, Secret,
};
use wxapi_mock::{Fault, MockServer, MockServerBuilder, OCR_API, OCR_SERVICE};

use wxapi_e2e::{check, client_builder};

use crate::common::logs::Captured;

const COMPONENT: &str = "wx3d7c9a42e1b5f608";
const COMPONENT_SECRET: &str = "component-secret-0123456789abcdef";
const MERCHANT: &str = "wx5e2e72fb432d8da8";
const REFRESH: &str = "refreshtoken@@@merchant-initial-0123456789";

const AUTHORIZER_TOKEN_PATH: &str = "/cgi-bin/component/api_authorizer_token";
const COMPONENT_TOKEN_PATH: &str = "/cgi-bin/component/api_component_token";

/// The fake with the platform and the merchant's authorization.
fn platform_server() -> MockServerBuilder {
    MockServer::builder()
        .component(COMPONENT, COMPONENT_SECRET)
        .authorization(COMPONENT, MERCHANT, REFRESH)
}

/// The platform's ticket store, as its push handler would fill it: a struct implementing
/// [`ComponentTicket`] (closures work too).
#[derive(Clone, Default)]
struct TicketStore(Arc<Mutex<Option<String>>>);

impl TicketStore {
    fn holding(ticket: String) -> Self {
        let store = TicketStore::default();
        *store.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(ticket);
        store
    }
}

impl ComponentTicket for TicketStore {
    fn ticket(&self) -> BoxFuture<'_, Result<Option<Secret<String>>, StoreError>> {
        let ticket = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Box::pin(async move { Ok(ticket.map(Secret::new)) })
    }
}

/// The platform's database of refresh tokens: the persistence hook.
#[derive(Debug, Clone, Default)]
struct Database {
    rows: Arc<Mutex<HashMap<(String, String), String>>>,
    saves: Arc<Mutex<u32>>,
}

impl Database {
    fn refresh_token(&self) -> Option<String> {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(COMPONENT.to_owned(), MERCHANT.to_owned()))
            .cloned()
    }

    fn saves(&self) -> u32 {
        *self.saves.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RefreshTokenStore for Database {
    fn load<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
    ) -> BoxFuture<'a, Result<Option<Secret<String>>, StoreError>> {
        let row = self
            .rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(component_appid.to_owned(), authorizer_appid.to_owned()))
            .cloned();
        Box::pin(async move { Ok(row.map(Secret::new)) })
    }

    fn save<'a>(
        &'a self,
        component_appid: &'a str,
        authorizer_appid: &'a str,
        refresh_token: &'a Secret<String>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                (component_appid.to_owned(), authorizer_appid.to_owned()),
                refresh_token.expose().clone(),
            );
        *self.saves.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        Box::pin(async { Ok(()) })
    }
}

/// The platform, reading the ticket the fake pushed.
fn platform(fake: &MockServer) -> ComponentCredentials {
    ComponentCredentials::new(
        COMPONENT,
        COMPONENT_SECRET,
        TicketStore::holding(fake.component_verify_ticket(COMPONENT)),
    )
}

/// The generated client acting for the merchant, with short timeouts.
fn merchant_client(fake: &MockServer, source: AuthorizerToken) -> Client {
    client_builder(fake)
        .app_id(MERCHANT)
        .token_source(source)
        .build()
        .expect("the client builds")
}

fn ocr() -> InvokeServiceRequest {
    InvokeServiceRequest::new(
        OCR_SERVICE,
        OCR_API,
        serde_json::json!({"img_url": "http://mmbiz.qpic.cn/merchant/id.jpg", "data_type": 3, "ocr_type": 1}),
        "merchant-msg-1",
    )
}

/// The `access_token` the last call to `path` carried.
fn token_sent_to(fake: &MockServer, path: &str) -> Option<String> {
    let request = fake.last_received(path)?;
    request.query_param("access_token").map(str::to_owned)
}

#[tokio::test]
async fn the_platform_calls_the_merchants_apis_with_its_authorizer_token() {
    let fake = platform_server().start().await;
    let client = merchant_client(&fake, platform(&fake).authorizer(MERCHANT, REFRESH));

    let checked = client.msg_sec_check(check()).await.expect("msg_sec_check");
    assert_eq!(checked.result.suggest, SecSuggest::Pass);
    let authorizer_token = fake
        .current_authorizer_token(MERCHANT)
        .expect("an authorizer token was issued");
    assert_eq!(
        token_sent_to(&fake, "/wxa/msg_sec_check").as_deref(),
        Some(authorizer_token.as_str()),
        "the call carried the authorizer token as access_token"
    );

    let invoked = client.invoke_service(ocr()).await.expect("invoke_service");
    let data = invoked.data.expect("data");
    assert!(data.get()["idcard_res"].is_object(), "{:?}", data.get());
    let typed = client
        .service_market()
        .ocr_all_in_one(
            OcrAllInOneData::new(OcrDataType::ImageUrl, OcrType::IdCard)
                .img_url("http://mmbiz.qpic.cn/merchant/id.jpg"),
        )
        .await
        .expect("typed service call");
    assert!(typed.into_inner().idcard_res.is_some());
    assert_eq!(
        token_sent_to(&fake, "/wxa/servicemarket").as_deref(),
        Some(authorizer_token.as_str())
    );
    assert_eq!(fake.service_calls().len(), 2);

    assert_eq!(fake.component_token_fetches(), 1);
    assert_eq!(fake.authorizer_token_fetches(), 1);
    assert_eq!(fake.token_fetches() + fake.stable_token_fetches(), 0);
    assert_eq!(client.runtime().app_id(), Some(MERCHANT));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_on_a_cold_cache_fetch_each_token_once() {
    let fake = platform_server().start().await;
    // Slow both token endpoints so every caller arrives while the fetches are in flight.
    fake.fault(Fault::Delay(Duration::from_millis(150)))
        .on(COMPONENT_TOKEN_PATH)
        .once();
    fake.fault(Fault::Delay(Duration::from_millis(150)))
        .on(AUTHORIZER_TOKEN_PATH)
        .once();
    let client = merchant_client(&fake, platform(&fake).authorizer(MERCHANT, REFRESH));
    let mut calls = JoinSet::new();
    for i in 0..500 {
        let client = client.clone();
        calls.spawn(async move {
            if i % 5 == 0 {
                client
                    .invoke_service(ocr())
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            } else {
                client
                    .msg_sec_check(check())
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
        });
    }
    while let Some(result) = calls.join_next().await {
        result.expect("task").expect("call");
    }
    assert_eq!(fake.component_token_fetches(), 1, "one component token");
    assert_eq!(fake.authorizer_token_fetches(), 1, "one authorizer token");
    assert_eq!(fake.requests(COMPONENT_TOKEN_PATH), 1);
    assert_eq!(fake.requests(AUTHORIZER_TOKEN_PATH), 1);
    assert_eq!(fake.requests("/wxa/msg_sec_check"), 400);
    assert_eq!(fake.requests("/wxa/servicemarket"), 100);
}

#[tokio::test]
async fn a_rotated_authorizer_token_is_refreshed_once_and_the_call_retried() {
    let fake = platform_server().start().await;
    let client = merchant_client(&fake, platform(&fake).authorizer(MERCHANT, REFRESH));
    client.msg_sec_check(check()).await.expect("first call");

    // Another instance of the platform refreshed the merchant's token: ours answers 40001.
    let theirs = fake.rotate_authorizer_token(MERCHANT);
    client
        .msg_sec_check(check())
        .await
        .expect("survives the rotation");
    assert_eq!(fake.authorizer_token_fetches(), 2, "exactly one refresh");
    assert_eq!(
        fake.component_token_fetches(),
        1,
        "the component token is still cached"
    );
    assert_eq!(
        fake.requests("/wxa/msg_sec_check"),
        3,
        "the failed call and its one retry"
    );
    let ours = fake.current_authorizer_token(MERCHANT).expect("ours");
    assert_ne!(ours, theirs);
    assert_eq!(
        token_sent_to(&fake, "/wxa/msg_sec_check").as_deref(),
        Some(ours.as_str())
    );

    // Also for invokeService, which is not idempotent: a rejected token was not a billed call.
    fake.rotate_authorizer_token(MERCHANT);
    client.invoke_service(ocr()).await.expect("retried once");
    assert_eq!(fake.authorizer_token_fetches(), 3);
    assert_eq!(fake.requests("/wxa/servicemarket"), 2);
    assert_eq!(
        fake.client_msg_ids(),
        vec!["merchant-msg-1".to_owned()],
        "only the authenticated call reached the provider"
    );

    // An expired authorizer token (42001) too.
    fake.expire_tokens(MERCHANT);
    client
        .msg_sec_check(check())
        .await
        .expect("42001, refresh, retry");
    assert_eq!(fake.authorizer_token_fetches(), 4);
}

#[tokio::test]
async fn a_rotated_refresh_token_is_persisted_through_the_hook() {
    let fake = platform_server()
        .rotate_refresh_tokens(true)
        .refresh_token_grace(Duration::from_secs(60))
        .frozen_clock()
        .start()
        .await;
    let database = Database::default();
    let client = merchant_client(
        &fake,
        platform(&fake)
            .authorizer(MERCHANT, REFRESH)
            .refresh_token_store(database.clone()),
    );
    client.msg_sec_check(check()).await.expect("first call");
    let rotated = fake.refresh_token(COMPONENT, MERCHANT).expect("authorized");
    assert_ne!(rotated, REFRESH, "WeChat answered a new refresh token");
    assert_eq!(database.refresh_token().as_deref(), Some(rotated.as_str()));
    assert_eq!(database.saves(), 1);

    // The next refresh sends the rotated refresh token, and saves the one after it.
    fake.rotate_authorizer_token(MERCHANT);
    client.msg_sec_check(check()).await.expect("refreshed");
    let sent = fake
        .last_received(AUTHORIZER_TOKEN_PATH)
        .and_then(|r| r.json())
        .expect("a JSON body");
    assert_eq!(sent["authorizer_refresh_token"], rotated.as_str());
    let newest = fake.refresh_token(COMPONENT, MERCHANT).expect("authorized");
    assert_ne!(newest, rotated);
    assert_eq!(database.refresh_token().as_deref(), Some(newest.as_str()));
    assert_eq!(database.saves(), 2);

    // A restarted process, given the stale initial refresh token (dead after the grace
    // period), works because the database has the newest one.
    fake.advance(Duration::from_secs(61));
    let restarted = merchant_client(
        &fake,
        platform(&fake)
            .authorizer(MERCHANT, REFRESH)
            .refresh_token_store(database.clone()),
    );
    restarted
        .msg_sec_check(check())
        .await
        .expect("the stored refresh token is used");
    assert_eq!(database.saves(), 3);
}

#[tokio::test]
async fn an_invalid_refresh_token_is_a_configuration_error_without_secrets() {
    let fake = platform_server().start().await;
    let ticket = fake.component_verify_ticket(COMPONENT);
    let wrong_refresh = "refreshtoken@@@not-the-merchants-refresh-token";
    let client = merchant_client(&fake, platform(&fake).authorizer(MERCHANT, wrong_refresh));
    let err = client
        .msg_sec_check(check())
        .await
        .expect_err("61023 refresh_token is invalid");
    let Error::Token(token_error) = &err else {
        panic!("expected a token error, got {err:?}");
    };
    assert!(token_error.is_configuration(), "{token_error:?}");
    assert!(!token_error.is_retryable());
    assert_eq!(token_error.code(), Some(61023));
    assert_eq!(
        fake.requests(AUTHORIZER_TOKEN_PATH),
        1,
        "a configuration error is not retried"
    );
    assert_eq!(fake.requests("/wxa/msg_sec_check"), 0);
    let component_token = fake
        .last_received(AUTHORIZER_TOKEN_PATH)
        .and_then(|r| r.query_param("component_access_token").map(str::to_owned))
        .expect("the component token was sent");
    let shown = format!(
        "{err} / {err:?} / {:?} / {client:?}",
        std::error::Error::source(&err).map(ToString::to_string)
    );
    for secret in [
        COMPONENT_SECRET,
        ticket.as_str(),
        wrong_refresh,
        component_token.as_str(),
    ] {
        assert!(!shown.contains(secret), "{secret:?} leaked: {shown}");
    }

    // The same for a merchant that never authorized the platform (61003), and for a platform
    // that has no ticket yet (61006, without asking WeChat).
    let stranger = merchant_client(
        &fake,
        platform(&fake).authorizer("wxstranger0000001", REFRESH),
    );
    let err = stranger.msg_sec_check(check()).await.expect_err("61003");
    assert!(matches!(&err, Error::Token(e) if e.is_configuration() && e.code() == Some(61003)));
    let before = fake.requests(COMPONENT_TOKEN_PATH);
    let no_ticket = ComponentCredentials::new(COMPONENT, COMPONENT_SECRET, || None);
    let waiting = merchant_client(&fake, no_ticket.authorizer(MERCHANT, REFRESH));
    let err = waiting.msg_sec_check(check()).await.expect_err("no ticket");
    assert!(matches!(&err, Error::Token(e) if e.is_configuration() && e.code() == Some(61006)));
    assert_eq!(fake.requests(COMPONENT_TOKEN_PATH), before, "nothing sent");
}

#[tokio::test]
async fn the_generated_component_endpoints_called_directly() {
    let fake = platform_server().start().await;
    let client = Client::builder()
        .without_access_token()
        .base_url(fake.base_url())
        .build()
        .expect("builds");
    let ticket = fake.component_verify_ticket(COMPONENT);

    let request = ApiComponentTokenRequest::new(COMPONENT, COMPONENT_SECRET, ticket.as_str());
    assert!(!format!("{request:?}").contains(COMPONENT_SECRET));
    let component = client
        .api_component_token(request)
        .await
        .expect("component token");
    assert_eq!(component.expires_in, 7200);
    assert!(!format!("{component:?}").contains(component.component_access_token.expose()));

    let request = ApiAuthorizerTokenRequest::new(
        component.component_access_token.expose().as_str(),
        COMPONENT,
        MERCHANT,
        REFRESH,
    );
    let sent = format!("{request:?}");
    assert!(!sent.contains(REFRESH) && !sent.contains(component.component_access_token.expose()));
    let authorizer = client
        .api_authorizer_token(request)
        .await
        .expect("authorizer token");
    assert_eq!(authorizer.expires_in, 7200);
    assert_eq!(
        authorizer
            .authorizer_refresh_token
            .as_ref()
            .map(|t| t.expose().as_str()),
        Some(REFRESH)
    );
    assert_eq!(
        fake.current_authorizer_token(MERCHANT).as_deref(),
        Some(authorizer.authorizer_access_token.expose().as_str())
    );
    // The component token travelled in the query string, not in the body.
    let received = fake.last_received(AUTHORIZER_TOKEN_PATH).expect("received");
    assert_eq!(
        received.query_param("component_access_token"),
        Some(component.component_access_token.expose().as_str())
    );
    assert!(received.json().expect("json")["component_access_token"].is_null());
    assert_eq!(
        (
            fake.component_token_fetches(),
            fake.authorizer_token_fetches()
        ),
        (1, 1)
    );

    // The token works like an access token.
    let merchant = Client::builder()
        .access_token(authorizer.authorizer_access_token.expose().as_str())
        .base_url(fake.base_url())
        .build()
        .expect("builds");
    merchant.msg_sec_check(check()).await.expect("accepted");

    // Typed errors of both endpoints.
    let err = client
        .api_component_token(ApiComponentTokenRequest::new(
            COMPONENT,
            COMPONENT_SECRET,
            "",
        ))
        .await
        .expect_err("empty ticket");
    assert!(
        matches!(
            err,
            Error::Api(ApiComponentTokenError::ComponentTicketInvalid)
        ),
        "{err:?}"
    );
    let err = client
        .api_authorizer_token(ApiAuthorizerTokenRequest::new(
            component.component_access_token.expose().as_str(),
            COMPONENT,
            MERCHANT,
            "refreshtoken@@@wrong",
        ))
        .await
        .expect_err("wrong refresh token");
    assert!(
        matches!(
            err,
            Error::Api(ApiAuthorizerTokenError::RefreshTokenInvalid)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn no_secret_ticket_or_token_in_logs() {
    let logs = Captured::default();
    logs.install();

    let fake = platform_server().rotate_refresh_tokens(true).start().await;
    let ticket = fake.component_verify_ticket(COMPONENT);
    let client = merchant_client(&fake, platform(&fake).authorizer(MERCHANT, REFRESH));
    let mut secrets = vec![COMPONENT_SECRET.to_owned(), ticket, REFRESH.to_owned()];

    client.msg_sec_check(check()).await.expect("call");
    secrets.extend(fake.current_authorizer_token(MERCHANT));
    secrets.extend(fake.refresh_token(COMPONENT, MERCHANT));
    secrets.push(fake.rotate_authorizer_token(MERCHANT));
    client.msg_sec_check(check()).await.expect("retried");
    secrets.extend(fake.current_authorizer_token(MERCHANT));
    secrets.extend(fake.refresh_token(COMPONENT, MERCHANT));
    // A failing token endpoint.
    fake.fault(Fault::DailyQuota)
        .on(AUTHORIZER_TOKEN_PATH)
        .once();
    fake.rotate_authorizer_token(MERCHANT);
    let err = client.msg_sec_check(check()).await.expect_err("45009");
    assert!(
        matches!(&err, Error::Token(e) if e.code() == Some(45009)),
        "{err:?}"
    );
    secrets.extend(
        fake.received(AUTHORIZER_TOKEN_PATH)
            .iter()
            .filter_map(|r| r.query_param("component_access_token").map(str::to_owned)),
    );

    let logs = logs.text();
    assert!(logs.contains("wxapi.token"), "token fetches are traced");
    assert!(logs.contains("api_authorizer_token"), "{logs}");
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "{secret:?} leaked into the logs"
        );
    }
}
