//! Static descriptions of API operations.

/// Static description of one WeChat API operation.
///
/// The generator emits one of these as a `const` per operation, so the
/// client needs no runtime lookup to know how to send a request. Built with
/// the `const` constructors ([`post`](Endpoint::post), [`get`](Endpoint::get)
/// and the methods after them), so that a fact added later does not break
/// generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// Stable identifier from the spec (for example `msg_sec_check`).
    /// Used in tracing spans and error messages instead of the URL, which
    /// may carry credentials.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/` (for example
    /// `/wxa/msg_sec_check`).
    pub path: &'static str,
    /// Whether the call carries an `access_token` query parameter.
    pub auth: Auth,
    /// Whether repeating the call is harmless. Only idempotent calls are
    /// retried after failures that may have reached the server (a timeout,
    /// or an errcode such as `-1` "system busy").
    pub idempotent: bool,
    /// Whether the endpoint supports API security mode (服务端 API 签名加密): when the
    /// client has [`ApiSecurity`](crate::ApiSecurity) configured, calls to it are encrypted
    /// and signed, and its responses verified and decrypted. From the spec's
    /// `security_mode` key; never true for uploads (multipart or binary bodies).
    pub security_mode: bool,
}

/// HTTP method of an [`Endpoint`]. WeChat server APIs only use these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: parameters travel in the query string.
    Get,
    /// `POST`: parameters travel in a JSON, binary or multipart body.
    Post,
}

impl Method {
    /// The method name as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        }
    }
}

/// How an [`Endpoint`] authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// The call carries no credentials (for example `/cgi-bin/token`
    /// itself, or calls that pass `appid`/`secret` in their own fields).
    None,
    /// The call carries `access_token` in its query string, taken from the
    /// client's [`TokenSource`](crate::token::TokenSource).
    AccessToken,
    /// The call carries the client's app id and app secret in its query string, under
    /// these parameter names (`appid`/`secret` for `code2Session`, `appid`/`appsecret`
    /// for `clearQuotaByAppSecret`), and no token. The secret never appears in errors or
    /// logs: URLs quoted there have it masked.
    AppSecret {
        /// The name of the app id parameter.
        appid: &'static str,
        /// The name of the app secret parameter.
        secret: &'static str,
    },
}

/// Short constructors for generated code: `Endpoint::post("msg_sec_check", "/wxa/msg_sec_check")`
/// is an endpoint with an access token, not idempotent, outside API security mode; the
/// other methods change one fact each.
impl Endpoint {
    /// A `POST` endpoint.
    pub const fn post(id: &'static str, path: &'static str) -> Endpoint {
        Endpoint {
            id,
            method: Method::Post,
            path,
            auth: Auth::AccessToken,
            idempotent: false,
            security_mode: false,
        }
    }

    /// A `GET` endpoint.
    pub const fn get(id: &'static str, path: &'static str) -> Endpoint {
        Endpoint {
            method: Method::Get,
            ..Endpoint::post(id, path)
        }
    }

    /// Called without an access token.
    pub const fn without_token(self) -> Endpoint {
        Endpoint {
            auth: Auth::None,
            ..self
        }
    }

    /// Called with the client's app id and secret in the query, under these names, instead
    /// of a token.
    pub const fn with_app_secret(self, appid: &'static str, secret: &'static str) -> Endpoint {
        Endpoint {
            auth: Auth::AppSecret { appid, secret },
            ..self
        }
    }

    /// Safe to repeat.
    pub const fn idempotent(self) -> Endpoint {
        Endpoint {
            idempotent: true,
            ..self
        }
    }

    /// Supports API security mode.
    pub const fn security_mode(self) -> Endpoint {
        Endpoint {
            security_mode: true,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert_eq!(Method::Get.as_str(), "GET");
        assert_eq!(Method::Post.to_reqwest(), reqwest::Method::POST);
    }
}
