//! `GET /cgi-bin/token` and `POST /cgi-bin/stable_token`.

use serde_json::json;

use super::{json_object, opt_bool, opt_str, require_post};
use crate::codes;
use crate::config::WrongSecret;
use crate::envelope::{Outcome, Reply};
use crate::request::ReceivedRequest;
use crate::state::{Inner, Shared};
use crate::tokens::{Issued, StableAction};

/// Checks grant_type, appid and secret, in that order; returns the appid.
fn check_credentials<'a>(
    inner: &Inner,
    grant_type: Option<&str>,
    appid: Option<&'a str>,
    secret: Option<&str>,
) -> Result<&'a str, Reply> {
    if grant_type != Some("client_credential") {
        return Err(Reply::error(codes::INVALID_GRANT_TYPE));
    }
    let appid = appid
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Reply::error(codes::APPID_MISSING))?;
    let secret = secret
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Reply::error(codes::APPSECRET_MISSING))?;
    match inner.config.apps.get(appid) {
        None => Err(Reply::error(codes::INVALID_APPID)),
        Some(expected) if expected != secret => {
            Err(Reply::error(match inner.config.wrong_secret {
                WrongSecret::InvalidAppsecret => codes::INVALID_APPSECRET,
                WrongSecret::InvalidCredential => codes::INVALID_CREDENTIAL,
            }))
        }
        Some(_) => Ok(appid),
    }
}

/// A token answer: no `errcode`, as the real one.
fn token_reply(issued: Issued) -> Reply {
    Reply::ok(json!({
        "access_token": issued.access_token,
        "expires_in": issued.expires_in,
    }))
}

/// `GET /cgi-bin/token?grant_type=client_credential&appid=…&secret=…`.
///
/// Any method is accepted: the parameters are read from the query string.
pub(crate) fn get_token(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    let now = shared.now();
    let mut guard = shared.lock();
    let inner = &mut *guard;
    let appid = check_credentials(
        inner,
        req.query_param("grant_type"),
        req.query_param("appid"),
        req.query_param("secret"),
    )?;
    let issued = inner.tokens.issue_classic(appid, now, &inner.config.tokens);
    inner.counters.token_fetches += 1;
    Ok(token_reply(issued))
}

/// `POST /cgi-bin/stable_token` with `{grant_type, appid, secret, force_refresh?}`.
pub(crate) fn stable_token(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    let body = json_object(req)?;
    let grant_type = opt_str(&body, "grant_type")?;
    let appid = opt_str(&body, "appid")?;
    let secret = opt_str(&body, "secret")?;
    let force = opt_bool(&body, "force_refresh")?.unwrap_or(false);

    let now = shared.now();
    let mut guard = shared.lock();
    let inner = &mut *guard;
    let appid = check_credentials(inner, grant_type, appid, secret)?;
    let (issued, action) = inner
        .tokens
        .stable(appid, now, force, &inner.config.tokens)
        .map_err(|()| Reply::error(codes::DAILY_QUOTA))?;
    let counters = &mut inner.counters;
    match action {
        StableAction::Reused | StableAction::Renewed => counters.stable_token_fetches += 1,
        StableAction::Forced => {
            counters.forced_refresh_calls += 1;
            counters.forced_refreshes += 1;
        }
        StableAction::ForceTooSoon => counters.forced_refresh_calls += 1,
    }
    Ok(token_reply(issued))
}
