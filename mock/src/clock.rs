//! The fake clock: tokens, stable-token renewals, force-refresh quotas and async results all
//! read the time from here, so a test can jump ahead with [`MockServer::advance`](crate::MockServer::advance)
//! instead of sleeping.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Time as seen by the fake server: a [`Duration`] since the server started.
///
/// In the default mode it is the real monotonic time elapsed since start plus every
/// [`advance`](Clock::advance); in frozen mode only `advance` moves it, which makes the
/// `expires_in` values the server reports exact.
#[derive(Debug)]
pub(crate) struct Clock {
    start: Instant,
    frozen: bool,
    offset: Mutex<Duration>,
}

impl Clock {
    /// A clock starting at zero now; `frozen` stops it from following real time.
    pub(crate) fn new(frozen: bool) -> Self {
        Self {
            start: Instant::now(),
            frozen,
            offset: Mutex::new(Duration::ZERO),
        }
    }

    /// The current fake time.
    pub(crate) fn now(&self) -> Duration {
        let offset = *self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        if self.frozen {
            offset
        } else {
            self.start.elapsed() + offset
        }
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let mut offset = self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        *offset += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = Clock::new(true);
        assert_eq!(clock.now(), Duration::ZERO);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), Duration::from_secs(90));
    }

    #[test]
    fn running_clock_adds_the_offset() {
        let clock = Clock::new(false);
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() >= Duration::from_secs(3600));
    }
}
