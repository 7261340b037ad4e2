//! [`Call`]: what an endpoint method returns, a future of its answer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::Error;

/// An endpoint call in flight: `.await` it for the endpoint's response `T`, or an
/// [`Error`] carrying the endpoint's error enum `E`.
///
/// Every generated method returns one (`client.msg_sec_check(request).await?`). It is a named
/// type rather than an `async fn`'s anonymous future so that the compiler checks the sending
/// code once, in this crate, instead of once per endpoint of the generated one (an eighth
/// of a generated crate's `cargo check` at 1,000 endpoints). It is `Send`, and does nothing
/// until polled.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, E> {
    future: Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>,
}

impl<'a, T, E> Call<'a, T, E> {
    /// Wraps the future that makes the call.
    pub(crate) fn new(future: impl Future<Output = Result<T, Error<E>>> + Send + 'a) -> Self {
        Call {
            future: Box::pin(future),
        }
    }
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::Call;
    use crate::Error;

    fn is_send<T: Send>(_: &T) {}

    #[tokio::test]
    async fn a_call_is_send_and_answers_what_its_future_answers() {
        let ok: Call<'_, u32, ()> = Call::new(async { Ok(7) });
        is_send(&ok);
        assert_eq!(format!("{ok:?}"), "Call { .. }");
        assert_eq!(ok.await.ok(), Some(7));
        let failed: Call<'_, u32, ()> = Call::new(async { Err(Error::Api(())) });
        assert!(matches!(failed.await, Err(Error::Api(()))));
    }

    #[test]
    fn a_call_does_nothing_until_polled() {
        let started = std::sync::atomic::AtomicBool::new(false);
        let call: Call<'_, (), ()> = Call::new(async {
            started.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok(())
        });
        drop(call);
        assert!(!started.load(std::sync::atomic::Ordering::SeqCst));
    }
}
