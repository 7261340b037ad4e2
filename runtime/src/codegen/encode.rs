//! Encoded requests: query pairs plus a body, ready to send (and resend).

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::multipart::{Form, Part as FormPart};
use reqwest::RequestBuilder;
use serde::Serialize;

use crate::error::{EncodeError, EncodeErrorKind};
use crate::redact;
use crate::{File, JsonString};

use super::Signature;

/// A request turned into query pairs and a body.
///
/// Built by the generated [`Request::encode`](super::Request::encode)
/// implementations with the constructors and chaining methods below. Body
/// bytes are [`Bytes`], so cloning is cheap and a retried call resends
/// exactly what was encoded once.
///
/// The chaining methods never fail: adding a multipart part to a JSON or
/// binary body is recorded and reported as an [`EncodeError`] when the
/// request is sent.
#[derive(Clone)]
#[must_use]
pub struct Encoded {
    query: Vec<(Cow<'static, str>, String)>,
    body: Body,
    signatures: Vec<Signature>,
    misuse: Option<&'static str>,
}

#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    Json(Bytes),
    Binary { bytes: Bytes, content_type: String },
    Multipart(Vec<Part>),
}

#[derive(Clone)]
pub(crate) enum Part {
    Text { name: &'static str, value: String },
    File { name: &'static str, file: File },
}

impl Encoded {
    /// A request with no query parameters and no body.
    pub fn empty() -> Encoded {
        Encoded {
            query: Vec::new(),
            body: Body::Empty,
            signatures: Vec::new(),
            misuse: None,
        }
    }

    /// A request whose body is `body` serialized as JSON.
    ///
    /// Non-ASCII text is sent as raw UTF-8, not `\u` escapes, which some
    /// WeChat APIs do not decode.
    pub fn json<T: Serialize + ?Sized>(body: &T) -> Result<Encoded, EncodeError> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| EncodeError::new(EncodeErrorKind::Json(e)))?;
        Ok(Encoded {
            body: Body::Json(bytes.into()),
            ..Encoded::empty()
        })
    }

