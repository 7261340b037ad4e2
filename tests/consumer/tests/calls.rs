//! The consumer's generated service, called through the fake WeChat server.

use consumer::{Client, ImageQualityData};
use wxapi_consumer_example as consumer;
use wxapi_mock::{MockServer, ProviderReply};

#[tokio::test]
async fn the_build_time_client_calls_its_own_service() {
    let fake = MockServer::builder()
        .app("wxconsumer", "consumer-secret")
        .start()
        .await;
    fake.register_provider("wx5e1f5a3c0d7b9e21", "ImageQuality", |data| {
        assert_eq!(data["img_url"], "http://example.invalid/a.jpg");
        ProviderReply::Data(serde_json::json!({"score": 87, "sharpness": 0.93}))
    });
    let client = Client::builder()
        .app_id("wxconsumer")
        .app_secret("consumer-secret")
        .base_url(fake.base_url())
        .build()
        .expect("client");
    let result = client
        .service_market()
        .image_quality(ImageQualityData::new("http://example.invalid/a.jpg").detail(true))
        .await
        .expect("the call succeeds");
    assert_eq!(result.score, 87);
    assert_eq!(result.sharpness, Some(0.93));
}

/// The build.rs layout re-exports the runtime's application types like the checked-in crate,
/// so this crate's users need no `wxapi-runtime` dependency of their own.
#[test]
fn the_build_time_root_re_exports_what_an_application_names() {
    let builder: consumer::ClientBuilder = Client::builder();
    let client = builder
        .app_id("wxconsumer")
        .app_secret("consumer-secret")
        .token_store(consumer::token::MemoryTokenStore::new())
        .build()
        .expect("client");
    let key = consumer::ApiSecurity::new("not base64", "sn").expect_err("a bad key");
    let _: consumer::KeyError = key;
    assert_eq!(client.runtime().app_id(), Some("wxconsumer"));
}
