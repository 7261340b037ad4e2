//! Access tokens fetched with an app id and secret.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;
use tracing::Instrument as _;

use super::{AccessToken, BoxFuture, HttpCtx, TokenError, TokenSource};
use crate::envelope::{self, Envelope};
use crate::{DecodeError, Secret, TransportError};

/// Path of the token endpoint.
const TOKEN_PATH: &str = "/cgi-bin/token";
/// Endpoint id used in errors and logs.
const TOKEN_ENDPOINT: &str = "cgi-bin.token";
/// Refresh this long before the token expires, so a token is never sent
/// right as it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// Lifetime assumed when the response omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(7200);
/// Error codes from `/cgi-bin/token` that mean the configuration is wrong,
/// so retrying cannot help: invalid credential, invalid grant type, invalid
/// app id, invalid secret, IP not whitelisted, secret frozen, app id or
/// secret missing.
const CONFIGURATION_CODES: &[i64] = &[40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004];

/// Fetches access tokens from `GET /cgi-bin/token` with an app id and secret
/// (the `client_credential` grant), and caches each until five minutes
/// before it expires.
///
/// Concurrent callers that find the cache empty wait for a single fetch
/// instead of each fetching: every fetch invalidates the previous token
/// server-side, so a stampede would make the callers invalidate each other.
/// The cache is per instance; processes sharing an app id should share
/// tokens through a custom [`TokenSource`].
pub struct AppCredentials {
    app_id: String,
    app_secret: Secret<String>,
    cache: Mutex<Option<Cached>>,
    /// Held while fetching, so only one fetch runs at a time.
    fetching: tokio::sync::Mutex<()>,
}

struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

impl AppCredentials {
    /// Uses `app_id` and `app_secret` to fetch tokens.
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<Secret<String>>) -> Self {
        AppCredentials {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            cache: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    fn cached(&self) -> Option<AccessToken> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache
            .as_ref()
            .filter(|cached| Instant::now() < cached.refresh_at)
            .map(|cached| cached.token.clone())
    }

    fn store(&self, token: AccessToken, lifetime: Duration) {
        let cached = Cached {
            token,
            refresh_at: Instant::now() + refresh_after(lifetime),
        };
        *self.cache.lock().unwrap_or_else(PoisonError::into_inner) = Some(cached);
    }

    async fn fetch(
        &self,
        ctx: &HttpCtx,
        span: &tracing::Span,
    ) -> Result<(AccessToken, Duration), TokenError> {
        let started = Instant::now();
        let request = ctx
            .http()
            .get(ctx.url(TOKEN_PATH))
            .timeout(ctx.timeout())
            .query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", self.app_secret.expose().as_str()),
            ])
            .build()
            .map_err(|e| TokenError::Transport(TransportError::new(TOKEN_ENDPOINT, None, e)))?;
        let url = crate::redact::url(request.url());
        let transport =
            |e| TokenError::Transport(TransportError::new(TOKEN_ENDPOINT, Some(url.clone()), e));
        let response = ctx.http().execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        span.record("status", status);
        let body = response.bytes().await.map_err(transport)?;
        span.record("latency_ms", elapsed_ms(started));
        let result = parse_response(status, &body, self.app_secret.expose());
        match &result {
            Ok(_) => tracing::debug!("fetched access token"),
            Err(e) => {
                if let Some(code) = e.code() {
                    span.record("errcode", code);
                }
                tracing::debug!(error = %e, "access token request failed");
            }
        }
        result
    }
}

impl TokenSource for AppCredentials {
    fn token<'a>(
        &'a self,
        ctx: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move {
            if let Some(token) = self.cached() {
                return Ok(Some(token));
            }
            let _fetching = self.fetching.lock().await;
            // Whoever held the lock before us may have fetched already.
            if let Some(token) = self.cached() {
                return Ok(Some(token));
            }
            let span = tracing::info_span!(
                "wxapi.token",
                app_id = %self.app_id,
                status = tracing::field::Empty,
                errcode = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let (token, lifetime) = self.fetch(ctx, &span).instrument(span.clone()).await?;
            self.store(token.clone(), lifetime);
            Ok(Some(token))
        })
    }

    fn invalidate(&self, failed: &AccessToken) {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.as_ref().is_some_and(|cached| cached.token == *failed) {
            *cache = None;
        }
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .finish_non_exhaustive()
    }
}

