//! Configuring and building a [`Client`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::client::Inner;
use crate::error::{BuildError, BuildErrorKind};
use crate::retry::RetryPolicy;
use crate::security::Security;
use crate::token::{AppCredentials, HttpCtx, NoToken, StaticToken, TokenSource, TokenStore};
use crate::{ApiSecurity, Client, Secret};

const DEFAULT_BASE_URL: &str = "https://api.weixin.qq.com";
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    base_delay: Duration::from_millis(100),
};

/// Builds a [`Client`], or any type `C` that wraps one.
///
/// Generic over the result so that a generated wrapper (`struct Client`
/// holding a `wxapi_runtime::Client`, with one method per endpoint) is built
/// directly: `generated::Client::builder().app_id(..).build()`.
///
/// Exactly one way to obtain tokens must be chosen: [`app_id`] plus
/// [`app_secret`], [`access_token`], [`token_source`] or
/// [`without_access_token`]. The last of the latter three wins over the app
/// credentials for tokens; an app id and secret given with one of them are
/// then used only by the endpoints that send them instead of a token
/// (`code2Session`, `clearQuotaByAppSecret`).
///
/// With an app id and secret, [`stable_token`] chooses the token endpoint
/// and [`token_store`] shares tokens between instances; both are errors with
/// the other ways, which fetch no tokens.
///
/// [`app_id`]: ClientBuilder::app_id
/// [`app_secret`]: ClientBuilder::app_secret
/// [`access_token`]: ClientBuilder::access_token
/// [`token_source`]: ClientBuilder::token_source
/// [`without_access_token`]: ClientBuilder::without_access_token
/// [`stable_token`]: ClientBuilder::stable_token
/// [`token_store`]: ClientBuilder::token_store
#[must_use]
pub struct ClientBuilder<C = Client> {
    app_id: Option<String>,
    app_secret: Option<Secret<String>>,
    tokens: Option<TokenChoice>,
    stable_token: bool,
    store: Option<Arc<dyn TokenStore>>,
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    api_security: Option<ApiSecurity>,
    // `fn() -> C` keeps the builder `Send + Sync` whatever `C` is.
    client: PhantomData<fn() -> C>,
}

enum TokenChoice {
    Static(StaticToken),
    Disabled,
    Custom(Box<dyn TokenSource>),
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with the defaults: base URL `https://api.weixin.qq.com`,
    /// 5 s connect timeout, 30 s request timeout, 3 attempts with 100 ms
    /// base backoff, and no credentials.
    pub fn new() -> Self {
        ClientBuilder {
            app_id: None,
            app_secret: None,
            tokens: None,
            stable_token: false,
            store: None,
            base_url: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            http: None,
            retry: DEFAULT_RETRY,
            api_security: None,
            client: PhantomData,
        }
    }

    /// The app id (`appid`). With [`app_secret`](Self::app_secret), tokens
    /// are fetched from `/cgi-bin/token` and cached.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The app secret (`AppSecret`). Never logged.
    pub fn app_secret(mut self, app_secret: impl Into<String>) -> Self {
        self.app_secret = Some(Secret::new(app_secret.into()));
        self
    }

