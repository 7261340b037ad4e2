//! What an asynchronous service-market call returns: a task to poll or wait for.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::codegen::service::decode_retrieved;
use crate::codegen::{Encoded, Endpoint};
use crate::{ApiError, Client, Error, JsonString};

/// An asynchronous provider call in progress: poll it, or wait for its result.
///
/// WeChat keeps a result for at most 24 hours; polling is free (only the call that started
/// the task is billed). `E` is the error enum of the retrieve endpoint.
pub struct PendingService<R, E> {
    client: Client,
    retrieve: Endpoint,
    request_id: String,
    _result: PhantomData<fn() -> (R, E)>,
}

impl<R, E> fmt::Debug for PendingService<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingService")
            .field("retrieve", &self.retrieve.id)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// How long [`PendingService::wait`] sleeps between polls: doubling from the first delay
/// up to the longest.
const FIRST_POLL_DELAY: Duration = Duration::from_millis(200);
const LONGEST_POLL_DELAY: Duration = Duration::from_secs(5);

impl<R: DeserializeOwned, E: ApiError> PendingService<R, E> {
    pub(crate) fn new(client: Client, retrieve: Endpoint, request_id: String) -> Self {
        PendingService {
            client,
            retrieve,
            request_id,
            _result: PhantomData,
        }
    }

    /// The id `invokeService` returned; keep it to retrieve the result later (up to 24 h).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Asks once: the result if it is ready, `None` if the provider is still working.
    pub async fn poll(&self) -> Result<Option<JsonString<R>>, Error<E>> {
        let encoded = Encoded::json(&serde_json::json!({ "request_id": self.request_id }))?;
        self.client
            .execute(&self.retrieve, encoded, decode_retrieved::<R, E>)
            .await
    }

    /// Polls with backoff until the result is ready or `timeout` has passed
    /// ([`Error::NotReady`] then; the task goes on and can be waited for again).
    pub async fn wait(&self, timeout: Duration) -> Result<JsonString<R>, Error<E>> {
        let deadline = Instant::now() + timeout;
        let mut delay = FIRST_POLL_DELAY;
        loop {
            if let Some(result) = self.poll().await? {
                return Ok(result);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::NotReady {
                    request_id: self.request_id.clone(),
                });
            }
            tokio::time::sleep(delay.min(left)).await;
            delay = (delay * 2).min(LONGEST_POLL_DELAY);
        }
    }
}
