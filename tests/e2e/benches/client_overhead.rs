//! What the generated client costs over a bare reqwest call of the same request to the same
//! loopback server (the fake WeChat server): `cargo bench -p wxapi-e2e --bench client_overhead`.
//!
//! # The variants
//!
//! Each makes one `msg_sec_check` call per iteration: build the request, send it, return the
//! decoded answer.
//!
//! - `wxapi_generated`: `client.msg_sec_check(MsgSecCheckRequest::new(..))`, the generated
//!   client as `tests/common` builds it (app id and secret; the token is cached after the
//!   warm-up call).
//! - `bare_reqwest`: the reference the overhead is measured against, what a careful user
//!   writes by hand with reqwest for the same request. It builds the same
//!   `MsgSecCheckRequest` value, serializes it with `RequestBuilder::json` (serde_json, and
//!   `content-type: application/json`), adds `access_token` from a token it holds with
//!   `RequestBuilder::query`, sets the same per-request timeout, sends, reads the answer with
//!   `Response::json` into a hand-written struct (`errcode`, `errmsg` and the payload fields,
//!   the payload typed with the generated `SecResult`/`SecDetail` so that both decode the same
//!   leaves), and checks `errcode`.
//! - `bare_reqwest_prebuilt`: a stricter reference that skips work the other two do per call:
//!   it sends a body serialized once, before the loop, to a URL (token included) formatted
//!   once, and checks `errcode` in an untyped `serde_json::Value`.
//!
//! Both bare variants use one `reqwest::Client` configured like the one wxapi builds: the
//! same connect timeout, the same `user-agent`, the same per-request timeout, system proxies
//! left alone. Setup checks that the fake server receives the same query, headers and body
//! bytes from all three, so what differs is wxapi's own work: encoding, the token read,
//! building the URL, the envelope check, tracing, retries and error plumbing.
//!
//! # The measurements
//!
//! Every variant runs on the bench thread with `block_on` of one tokio runtime with one worker
//! thread, which also runs the fake server and reqwest's connection tasks. Before every
//! timed block the fake server's request log (one entry per call) is cleared, untimed, so
//! that no variant pays for another's history.
//!
//! 1. Criterion: each variant on its own (`msg_sec_check/<variant>`), 100 samples over 15 s.
//! 2. `paired`: loopback timings drift with whatever else the machine does, and criterion
//!    measures the variants one after another, minutes apart. So the overhead is taken from
//!    rounds instead: each round times a block of calls of every variant back to back (the
//!    order rotating through all six), and the overhead is the median over rounds of
//!    wxapi's block time over the bare block's. It is printed for the multi-thread runtime
//!    above and, as a stricter figure, for a current-thread runtime, where server, client
//!    and connection share one thread and a call takes about half as long, so the same
//!    client cost is a larger share.
//!
//! The paired part runs after criterion under `cargo bench` when no filter (or other
//! argument with a value), `--list` or `--profile-time` is given; not under `cargo test`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use serde::Deserialize;
use tokio::runtime::Runtime;
use wxapi::{Client, MsgSecCheckRequest, SecDetail, SecResult};
use wxapi_e2e::{check as request, CONNECT_TIMEOUT, TIMEOUT};
use wxapi_mock::{MockServer, ReceivedRequest};

const PATH: &str = "/wxa/msg_sec_check";

/// The answer as a user would declare it: the envelope and the payload in one struct.
#[derive(Deserialize)]
#[allow(dead_code)] // read as far as a caller would
struct Reply {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    trace_id: String,
    result: SecResult,
    detail: Option<Vec<SecDetail>>,
}

/// One variant of the call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    Bare,
    Prebuilt,
    Wxapi,
}

impl Variant {
    const ALL: [Variant; 3] = [Variant::Bare, Variant::Prebuilt, Variant::Wxapi];

    fn name(self) -> &'static str {
        match self {
            Variant::Bare => "bare_reqwest",
            Variant::Prebuilt => "bare_reqwest_prebuilt",
            Variant::Wxapi => "wxapi_generated",
        }
    }
}

/// A fake server on its own runtime, the generated client and the bare one.
struct Setup {
    fake: MockServer,
    client: Client,
    bare: reqwest::Client,
    token: String,
    url: String,
    prebuilt_url: String,
    prebuilt_body: bytes::Bytes,
    /// Last, so that it is dropped after everything that runs on it.
    rt: Runtime,
}

impl Setup {
    fn new(rt: Runtime) -> Setup {
        let fake = rt.block_on(wxapi_e2e::server().start());
        let client = wxapi_e2e::client(&fake);
        rt.block_on(client.msg_sec_check(request()))
            .expect("warm up");
        let generated = last_request(&fake);

        let user_agent = generated.header("user-agent").expect("a user agent");
        let bare = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(user_agent)
            .build()
            .expect("reqwest");
        let token = fake.current_token(wxapi_e2e::APP_ID).expect("a token");
        let setup = Setup {
            url: fake.url(PATH),
            prebuilt_url: fake.url(&format!("{PATH}?access_token={token}")),
            prebuilt_body: serde_json::to_vec(&request()).expect("json").into(),
            rt,
            fake,
            client,
            bare,
            token,
        };
        for variant in [Variant::Bare, Variant::Prebuilt] {
            setup.call(variant);
            let received = last_request(&setup.fake);
            assert_eq!(received.query, generated.query, "{variant:?}: same query");
            assert_eq!(received.body, generated.body, "{variant:?}: same body");
            assert_eq!(
                headers(&received),
                headers(&generated),
                "{variant:?}: same headers"
            );
        }
        setup
    }

