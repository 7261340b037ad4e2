//! A read of a valid cached token allocates nothing.
//!
//! The binary's global allocator counts allocations per thread, so the other
//! suites running at the same time, and the runtime's and the HTTP client's
//! background threads, do not disturb the count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use wxapi_runtime::token::{
    AccessToken, AppCredentials, MemoryTokenStore, StoredToken, TokenSource, TokenStore,
};
use wxapi_runtime::Client;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: forwards every call to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread by `f`.
fn allocations_in(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Polls `future` once, as an executor would, expecting it to be ready.
fn poll_once<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a cached token should be ready at once"),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// A store that already holds a valid token, so the source warms its cache
/// without any HTTP.
fn store_with(token: &str) -> MemoryTokenStore {
    let store = MemoryTokenStore::new();
    let now = SystemTime::now();
    let stored = StoredToken::new(
        AccessToken::new(token),
        now + Duration::from_secs(7200),
        now + Duration::from_secs(6900),
    );
    runtime().block_on(store.save("wx1", &stored)).unwrap();
    store
}

#[test]
fn the_counter_counts() {
    assert_eq!(
        allocations_in(|| drop(std::hint::black_box(Box::new(7)))),
        1
    );
    let boxed = allocations_in(|| {
        let future: std::pin::Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(async {});
        drop(std::hint::black_box(future));
    });
    assert_eq!(boxed, 1, "a boxed future allocates");
}

#[test]
fn cached_token_reads_allocate_nothing() {
    let rt = runtime();
    let source = AppCredentials::new("wx1", "secret").token_store(store_with("T"));
    let ctx = wxapi_runtime::token::HttpCtx::new(
        reqwest::Client::new(),
        "http://127.0.0.1:9",
        Duration::from_secs(1),
    );
    assert_eq!(source.cached(), None, "cold");
    let token = rt.block_on(source.token(&ctx)).unwrap().unwrap();
    assert_eq!(token.expose(), "T");

    // Warm this thread's arc-swap slot, then measure.
    assert!(source.cached().is_some());
    let mut hits = 0;
    let allocations = allocations_in(|| {
        for _ in 0..10_000 {
            if let Some(token) = source.cached() {
                hits += 1;
                drop(token);
            }
        }
    });
    assert_eq!(hits, 10_000);
    assert_eq!(allocations, 0, "AppCredentials::cached allocated");
}

#[test]
fn client_token_lookup_allocates_nothing() {
    let rt = runtime();
    let clients = [
        Client::builder()
            .app_id("wx1")
            .app_secret("secret")
            .base_url("http://127.0.0.1:9")
            .token_store(store_with("T"))
            .build()
            .unwrap(),
        Client::builder().access_token("T").build().unwrap(),
        Client::builder().without_access_token().build().unwrap(),
    ];
    for client in &clients {
        // Warm: the first lookup may fetch (here: load from the store).
        let expected = rt.block_on(client.access_token()).unwrap();
        let _ = poll_once(client.access_token());
        let allocations = allocations_in(|| {
            for _ in 0..1000 {
                let token = poll_once(client.access_token()).unwrap();
                assert_eq!(token, expected);
            }
        });
        assert_eq!(allocations, 0, "{client:?}");
    }
}
