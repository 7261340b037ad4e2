//! Signatures the runtime computes over a request as it is sent.
//!
//! Some WeChat calls prove a secret other than the access token by signing the request:
//! the login calls sign with the user's session key. The signature covers the exact body
//! bytes, so it is computed from the encoded request, never from the typed one, and never
//! passed by the caller. A body signature keyed with another secret (virtual payment's
//! `pay_sig`, over the URI and the body) belongs here as another [`Signature`].

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::Secret;

/// A signature to add to a request's query when it is sent.
#[derive(Clone)]
#[non_exhaustive]
pub enum Signature {
    /// The user's session-key signature (用户登录态签名): `signature` = hex of
    /// HMAC-SHA256 keyed with the session key over the body bytes (the empty string for a
    /// call without a body), and `sig_method=hmac_sha256`.
    SessionKey(Secret<String>),
}

impl Signature {
    /// Signs with the user's session key (from `code2Session`).
    pub fn session_key(session_key: &Secret<String>) -> Signature {
        Signature::SessionKey(session_key.clone())
    }

    /// The query parameters that carry the signature of `body`.
    pub(crate) fn query_pairs(&self, body: &[u8]) -> [(&'static str, String); 2] {
        match self {
            Signature::SessionKey(key) => [
                ("signature", hmac_sha256_hex(key.expose().as_bytes(), body)),
                ("sig_method", "hmac_sha256".to_owned()),
            ],
        }
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Signature::SessionKey(_) => f.write_str("SessionKey(***)"),
        }
    }
}

/// Lower-case hex of HMAC-SHA256(`key`, `message`).
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_key_signature_of_the_empty_body() {
        // RFC 4231 has no empty-message vector; this one is checked against
        // `printf '' | openssl dgst -sha256 -hmac key`.
        let signature = Signature::session_key(&Secret::new("key".to_owned()));
        let [(name, value), method] = signature.query_pairs(b"");
        assert_eq!(name, "signature");
        assert_eq!(
            value,
            "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"
        );
        assert_eq!(method, ("sig_method", "hmac_sha256".to_owned()));
    }

    #[test]
    fn signature_covers_the_body_and_debug_hides_the_key() {
        let signature = Signature::session_key(&Secret::new("key".to_owned()));
        let [(_, empty), _] = signature.query_pairs(b"");
        let [(_, body), _] = signature.query_pairs(b"{}");
        assert_ne!(empty, body);
        assert_eq!(format!("{signature:?}"), "SessionKey(***)");
    }
}
