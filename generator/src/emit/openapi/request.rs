//! What a call sends: query parameters and the body, by the request's body kind. JSON
//! bodies are `{Id}Request` components (their body fields only: the query fields are
//! parameters); multipart bodies are inline objects of parts; binary bodies are bytes.

use serde_json::Value;

use super::json::{any_of, schema_ref, Obj};
use super::{examples, schema};
use crate::model::{BodyKind, Endpoint, Field, FieldIn, Model, Ty, TypeKind};

/// An operation's parameters and body.
pub(super) struct Request {
    pub(super) parameters: Vec<Value>,
    pub(super) body: Option<Body>,
}

/// One endpoint's request body.
pub(super) struct Body {
    media: &'static str,
    /// `None` for bytes, whose media type says all.
    schema: Option<Value>,
    encoding: Obj,
    required: bool,
    examples: Obj,
    /// What the body is, for a body that is one field's bytes.
    description: Option<String>,
}

/// A request field that is a choice: its alternatives.
fn choice<'m>(model: &'m Model, f: &Field) -> Option<&'m [Field]> {
    let Ty::Named(r) = &f.ty else { return None };
    match &model.find_type(&r.name)?.kind {
        TypeKind::OneOf { variants } => Some(variants),
        _ => None,
    }
}

/// A query parameter of a field; `choice` names the choice it is an alternative of.
fn parameter(e: &Endpoint, f: &Field, choice: Option<&Field>) -> Value {
    let mut s = match schema::field(f) {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    // The description and deprecation belong to the parameter.
    s.remove("description");
    s.remove("deprecated");
    let description = match choice {
        Some(c) => Some(format!(
            "One way to give `{}` (send exactly one of its alternatives){}",
            c.wire,
            f.doc
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        )),
        None => f.doc.clone(),
    };
    Obj::new()
        .put("name", f.wire.as_str())
        .put("in", "query")
        .opt("description", description)
        .put("required", f.required && choice.is_none())
        .flag("deprecated", f.notes.deprecated.is_some())
        .put("schema", Value::Object(s))
        .object("examples", examples::parameter(e, &f.wire))
        .opt("x-wxapi-choice", choice.map(|c| c.wire.as_str()))
        .into()
}

/// The request of an endpoint.
pub(super) fn of(model: &Model, e: &Endpoint) -> Request {
    let mut parameters = Vec::new();
    // The fields that travel in the body, alternatives of choices included.
    let mut parts: Vec<&Field> = Vec::new();
    // Required choices whose alternatives are all parts: exactly one part must be there.
    let mut body_choices: Vec<Vec<&str>> = Vec::new();
    for f in &e.request.fields {
        match (f.location, choice(model, f)) {
            (_, Some(variants)) => {
                for v in variants {
                    match v.location {
                        FieldIn::Query => parameters.push(parameter(e, v, Some(f))),
                        _ => parts.push(v),
                    }
                }
                if f.required && variants.iter().all(|v| v.location == FieldIn::Body) {
                    body_choices.push(variants.iter().map(|v| v.wire.as_str()).collect());
                }
            }
            (FieldIn::Query, None) => parameters.push(parameter(e, f, None)),
            (FieldIn::Body, None) => parts.push(f),
            // The signing key is an input of the call, never sent.
            (FieldIn::SigningKey, None) => {}
        }
    }
    let body = match e.body {
        BodyKind::None => None,
        BodyKind::Json => Some(Body {
            media: "application/json",
            schema: Some(schema_ref(&e.request.name)),
            encoding: Obj::new(),
            required: true,
            examples: examples::request_body(e),
            description: None,
        }),
        BodyKind::Multipart => Some(multipart(&parts, &body_choices, e)),
        BodyKind::Binary => Some(Body {
            media: schema::OCTET_STREAM,
            schema: None,
            encoding: Obj::new(),
            required: true,
            examples: Obj::new(),
            description: parts.first().and_then(|f| f.doc.clone()),
        }),
    };
    Request { parameters, body }
}

/// A multipart body: an object of parts. Alternatives of a choice are optional parts; a
/// required choice made only of parts needs exactly one of them.
fn multipart(parts: &[&Field], choices: &[Vec<&str>], e: &Endpoint) -> Body {
    let alternatives: Vec<&str> = choices.iter().flatten().copied().collect();
    let mut properties = Obj::new();
    let mut required = Vec::new();
    let mut encoding = Obj::new();
    for f in parts {
        properties = properties.put(&f.wire, schema::field(f));
        if (f.required || f.constant.is_some()) && !alternatives.contains(&f.wire.as_str()) {
            required.push(Value::from(f.wire.as_str()));
        }
        // JSON text travels as a plain text part, as `curl -F 'name={...}'` sends it.
        if matches!(f.ty, Ty::JsonString(_)) {
            encoding = encoding.put(&f.wire, Obj::new().put("contentType", "text/plain"));
        }
    }
    let one_of: Vec<Value> = choices
        .iter()
        .map(|names| {
            let each = names
                .iter()
                .map(|n| Obj::new().put("required", vec![*n]).into())
                .collect();
            Obj::new().put("oneOf", Value::Array(each)).into()
        })
        .collect();
    let schema = Obj::new()
        .put("type", "object")
        .opt("description", e.request.doc.as_deref())
        .put("properties", properties)
        .list("required", required.clone())
        .list("allOf", one_of);
    Body {
        media: "multipart/form-data",
        schema: Some(schema.into()),
        encoding,
        // With a choice given in the query, the call has no body at all.
        required: !required.is_empty() || !choices.is_empty(),
        examples: Obj::new(),
        description: None,
    }
}

/// The `requestBody` of one endpoint's body or several (a merged operation): per media
/// type, any of the bodies.
pub(super) fn body_json(bodies: Vec<Body>) -> Option<Value> {
    if bodies.is_empty() {
        return None;
    }
    let required = bodies.iter().all(|b| b.required);
    let description = bodies.iter().find_map(|b| b.description.clone());
    let mut media: Vec<(&'static str, Vec<Body>)> = Vec::new();
    for b in bodies {
        match media.iter_mut().find(|(m, _)| *m == b.media) {
            Some((_, list)) => list.push(b),
            None => media.push((b.media, vec![b])),
        }
    }
    let mut content = Obj::new();
    for (name, list) in media {
        let schemas: Vec<Value> = list.iter().filter_map(|b| b.schema.clone()).collect();
        let mut encoding = Obj::new();
        let mut examples = Obj::new();
        for b in list {
            encoding.0.extend(b.encoding.0);
            examples.0.extend(b.examples.0);
        }
        let entry = Obj::new()
            .opt(
                "schema",
                (!schemas.is_empty()).then(|| any_of("anyOf", schemas)),
            )
            .object("encoding", encoding)
            .object("examples", examples);
        content = content.put(name, entry);
    }
    Some(
        Obj::new()
            .opt("description", description)
            .put("required", required)
            .put("content", content)
            .into(),
    )
}
