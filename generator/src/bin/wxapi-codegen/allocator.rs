//! The binary's allocator (feature `mimalloc`).

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults suit long-running servers: they keep freed memory a while and commit
/// arena memory ahead. A generator run is short and its peak is what counts, so freed
/// memory goes back at once and memory is committed only as it is used.
#[cfg(feature = "mimalloc")]
pub fn tune() {
    use libmimalloc_sys::{mi_option_set, mi_option_t};
    // Positions in `mi_option_e` of mimalloc v3's `mimalloc.h`; libmimalloc-sys doesn't name
    // these two.
    const ARENA_EAGER_COMMIT: mi_option_t = 4;
    const PURGE_DELAY: mi_option_t = 15;
    // SAFETY: setting an option is a plain store mimalloc reads on later allocations; both
    // indices are valid options of the linked version.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(not(feature = "mimalloc"))]
pub fn tune() {}
