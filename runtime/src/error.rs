//! The error of every call, one variant per layer that can fail.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use crate::redact;
use crate::{SecurityError, TokenError};

/// How much of an undecodable body [`DecodeError`] keeps.
const BODY_PREFIX_LIMIT: usize = 256;

/// The error of a call, generic over the endpoint's error enum `E`.
///
/// Each variant is one layer, so callers can match on the layer first:
/// business errors ([`Api`](Error::Api)) are usually handled, the others
/// usually logged. `Display` and `source()` forward to the variant's error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// WeChat answered with a non-zero `errcode`.
    Api(E),
    /// The HTTP exchange failed (connect, timeout, I/O). Never contains
    /// credentials; the URL is redacted.
    Transport(TransportError),
    /// The response was not JSON or not of the declared shape.
    Decode(DecodeError),
    /// The request could not be encoded.
    Encode(EncodeError),
    /// Obtaining the access token failed.
    Token(TokenError),
    /// An asynchronous service-market result was not ready before the deadline. The task
    /// goes on: its result can be retrieved later with this id (for up to 24 hours).
    NotReady {
        /// The id to retrieve the result with.
        request_id: String,
    },
    /// API security mode failed closed: the request could not be encrypted and signed, or
    /// the response's signature, app id, timestamp or encryption did not check out. Nothing
    /// of such a response reaches the caller.
    Security(SecurityError),
}

impl<E> Error<E> {
    /// The business error, if WeChat answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Converts into the business error, if WeChat answered with one.
    pub fn into_api(self) -> Option<E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Encode(e) => fmt::Display::fmt(e, f),
            Error::Token(e) => fmt::Display::fmt(e, f),
            Error::Security(e) => fmt::Display::fmt(e, f),
            Error::NotReady { request_id } => write!(
                f,
                "the asynchronous result is not ready yet (request id {request_id}; retrieve it later)"
            ),
        }
    }
}

impl<E: StdError> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Api(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::Decode(e) => e.source(),
            Error::Encode(e) => e.source(),
            Error::Token(e) => e.source(),
            Error::Security(e) => e.source(),
            Error::NotReady { .. } => None,
        }
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl<E> From<EncodeError> for Error<E> {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl<E> From<SecurityError> for Error<E> {
    fn from(e: SecurityError) -> Self {
        Error::Security(e)
    }
}

impl<E> From<TokenError> for Error<E> {
    fn from(e: TokenError) -> Self {
        Error::Token(e)
    }
}

/// The HTTP exchange itself failed.
///
/// The wrapped `reqwest::Error` has its URL removed, and the URL kept here
/// has credential-like query values masked, because the query string holds
/// the access token (or, for `/cgi-bin/token`, the app secret).
///
/// Cheap to clone (the underlying error is shared), so that a failed token
/// fetch can be reported to every call that waited for it.
#[derive(Debug, Clone)]
pub struct TransportError {
    endpoint: &'static str,
    url: Option<String>,
    source: Arc<reqwest::Error>,
}

impl TransportError {
    pub(crate) fn new(endpoint: &'static str, url: Option<String>, source: reqwest::Error) -> Self {
        TransportError {
            endpoint,
            url,
            source: Arc::new(source.without_url()),
        }
    }

    /// The spec's id of the failed call's endpoint, for example `msg_sec_check`.
    pub fn endpoint(&self) -> &str {
        self.endpoint
    }

    /// The request URL with credentials masked, if the request got that far.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// Whether the request timed out (it may have reached the server).
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether connecting failed (the request never reached the server).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "timed out"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        write!(f, "HTTP request for {} {what}", self.endpoint)?;
        if let Some(url) = &self.url {
            write!(f, " ({url})")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// The response could not be decoded.
///
/// Keeps the HTTP status and the start of the body (credential-like JSON
/// values masked), which is usually enough to tell a gateway error page from
/// a changed response shape. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DecodeError {
    status: u16,
    body_prefix: String,
    kind: DecodeKind,
}

#[derive(Debug, Clone)]
enum DecodeKind {
    Empty,
    NotJson(Arc<serde_json::Error>),
    Shape(Arc<serde_json::Error>),
    BadErrcode,
    UnexpectedStatus,
    JsonInsteadOfFile,
    Invalid(&'static str),
}

impl DecodeError {
    fn new(status: u16, body: &[u8], kind: DecodeKind) -> Self {
        DecodeError {
            status,
            body_prefix: redact::body_prefix(body, BODY_PREFIX_LIMIT),
            kind,
        }
    }

    pub(crate) fn empty(status: u16) -> Self {
        DecodeError::new(status, b"", DecodeKind::Empty)
    }

    pub(crate) fn not_json(status: u16, body: &[u8], error: serde_json::Error) -> Self {
        DecodeError::new(status, body, DecodeKind::NotJson(Arc::new(error)))
    }

    pub(crate) fn shape(status: u16, body: &[u8], error: serde_json::Error) -> Self {
        DecodeError::new(status, body, DecodeKind::Shape(Arc::new(error)))
    }

    pub(crate) fn bad_errcode(status: u16, body: &[u8]) -> Self {
        DecodeError::new(status, body, DecodeKind::BadErrcode)
    }

    pub(crate) fn unexpected_status(status: u16, body: &[u8]) -> Self {
        DecodeError::new(status, body, DecodeKind::UnexpectedStatus)
    }

    /// A successful JSON envelope from an endpoint that answers with a file.
    pub(crate) fn json_instead_of_file(status: u16, body: &[u8]) -> Self {
        DecodeError::new(status, body, DecodeKind::JsonInsteadOfFile)
    }

    /// A response that is JSON but unusable; the body is not kept, for
    /// responses (like the token endpoint's) that carry credentials.
    pub(crate) fn invalid(status: u16, what: &'static str) -> Self {
        DecodeError::new(status, b"", DecodeKind::Invalid(what))
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first bytes of the body as text, with credentials masked.
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status;
        match &self.kind {
            DecodeKind::Empty => return write!(f, "empty response body (HTTP {status})"),
            DecodeKind::NotJson(_) => write!(f, "response body is not JSON (HTTP {status})")?,
            DecodeKind::Shape(_) => {
                write!(f, "response body has an unexpected shape (HTTP {status})")?
            }
            DecodeKind::BadErrcode => {
                write!(f, "response errcode is not an integer (HTTP {status})")?
            }
            DecodeKind::UnexpectedStatus => write!(f, "unexpected HTTP status {status}")?,
            DecodeKind::JsonInsteadOfFile => write!(
                f,
                "expected a file, got JSON instead of a file without an error code (HTTP {status})"
            )?,
            DecodeKind::Invalid(what) => write!(f, "invalid response (HTTP {status}): {what}")?,
        }
        if !self.body_prefix.is_empty() {
            write!(f, ", body starts with {:?}", self.body_prefix)?;
        }
        Ok(())
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            DecodeKind::NotJson(e) | DecodeKind::Shape(e) => Some(&**e),
            _ => None,
        }
    }
}

/// A request could not be encoded.
#[derive(Debug)]
pub struct EncodeError {
    kind: EncodeErrorKind,
}

#[derive(Debug)]
pub(crate) enum EncodeErrorKind {
    Json(serde_json::Error),
    Query(serde_urlencoded::ser::Error),
    QueryRoundTrip(serde_urlencoded::de::Error),
    ContentType(String),
    Misuse(&'static str),
    MissingAppSecret(&'static str),
}

impl EncodeError {
    pub(crate) fn new(kind: EncodeErrorKind) -> Self {
        EncodeError { kind }
    }

    /// `endpoint` sends the app id and secret, and the client has not both.
    pub(crate) fn missing_app_secret(endpoint: &'static str) -> Self {
        EncodeError::new(EncodeErrorKind::MissingAppSecret(endpoint))
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EncodeErrorKind::Json(_) => f.write_str("failed to serialize the request body as JSON"),
            EncodeErrorKind::Query(_) | EncodeErrorKind::QueryRoundTrip(_) => {
                f.write_str("failed to serialize the request as a query string")
            }
            EncodeErrorKind::ContentType(value) => write!(f, "invalid content type {value:?}"),
            EncodeErrorKind::Misuse(what) => write!(f, "invalid request encoding: {what}"),
            EncodeErrorKind::MissingAppSecret(endpoint) => write!(
                f,
                "`{endpoint}` sends the app id and app secret, but the client has not both: \
                 build it with `app_id(..)` and `app_secret(..)`"
            ),
        }
    }
}

impl StdError for EncodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            EncodeErrorKind::Json(e) => Some(e),
            EncodeErrorKind::Query(e) => Some(e),
            EncodeErrorKind::QueryRoundTrip(e) => Some(e),
            EncodeErrorKind::ContentType(_)
            | EncodeErrorKind::Misuse(_)
            | EncodeErrorKind::MissingAppSecret(_) => None,
        }
    }
}

