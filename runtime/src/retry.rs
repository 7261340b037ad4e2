//! When a failed attempt is sent again, and after how long.

use std::time::Duration;

use crate::codegen::Endpoint;
use crate::{random, ApiError, Error};

/// How transient failures are retried.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// Sends per call, counting the first (at least 1).
    pub(crate) max_attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub(crate) base_delay: Duration,
}

impl RetryPolicy {
    const MAX_DELAY: Duration = Duration::from_secs(5);

    /// The delay before retry number `retry` (1-based): exponential, capped,
    /// plus up to 50% jitter so that many clients do not retry in step.
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let delay = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(Self::MAX_DELAY);
        let jitter_range = u64::try_from(delay.as_millis() / 2).unwrap_or(0);
        delay + Duration::from_millis(random::next_u64() % (jitter_range + 1))
    }
}

/// Whether a failed attempt may be repeated.
pub(crate) fn retryable<E: ApiError>(endpoint: &Endpoint, error: &Error<E>) -> bool {
    match error {
        Error::Api(e) => endpoint.idempotent && e.is_retryable(),
        // Nothing was sent yet.
        Error::Token(e) => e.is_retryable(),
        // A failure to connect means nothing was sent; any other transport failure (a
        // timeout, a connection dropped mid-answer) may have reached WeChat, so only a call
        // that is safe to repeat is repeated.
        Error::Transport(e) => e.is_connect() || endpoint.idempotent,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;
    use crate::TokenError;

    const IDEMPOTENT: Endpoint = Endpoint::get("test.get", "/get").idempotent();
    const NOT_IDEMPOTENT: Endpoint = Endpoint::get("test.get", "/get");

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
        };
        let first = policy.delay(1);
        assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(150));
        let second = policy.delay(2);
        assert!(second >= Duration::from_millis(200) && second <= Duration::from_millis(300));
        let late = policy.delay(40);
        assert!(late >= RetryPolicy::MAX_DELAY && late <= RetryPolicy::MAX_DELAY * 3 / 2);
    }

    #[test]
    fn retry_classification() {
        let busy = || Error::<TestError>::Api(TestError::Busy);
        assert!(retryable(&IDEMPOTENT, &busy()));
        assert!(!retryable(&NOT_IDEMPOTENT, &busy()));
        assert!(!retryable(
            &IDEMPOTENT,
            &Error::<TestError>::Api(TestError::Risky)
        ));
        let token_busy = Error::<TestError>::Token(TokenError::Api {
            code: -1,
            message: String::new(),
        });
        assert!(retryable(&NOT_IDEMPOTENT, &token_busy));
        let rejected = Error::<TestError>::Token(TokenError::Rejected {
            code: 40125,
            message: String::new(),
        });
        assert!(!retryable(&IDEMPOTENT, &rejected));
    }
}
