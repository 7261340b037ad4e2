//! A third-party platform: its credentials, its `component_verify_ticket` and its cached
//! `component_access_token`.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::super::cached::{Cached, Fetch};
use super::super::exchange::{self, token_span, API_COMPONENT_TOKEN};
use super::super::{AccessToken, BoxFuture, HttpCtx, StoreError, StoredToken, TokenError};
use super::AuthorizerToken;
use crate::Secret;

/// What WeChat answers when the ticket is empty; reported, without asking WeChat, when the
/// platform has no ticket to give.
const TICKET_INVALID: i64 = 61006;

/// Where the platform keeps the `component_verify_ticket` WeChat pushes to its authorization
/// event URL every 10 minutes (valid for 12 hours).
///
/// The platform's push handler stores the ticket (decrypted from the push) wherever it likes;
/// this reads it back when a `component_access_token` is due, that is about every two hours.
/// Any `Fn() -> Option<String>` closure is one:
///
/// ```
/// use std::sync::{Arc, RwLock};
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::token::ComponentCredentials;
///
/// // Written by the push handler, read by the token source.
/// let ticket: Arc<RwLock<Option<String>>> = Arc::default();
/// let reader = Arc::clone(&ticket);
/// let component = ComponentCredentials::new("wx3d7c9a42e1b5f608", "component-secret", move || {
///     reader.read().ok()?.clone()
/// });
/// # let _ = component;
/// ```
///
/// `None` means no ticket has arrived yet: the token fails with a
/// [configuration error](TokenError::Rejected) (code 61006, what WeChat answers for an empty
/// ticket) without asking WeChat. Keep the last ticket when a push is missed, as WeChat
/// advises: a ticket stays valid for 12 hours.
pub trait ComponentTicket: Send + Sync + 'static {
    /// The newest ticket, if the platform has one. A store that cannot be reached answers
    /// a [`StoreError`], which fails the token with [`TokenError::Store`].
    fn ticket(&self) -> BoxFuture<'_, Result<Option<Secret<String>>, StoreError>>;
}

impl<F> ComponentTicket for F
where
    F: Fn() -> Option<String> + Send + Sync + 'static,
{
    fn ticket(&self) -> BoxFuture<'_, Result<Option<Secret<String>>, StoreError>> {
        let ticket = self().map(Secret::new);
        Box::pin(std::future::ready(Ok(ticket)))
    }
}

/// A third-party platform's credentials, and its cached `component_access_token`.
///
/// Cheap to clone: clones share the cached token, so give every [`AuthorizerToken`] of the
/// platform a clone (see [`authorizer`](Self::authorizer)) and they fetch one component token
/// between them. The token is fetched when first needed, refreshed five minutes before it
/// expires, and replaced when WeChat rejects it; one fetch at a time.
///
/// ```no_run
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::token::ComponentCredentials;
///
/// # fn demo(load_ticket: fn() -> Option<String>) -> Result<(), wxapi::BuildError> {
/// let platform = ComponentCredentials::new("wx3d7c9a42e1b5f608", "component-secret", load_ticket);
/// let merchant = wxapi::Client::builder()
///     .app_id("wx5e2e72fb432d8da8")
///     .token_source(platform.authorizer("wx5e2e72fb432d8da8", "refreshtoken@@@…"))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ComponentCredentials {
    inner: Arc<Cached<Component>>,
}

/// What fetches the platform's token.
struct Component {
    appid: String,
    secret: Secret<String>,
    ticket: Box<dyn ComponentTicket>,
}

/// The body of `api_component_token`.
#[derive(Serialize)]
struct ComponentTokenRequest<'a> {
    component_appid: &'a str,
    component_appsecret: &'a str,
    component_verify_ticket: &'a str,
}

impl ComponentCredentials {
    /// The platform `component_appid` with its `component_appsecret`, reading the
    /// `component_verify_ticket` from `ticket` (see [`ComponentTicket`]).
    pub fn new(
        component_appid: impl Into<String>,
        component_appsecret: impl Into<Secret<String>>,
        ticket: impl ComponentTicket,
    ) -> Self {
        ComponentCredentials {
            inner: Arc::new(Cached::new(Component {
                appid: component_appid.into(),
                secret: component_appsecret.into(),
                ticket: Box::new(ticket),
            })),
        }
    }

    /// The platform's appid.
    pub fn component_appid(&self) -> &str {
        &self.inner.source().appid
    }

    /// The token source of the merchant `authorizer_appid`, whose `authorizer_refresh_token`
    /// is `refresh_token`; the same as [`AuthorizerToken::new`].
    pub fn authorizer(
        &self,
        authorizer_appid: impl Into<String>,
        refresh_token: impl Into<Secret<String>>,
    ) -> AuthorizerToken {
        AuthorizerToken::new(self.clone(), authorizer_appid, refresh_token)
    }

    /// The `component_access_token`: the cached one, or a new one fetched through `http`,
    /// for the platform's own APIs (`?component_access_token=`). Never log it.
    pub async fn component_access_token(&self, http: &HttpCtx) -> Result<AccessToken, TokenError> {
        self.inner.get(http).await
    }

    /// Forgets the cached `component_access_token` if it is still `failed` (WeChat rejected
    /// it with 40001, 40014 or 42001); the next
    /// [`component_access_token`](Self::component_access_token) fetches a new one. Returns
    /// whether it forgot it.
    pub fn invalidate(&self, failed: &AccessToken) -> bool {
        self.inner.expire(failed)
    }
}

impl Fetch for Component {
    async fn fetch(&self, ctx: &HttpCtx, _force: bool) -> Result<StoredToken, TokenError> {
        let Some(ticket) = self.ticket.ticket().await.map_err(TokenError::Store)? else {
            return Err(TokenError::Rejected {
                code: TICKET_INVALID,
                message: "no component_verify_ticket yet (not sent to WeChat): store the ticket \
                          WeChat pushes to the platform's authorization event URL every 10 minutes"
                    .to_owned(),
            });
        };
        let secret = self.secret.expose().as_str();
        let request =
            ctx.http()
                .post(ctx.url(API_COMPONENT_TOKEN.path))
                .json(&ComponentTokenRequest {
                    component_appid: &self.appid,
                    component_appsecret: secret,
                    component_verify_ticket: ticket.expose(),
                });
        let span = token_span!(
            endpoint = API_COMPONENT_TOKEN.id,
            component_appid = self.appid,
        );
        let secrets = [secret, ticket.expose()];
        let reply = exchange::send(ctx, &API_COMPONENT_TOKEN, request, &secrets, span).await?;
        Ok(reply.issued())
    }
}

impl fmt::Debug for ComponentCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let component = self.inner.source();
        f.debug_struct("ComponentCredentials")
            .field("component_appid", &component.appid)
            .field("component_appsecret", &component.secret)
            .finish_non_exhaustive()
    }
}
