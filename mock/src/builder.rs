//! [`MockServerBuilder`]: how a fake server is configured before it starts.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::config::{ContentRule, ErrcodeStyle, KeywordRule, Verdict, WrongSecret};
use crate::handle::{self, EndpointAuth, MockServer};
use crate::providers::{self, AsyncOptions, Provider, ProviderReply};
use crate::request::ReceivedRequest;
use crate::security::MockApiSecurity;
use crate::state::{Endpoint, EndpointHandler, Inner};

/// Configures a [`MockServer`]; made by [`MockServer::builder`].
///
/// Every setting has a default faithful to the real server; see each method.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::time::Duration;
/// use wxapi_mock::MockServer;
///
/// let server = MockServer::builder()
///     .app("wx1234567890abcdef", "secret")
///     .token_expires_in(Duration::from_secs(60))
///     .risky_word("赌博")
///     .frozen_clock()
///     .start()
///     .await;
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until .start().await"]
pub struct MockServerBuilder {
    inner: Inner,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        let mut inner = Inner::default();
        let ocr: Arc<dyn Fn(Value) -> ProviderReply + Send + Sync> =
            Arc::new(providers::ocr_all_in_one);
        inner.providers.insert(
            (
                providers::OCR_SERVICE.to_owned(),
                providers::OCR_API.to_owned(),
            ),
            Provider {
                handler: ocr,
                asynchronous: None,
            },
        );
        Self { inner }
    }
}

impl MockServerBuilder {
    /// A builder with no app, the built-in OcrAllInOne provider and every default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an app that may fetch tokens: `appid` with its AppSecret `secret`.
    /// Any other appid answers 40013; a wrong secret answers 40125 (see [`wrong_secret`](Self::wrong_secret)).
    pub fn app(mut self, appid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.inner.config.apps.insert(appid.into(), secret.into());
        self
    }

    /// Adds a third-party platform (开放平台第三方平台) that may fetch
    /// `component_access_token`s: `component_appid` with its `component_appsecret`. WeChat
    /// "pushes" it a `component_verify_ticket` when the server starts (read it with
    /// [`MockServer::component_verify_ticket`]). Any other appid answers 61011.
    pub fn component(
        mut self,
        component_appid: impl Into<String>,
        component_appsecret: impl Into<String>,
    ) -> Self {
        self.inner.components.add_platform(
            &component_appid.into(),
            &component_appsecret.into(),
            Duration::ZERO,
        );
        self
    }

    /// Records that the merchant `authorizer_appid` authorized the platform `component_appid`
    /// (added with [`component`](Self::component)), which got `refresh_token` as its
    /// `authorizer_refresh_token`. Its `authorizer_access_token`s are access tokens of
    /// `authorizer_appid`, which need not be a configured [app](Self::app).
    pub fn authorization(
        mut self,
        component_appid: impl Into<String>,
        authorizer_appid: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        self.inner.components.authorize(
            &component_appid.into(),
            &authorizer_appid.into(),
            Some(refresh_token.into()),
        );
        self
    }

    /// Whether every successful `api_authorizer_token` call answers a new
    /// `authorizer_refresh_token`, which the platform must store and use from then on (the
    /// old one works for the [grace period](Self::refresh_token_grace)). Default `false`: the
    /// same refresh token is answered every time.
    pub fn rotate_refresh_tokens(mut self, rotate: bool) -> Self {
        self.inner.config.component.rotate_refresh_tokens = rotate;
        self
    }

    /// How long a replaced `authorizer_refresh_token` keeps working. Default 5 minutes, the
    /// transition period the official answers in the developer community mention.
    pub fn refresh_token_grace(mut self, grace: Duration) -> Self {
        self.inner.config.component.refresh_token_grace = grace;
        self
    }

    /// Lifetime of new tokens of every kind (component and authorizer tokens included), reported as `expires_in` (whole seconds, rounded
    /// up). Default 7200 s.
    pub fn token_expires_in(mut self, lifetime: Duration) -> Self {
        self.inner.config.tokens.expires_in = lifetime;
        self
    }

    /// How long a `/cgi-bin/token` token stays usable after a newer one of the same app was
    /// issued. Default zero: the old token answers 40001 at once. The real platform keeps it
    /// five minutes during its own refreshes: [`REAL_TOKEN_GRACE`](crate::REAL_TOKEN_GRACE).
    pub fn token_grace(mut self, grace: Duration) -> Self {
        self.inner.config.tokens.grace = grace;
        self
    }