/// [`ClientBuilder::build`](crate::ClientBuilder::build) failed.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct BuildError(BuildErrorKind);

impl BuildError {
    pub(crate) fn new(kind: BuildErrorKind) -> Self {
        BuildError(kind)
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum BuildErrorKind {
    #[error("no credentials configured: set app_id and app_secret, access_token, token_source, or without_access_token")]
    MissingCredentials,
    #[error("app_id is set but app_secret is missing")]
    MissingAppSecret,
    #[error("app_secret is set but app_id is missing")]
    MissingAppId,
    #[error("{0} needs app_id and app_secret without access_token, token_source or without_access_token: it configures how the client fetches tokens with them")]
    TokenOptionWithoutAppSecret(&'static str),
    #[error("invalid base URL: {0}")]
    InvalidBaseUrl(&'static str),
    #[error("{0}")]
    ApiSecurity(&'static str),
    #[error("failed to build the HTTP client")]
    Http(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;
    use crate::ApiError;

    #[test]
    fn display_and_source_forward() {
        let err: Error<TestError> = Error::Api(TestError::from_code(-1, String::new()));
        assert_eq!(err.to_string(), "-1 system busy");
        assert!(err.source().is_none());
        assert_eq!(err.api(), Some(&TestError::Busy));
        assert_eq!(err.into_api(), Some(TestError::Busy));

        let json_err = serde_json::from_slice::<serde_json::Value>(b"<html>").unwrap_err();
        let err: Error<TestError> =
            DecodeError::not_json(502, b"<html>bad gateway", json_err).into();
        assert_eq!(
            err.to_string(),
            "response body is not JSON (HTTP 502), body starts with \"<html>bad gateway\""
        );
        assert!(err.source().is_some());
        assert!(err.api().is_none());
    }

    #[test]
    fn decode_error_keeps_masked_prefix() {
        let body = br#"{"access_token":"SECRET","expires_in":"soon"}"#;
        let json_err = serde_json::from_str::<u8>("\"x\"").unwrap_err();
        let err = DecodeError::shape(200, body, json_err);
        assert_eq!(err.status(), 200);
        assert!(!err.to_string().contains("SECRET"));
        assert!(!format!("{err:?}").contains("SECRET"));
        assert!(err.body_prefix().contains("expires_in"));
    }

    #[test]
    fn build_error_messages() {
        let err = BuildError::new(BuildErrorKind::MissingAppSecret);
        assert_eq!(err.to_string(), "app_id is set but app_secret is missing");
    }
}
