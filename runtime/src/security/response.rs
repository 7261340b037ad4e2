//! Opening a response: choosing the platform certificate, verifying the signature, checking
//! app id and timestamp, rejecting replays, decrypting, and checking the plaintext.
//!
//! The order is fixed and everything fails closed: no byte of a response reaches the
//! envelope decoder unless its signature verified and it decrypted under our key, except a
//! plain (unsigned) security-mode error answer, which carries no data (see
//! [`unsigned`]).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use base64::Engine as _;
use reqwest::header::HeaderMap;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::SecurityError;
use super::keys::{PlatformCertificate, SymmetricKey, IV_LEN, TAG_LEN};
use super::request::{aad, signing_string, SealedBody};
use super::{
    B64, HEADER_APPID, HEADER_SERIAL, HEADER_SERIAL_DEPRECATED, HEADER_SIGNATURE,
    HEADER_SIGNATURE_DEPRECATED, HEADER_TIMESTAMP,
};

/// The error codes of the mode itself (40230–40240), which WeChat may answer in the clear
/// when it could not verify or decrypt the request.
pub(crate) const PLAIN_ERROR_CODES: std::ops::RangeInclusive<i64> = 40230..=40240;

/// The `Wechatmp-*` headers of a response.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ResponseHeaders {
    pub(crate) appid: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) serial: Option<String>,
    pub(crate) signature: Option<String>,
    pub(crate) serial_deprecated: Option<String>,
    pub(crate) signature_deprecated: Option<String>,
}

impl ResponseHeaders {
    /// Reads the headers; a value that is not visible ASCII is malformed.
    pub(crate) fn from_map(headers: &HeaderMap) -> Result<Self, SecurityError> {
        let get = |name: &'static str| -> Result<Option<String>, SecurityError> {
            headers
                .get(name)
                .map(|value| {
                    value
                        .to_str()
                        .map(|s| s.trim().to_owned())
                        .map_err(|_| SecurityError::MalformedHeader(name))
                })
                .transpose()
        };
        Ok(ResponseHeaders {
            appid: get(HEADER_APPID)?,
            timestamp: get(HEADER_TIMESTAMP)?,
            serial: get(HEADER_SERIAL)?,
            signature: get(HEADER_SIGNATURE)?,
            serial_deprecated: get(HEADER_SERIAL_DEPRECATED)?,
            signature_deprecated: get(HEADER_SIGNATURE_DEPRECATED)?,
        })
    }

    /// Whether the response carries no signature at all.
    fn is_unsigned(&self) -> bool {
        self.signature.is_none()
            && self.serial.is_none()
            && self.signature_deprecated.is_none()
            && self.serial_deprecated.is_none()
    }
}

/// What opening a response needs.
pub(crate) struct Opener<'a> {
    pub(crate) symmetric: &'a SymmetricKey,
    pub(crate) certificates: &'a [PlatformCertificate],
    pub(crate) app_id: &'a str,
    /// The client's clock, unix seconds.
    pub(crate) now: i64,
    /// The largest accepted distance between `now` and the response timestamp, in seconds.
    pub(crate) max_skew: i64,
    pub(crate) replays: &'a ReplayGuard,
    /// Called when the response was verified with a certificate WeChat is retiring.
    pub(crate) on_deprecated: &'a dyn Fn(&str, &str),
}

impl Opener<'_> {
    /// Verifies and decrypts a response to a request sealed for `urlpath`; returns the
    /// plaintext JSON without `_n`, `_appid` and `_timestamp`, ready for the envelope
    /// decoder.
    pub(crate) fn open(
        &self,
        urlpath: &str,
        status: u16,
        headers: &ResponseHeaders,
        body: &[u8],
    ) -> Result<Vec<u8>, SecurityError> {
        if headers.is_unsigned() {
            return unsigned(status, body);
        }
        let appid = required(&headers.appid, HEADER_APPID)?;
        let timestamp_text = required(&headers.timestamp, HEADER_TIMESTAMP)?;
        let serial = required(&headers.serial, HEADER_SERIAL)?;
        let signature = required(&headers.signature, HEADER_SIGNATURE)?;
        if appid != self.app_id {
            return Err(SecurityError::AppIdMismatch {
                expected: self.app_id.to_owned(),
                found: appid.to_owned(),
            });
        }
        let timestamp: i64 = timestamp_text
            .parse()
            .map_err(|_| SecurityError::MalformedHeader(HEADER_TIMESTAMP))?;
        if self.now.abs_diff(timestamp) > self.max_skew.unsigned_abs() {
            return Err(SecurityError::StaleTimestamp {
                timestamp,
                now: self.now,
            });
        }

        let (certificate, signature) = self.choose(headers, serial, signature)?;
        let signature = B64
            .decode(signature)
            .map_err(|_| SecurityError::BadSignature)?;
        let message = signing_string(urlpath, self.app_id, timestamp, body);
        if !certificate.verify(&message, &signature) {
            return Err(SecurityError::BadSignature);
        }
        if !self
            .replays
            .first_time(&signature, timestamp, self.now, self.max_skew)
        {
            return Err(SecurityError::Replayed);
        }

        let aad = aad(urlpath, self.app_id, timestamp, self.symmetric.number());
        let plaintext = decrypt(self.symmetric, &aad, body)?;
        let mut fields = match serde_json::from_slice(&plaintext) {
            Ok(Value::Object(fields)) => fields,
            _ => {
                return Err(SecurityError::MalformedBody(
                    "the decrypted data is not a JSON object",
                ))
            }
        };
        check_plaintext(&mut fields, self.app_id, timestamp)?;
        serde_json::to_vec(&Value::Object(fields))
            .map_err(|_| SecurityError::MalformedBody("the decrypted data is not JSON"))
    }

    /// The certificate and signature to verify with: `Wechatmp-Serial`'s if we hold that
    /// certificate, else the deprecated pair's during a rotation.
    fn choose<'h>(
        &self,
        headers: &'h ResponseHeaders,
        serial: &'h str,
        signature: &'h str,
    ) -> Result<(&PlatformCertificate, &'h str), SecurityError> {
        if let Some(certificate) = self.find(serial) {
            return Ok((certificate, signature));
        }
        if let Some(old) = headers.serial_deprecated.as_deref() {
            if let Some(certificate) = self.find(old) {
                let signature = headers
                    .signature_deprecated
                    .as_deref()
                    .ok_or(SecurityError::MissingHeader(HEADER_SIGNATURE_DEPRECATED))?;
                (self.on_deprecated)(serial, old);
                return Ok((certificate, signature));
            }
        }
        Err(SecurityError::UnknownCertificate {
            serial: serial.to_owned(),
            deprecated: headers.serial_deprecated.clone(),
        })
    }

    fn find(&self, number: &str) -> Option<&PlatformCertificate> {
        self.certificates.iter().find(|c| c.number() == number)
    }
}

