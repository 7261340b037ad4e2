//! The trait every generated request type implements.

use crate::{ApiError, EncodeError, Encoded, Endpoint};

/// A typed request for one [`Endpoint`].
///
/// Implemented by every generated request type; [`Client::call`] is the only
/// consumer. Encoding is separate from sending so that the encoded form can
/// be reused verbatim when the call is retried.
///
/// [`Client::call`]: crate::Client::call
pub trait Request: Send + Sync {
    /// The decoded success body.
    type Response: serde::de::DeserializeOwned + Send;
    /// The endpoint's error enum, built from the response's `errcode`.
    type Error: ApiError;
    /// The operation this request targets.
    const ENDPOINT: Endpoint;

    /// Turns the request into query pairs and a body.
    fn encode(&self) -> Result<Encoded, EncodeError>;
}
