//! Validating uploads: multipart bodies (file parts with a filename, text parts, `one_of`
//! alternatives) and binary bodies.

use wxapi_codegen::model::{Field, FieldIn, Model, Ty, TypeKind};

use super::{check_text, query_field, Invalid, INVALID_ARGS};
use crate::codes;
use crate::multipart::{self, Part};
use crate::request::ReceivedRequest;
use crate::spec::routes::literal_text;

fn media_missing(field: &str, detail: impl std::fmt::Display) -> Invalid {
    Invalid::new(codes::MEDIA_DATA_MISSING, Some(field), detail)
}

pub(super) fn multipart_body(
    model: &Model,
    fields: &[Field],
    req: &ReceivedRequest,
) -> Result<(), Invalid> {
    let parts: Vec<Part> = if req.body.is_empty() {
        Vec::new()
    } else {
        let boundary = req.header("content-type").and_then(multipart::boundary);
        let Some(boundary) = boundary else {
            return Err(Invalid::new(
                codes::MEDIA_DATA_MISSING,
                None,
                "the body is not multipart/form-data",
            ));
        };
        multipart::parse(&req.body, &boundary).unwrap_or_default()
    };
    for field in fields.iter().filter(|f| f.location == FieldIn::Body) {
        if let Ty::Named(name) = &field.ty {
            if let Some(TypeKind::OneOf { variants }) = model.find_type(&name.name).map(|t| &t.kind)
            {
                one_of(model, field, variants, &parts, req)?;
                continue;
            }
        }
        match parts.iter().find(|p| p.name == field.wire) {
            None if field.required || field.constant.is_some() => {
                return Err(match field.ty {
                    Ty::File => {
                        media_missing(&field.wire, format_args!("no file part `{}`", field.wire))
                    }
                    _ => Invalid::missing(&field.wire),
                });
            }
            None => {}
            Some(part) => part_value(model, field, part)?,
        }
    }
    Ok(())
}

fn part_value(model: &Model, field: &Field, part: &Part) -> Result<(), Invalid> {
    if field.ty == Ty::File {
        if part.filename.is_none() {
            let detail = format_args!("the part `{}` has no filename", field.wire);
            return Err(media_missing(&field.wire, detail));
        }
        return Ok(());
    }
    let text = String::from_utf8_lossy(&part.data);
    if let Some(constant) = &field.constant {
        if text != literal_text(constant) {
            let detail = format_args!(
                "field `{}` must be `{}`",
                field.wire,
                literal_text(constant)
            );
            return Err(Invalid::new(INVALID_ARGS, Some(&field.wire), detail));
        }
    }
    check_text(model, &field.ty, field.lenient, &text, &field.wire)
}

/// Exactly one alternative of a `one_of`, each checked as its own field.
fn one_of(
    model: &Model,
    field: &Field,
    variants: &[Field],
    parts: &[Part],
    req: &ReceivedRequest,
) -> Result<(), Invalid> {
    let sent = |v: &Field| match v.location {
        FieldIn::Query => req.query_param(&v.wire).is_some(),
        _ => parts.iter().any(|p| p.name == v.wire),
    };
    let names = variants
        .iter()
        .map(|v| format!("`{}`", v.wire))
        .collect::<Vec<_>>()
        .join(" or ");
    let chosen: Vec<&Field> = variants.iter().filter(|v| sent(v)).collect();
    match chosen.as_slice() {
        [] if !field.required => Ok(()),
        [] => {
            let detail = format_args!("send one of {names}");
            Err(if variants.iter().any(|v| v.ty == Ty::File) {
                media_missing(&field.wire, detail)
            } else {
                Invalid::new(codes::DATA_FORMAT_ERROR, Some(&field.wire), detail)
            })
        }
        [one] => match one.location {
            FieldIn::Query => query_field(model, one, req),
            _ => match parts.iter().find(|p| p.name == one.wire) {
                Some(part) => part_value(model, one, part),
                None => Ok(()),
            },
        },
        _ => Err(Invalid::new(
            codes::DATA_FORMAT_ERROR,
            Some(&field.wire),
            format_args!("send only one of {names}"),
        )),
    }
}

pub(super) fn binary_body(fields: &[Field], req: &ReceivedRequest) -> Result<(), Invalid> {
    let body = fields.iter().find(|f| f.location == FieldIn::Body);
    match body {
        Some(field) if req.body.is_empty() && field.required => {
            Err(media_missing(&field.wire, "the body is empty"))
        }
        _ => Ok(()),
    }
}
