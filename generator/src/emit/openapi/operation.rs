//! An endpoint as an OpenAPI operation. Each part is kept as a list, one item per endpoint,
//! so that endpoints sharing a method and a path (OpenAPI allows one operation per pair:
//! `/wxa/plugin`'s actions told apart by a `const` body field, the two versions of
//! `/wxa/msg_sec_check`) merge into one operation whose bodies and answers are `anyOf` the
//! endpoints' ([`merge`]), each endpoint described in `x-wxapi-endpoints`.

use serde_json::Value;

use super::json::{schema_ref, Obj};
use super::request::{self, Body};
use super::{envelope, examples, schema, security};
use crate::model::{Endpoint, Model, ResponseBody};

/// An operation before it is written; one endpoint's, or several merged.
pub(super) struct Operation {
    ids: Vec<String>,
    titles: Vec<String>,
    docs: Vec<Option<String>>,
    tags: Vec<String>,
    deprecated: Vec<bool>,
    parameters: Vec<Value>,
    bodies: Vec<Body>,
    /// The response schemas of JSON successes, and whether any success is a file.
    json_successes: Vec<Value>,
    file_success: bool,
    answer_examples: Obj,
    security: Vec<Value>,
    errors: Vec<Value>,
    /// The extensions of each endpoint: spread on a lone operation, listed in
    /// `x-wxapi-endpoints` on a merged one.
    extensions: Vec<Obj>,
    external_docs: Option<String>,
}

/// The operation of one endpoint.
pub(super) fn of(model: &Model, e: &Endpoint) -> Operation {
    let request = request::of(model, e);
    let (json_successes, file_success) = match e.response_body {
        ResponseBody::Json => (vec![schema_ref(&e.response.name)], false),
        ResponseBody::Binary => (Vec::new(), true),
    };
    let mut parameters = request.parameters;
    parameters.extend(security::signature_parameters(e));
    Operation {
        ids: vec![e.id.clone()],
        titles: vec![e.title.clone()],
        docs: vec![e.doc.clone()],
        tags: e.group.iter().cloned().collect(),
        deprecated: vec![e.notes.deprecated.is_some()],
        parameters,
        bodies: request.body.into_iter().collect(),
        json_successes,
        file_success,
        answer_examples: examples::json_answer(e),
        security: security::requirement(&e.auth),
        errors: envelope::endpoint_errors(model, e),
        extensions: vec![extensions(e)],
        external_docs: e.sources.first().cloned(),
    }
}

/// What OpenAPI has no field for, per endpoint.
fn extensions(e: &Endpoint) -> Obj {
    let ext = Obj::new()
        .opt("x-wxapi-deprecated", e.notes.deprecated.as_deref())
        .opt("x-wxapi-since", e.notes.since.as_deref())
        .opt("x-wxapi-api-version", e.api_version)
        .flag("x-wxapi-idempotent", e.idempotent)
        .opt(
            "x-wxapi-sources",
            (e.sources.len() > 1).then(|| e.sources.clone()),
        );
    security::extensions(e, ext)
}

/// One operation of several, for endpoints that share a method and a path.
pub(super) fn merge(ops: Vec<Operation>) -> Operation {
    let mut merged = Operation {
        ids: Vec::new(),
        titles: Vec::new(),
        docs: Vec::new(),
        tags: Vec::new(),
        deprecated: Vec::new(),
        parameters: Vec::new(),
        bodies: Vec::new(),
        json_successes: Vec::new(),
        file_success: false,
        answer_examples: Obj::new(),
        security: Vec::new(),
        errors: Vec::new(),
        extensions: Vec::new(),
        external_docs: None,
    };
    let count = ops.len();
    let mut seen_parameters: Vec<(String, usize, bool)> = Vec::new();
    for op in ops {
        merged.ids.extend(op.ids);
        merged.titles.extend(op.titles);
        merged.docs.extend(op.docs);
        for tag in op.tags {
            if !merged.tags.contains(&tag) {
                merged.tags.push(tag);
            }
        }
        merged.deprecated.extend(op.deprecated);
        for p in op.parameters {
            let name = p["name"].as_str().unwrap_or_default().to_owned();
            let required = p["required"].as_bool().unwrap_or(false);
            match seen_parameters.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, uses, all_required)) => {
                    *uses += 1;
                    *all_required &= required;
                }
                None => {
                    seen_parameters.push((name, 1, required));
                    merged.parameters.push(p);
                }
            }
        }
        merged.bodies.extend(op.bodies);
        merged.json_successes.extend(op.json_successes);
        merged.file_success |= op.file_success;
        merged.answer_examples.0.extend(op.answer_examples.0);
        for s in op.security {
            if !merged.security.contains(&s) {
                merged.security.push(s);
            }
        }
        for row in op.errors {
            if !merged.errors.iter().any(|r| r["code"] == row["code"]) {
                merged.errors.push(row);
            }
        }
        merged.extensions.extend(op.extensions);
        merged.external_docs = merged.external_docs.or(op.external_docs);
    }
    // A parameter is required only when every endpoint of the route requires it.
    for (p, (_, uses, all_required)) in merged.parameters.iter_mut().zip(&seen_parameters) {
        if let Value::Object(p) = p {
            p.insert("required".into(), (*uses == count && *all_required).into());
        }
    }
    merged
}

