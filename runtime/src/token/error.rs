//! Why obtaining a token failed.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::StoreError;
use crate::{DecodeError, TransportError};

/// Obtaining an access token failed.
///
/// `Clone`, because one failed fetch is reported to every call that waited
/// for it (see [`AppCredentials`](super::AppCredentials)). Never contains the
/// app secret or a token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint (`/cgi-bin/token` or `/cgi-bin/stable_token`)
    /// rejected the configuration: wrong app id or secret, or this server's
    /// IP is not whitelisted. Retrying cannot help.
    Rejected {
        /// The `errcode` (for example 40001, 40013, 40125, 40164).
        code: i64,
        /// The server's `errmsg`.
        message: String,
    },
    /// The token endpoint answered with another error code (for example
    /// `-1`, system busy, or 45009, daily quota reached).
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
    /// The shared [`TokenStore`](super::TokenStore) failed, or another
    /// instance held its refresh lock for too long.
    Store(StoreError),
    /// The source cannot do this (for example force a refresh of a
    /// [`StaticToken`](super::StaticToken)). Names the operation.
    Unsupported(&'static str),
    /// A forced refresh was refused client-side because the previous one was
    /// less than [`FORCE_REFRESH_SPACING`](super::FORCE_REFRESH_SPACING)
    /// ago: WeChat ignores force refreshes closer than 30 s and allows only
    /// 20 a day, so sending it would only burn the quota.
    TooSoon {
        /// How long until a forced refresh is allowed again.
        retry_after: Duration,
    },
    /// A custom [`TokenSource`](super::TokenSource) failed.
    Source(Arc<dyn StdError + Send + Sync>),
}

impl TokenError {
    /// Whether this is a configuration error (see
    /// [`Rejected`](TokenError::Rejected)).
    pub fn is_configuration(&self) -> bool {
        matches!(self, TokenError::Rejected { .. })
    }

    /// Whether asking again may succeed: system busy, a timeout or
    /// connection failure, or a store that is unavailable for now.
    pub fn is_retryable(&self) -> bool {
        match self {
            TokenError::Api { code, .. } => *code == -1,
            TokenError::Transport(e) => e.is_timeout() || e.is_connect(),
            TokenError::Store(e) => e.is_retryable(),
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
            TokenError::Store(e) => write!(f, "access token store failed: {e}"),
            TokenError::Unsupported(what) => write!(f, "this token source cannot {what}"),
            TokenError::TooSoon { retry_after } => write!(
                f,
                "force refresh refused: WeChat allows one every {} s (and 20 a day); try again in {} s",
                super::FORCE_REFRESH_SPACING.as_secs(),
                retry_after.as_secs().max(1)
            ),
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
            TokenError::Rejected { .. }
            | TokenError::Api { .. }
            | TokenError::Store(_)
            | TokenError::Unsupported(_)
            | TokenError::TooSoon { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

        let store = TokenError::Store(StoreError::unavailable("connection refused"));
        assert!(store.is_retryable());
        assert!(store.to_string().contains("connection refused"));
        assert!(!TokenError::Store(StoreError::other("bad value")).is_retryable());

        let too_soon = TokenError::TooSoon {
            retry_after: Duration::from_secs(12),
        };
        assert!(!too_soon.is_retryable());
        assert!(
            too_soon.to_string().contains("try again in 12 s"),
            "{too_soon}"
        );
    }

    #[test]
    fn clones_keep_the_classification() {
        let rejected = TokenError::Rejected {
            code: 40013,
            message: "invalid appid".into(),
        };
        let clone = rejected.clone();
        assert!(clone.is_configuration());
        assert_eq!(clone.to_string(), rejected.to_string());
    }
}
