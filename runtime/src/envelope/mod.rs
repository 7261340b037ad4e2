//! Decoding WeChat's response envelope.
//!
//! Every WeChat response is a JSON object that may carry
//! `errcode`/`errmsg` next to (or instead of) the payload. Success is an
//! absent or zero `errcode`; anything else is a business error. Some APIs
//! spell the fields `errCode`/`errMsg`, and some send the code as a string.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{ApiError, DecodeError, Error};

mod capture;
mod media;

pub(crate) use media::decode_media;

/// Decodes a response body: the envelope first, then `T`.
///
/// - `errcode` absent, `null` or zero (number or numeric string): success,
///   and the whole object is decoded as `T`.
/// - any other `errcode`: `Err(Error::Api(E::from_code(code, errmsg)))`.
/// - empty body, HTML, malformed JSON, a non-integer `errcode`, or a non-2xx
///   status without an error code: `Err(Error::Decode(..))` keeping the
///   status and the first bytes of the body.
pub fn decode_body<T: DeserializeOwned, E: ApiError>(
    status: u16,
    body: &[u8],
) -> Result<T, Error<E>> {
    // The common case in one pass, without building a JSON tree: `T` straight from the
    // bytes, the error code caught on the way. Anything else (an error answer, a BOM, a
    // malformed errcode, a body `T` rejects) takes the careful path below, which reads the
    // message too, or says exactly what is wrong.
    if (200..300).contains(&status) {
        if let Ok((decoded, head)) = capture::decode::<T>(body) {
            if envelope(head.code(), None) == Envelope::Success {
                return Ok(decoded);
            }
        }
    }
    let value = parse(status, body)?;
    if let Some(object) = value.as_object() {
        match read(object) {
            Envelope::Success => {}
            Envelope::Failure { code, message } => {
                return Err(Error::Api(E::from_code(code, message)))
            }
            Envelope::Malformed => return Err(DecodeError::bad_errcode(status, body).into()),
        }
    }
    if !(200..300).contains(&status) {
        return Err(DecodeError::unexpected_status(status, body).into());
    }
    serde_json::from_value(value).map_err(|e| DecodeError::shape(status, body, e).into())
}

/// Parses a body as JSON, tolerating a UTF-8 byte order mark.
pub(crate) fn parse(status: u16, body: &[u8]) -> Result<Value, DecodeError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::empty(status));
    }
    serde_json::from_slice(body).map_err(|e| DecodeError::not_json(status, body, e))
}

/// What a response's `errcode`/`errmsg` say.
#[derive(Debug, PartialEq)]
pub(crate) enum Envelope {
    /// `errcode` absent, `null` or zero.
    Success,
    /// A non-zero `errcode` and the accompanying `errmsg` (empty if absent).
    Failure { code: i64, message: String },
    /// `errcode` is present but not an integer.
    Malformed,
}

/// Reads the envelope fields of a response object.
pub(crate) fn read(object: &Map<String, Value>) -> Envelope {
    envelope(
        field(object, "errcode", "errCode"),
        field(object, "errmsg", "errMsg"),
    )
}

/// What the values of `errcode` and `errmsg` (`None`: absent) say.
fn envelope(code: Option<&Value>, message: Option<&Value>) -> Envelope {
    let code = match code {
        None | Some(Value::Null) => return Envelope::Success,
        Some(value) => match errcode(value) {
            Some(code) => code,
            None => return Envelope::Malformed,
        },
    };
    if code == 0 {
        return Envelope::Success;
    }
    let message = match message {
        Some(Value::String(message)) => message.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    };
    Envelope::Failure { code, message }
}

fn field<'a>(object: &'a Map<String, Value>, name: &str, alias: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| object.get(alias))
}

