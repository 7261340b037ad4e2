//! Validating a request against its endpoint's fields, as WeChat would refuse it; the rules
//! and their codes are listed in the [module docs](super#validation). JSON bodies and query
//! parameters here, uploads (multipart and binary bodies) in `upload`.

use serde_json::{Map, Value};
use wxapi_codegen::model::{
    BodyKind, Endpoint, EnumRepr, Field, FieldIn, Literal, Model, Ty, TypeKind,
};

mod upload;

use super::routes::literal_text;
use crate::codes;
use crate::request::ReceivedRequest;

/// `40097` invalid args: a `const` field with another value.
pub(crate) const INVALID_ARGS: i64 = 40097;

/// Why a request breaks the spec: the code to answer, the field, the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub(crate) errcode: i64,
    pub(crate) field: Option<String>,
    /// The errmsg, before its ` rid:` suffix.
    pub(crate) message: String,
}

impl Invalid {
    pub(super) fn new(errcode: i64, field: Option<&str>, detail: impl std::fmt::Display) -> Self {
        Invalid {
            errcode,
            field: field.map(str::to_owned),
            message: format!("{}: {detail}", headline(errcode)),
        }
    }

    fn format(field: &str, detail: impl std::fmt::Display) -> Self {
        Invalid::new(
            codes::DATA_FORMAT_ERROR,
            Some(field),
            format_args!("field `{field}` {detail}"),
        )
    }

    pub(super) fn missing(field: &str) -> Self {
        Invalid::format(field, "is required")
    }
}

/// The standard message that heads the errmsg.
fn headline(errcode: i64) -> &'static str {
    match errcode {
        INVALID_ARGS => "invalid args",
        other => codes::errmsg(other),
    }
}

/// Checks the request against the endpoint's fields.
pub(crate) fn validate(
    model: &Model,
    endpoint: &Endpoint,
    req: &ReceivedRequest,
) -> Result<(), Invalid> {
    let fields = &endpoint.request.fields;
    for field in fields.iter().filter(|f| f.location == FieldIn::Query) {
        query_field(model, field, req)?;
    }
    match endpoint.body {
        BodyKind::None => no_body(endpoint, req),
        BodyKind::Json => json_body(model, fields, req),
        BodyKind::Multipart => upload::multipart_body(model, fields, req),
        BodyKind::Binary => upload::binary_body(fields, req),
    }
}

fn no_body(endpoint: &Endpoint, req: &ReceivedRequest) -> Result<(), Invalid> {
    if req.body.is_empty() {
        return Ok(());
    }
    let detail = "this endpoint takes no body";
    Err(match endpoint.signature {
        Some(_) => Invalid {
            errcode: super::auth::INVALID_SIGNATURE,
            field: None,
            message: format!("invalid signature: {detail} (the signature is over the empty body)"),
        },
        None => Invalid::new(codes::DATA_FORMAT_ERROR, None, detail),
    })
}

fn json_body(model: &Model, fields: &[Field], req: &ReceivedRequest) -> Result<(), Invalid> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::new(
            codes::EMPTY_POST_DATA,
            None,
            "the body is empty",
        ));
    }
    let object = match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            let detail = "the body is not a JSON object";
            return Err(Invalid::new(codes::DATA_FORMAT_ERROR, None, detail));
        }
        Err(e) => {
            let detail = format_args!("the body is not JSON ({e})");
            return Err(Invalid::new(codes::DATA_FORMAT_ERROR, None, detail));
        }
    };
    let body_fields: Vec<&Field> = fields
        .iter()
        .filter(|f| f.location == FieldIn::Body)
        .collect();
    object_fields(model, body_fields, &object, "")
}

/// The fields of an object (the body, or a struct inside it), under `prefix`.
fn object_fields<'f>(
    model: &Model,
    fields: impl IntoIterator<Item = &'f Field>,
    object: &Map<String, Value>,
    prefix: &str,
) -> Result<(), Invalid> {
    for field in fields {
        let path = format!("{prefix}{}", field.wire);
        match object.get(&field.wire) {
            None | Some(Value::Null) if field.required || field.constant.is_some() => {
                return Err(Invalid::missing(&path));
            }
            None | Some(Value::Null) => {}
            Some(value) => {
                if let Some(constant) = &field.constant {
                    check_const(constant, value, &path)?;
                }
                check_value(model, &field.ty, field.lenient, value, &path, 0)?;
            }
        }
    }
    Ok(())
}

fn check_const(constant: &Literal, value: &Value, path: &str) -> Result<(), Invalid> {
    let same = match (constant, value) {
        (Literal::Bool(b), Value::Bool(v)) => b == v,
        (Literal::Int(i), Value::Number(n)) => n.as_i64() == Some(*i),
        (Literal::Float(x), Value::Number(n)) => n.as_f64() == Some(*x),
        (Literal::Str(s), Value::String(v)) => s == v,
        _ => false,
    };
    if same {
        return Ok(());
    }
    let detail = format_args!(
        "field `{path}` must be `{}`, not {value}",
        literal_text(constant)
    );
    Err(Invalid::new(INVALID_ARGS, Some(path), detail))
}