impl Operation {
    /// The HTTP method's operation object.
    pub(super) fn into_json(self) -> Value {
        let merged = self.ids.len() > 1;
        let description = if merged {
            Some(self.merged_description())
        } else {
            self.docs.first().cloned().flatten()
        };
        let mut op = Obj::new()
            .put("operationId", self.ids.join("_or_"))
            .put("summary", self.titles.join(" / "))
            .opt("description", description)
            .list("tags", self.tags.into_iter().map(Value::from).collect())
            .flag("deprecated", self.deprecated.iter().all(|d| *d))
            .opt(
                "externalDocs",
                self.external_docs.map(|url| Obj::new().put("url", url)),
            )
            .list("parameters", self.parameters)
            .opt("requestBody", request::body_json(self.bodies))
            .put(
                "responses",
                Obj::new().put(
                    "200",
                    answer(self.json_successes, self.file_success, self.answer_examples),
                ),
            )
            // Always written: an empty list says "no credentials", which no top-level
            // default may override.
            .put("security", self.security)
            .list("x-wxapi-errors", self.errors);
        if merged {
            let endpoints = self
                .ids
                .iter()
                .zip(&self.titles)
                .zip(self.extensions)
                .map(|((id, title), ext)| {
                    let mut item = Obj::new()
                        .put("id", id.as_str())
                        .put("summary", title.as_str());
                    item.0.extend(ext.0);
                    Value::from(item)
                })
                .collect();
            op = op.put("x-wxapi-endpoints", Value::Array(endpoints));
        } else if let Some(ext) = self.extensions.into_iter().next() {
            op.0.extend(ext.0);
        }
        op.into()
    }

    /// The docs of every endpoint of a merged operation, one section each.
    fn merged_description(&self) -> String {
        let mut text = String::from(
            "Several endpoints share this method and path; OpenAPI has one operation for \
             them, so the request body and the answer are any of theirs.",
        );
        for ((id, title), doc) in self.ids.iter().zip(&self.titles).zip(&self.docs) {
            text.push_str(&format!("\n\n### {title} (`{id}`)"));
            if let Some(doc) = doc {
                text.push_str(&format!("\n\n{}", doc.trim_end()));
            }
        }
        text
    }
}

/// The `200` response: the JSON answer (successes or the error envelope), and the file's
/// bytes when a success is a file.
fn answer(json_successes: Vec<Value>, file_success: bool, examples: Obj) -> Value {
    let json_schema = if json_successes.is_empty() {
        schema_ref(envelope::ERROR_ENVELOPE)
    } else {
        envelope::json_answer(json_successes)
    };
    let json = Obj::new()
        .put("schema", json_schema)
        .object("examples", examples);
    let mut content = Obj::new();
    let description = if file_success {
        // The spec doesn't know the file's media type, so none is promised.
        content = content.put(schema::OCTET_STREAM, Obj::new());
        "On success the file's bytes (the body is not JSON); on failure the JSON error \
         envelope, with the same status."
    } else {
        "The JSON answer: the response fields on success, the error envelope on failure, \
         both with status 200."
    };
    Obj::new()
        .put("description", description)
        .put("content", content.put("application/json", json))
        .into()
}

/// Every endpoint's operation as it is written, for a route of one endpoint or several.
pub(super) fn route(model: &Model, endpoints: &[&Endpoint]) -> Value {
    let mut ops: Vec<Operation> = endpoints.iter().map(|e| of(model, e)).collect();
    let op = if ops.len() == 1 {
        ops.remove(0)
    } else {
        merge(ops)
    };
    op.into_json()
}
