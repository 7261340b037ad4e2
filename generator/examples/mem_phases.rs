//! Heap held after, and peak heap during, each phase of generation on the synthetic API,
//! counted by a wrapping allocator: `cargo run --release -p wxapi-codegen --example
//! mem_phases -- N`. The process's peak RSS, allocator overhead included, is what
//! `scripts/bench-generate.sh` reports.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wxapi_codegen::phases::{emit_files, load, validate};
use wxapi_codegen::{Diagnostics, Options};

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as is.
        let ptr = unsafe { System.alloc(layout) };
        let held = HELD.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(held, Relaxed);
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn report(phase: &str) {
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    let held = HELD.load(Relaxed);
    println!(
        "{phase:>12}: held {:6.1} MiB, peak during {:6.1} MiB",
        mib(held),
        mib(PEAK.load(Relaxed))
    );
    PEAK.store(held, Relaxed);
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let tree = synth::spec(n);
    report("spec bytes");
    let mut dx = Diagnostics::default();
    let loaded = load::load(&tree, &mut dx);
    report("load");
    let model = validate::validate(&loaded, &mut dx).expect("the synthetic spec is valid");
    report("validate");
    drop(loaded);
    report("(raw freed)");
    let files = emit_files(&model, &Options::checked_in()).expect("emits");
    report("emit");
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    println!("{n} endpoints: {} files, {bytes} bytes", files.len());
}
