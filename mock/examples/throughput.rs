//! How fast the mock starts on a spec and how many requests a second it answers on loopback:
//! a measurement, not a test. Run it on a quiet machine, in release:
//!
//! ```sh
//! cargo run --release -p wxapi-mock --example throughput -- [SPEC_DIR] [SECONDS] [CONCURRENCY]
//! ```
//!
//! It starts the mock on the spec (default `spec`), fetches a token, then keeps CONCURRENCY
//! (default 16) connections busy for SECONDS (default 5) with two kinds of call: a validated
//! JSON call answered from its example (`get_phone_number`) and a GET with query parameters
//! (`get_callback_ip`), and prints the start-up time and the requests per second of each.

use std::time::{Duration, Instant};

use wxapi_mock::MockServer;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let spec = args.next().unwrap_or_else(|| "spec".to_owned());
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let concurrency: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(16);

    let started = Instant::now();
    let mock = match MockServer::builder()
        .app("APPID", "APPSECRET")
        .spec(&spec)
        .try_start_spec()
        .await
    {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let startup = started.elapsed();
    println!(
        "start-up on {spec} ({} endpoints): {:.1} ms",
        mock.spec_endpoints().len(),
        startup.as_secs_f64() * 1e3
    );

    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("an HTTP client");
    let token: serde_json::Value = http
        .get(mock.url("/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET"))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("JSON");
    let token = token["access_token"].as_str().expect("a token").to_owned();
    let calls = [
        (
            "POST /wxa/business/getuserphonenumber (JSON, validated)",
            reqwest::Method::POST,
            mock.url(&format!(
                "/wxa/business/getuserphonenumber?access_token={token}"
            )),
            Some(r#"{"code":"e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144"}"#),
        ),
        (
            "GET /cgi-bin/getcallbackip (query only)",
            reqwest::Method::GET,
            mock.url(&format!("/cgi-bin/getcallbackip?access_token={token}")),
            None,
        ),
    ];
    for (name, method, url, body) in calls {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (http, method, url) = (http.clone(), method.clone(), url.clone());
                tokio::spawn(async move {
                    let mut done = 0u64;
                    while Instant::now() < deadline {
                        let mut request = http.request(method.clone(), &url);
                        if let Some(body) = body {
                            request = request
                                .header("Content-Type", "application/json")
                                .body(body);
                        }
                        let answer = request.send().await.expect("an answer");
                        let text = answer.text().await.expect("a body");
                        assert!(!text.contains("\"errcode\":4"), "{text}");
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        let mut total = 0;
        for worker in workers {
            total += worker.await.expect("a worker");
        }
        println!(
            "{name}: {:.0} requests/s ({total} in {seconds} s, {concurrency} connections)",
            total as f64 / seconds as f64
        );
    }
    let violations = mock.take_violations();
    assert!(violations.is_empty(), "{violations:?}");
}
