//! The client: sending requests, with token refresh and bounded retries.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::Url;
use tracing::field::Empty;
use tracing::{Instrument as _, Span};

use crate::codegen::{Answer, Auth, Encoded, Endpoint};
use crate::retry::{retryable, RetryPolicy};
use crate::security::{Sealed, Security};
use crate::token::{AccessToken, HttpCtx, TokenError, TokenSource};
use crate::{redact, ApiError, ClientBuilder, EncodeError, Error, Secret, TransportError};

/// A WeChat server API client.
///
/// Cheap to clone: clones share the HTTP connection pool and the token
/// source (and so the cached token). Build one with [`Client::builder`].
///
/// Call the endpoints through the generated client's methods. Every call
/// goes: encode, add `access_token` (for endpoints that carry one), send,
/// read the body, then decode the `errcode`/`errmsg` envelope and the
/// response type. The token comes from the source's synchronous
/// [`TokenSource::cached`] when it has a valid one, which for the built-in
/// sources takes no lock and allocates nothing; only a cache miss awaits the
/// source's (boxed) [`TokenSource::token`]. Two kinds of failure are
/// retried:
///
/// - an error whose [`is_token_invalid`](ApiError::is_token_invalid) is
///   true: the token is invalidated (only if it is still the one that was
///   used), a new one is obtained, and the call is sent once more. If the
///   source hands back the same token, or the retry fails the same way, the
///   error is returned; this never loops.
/// - transient failures: an error whose
///   [`is_retryable`](ApiError::is_retryable) is true, a timeout or a dropped
///   connection (only for endpoints the spec marks `idempotent`), and failures to
///   connect or to obtain a token (for any endpoint, since nothing was sent),
///   up to the configured number of attempts with exponential backoff.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) ctx: HttpCtx,
    pub(crate) tokens: Box<dyn TokenSource>,
    pub(crate) app_id: Option<String>,
    /// For endpoints that carry the app secret instead of a token.
    pub(crate) app_secret: Option<Secret<String>>,
    pub(crate) retry: RetryPolicy,
    /// API security mode, when configured.
    pub(crate) security: Option<Security>,
}

