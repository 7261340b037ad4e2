//! Request handling: counting and recording, faults, then routing to the endpoint handlers.
//!
//! Handlers are synchronous functions from a [`ReceivedRequest`] to an [`Outcome`]; bad input
//! always becomes a WeChat error answer, never a panic.

mod component;
mod img_sec_check;
mod msg_sec_check;
mod service_market;
mod token;

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::codes;
use crate::envelope::{Outcome, Reply};
use crate::request::ReceivedRequest;
use crate::state::{Endpoint, EndpointHandler, Shared};
use crate::tokens::TokenError;

/// Handles one request: counts and records it, applies armed faults, then answers.
pub(crate) async fn handle(shared: &Arc<Shared>, req: ReceivedRequest) -> Reply {
    let selected = {
        let mut inner = shared.lock();
        *inner.requests.entry(req.path.clone()).or_default() += 1;
        inner.log.push(req.clone());
        inner.faults.take(&req.path)
    };
    if let Some(delay) = selected.delay {
        tokio::time::sleep(delay).await;
    }
    let mut string_errcode = false;
    if let Some(fault) = selected.fault {
        match fault.reply() {
            Some(reply) => return reply,
            // Only `StringErrcode` rewrites instead of replacing (delays are never here).
            None => string_errcode = true,
        }
    }
    let reply = crate::security::handle(shared, &req, |req| {
        route(shared, req).unwrap_or_else(|error| error)
    });
    if string_errcode {
        reply.with_string_errcode()
    } else {
        reply
    }
}

fn route(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    let custom = shared.lock().endpoints.get(&req.path).cloned();
    if let Some(endpoint) = custom {
        return custom_endpoint(shared, req, &endpoint);
    }
    match req.path.as_str() {
        "/cgi-bin/token" => token::get_token(shared, req),
        "/cgi-bin/stable_token" => token::stable_token(shared, req),
        "/cgi-bin/component/api_component_token" => component::component_token(shared, req),
        "/cgi-bin/component/api_authorizer_token" => component::authorizer_token(shared, req),
        "/wxa/msg_sec_check" => msg_sec_check::msg_sec_check(shared, req),
        "/wxa/img_sec_check" => img_sec_check::img_sec_check(shared, req),
        "/wxa/servicemarket" => service_market::invoke(shared, req),
        "/wxa/servicemarketretrieve" => service_market::retrieve(shared, req),
        _ => Ok(Reply::Raw {
            status: 404,
            content_type: "text/html",
            body: b"<html>404 Not Found</html>".to_vec(),
        }),
    }
}

fn custom_endpoint(shared: &Shared, req: &ReceivedRequest, endpoint: &Endpoint) -> Outcome {
    if endpoint.requires_token {
        authenticate(shared, req)?;
    }
    Ok(match &endpoint.handler {
        EndpointHandler::Json(handler) => Reply::ok(handler(req)),
        EndpointHandler::Raw(handler) => {
            let raw = handler(req);
            Reply::Custom {
                status: raw.status,
                content_type: raw.content_type,
                body: raw.body,
            }
        }
    })
}

/// 43002 unless the method is POST.
pub(crate) fn require_post(req: &ReceivedRequest) -> Result<(), Reply> {
    if req.method == "POST" {
        Ok(())
    } else {
        Err(Reply::error(codes::REQUIRE_POST))
    }
}

/// Checks `?access_token=`; returns the appid the token belongs to.
///
/// Missing → 41001, malformed → 40014, unknown or superseded → 40001, expired → 42001.
pub(crate) fn authenticate(shared: &Shared, req: &ReceivedRequest) -> Result<String, Reply> {
    let token = req
        .query_param("access_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Reply::error(codes::ACCESS_TOKEN_MISSING))?;
    let now = shared.now();
    let inner = shared.lock();
    inner
        .tokens
        .validate(token, now)
        .map(str::to_owned)
        .map_err(|error| {
            Reply::error(match error {
                TokenError::Malformed => codes::INVALID_ACCESS_TOKEN,
                TokenError::Unknown | TokenError::Invalidated => codes::INVALID_CREDENTIAL,
                TokenError::Expired => codes::ACCESS_TOKEN_EXPIRED,
            })
        })
}

/// The body as a JSON object: empty → 44002, anything but a JSON object → 47001.
pub(crate) fn json_object(req: &ReceivedRequest) -> Result<Map<String, Value>, Reply> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Reply::error(codes::EMPTY_POST_DATA));
    }
    match serde_json::from_slice(&req.body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(Reply::error(codes::DATA_FORMAT_ERROR)),
    }
}

/// An optional string field: absent or null → `None`, another type → 47001.
pub(crate) fn opt_str<'a>(
    object: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, Reply> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Reply::error(codes::DATA_FORMAT_ERROR)),
    }
}

/// A required string field: absent, null or another type → 47001.
pub(crate) fn req_str<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a str, Reply> {
    opt_str(object, key)?.ok_or_else(|| Reply::error(codes::DATA_FORMAT_ERROR))
}

/// An optional boolean field: absent or null → `None`, another type → 47001.
pub(crate) fn opt_bool(object: &Map<String, Value>, key: &str) -> Result<Option<bool>, Reply> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(Reply::error(codes::DATA_FORMAT_ERROR)),
    }
}
