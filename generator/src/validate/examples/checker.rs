//! One file's examples against the types: mappings against structs, values against
//! types, the envelope of a response against the endpoint's error codes.

use std::collections::HashMap;

use serde_yaml::Value;

use super::Shape;
use crate::diag::suggest::closest;
use crate::diag::{Code, Diagnostics};
use crate::load::raw::RawExample;
use crate::load::spans::{Path, Seg};
use crate::model::{EnumRepr, Example, Field, FieldIn, Literal, Model, Ty, TypeKind};
use crate::validate::context::{join, FileCx};

/// Keys of the response envelope, which the runtime reads and the types don't declare.
const ENVELOPE: &[&str] = &["errcode", "errmsg", "errCode", "errMsg"];

pub struct Checker<'a> {
    pub model: &'a Model,
    pub cx: FileCx<'a>,
    /// Fields that failed to resolve, by struct: already reported, so not checked here.
    pub dropped: &'a HashMap<String, Vec<String>>,
    pub dx: &'a mut Diagnostics,
}

impl Checker<'_> {
    pub fn examples(&mut self, raw: &[RawExample], shape: &Shape) -> Vec<Example> {
        let examples = raw.iter().enumerate();
        examples
            .filter_map(|(i, example)| self.example(i, example, shape))
            .collect()
    }

    /// Example #`i`, when it matches the types (otherwise reported).
    fn example(&mut self, i: usize, example: &RawExample, shape: &Shape) -> Option<Example> {
        let at: Path = vec![Seg::Key("examples".into()), Seg::Index(i)];
        let (input, output) = match shape.input_key {
            "data" => (&example.data, &example.result),
            _ => (&example.request, &example.response),
        };
        self.stray_keys(&at, example, shape);
        if input.is_none() && output.is_none() {
            self.dx.push(
                self.cx
                    .key_error(Code::EmptyExample, &at, "this example shows nothing")
                    .help(format!(
                        "add `{}:` or `{}:`",
                        shape.input_key, shape.output_key
                    )),
            );
            return None;
        }
        let input_ok = input
            .as_ref()
            .is_none_or(|value| self.input(value, &at, shape));
        let (output_ok, error_code) = match output {
            Some(value) => self.output(value, &at, shape),
            None => (true, None),
        };
        (input_ok && output_ok).then(|| Example {
            title: example.title.clone(),
            doc: example.doc.clone(),
            input: input.as_ref().and_then(to_json),
            output: output.as_ref().and_then(to_json),
            error_code,
            origin: self.cx.origin(&at),
        })
    }

    /// The keys of the other kind of example: `data` and `result` in an endpoint's,
    /// `request` and `response` in a service's.
    fn stray_keys(&mut self, at: &Path, example: &RawExample, shape: &Shape) {
        let strays = match shape.input_key {
            "data" => [
                ("request", &example.request),
                ("response", &example.response),
            ],
            _ => [("data", &example.data), ("result", &example.result)],
        };
        for (key, stray) in strays {
            if stray.is_some() {
                self.dx.push(
                    self.cx
                        .key_error(
                            Code::MisplacedKey,
                            &join(at, &[key]),
                            format!("`{key}` is not an example key here"),
                        )
                        .help(format!(
                            "examples here take `{}` and `{}`",
                            shape.input_key, shape.output_key
                        )),
                );
            }
        }
    }

    fn input(&mut self, value: &Value, at: &Path, shape: &Shape) -> bool {
        let path = join(at, &[shape.input_key]);
        let Some(fields) = shape.input else {
            self.dx.push(
                self.cx
                    .key_error(
                        Code::MisplacedKey,
                        &path,
                        "this request can't be shown as JSON",
                    )
                    .help("remove the request example: multipart and binary requests have none"),
            );
            return false;
        };
        self.object(value, (shape.input_name, fields), &path, &[])
    }

    /// Whether the output matches, and the error code of an error example.
    fn output(&mut self, value: &Value, at: &Path, shape: &Shape) -> (bool, Option<i64>) {
        let path = join(at, &[shape.output_key]);
        let output = (shape.output_name, shape.output);
        if !shape.envelope {
            return (self.object(value, output, &path, &[]), None);
        }
        match self.envelope(value, &path, shape.known_codes) {
            Some(Some(code)) => (true, Some(code)),
            Some(None) => (self.object(value, output, &path, ENVELOPE), None),
            None => (false, None),
        }
    }

    /// `Some(Some(code))` for an error example, `Some(None)` for success, `None` if broken.
    fn envelope(&mut self, value: &Value, path: &Path, known: &[i64]) -> Option<Option<i64>> {
        let Value::Mapping(map) = value else {
            self.mismatch(path, "a mapping (the response body)", value);
            return None;
        };
        let code = ["errcode", "errCode"].iter().find_map(|k| map.get(*k));
        let code = match code {
            None => 0,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64().unwrap_or_default(),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
                s.trim().parse().unwrap_or_default()
            }
            Some(other) => {
                self.mismatch(
                    &join(path, &["errcode"]),
                    "an integer (or a numeric string)",
                    other,
                );
                return None;
            }
        };
        if code == 0 {
            return Some(None);
        }
        if !known.contains(&code) {
            self.dx.push(
                self.cx
                    .error(
                        Code::UnknownCode,
                        &join(path, &["errcode"]),
                        format!("error code {code} is not declared for this endpoint"),
                    )
                    .help("declare it under `errors:` or list it in `common_errors:`"),
            );
            return None;
        }
        Some(Some(code))
    }

    /// A mapping against the fields of the struct `name`.
    fn object(
        &mut self,
        value: &Value,
        (name, fields): (&str, &[Field]),
        path: &Path,
        allowed: &[&str],
    ) -> bool {
        let Value::Mapping(map) = value else {
            self.mismatch(path, "a mapping", value);
            return false;
        };
        let dropped = self.dropped.get(name).map_or(&[][..], Vec::as_slice);
        let mut ok = true;
        // Required fields an unknown key was taken for: reported once, as the unknown key.
        let mut meant: Vec<&str> = Vec::new();
        for (k, v) in map {
            let key = match k {
                Value::String(s) => s.clone(),
                other => format!("{other:?}"),
            };
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let at = join(path, &[&key]);
            if let Some(field) = fields.iter().find(|f| f.wire == key) {
                ok &= self.field(v, field, &at);
                continue;
            }
            ok = false;
            if dropped.contains(&key) {
                continue;
            }
            let best = closest(&key, fields.iter().map(|f| f.wire.as_str()));
            meant.extend(best.filter(|b| !map.contains_key(*b)));
            let help = match best {
                Some(best) => format!("did you mean `{best}`?"),
                None => "declare the field, or remove it from the example".to_owned(),
            };
            self.dx.push(
                self.cx
                    .key_error(
                        Code::ExampleMismatch,
                        &at,
                        format!("the example has `{key}`, which is not a declared field"),
                    )
                    .help(help),
            );
        }
        // The key a call is signed with is an argument, not part of what is sent.
        let sent = |f: &&Field| f.location != FieldIn::SigningKey;
        for field in fields.iter().filter(|f| f.required).filter(sent) {
            if !map.contains_key(field.wire.as_str()) {
                ok = false;
                if meant.contains(&field.wire.as_str()) {
                    continue;
                }
                self.dx.push(
                    self.cx
                        .key_error(
                            Code::ExampleMismatch,
                            path,
                            format!("the example lacks the required field `{}`", field.wire),
                        )
                        .help(format!(
                            "add `{}` to the example, or make the field optional",
                            field.wire
                        )),
                );
            }
        }
        ok
    }

    fn field(&mut self, value: &Value, field: &Field, path: &Path) -> bool {
        if let Some(constant) = &field.constant {
            if !literal_eq(value, constant) {
                self.dx.push(
                    self.cx
                        .error(
                            Code::ExampleMismatch,
                            path,
                            format!("`{}` is always `{constant}`", field.wire),
                        )
                        .help(format!("write `{constant}`")),
                );
                return false;
            }
        }
        if value.is_null() && !field.required {
            return true;
        }
        if field.lenient && lenient_fits(value, &field.ty) {
            return true;
        }
        self.value(value, &field.ty, path)
    }

    fn value(&mut self, value: &Value, ty: &Ty, path: &Path) -> bool {
        let fits = match (ty, value) {
            (Ty::String, Value::String(_)) => true,
            (Ty::Integer(f), Value::Number(n)) => n
                .as_i64()
                .map(i128::from)
                .or(n.as_u64().map(i128::from))
                .is_some_and(|i| f.admits(i)),
            (Ty::Number, Value::Number(_)) | (Ty::Boolean, Value::Bool(_)) | (Ty::Json, _) => true,
            (Ty::Array(items), Value::Sequence(list)) => return self.items(list, items, path),
            (Ty::JsonString(inner), Value::String(text)) => {
                return self.json_text(text, inner, path)
            }
            (Ty::JsonString(inner), _) => return self.value(value, inner, path),
            (Ty::Map(values), Value::Mapping(map)) => {
                let mut ok = true;
                for (k, v) in map {
                    let key = match k {
                        Value::String(s) => s.clone(),
                        other => scalar_text(other),
                    };
                    ok &= self.value(v, values, &join(path, &[&key]));
                }
                return ok;
            }
            (Ty::Named(r), _) => return self.named(value, &r.name, path),
            _ => false,
        };
        if !fits {
            self.mismatch(path, describe(ty), value);
        }
        fits
    }

    fn items(&mut self, list: &[Value], ty: &Ty, path: &Path) -> bool {
        let mut ok = true;
        for (i, item) in list.iter().enumerate() {
            let mut at = path.clone();
            at.push(Seg::Index(i));
            ok &= self.value(item, ty, &at);
        }
        ok
    }

    /// The text of a `json_string`: JSON, whose value is of type `ty`.
    fn json_text(&mut self, text: &str, ty: &Ty, path: &Path) -> bool {
        match serde_yaml::from_str::<Value>(text) {
            Ok(parsed) if serde_json::from_str::<serde_json::Value>(text).is_ok() => {
                self.value(&parsed, ty, path)
            }
            _ => {
                self.dx.push(
                    self.cx
                        .error(
                            Code::ExampleMismatch,
                            path,
                            "this text should carry JSON, but it does not parse as JSON",
                        )
                        .help(
                            "JSON text uses double quotes; put single quotes around the YAML \
                             string to avoid escaping them: `data: '{\"result\":true}'`",
                        ),
                );
                false
            }
        }
    }

    fn named(&mut self, value: &Value, name: &str, path: &Path) -> bool {
        let Some(def) = self.model.find_type(name) else {
            return false;
        };
        match &def.kind {
            TypeKind::Struct { fields } => self.object(value, (name, fields), path, &[]),
            // Only in uploads, which have no JSON examples.
            TypeKind::OneOf { .. } => {
                self.mismatch(path, "nothing: a `one_of` has no JSON example", value);
                false
            }
            TypeKind::Enum(e) => {
                let known = e.values.iter().any(|v| literal_eq(value, &v.wire));
                let right_kind = match e.repr {
                    EnumRepr::String => value.is_string(),
                    EnumRepr::Integer => value.is_i64(),
                };
                if !right_kind {
                    self.mismatch(path, &format!("a value of enum `{name}`"), value);
                    return false;
                }
                if !known {
                    self.dx.push(
                        self.cx
                            .warning(Code::ExampleUnknownValue, path, format!("`{}` is not a listed value of `{name}`", scalar_text(value)))
                            .help("add it to the enum's `values` if WeChat documents it (unknown values are kept at run time)"),
                    );
                }
                true
            }
        }
    }

    fn mismatch(&mut self, path: &Path, expected: &str, found: &Value) {
        self.dx.push(
            self.cx
                .error(
                    Code::ExampleMismatch,
                    path,
                    format!("expected {expected}, found {}", kind_of(found)),
                )
                .help("make the example match the declared type, or fix the type"),
        );
    }
}

