//! The spec's types as JSON Schema 2020-12, the dialect of OpenAPI 3.1: built-in types
//! inline, named types (structs, enums, choices) as `$ref`s to `components/schemas`.

use serde_json::Value;

use super::json::{schema_ref, Obj};
use crate::model::{
    EnumDef, EnumRepr, Field, FieldIn, IntFormat, Literal, Notes, Ty, TypeDef, TypeKind,
};

/// The media type of a file's bytes whose real type the spec doesn't know.
pub(super) const OCTET_STREAM: &str = "application/octet-stream";

/// The schema of a type, inline; a named type is a `$ref`.
pub(super) fn ty(t: &Ty) -> Obj {
    match t {
        Ty::String => Obj::new().put("type", "string"),
        Ty::Integer(format) => integer(*format),
        Ty::Number => Obj::new().put("type", "number"),
        Ty::Boolean => Obj::new().put("type", "boolean"),
        // A multipart file part or a binary body: bytes, not JSON.
        Ty::File | Ty::Bytes => Obj::new()
            .put("type", "string")
            .put("contentMediaType", OCTET_STREAM),
        // Any JSON value: the empty schema.
        Ty::Json => Obj::new(),
        Ty::Array(items) => Obj::new().put("type", "array").put("items", ty(items)),
        // A string holding JSON text, which decodes to the inner type.
        Ty::JsonString(inner) => Obj::new()
            .put("type", "string")
            .put("contentMediaType", "application/json")
            .put("contentSchema", ty(inner)),
        Ty::Map(values) => Obj::new()
            .put("type", "object")
            .put("additionalProperties", ty(values)),
        Ty::Named(r) => match schema_ref(&r.name) {
            Value::Object(map) => Obj(map),
            _ => Obj::new(),
        },
    }
}

/// An integer of a width: the format's name from the OpenAPI format registry, and its
/// bounds where the format is not one every tool knows.
fn integer(format: IntFormat) -> Obj {
    let base = Obj::new().put("type", "integer");
    let (name, bounds): (&str, Option<(i64, Option<u64>)>) = match format {
        IntFormat::I8 => ("int8", Some((i8::MIN.into(), Some(i8::MAX as u64)))),
        IntFormat::I16 => ("int16", Some((i16::MIN.into(), Some(i16::MAX as u64)))),
        IntFormat::I32 => ("int32", None),
        IntFormat::I64 => ("int64", None),
        IntFormat::U8 => ("uint8", Some((0, Some(u8::MAX.into())))),
        IntFormat::U16 => ("uint16", Some((0, Some(u16::MAX.into())))),
        IntFormat::U32 => ("uint32", Some((0, Some(u32::MAX.into())))),
        IntFormat::U64 => ("uint64", Some((0, None))),
    };
    let base = base.put("format", name);
    match bounds {
        Some((min, max)) => base.put("minimum", min).opt("maximum", max),
        None => base,
    }
}

/// A field's schema: its type, with what the field adds (doc, default, const, flags).
pub(super) fn field(f: &Field) -> Value {
    let mut s = ty(&f.ty);
    if f.lenient {
        s = lenient(s, &f.ty);
    }
    let plain_string = f.ty == Ty::String && !f.lenient;
    notes(s, f.doc.as_deref(), &f.notes)
        .opt("default", f.default.as_ref().map(literal))
        .opt("const", f.constant.as_ref().map(literal))
        // `format: password` is what UIs mask; the extension says it for every type.
        .opt(
            "format",
            (f.sensitive && plain_string).then_some("password"),
        )
        .flag("x-wxapi-sensitive", f.sensitive)
        .flag("x-wxapi-file-url", f.file_url)
        .into()
}

/// A lenient field is read from a number or a numeric string alike (and sent as its type).
fn lenient(s: Obj, t: &Ty) -> Obj {
    let types: &[&str] = match t {
        Ty::String => &["string", "number"],
        Ty::Integer(_) => &["integer", "string"],
        _ => &["number", "string"],
    };
    s.put("type", types.to_vec()).put("x-wxapi-lenient", true)
}

