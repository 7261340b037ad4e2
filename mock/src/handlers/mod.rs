//! Request handling: counting and recording, faults, then routing: custom endpoints, the
//! built-in handlers, the spec's endpoints (see [`crate::spec`]), else 404 (40066).
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
use crate::spec::{serve, Route};
use crate::state::{Endpoint, EndpointHandler, Shared};
use crate::tokens::TokenError;

/// Handles one request: counts and records it, applies armed faults, then answers.
pub(crate) async fn handle(shared: &Arc<Shared>, req: ReceivedRequest) -> Reply {
    let (selected, call) = {
        let mut inner = shared.lock();
        *inner.requests.entry(req.path.clone()).or_default() += 1;
        inner.log.push(req.clone());
        // Routed now so that calls answered by a fault name their endpoint too; `route`
        // routes again after API security mode decrypted the body.
        let endpoint = inner.spec.as_ref().and_then(|spec| match spec.route(&req) {
            Route::Endpoint(index) => Some(spec.model.endpoints[index].id.clone()),
            _ => None,
        });
        let call = inner.spec_state.record(&req, endpoint);
        (inner.faults.take(&req.path), call)
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
    let mut steered_delay = None;
    let reply = crate::security::handle(shared, &req, |req| {
        route(shared, req, call, &mut steered_delay).unwrap_or_else(|error| error)
    });
    if let Some(delay) = steered_delay {
        tokio::time::sleep(delay).await;
    }
    if string_errcode {
        reply.with_string_errcode()
    } else {
        reply
    }
}

type Builtin = fn(&Shared, &ReceivedRequest) -> Outcome;

/// The endpoints whose behaviour the spec can't express: tokens, content checks, the
/// service market.
fn builtin(path: &str) -> Option<Builtin> {
    Some(match path {
        "/cgi-bin/token" => token::get_token,
        "/cgi-bin/stable_token" => token::stable_token,
        "/cgi-bin/component/api_component_token" => component::component_token,
        "/cgi-bin/component/api_authorizer_token" => component::authorizer_token,
        "/wxa/msg_sec_check" => msg_sec_check::msg_sec_check,
        "/wxa/img_sec_check" => img_sec_check::img_sec_check,
        "/wxa/servicemarket" => service_market::invoke,
        "/wxa/servicemarketretrieve" => service_market::retrieve,
        _ => return None,
    })
}

/// Custom endpoints first, then the built-in ones, then the spec's; any other path 404.
fn route(
    shared: &Shared,
    req: &ReceivedRequest,
    call: u64,
    delay: &mut Option<std::time::Duration>,
) -> Outcome {
    let (custom, spec) = {
        let inner = shared.lock();
        (inner.endpoints.get(&req.path).cloned(), inner.spec.clone())
    };
    if let Some(endpoint) = custom {
        return custom_endpoint(shared, req, &endpoint);
    }
    let route = spec.as_ref().map_or(Route::Unknown, |spec| spec.route(req));
    if let (Some(spec), Route::Endpoint(index)) = (&spec, route) {
        let id = &spec.model.endpoints[index].id;
        let mut inner = shared.lock();
        inner.spec_state.routed(call, id);
        if let Some(handler) = builtin(&req.path) {
            let steered = inner.spec_state.steering.armed(id);
            drop(inner);
            if steered {
                return serve::steered_builtin(shared, spec, index, req, delay, || {
                    handler(shared, req)
                });
            }
        }
    }
    if let Some(handler) = builtin(&req.path) {
        return handler(shared, req);
    }
    match (spec, route) {
        (Some(spec), Route::Endpoint(index)) => serve::serve(shared, &spec, index, req, delay),
        (_, Route::WrongMethod(needed)) => Err(serve::wrong_method(needed)),
        _ => Err(serve::unknown_path()),
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
