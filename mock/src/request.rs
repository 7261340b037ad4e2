//! [`ReceivedRequest`]: one request as the fake server saw it.

use serde_json::Value;

pub use crate::multipart::Part as FormPart;

/// One HTTP request received by the fake server, as recorded for tests (see
/// [`MockServer::received`](crate::MockServer::received)) and as given to
/// [custom endpoints](crate::MockServer::register_endpoint).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without query string (`/wxa/msg_sec_check`).
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The first query parameter called `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The parts of a `multipart/form-data` body, in order; `None` if the body is not one.
    pub fn form_parts(&self) -> Option<Vec<FormPart>> {
        let boundary = crate::multipart::boundary(self.header("content-type")?)?;
        crate::multipart::parse(&self.body, &boundary)
    }

    /// The body as UTF-8 text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What a [raw custom endpoint](crate::MockServer::register_raw_endpoint) answers: any
/// status, content type and bytes, for answers that are not WeChat's usual JSON (an image,
/// JSON labelled `text/plain`, JSON with no content type at all).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawReply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header; `None` sends none.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl RawReply {
    /// HTTP 200 with `body` labelled `content_type` (`None`: no `Content-Type` header).
    pub fn ok(content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Self {
        RawReply {
            status: 200,
            content_type: content_type.map(str::to_owned),
            body: body.into(),
        }
    }

    /// HTTP 200 with `value` as JSON text, labelled `content_type`.
    pub fn json(content_type: Option<&str>, value: &Value) -> Self {
        RawReply::ok(content_type, serde_json::to_vec(value).unwrap_or_default())
    }
}

/// The user's session-key signature of `body` as WeChat checks it: hex of HMAC-SHA256 keyed
/// with `session_key` (checkSessionKey signs the empty body).
pub fn session_key_signature(session_key: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(session_key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