fn errcode(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Payload {
        openid: String,
    }

    fn decode(status: u16, body: &str) -> Result<Payload, Error<TestError>> {
        decode_body(status, body.as_bytes())
    }

    fn decode_err(status: u16, body: &str) -> DecodeError {
        match decode(status, body) {
            Err(Error::Decode(e)) => e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn success_forms() {
        let ok = Payload {
            openid: "o1".into(),
        };
        for body in [
            r#"{"errcode":0,"errmsg":"ok","openid":"o1"}"#,
            r#"{"errcode":"0","errmsg":"ok","openid":"o1"}"#,
            r#"{"openid":"o1"}"#,
            r#"{"errCode":0,"errMsg":"ok","openid":"o1"}"#,
            r#"{"errcode":null,"openid":"o1"}"#,
            "\u{feff}{\"openid\":\"o1\"}",
        ] {
            assert_eq!(decode(200, body).unwrap(), ok, "{body}");
        }
    }

    #[test]
    fn non_zero_errcode_is_api_error() {
        let err = decode(200, r#"{"errcode":87014,"errmsg":"risky content rid: x"}"#).unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Risky));

        let err = decode(200, r#"{"errCode":"-1","errMsg":"system error"}"#).unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Busy));

        let err = decode(200, r#"{"errcode":123,"errmsg":"odd"}"#).unwrap_err();
        assert_eq!(
            err.api(),
            Some(&TestError::Unknown {
                code: 123,
                message: "odd".into()
            })
        );

        let err = decode(200, r#"{"errcode":5}"#).unwrap_err();
        assert_eq!(
            err.api(),
            Some(&TestError::Unknown {
                code: 5,
                message: String::new()
            })
        );
    }

    #[test]
    fn errcode_counts_even_when_the_payload_decodes() {
        // Every field optional: the error answer is a valid `T`, and still an error.
        #[derive(Debug, Deserialize)]
        struct Loose {
            #[allow(dead_code)]
            openid: Option<String>,
        }
        let err =
            decode_body::<Loose, TestError>(200, br#"{"errcode":40001,"errmsg":"x"}"#).unwrap_err();
        assert_eq!(err.api(), Some(&TestError::InvalidCredential));
        let err = decode_body::<Option<Loose>, TestError>(200, br#"{"errCode":"-1"}"#).unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Busy));
        let ok = decode_body::<Value, TestError>(200, br#"{"errcode":-1,"errcode":0}"#);
        assert!(
            ok.is_ok(),
            "the last of two errcodes counts, as in a parsed object"
        );
        let err = decode_body::<Loose, TestError>(200, br#"{"errcode":1.5}"#).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }

    #[test]
    fn error_code_wins_over_http_status() {
        let err = decode(500, r#"{"errcode":-1,"errmsg":"busy"}"#).unwrap_err();
        assert_eq!(err.api(), Some(&TestError::Busy));
    }

    #[test]
    fn html_body_keeps_status_and_prefix() {
        let html = format!("<html><body>{}</body></html>", "x".repeat(1000));
        let err = decode_err(502, &html);
        assert_eq!(err.status(), 502);
        assert!(err.body_prefix().starts_with("<html><body>xxx"));
        assert_eq!(err.body_prefix().len(), 256);
        assert!(err.to_string().contains("not JSON (HTTP 502)"), "{err}");
    }

    #[test]
    fn empty_body() {
        for body in ["", "  \r\n"] {
            let err = decode_err(200, body);
            assert_eq!(err.status(), 200);
            assert_eq!(err.body_prefix(), "");
            assert_eq!(err.to_string(), "empty response body (HTTP 200)");
        }
    }

    #[test]
    fn malformed_json() {
        let err = decode_err(200, r#"{"openid":"#);
        assert_eq!(err.body_prefix(), r#"{"openid":"#);
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn wrong_shape() {
        let err = decode_err(200, r#"{"errcode":0,"openid":5}"#);
        assert!(err.to_string().contains("unexpected shape"), "{err}");
        assert!(err.body_prefix().contains("\"openid\":5"));
    }

    #[test]
    fn non_integer_errcode() {
        let err = decode_err(200, r#"{"errcode":"oops","openid":"o1"}"#);
        assert!(err.to_string().contains("errcode"), "{err}");
    }

    #[test]
    fn non_success_status_without_errcode() {
        let err = decode_err(404, r#"{"openid":"o1"}"#);
        assert_eq!(err.status(), 404);
        assert!(
            err.to_string().contains("unexpected HTTP status 404"),
            "{err}"
        );
    }

    #[test]
    fn raw_value_and_non_objects() {
        let value: serde_json::Value =
            decode_body::<_, TestError>(200, br#"{"errcode":0,"a":[1]}"#).unwrap();
        assert_eq!(value["a"][0], 1);
        let list: Vec<u8> = decode_body::<_, TestError>(200, b"[1,2]").unwrap();
        assert_eq!(list, [1, 2]);
    }
}