    /// Sends every call with this token, obtained elsewhere (for example an
    /// `authorizer_access_token`). It is never refreshed.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.tokens = Some(TokenChoice::Static(StaticToken::new(token)));
        self
    }

    /// Sends calls without `access_token`, for WeChat cloud hosting, where
    /// the platform adds credentials.
    pub fn without_access_token(mut self) -> Self {
        self.tokens = Some(TokenChoice::Disabled);
        self
    }

    /// Takes tokens from a custom source (for example one shared between
    /// processes).
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.tokens = Some(TokenChoice::Custom(Box::new(source)));
        self
    }

    /// Fetches tokens from `POST /cgi-bin/stable_token` (normal mode)
    /// instead of `GET /cgi-bin/token`; needs [`app_id`](Self::app_id) and
    /// [`app_secret`](Self::app_secret). Default `false`.
    ///
    /// Recommended by WeChat: fetching a stable token again returns the same
    /// token (with its remaining lifetime) instead of invalidating the
    /// previous one, so independent deployments of one app stop knocking
    /// each other's tokens out. Its force-refresh mode is used only by
    /// [`Client::force_refresh_token`].
    pub fn stable_token(mut self, stable: bool) -> Self {
        self.stable_token = stable;
        self
    }

    /// Shares tokens with other client instances (usually other processes)
    /// through `store`, so that they use one token and only one of them
    /// refreshes it: for example a `RedisTokenStore` (feature `redis`).
    /// Needs [`app_id`](Self::app_id) and [`app_secret`](Self::app_secret).
    ///
    /// The client still caches the token in memory in front of the store,
    /// so a call with a valid token does not touch the store. See
    /// [`TokenStore`] for the protocol.
    pub fn token_store(mut self, store: impl TokenStore) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// The server to talk to; defaults to `https://api.weixin.qq.com`.
    /// Endpoint paths are appended to it, so it may include a path prefix
    /// (for a forwarding proxy).
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.base_url = Some(base_url.as_ref().to_owned());
        self
    }

    /// How long to wait for a connection. Ignored when
    /// [`http_client`](Self::http_client) is set, since it is fixed when a
    /// `reqwest::Client` is built.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take, from sending to reading the whole
    /// body. Applied per request, also with a custom HTTP client.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends requests with this `reqwest::Client` (proxies, TLS settings,
    /// a shared connection pool).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How many times one call may be sent for transient failures, counting
    /// the first (default 3; at least 1). A retry after a rejected token is
    /// not counted.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry, doubled for each further one
    /// (default 100 ms).
    pub fn retry_backoff(mut self, base_delay: Duration) -> Self {
        self.retry.base_delay = base_delay;
        self
    }

    /// Switches on API security mode (服务端 API 签名加密) with these keys: calls to
    /// endpoints that support it (the spec's `security_mode`)
    /// are encrypted and signed, and their responses verified and decrypted; other calls
    /// are unchanged. Needs [`app_id`](Self::app_id). See [`crate::security`].
    pub fn api_security(mut self, security: ApiSecurity) -> Self {
        self.api_security = Some(security);
        self
    }

    /// Builds the client.
    ///
    /// Fails when the credentials are incomplete or conflicting, the base
    /// URL is not an `http`/`https` URL, or the HTTP client cannot be built.
    pub fn build(self) -> Result<C, BuildError> {
        if self.app_secret.is_some() && self.app_id.is_none() {
            return Err(error(BuildErrorKind::MissingAppId));
        }
        let tokens: Box<dyn TokenSource> = match (self.tokens, &self.app_id, &self.app_secret) {
            (Some(_), ..) if self.stable_token => {
                return Err(error(BuildErrorKind::TokenOptionWithoutAppSecret(
                    "stable_token",
                )))
            }
            (Some(_), ..) if self.store.is_some() => {
                return Err(error(BuildErrorKind::TokenOptionWithoutAppSecret(
                    "token_store",
                )))
            }
            (Some(TokenChoice::Static(token)), ..) => Box::new(token),
            (Some(TokenChoice::Disabled), ..) => Box::new(NoToken),
            (Some(TokenChoice::Custom(source)), ..) => source,
            (None, Some(app_id), Some(secret)) => {
                let source = AppCredentials::new(app_id.clone(), secret.clone())
                    .stable_token(self.stable_token);
                Box::new(match self.store {
                    Some(store) => source.shared_store(store),
                    None => source,
                })
            }
            (None, Some(_), None) => return Err(error(BuildErrorKind::MissingAppSecret)),
            (None, None, _) => return Err(error(BuildErrorKind::MissingCredentials)),
        };
        let security = match self.api_security {
            Some(config) => Some(
                Security::new(config, self.app_id.as_deref())
                    .map_err(|why| error(BuildErrorKind::ApiSecurity(why)))?,
            ),
            None => None,
        };
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(concat!("wxapi-runtime/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| error(BuildErrorKind::Http(e)))?,
        };
        Ok(C::from(Client::from_inner(Inner {
            ctx: HttpCtx::new(http, base_url, self.timeout),
            tokens,
            app_id: self.app_id,
            app_secret: self.app_secret,
            retry: self.retry,
            security,
        })))
    }
}

fn error(kind: BuildErrorKind) -> BuildError {
    BuildError::new(kind)
}

