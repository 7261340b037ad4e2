//! Spacing forced refreshes.
//!
//! `stable_token` with `force_refresh: true` is limited to 20 a day, and
//! WeChat ignores one that comes less than 30 s after the previous one while
//! still counting it. Refusing early, on our side, keeps a retry loop or an
//! impatient caller from burning the daily quota.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::TokenError;

/// The least time between two forced refreshes of one app's token.
pub const FORCE_REFRESH_SPACING: Duration = Duration::from_secs(30);

/// Remembers this instance's last forced refresh.
#[derive(Default)]
pub(crate) struct ForceGuard {
    last: Mutex<Option<Instant>>,
}

impl ForceGuard {
    /// Records a forced refresh now, or refuses with
    /// [`TokenError::TooSoon`] if the previous one was less than
    /// [`FORCE_REFRESH_SPACING`] ago. Attempts count even if they fail,
    /// since WeChat counts every request it receives.
    pub(crate) fn claim(&self) -> Result<(), TokenError> {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(previous) = *last {
            let since = now.saturating_duration_since(previous);
            if since < FORCE_REFRESH_SPACING {
                return Err(TokenError::TooSoon {
                    retry_after: FORCE_REFRESH_SPACING - since,
                });
            }
        }
        *last = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_claim_within_the_spacing_is_refused() {
        let guard = ForceGuard::default();
        guard.claim().unwrap();
        let Err(TokenError::TooSoon { retry_after }) = guard.claim() else {
            panic!("expected TooSoon");
        };
        assert!(retry_after > Duration::from_secs(29) && retry_after <= FORCE_REFRESH_SPACING);

        *guard.last.lock().unwrap() = Some(Instant::now() - FORCE_REFRESH_SPACING);
        guard.claim().unwrap();
    }
}
