//! Credentials as a spec endpoint's `auth` and `signature` say.
//!
//! - `access_token`: the token lifecycle of the built-in endpoints (41001, 40014, 40001, 42001).
//! - `app_secret {appid, secret}`: those query parameters name a configured app with its
//!   secret (41002 / 41004 missing, 40013 unknown appid, 40125 wrong secret).
//! - `signature: session_key`: `signature` (hex) and `sig_method=hmac_sha256` in the query,
//!   else 87009; when the test told the session key of the call's `openid`
//!   ([`MockServer::set_session_key`]), the signature must be its HMAC-SHA256 of the body.

use wxapi_codegen::model::{AuthKind, Endpoint};

use crate::codes;
use crate::config::WrongSecret;
use crate::envelope::Reply;
use crate::handlers::authenticate;
use crate::request::{session_key_signature, ReceivedRequest};
use crate::state::Shared;
use crate::MockServer;

/// `87009` invalid signature.
pub(crate) const INVALID_SIGNATURE: i64 = 87009;

/// Checks the endpoint's credentials; the error answer when they don't pass.
pub(crate) fn check(
    shared: &Shared,
    endpoint: &Endpoint,
    req: &ReceivedRequest,
) -> Result<(), Reply> {
    match &endpoint.auth {
        AuthKind::None => {}
        AuthKind::AccessToken => {
            authenticate(shared, req)?;
        }
        AuthKind::AppSecret { appid, secret } => app_secret(shared, req, appid, secret)?,
    }
    if endpoint.signature.is_some() {
        signature(shared, req)?;
    }
    Ok(())
}

fn app_secret(
    shared: &Shared,
    req: &ReceivedRequest,
    appid: &str,
    secret: &str,
) -> Result<(), Reply> {
    let present = |name: &str| req.query_param(name).filter(|v| !v.is_empty());
    let appid = present(appid).ok_or_else(|| Reply::error(codes::APPID_MISSING))?;
    let secret = present(secret).ok_or_else(|| Reply::error(codes::APPSECRET_MISSING))?;
    let inner = shared.lock();
    match inner.config.apps.get(appid) {
        None => Err(Reply::error(codes::INVALID_APPID)),
        Some(expected) if expected != secret => {
            Err(Reply::error(match inner.config.wrong_secret {
                WrongSecret::InvalidAppsecret => codes::INVALID_APPSECRET,
                WrongSecret::InvalidCredential => codes::INVALID_CREDENTIAL,
            }))
        }
        Some(_) => Ok(()),
    }
}

fn invalid_signature(why: &str) -> Reply {
    Reply::error_with(INVALID_SIGNATURE, &format!("invalid signature: {why}"))
}

fn signature(shared: &Shared, req: &ReceivedRequest) -> Result<(), Reply> {
    let signature = req
        .query_param("signature")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid_signature("`signature` missing"))?;
    if req.query_param("sig_method") != Some("hmac_sha256") {
        return Err(invalid_signature("`sig_method` must be hmac_sha256"));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid_signature(
            "`signature` is not the hex of an HMAC-SHA256",
        ));
    }
    let openid = req.query_param("openid").unwrap_or_default();
    let key = shared.lock().spec_state.session_keys.get(openid).cloned();
    match key {
        Some(key) if !session_key_signature(&key, &req.body).eq_ignore_ascii_case(signature) => {
            Err(invalid_signature(
                "the signature does not match the user's session key",
            ))
        }
        _ => Ok(()),
    }
}

impl MockServer {
    /// Tells the server the session key of the user `openid`: from now on, calls signed with
    /// the session key (`signature: session_key` endpoints) for this openid must carry its
    /// [signature](crate::session_key_signature) of the body, else 87009. Without it, any
    /// well-formed signature passes.
    pub fn set_session_key(&self, openid: impl Into<String>, session_key: impl Into<String>) {
        self.shared
            .lock()
            .spec_state
            .session_keys
            .insert(openid.into(), session_key.into());
    }
}
