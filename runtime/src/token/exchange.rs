//! One request to a token endpoint: sending it, logging it, decoding the answer.
//!
//! The four token endpoints answer alike: the token under a key of their own and
//! `expires_in` on success, `errcode`/`errmsg` on failure, with one set of codes that mean
//! the configuration is wrong. So one helper sends a request to any of them and one decoder
//! reads every answer; the sources only build the request.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tracing::Instrument as _;

use super::{AccessToken, HttpCtx, StoredToken, TokenError};
use crate::codegen::WireInt;
use crate::envelope::{self, Envelope};
use crate::{DecodeError, Secret, TransportError};

/// A token endpoint, named as in the spec (`spec/endpoints/auth/`, `spec/endpoints/component/`).
pub(crate) struct TokenEndpoint {
    /// The spec's endpoint id, for errors and logs.
    pub(crate) id: &'static str,
    pub(crate) path: &'static str,
    /// The answer's field holding the token.
    token_key: &'static str,
    /// The request carries a token of ours in its query, which WeChat may reject
    /// ([`TOKEN_REJECTED`]): the caller replaces that token, so the rejection is no
    /// configuration error.
    carries_token: bool,
}

impl TokenEndpoint {
    const fn new(id: &'static str, path: &'static str, token_key: &'static str) -> Self {
        TokenEndpoint {
            id,
            path,
            token_key,
            carries_token: false,
        }
    }
}

/// `GET /cgi-bin/token`: an app's access token.
pub(crate) const GET_ACCESS_TOKEN: TokenEndpoint =
    TokenEndpoint::new("get_access_token", "/cgi-bin/token", "access_token");

/// `POST /cgi-bin/stable_token`: an app's stable access token.
pub(crate) const GET_STABLE_ACCESS_TOKEN: TokenEndpoint = TokenEndpoint::new(
    "get_stable_access_token",
    "/cgi-bin/stable_token",
    "access_token",
);

/// `POST /cgi-bin/component/api_component_token`: a third-party platform's token.
pub(crate) const API_COMPONENT_TOKEN: TokenEndpoint = TokenEndpoint::new(
    "api_component_token",
    "/cgi-bin/component/api_component_token",
    "component_access_token",
);

/// `POST /cgi-bin/component/api_authorizer_token?component_access_token=…`: a merchant's
/// token, fetched by its platform with the platform's token.
pub(crate) const API_AUTHORIZER_TOKEN: TokenEndpoint = TokenEndpoint {
    carries_token: true,
    ..TokenEndpoint::new(
        "api_authorizer_token",
        "/cgi-bin/component/api_authorizer_token",
        "authorizer_access_token",
    )
};

/// Error codes of the token endpoints that mean the configuration is wrong, so retrying
/// cannot help: invalid credential (a wrong secret, 40001), invalid grant type (40002),
/// invalid appid (40013, 41002, 61011), invalid or frozen secret (40125, 40243), secret
/// missing (41004), IP not whitelisted (40164, 61004), a merchant that did not authorize the
/// platform (61003), a missing, invalid or expired ticket (61005, 61006), an invalid refresh
/// token (61023).
const CONFIGURATION_CODES: &[i64] = &[
    40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004, 61003, 61004, 61005, 61006, 61011,
    61023,
];

/// Codes that reject the token a request carries (invalid, malformed, expired): a new token,
/// and one more try, fixes them.
pub(crate) const TOKEN_REJECTED: &[i64] = &[40001, 40014, 42001];

/// Lifetime assumed when an answer omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(7200);

/// A decoded token answer.
pub(crate) struct Reply {
    pub(crate) token: AccessToken,
    pub(crate) lifetime: Duration,
    /// `api_authorizer_token`'s refresh token, which may be a new one.
    pub(crate) refresh_token: Option<Secret<String>>,
}

impl Reply {
    /// The token, just issued.
    pub(crate) fn issued(self) -> StoredToken {
        StoredToken::issued(self.token, self.lifetime)
    }
}

/// The span of one token request: `wxapi.token` with the fields given (who asks, which
/// endpoint) and the answer's status, errcode and latency, recorded by [`send`].
macro_rules! token_span {
    ($($field:tt)+) => {
        tracing::info_span!(
            "wxapi.token",
            status = tracing::field::Empty,
            errcode = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            $($field)+
        )
    };
}
pub(crate) use token_span;

/// Sends `request` to `endpoint` within `span` (made by [`token_span!`]) and decodes the
/// answer. `secrets` (the values sent) are scrubbed from any `errmsg` quoted back.
pub(crate) async fn send(
    ctx: &HttpCtx,
    endpoint: &TokenEndpoint,
    request: reqwest::RequestBuilder,
    secrets: &[&str],
    span: tracing::Span,
) -> Result<Reply, TokenError> {
    let recorded = span.clone();
    send_in(ctx, endpoint, request, secrets, &recorded)
        .instrument(span)
        .await
}

async fn send_in(
    ctx: &HttpCtx,
    endpoint: &TokenEndpoint,
    request: reqwest::RequestBuilder,
    secrets: &[&str],
    span: &tracing::Span,
) -> Result<Reply, TokenError> {
    let id = endpoint.id;
    let started = Instant::now();
    let request = request
        .timeout(ctx.timeout())
        .build()
        .map_err(|e| TokenError::Transport(TransportError::new(id, None, e)))?;
    // A secret or a token may travel in the query: mask it.
    let url = crate::redact::url(request.url());
    let transport = |e| TokenError::Transport(TransportError::new(id, Some(url.clone()), e));
    let response = ctx.http().execute(request).await.map_err(transport)?;
    let status = response.status().as_u16();
    span.record("status", status);
    let body = response.bytes().await.map_err(transport)?;
    span.record(
        "latency_ms",
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    );
    let result = decode(endpoint, status, &body, secrets);
    match &result {
        Ok(_) => tracing::debug!("fetched token"),
        Err(e) => {
            if let Some(code) = e.code() {
                span.record("errcode", code);
            }
            tracing::debug!(error = %e, "token request failed");
        }
    }
    result
}