fn parse_base_url(raw: &str) -> Result<String, BuildError> {
    let invalid = |reason| error(BuildErrorKind::InvalidBaseUrl(reason));
    let url = reqwest::Url::parse(raw).map_err(|_| invalid("not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl<C: From<Client>> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tokens = match &self.tokens {
            None => None,
            Some(TokenChoice::Static(_)) => Some("access_token"),
            Some(TokenChoice::Disabled) => Some("none"),
            Some(TokenChoice::Custom(_)) => Some("custom"),
        };
        f.debug_struct("ClientBuilder")
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .field("tokens", &tokens)
            .field("stable_token", &self.stable_token)
            .field("store", &self.store)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("api_security", &self.api_security)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(builder: ClientBuilder) -> Result<Client, String> {
        builder.build().map_err(|e| e.to_string())
    }

    #[test]
    fn credential_combinations() {
        assert!(build(Client::builder().app_id("wx1").app_secret("s")).is_ok());
        assert!(build(Client::builder().access_token("t")).is_ok());
        assert!(build(Client::builder().app_id("wx1").access_token("t")).is_ok());
        assert!(build(Client::builder().without_access_token()).is_ok());
        assert!(build(Client::builder().token_source(NoToken)).is_ok());
        assert!(build(
            Client::builder()
                .app_id("wx1")
                .app_secret("s")
                .stable_token(true)
                .token_store(crate::token::MemoryTokenStore::new())
        )
        .is_ok());
        let err = build(Client::builder().access_token("t").stable_token(true)).unwrap_err();
        assert!(
            err.contains("stable_token needs app_id and app_secret"),
            "{err}"
        );
        let err = build(
            Client::builder()
                .without_access_token()
                .token_store(crate::token::MemoryTokenStore::new()),
        )
        .unwrap_err();
        assert!(
            err.contains("token_store needs app_id and app_secret"),
            "{err}"
        );

        let err = build(Client::builder()).unwrap_err();
        assert!(err.starts_with("no credentials configured"), "{err}");
        let err = build(Client::builder().app_id("wx1")).unwrap_err();
        assert!(err.contains("app_secret is missing"), "{err}");
        let err = build(Client::builder().app_secret("s3cr3t")).unwrap_err();
        assert!(err.contains("app_id is missing"), "{err}");
        // The secret then serves only the endpoints that send it instead of a token.
        assert!(build(
            Client::builder()
                .app_id("wx1")
                .app_secret("s3cr3t")
                .without_access_token(),
        )
        .is_ok());
        let err = build(Client::builder().app_secret("s3cr3t").access_token("t")).unwrap_err();
        assert!(err.contains("app_id is missing"), "{err}");
        assert!(!err.contains("s3cr3t"));
    }

    #[test]
    fn base_urls() {
        let client = build(
            Client::builder()
                .without_access_token()
                .base_url("http://127.0.0.1:8080/proxy/"),
        )
        .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/proxy");
        let client = build(Client::builder().without_access_token()).unwrap();
        assert_eq!(client.base_url(), "https://api.weixin.qq.com");

        for bad in ["api.weixin.qq.com", "ftp://x", "https://x/?a=1", ""] {
            let err = build(Client::builder().without_access_token().base_url(bad)).unwrap_err();
            assert!(err.starts_with("invalid base URL"), "{bad}: {err}");
        }
    }

    #[test]
    fn builds_wrapper_types() {
        struct Wrapper(Client);
        impl From<Client> for Wrapper {
            fn from(client: Client) -> Self {
                Wrapper(client)
            }
        }
        let wrapper: Wrapper = ClientBuilder::new()
            .app_id("wx1")
            .access_token("t")
            .build()
            .unwrap();
        assert_eq!(wrapper.0.app_id(), Some("wx1"));
    }

    #[test]
    fn debug_hides_secrets() {
        let builder = Client::builder().app_id("wx1").app_secret("s3cr3t");
        let debug = format!("{builder:?}");
        assert!(
            debug.contains("wx1") && !debug.contains("s3cr3t"),
            "{debug}"
        );
        let builder = Client::builder().access_token("TOKEN");
        assert!(!format!("{builder:?}").contains("TOKEN"));
        let client = Client::builder()
            .app_id("wx1")
            .app_secret("s3cr3t")
            .build()
            .unwrap();
        assert!(!format!("{client:?}").contains("s3cr3t"));
    }
}
