//! One token fetch at a time per source, with its outcome shared.
//!
//! Every `/cgi-bin/token` fetch invalidates the previous token, so callers
//! that find the cache empty at the same time must not each fetch: they
//! queue here, the first one fetches, and the rest take its result, a token
//! through the cache or an error through [`Turn::failure_while_waiting`].
//! However many callers wait, at most one fetch per source is in flight.

use std::time::Instant;

use super::TokenError;

/// The single-flight gate of one token source.
#[derive(Default)]
pub(crate) struct Flight {
    last_failure: tokio::sync::Mutex<Option<Failure>>,
}

struct Failure {
    at: Instant,
    error: TokenError,
}

/// The right to fetch, held by one caller at a time.
pub(crate) struct Turn<'a> {
    waited_since: Instant,
    last_failure: tokio::sync::MutexGuard<'a, Option<Failure>>,
}

impl Flight {
    /// Waits until no other caller of this source is fetching.
    pub(crate) async fn enter(&self) -> Turn<'_> {
        let waited_since = Instant::now();
        let last_failure = self.last_failure.lock().await;
        Turn {
            waited_since,
            last_failure,
        }
    }
}

impl Turn<'_> {
    /// When this caller started waiting: a token stored since then came
    /// from a fetch it waited for.
    pub(crate) fn waited_since(&self) -> Instant {
        self.waited_since
    }

    /// The error of a fetch that failed while this caller waited, so that
    /// a failing endpoint is asked once, not once per waiting caller.
    pub(crate) fn failure_while_waiting(&self) -> Option<TokenError> {
        self.last_failure
            .as_ref()
            .filter(|failure| failure.at >= self.waited_since)
            .map(|failure| failure.error.clone())
    }

    /// Records the outcome of this caller's fetch for those waiting.
    pub(crate) fn record<T>(&mut self, result: &Result<T, TokenError>) {
        *self.last_failure = match result {
            Ok(_) => None,
            Err(error) => Some(Failure {
                at: Instant::now(),
                error: error.clone(),
            }),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    fn busy() -> TokenError {
        TokenError::Api {
            code: -1,
            message: "system error".into(),
        }
    }

    #[tokio::test]
    async fn waiters_see_the_failure_they_waited_for() {
        let flight = Arc::new(Flight::default());
        let mut first = flight.enter().await;
        let waiter = {
            let flight = flight.clone();
            tokio::spawn(async move { flight.enter().await.failure_while_waiting() })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        first.record::<()>(&Err(busy()));
        drop(first);
        let seen = waiter.await.unwrap();
        assert_eq!(seen.and_then(|e| e.code()), Some(-1));

        // A caller arriving afterwards tries again itself.
        let late = flight.enter().await;
        assert!(late.failure_while_waiting().is_none());
    }

    #[tokio::test]
    async fn success_clears_the_failure() {
        let flight = Flight::default();
        let since = Instant::now();
        let mut turn = flight.enter().await;
        turn.record::<()>(&Err(busy()));
        turn.record(&Ok(()));
        drop(turn);
        let turn = flight.enter().await;
        assert!(turn.waited_since() >= since);
        assert!(turn.failure_while_waiting().is_none());
    }
}
