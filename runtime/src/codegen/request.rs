//! The trait every generated request type implements, and the call that sends one.

use serde_json::Value;

use crate::envelope::decode_body;
use crate::{ApiError, Call, Client, EncodeError, Error};

use super::{Answer, Decode, Encoded, Endpoint};

/// A typed request for one [`Endpoint`].
///
/// Implemented by every generated request type; [`call`] is the only
/// consumer. Encoding is separate from sending so that the encoded form can
/// be reused verbatim when the call is retried.
pub trait Request: Send + Sync {
    /// The decoded success: a JSON response type, or [`Media`](crate::Media) for
    /// endpoints that answer with a file.
    type Response: Decode;
    /// The endpoint's error enum, built from the response's `errcode`.
    type Error: ApiError;
    /// The operation this request targets.
    const ENDPOINT: Endpoint;

    /// Turns the request into query pairs and a body.
    fn encode(&self) -> Result<Encoded, EncodeError>;
}

/// Sends a typed request through `client` and decodes its response: what every generated
/// endpoint method returns.
///
/// A free function rather than a method of [`Client`], so that the client's documentation
/// shows what an application calls, not what generated code calls.
pub fn call<'a, R: Request + 'a>(
    client: &'a Client,
    request: R,
) -> Call<'a, R::Response, R::Error> {
    Call::new(send(client, request))
}

async fn send<R: Request>(client: &Client, request: R) -> Result<R::Response, Error<R::Error>> {
    let encoded = request.encode()?;
    drop(request);
    client
        .execute(&R::ENDPOINT, encoded, R::Response::decode::<R::Error>)
        .await
}

/// Sends a call no request type describes and returns the decoded JSON (the whole object,
/// including `errcode` and `errmsg` when present). `E` decides which `errcode`s fail the
/// call and are retried.
pub async fn call_raw<E: ApiError>(
    client: &Client,
    endpoint: &Endpoint,
    encoded: Encoded,
) -> Result<Value, Error<E>> {
    client
        .execute(endpoint, encoded, |answer: &Answer<'_>| {
            decode_body::<Value, E>(answer.status, answer.body)
        })
        .await
}