    /// What a wrong secret answers. Default [`WrongSecret::InvalidAppsecret`] (40125).
    pub fn wrong_secret(mut self, answer: WrongSecret) -> Self {
        self.inner.config.wrong_secret = answer;
        self
    }

    /// In normal mode, a stable token with at most this much life left is replaced by a new
    /// one (the old one stays usable until its own expiry). Default 5 minutes. Ignored when
    /// the token lifetime is not longer than the window.
    pub fn stable_refresh_window(mut self, window: Duration) -> Self {
        self.inner.config.tokens.stable_window = window;
        self
    }

    /// Force refreshes of the stable token allowed per app and (fake-clock) day; more answer
    /// 45009. Default 20. Days are counted from the server start.
    pub fn force_refresh_daily_limit(mut self, limit: u32) -> Self {
        self.inner.config.tokens.force_daily_limit = limit;
        self
    }

    /// Minimum spacing of two force refreshes of one app; a closer one returns the current
    /// token unchanged. Default 30 s.
    pub fn force_refresh_min_interval(mut self, interval: Duration) -> Self {
        self.inner.config.tokens.force_min_interval = interval;
        self
    }

    /// Stops the fake clock from following real time: it moves only with
    /// [`MockServer::advance`], so the `expires_in` values answered are exact.
    pub fn frozen_clock(mut self) -> Self {
        self.inner.config.frozen_clock = true;
        self
    }

    /// A word that makes msg_sec_check flag a text as risky: v1 answers 87014, v2 answers
    /// `suggest: "risky"` with the [risky label](Self::risky_label).
    /// [`OFFICIAL_RISKY_TEST_TEXT`](crate::OFFICIAL_RISKY_TEST_TEXT) is always risky.
    pub fn risky_word(mut self, word: impl Into<String>) -> Self {
        self.inner.config.content.rules.push(ContentRule {
            word: word.into(),
            verdict: Verdict::Risky,
            label: None,
        });
        self
    }

    /// Like [`risky_word`](Self::risky_word), with its own v2 label (e.g. 20002 porn).
    pub fn risky_word_labeled(mut self, word: impl Into<String>, label: i64) -> Self {
        self.inner.config.content.rules.push(ContentRule {
            word: word.into(),
            verdict: Verdict::Risky,
            label: Some(label),
        });
        self
    }

    /// A word that makes msg_sec_check v2 answer `suggest: "review"` (v1 passes it).
    pub fn review_word(mut self, word: impl Into<String>) -> Self {
        self.inner.config.content.rules.push(ContentRule {
            word: word.into(),
            verdict: Verdict::Review,
            label: None,
        });
        self
    }

    /// A custom keyword: when a v2 text contains it, `detail` gets a `keyword` item with
    /// `keyword` and `level`; a level of 90 or more is `risky` (and makes the overall result
    /// risky), lower levels `pass`. v1 ignores keywords.
    pub fn keyword(mut self, word: impl Into<String>, level: i64) -> Self {
        self.inner.config.content.keywords.push(KeywordRule {
            word: word.into(),
            level,
        });
        self
    }

    /// The v2 label of risky words and keywords without their own label. Default 20006.
    pub fn risky_label(mut self, label: i64) -> Self {
        self.inner.config.content.risky_label = label;
        self
    }

    /// Images containing this byte string answer 87014 in img_sec_check.
    /// [`DEFAULT_RISKY_IMAGE_MARKER`](crate::DEFAULT_RISKY_IMAGE_MARKER) always does.
    pub fn risky_image_marker(mut self, marker: impl AsRef<[u8]>) -> Self {
        let marker = marker.as_ref().to_vec();
        if !marker.is_empty() {
            self.inner.config.content.image_markers.push(marker);
        }
        self
    }

    /// How msg_sec_check v1 spells its success `errcode`. Default [`ErrcodeStyle::String`]
    /// (`"0"`), as in the seed document.
    pub fn msg_sec_check_v1_errcode(mut self, style: ErrcodeStyle) -> Self {
        self.inner.config.content.v1_style = style;
        self
    }

    /// How msg_sec_check v2 spells its success `errcode`. Default [`ErrcodeStyle::Number`].
    pub fn msg_sec_check_v2_errcode(mut self, style: ErrcodeStyle) -> Self {
        self.inner.config.content.v2_style = style;
        self
    }

