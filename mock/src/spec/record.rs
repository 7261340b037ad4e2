//! What the server saw, for [`MockServer::calls`](crate::MockServer::calls) and
//! [`violations`](crate::MockServer::violations): every request as a [`Call`], credentials
//! masked, and the requests that broke the spec.

use std::collections::HashMap;

use super::steer::SteerTable;
use super::{Call, Violation};
use crate::request::ReceivedRequest;

/// The spec layer's records and settings, in the server's state.
#[derive(Debug, Default)]
pub(crate) struct SpecState {
    /// Every call, with its sequence number (the endpoint is filled in once routed).
    calls: Vec<(u64, Call)>,
    next_call: u64,
    pub(crate) violations: Vec<Violation>,
    pub(crate) steering: SteerTable,
    /// Session keys by openid, for `signature: session_key` endpoints.
    pub(crate) session_keys: HashMap<String, String>,
}

impl SpecState {
    /// Records a request, routed to `endpoint`; returns its number.
    pub(crate) fn record(&mut self, req: &ReceivedRequest, endpoint: Option<String>) -> u64 {
        self.next_call += 1;
        let call = Call {
            endpoint,
            ..call_of(req)
        };
        self.calls.push((self.next_call, call));
        self.next_call
    }

    /// Says which spec endpoint call `number` was routed to.
    pub(crate) fn routed(&mut self, number: u64, endpoint: &str) {
        if let Some((_, call)) = self.calls.iter_mut().rev().find(|(n, _)| *n == number) {
            call.endpoint = Some(endpoint.to_owned());
        }
    }

    pub(crate) fn calls(&self) -> Vec<Call> {
        self.calls.iter().map(|(_, call)| call.clone()).collect()
    }

    pub(crate) fn forget_calls(&mut self) {
        self.calls.clear();
    }
}

/// What is shown instead of a credential.
pub(crate) const MASK: &str = "***";

/// Whether a query parameter or header carries a credential.
pub(crate) fn is_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "access_token"
            | "component_access_token"
            | "authorizer_access_token"
            | "secret"
            | "appsecret"
            | "signature"
            | "session_key"
            | "authorization"
            | "cookie"
    ) || (name.starts_with("component_") && name.ends_with("secret"))
}

fn masked(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| {
            let v = if is_credential(k) {
                MASK.to_owned()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

fn call_of(req: &ReceivedRequest) -> Call {
    Call {
        endpoint: None,
        method: req.method.clone(),
        path: req.path.clone(),
        query: masked(&req.query),
        headers: masked(&req.headers),
        body: req.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_masked() {
        for name in [
            "access_token",
            "secret",
            "appsecret",
            "signature",
            "session_key",
            "component_appsecret",
            "Authorization",
        ] {
            assert!(is_credential(name), "{name}");
        }
        for name in ["appid", "openid", "sig_method", "content-type"] {
            assert!(!is_credential(name), "{name}");
        }
    }
}