/// How long to use a token that lives for `lifetime`.
fn refresh_after(lifetime: Duration) -> Duration {
    if lifetime > REFRESH_MARGIN * 2 {
        lifetime - REFRESH_MARGIN
    } else {
        // Unusually short-lived: use the first half.
        lifetime / 2
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Decodes the token endpoint's response without ever quoting the body or
/// serde messages, which could contain the token.
fn parse_response(
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<(AccessToken, Duration), TokenError> {
    let value = envelope::parse(status, body).map_err(TokenError::Decode)?;
    let Value::Object(object) = value else {
        return Err(TokenError::Decode(DecodeError::invalid(
            status,
            "expected a JSON object",
        )));
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
        Envelope::Malformed => {
            return Err(TokenError::Decode(DecodeError::invalid(
                status,
                "errcode is not an integer",
            )))
        }
    }
    let token = match object.get("access_token") {
        Some(Value::String(token)) if !token.is_empty() => AccessToken::new(token.as_str()),
        _ => {
            return Err(TokenError::Decode(DecodeError::invalid(
                status,
                "access_token is missing or not a string",
            )))
        }
    };
    let lifetime = match object.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(value) => match serde_json::from_value::<crate::WireInt>(value.clone()) {
            Ok(crate::WireInt(seconds)) if seconds > 0 => {
                Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
            }
            _ => {
                return Err(TokenError::Decode(DecodeError::invalid(
                    status,
                    "expires_in is not a positive integer",
                )))
            }
        },
    };
    Ok((token, lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_success() {
        let (token, lifetime) =
            parse_response(200, br#"{"access_token":"T1","expires_in":7200}"#, "s").unwrap();
        assert_eq!(token.expose(), "T1");
        assert_eq!(lifetime, Duration::from_secs(7200));

        let (_, lifetime) =
            parse_response(200, br#"{"access_token":"T1","expires_in":"60"}"#, "s").unwrap();
        assert_eq!(lifetime, Duration::from_secs(60));
        let (_, lifetime) = parse_response(200, br#"{"access_token":"T1"}"#, "s").unwrap();
        assert_eq!(lifetime, DEFAULT_LIFETIME);
    }

    #[test]
    fn configuration_errors_are_rejected_and_scrubbed() {
        for code in [40001, 40013, 40125, 40164] {
            let body =
                format!(r#"{{"errcode":{code},"errmsg":"invalid appsecret s3cr3t rid: 1"}}"#);
            let err = parse_response(200, body.as_bytes(), "s3cr3t").unwrap_err();
            assert!(err.is_configuration(), "{code}");
            assert!(!err.is_retryable());
            assert!(!err.to_string().contains("s3cr3t"));
            assert!(!format!("{err:?}").contains("s3cr3t"));
        }
        let err =
            parse_response(200, br#"{"errcode":-1,"errmsg":"system error"}"#, "s").unwrap_err();
        assert!(!err.is_configuration());
        assert!(err.is_retryable());
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
            let err = parse_response(200, body, "s").unwrap_err();
            assert!(matches!(err, TokenError::Decode(_)), "{err:?}");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("LEAK"), "{shown}");
        }
        assert!(matches!(
            parse_response(502, b"<html>", "s"),
            Err(TokenError::Decode(_))
        ));
    }

    #[test]
    fn refresh_margin() {
        assert_eq!(
            refresh_after(Duration::from_secs(7200)),
            Duration::from_secs(6900)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(60)),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn invalidate_only_the_failed_token() {
        let source = AppCredentials::new("wx1", "secret");
        source.store(AccessToken::new("new"), Duration::from_secs(7200));
        source.invalidate(&AccessToken::new("old"));
        assert_eq!(source.cached(), Some(AccessToken::new("new")));
        source.invalidate(&AccessToken::new("new"));
        assert_eq!(source.cached(), None);
    }

    #[test]
    fn expired_tokens_are_not_served() {
        let source = AppCredentials::new("wx1", "secret");
        source.store(AccessToken::new("t"), Duration::ZERO);
        assert_eq!(source.cached(), None);
    }

    #[test]
    fn debug_hides_secret() {
        let source = AppCredentials::new("wx1", "s3cr3t");
        let debug = format!("{source:?}");
        assert!(debug.contains("wx1"));
        assert!(!debug.contains("s3cr3t"), "{debug}");
    }
}