    /// How img_sec_check spells its success `errcode`. Default [`ErrcodeStyle::Number`].
    pub fn img_sec_check_errcode(mut self, style: ErrcodeStyle) -> Self {
        self.inner.config.content.img_style = style;
        self
    }

    /// Registers a synchronous service-market provider (see
    /// [`MockServer::register_provider`]). Registering `(OCR_SERVICE, OCR_API)` replaces the
    /// built-in OcrAllInOne.
    pub fn provider<F>(mut self, service: impl Into<String>, api: impl Into<String>, f: F) -> Self
    where
        F: Fn(Value) -> ProviderReply + Send + Sync + 'static,
    {
        self.inner.providers.insert(
            (service.into(), api.into()),
            Provider {
                handler: Arc::new(f),
                asynchronous: None,
            },
        );
        self
    }

    /// Registers an asynchronous service-market provider (see
    /// [`MockServer::register_async_provider`]).
    pub fn async_provider<F>(
        mut self,
        service: impl Into<String>,
        api: impl Into<String>,
        options: AsyncOptions,
        f: F,
    ) -> Self
    where
        F: Fn(Value) -> ProviderReply + Send + Sync + 'static,
    {
        self.inner.providers.insert(
            (service.into(), api.into()),
            Provider {
                handler: Arc::new(f),
                asynchronous: Some(options),
            },
        );
        self
    }

    /// Lets `appid` use API security mode (服务端 API 签名加密) with these keys; see
    /// [`security`](crate::security).
    pub fn api_security(mut self, appid: impl Into<String>, security: MockApiSecurity) -> Self {
        self.inner.security.configure(appid.into(), security);
        self
    }

    /// Registers a custom endpoint (see [`MockServer::register_endpoint`]).
    pub fn endpoint<F>(mut self, path: impl Into<String>, auth: EndpointAuth, handler: F) -> Self
    where
        F: Fn(&ReceivedRequest) -> Value + Send + Sync + 'static,
    {
        self.inner.endpoints.insert(
            path.into(),
            Endpoint {
                requires_token: auth == EndpointAuth::AccessToken,
                handler: EndpointHandler::Json(Arc::new(handler)),
            },
        );
        self
    }

    /// Serves every endpoint of the spec folder `dir` besides the built-in ones: routed by
    /// method and path, authenticated as its `auth` says, validated against its fields,
    /// answered from its examples (see [`spec`](crate::spec)). A spec that doesn't load is
    /// an error of [`try_start_spec`](Self::try_start_spec).
    pub fn spec(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.inner.spec_dir = Some(dir.into());
        self
    }

    /// The port to listen on (on `127.0.0.1`). Default 0: a free port chosen by the system.
    pub fn port(mut self, port: u16) -> Self {
        self.inner.port = port;
        self
    }

    /// Starts serving, with the spec if [`spec`](Self::spec) named one: an error when the
    /// spec doesn't read or validate (its diagnostics, drawn) or the port can't be bound
    /// (the message names it).
    pub async fn try_start_spec(mut self) -> Result<MockServer, crate::MockError> {
        self.load_spec()?;
        let port = self.inner.port;
        handle::spawn(self.inner)
            .await
            .map_err(|e| crate::MockError {
                message: format!("cannot listen on 127.0.0.1:{port}: {e}"),
            })
    }

    fn load_spec(&mut self) -> Result<(), crate::MockError> {
        if let Some(dir) = &self.inner.spec_dir {
            self.inner.spec = Some(crate::spec::Spec::load(dir)?);
        }
        Ok(())
    }

    /// Binds `127.0.0.1` ([`port`](Self::port), a free one by default) and starts serving on
    /// the current tokio runtime.
    ///
    /// # Panics
    ///
    /// If the socket cannot be bound, or the [spec](Self::spec) doesn't load; use
    /// [`try_start_spec`](Self::try_start_spec) to get the error instead.
    pub async fn start(self) -> MockServer {
        match self.try_start_spec().await {
            Ok(server) => server,
            Err(error) => panic!("fake WeChat server: {error}"),
        }
    }

    /// Binds `127.0.0.1` ([`port`](Self::port), a free one by default) and starts serving on
    /// the current tokio runtime. A [spec](Self::spec) that doesn't load is an
    /// [`InvalidData`](io::ErrorKind::InvalidData) error.
    pub async fn try_start(mut self) -> io::Result<MockServer> {
        self.load_spec()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        handle::spawn(self.inner).await
    }
}
