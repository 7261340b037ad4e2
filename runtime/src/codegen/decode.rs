//! How a response becomes a call's result: JSON through the envelope, or a file.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::envelope::{decode_body, decode_media};
use crate::{ApiError, Error, Media};

/// One HTTP answer as a decoder sees it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if it is text.
    pub content_type: Option<&'a str>,
    /// The whole body.
    pub body: &'a Bytes,
}

/// What a call's success decodes into: every JSON response type (through the `errcode`
/// envelope), and [`Media`] for endpoints that answer with a file.
pub trait Decode: Sized + Send {
    /// Decodes `answer`, or the endpoint's error `E` it carries.
    fn decode<E: ApiError>(answer: &Answer<'_>) -> Result<Self, Error<E>>;
}

impl<T: DeserializeOwned + Send> Decode for T {
    fn decode<E: ApiError>(answer: &Answer<'_>) -> Result<Self, Error<E>> {
        decode_body(answer.status, answer.body)
    }
}

impl Decode for Media {
    fn decode<E: ApiError>(answer: &Answer<'_>) -> Result<Self, Error<E>> {
        decode_media(answer)
    }
}
