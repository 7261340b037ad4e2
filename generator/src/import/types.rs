//! A page's parameter tables → the draft's fields: each type as written (`objarray`,
//! `Array.<string>`, `-`, …) mapped to a spec type that fits where the field travels, with a
//! TODO where the page leaves the choice to a human.

use std::collections::HashSet;

use super::codes::PageCode;
use super::ir::Param;
use super::kinds::{classify, Kind};
use crate::diag::{Diagnostic, Span};
use crate::naming;

/// Nesting past this depth is left as `json`.
const MAX_DEPTH: usize = 8;

/// Where a table's fields go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Query parameters: single values only.
    Query,
    /// A JSON body, or fields nested in one.
    Json,
    /// Parts of a multipart body: files and single values.
    Multipart,
    /// A JSON response, or fields nested in one.
    Response,
}

/// One field of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Names the field in the draft's tags; unique in one draft.
    pub id: usize,
    pub wire: String,
    pub ty: Ty,
    pub required: bool,
    /// A default that fits `ty`, rendered.
    pub default: Option<Default>,
    pub sensitive: bool,
    /// Write `in: query`.
    pub in_query: bool,
    pub doc: String,
    pub todos: Vec<String>,
    pub span: Span,
    /// The type verification falls back on: `json`, or `string` where only single values go.
    pub fallback: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Default {
    Str(String),
    Int(i64),
    Float(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `string`, `integer`, `number`, `boolean`, `file`, `json`.
    Builtin(&'static str),
    /// `integer` with `format: u64`.
    U64,
    /// `json_string` of `json`: an object or array sent as a multipart text part.
    JsonString,
    Object(Object),
    Array(Box<Ty>),
}

/// An object's fields; `named` when it is declared under `types:` because its inline name
/// was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub named: Option<String>,
    pub fields: Vec<Field>,
}

/// Whether the page's name can be a field's wire name in the spec.
pub fn wire_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && naming::field(name).is_some()
}

/// Maps tables to fields, naming inline objects so that no two types share a Rust name.
pub struct Mapper<'a> {
    file: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    next_id: usize,
    /// Rust type names claimed by the draft.
    taken: HashSet<String>,
    /// `req:a.b` / `res:a.b`: fields whose samples show a fraction.
    fractions: &'a HashSet<String>,
}

