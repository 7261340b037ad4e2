//! Token sources that never fetch anything.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{AccessToken, BoxFuture, HttpCtx, TokenError, TokenSource};

/// A token the caller obtained elsewhere, such as an
/// `authorizer_access_token` issued to a third-party platform.
///
/// It cannot be refreshed: when WeChat rejects it, the call fails with the
/// API error, and the caller should build a client with a new token.
#[derive(Debug, Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Uses `token` for every call.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenSource for StaticToken {
    fn cached(&self) -> Option<AccessToken> {
        Some(self.0.clone())
    }

    fn token<'a>(
        &'a self,
        _: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(Some(token)) })
    }

    fn invalidate<'a>(&'a self, _: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(Done)
    }
}

/// Sends calls without an access token.
///
/// For WeChat cloud hosting (微信云托管), where the platform's gateway
/// authenticates calls from inside the container.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoToken;

impl TokenSource for NoToken {
    fn token<'a>(
        &'a self,
        _: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        // A zero-sized future: boxing it allocates nothing.
        Box::pin(NoTokenFuture)
    }

    fn invalidate<'a>(&'a self, _: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(Done)
    }
}

/// Resolves at once to "no token"; zero-sized, so `Box::pin` does not
/// allocate.
struct NoTokenFuture;

impl Future for NoTokenFuture {
    type Output = Result<Option<AccessToken>, TokenError>;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(Ok(None))
    }
}

/// Resolves at once to `()`; zero-sized, so `Box::pin` does not allocate.
struct Done;

impl Future for Done {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ctx() -> HttpCtx {
        HttpCtx::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9",
            Duration::from_secs(1),
        )
    }

    #[tokio::test]
    async fn static_token_is_returned_as_is() {
        let source = StaticToken::new("abc");
        let token = source.token(&ctx()).await.unwrap().unwrap();
        assert_eq!(token.expose(), "abc");
        assert_eq!(source.cached(), Some(token.clone()));
        source.invalidate(&token).await;
        assert_eq!(source.token(&ctx()).await.unwrap(), Some(token));
        assert!(!format!("{source:?}").contains("abc"));
    }

    #[tokio::test]
    async fn no_token() {
        assert_eq!(NoToken.cached(), None);
        assert_eq!(NoToken.token(&ctx()).await.unwrap(), None);
        NoToken.invalidate(&AccessToken::new("x")).await;
    }

    #[test]
    fn ready_futures_are_zero_sized() {
        assert_eq!(size_of::<NoTokenFuture>(), 0);
        assert_eq!(size_of::<Done>(), 0);
    }
}
