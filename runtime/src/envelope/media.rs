//! Answers that are a file on success and the JSON envelope on failure.

use serde_json::Value;

use super::{parse, read, Envelope};
use crate::codegen::Answer;
use crate::{ApiError, DecodeError, Error, Media};

/// Decodes the answer of an endpoint whose success is a file (a QR code image).
///
/// WeChat answers such calls' errors with the JSON envelope and the same HTTP status,
/// labelled `application/json`, `text/plain` or nothing, so the body decides, not the
/// header: a JSON object is the envelope (its `errcode` is the error), anything else that
/// is not empty is the file.
pub(crate) fn decode_media<E: ApiError>(answer: &Answer<'_>) -> Result<Media, Error<E>> {
    let (status, body) = (answer.status, &answer.body[..]);
    if body.is_empty() {
        return Err(DecodeError::empty(status).into());
    }
    if looks_like_json_object(body) {
        if let Ok(Value::Object(object)) = parse(status, body) {
            return Err(match read(&object) {
                Envelope::Failure { code, message } => Error::Api(E::from_code(code, message)),
                Envelope::Malformed => DecodeError::bad_errcode(status, body).into(),
                Envelope::Success => DecodeError::json_instead_of_file(status, body).into(),
            });
        }
    }
    if !(200..300).contains(&status) {
        return Err(DecodeError::unexpected_status(status, body).into());
    }
    Ok(Media::new(
        answer.body.clone(),
        answer.content_type.map(str::to_owned),
    ))
}

/// Whether the body starts like a JSON object (after a byte order mark and whitespace).
/// Images never do: PNG, JPEG and GIF start with fixed non-text bytes.
fn looks_like_json_object(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::api_error::tests::TestError;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn decode(
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Media, Error<TestError>> {
        let body = Bytes::copy_from_slice(body);
        decode_media(&Answer {
            status,
            content_type,
            body: &body,
        })
    }

    #[test]
    fn bytes_that_are_not_json_are_the_file() {
        let media = decode(200, Some("image/png"), PNG).unwrap();
        assert_eq!(&media.bytes[..], PNG);
        assert_eq!(media.content_type.as_deref(), Some("image/png"));
        let unlabelled = decode(200, None, PNG).unwrap();
        assert_eq!(unlabelled.content_type, None);
    }

    #[test]
    fn a_json_error_is_the_error_whatever_its_label() {
        let body = br#"{"errcode":-1,"errmsg":"system error"}"#;
        for content_type in [
            Some("application/json"),
            Some("text/plain"),
            Some("image/jpeg"),
            None,
        ] {
            let err = decode(200, content_type, body).unwrap_err();
            assert_eq!(err.api(), Some(&TestError::Busy), "{content_type:?}");
        }
        let padded = decode(200, None, b"\xEF\xBB\xBF \n{\"errcode\":\"-1\"}").unwrap_err();
        assert_eq!(padded.api(), Some(&TestError::Busy));
    }

    #[test]
    fn empty_and_errorless_json_bodies_are_decode_errors() {
        let empty = decode(200, Some("image/png"), b"").unwrap_err();
        assert!(empty.to_string().contains("empty response body"), "{empty}");
        let ok = decode(
            200,
            Some("application/json"),
            br#"{"errcode":0,"errmsg":"ok"}"#,
        )
        .unwrap_err();
        assert!(ok.to_string().contains("JSON instead of a file"), "{ok}");
        let bad = decode(200, None, br#"{"errcode":"x"}"#).unwrap_err();
        assert!(
            bad.to_string().contains("errcode is not an integer"),
            "{bad}"
        );
    }

    #[test]
    fn a_failed_status_without_an_errcode_is_a_decode_error() {
        let err = decode(502, Some("text/html"), b"<html>bad gateway</html>").unwrap_err();
        assert!(
            err.to_string().contains("unexpected HTTP status 502"),
            "{err}"
        );
    }
}