/// A JSON value against its type; `depth` stops a type that holds itself.
fn check_value(
    model: &Model,
    ty: &Ty,
    lenient: bool,
    value: &Value,
    path: &str,
    depth: usize,
) -> Result<(), Invalid> {
    if depth > 64 {
        return Ok(());
    }
    let numeric_text = || {
        value
            .as_str()
            .is_some_and(|s| s.trim().parse::<f64>().is_ok())
    };
    match ty {
        Ty::String if value.is_string() || (lenient && value.is_number()) => Ok(()),
        Ty::String => Err(Invalid::format(
            path,
            format_args!("must be a string, not {value}"),
        )),
        Ty::Integer(format) => {
            let as_int = match value {
                Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
                Value::String(s) if lenient => s.trim().parse::<i128>().ok(),
                _ => None,
            };
            match as_int {
                Some(i) if format.admits(i) => Ok(()),
                Some(_) => Err(Invalid::format(
                    path,
                    format_args!(
                        "must be an integer that fits {}, not {value}",
                        format.rust_name()
                    ),
                )),
                None => Err(Invalid::format(
                    path,
                    format_args!("must be an integer, not {value}"),
                )),
            }
        }
        Ty::Number if value.is_number() || (lenient && numeric_text()) => Ok(()),
        Ty::Number => Err(Invalid::format(
            path,
            format_args!("must be a number, not {value}"),
        )),
        Ty::Boolean if value.is_boolean() => Ok(()),
        Ty::Boolean => Err(Invalid::format(
            path,
            format_args!("must be a boolean, not {value}"),
        )),
        Ty::File | Ty::Bytes | Ty::Json => Ok(()),
        Ty::Array(item) => {
            let Value::Array(items) = value else {
                return Err(Invalid::format(
                    path,
                    format_args!("must be an array, not {value}"),
                ));
            };
            for (i, item_value) in items.iter().enumerate() {
                check_value(
                    model,
                    item,
                    false,
                    item_value,
                    &format!("{path}[{i}]"),
                    depth + 1,
                )?;
            }
            Ok(())
        }
        Ty::Map(of) => {
            let Value::Object(entries) = value else {
                return Err(Invalid::format(
                    path,
                    format_args!("must be an object, not {value}"),
                ));
            };
            for (key, entry) in entries {
                check_value(model, of, false, entry, &format!("{path}.{key}"), depth + 1)?;
            }
            Ok(())
        }
        Ty::JsonString(of) => match value {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(inner) => check_value(model, of, false, &inner, path, depth + 1),
                Err(_) => Err(Invalid::format(path, "must be a string holding JSON")),
            },
            inner => check_value(model, of, false, inner, path, depth + 1),
        },
        Ty::Named(name) => match model.find_type(&name.name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields }) => {
                let Value::Object(object) = value else {
                    return Err(Invalid::format(
                        path,
                        format_args!("must be an object, not {value}"),
                    ));
                };
                object_fields(model, fields, object, &format!("{path}."))
            }
            Some(TypeKind::Enum(def)) => match def.repr {
                EnumRepr::String if value.is_string() => Ok(()),
                EnumRepr::String => Err(Invalid::format(
                    path,
                    format_args!("must be a string, not {value}"),
                )),
                EnumRepr::Integer if value.is_i64() || value.is_u64() => Ok(()),
                EnumRepr::Integer => Err(Invalid::format(
                    path,
                    format_args!("must be an integer, not {value}"),
                )),
            },
            Some(TypeKind::OneOf { .. }) | None => Ok(()),
        },
    }
}

/// A single value as text (a query parameter, a multipart text part) against its type.
pub(super) fn check_text(
    model: &Model,
    ty: &Ty,
    lenient: bool,
    text: &str,
    path: &str,
) -> Result<(), Invalid> {
    let value = match ty {
        Ty::String | Ty::File | Ty::Bytes => return Ok(()),
        Ty::Integer(_) | Ty::Number => match serde_json::from_str::<Value>(text.trim()) {
            Ok(number @ Value::Number(_)) => number,
            _ => Value::String(text.to_owned()),
        },
        Ty::Boolean => match text {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        Ty::JsonString(_) | Ty::Json | Ty::Array(_) | Ty::Map(_) => {
            match serde_json::from_str::<Value>(text) {
                Ok(value) => value,
                Err(_) => return Err(Invalid::format(path, "must hold JSON")),
            }
        }
        Ty::Named(name) => match model.find_type(&name.name).map(|t| &t.kind) {
            Some(TypeKind::Enum(def)) if def.repr == EnumRepr::Integer => {
                match text.trim().parse::<i64>() {
                    Ok(i) => Value::from(i),
                    Err(_) => {
                        return Err(Invalid::format(
                            path,
                            format_args!("must be an integer, not {text:?}"),
                        ))
                    }
                }
            }
            _ => Value::String(text.to_owned()),
        },
    };
    let ty = match ty {
        Ty::JsonString(of) => of.as_ref(),
        other => other,
    };
    check_value(model, ty, lenient, &value, path, 0)
}

pub(super) fn query_field(
    model: &Model,
    field: &Field,
    req: &ReceivedRequest,
) -> Result<(), Invalid> {
    match req.query_param(&field.wire) {
        None if field.required || field.constant.is_some() => Err(Invalid::missing(&field.wire)),
        None => Ok(()),
        Some(text) => {
            if let Some(constant) = &field.constant {
                if text != literal_text(constant) {
                    let detail = format_args!(
                        "field `{}` must be `{}`, not {text:?}",
                        field.wire,
                        literal_text(constant)
                    );
                    return Err(Invalid::new(INVALID_ARGS, Some(&field.wire), detail));
                }
            }
            check_text(model, &field.ty, field.lenient, text, &field.wire)
        }
    }
}
