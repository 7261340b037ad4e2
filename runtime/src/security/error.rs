//! What can go wrong in API security mode: configuring keys ([`KeyError`]) and sealing or
//! opening one call ([`SecurityError`]).
//!
//! Neither error ever carries key material: keys are described by their role and the
//! reason they were refused, never by their bytes. Key and certificate *numbers* and app
//! ids are identifiers, not secrets, and are shown.

use std::fmt;

/// A key or certificate given to [`ApiSecurity`](crate::ApiSecurity) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The symmetric key is not the base64 of 32 bytes.
    #[error("invalid symmetric key: {0}")]
    SymmetricKey(&'static str),
    /// The application private key could not be read.
    #[error("invalid application private key: {0}")]
    AppPrivateKey(&'static str),
    /// The platform certificate could not be read.
    #[error("invalid platform certificate: {0}")]
    PlatformCertificate(&'static str),
    /// A key or certificate number is empty or not printable ASCII.
    #[error("invalid {0} number: it must be non-empty printable ASCII")]
    Number(&'static str),
}

/// A call in API security mode failed closed: the request could not be sealed, or the
/// response could not be proven to come from WeChat.
///
/// Every variant means that nothing of the response reached the caller. None of them is
/// retried by the client.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecurityError {
    /// The request cannot be sent encrypted: its body is multipart or binary
    /// ("资源上传类API暂不支持加密"), or its JSON body is not an object, or it uses a reserved
    /// field name (`_n`, `_appid`, `_timestamp`).
    UnsupportedRequest(&'static str),
    /// Encrypting or signing the request failed.
    Seal(&'static str),
    /// The response carries no signature headers at all, and is not one of the plain
    /// security-mode error answers (errcode 40230–40240) that are let through. `errcode` is
    /// what the unverified body claims, for diagnosis only.
    Unsigned {
        /// The HTTP status.
        status: u16,
        /// The `errcode` the unverified body claims, if it is JSON with one.
        errcode: Option<i64>,
    },
    /// A signed response lacks one of the `Wechatmp-*` headers.
    MissingHeader(&'static str),
    /// A `Wechatmp-*` header of the response is not valid (`Wechatmp-TimeStamp` not a number,
    /// a header not UTF-8).
    MalformedHeader(&'static str),
    /// `Wechatmp-Appid` of the response is not this client's app id.
    AppIdMismatch {
        /// The client's app id.
        expected: String,
        /// The app id the response names.
        found: String,
    },
    /// `Wechatmp-TimeStamp` of the response is more than the allowed skew (5 minutes) away
    /// from now.
    StaleTimestamp {
        /// The response's timestamp (unix seconds).
        timestamp: i64,
        /// The client's clock (unix seconds).
        now: i64,
    },
    /// Neither `Wechatmp-Serial` nor `Wechatmp-Serial-Deprecated` names a platform
    /// certificate this client holds.
    UnknownCertificate {
        /// `Wechatmp-Serial`.
        serial: String,
        /// `Wechatmp-Serial-Deprecated`, if present.
        deprecated: Option<String>,
    },
    /// The response signature does not verify with the platform certificate.
    BadSignature,
    /// The same signed response was already accepted once (a replay).
    Replayed,
    /// The signed body is not `{"iv","data","authtag"}` with valid base64 and lengths, or
    /// the decrypted data is not a JSON object.
    MalformedBody(&'static str),
    /// AES-GCM decryption failed: wrong key, IV, tag, data or additional data.
    Decrypt,
    /// The decrypted `_appid` or `_timestamp` does not match the response headers.
    PlaintextMismatch(&'static str),
}

impl fmt::Display for SecurityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("API security mode: ")?;
        match self {
            SecurityError::UnsupportedRequest(why) => {
                write!(f, "the request cannot be encrypted: {why}")
            }
            SecurityError::Seal(what) => write!(f, "sealing the request failed: {what}"),
            SecurityError::Unsigned { status, errcode } => {
                write!(f, "unsigned response (HTTP {status}")?;
                if let Some(code) = errcode {
                    write!(f, ", unverified errcode {code}")?;
                }
                f.write_str(")")
            }
            SecurityError::MissingHeader(name) => write!(f, "response header {name} is missing"),
            SecurityError::MalformedHeader(name) => {
                write!(f, "response header {name} is malformed")
            }
            SecurityError::AppIdMismatch { expected, found } => write!(
                f,
                "response is for app {found:?}, not this client's {expected:?}"
            ),
            SecurityError::StaleTimestamp { timestamp, now } => write!(
                f,
                "response timestamp {timestamp} is too far from now ({now})"
            ),
            SecurityError::UnknownCertificate { serial, deprecated } => {
                write!(f, "no platform certificate numbered {serial:?}")?;
                if let Some(old) = deprecated {
                    write!(f, " or {old:?}")?;
                }
                f.write_str(" is configured")
            }
            SecurityError::BadSignature => f.write_str("response signature is invalid"),
            SecurityError::Replayed => f.write_str("response was already received (replay)"),
            SecurityError::MalformedBody(what) => write!(f, "malformed response body: {what}"),
            SecurityError::Decrypt => f.write_str("response could not be decrypted"),
            SecurityError::PlaintextMismatch(field) => {
                write!(f, "decrypted {field} does not match the response headers")
            }
        }
    }
}

impl std::error::Error for SecurityError {}
