//! Decoding the answer of `/cgi-bin/token` and `/cgi-bin/stable_token`.
//!
//! Both endpoints answer `{"access_token": …, "expires_in": …}` on success
//! and `{"errcode": …, "errmsg": …}` on failure, with the same codes for a
//! wrong configuration, so one decoder serves both.

use std::time::Duration;

use serde_json::Value;

use super::{AccessToken, TokenError};
use crate::envelope::{self, Envelope};
use crate::DecodeError;

/// Lifetime assumed when the response omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(7200);

/// Error codes from either token endpoint that mean the configuration is
/// wrong, so retrying cannot help: invalid credential (wrong secret),
/// invalid grant type, invalid app id, invalid secret, IP not whitelisted,
/// secret frozen, app id or secret missing.
const CONFIGURATION_CODES: &[i64] = &[40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004];

/// Decodes a token endpoint's response into the token and its remaining
/// lifetime, without ever quoting the body or serde messages, which could
/// contain the token. `secret` is scrubbed from error messages.
pub(crate) fn parse(
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<(AccessToken, Duration), TokenError> {
    let value = envelope::parse(status, body).map_err(TokenError::Decode)?;
    let Value::Object(object) = value else {
        return Err(invalid(status, "expected a JSON object"));
    };
    match envelope::read(&object) {
        Envelope::Success => {}
        Envelope::Failure { code, message } => {
            // WeChat does not echo the secret, but make sure of it.
            let message = if secret.is_empty() {
                message
            } else {
                message.replace(secret, crate::redact::MASK)
            };
            return Err(if CONFIGURATION_CODES.contains(&code) {
                TokenError::Rejected { code, message }
            } else {
                TokenError::Api { code, message }
            });
        }
        Envelope::Malformed => return Err(invalid(status, "errcode is not an integer")),
    }
    let token = match object.get("access_token") {
        Some(Value::String(token)) if !token.is_empty() => AccessToken::new(token.as_str()),
        _ => return Err(invalid(status, "access_token is missing or not a string")),
    };
    let lifetime = match object.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(value) => match serde_json::from_value::<crate::codegen::WireInt>(value.clone()) {
            Ok(crate::codegen::WireInt(seconds)) if seconds > 0 => {
                Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
            }
            _ => return Err(invalid(status, "expires_in is not a positive integer")),
        },
    };
    Ok((token, lifetime))
}

fn invalid(status: u16, what: &'static str) -> TokenError {
    TokenError::Decode(DecodeError::invalid(status, what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_success() {
        let (token, lifetime) =
            parse(200, br#"{"access_token":"T1","expires_in":7200}"#, "s").unwrap();
        assert_eq!(token.expose(), "T1");
        assert_eq!(lifetime, Duration::from_secs(7200));

        let (_, lifetime) = parse(200, br#"{"access_token":"T1","expires_in":"60"}"#, "s").unwrap();
        assert_eq!(lifetime, Duration::from_secs(60));
        let (_, lifetime) = parse(200, br#"{"access_token":"T1"}"#, "s").unwrap();
        assert_eq!(lifetime, DEFAULT_LIFETIME);
        // stable_token's remaining lifetime.
        let (_, lifetime) = parse(200, br#"{"access_token":"T1","expires_in":345}"#, "s").unwrap();
        assert_eq!(lifetime, Duration::from_secs(345));
    }

    #[test]
    fn configuration_errors_are_rejected_and_scrubbed() {
        for code in [40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004] {
            let body =
                format!(r#"{{"errcode":{code},"errmsg":"invalid appsecret s3cr3t rid: 1"}}"#);
            let err = parse(200, body.as_bytes(), "s3cr3t").unwrap_err();
            assert!(err.is_configuration(), "{code}");
            assert!(!err.is_retryable());
            assert!(!err.to_string().contains("s3cr3t"));
            assert!(!format!("{err:?}").contains("s3cr3t"));
        }
        let err = parse(200, br#"{"errcode":-1,"errmsg":"system error"}"#, "s").unwrap_err();
        assert!(!err.is_configuration());
        assert!(err.is_retryable());
        let err = parse(200, br#"{"errcode":45009,"errmsg":"quota"}"#, "s").unwrap_err();
        assert!(!err.is_configuration() && !err.is_retryable());
    }

    #[test]
    fn malformed_responses_never_quote_the_token() {
        for body in [
            &br#"{"access_token":"LEAK","expires_in":-5}"#[..],
            br#"{"access_token":"LEAK","expires_in":"soon"}"#,
            br#"{"access_token":7}"#,
            br#"{"access_token":""}"#,
            br#"["LEAK"]"#,
        ] {
            let err = parse(200, body, "s").unwrap_err();
            assert!(matches!(err, TokenError::Decode(_)), "{err:?}");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("LEAK"), "{shown}");
        }
        assert!(matches!(
            parse(502, b"<html>", "s"),
            Err(TokenError::Decode(_))
        ));
    }
}
