//! Routing a request to its spec endpoint: by path, then method, then the request's `const`
//! fields (one path, several operations: `/wxa/plugin` and its `action`), then spec order
//! (versions of one API: `/wxa/msg_sec_check`, told apart by the `version` const of v2).

use std::collections::HashMap;

use serde_json::Value;
use wxapi_codegen::model::{Endpoint, FieldIn, HttpMethod, Literal, Model};

use crate::request::ReceivedRequest;

/// Where a request goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// The endpoint at this index of `model.endpoints`.
    Endpoint(usize),
    /// The path is the spec's, the method is not: the method it needs.
    WrongMethod(HttpMethod),
    /// No endpoint of the spec has this path.
    Unknown,
}

/// The endpoints of a spec by path, in spec order.
#[derive(Debug, Default)]
pub(crate) struct Routes {
    by_path: HashMap<String, Vec<usize>>,
}

impl Routes {
    pub(crate) fn new(model: &Model) -> Self {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, endpoint) in model.endpoints.iter().enumerate() {
            by_path.entry(endpoint.path.clone()).or_default().push(i);
        }
        Routes { by_path }
    }

    /// The endpoint a request is for.
    pub(crate) fn resolve(&self, model: &Model, req: &ReceivedRequest) -> Route {
        let Some(candidates) = self.by_path.get(&req.path) else {
            return Route::Unknown;
        };
        let same_method: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| method_name(model.endpoints[i].method) == req.method)
            .collect();
        match same_method.as_slice() {
            [] => Route::WrongMethod(model.endpoints[candidates[0]].method),
            [only] => Route::Endpoint(*only),
            several => Route::Endpoint(pick(model, several, req)),
        }
    }
}

/// `GET` or `POST`.
pub(crate) fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    }
}

/// Among endpoints sharing method and path: the one whose `const` fields the request all
/// carries, the one with the most of them when several do (v2's `version: 2` over v1, which
/// has none); the first in spec order when none does.
fn pick(model: &Model, candidates: &[usize], req: &ReceivedRequest) -> usize {
    let body = req.json();
    let mut best: Option<(usize, usize)> = None;
    for &i in candidates {
        let Some(matched) = consts_matched(&model.endpoints[i], req, body.as_ref()) else {
            continue;
        };
        if best.is_none_or(|(_, most)| matched > most) {
            best = Some((i, matched));
        }
    }
    best.map_or(candidates[0], |(i, _)| i)
}

/// How many `const` fields the endpoint has when the request carries them all, else `None`.
fn consts_matched(
    endpoint: &Endpoint,
    req: &ReceivedRequest,
    body: Option<&Value>,
) -> Option<usize> {
    let mut matched = 0;
    for field in &endpoint.request.fields {
        let Some(constant) = &field.constant else {
            continue;
        };
        let sent = match field.location {
            FieldIn::Query => req.query_param(&field.wire).map(str::to_owned),
            FieldIn::Body => body.and_then(|b| b.get(&field.wire)).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            FieldIn::SigningKey => continue,
        };
        if sent.as_deref() != Some(literal_text(constant).as_str()) {
            return None;
        }
        matched += 1;
    }
    Some(matched)
}

/// A literal as it reads on the wire (`2`, `apply`, `true`).
pub(crate) fn literal_text(literal: &Literal) -> String {
    literal.to_string()
}
