//! The spec's examples (checked against the types when the spec was) as OpenAPI `examples`.
//! A spec example writes a request as one JSON object of query and body fields; OpenAPI puts
//! each query value on its parameter and the rest on the body, so the example is split.
//! Keys are `<endpoint id>.<n>` (n from 1, in spec order): unique in merged operations too.

use serde_json::{Map, Value};

use super::json::Obj;
use crate::model::{Endpoint, Example, FieldIn};

/// An Example Object: the title as `summary`, the doc as `description`.
fn example(x: &Example, value: Value) -> Value {
    Obj::new()
        .opt("summary", x.title.as_deref())
        .opt("description", x.doc.as_deref())
        .put("value", value)
        .into()
}

fn key(e: &Endpoint, n: usize) -> String {
    format!("{}.{}", e.id, n + 1)
}

/// Whether the request field of this wire name travels in the query.
fn in_query(e: &Endpoint, wire: &str) -> bool {
    e.request
        .fields
        .iter()
        .any(|f| f.wire == wire && f.location == FieldIn::Query)
}

/// The examples of the JSON request body: each example's request without its query values.
pub(super) fn request_body(e: &Endpoint) -> Obj {
    let mut out = Obj::new();
    for (n, x) in e.examples.iter().enumerate() {
        let Some(Value::Object(input)) = &x.input else {
            continue;
        };
        let body: Map<String, Value> = input
            .iter()
            .filter(|(wire, _)| !in_query(e, wire))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out = out.put(&key(e, n), example(x, Value::Object(body)));
    }
    out
}

/// The examples of one query parameter: each distinct value it takes in the examples,
/// under the first example that gives it (most examples repeat one placeholder).
pub(super) fn parameter(e: &Endpoint, wire: &str) -> Obj {
    let mut out = Obj::new();
    let mut seen: Vec<&Value> = Vec::new();
    for (n, x) in e.examples.iter().enumerate() {
        let Some(value) = x.input.as_ref().and_then(|i| i.get(wire)) else {
            continue;
        };
        if !seen.contains(&value) {
            seen.push(value);
            out = out.put(&key(e, n), example(x, value.clone()));
        }
    }
    out
}

/// The examples of the JSON answer: every success and error body, as WeChat sends them.
/// A file answer's successes are bytes, so only its error examples are JSON.
pub(super) fn json_answer(e: &Endpoint) -> Obj {
    let mut out = Obj::new();
    for (n, x) in e.examples.iter().enumerate() {
        if let Some(output) = &x.output {
            out = out.put(&key(e, n), example(x, output.clone()));
        }
    }
    out
}