/// Turns an answer into the call's result.
type Decoder<T, E> = fn(&Answer<'_>) -> Result<T, Error<E>>;

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder<Client> {
        ClientBuilder::new()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The configured app id, if any.
    pub fn app_id(&self) -> Option<&str> {
        self.inner.app_id.as_deref()
    }

    /// The base URL calls go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.inner.ctx.base_url()
    }

    /// The access token calls would carry now (fetching one if needed), for
    /// APIs outside this client, such as the JS-SDK. `None` when the client
    /// sends no token.
    pub async fn access_token(&self) -> Result<Option<AccessToken>, TokenError> {
        self.current_token().await
    }

    /// Replaces the access token now, even though the cached one is still
    /// valid, for example because it leaked.
    ///
    /// With [`stable_token`](ClientBuilder::stable_token) this calls
    /// `/cgi-bin/stable_token` with `force_refresh: true`, which invalidates
    /// the previous stable token; WeChat allows that 20 times a day, 30 s
    /// apart, so a second call within 30 s is refused here with
    /// [`TokenError::TooSoon`] without asking WeChat. In classic mode it
    /// fetches `/cgi-bin/token` again. Normal calls never force a refresh.
    ///
    /// Fails with [`TokenError::Unsupported`] for sources that do not fetch
    /// tokens themselves ([`access_token`](ClientBuilder::access_token),
    /// [`without_access_token`](ClientBuilder::without_access_token)).
    pub async fn force_refresh_token(&self) -> Result<(), TokenError> {
        self.inner.tokens.force_refresh(&self.inner.ctx).await?;
        Ok(())
    }

    /// The token to send: the source's cached one without waiting (no lock,
    /// no allocation), else whatever its `token()` future yields.
    async fn current_token(&self) -> Result<Option<AccessToken>, TokenError> {
        match self.inner.tokens.cached() {
            Some(token) => Ok(Some(token)),
            None => self.inner.tokens.token(&self.inner.ctx).await,
        }
    }

    pub(crate) async fn execute<T, E: ApiError>(
        &self,
        endpoint: &Endpoint,
        encoded: Encoded,
        decode: Decoder<T, E>,
    ) -> Result<T, Error<E>> {
        encoded.check()?;
        if matches!(endpoint.auth, Auth::AppSecret { .. }) && self.app_credentials().is_none() {
            return Err(EncodeError::missing_app_secret(endpoint.id).into());
        }
        let span = tracing::info_span!(
            "wxapi.call",
            endpoint = endpoint.id,
            method = endpoint.method.as_str(),
            attempts = Empty,
            status = Empty,
            errcode = Empty,
            latency_ms = Empty,
        );
        // Without a subscriber for the span there is nothing to time.
        let started = (!span.is_disabled()).then(Instant::now);
        // Boxed: the attempts' state is most of a call's, and a small future is cheaper to
        // move (into an executor's task, say) than one of a kilobyte or two.
        let result = Box::pin(self.attempts(endpoint, &encoded, decode, &span))
            .instrument(span.clone())
            .await;
        if let Some(started) = started {
            span.record("latency_ms", elapsed_ms(started));
        }
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!("call succeeded"),
            Err(Error::Api(e)) => tracing::debug!(error = %e, "call answered with an error"),
            Err(e) => tracing::warn!(error = %e, "call failed"),
        });
        result
    }

    async fn attempts<T, E: ApiError>(
        &self,
        endpoint: &Endpoint,
        encoded: &Encoded,
        decode: Decoder<T, E>,
        span: &Span,
    ) -> Result<T, Error<E>> {
        let policy = self.inner.retry;
        let mut sends: u32 = 0;
        let mut retries: u32 = 0;
        let mut refreshed = false;
        // A token obtained while handling the previous attempt's failure.
        let mut next_token: Option<Option<AccessToken>> = None;
        loop {
            let token = match next_token
                .take()
                .or_else(|| self.cached_token_for(endpoint))
            {
                Some(token) => Ok(token),
                None => self.token_for(endpoint).await,
            };
            let (used, result) = match token {
                Ok(token) => {
                    sends += 1;
                    span.record("attempts", sends);
                    let result = self
                        .send(endpoint, encoded, token.as_ref(), decode, span)
                        .await;
                    (token, result)
                }
                Err(e) => (None, Err(Error::Token(e))),
            };
            let error = match result {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            if let Error::Api(api) = &error {
                span.record("errcode", api.code());
            }

            if let (Error::Api(api), Some(used)) = (&error, &used) {
                if api.is_token_invalid() {
                    if refreshed {
                        return Err(error);
                    }
                    refreshed = true;
                    self.inner.tokens.invalidate(used).await;
                    let fresh = self.token_for(endpoint).await?;
                    if fresh.as_ref() == Some(used) {
                        // The source cannot do better (a static token).
                        return Err(error);
                    }
                    tracing::debug!(error = %api, "access token rejected, retrying with a new one");
                    next_token = Some(fresh);
                    continue;
                }
            }

            if retries + 1 < policy.max_attempts && retryable(endpoint, &error) {
                retries += 1;
                let delay = policy.delay(retries);
                tracing::debug!(
                    error = %error,
                    delay_ms = elapsed_ms_of(delay),
                    "transient failure, retrying"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(error);
        }
    }

    /// The token to send to `endpoint` if it is known without waiting: none for an endpoint
    /// without a token, else the source's cached one. `None` when that needs `token_for`.
    fn cached_token_for(&self, endpoint: &Endpoint) -> Option<Option<AccessToken>> {
        match endpoint.auth {
            Auth::AccessToken => self.inner.tokens.cached().map(Some),
            _ => Some(None),
        }
    }

    async fn token_for(&self, endpoint: &Endpoint) -> Result<Option<AccessToken>, TokenError> {
        match endpoint.auth {
            Auth::AccessToken => self.current_token().await,
            _ => Ok(None),
        }
    }

    async fn send<T, E: ApiError>(
        &self,
        endpoint: &Endpoint,
        encoded: &Encoded,
        token: Option<&AccessToken>,
        decode: Decoder<T, E>,
        span: &Span,
    ) -> Result<T, Error<E>> {
        if let Some(security) = self.security_for(endpoint) {
            // Boxed, so that the state of this rarer (and, with its RSA, far costlier) path
            // does not make every plain call's future bigger.
            return Box::pin(self.send_sealed(security, endpoint, encoded, token, decode, span))
                .await;
        }
        let request = self.request(endpoint, encoded, token, None)?;
        let received = self
            .exchange(
                endpoint,
                encoded,
                token,
                self.inner.ctx.http().execute(request),
                false,
                span,
            )
            .await?;
        decode(&received.answer(&received.body))
    }

    /// [`send`](Self::send) in API security mode: the request sealed afresh for every attempt
    /// (new timestamp, IV and `_n`), the response verified and opened before decoding.
    async fn send_sealed<T, E: ApiError>(
        &self,
        security: &Security,
        endpoint: &Endpoint,
        encoded: &Encoded,
        token: Option<&AccessToken>,
        decode: Decoder<T, E>,
        span: &Span,
    ) -> Result<T, Error<E>> {
        let sealed = security.seal(&self.inner.ctx.url(endpoint.path), encoded)?;
        let request = self.request(endpoint, encoded, token, Some((security, &sealed)))?;
        let received = self
            .exchange(
                endpoint,
                encoded,
                token,
                self.inner.ctx.http().execute(request),
                true,
                span,
            )
            .await?;
        let headers = received.headers.clone().unwrap_or_default();
        let plaintext = security.open(&sealed, received.status, &headers, &received.body)?;
        decode(&received.answer(&Bytes::from(plaintext)))
    }

    /// The HTTP request of one attempt: [`url`](Self::url), the timeout and the body (the
    /// encoded one, or the sealed one in API security mode).
    fn request<E>(
        &self,
        endpoint: &Endpoint,
        encoded: &Encoded,
        token: Option<&AccessToken>,
        sealed: Option<(&Security, &Sealed)>,
    ) -> Result<reqwest::Request, Error<E>> {
        let ctx = &self.inner.ctx;
        let method = endpoint.method.to_reqwest();
        let builder = match self.url(endpoint, encoded, token, sealed.is_some()) {
            Some(url) => ctx.http().request(method, url),
            // Not a URL: reqwest says why when the request is built.
            None => ctx.http().request(method, ctx.url(endpoint.path)),
        }
        .timeout(ctx.timeout());
        let builder = match sealed {
            Some((security, sealed)) => sealed.apply(builder, security.app_id()),
            None => encoded.apply_body(builder)?,
        };
        builder
            .build()
            .map_err(|e| TransportError::new(endpoint.id, None, e).into())
    }

    /// Awaits `sent`, reqwest's future for the request, and reads the whole response: its
    /// status, content type, headers (only if `sealed`, for checking the signature) and body.
    async fn exchange(
        &self,
        endpoint: &Endpoint,
        encoded: &Encoded,
        token: Option<&AccessToken>,
        // A future rather than the request, so that this future does not keep a copy of it.
        sent: impl Future<Output = reqwest::Result<reqwest::Response>>,
        sealed: bool,
        span: &Span,
    ) -> Result<Received, TransportError> {
        // Only a failure quotes the URL, so only a failure pays for masking the token in it.
        let failed = |e| {
            let url = self.url(endpoint, encoded, token, sealed);
            TransportError::new(endpoint.id, url.as_ref().map(redact::url), e)
        };
        let started = tracing::enabled!(tracing::Level::TRACE).then(Instant::now);
        let response = sent.await.map_err(failed)?;
        let status = response.status().as_u16();
        span.record("status", status);
        let headers = sealed.then(|| response.headers().clone());
        let content_type = response.headers().get(CONTENT_TYPE).cloned();
        let body = response.bytes().await.map_err(failed)?;
        if let Some(started) = started {
            tracing::trace!(
                status,
                latency_ms = elapsed_ms(started),
                len = body.len(),
                "response received"
            );
        }
        Ok(Received {
            status,
            content_type,
            headers,
            body,
        })
    }

    /// The URL of one attempt: the endpoint's path below the base URL, then the encoded
    /// query pairs (unless `sealed`: API security mode sends them in the encrypted body),
    /// the signatures, and the credentials: `access_token`, or the app id and secret.
    /// `None` if that is not a URL.
    ///
    /// The base URL was parsed when the client was built, so this parses only the path and
    /// appends the query without parsing anything again.
    fn url(
        &self,
        endpoint: &Endpoint,
        encoded: &Encoded,
        token: Option<&AccessToken>,
        sealed: bool,
    ) -> Option<Url> {
        let ctx = &self.inner.ctx;
        let mut url = ctx
            .endpoint_url(endpoint.path)
            .or_else(|| Url::parse(&ctx.url(endpoint.path)).ok())?;
        let signatures = encoded.signature_pairs();
        let mut pairs = (!sealed)
            .then(|| encoded.query_pairs())
            .into_iter()
            .flatten()
            .chain(
                signatures
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            )
            .chain(self.credential_pairs(endpoint, token))
            .peekable();
        if pairs.peek().is_some() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Some(url)
    }

    /// The query pairs that authenticate a call to `endpoint`.
    fn credential_pairs<'a>(
        &'a self,
        endpoint: &Endpoint,
        token: Option<&'a AccessToken>,
    ) -> impl Iterator<Item = (&'a str, &'a str)> {
        let token = token.map(|token| ("access_token", token.expose()));
        let app = match endpoint.auth {
            Auth::AppSecret { appid, secret } => {
                self.app_credentials()
                    .map(|(id, key)| -> [(&'a str, &'a str); 2] {
                        [(appid, id), (secret, key.expose().as_str())]
                    })
            }
            _ => None,
        };
        token.into_iter().chain(app.into_iter().flatten())
    }

    /// The app id and secret, when the client has both.
    fn app_credentials(&self) -> Option<(&str, &Secret<String>)> {
        Some((
            self.inner.app_id.as_deref()?,
            self.inner.app_secret.as_ref()?,
        ))
    }

    /// The security mode to use for `endpoint`: the client's, if the endpoint supports it.
    fn security_for(&self, endpoint: &Endpoint) -> Option<&Security> {
        self.inner
            .security
            .as_ref()
            .filter(|_| endpoint.security_mode)
    }
}

/// A whole response, read.
struct Received {
    status: u16,
    content_type: Option<HeaderValue>,
    /// Only in API security mode, where the signature headers are checked.
    headers: Option<HeaderMap>,
    body: Bytes,
}

impl Received {
    /// What the decoder sees: the status, the content type and `body` (this body, or its
    /// decrypted plaintext in API security mode).
    fn answer<'a>(&'a self, body: &'a Bytes) -> Answer<'a> {
        Answer {
            status: self.status,
            content_type: self.content_type.as_ref().and_then(|v| v.to_str().ok()),
            body,
        }
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    elapsed_ms_of(started.elapsed())
}

fn elapsed_ms_of(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.ctx.base_url())
            .field("app_id", &self.inner.app_id)
            .field("timeout", &self.inner.ctx.timeout())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::tests::TestError;

    const IDEMPOTENT: Endpoint = Endpoint::get("test.get", "/get").idempotent();

    #[test]
    fn futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let client = Client::builder()
            .without_access_token()
            .build()
            .expect("client");
        let call = crate::codegen::call_raw::<TestError>(&client, &IDEMPOTENT, Encoded::empty());
        assert_send(&call);
        let debug = format!("{client:?}");
        assert!(debug.contains("api.weixin.qq.com"), "{debug}");
    }
}
