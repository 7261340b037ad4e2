//! Unpredictable-enough numbers without a dependency on an RNG crate.
//!
//! Used for `client_msg_id` (a de-duplication key, not a credential) and for
//! retry jitter. `RandomState` is seeded from the OS once per thread; mixing
//! in a global counter and the clock makes successive values distinct.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A fresh pseudo-random `u64`.
pub(crate) fn next_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

/// A fresh 32-hex-digit identifier for the service market's `client_msg_id`.
pub(crate) fn message_id() -> String {
    format!("{:016x}{:016x}", next_u64(), next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let a = message_id();
        let b = message_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }
}
