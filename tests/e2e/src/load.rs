//! A bounded load run: many calls, many at a time, while another party keeps rotating the
//! token. Shared by the CI test (small) and the `load` example (full size).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::{check, client, server, APP_ID};

/// What a run did.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub calls: u64,
    pub failed: u64,
    /// Token fetches by the client under test (the other party's are not counted).
    pub fetches: u64,
    pub rotations: u64,
    pub elapsed: Duration,
}

/// Runs `calls` calls, `concurrency` at a time, while another party rotates the token every
/// `rotate_every`.
pub async fn run(calls: u64, concurrency: usize, rotate_every: Duration) -> Run {
    let fake = Arc::new(server().start().await);
    let client = client(&fake);
    client.msg_sec_check(check()).await.expect("warm up");
    let fetches_before = fake.token_fetches();
    let started = Instant::now();

    let done = Arc::new(AtomicBool::new(false));
    let rotations = Arc::new(AtomicU64::new(0));
    let rotator = {
        let (fake, done, rotations) = (fake.clone(), done.clone(), rotations.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(rotate_every);
            tick.tick().await;
            loop {
                tick.tick().await;
                if done.load(Ordering::Relaxed) {
                    break;
                }
                fake.rotate_token(APP_ID);
                rotations.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let next = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, next, failed) = (client.clone(), next.clone(), failed.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    if client.msg_sec_check(check()).await.is_err() {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    rotator.await.expect("rotator");
    Run {
        calls,
        failed: failed.load(Ordering::Relaxed),
        fetches: fake.token_fetches() - fetches_before,
        rotations: rotations.load(Ordering::Relaxed),
        elapsed,
    }
}