    /// A request whose query string is `params` (a struct or map of scalar
    /// fields; `None` fields are left out) and which has no body.
    pub fn query<T: Serialize + ?Sized>(params: &T) -> Result<Encoded, EncodeError> {
        let text = serde_urlencoded::to_string(params)
            .map_err(|e| EncodeError::new(EncodeErrorKind::Query(e)))?;
        // Parsing our own output back cannot fail in practice; it gives the
        // same owned pairs `query_param` produces.
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text)
            .map_err(|e| EncodeError::new(EncodeErrorKind::QueryRoundTrip(e)))?;
        Ok(Encoded {
            query: pairs
                .into_iter()
                .map(|(name, value)| (Cow::Owned(name), value))
                .collect(),
            ..Encoded::empty()
        })
    }

    /// A request whose body is `bytes` sent as-is with `content_type`.
    pub fn binary(bytes: impl Into<Bytes>, content_type: impl Into<String>) -> Encoded {
        Encoded {
            body: Body::Binary {
                bytes: bytes.into(),
                content_type: content_type.into(),
            },
            ..Encoded::empty()
        }
    }

    /// A request with an empty `multipart/form-data` body; add parts with
    /// [`file`](Encoded::file) and [`text`](Encoded::text).
    pub fn multipart() -> Encoded {
        Encoded {
            body: Body::Multipart(Vec::new()),
            ..Encoded::empty()
        }
    }

    /// Adds a file part. Turns an empty body into a multipart one.
    pub fn file(self, name: &'static str, file: &File) -> Self {
        self.part(Part::File {
            name,
            file: file.clone(),
        })
    }

    /// Adds a file part when `file` is present.
    pub fn file_opt(self, name: &'static str, file: Option<&File>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    /// Adds a text part. Turns an empty body into a multipart one.
    pub fn text(self, name: &'static str, value: impl ToString) -> Self {
        self.part(Part::Text {
            name,
            value: value.to_string(),
        })
    }

    /// Adds a text part when `value` is present.
    pub fn text_opt<T: ToString + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.part(Part::Text {
                name,
                value: value.to_string(),
            }),
            None => self,
        }
    }

    /// Adds a text part holding the JSON text of `value` (a `json_string` field), sent as
    /// a plain form field without a content type, as `curl -F 'name={...}'` sends it and
    /// WeChat reads it.
    pub fn json_text<T: Serialize>(self, name: &'static str, value: &JsonString<T>) -> Self {
        match value.to_text() {
            Ok(text) => self.part(Part::Text { name, value: text }),
            Err(_) => self.misused("a JSON part could not be serialized"),
        }
    }

    /// Adds a JSON text part when `value` is present.
    pub fn json_text_opt<T: Serialize>(
        self,
        name: &'static str,
        value: Option<&JsonString<T>>,
    ) -> Self {
        match value {
            Some(value) => self.json_text(name, value),
            None => self,
        }
    }

    /// Adds a query parameter.
    pub fn query_param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is present.
    pub fn query_param_opt<T: ToString + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Self {
        if let Some(value) = value {
            self.query.push((Cow::Borrowed(name), value.to_string()));
        }
        self
    }

    /// Signs the request as it is sent: the signature's query parameters are computed from
    /// the body bytes (see [`Signature`]). Not for multipart bodies, whose bytes are only
    /// known as they are sent.
    pub fn sign(mut self, signature: Signature) -> Self {
        self.signatures.push(signature);
        self
    }

    /// The query parameters of the signatures, computed over the body as encoded.
    pub(crate) fn signature_pairs(&self) -> Vec<(&'static str, String)> {
        let body = self.body_bytes().unwrap_or_default();
        self.signatures
            .iter()
            .flat_map(|signature| signature.query_pairs(body))
            .collect()
    }

    /// The query pairs, in the order they were added.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.query
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
    }

    /// The body's content type: `application/json`, the binary body's type,
    /// `multipart/form-data`, or `None` for an empty body.
    pub fn content_type(&self) -> Option<&str> {
        match &self.body {
            Body::Empty => None,
            Body::Json(_) => Some("application/json"),
            Body::Binary { content_type, .. } => Some(content_type),
            Body::Multipart(_) => Some("multipart/form-data"),
        }
    }

    /// The bytes of a JSON or binary body.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Json(bytes) | Body::Binary { bytes, .. } => Some(bytes),
            Body::Empty | Body::Multipart(_) => None,
        }
    }

    /// The value of the first multipart text part called `name`.
    pub fn text_part(&self, name: &str) -> Option<&str> {
        self.parts().find_map(|part| match part {
            Part::Text { name: n, value } if *n == name => Some(value.as_str()),
            _ => None,
        })
    }

    /// The first multipart file part called `name`.
    pub fn file_part(&self, name: &str) -> Option<&File> {
        self.parts().find_map(|part| match part {
            Part::File { name: n, file } if *n == name => Some(file),
            _ => None,
        })
    }

    fn parts(&self) -> impl Iterator<Item = &Part> {
        match &self.body {
            Body::Multipart(parts) => parts.as_slice(),
            _ => &[],
        }
        .iter()
    }

    fn part(mut self, part: Part) -> Self {
        match &mut self.body {
            Body::Multipart(parts) => parts.push(part),
            Body::Empty => self.body = Body::Multipart(vec![part]),
            Body::Json(_) | Body::Binary { .. } => {
                return self.misused("a multipart part was added to a JSON or binary body");
            }
        }
        self
    }

    /// Records the first misuse, reported when the request is sent.
    fn misused(mut self, what: &'static str) -> Self {
        self.misuse.get_or_insert(what);
        self
    }

    /// Fails if the chaining methods were misused.
    pub(crate) fn check(&self) -> Result<(), EncodeError> {
        let misuse = self.misuse.or_else(|| {
            (matches!(self.body, Body::Multipart(_)) && !self.signatures.is_empty())
                .then_some("a multipart body cannot be signed")
        });
        match misuse {
            Some(what) => Err(EncodeError::new(EncodeErrorKind::Misuse(what))),
            None => Ok(()),
        }
    }

    /// Attaches the body (with its content type) to `request`.
    pub(crate) fn apply_body(
        &self,
        request: RequestBuilder,
    ) -> Result<RequestBuilder, EncodeError> {
        Ok(match &self.body {
            Body::Empty => request,
            Body::Json(bytes) => request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes.clone()),
            Body::Binary {
                bytes,
                content_type,
            } => {
                let value = HeaderValue::from_str(content_type).map_err(|_| {
                    EncodeError::new(EncodeErrorKind::ContentType(content_type.clone()))
                })?;
                request.header(CONTENT_TYPE, value).body(bytes.clone())
            }
            Body::Multipart(parts) => request.multipart(form(parts)?),
        })
    }
}