    /// One call, on the bench thread.
    fn call(&self, variant: Variant) {
        match variant {
            Variant::Bare => {
                let reply = self.rt.block_on(self.bare_call(&request()));
                std::hint::black_box(reply);
            }
            Variant::Prebuilt => self.rt.block_on(self.prebuilt_call()),
            Variant::Wxapi => {
                let checked = self.rt.block_on(self.client.msg_sec_check(request()));
                std::hint::black_box(checked.expect("call"));
            }
        }
    }

    /// `iters` calls, timed; the fake server's log is cleared first, untimed.
    fn timed(&self, variant: Variant, iters: u64) -> Duration {
        self.fake.reset_records();
        let started = Instant::now();
        for _ in 0..iters {
            self.call(variant);
        }
        started.elapsed()
    }

    /// The hand-written call: serialize, add the token, send, decode, check `errcode`.
    async fn bare_call(&self, request: &MsgSecCheckRequest) -> Reply {
        let reply: Reply = self
            .bare
            .post(&self.url)
            .query(&[("access_token", &self.token)])
            .json(request)
            .timeout(TIMEOUT)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("a JSON answer");
        assert_eq!(reply.errcode, 0, "{}", reply.errmsg);
        reply
    }

    /// The stricter reference: a prebuilt body and URL, an untyped `errcode` check.
    async fn prebuilt_call(&self) {
        let response = self
            .bare
            .post(&self.prebuilt_url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(self.prebuilt_body.clone())
            .timeout(TIMEOUT)
            .send()
            .await
            .expect("send");
        let bytes = response.bytes().await.expect("body");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(value["errcode"], 0);
    }
}

/// The request the fake server last received; its records are cleared.
fn last_request(fake: &MockServer) -> ReceivedRequest {
    let received = fake.last_received(PATH).expect("a request");
    fake.reset_records();
    received
}

/// The headers of a request, sorted, without `host` (its port is the fake server's).
fn headers(request: &ReceivedRequest) -> Vec<(String, String)> {
    let mut headers = request.headers.clone();
    headers.retain(|(name, _)| name != "host");
    headers.sort();
    headers
}

fn multi_thread() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

fn current_thread() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn criterion_benches(c: &mut Criterion, setup: &Setup) {
    let mut group = c.benchmark_group("msg_sec_check");
    // Loopback timings are noisy: long samples, many of them.
    group
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(15))
        .sample_size(100);
    for variant in Variant::ALL {
        group.bench_function(variant.name(), |b| {
            b.iter_custom(|iters| setup.timed(variant, iters))
        });
    }
    group.finish();
}

/// Rounds of blocks of calls, every variant once per round in rotating order.
fn paired(label: &str, setup: &Setup) {
    const ROUNDS: usize = 200;
    const CALLS: u64 = 100;
    const ORDERS: [[usize; 3]; 6] = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    for variant in Variant::ALL {
        setup.timed(variant, CALLS);
    }
    let mut times = vec![[Duration::ZERO; 3]; ROUNDS];
    for (round, slot) in times.iter_mut().enumerate() {
        for index in ORDERS[round % ORDERS.len()] {
            slot[index] = setup.timed(Variant::ALL[index], CALLS);
        }
    }
    let per_call = |index: usize| {
        median(
            times
                .iter()
                .map(|t| t[index].as_secs_f64() / CALLS as f64 * 1e6),
        )
    };
    let ratio = |index: usize| {
        let ratios: Vec<f64> = times
            .iter()
            .map(|t| t[index].as_secs_f64() / t[0].as_secs_f64() - 1.0)
            .collect();
        (
            median(ratios.iter().copied()) * 100.0,
            quantile(ratios.iter().copied(), 0.25) * 100.0,
            quantile(ratios.iter().copied(), 0.75) * 100.0,
        )
    };
    println!("paired ({label}): {ROUNDS} rounds of {CALLS} calls per variant, medians");
    for (index, variant) in Variant::ALL.into_iter().enumerate() {
        let (over, low, high) = ratio(index);
        let vs = if index == 0 {
            "(the reference)".to_owned()
        } else {
            format!("{over:+.1}% vs bare_reqwest (IQR {low:+.1}% .. {high:+.1}%)")
        };
        println!(
            "  {:<22} {:>7.1} µs/call  {vs}",
            variant.name(),
            per_call(index)
        );
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    quantile(values, 0.5)
}

fn quantile(values: impl Iterator<Item = f64>, q: f64) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let position = q * (values.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    values[low] + (values[high] - values[low]) * (position - low as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let filtered = args.iter().any(|a| !a.starts_with('-'));
    let setup = Setup::new(multi_thread());
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &setup);
    criterion.final_summary();
    if flag("--bench") && !filtered && !flag("--list") && !flag("--profile-time") {
        paired("multi-thread runtime, 1 worker", &setup);
        drop(setup);
        paired("current-thread runtime", &Setup::new(current_thread()));
    }
}
