//! `POST /wxa/servicemarket` (invokeService) and `POST /wxa/servicemarketretrieve`.
//!
//! A "not ready" asynchronous result is answered as
//! `{"errcode":0,"errmsg":"ok","status":1,"request_id":"<new>"}` (no `data`), after the
//! `status` field of the mini-program side `wx.serviceMarket.getAsyncResult` (1: no result yet,
//! keep polling). A ready result is `{"errcode":0,"errmsg":"ok","data":"<json>","request_id":"<new>"}`,
//! as in the official example (no `status`).

use serde_json::{json, Map, Value};

use super::{authenticate, json_object, opt_bool, req_str, require_post};
use crate::codes;
use crate::envelope::{errmsg_with_rid, Outcome, Reply};
use crate::providers::ProviderReply;
use crate::random;
use crate::request::ReceivedRequest;
use crate::state::{AsyncJob, ServiceCall, Shared};

/// `data` as sent: an object (or any JSON value) as is, or a string holding JSON, decoded.
/// `None` for a string that is not JSON.
fn decode_data(data: &Value) -> Option<Value> {
    match data {
        Value::String(text) => serde_json::from_str(text).ok(),
        other => Some(other.clone()),
    }
}

fn provider_failed(message: &str) -> String {
    errmsg_with_rid(&format!(
        "{}: {message}",
        codes::errmsg(codes::CALL_API_SERVICE_FAILED)
    ))
}

/// The answer to a finished call; `extra` fields (the `request_id` of a retrieve) are added.
fn result_reply(reply: &ProviderReply, extra: &[(&str, Value)]) -> Reply {
    let mut body = match reply {
        ProviderReply::Data(value) => {
            json!({ "errcode": 0, "errmsg": "ok", "data": value.to_string() })
        }
        ProviderReply::RawData(text) => json!({ "errcode": 0, "errmsg": "ok", "data": text }),
        ProviderReply::Failed(message) => json!({
            "errcode": codes::CALL_API_SERVICE_FAILED,
            "errmsg": provider_failed(message),
        }),
        ProviderReply::Error { errcode, errmsg } => {
            json!({ "errcode": errcode, "errmsg": errmsg_with_rid(errmsg) })
        }
    };
    for (key, value) in extra {
        body[*key] = value.clone();
    }
    Reply::ok(body)
}

/// The required fields of an invokeService body.
fn parse_call(body: &Map<String, Value>) -> Result<(ServiceCall, bool), Reply> {
    let service = req_str(body, "service")?.to_owned();
    let api = req_str(body, "api")?.to_owned();
    let client_msg_id = req_str(body, "client_msg_id")?.to_owned();
    let is_async = opt_bool(body, "async")?.unwrap_or(false);
    let raw_data = match body.get("data") {
        None | Some(Value::Null) => return Err(Reply::error(codes::DATA_FORMAT_ERROR)),
        Some(data) => data,
    };
    let decoded = decode_data(raw_data);
    let call = ServiceCall {
        service,
        api,
        client_msg_id,
        data: decoded.clone().unwrap_or_else(|| raw_data.clone()),
        is_async,
    };
    Ok((call, decoded.is_some()))
}

/// invokeService: routes `(service, api)` to a provider.
pub(crate) fn invoke(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    authenticate(shared, req)?;
    let body = json_object(req)?;
    let (call, data_ok) = parse_call(&body)?;

    let provider = {
        let mut inner = shared.lock();
        inner.service_calls.push(call.clone());
        inner
            .providers
            .get(&(call.service.clone(), call.api.clone()))
            .cloned()
    };
    let provider = provider
        .filter(|p| p.asynchronous.is_some() == call.is_async)
        .ok_or_else(|| Reply::error(codes::INVALID_PARAMETER))?;
    if !data_ok {
        return Err(Reply::error(codes::INVALID_PARAMETER));
    }

    let reply = (provider.handler)(call.data);
    let Some(options) = provider.asynchronous else {
        return Ok(result_reply(&reply, &[]));
    };
    let request_id = random::request_id();
    let job = AsyncJob {
        reply,
        created_at: shared.now(),
        polls: 0,
        options,
    };
    shared.lock().jobs.insert(request_id.clone(), job);
    Ok(Reply::ok(json!({
        "errcode": 0,
        "errmsg": "ok",
        "request_id": request_id,
    })))
}

/// servicemarketretrieve: `{request_id}` → not ready, the result, or 9301001 when the
/// request_id is unknown or its result has expired.
pub(crate) fn retrieve(shared: &Shared, req: &ReceivedRequest) -> Outcome {
    require_post(req)?;
    authenticate(shared, req)?;
    let body = json_object(req)?;
    let request_id = req_str(&body, "request_id")?;

    let now = shared.now();
    let job = {
        let mut inner = shared.lock();
        let expired = inner
            .jobs
            .get(request_id)
            .is_some_and(|job| now >= job.created_at + job.options.retention);
        if expired {
            inner.jobs.remove(request_id);
        }
        let job = inner
            .jobs
            .get_mut(request_id)
            .ok_or_else(|| Reply::error(codes::INVALID_PARAMETER))?;
        job.polls += 1;
        job.clone()
    };
    let new_id = Value::String(random::request_id());
    let ready = job.polls > job.options.ready_after_polls
        && now >= job.created_at + job.options.ready_after;
    if !ready {
        return Ok(Reply::ok(json!({
            "errcode": 0,
            "errmsg": "ok",
            "status": 1,
            "request_id": new_id,
        })));
    }
    Ok(result_reply(&job.reply, &[("request_id", new_id)]))
}