/// `description`, `deprecated` and `since` on a schema.
pub(super) fn notes(s: Obj, doc: Option<&str>, notes: &Notes) -> Obj {
    s.opt("description", doc)
        .flag("deprecated", notes.deprecated.is_some())
        .opt("x-wxapi-deprecated", notes.deprecated.as_deref())
        .opt("x-wxapi-since", notes.since.as_deref())
}

pub(super) fn literal(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => (*b).into(),
        Literal::Int(i) => (*i).into(),
        Literal::Float(x) => (*x).into(),
        Literal::Str(s) => s.as_str().into(),
    }
}

/// An object of these fields: `properties` in wire order, and `required` for the fields
/// always present (a `const` field is required).
pub(super) fn object<'f>(doc: Option<&str>, fields: impl IntoIterator<Item = &'f Field>) -> Obj {
    let mut properties = Obj::new();
    let mut required = Vec::new();
    for f in fields {
        if f.required || f.constant.is_some() {
            required.push(Value::from(f.wire.as_str()));
        }
        properties = properties.put(&f.wire, field(f));
    }
    Obj::new()
        .put("type", "object")
        .opt("description", doc)
        .put("properties", properties)
        .list("required", required)
}

/// A named type as a component schema.
pub(super) fn type_def(def: &TypeDef) -> Value {
    let doc = def.doc.as_deref();
    let s = match &def.kind {
        TypeKind::Struct { fields } => object(None, fields),
        TypeKind::Enum(e) => enumeration(e),
        TypeKind::OneOf { variants } => choice(variants),
    };
    let doc = match &def.kind {
        TypeKind::Enum(e) => enum_doc(doc, e),
        _ => doc.map(str::to_owned),
    };
    notes(s, doc.as_deref(), &def.notes).into()
}

/// An enum: its values, and their Rust names and docs in the extensions code generators
/// read. WeChat adds values without notice, and the client keeps unlisted ones.
fn enumeration(e: &EnumDef) -> Obj {
    let kind = match e.repr {
        EnumRepr::String => "string",
        EnumRepr::Integer => "integer",
    };
    let values: Vec<Value> = e.values.iter().map(|v| literal(&v.wire)).collect();
    let names: Vec<Value> = e.values.iter().map(|v| v.name.as_str().into()).collect();
    let docs: Vec<Value> = e
        .values
        .iter()
        .map(|v| v.doc.as_deref().unwrap_or_default().into())
        .collect();
    let has_docs = e.values.iter().any(|v| v.doc.is_some());
    Obj::new()
        .put("type", kind)
        .put("enum", values)
        .put("x-enum-varnames", names)
        .opt("x-enum-descriptions", has_docs.then_some(docs))
        .put("x-wxapi-open-enum", true)
}

/// The enum's doc with its values listed, for readers of the rendered page.
fn enum_doc(doc: Option<&str>, e: &EnumDef) -> Option<String> {
    let mut lines: Vec<String> = doc.map(|d| d.trim_end().to_owned()).into_iter().collect();
    if e.values
        .iter()
        .any(|v| v.doc.is_some() || v.notes.deprecated.is_some())
    {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        for v in &e.values {
            let mut line = format!("- `{}`", v.wire);
            if let Some(d) = &v.doc {
                line.push_str(&format!(": {}", d.trim()));
            }
            if let Some(why) = &v.notes.deprecated {
                line.push_str(&format!(" (deprecated: {})", why.trim()));
            }
            lines.push(line);
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A choice: exactly one of the alternatives, each a one-field object saying where it
/// travels (a query parameter or a multipart part). The operation shows the alternatives
/// as its parameters and parts; this schema is the choice itself.
fn choice(variants: &[Field]) -> Obj {
    let alternatives: Vec<Value> = variants
        .iter()
        .map(|v| {
            let place = match v.location {
                FieldIn::Query => "query",
                FieldIn::Body | FieldIn::SigningKey => "body",
            };
            Obj::new()
                .put("type", "object")
                .put("properties", Obj::new().put(&v.wire, field(v)))
                .put("required", vec![v.wire.as_str()])
                .put("x-wxapi-in", place)
                .into()
        })
        .collect();
    Obj::new()
        .put("oneOf", alternatives)
        .put("x-wxapi-choice", true)
}
