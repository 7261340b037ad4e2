//! What the generated client costs over a bare reqwest call of the same request to the same
//! loopback server (the fake WeChat server): `cargo bench -p wxapi-e2e --bench client_overhead`.
//! Both send the same JSON to the same URL with the same token and read the same answer; the
//! difference is wxapi's encoding, token read, envelope check and typed decoding.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use wxapi::{MsgSecCheckRequest, SecScene};

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let fake = rt.block_on(common::server().start());
    let client = common::client(&fake);
    let request = || MsgSecCheckRequest::new("你好", SecScene::Comment, "openid-1");
    rt.block_on(client.msg_sec_check(request()))
        .expect("warm up");
    let token = fake.current_token(common::APP_ID).expect("a token");
    let url = fake.url(&format!("/wxa/msg_sec_check?access_token={token}"));
    let body = serde_json::to_vec(&serde_json::json!({
        "content": "你好", "version": 2, "scene": 2, "openid": "openid-1"
    }))
    .expect("json");
    let bare = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest");

    let mut group = c.benchmark_group("msg_sec_check");
    group.bench_function("bare_reqwest", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = bare
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .expect("send");
                let bytes = response.bytes().await.expect("body");
                let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
                assert_eq!(value["errcode"], 0);
            })
        })
    });
    group.bench_function("wxapi_generated", |b| {
        b.iter(|| rt.block_on(client.msg_sec_check(request())).expect("call"))
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