impl<'a> Mapper<'a> {
    /// `prefix` is the endpoint's PascalCase id: its request, response and error types are
    /// taken from the start.
    pub fn new(file: &'a str, prefix: &str, fractions: &'a HashSet<String>) -> Mapper<'a> {
        let taken = ["Request", "Response", "Error"]
            .iter()
            .map(|s| format!("{prefix}{s}"))
            .collect();
        Mapper {
            file,
            diagnostics: Vec::new(),
            next_id: 0,
            taken,
            fractions,
        }
    }

    /// The fields of one table. `owner` names inline objects (`{owner}{Field}`); `path` is
    /// where the table is in samples (`req:`, `res:`, then dotted names).
    /// `seen` holds the Rust names of the fields already in the same struct (a request's
    /// query and body fields share one).
    pub fn fields(
        &mut self,
        params: &[Param],
        place: Place,
        (owner, path): (&str, &str),
        seen: &mut HashSet<String>,
    ) -> Vec<Field> {
        self.fields_at(params, place, (owner, path), 0, seen)
    }

    fn fields_at(
        &mut self,
        params: &[Param],
        place: Place,
        (owner, path): (&str, &str),
        depth: usize,
        rust_names: &mut HashSet<String>,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for p in params {
            let name = p.name.trim();
            if !wire_name_ok(name) {
                self.warn(PageCode::BadRow, p.span, format!("`{name}` can't be a field's wire name (ASCII letters, digits and `_`); the field is left out"), "add the field by hand under its real wire name");
                continue;
            }
            let rust = naming::field(name).map(|r| r.name).unwrap_or_default();
            if !rust_names.insert(rust.clone()) {
                self.warn(PageCode::BadRow, p.span, format!("`{name}` is listed twice (or as another spelling of the Rust field `{rust}`); the second is left out"), "keep the row that is right");
                continue;
            }
            let field_path = format!("{path}.{name}");
            out.push(self.field(p, name, place, owner, &field_path, depth));
        }
        out
    }

    fn field(
        &mut self,
        p: &Param,
        name: &str,
        place: Place,
        owner: &str,
        path: &str,
        depth: usize,
    ) -> Field {
        let mut todos = Vec::new();
        let mut kind = classify(&p.ty);
        let written = p.ty.trim();
        if kind == Kind::Unknown {
            let shown = if written.is_empty() {
                "(none)"
            } else {
                written
            };
            if p.children.is_empty() {
                self.warn(PageCode::UnknownType, p.span, format!("`{name}` has the type `{shown}`, which the spec has no word for; the draft says string"), "choose the type from the description and the samples");
                todos.push(format!(
                    "`{name}`: the page's type is `{shown}`; string is a guess"
                ));
            } else {
                todos.push(format!(
                    "`{name}`: the page's type is `{shown}`, with fields: an object is a guess"
                ));
                kind = Kind::Object;
            }
        } else if kind == Kind::Array && !p.children.is_empty() {
            kind = Kind::ObjArray;
        }
        if kind == Kind::Int && self.fractions.contains(path) {
            kind = Kind::Num;
        }
        let request = matches!(place, Place::Query | Place::Json | Place::Multipart);
        let fallback = if matches!(place, Place::Query | Place::Multipart) {
            "string"
        } else {
            "json"
        };
        let ty = self.ty(p, name, &kind, place, owner, path, depth, &mut todos);
        let sensitive = matches!(ty, Ty::Builtin("string")) && is_secret(name);
        let default = p.default.as_deref().and_then(|d| default_for(d, &ty));
        Field {
            id: self.id(),
            wire: name.to_owned(),
            ty,
            required: request && p.required == Some(true),
            default,
            sensitive,
            in_query: false,
            doc: prose(&p.doc),
            todos,
            span: p.span,
            fallback,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn ty(
        &mut self,
        p: &Param,
        name: &str,
        kind: &Kind,
        place: Place,
        owner: &str,
        path: &str,
        depth: usize,
        todos: &mut Vec<String>,
    ) -> Ty {
        let written = p.ty.trim();
        if *kind == Kind::Unknown {
            return Ty::Builtin("string");
        }
        if let Some(scalar) = kind.scalar() {
            return if *kind == Kind::U64 {
                Ty::U64
            } else {
                Ty::Builtin(scalar)
            };
        }
        match (place, kind) {
            (Place::Query, _) => {
                todos.push(format!("`{name}` is `{written}` on the page, but a query parameter is a single value; string for now"));
                return Ty::Builtin("string");
            }
            (Place::Multipart, Kind::File) => return Ty::Builtin("file"),
            (
                Place::Multipart,
                Kind::Json | Kind::Object | Kind::ObjArray | Kind::Array | Kind::ScalarArray(_),
            ) => {
                todos.push(format!("`{name}` is `{written}` in a multipart body: sent as a JSON text part; check what the API expects"));
                return Ty::JsonString;
            }
            (_, Kind::File) => {
                todos.push(format!(
                    "`{name}` is a file (`{written}`) outside an upload; string for now"
                ));
                return Ty::Builtin("string");
            }
            _ => {}
        }
        match kind {
            Kind::Json => Ty::Builtin("json"),
            Kind::Object if depth >= MAX_DEPTH => {
                todos.push(format!(
                    "`{name}` nests too deep for the draft; json for now"
                ));
                Ty::Builtin("json")
            }
            Kind::Object if p.children.is_empty() => {
                todos.push(format!(
                    "`{name}` is an object the page gives no fields for; json for now"
                ));
                Ty::Builtin("json")
            }
            Kind::Object => Ty::Object(self.object(p, name, place, owner, "", path, depth)),
            Kind::ObjArray if p.children.is_empty() || depth >= MAX_DEPTH => {
                todos.push(format!("`{name}` is an array of objects the page gives no fields for; json items for now"));
                Ty::Array(Box::new(Ty::Builtin("json")))
            }
            Kind::ObjArray => Ty::Array(Box::new(Ty::Object(
                self.object(p, name, place, owner, "Item", path, depth),
            ))),
            Kind::ScalarArray(item) => {
                let item: &Kind = if **item == Kind::Int && self.fractions.contains(path) {
                    &Kind::Num
                } else {
                    item
                };
                Ty::Array(Box::new(match item {
                    Kind::U64 => Ty::U64,
                    k => Ty::Builtin(k.scalar().unwrap_or("json")),
                }))
            }
            _ => {
                todos.push(format!(
                    "`{name}` is an array the page doesn't type the items of; json items for now"
                ));
                Ty::Array(Box::new(Ty::Builtin("json")))
            }
        }
    }

    /// The object of `p`'s children, named `{owner}{Name}{suffix}` unless that is taken.
    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        p: &Param,
        name: &str,
        place: Place,
        owner: &str,
        suffix: &str,
        path: &str,
        depth: usize,
    ) -> Object {
        let inline = format!(
            "{owner}{}{suffix}",
            naming::type_name(name).unwrap_or_default()
        );
        let (type_name, named) = if self.taken.insert(inline.clone()) {
            (inline, None)
        } else {
            // `XSelf_` is a fine inline name, but a declared one must be PascalCase as written.
            // A bounded search: a name that gives no PascalCase name with a number after it
            // (the page's names can be anything) falls back to a plain numbered one.
            let unique = (2..10_000)
                .filter_map(|n| naming::type_name(&format!("{inline}{n}")))
                .chain((1..).map(|n| format!("Imported{n}")))
                .find(|n| !self.taken.contains(n))
                .unwrap_or_default();
            self.taken.insert(unique.clone());
            (unique.clone(), Some(unique))
        };
        let inner = match place {
            Place::Response => Place::Response,
            _ => Place::Json,
        };
        let mut seen = HashSet::new();
        let fields = self.fields_at(&p.children, inner, (&type_name, path), depth + 1, &mut seen);
        Object { named, fields }
    }

    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    fn warn(&mut self, code: PageCode, span: Span, message: String, help: &str) {
        self.diagnostics
            .push(code.at(self.file, span, message).help(help));
    }
}

/// Secrets and tokens are `sensitive`: never printed.
fn is_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with("secret") || n.ends_with("token") || n == "session_key"
}

/// A default column's value, when it is a plain scalar that fits the type.
fn default_for(written: &str, ty: &Ty) -> Option<Default> {
    let d = written.trim();
    let none = ["", "-", "无", "空", "null", "none", "\"\"", "''"];
    if none.contains(&d) || d.chars().any(char::is_whitespace) || d.chars().count() > 64 {
        return None;
    }
    match ty {
        Ty::Builtin("string") => Some(Default::Str(d.trim_matches('"').to_owned())),
        Ty::Builtin("integer") => d.parse().ok().map(Default::Int),
        Ty::Builtin("number") => d
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(|n| Default::Float(n.to_string())),
        Ty::Builtin("boolean") => match d {
            "true" => Some(Default::Bool(true)),
            "false" => Some(Default::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// A page's text as a doc: lines trimmed at the end, no runs of blank lines, no blank edges.
pub fn prose(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push("");
            }
        } else {
            out.push(line);
        }
    }
    while out.last() == Some(&"") {
        out.pop();
    }
    out.join("\n").trim_start().to_owned()
}
