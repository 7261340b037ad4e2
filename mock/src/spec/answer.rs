//! What a spec endpoint answers: its first success example as written, or a body made from
//! its response fields; a small PNG for file answers; errors with the message of their table.

use serde_json::{json, Map, Value};
use wxapi_codegen::model::{Endpoint, Field, Literal, Model, ResponseBody, Ty, TypeKind};

use crate::envelope::{Reply, JSON_CONTENT_TYPE};

/// A 1×1 transparent PNG: what file answers (QR codes, media) are.
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// The first example with a response and no error code: the default answer.
pub(crate) fn default_example(endpoint: &Endpoint) -> Option<usize> {
    endpoint
        .examples
        .iter()
        .position(|e| e.output.is_some() && e.error_code.is_none())
}

/// The default answer: a PNG for file answers, else the first success example, else a body
/// made from the response's required fields.
pub(crate) fn success(model: &Model, endpoint: &Endpoint) -> Reply {
    if endpoint.response_body == ResponseBody::Binary {
        return Reply::Raw {
            status: 200,
            content_type: "image/png",
            body: PNG.to_vec(),
        };
    }
    match default_example(endpoint) {
        Some(index) => example(endpoint, index),
        None => Reply::ok(synthesize(model, &endpoint.response.fields)),
    }
}

/// The example's response, as the spec writes it (an `errcode` written `"0"` stays a string;
/// an error example has no `rid:` added).
pub(crate) fn example(endpoint: &Endpoint, index: usize) -> Reply {
    let output = endpoint
        .examples
        .get(index)
        .and_then(|e| e.output.clone())
        .unwrap_or_else(|| json!({"errcode": 0, "errmsg": "ok"}));
    Reply::ok(output)
}

/// The message of `code` in the endpoint's own table, else in the common table.
pub(crate) fn error_message<'m>(
    model: &'m Model,
    endpoint: &'m Endpoint,
    code: i64,
) -> Option<&'m str> {
    endpoint
        .errors
        .codes
        .iter()
        .chain(&model.common_errors.codes)
        .find(|c| c.code == code)
        .map(|c| c.message.as_str())
}

/// `{"errcode": code, "errmsg": "<message of its table> rid: …"}`.
pub(crate) fn error(model: &Model, endpoint: &Endpoint, code: i64) -> Reply {
    let message =
        error_message(model, endpoint, code).unwrap_or_else(|| crate::codes::errmsg(code));
    Reply::error_with(code, message)
}

/// The default answer cut in the middle, labelled JSON.
pub(crate) fn truncated(model: &Model, endpoint: &Endpoint) -> Reply {
    let body = match success(model, endpoint) {
        Reply::Json { value, .. } => serde_json::to_vec(&value).unwrap_or_default(),
        Reply::Raw { body, .. } => body,
        _ => b"{\"errcode\":0,\"errmsg\":\"ok\"}".to_vec(),
    };
    let mut body = body;
    body.truncate(body.len() / 2);
    Reply::Raw {
        status: 200,
        content_type: JSON_CONTENT_TYPE,
        body,
    }
}

/// HTTP 502 with an HTML page, as a gateway answers.
pub(crate) fn bad_gateway() -> Reply {
    Reply::Raw {
        status: 502,
        content_type: "text/html",
        body: b"<html>502 Bad Gateway</html>".to_vec(),
    }
}

/// `{"errcode":0,"errmsg":"ok"}` and a plain value for every required field.
pub(crate) fn synthesize(model: &Model, fields: &[Field]) -> Value {
    let mut object = Map::new();
    object.insert("errcode".into(), json!(0));
    object.insert("errmsg".into(), json!("ok"));
    required_fields(model, fields, &mut object, 0);
    Value::Object(object)
}

pub(crate) fn required_fields(
    model: &Model,
    fields: &[Field],
    object: &mut Map<String, Value>,
    depth: usize,
) {
    for field in fields.iter().filter(|f| f.required || f.constant.is_some()) {
        let value = match &field.constant {
            Some(constant) => literal(constant),
            None => plain(model, &field.ty, depth),
        };
        object.insert(field.wire.clone(), value);
    }
}

fn literal(literal: &Literal) -> Value {
    match literal {
        Literal::Bool(b) => json!(b),
        Literal::Int(i) => json!(i),
        Literal::Float(x) => json!(x),
        Literal::Str(s) => json!(s),
    }
}

/// A plain value of a type: `"x"`, `0`, `false`, `[]`, `{}`, an enum's first value, an
/// object with its required fields.
pub(crate) fn plain(model: &Model, ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::String | Ty::File | Ty::Bytes => json!("x"),
        Ty::Integer(_) | Ty::Number => json!(0),
        Ty::Boolean => json!(false),
        Ty::Json | Ty::Map(_) => json!({}),
        Ty::Array(_) => json!([]),
        Ty::JsonString(of) => Value::String(plain(model, of, depth + 1).to_string()),
        Ty::Named(name) => match model.find_type(&name.name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields }) if depth < 16 => {
                let mut object = Map::new();
                required_fields(model, fields, &mut object, depth + 1);
                Value::Object(object)
            }
            Some(TypeKind::Enum(def)) => {
                def.values.first().map_or(Value::Null, |v| literal(&v.wire))
            }
            Some(TypeKind::OneOf { variants }) => match variants.first() {
                Some(first) => plain(model, &first.ty, depth + 1),
                None => Value::Null,
            },
            _ => json!({}),
        },
    }
}
