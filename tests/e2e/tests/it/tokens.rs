//! The access token under pressure, over real HTTP: a cold cache with many callers, and a
//! token rotated by another party. (The load run with rotating tokens is `load.rs`.)

use std::time::Duration;

use wxapi_mock::Fault;

use wxapi_e2e::{check, client, server, APP_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_cold_callers_cause_one_token_fetch() {
    let fake = server().start().await;
    // Slow the token endpoint down so every caller is waiting while the fetch is in flight.
    fake.fault(Fault::Delay(Duration::from_millis(200)))
        .on("/cgi-bin/token")
        .once();
    let client = client(&fake);
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.msg_sec_check(check()).await })
    });
    let mut failures = 0;
    for call in calls.collect::<Vec<_>>() {
        if call.await.expect("task").is_err() {
            failures += 1;
        }
    }
    assert_eq!(failures, 0);
    assert_eq!(fake.token_fetches(), 1, "one fetch for 1,000 callers");
    assert_eq!(fake.requests("/wxa/msg_sec_check"), 1000);
}

#[tokio::test]
async fn a_token_rotated_by_another_party_costs_one_refresh() {
    let fake = server().start().await;
    let client = client(&fake);
    client.msg_sec_check(check()).await.expect("first call");
    assert_eq!(fake.token_fetches(), 1);

    // Another process fetches a token: ours is now invalid (40001 on the next call).
    fake.rotate_token(APP_ID);
    let before = fake.token_fetches();
    client
        .msg_sec_check(check())
        .await
        .expect("survives the rotation");
    assert_eq!(fake.token_fetches() - before, 1, "exactly one refresh");
    assert_eq!(
        fake.requests("/wxa/msg_sec_check"),
        3,
        "the failed call and its one retry"
    );
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once() {
    let fake = server().start().await;
    let client = client(&fake);
    client.msg_sec_check(check()).await.expect("first call");
    fake.expire_tokens(APP_ID);
    client
        .msg_sec_check(check())
        .await
        .expect("42001, refresh, retry");
    assert_eq!(fake.token_fetches(), 2);
}
