//! Where access tokens come from.
//!
//! The client asks a [`TokenSource`] for a token before each call to an
//! endpoint that carries an `access_token`, and tells
//! it when WeChat rejected one. Four sources ship here:
//!
//! - [`AppCredentials`]: fetches tokens with an app id and secret, from
//!   `GET /cgi-bin/token` or (with [`stable_token`](AppCredentials::stable_token))
//!   `POST /cgi-bin/stable_token`, and caches them until shortly before they
//!   expire. With a [`TokenStore`] (such as `RedisTokenStore`, behind the
//!   `redis` feature) many processes share one token and one refresh.
//! - [`AuthorizerToken`]: a third-party platform's `authorizer_access_token`
//!   for a merchant, kept fresh from the platform's [`ComponentCredentials`]
//!   (its `component_access_token`, fetched with the `component_verify_ticket`
//!   of a [`ComponentTicket`]) and the merchant's refresh token, which is
//!   persisted through a [`RefreshTokenStore`] whenever WeChat rotates it.
//! - [`StaticToken`]: a token the caller obtained elsewhere (for example an
//!   `authorizer_access_token` refreshed by another service).
//! - [`NoToken`]: calls carry no token, as in WeChat cloud hosting, where
//!   the gateway adds it.
//!
//! Anything else implements the trait.
//!
//! # Module map
//!
//! | module | job |
//! |---|---|
//! | `access_token` | the token value (`Arc<str>`, redacted `Debug`) |
//! | `cached` | what every fetching source shares: the cache, single flight, compare-and-expire, the optional store; sources implement its `Fetch` |
//! | `cache` | the lock-free per-process cache (`arc-swap`) |
//! | `flight` | one fetch at a time per source, its result shared |
//! | `exchange` | one request to a token endpoint: send, log, decode the answer (one list of configuration errors) |
//! | `force` | the 30 s spacing of forced refreshes |
//! | `store`, `memory` | the shared-store trait and an in-process store |
//! | `shared` | obtaining a token through a store: lock, double check, wait |
//! | `redis` | the Redis store (feature `redis`) |
//! | `app_credentials` | fetching with an app id and secret, classic or stable |
//! | `authorizer` | third-party platforms: the component token, the authorizer token, refresh tokens |
//! | `fixed` | sources that never fetch: a static token, no token |

/// Implements [`TokenSource`] for `$ty` by forwarding every method to `$inner`, which
/// `|$this|` reaches from `&self`: smart pointers to a source, and the sources that wrap a
/// `Cached`.
macro_rules! forward_token_source {
    ($ty:ty, |$this:ident| $inner:expr) => {
        forward_token_source!(impl[] $ty, |$this| $inner);
    };
    (impl[$($generics:tt)*] $ty:ty, |$this:ident| $inner:expr) => {
        impl<$($generics)*> $crate::token::TokenSource for $ty {
            fn cached(&self) -> Option<$crate::token::AccessToken> {
                let $this = self;
                $inner.cached()
            }

            fn token<'a>(
                &'a self,
                http: &'a $crate::token::HttpCtx,
            ) -> $crate::token::BoxFuture<
                'a,
                Result<Option<$crate::token::AccessToken>, $crate::token::TokenError>,
            > {
                let $this = self;
                $inner.token(http)
            }

            fn invalidate<'a>(
                &'a self,
                failed: &'a $crate::token::AccessToken,
            ) -> $crate::token::BoxFuture<'a, ()> {
                let $this = self;
                $inner.invalidate(failed)
            }

            fn force_refresh<'a>(
                &'a self,
                http: &'a $crate::token::HttpCtx,
            ) -> $crate::token::BoxFuture<
                'a,
                Result<$crate::token::AccessToken, $crate::token::TokenError>,
            > {
                let $this = self;
                $inner.force_refresh(http)
            }
        }
    };
}