/// The other form a `lenient` field accepts: a number for a string, a numeric string for a
/// number.
fn lenient_fits(value: &Value, ty: &Ty) -> bool {
    match (ty, value) {
        (Ty::String, Value::Number(_)) => true,
        (Ty::Integer(f), Value::String(s)) => s.trim().parse::<i128>().is_ok_and(|i| f.admits(i)),
        (Ty::Number, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        _ => false,
    }
}

fn literal_eq(value: &Value, literal: &Literal) -> bool {
    match (value, literal) {
        (Value::String(s), Literal::Str(l)) => s == l,
        (Value::Number(n), Literal::Int(l)) => n.as_i64() == Some(*l),
        (Value::Number(n), Literal::Float(l)) => n.as_f64() == Some(*l),
        (Value::Bool(b), Literal::Bool(l)) => b == l,
        _ => false,
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => kind_of(other).to_owned(),
    }
}

fn describe(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "a string",
        Ty::Integer(_) => "an integer that fits the field's format",
        Ty::Number => "a number",
        Ty::Boolean => "a boolean",
        Ty::File | Ty::Bytes => "nothing: files can't be shown in a JSON example",
        Ty::Json => "any JSON",
        Ty::Array(_) => "a list",
        Ty::JsonString(_) => "a string carrying JSON",
        Ty::Map(_) => "a mapping of values",
        Ty::Named(_) => "a mapping",
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn to_json(value: &Value) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}
