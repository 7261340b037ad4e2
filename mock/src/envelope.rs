//! The response envelope: what a handler answers, and how WeChat error bodies look
//! (HTTP 200, `{"errcode": N, "errmsg": "... rid: xxxxxxxx-xxxxxxxx-xxxxxxxx"}`).

use serde_json::{json, Value};

use crate::codes;
use crate::random;

/// What the server sends back for one request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    /// A JSON body with the given HTTP status.
    Json { status: u16, value: Value },
    /// Raw bytes with the given status and content type (HTML error pages, broken bodies).
    Raw {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// A custom endpoint's answer: any status, content type (or none) and bytes.
    Custom {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// No response at all: the connection is closed.
    Drop,
    /// A sealed API-security-mode answer: a JSON body with its `Wechatmp-*` headers.
    Signed {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
}

/// Handlers return `Err(reply)` to stop early with an error answer.
pub(crate) type Outcome = Result<Reply, Reply>;

/// Content type of every JSON answer, as the real server sends it.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; encoding=utf-8";

impl Reply {
    /// HTTP 200 with a JSON body.
    pub(crate) fn ok(value: Value) -> Self {
        Reply::Json { status: 200, value }
    }

    /// HTTP 200 with a WeChat error body for `errcode` and its standard message.
    pub(crate) fn error(errcode: i64) -> Self {
        Reply::error_with(errcode, codes::errmsg(errcode))
    }

    /// HTTP 200 with a WeChat error body for `errcode` and the message `errmsg`.
    pub(crate) fn error_with(errcode: i64, errmsg: &str) -> Self {
        Reply::ok(error_json(errcode, errmsg))
    }

    /// Turns a numeric top-level `errcode` into a string (`0` becomes `"0"`).
    pub(crate) fn with_string_errcode(self) -> Self {
        match self {
            Reply::Json { status, mut value } => {
                if let Some(code) = value.get("errcode").and_then(Value::as_i64) {
                    value["errcode"] = Value::String(code.to_string());
                }
                Reply::Json { status, value }
            }
            other => other,
        }
    }
}

/// `errmsg` followed by a fresh ` rid: xxxxxxxx-xxxxxxxx-xxxxxxxx` suffix.
pub fn errmsg_with_rid(errmsg: &str) -> String {
    format!("{errmsg} rid: {}", random::rid())
}

/// A WeChat error body: `{"errcode": errcode, "errmsg": "<errmsg> rid: ..."}`.
///
/// Useful in the handlers of [custom endpoints](crate::MockServer::register_endpoint), so their
/// errors look like the built-in ones.
pub fn error_json(errcode: i64, errmsg: &str) -> Value {
    json!({ "errcode": errcode, "errmsg": errmsg_with_rid(errmsg) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_a_rid_suffix() {
        let Reply::Json { status, value } = Reply::error(codes::INVALID_CREDENTIAL) else {
            panic!("not json");
        };
        assert_eq!(status, 200);
        assert_eq!(value["errcode"], 40001);
        let msg = value["errmsg"].as_str().unwrap_or_default();
        assert!(msg.starts_with("invalid credential, access_token is invalid or not latest rid: "));
    }

    #[test]
    fn string_errcode_only_touches_numbers() {
        let reply = Reply::ok(json!({"errcode": 0, "errmsg": "ok"})).with_string_errcode();
        assert_eq!(reply, Reply::ok(json!({"errcode": "0", "errmsg": "ok"})));
        let token = Reply::ok(json!({"access_token": "x"})).with_string_errcode();
        assert_eq!(token, Reply::ok(json!({"access_token": "x"})));
    }
}