/// Decodes an answer of `endpoint` without ever quoting the body or serde messages, which
/// could hold the tokens.
pub(crate) fn decode(
    endpoint: &TokenEndpoint,
    status: u16,
    body: &[u8],
    secrets: &[&str],
) -> Result<Reply, TokenError> {
    let value = envelope::parse(status, body).map_err(TokenError::Decode)?;
    let Value::Object(object) = value else {
        return Err(invalid(status, "expected a JSON object"));
    };
    match envelope::read(&object) {
        Envelope::Success => {}
        Envelope::Failure { code, message } => {
            // WeChat does not echo what was sent, but make sure of it.
            let message = scrub(message, secrets);
            let configuration = CONFIGURATION_CODES.contains(&code)
                && !(endpoint.carries_token && TOKEN_REJECTED.contains(&code));
            return Err(if configuration {
                TokenError::Rejected { code, message }
            } else {
                TokenError::Api { code, message }
            });
        }
        Envelope::Malformed => return Err(invalid(status, "errcode is not an integer")),
    }
    if !(200..300).contains(&status) {
        return Err(invalid(status, "unexpected HTTP status"));
    }
    let token = match object.get(endpoint.token_key) {
        Some(Value::String(token)) if !token.is_empty() => AccessToken::new(token.as_str()),
        _ => return Err(invalid(status, "the token is missing or not a string")),
    };
    Ok(Reply {
        token,
        lifetime: lifetime(&object, status)?,
        refresh_token: match object.get("authorizer_refresh_token") {
            Some(Value::String(refresh)) if !refresh.is_empty() => {
                Some(Secret::new(refresh.clone()))
            }
            _ => None,
        },
    })
}

fn lifetime(object: &Map<String, Value>, status: u16) -> Result<Duration, TokenError> {
    match object.get("expires_in") {
        None | Some(Value::Null) => Ok(DEFAULT_LIFETIME),
        Some(value) => match serde_json::from_value::<WireInt>(value.clone()) {
            Ok(WireInt(seconds)) if seconds > 0 => {
                Ok(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
            }
            _ => Err(invalid(status, "expires_in is not a positive integer")),
        },
    }
}

/// `message` with every non-empty value of `secrets` masked.
fn scrub(message: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(message, |message, secret| {
            message.replace(secret, crate::redact::MASK)
        })
}

fn invalid(status: u16, what: &'static str) -> TokenError {
    TokenError::Decode(DecodeError::invalid(status, what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(
        status: u16,
        body: &[u8],
        secret: &str,
    ) -> Result<(AccessToken, Duration), TokenError> {
        decode(&GET_ACCESS_TOKEN, status, body, &[secret]).map(|r| (r.token, r.lifetime))
    }

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

    #[test]
    fn wechat_error_messages_are_scrubbed() {
        let body =
            br#"{"errcode":61023,"errmsg":"refresh_token is invalid: refreshtoken@@@abc rid: 1"}"#;
        let err = decode(
            &API_AUTHORIZER_TOKEN,
            200,
            body,
            &["refreshtoken@@@abc", ""],
        )
        .err()
        .unwrap();
        assert!(err.is_configuration());
        assert!(!err.to_string().contains("refreshtoken@@@abc"), "{err}");
        let busy = decode(
            &API_COMPONENT_TOKEN,
            200,
            br#"{"errcode":-1,"errmsg":"system error"}"#,
            &[],
        )
        .err()
        .unwrap();
        assert!(busy.is_retryable() && !busy.is_configuration());
        for code in TOKEN_REJECTED {
            let body = format!(r#"{{"errcode":{code},"errmsg":"x"}}"#);
            let err = decode(&API_AUTHORIZER_TOKEN, 200, body.as_bytes(), &[])
                .err()
                .unwrap();
            assert!(matches!(err, TokenError::Api { .. }), "{code}: {err:?}");
        }
    }

    #[test]
    fn answers_are_decoded_without_quoting_tokens() {
        let reply = decode(
            &API_AUTHORIZER_TOKEN,
            200,
            br#"{"authorizer_access_token":"T","expires_in":"60","authorizer_refresh_token":"R"}"#,
            &[],
        )
        .ok()
        .unwrap();
        assert_eq!(reply.token.expose(), "T");
        assert_eq!(reply.lifetime, Duration::from_secs(60));
        assert_eq!(
            reply.refresh_token.map(Secret::into_inner).as_deref(),
            Some("R")
        );
        let reply = decode(
            &API_COMPONENT_TOKEN,
            200,
            br#"{"component_access_token":"C"}"#,
            &[],
        )
        .ok()
        .unwrap();
        assert_eq!(reply.lifetime, DEFAULT_LIFETIME);
        assert!(reply.refresh_token.is_none());
        for body in [
            &br#"{"component_access_token":"LEAK","expires_in":0}"#[..],
            br#"{"access_token":"LEAK"}"#,
            br#"["LEAK"]"#,
        ] {
            let err = decode(&API_COMPONENT_TOKEN, 200, body, &[]).err().unwrap();
            assert!(matches!(err, TokenError::Decode(_)), "{err:?}");
            assert!(!format!("{err} {err:?}").contains("LEAK"));
        }
    }
}