fn required<'h>(value: &'h Option<String>, name: &'static str) -> Result<&'h str, SecurityError> {
    match value.as_deref() {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(SecurityError::MissingHeader(name)),
    }
}

/// A response without any signature header. WeChat answers some failures of the mode
/// itself in the clear (for example 40234 when our signature is bad), so a JSON body whose
/// `errcode` is one of 40230–40240 is handed on and becomes [`Error::Api`](crate::Error::Api):
/// it can only ever be an error, never data. Anything else unsigned, a success above all,
/// is refused.
pub(crate) fn unsigned(status: u16, body: &[u8]) -> Result<Vec<u8>, SecurityError> {
    let errcode = serde_json::from_slice::<Value>(body)
        .ok()
        .as_ref()
        .and_then(Value::as_object)
        .and_then(|object| object.get("errcode").or_else(|| object.get("errCode")))
        .and_then(|code| match code {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
    match errcode {
        Some(code) if PLAIN_ERROR_CODES.contains(&code) => Ok(body.to_vec()),
        _ => Err(SecurityError::Unsigned { status, errcode }),
    }
}

/// Decrypts a `{"iv","data","authtag"}` body.
pub(crate) fn decrypt(
    symmetric: &SymmetricKey,
    aad: &[u8],
    body: &[u8],
) -> Result<Vec<u8>, SecurityError> {
    let sealed: SealedBody = serde_json::from_slice(body)
        .map_err(|_| SecurityError::MalformedBody("not {\"iv\",\"data\",\"authtag\"}"))?;
    let iv: [u8; IV_LEN] = decode_exact(&sealed.iv, "the iv is not 12 bytes of base64")?;
    let tag: [u8; TAG_LEN] =
        decode_exact(&sealed.authtag, "the authtag is not 16 bytes of base64")?;
    let mut data = B64
        .decode(&sealed.data)
        .map_err(|_| SecurityError::MalformedBody("the data is not base64"))?;
    symmetric
        .decrypt(&iv, aad, &mut data, &tag)
        .ok_or(SecurityError::Decrypt)?;
    Ok(data)
}

fn decode_exact<const N: usize>(text: &str, what: &'static str) -> Result<[u8; N], SecurityError> {
    B64.decode(text)
        .ok()
        .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
        .ok_or(SecurityError::MalformedBody(what))
}

/// Checks and removes `_appid` and `_timestamp` (and `_n`) of a decrypted response.
fn check_plaintext(
    fields: &mut Map<String, Value>,
    app_id: &str,
    timestamp: i64,
) -> Result<(), SecurityError> {
    if fields.remove("_appid").as_ref().and_then(Value::as_str) != Some(app_id) {
        return Err(SecurityError::PlaintextMismatch("_appid"));
    }
    let plain_timestamp = match fields.remove("_timestamp") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    if plain_timestamp != Some(timestamp) {
        return Err(SecurityError::PlaintextMismatch("_timestamp"));
    }
    fields.remove("_n");
    Ok(())
}

/// Remembers the signatures of accepted responses for as long as their timestamp would be
/// accepted, so that a recorded response replayed within that window is refused.
#[derive(Debug, Default)]
pub(crate) struct ReplayGuard {
    /// SHA-256 of the signature → the response timestamp.
    seen: Mutex<HashMap<[u8; 32], i64>>,
}

impl ReplayGuard {
    /// At most this many signatures are remembered; past that (thousands of calls a second)
    /// the oldest window is forgotten rather than memory growing without bound.
    const CAPACITY: usize = 1 << 16;

    /// Records `signature`; false if it was already recorded.
    pub(crate) fn first_time(
        &self,
        signature: &[u8],
        timestamp: i64,
        now: i64,
        window: i64,
    ) -> bool {
        let key: [u8; 32] = Sha256::digest(signature).into();
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= Self::CAPACITY / 2 {
            // Entries that could no longer pass the timestamp check are useless.
            seen.retain(|_, at| now.abs_diff(*at) <= window.unsigned_abs());
            if seen.len() >= Self::CAPACITY {
                seen.clear();
            }
        }
        seen.insert(key, timestamp).is_none()
    }
}
