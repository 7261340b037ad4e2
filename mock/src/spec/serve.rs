//! Serving one spec endpoint: credentials, validation (a violation is answered and recorded),
//! then the steered or default answer.

use std::time::Duration;

use wxapi_codegen::model::{Endpoint, HttpMethod};

use super::steer::SteerAnswer;
use super::{answer, auth, validate, Spec, Violation};
use crate::codes;
use crate::envelope::{Outcome, Reply};
use crate::request::ReceivedRequest;
use crate::state::Shared;

/// Answers a request routed to the endpoint at `index`. A steering's delay is left in
/// `delay` for the caller to wait (this runs without an async context).
pub(crate) fn serve(
    shared: &Shared,
    spec: &Spec,
    index: usize,
    req: &ReceivedRequest,
    delay: &mut Option<Duration>,
) -> Outcome {
    let endpoint = &spec.model.endpoints[index];
    auth::check(shared, endpoint, req)?;
    if let Err(invalid) = validate::validate(&spec.model, endpoint, req) {
        let reply = Reply::error_with(invalid.errcode, &invalid.message);
        shared.lock().spec_state.violations.push(Violation {
            endpoint: endpoint.id.clone(),
            field: invalid.field,
            errcode: invalid.errcode,
            message: invalid.message,
        });
        return Err(reply);
    }
    Ok(steered(shared, spec, endpoint, delay, || {
        Ok(answer::success(&spec.model, endpoint))
    }))
}

/// A built-in endpoint (token, content checks, service market) that a test steered: its
/// credentials are checked as the spec says, then the steering answers (its default answer
/// being the built-in behaviour).
pub(crate) fn steered_builtin(
    shared: &Shared,
    spec: &Spec,
    index: usize,
    req: &ReceivedRequest,
    delay: &mut Option<Duration>,
    builtin: impl FnOnce() -> Outcome,
) -> Outcome {
    let endpoint = &spec.model.endpoints[index];
    auth::check(shared, endpoint, req)?;
    Ok(steered(shared, spec, endpoint, delay, builtin))
}

/// The answer of the endpoint's next steering, or `default` when none is armed.
fn steered(
    shared: &Shared,
    spec: &Spec,
    endpoint: &Endpoint,
    delay: &mut Option<Duration>,
    default: impl FnOnce() -> Outcome,
) -> Reply {
    let rule = shared.lock().spec_state.steering.take(&endpoint.id);
    let Some(rule) = rule else {
        return default().unwrap_or_else(|error| error);
    };
    *delay = rule.delay;
    let model = &spec.model;
    let reply = match rule.answer {
        SteerAnswer::Default => default().unwrap_or_else(|error| error),
        SteerAnswer::Example(i) => answer::example(endpoint, i),
        SteerAnswer::Error(code) => answer::error(model, endpoint, code),
        SteerAnswer::BadGateway => answer::bad_gateway(),
        SteerAnswer::TruncatedJson => answer::truncated(model, endpoint),
        SteerAnswer::DropConnection => Reply::Drop,
    };
    if rule.string_errcode {
        reply.with_string_errcode()
    } else {
        reply
    }
}

/// A known path called with the other method: 43001 or 43002.
pub(crate) fn wrong_method(needed: HttpMethod) -> Reply {
    Reply::error(match needed {
        HttpMethod::Get => codes::REQUIRE_GET,
        HttpMethod::Post => codes::REQUIRE_POST,
    })
}

/// A path nobody serves: HTTP 404 with WeChat's JSON.
pub(crate) fn unknown_path() -> Reply {
    Reply::Json {
        status: 404,
        value: crate::error_json(codes::INVALID_URL, codes::errmsg(codes::INVALID_URL)),
    }
}
