//! The service market beyond one call: asynchronous services polled to their result, the
//! untyped escape hatch, and the provider's raw text kept next to the typed result.

use std::time::Duration;

use wxapi::{Error, SecCheckAsyncData, SecCheckAsyncMediaType, ServicemarketRetrieveError};
use wxapi_mock::{AsyncOptions, ProviderReply};

use wxapi_e2e::{client, server};

const SERVICE: &str = "wxee446d7507c68b11";
const API: &str = "SecCheckAsync";

fn data() -> SecCheckAsyncData {
    SecCheckAsyncData::new(1, SecCheckAsyncMediaType::Text).text_content("需要检测的文本")
}

#[tokio::test]
async fn an_async_service_is_started_then_waited_for() {
    let fake = server().start().await;
    fake.register_async_provider(
        SERVICE,
        API,
        AsyncOptions::default().ready_after_polls(2),
        |data| {
            ProviderReply::Data(serde_json::json!({"suggest": "pass", "echo": data["TextContent"]}))
        },
    );
    let client = client(&fake);
    let pending = client
        .service_market()
        .sec_check_async(data())
        .await
        .expect("started");
    assert!(!pending.request_id().is_empty());
    let call = fake.service_calls().pop().expect("a call");
    assert_eq!(call.data["MediaType"], 1);

    let result = pending
        .wait(Duration::from_secs(10))
        .await
        .expect("the result arrives");
    let raw: serde_json::Value =
        serde_json::from_str(result.raw().expect("raw text")).expect("JSON");
    assert_eq!(raw["echo"], "需要检测的文本");
    assert_eq!(
        fake.requests("/wxa/servicemarketretrieve"),
        3,
        "two polls not ready, then the result"
    );
}

#[tokio::test]
async fn a_slow_task_is_not_ready_before_the_deadline_and_can_be_polled_later() {
    let fake = server().start().await;
    fake.register_async_provider(
        SERVICE,
        API,
        AsyncOptions::default().ready_after_polls(1_000),
        |_| ProviderReply::Data(serde_json::json!({})),
    );
    let client = client(&fake);
    let pending = client
        .service_market()
        .sec_check_async(data())
        .await
        .expect("started");
    match pending.wait(Duration::from_millis(300)).await {
        Err(Error::NotReady { request_id }) => assert_eq!(request_id, pending.request_id()),
        other => panic!("expected NotReady, got {other:?}"),
    }
    assert!(pending.poll().await.expect("a poll").is_none());
}

#[tokio::test]
async fn a_provider_failure_and_an_expired_result_are_typed_errors() {
    let fake = server().start().await;
    fake.register_async_provider(SERVICE, API, AsyncOptions::default(), |_| {
        ProviderReply::Failed("model overloaded".into())
    });
    let client = client(&fake);
    let pending = client
        .service_market()
        .sec_check_async(data())
        .await
        .expect("started");
    let failed = pending
        .wait(Duration::from_secs(5))
        .await
        .expect_err("provider failed");
    assert!(
        matches!(
            failed,
            Error::Api(ServicemarketRetrieveError::CallApiServiceFailed)
        ),
        "{failed:?}"
    );

    fake.register_async_provider(
        SERVICE,
        API,
        AsyncOptions::default().retention(Duration::from_secs(60)),
        |_| ProviderReply::Data(serde_json::json!({})),
    );
    let pending = client
        .service_market()
        .sec_check_async(data())
        .await
        .expect("started");
    fake.advance(Duration::from_secs(25 * 3600));
    let expired = pending
        .wait(Duration::from_secs(5))
        .await
        .expect_err("expired");
    assert!(
        matches!(
            expired,
            Error::Api(ServicemarketRetrieveError::InvalidParameter)
        ),
        "{expired:?}"
    );
}

#[tokio::test]
async fn services_not_in_the_spec_go_through_the_escape_hatch() {
    let fake = server().start().await;
    fake.register_provider("wx1111111111111111", "Echo", |data| {
        ProviderReply::Data(data)
    });
    let client = client(&fake);
    let reply = client
        .service_market()
        .invoke_service_raw(
            "wx1111111111111111",
            "Echo",
            &serde_json::json!({"hello": "world"}),
        )
        .await
        .expect("raw call");
    assert_eq!(reply.get()["hello"], "world");
}