mod access_token;
mod app_credentials;
mod authorizer;
mod cache;
mod cached;
mod error;
mod exchange;
mod fixed;
mod flight;
mod force;
mod http;
mod memory;
#[cfg(feature = "redis")]
mod redis;
mod shared;
mod store;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use self::access_token::AccessToken;
pub use self::app_credentials::AppCredentials;
pub use self::authorizer::{
    AuthorizerToken, ComponentCredentials, ComponentTicket, MemoryRefreshTokenStore,
    RefreshTokenStore,
};
pub use self::error::TokenError;
pub use self::fixed::{NoToken, StaticToken};
pub use self::force::FORCE_REFRESH_SPACING;
pub use self::http::HttpCtx;
pub use self::memory::MemoryTokenStore;
#[cfg(feature = "redis")]
pub use self::redis::RedisTokenStore;
pub use self::store::{StoreError, StoredToken, TokenStore};

/// A boxed, `Send` future, which keeps [`TokenSource`] object-safe without a
/// macro.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies access tokens to a [`Client`](crate::Client).
///
/// The client holds its source as `Box<dyn TokenSource>`, so the trait is
/// object-safe. Implementations are shared by all concurrent calls of a
/// client and its clones.
///
/// # The hot path
///
/// Before every call the client first asks [`cached`](Self::cached), a
/// plain synchronous method, and only when that returns `None` awaits
/// [`token`](Self::token), whose boxed future costs an allocation.
/// Implementations should answer `cached` without taking a lock, without
/// allocating and without I/O, so that a call with a valid cached token pays
/// neither. The sources in this module do: [`AppCredentials`] keeps its
/// token in an atomically swapped `Arc` (`arc_swap::ArcSwapOption`) and
/// [`AccessToken`] clones by bumping a reference count.
pub trait TokenSource: Send + Sync + 'static {
    /// A token that can be sent right now without waiting, if the source
    /// has one. The default has none.
    ///
    /// Must be cheap: no lock, no allocation, no I/O (see the trait docs).
    /// Returning `None` is always correct; the client then awaits
    /// [`token`](Self::token).
    fn cached(&self) -> Option<AccessToken> {
        None
    }

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
    /// `failed`: a concurrent call (or another process sharing the token)
    /// may already have replaced it, and that newer token must not be thrown
    /// away. It should not fetch a new token here; the client asks for one
    /// with [`token`](Self::token) afterwards, once.
    ///
    /// Asynchronous because a shared store must be told too, before the
    /// client asks again.
    fn invalidate<'a>(&'a self, failed: &'a AccessToken) -> BoxFuture<'a, ()>;

    /// Replaces the token now, even if the cached one is still valid, for
    /// example because it leaked.
    ///
    /// The default fails with [`TokenError::Unsupported`]; only sources that
    /// fetch tokens themselves can do this.
    fn force_refresh<'a>(
        &'a self,
        http: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<AccessToken, TokenError>> {
        let _ = http;
        Box::pin(async { Err(TokenError::Unsupported("force a token refresh")) })
    }
}

forward_token_source!(impl[T: TokenSource + ?Sized] Arc<T>, |this| (**this));
forward_token_source!(impl[T: TokenSource + ?Sized] Box<T>, |this| (**this));

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn object_safe() {
        let sources: Vec<Box<dyn TokenSource>> = vec![
            Box::new(NoToken),
            Box::new(StaticToken::new("t")),
            Box::new(Arc::new(AppCredentials::new("wx1", "s"))),
            Box::new(AppCredentials::new("wx1", "s").stable_token(true)),
        ];
        assert_eq!(sources.len(), 4);
    }

    #[tokio::test]
    async fn force_refresh_is_unsupported_by_default() {
        let ctx = HttpCtx::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9",
            Duration::from_secs(1),
        );
        let source: Box<dyn TokenSource> = Box::new(StaticToken::new("t"));
        let err = source.force_refresh(&ctx).await.unwrap_err();
        assert!(matches!(err, TokenError::Unsupported(_)), "{err:?}");
        assert!(err.to_string().contains("cannot force a token refresh"));
        assert!(!err.is_retryable());
    }
}
