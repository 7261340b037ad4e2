//! Token sources that never fetch anything.

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
    fn token<'a>(
        &'a self,
        _: &'a HttpCtx,
    ) -> BoxFuture<'a, Result<Option<AccessToken>, TokenError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(Some(token)) })
    }

    fn invalidate(&self, _: &AccessToken) {}
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
        Box::pin(async { Ok(None) })
    }

    fn invalidate(&self, _: &AccessToken) {}
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
        source.invalidate(&token);
        assert_eq!(source.token(&ctx()).await.unwrap(), Some(token));
        assert!(!format!("{source:?}").contains("abc"));
    }

    #[tokio::test]
    async fn no_token() {
        assert_eq!(NoToken.token(&ctx()).await.unwrap(), None);
    }
}
