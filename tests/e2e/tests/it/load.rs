//! A bounded load run with tokens rotated as it goes. It holds [`common::heavy_async`], so no
//! cargo build or compiler of another suite competes with it for the CPU (a starved retry
//! would meet the next rotation); the binary's short HTTP tests may run beside it.
//! The full run (100,000 calls, rotations every second) is
//! `cargo run --release -p wxapi-e2e --example load`.

use std::time::Duration;

use crate::common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bounded_load_with_rotating_tokens_loses_no_call() {
    let _alone = common::heavy_async().await;
    // The full run is `cargo run --release -p wxapi-e2e --example load`. A call whose retry
    // meets a second rotation fails by design (one refresh, one retry), so rotations are
    // spaced well beyond a round trip even on a loaded machine (a 100 ms spacing failed
    // calls while two compilers shared the machine's two cores, and 250 ms failed a few
    // calls in ten with five).
    let run = wxapi_e2e::load::run(3_000, 64, Duration::from_millis(500)).await;
    let (failed, fetches, rotations) = (run.failed, run.fetches, run.rotations);
    assert_eq!(failed, 0, "no call fails");
    assert!(rotations > 0, "the token was rotated during the run");
    assert!(
        fetches <= rotations,
        "at most one refresh per rotation: {fetches} fetches for {rotations} rotations"
    );
}
