//! Where access tokens come from.
//!
//! The client asks a [`TokenSource`] for a token before each call to an
//! endpoint with [`Auth::AccessToken`](crate::Auth::AccessToken), and tells
//! it when WeChat rejected one. Three sources ship here:
//!
//! - [`AppCredentials`]: fetches tokens from `/cgi-bin/token` with an app id
//!   and secret, and caches them until shortly before they expire.
//! - [`StaticToken`]: a token the caller obtained elsewhere (for example an
//!   `authorizer_access_token` from a third-party platform).
//! - [`NoToken`]: calls carry no token, as in WeChat cloud hosting, where
//!   the gateway adds it.
//!
//! Anything else (a shared cache, `stable_token`) implements the trait.

mod app_credentials;
mod fixed;

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use self::app_credentials::AppCredentials;
pub use self::fixed::{NoToken, StaticToken};
use crate::{DecodeError, Secret, TransportError};

/// A boxed, `Send` future, which keeps [`TokenSource`] object-safe without a
/// macro.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies access tokens to a [`Client`](crate::Client).
///
/// The client holds its source as `Box<dyn TokenSource>`, so the trait is
/// object-safe. Implementations are shared by all concurrent calls of a
/// client and its clones.
pub trait TokenSource: Send + Sync + 'static {
    /// Returns a token to send, or `None` to send calls without one.
    ///
    /// `http` is the client's own HTTP client, base URL and timeout, so a
    /// source that fetches tokens talks to the same server as the calls.
    fn token<'a>(
        &'a self,
        http: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>>;

    /// Tells the source that WeChat rejected `failed` as invalid or expired.
    ///
    /// A caching source should forget its token only if it is still
    /// `failed`: a concurrent call may already have replaced it, and that
    /// newer token must not be thrown away.
    fn invalidate(&self, failed: &AccessToken);
}

impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token<'a>(
        &'a self,
        http: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        (**self).token(http)
    }

    fn invalidate(&self, failed: &AccessToken) {
        (**self).invalidate(failed);
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Box<T> {
    fn token<'a>(
        &'a self,
        http: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        (**self).token(http)
    }

    fn invalidate(&self, failed: &AccessToken) {
        (**self).invalidate(failed);
    }
}

/// An access token. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Secret<String>);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Secret::new(token.into()))
    }

    /// The token string. Callers must not log it.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// What a [`TokenSource`] needs to make HTTP requests: the client's
/// `reqwest::Client`, base URL and per-request timeout.
#[derive(Debug, Clone)]
pub struct HttpCtx {
    http: reqwest::Client,
    base_url: String,
    timeout: Duration,
}

impl HttpCtx {
    /// Bundles an HTTP client, a base URL (such as
    /// `https://api.weixin.qq.com`; a trailing `/` is ignored) and a
    /// per-request timeout.
    pub fn new(http: reqwest::Client, base_url: impl Into<String>, timeout: Duration) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        HttpCtx {
            http,
            base_url,
            timeout,
        }
    }

    /// The HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The timeout for one request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The URL of `path` below the base URL.
    pub fn url(&self, path: &str) -> String {
        let separator = if path.starts_with('/') { "" } else { "/" };
        format!("{}{separator}{path}", self.base_url)
    }
}

/// Obtaining an access token failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// `/cgi-bin/token` rejected the configuration: wrong app id or secret,
    /// or this server's IP is not whitelisted. Retrying cannot help.
    Rejected {
        /// The `errcode` (for example 40001, 40013, 40125, 40164).
        code: i64,
        /// The server's `errmsg`.
        message: String,
    },
    /// `/cgi-bin/token` answered with another error code (for example `-1`,
    /// system busy).
    Api {
        /// The `errcode`.
        code: i64,
        /// The server's `errmsg`.
        message: String,
    },
    /// The HTTP exchange with the token endpoint failed.
    Transport(TransportError),
    /// The token endpoint's response could not be decoded.
    Decode(DecodeError),
    /// A custom [`TokenSource`] failed.
    Source(Box<dyn StdError + Send + Sync>),
}

impl TokenError {
    /// Whether this is a configuration error (see
    /// [`Rejected`](TokenError::Rejected)).
    pub fn is_configuration(&self) -> bool {
        matches!(self, TokenError::Rejected { .. })
    }

    /// Whether asking again may succeed: system busy, or a timeout or
    /// connection failure.
    pub fn is_retryable(&self) -> bool {
        match self {
            TokenError::Api { code, .. } => *code == -1,
            TokenError::Transport(e) => e.is_timeout() || e.is_connect(),
            _ => false,
        }
    }

    /// The token endpoint's `errcode`, if it answered with one.
    pub fn code(&self) -> Option<i64> {
        match self {
            TokenError::Rejected { code, .. } | TokenError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Rejected { code, message } => write!(
                f,
                "access token request rejected, check app_id, app_secret and the IP whitelist: {code} {message}"
            ),
            TokenError::Api { code, message } => {
                write!(f, "access token request failed: {code} {message}")
            }
            TokenError::Transport(_) => f.write_str("access token request failed"),
            TokenError::Decode(_) => f.write_str("access token response could not be decoded"),
            TokenError::Source(_) => f.write_str("token source failed"),
        }
    }
}

impl StdError for TokenError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            TokenError::Transport(e) => Some(e),
            TokenError::Decode(e) => Some(e),
            TokenError::Source(e) => Some(&**e),
            TokenError::Rejected { .. } | TokenError::Api { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_debug_is_redacted() {
        let token = AccessToken::new("TOKEN-123");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(token.expose(), "TOKEN-123");
        assert_eq!(token, AccessToken::new("TOKEN-123"));
    }

    #[test]
    fn http_ctx_joins_urls() {
        let ctx = HttpCtx::new(
            reqwest::Client::new(),
            "http://x/prefix//",
            Duration::from_secs(1),
        );
        assert_eq!(ctx.base_url(), "http://x/prefix");
        assert_eq!(ctx.url("/cgi-bin/token"), "http://x/prefix/cgi-bin/token");
        assert_eq!(ctx.url("cgi-bin/token"), "http://x/prefix/cgi-bin/token");
    }

    #[test]
    fn classification() {
        let rejected = TokenError::Rejected {
            code: 40125,
            message: "invalid appsecret".into(),
        };
        assert!(rejected.is_configuration());
        assert!(!rejected.is_retryable());
        assert_eq!(rejected.code(), Some(40125));
        assert!(rejected.to_string().contains("40125 invalid appsecret"));

        let busy = TokenError::Api {
            code: -1,
            message: "system error".into(),
        };
        assert!(busy.is_retryable());
        assert!(!busy.is_configuration());
    }

    #[test]
    fn object_safe() {
        let sources: Vec<Box<dyn TokenSource>> = vec![
            Box::new(NoToken),
            Box::new(StaticToken::new("t")),
            Box::new(Arc::new(AppCredentials::new("wx1", "s"))),
        ];
        assert_eq!(sources.len(), 3);
    }
}
