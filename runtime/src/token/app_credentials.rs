//! Access tokens fetched with an app id and secret.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::cached::{Cached, Fetch};
use super::exchange::{self, token_span, TokenEndpoint};
use super::force::ForceGuard;
use super::{HttpCtx, StoredToken, TokenError, TokenStore};
use crate::Secret;

/// Fetches access tokens with an app id and secret (the
/// `client_credential` grant) and caches each until five minutes before it
/// expires.
///
/// - **Endpoint**: `GET /cgi-bin/token` by default, or
///   `POST /cgi-bin/stable_token` in normal mode with
///   [`stable_token(true)`](Self::stable_token). Prefer the latter when
///   several deployments share an app id: fetching a stable token again
///   returns the same token instead of invalidating the previous one. Force
///   refresh mode is used only by [`force_refresh`](super::TokenSource::force_refresh).
/// - **Cache**: the token sits in an atomically swapped `Arc`; reading it
///   ([`cached`](super::TokenSource::cached)) takes no lock and allocates nothing.
/// - **Single flight**: callers that find the cache empty at the same time
///   queue behind one fetch and share its result, token or error, so
///   however many callers wait, one fetch per app is in flight.
/// - **Compare and expire**: [`invalidate`](super::TokenSource::invalidate)
///   forgets the token only if it is still the rejected one.
/// - **Shared store** (optional, [`token_store`](Self::token_store)):
///   processes share one token and one refresh through a [`TokenStore`];
///   the local cache stays in front of it, so the hot path still does no
///   I/O.
pub struct AppCredentials {
    cached: Cached<AppSecret>,
}

/// What fetches an app's token: its id, its secret, and the endpoint.
struct AppSecret {
    app_id: String,
    app_secret: Secret<String>,
    stable: bool,
    force: ForceGuard,
}

impl AppCredentials {
    /// Uses `app_id` and `app_secret` to fetch tokens from `/cgi-bin/token`,
    /// cached in this process only.
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<Secret<String>>) -> Self {
        AppCredentials {
            cached: Cached::new(AppSecret {
                app_id: app_id.into(),
                app_secret: app_secret.into(),
                stable: false,
                force: ForceGuard::default(),
            }),
        }
    }

    /// Fetches from `POST /cgi-bin/stable_token` (normal mode,
    /// `force_refresh: false`) instead of `GET /cgi-bin/token`.
    ///
    /// Stable tokens and classic tokens are independent of each other.
    pub fn stable_token(mut self, stable: bool) -> Self {
        self.cached.source_mut().stable = stable;
        self
    }

    /// Shares tokens with other instances through `store` (see
    /// [`TokenStore`] for the protocol).
    ///
    /// If the store fails, calls fail with a retryable
    /// [`TokenError::Store`], except in [stable](Self::stable_token) mode,
    /// where fetching without the store is harmless (a stable token is not
    /// invalidated by fetching it again), so the source does that.
    pub fn token_store(self, store: impl TokenStore) -> Self {
        self.shared_store(Arc::new(store))
    }

    pub(crate) fn shared_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        let app_id = self.app_id().to_owned();
        self.cached.share(store, app_id);
        self
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        &self.cached.source().app_id
    }

    /// Whether tokens come from `/cgi-bin/stable_token`.
    pub fn is_stable(&self) -> bool {
        self.cached.source().stable
    }
}

forward_token_source!(AppCredentials, |this| this.cached);

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("source", self.cached.source())
            .field("store", &self.cached.store())
            .finish_non_exhaustive()
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

impl AppSecret {
    fn endpoint(&self) -> &'static TokenEndpoint {
        if self.stable {
            &exchange::GET_STABLE_ACCESS_TOKEN
        } else {
            &exchange::GET_ACCESS_TOKEN
        }
    }
}

impl Fetch for AppSecret {
    /// `force` asks `/cgi-bin/stable_token` for a new token
    /// (`force_refresh: true`); `/cgi-bin/token` issues a new one anyway.
    async fn fetch(&self, ctx: &HttpCtx, force: bool) -> Result<StoredToken, TokenError> {
        let endpoint = self.endpoint();
        let secret = self.app_secret.expose().as_str();
        let url = ctx.url(endpoint.path);
        let request = if self.stable {
            ctx.http().post(url).json(&StableTokenRequest {
                grant_type: "client_credential",
                appid: &self.app_id,
                secret,
                force_refresh: force,
            })
        } else {
            ctx.http().get(url).query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", secret),
            ])
        };
        let span = token_span!(app_id = %self.app_id, endpoint = endpoint.id, force);
        let reply = exchange::send(ctx, endpoint, request, &[secret], span).await?;
        Ok(reply.issued())
    }

    /// Forced refreshes are spaced: see [`ForceGuard`].
    fn claim_force(&self) -> Result<(), TokenError> {
        self.force.claim()
    }

    /// A stable token is not invalidated by fetching it again.
    fn fetch_when_store_fails(&self) -> bool {
        self.stable
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppSecret")
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .field("endpoint", &if self.stable { "Stable" } else { "Classic" })
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
    fn debug_hides_secret() {
        let source = AppCredentials::new("wx1", "s3cr3t").stable_token(true);
        assert!(source.is_stable());
        assert_eq!(source.app_id(), "wx1");
        let debug = format!("{source:?}");
        assert!(debug.contains("wx1") && debug.contains("Stable"), "{debug}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
    }
}