fn form(parts: &[Part]) -> Result<Form, EncodeError> {
    parts.iter().try_fold(Form::new(), |form, part| {
        Ok(match part {
            Part::Text { name, value } => form.text(*name, value.clone()),
            Part::File { name, file } => {
                let length = u64::try_from(file.len()).unwrap_or(u64::MAX);
                let part = FormPart::stream_with_length(file.bytes().clone(), length)
                    .file_name(file.filename().to_owned())
                    .mime_str(file.content_type())
                    .map_err(|_| {
                        EncodeError::new(EncodeErrorKind::ContentType(
                            file.content_type().to_owned(),
                        ))
                    })?;
                form.part(*name, part)
            }
        })
    })
}

impl fmt::Debug for Encoded {
    /// Shows parameter names and body sizes; values of credential-like
    /// query parameters are masked, and body contents are never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Query<'a>(&'a [(Cow<'static, str>, String)]);
        impl fmt::Debug for Query<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let value = if redact::is_sensitive_key(name) {
                            redact::MASK
                        } else {
                            value.as_str()
                        };
                        (name, value)
                    }))
                    .finish()
            }
        }
        let mut s = f.debug_struct("Encoded");
        s.field("query", &Query(&self.query));
        match &self.body {
            Body::Empty => s.field("body", &"empty"),
            Body::Json(bytes) => s.field("json_len", &bytes.len()),
            Body::Binary {
                bytes,
                content_type,
            } => s
                .field("content_type", content_type)
                .field("binary_len", &bytes.len()),
            Body::Multipart(parts) => s.field(
                "multipart",
                &parts
                    .iter()
                    .map(|part| match part {
                        Part::Text { name, .. } | Part::File { name, .. } => *name,
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        if !self.signatures.is_empty() {
            s.field("signatures", &self.signatures);
        }
        if let Some(misuse) = self.misuse {
            s.field("misuse", &misuse);
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::error::Error as _;

    #[derive(Serialize)]
    struct Params<'a> {
        content: &'a str,
        scene: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
    }

    #[test]
    fn json_body() {
        let encoded = Encoded::json(&Params {
            content: "内容",
            scene: 2,
            title: None,
        })
        .unwrap()
        .query_param("lang", "zh_CN");
        assert_eq!(encoded.content_type(), Some("application/json"));
        assert_eq!(
            encoded.body_bytes(),
            Some(r#"{"content":"内容","scene":2}"#.as_bytes())
        );
        assert_eq!(
            encoded.query_pairs().collect::<Vec<_>>(),
            [("lang", "zh_CN")]
        );
        assert!(encoded.check().is_ok());
    }

    #[test]
    fn json_failure_is_an_encode_error() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1); // non-string keys are not JSON
        let err = Encoded::json(&map).unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to serialize the request body as JSON"
        );
        assert!(err.source().is_some());
    }

    #[test]
    fn query_struct() {
        let encoded = Encoded::query(&Params {
            content: "a b&c",
            scene: 1,
            title: Some("t"),
        })
        .unwrap();
        assert_eq!(
            encoded.query_pairs().collect::<Vec<_>>(),
            [("content", "a b&c"), ("scene", "1"), ("title", "t")]
        );
        assert_eq!(encoded.content_type(), None);
        assert_eq!(encoded.body_bytes(), None);

        #[derive(Serialize)]
        struct Nested {
            inner: Params<'static>,
        }
        let err = Encoded::query(&Nested {
            inner: Params {
                content: "",
                scene: 0,
                title: None,
            },
        })
        .unwrap_err();
        assert!(err.to_string().contains("query string"));
    }

    #[test]
    fn query_params_and_optionals() {
        let none: Option<&u32> = None;
        let encoded = Encoded::empty()
            .query_param("type", 1)
            .query_param_opt("limit", Some(&10u32))
            .query_param_opt("offset", none)
            .query_param_opt("name", Some("x"));
        assert_eq!(
            encoded.query_pairs().collect::<Vec<_>>(),
            [("type", "1"), ("limit", "10"), ("name", "x")]
        );
    }

    #[test]
    fn multipart_parts() {
        let file = File::new(b"\x89PNG".to_vec(), "a.png", "image/png");
        let encoded = Encoded::multipart()
            .file("media", &file)
            .text("scene", 2)
            .text_opt("title", None::<&str>)
            .text_opt("desc", Some("d"));
        assert_eq!(encoded.content_type(), Some("multipart/form-data"));
        assert_eq!(encoded.file_part("media"), Some(&file));
        assert_eq!(encoded.text_part("scene"), Some("2"));
        assert_eq!(encoded.text_part("title"), None);
        assert_eq!(encoded.text_part("desc"), Some("d"));
        assert!(encoded.check().is_ok());
        let debug = format!("{encoded:?}");
        assert!(
            debug.contains(r#"multipart: ["media", "scene", "desc"]"#),
            "{debug}"
        );
        assert!(form(match &encoded.body {
            Body::Multipart(parts) => parts,
            _ => unreachable!(),
        })
        .is_ok());
    }

    #[test]
    fn json_text_parts_carry_the_json_itself() {
        #[derive(Serialize)]
        struct Description {
            title: &'static str,
        }
        let encoded = Encoded::multipart()
            .json_text(
                "description",
                &JsonString::new(Description { title: "标题" }),
            )
            .json_text_opt("none", None::<&JsonString<Description>>);
        assert_eq!(
            encoded.text_part("description"),
            Some(r#"{"title":"标题"}"#)
        );
        assert_eq!(encoded.text_part("none"), None);
        let decoded: JsonString<serde_json::Value> =
            serde_json::from_str(r#""{\"a\": 1}""#).unwrap();
        let encoded = Encoded::multipart().json_text("kept", &decoded);
        assert_eq!(
            encoded.text_part("kept"),
            Some(r#"{"a": 1}"#),
            "the text as received"
        );
    }

    #[test]
    fn signed_requests_carry_the_signature_of_their_body() {
        let key = crate::Secret::new("key".to_owned());
        let encoded = Encoded::empty()
            .query_param("openid", "o1")
            .sign(Signature::session_key(&key));
        assert!(encoded.check().is_ok());
        let pairs = encoded.signature_pairs();
        assert_eq!(pairs[0].0, "signature");
        assert_eq!(pairs[1], ("sig_method", "hmac_sha256".to_owned()));
        assert!(!format!("{encoded:?}").contains("key\""));
        let multipart = Encoded::multipart()
            .text("a", 1)
            .sign(Signature::session_key(&key));
        let err = multipart.check().unwrap_err();
        assert!(err.to_string().contains("cannot be signed"), "{err}");
    }

    #[test]
    fn empty_body_becomes_multipart() {
        let encoded = Encoded::query(&[("a", "1")]).unwrap().text("k", "v");
        assert_eq!(encoded.content_type(), Some("multipart/form-data"));
        assert_eq!(encoded.query_pairs().collect::<Vec<_>>(), [("a", "1")]);
    }

    #[test]
    fn part_on_json_body_is_reported_not_dropped_silently() {
        let encoded = Encoded::json(&1).unwrap().text("k", "v");
        let err = encoded.check().unwrap_err();
        assert!(err.to_string().contains("multipart part"), "{err}");
    }

    #[test]
    fn binary_body() {
        let encoded = Encoded::binary(vec![1u8, 2, 3], "application/octet-stream");
        assert_eq!(encoded.content_type(), Some("application/octet-stream"));
        assert_eq!(encoded.body_bytes(), Some(&[1u8, 2, 3][..]));
        let cloned = encoded.clone();
        assert_eq!(cloned.body_bytes(), encoded.body_bytes());
    }

    #[test]
    fn debug_masks_credentials_and_hides_bodies() {
        let encoded = Encoded::json(&"private text")
            .unwrap()
            .query_param("access_token", "TOKEN")
            .query_param("openid", "o1");
        let debug = format!("{encoded:?}");
        assert!(!debug.contains("TOKEN"), "{debug}");
        assert!(!debug.contains("private text"), "{debug}");
        assert!(debug.contains("\"openid\": \"o1\""), "{debug}");
    }
}
