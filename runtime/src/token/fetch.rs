//! Fetching a token from WeChat: `GET /cgi-bin/token` (classic) or
//! `POST /cgi-bin/stable_token` (stable).
//!
//! Only the request differs between the two; sending, logging and decoding
//! are shared, and so is everything around a fetch (caching, single flight,
//! the shared store), which lives in [`AppCredentials`](super::AppCredentials).

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;
use tracing::Instrument as _;

use super::{response, AccessToken, HttpCtx, TokenError};
use crate::{Secret, TransportError};

/// Which endpoint tokens come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenEndpoint {
    /// `GET /cgi-bin/token`: every fetch issues a new token, and the
    /// previous one stops working five minutes later.
    Classic,
    /// `POST /cgi-bin/stable_token`: in normal mode, fetching again returns
    /// the same token with its remaining lifetime; in force-refresh mode
    /// (20 a day, 30 s apart) a new one, invalidating the old.
    Stable,
}

impl TokenEndpoint {
    fn path(self) -> &'static str {
        match self {
            TokenEndpoint::Classic => "/cgi-bin/token",
            TokenEndpoint::Stable => "/cgi-bin/stable_token",
        }
    }

    /// The endpoint id used in errors and logs.
    fn id(self) -> &'static str {
        match self {
            TokenEndpoint::Classic => "cgi-bin.token",
            TokenEndpoint::Stable => "cgi-bin.stable_token",
        }
    }
}

/// The body of `POST /cgi-bin/stable_token`.
#[derive(Serialize)]
struct StableTokenRequest<'a> {
    grant_type: &'static str,
    appid: &'a str,
    secret: &'a str,
    force_refresh: bool,
}

/// Fetches tokens for one app from one endpoint.
pub(crate) struct Fetcher {
    app_id: String,
    app_secret: Secret<String>,
    endpoint: TokenEndpoint,
}

impl Fetcher {
    pub(crate) fn new(app_id: String, app_secret: Secret<String>) -> Self {
        Fetcher {
            app_id,
            app_secret,
            endpoint: TokenEndpoint::Classic,
        }
    }

    pub(crate) fn app_id(&self) -> &str {
        &self.app_id
    }

    pub(crate) fn endpoint(&self) -> TokenEndpoint {
        self.endpoint
    }

    pub(crate) fn set_endpoint(&mut self, endpoint: TokenEndpoint) {
        self.endpoint = endpoint;
    }

    /// Fetches a token and its remaining lifetime.
    ///
    /// `force` asks `/cgi-bin/stable_token` for a new token
    /// (`force_refresh: true`); `/cgi-bin/token` issues a new one anyway.
    pub(crate) async fn fetch(
        &self,
        ctx: &HttpCtx,
        force: bool,
    ) -> Result<(AccessToken, Duration), TokenError> {
        let span = tracing::info_span!(
            "wxapi.token",
            app_id = %self.app_id,
            endpoint = self.endpoint.id(),
            force,
            status = tracing::field::Empty,
            errcode = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.fetch_in(ctx, force, &span)
            .instrument(span.clone())
            .await
    }

    async fn fetch_in(
        &self,
        ctx: &HttpCtx,
        force: bool,
        span: &tracing::Span,
    ) -> Result<(AccessToken, Duration), TokenError> {
        let id = self.endpoint.id();
        let started = Instant::now();
        let secret = self.app_secret.expose().as_str();
        let builder = ctx.http().request(
            match self.endpoint {
                TokenEndpoint::Classic => reqwest::Method::GET,
                TokenEndpoint::Stable => reqwest::Method::POST,
            },
            ctx.url(self.endpoint.path()),
        );
        let builder = match self.endpoint {
            TokenEndpoint::Classic => builder.query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", secret),
            ]),
            TokenEndpoint::Stable => builder.json(&StableTokenRequest {
                grant_type: "client_credential",
                appid: &self.app_id,
                secret,
                force_refresh: force,
            }),
        };
        let request = builder
            .timeout(ctx.timeout())
            .build()
            .map_err(|e| TokenError::Transport(TransportError::new(id, None, e)))?;
        // The classic endpoint has the secret in the query: mask it.
        let url = crate::redact::url(request.url());
        let transport = |e| TokenError::Transport(TransportError::new(id, Some(url.clone()), e));
        let response = ctx.http().execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        span.record("status", status);
        let body = response.bytes().await.map_err(transport)?;
        span.record("latency_ms", elapsed_ms(started));
        let result = response::parse(status, &body, secret);
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

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_request_body() {
        let body = serde_json::to_value(StableTokenRequest {
            grant_type: "client_credential",
            appid: "wx1",
            secret: "s",
            force_refresh: false,
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "grant_type": "client_credential",
                "appid": "wx1",
                "secret": "s",
                "force_refresh": false,
            })
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let fetcher = Fetcher::new("wx1".into(), Secret::new("s3cr3t".into()));
        let debug = format!("{fetcher:?}");
        assert!(
            debug.contains("wx1") && !debug.contains("s3cr3t"),
            "{debug}"
        );
    }
}
