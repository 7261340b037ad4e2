//! `POST /cgi-bin/component/api_component_token` and
//! `POST /cgi-bin/component/api_authorizer_token`: the tokens of a third-party platform and of
//! the merchants that authorized it.
//!
//! The checks run in the order of the request: method, body, appid, secret, ticket (or:
//! method, component token, body, appid, authorization, refresh token). Where the real
//! server's answer to a case is not documented, the fake picks the code the developer
//! community reports for it (61006 for an empty ticket, 61011 for an appid that is not a
//! platform, 61023 for an empty refresh token).

use serde_json::json;

use super::{json_object, opt_str, require_post};
use crate::codes;
use crate::component::{AuthorizationError, ComponentTokenError, TicketError};
use crate::config::WrongSecret;
use crate::envelope::{Outcome, Reply};
use crate::request::ReceivedRequest;
use crate::state::Shared;

/// `{component_appid, component_appsecret, component_verify_ticket}` →
/// `{component_access_token, expires_in}` (no `errcode`, as the real one).
///
/// Empty appid 41002, unknown appid 61011, empty secret 41004, wrong secret 40125 (or 40001,
/// as [configured](crate::MockServerBuilder::wrong_secret)), missing or unknown ticket 61006,
/// a ticket pushed more than 12 hours ago 61005.
pub(crate) fn component_token(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    let body = json_object(req)?;
    let appid = opt_str(&body, "component_appid")?.unwrap_or_default();
    let secret = opt_str(&body, "component_appsecret")?.unwrap_or_default();
    let ticket = opt_str(&body, "component_verify_ticket")?.unwrap_or_default();

    let now = shared.now();
    let mut guard = shared.lock();
    let inner = &mut *guard;
    if appid.is_empty() {
        return Err(Reply::error(codes::APPID_MISSING));
    }
    let expected = inner
        .components
        .secret(appid)
        .ok_or_else(|| Reply::error(codes::INVALID_COMPONENT))?;
    if secret.is_empty() {
        return Err(Reply::error(codes::APPSECRET_MISSING));
    }
    if secret != expected {
        return Err(Reply::error(match inner.config.wrong_secret {
            WrongSecret::InvalidAppsecret => codes::INVALID_APPSECRET,
            WrongSecret::InvalidCredential => codes::INVALID_CREDENTIAL,
        }));
    }
    inner
        .components
        .check_ticket(appid, ticket, now)
        .map_err(|error| {
            Reply::error(match error {
                TicketError::Invalid => codes::COMPONENT_TICKET_INVALID,
                TicketError::Expired => codes::COMPONENT_TICKET_EXPIRED,
            })
        })?;
    let lifetime = inner.config.tokens.expires_in;
    let token = inner.components.issue_token(appid, now, lifetime);
    inner.counters.component_token_fetches += 1;
    Ok(Reply::ok(json!({
        "component_access_token": token,
        "expires_in": ceil_secs(lifetime),
    })))
}

/// `?component_access_token=` (or `?access_token=`, as the newer docs spell it) with
/// `{component_appid, authorizer_appid, authorizer_refresh_token}` →
/// `{authorizer_access_token, expires_in, authorizer_refresh_token}`.
///
/// Component token missing 41001, malformed 40014, unknown or revoked 40001, expired 42001;
/// empty component_appid 41002; a component_appid other than the token's platform 61011; no
/// (or a cancelled) authorization 61003; a missing, wrong or replaced refresh token 61023.
pub(crate) fn authorizer_token(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    let token = req
        .query_param("component_access_token")
        .or_else(|| req.query_param("access_token"))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Reply::error(codes::ACCESS_TOKEN_MISSING))?;
    let now = shared.now();
    let platform = {
        let inner = shared.lock();
        inner
            .components
            .validate_token(token, now)
            .map(str::to_owned)
            .map_err(|error| {
                Reply::error(match error {
                    ComponentTokenError::Malformed => codes::INVALID_ACCESS_TOKEN,
                    ComponentTokenError::Unknown => codes::INVALID_CREDENTIAL,
                    ComponentTokenError::Expired => codes::ACCESS_TOKEN_EXPIRED,
                })
            })?
    };
    let body = json_object(req)?;
    let component = opt_str(&body, "component_appid")?.unwrap_or_default();
    let authorizer = opt_str(&body, "authorizer_appid")?.unwrap_or_default();
    let refresh_token = opt_str(&body, "authorizer_refresh_token")?.unwrap_or_default();
    if component.is_empty() {
        return Err(Reply::error(codes::APPID_MISSING));
    }
    if component != platform {
        return Err(Reply::error(codes::INVALID_COMPONENT));
    }

    let mut guard = shared.lock();
    let inner = &mut *guard;
    let refresh_token = inner
        .components
        .use_refresh_token(
            component,
            authorizer,
            refresh_token,
            now,
            &inner.config.component,
        )
        .map_err(|error| {
            Reply::error(match error {
                AuthorizationError::NotAuthorized => codes::COMPONENT_NOT_AUTHORIZED,
                AuthorizationError::InvalidRefreshToken => codes::REFRESH_TOKEN_INVALID,
            })
        })?;
    let issued = inner
        .tokens
        .issue_authorizer(authorizer, now, &inner.config.tokens);
    inner.counters.authorizer_token_fetches += 1;
    Ok(Reply::ok(json!({
        "authorizer_access_token": issued.access_token,
        "expires_in": issued.expires_in,
        "authorizer_refresh_token": refresh_token,
    })))
}

/// `d` in whole seconds, rounded up, like every `expires_in` the fake answers.
fn ceil_secs(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}
