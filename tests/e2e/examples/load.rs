//! The full load run:
//! `cargo run --release -p wxapi-e2e --example load [calls] [concurrency] [rotate_ms]`.
//!
//! 100,000 calls (by default; a release build makes 10,000 in well under the first second,
//! before any rotation), 64 at a time, through the generated client against the fake WeChat
//! server, while another party rotates the token every second. Prints the calls, the
//! failures, the client's token fetches and the rotations; exits 1 on a failed call or on
//! more than one fetch per rotation.

use std::time::Duration;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let calls = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let concurrency = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let rotate_ms = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let run = wxapi_e2e::load::run(calls, concurrency, Duration::from_millis(rotate_ms)).await;
    println!(
        "calls {} failed {} token fetches {} rotations {} elapsed {:.2?} ({:.0} calls/s)",
        run.calls,
        run.failed,
        run.fetches,
        run.rotations,
        run.elapsed,
        run.calls as f64 / run.elapsed.as_secs_f64()
    );
    if run.failed > 0 || run.fetches > run.rotations {
        std::process::exit(1);
    }
}
