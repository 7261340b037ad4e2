//! Many server instances, one token: generated clients sharing a Redis token store (a real
//! `redis-server`, started here on a random port) against the fake WeChat server.

use std::sync::Arc;
use std::time::Duration;

use wxapi::token::RedisTokenStore;
use wxapi::Client;
use wxapi_mock::redis_server::RedisServer;
use wxapi_mock::{Fault, MockServer};

use wxapi_e2e::{check, server, APP_ID, APP_SECRET};

fn instance(fake: &MockServer, redis: &RedisServer) -> Client {
    let store = RedisTokenStore::new(redis.url().as_str()).expect("a store");
    Client::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(5))
        .token_store(store)
        .build()
        .expect("builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_fetch() {
    let redis = RedisServer::start();
    let fake = Arc::new(server().start().await);
    fake.fault(Fault::Delay(Duration::from_millis(200)))
        .on("/cgi-bin/token")
        .once();
    let instances = [instance(&fake, &redis), instance(&fake, &redis)];
    let mut calls = Vec::new();
    for client in &instances {
        for _ in 0..200 {
            let client = client.clone();
            calls.push(tokio::spawn(
                async move { client.msg_sec_check(check()).await },
            ));
        }
    }
    for call in calls {
        call.await.expect("task").expect("call succeeds");
    }
    assert_eq!(
        fake.token_fetches(),
        1,
        "one fetch between the two instances"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_token_is_renewed_once_for_all_instances() {
    let redis = RedisServer::start();
    let fake = server().start().await;
    let (a, b) = (instance(&fake, &redis), instance(&fake, &redis));
    a.msg_sec_check(check()).await.expect("a");
    b.msg_sec_check(check()).await.expect("b uses a's token");
    assert_eq!(fake.token_fetches(), 1);

    fake.rotate_token(APP_ID);
    a.msg_sec_check(check())
        .await
        .expect("a survives the rotation");
    assert_eq!(fake.token_fetches(), 2, "a refreshed once");
    // b's local copy is stale: 40001, then it finds a's new token in Redis.
    b.msg_sec_check(check()).await.expect("b survives too");
    assert_eq!(
        fake.token_fetches(),
        2,
        "b did not fetch its own (which would knock a out)"
    );
    a.msg_sec_check(check())
        .await
        .expect("a's token still works");
}
