//! Type expressions -> resolved types.
//!
//! Resolving a type checks its keys, looks up named types (local ones first, then shared
//! ones), and hoists inline `object`/`enum` types into named ones (`MsgSecCheckResult`), so
//! emitters only ever see named structs and enums.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::context::{join, FileCx, Registry};
use crate::diag::Diagnostics;
use crate::load::raw::{RawEnumValue, RawType, RawTypeRef};
use crate::load::spans::{Path, Seg};
use crate::model::{
    EnumDef, EnumRepr, EnumValue, Field, FieldIn, IntFormat, Literal, Notes, Ty, TypeDef, TypeHome,
    TypeKind, TypeRef,
};
use crate::naming;
use crate::suggest::closest;

/// The built-in type names, in the order the docs list them.
pub const BUILTINS: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "file",
    "bytes",
    "json",
    "array",
    "object",
    "enum",
    "json_string",
];

/// What a list of fields is for: decides which field keys are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An endpoint request; fields default to travelling in `default_in`.
    Request {
        default_in: FieldIn,
    },
    Response,
    /// A service's `data`.
    ServiceData,
    /// Fields of an object type, a service result.
    Plain,
}

/// Everything the resolver reads but does not own.
pub struct Resolver<'r> {
    pub shared: &'r HashMap<String, TypeRef>,
    /// Named types whose declarations failed to decode: already reported, so a use of one
    /// is not reported again.
    pub poisoned: &'r HashSet<String>,
    pub registry: &'r mut Registry,
    pub dx: &'r mut Diagnostics,
    /// The doc of the field being resolved: an inline type without its own doc takes it.
    pub field_doc: Option<String>,
    /// Names offered as "did you mean" for unknown types: likely meant to be used, so they
    /// are not also reported as unused.
    pub suggested: HashSet<String>,
    /// Wire names of fields that failed to resolve (already reported), by the Rust name of
    /// the struct they belong to, so that examples don't report them again.
    pub dropped: HashMap<String, Vec<String>>,
}

/// One file's view: its local types, and where hoisted types go.
pub struct Scope<'a> {
    pub cx: FileCx<'a>,
    pub local: HashMap<String, TypeRef>,
    pub home: TypeHome,
    /// Named types declared or hoisted in this scope, in declaration order.
    pub out: Vec<TypeDef>,
}

impl Resolver<'_> {
    /// Resolves the fields of the struct `name` at `path` (the `fields` mapping); inline types
    /// in them are named after `owner`.
    pub fn fields(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        raw: &IndexMap<String, RawType>,
        (name, owner): (&str, &str),
        role: Role,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (wire, raw_field) in raw {
            let field_path = join(path, &[wire]);
            let Some(field) = self.field(scope, &field_path, wire, raw_field, owner, role) else {
                self.dropped
                    .entry(name.to_owned())
                    .or_default()
                    .push(wire.clone());
                continue;
            };
            if let Some(first) = rust_names.get(&field.rust.name) {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            "name-collision",
                            &field_path,
                            format!(
                                "`{wire}` and `{first}` both become the Rust field `{}`",
                                field.rust.name
                            ),
                        )
                        .help("rename one of the fields, or remove the duplicate"),
                );
                continue;
            }
            rust_names.insert(field.rust.name.clone(), wire.clone());
            out.push(field);
        }
        out
    }

    fn field(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        wire: &str,
        raw: &RawType,
        owner: &str,
        role: Role,
    ) -> Option<Field> {
        let Some(rust) = naming::field(wire) else {
            self.dx.push(
                scope
                    .cx
                    .key_error(
                        "bad-identifier",
                        path,
                        format!("`{wire}` has no characters usable in a Rust field name"),
                    )
                    .help(
                        "field names are the wire names WeChat uses: ASCII letters, digits and `_`",
                    ),
            );
            return None;
        };
        self.check_field_keys(scope, path, raw, role);
        let hint = format!("{owner}{}", naming::type_name(wire).unwrap_or_default());
        let outer_doc = std::mem::replace(&mut self.field_doc, raw.doc.clone());
        let ty = self.ty(scope, path, raw, hint);
        self.field_doc = outer_doc;
        let ty = ty?;
        let constant = self.literal(scope, &join(path, &["const"]), raw.constant.as_ref(), &ty);
        let default = self.literal(scope, &join(path, &["default"]), raw.default.as_ref(), &ty);
        let location = match (role, raw.location.as_deref()) {
            (Role::Request { default_in }, None) => default_in,
            (_, Some("query")) => FieldIn::Query,
            (_, Some("body")) => FieldIn::Body,
            (_, Some(other)) => {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "bad-value",
                            &join(path, &["in"]),
                            format!("`in: {other}` is not a place a field can travel"),
                        )
                        .help("write `in: query` or `in: body`"),
                );
                FieldIn::Body
            }
            (_, None) => FieldIn::Body,
        };
        if constant.is_some() && raw.required == Some(false) {
            self.dx.push(
                scope
                    .cx
                    .error(
                        "const-optional",
                        &join(path, &["required"]),
                        "a `const` field is always sent, so it can't be optional",
                    )
                    .help("remove `required: false`"),
            );
        }
        Some(Field {
            wire: wire.to_owned(),
            rust,
            doc: raw.doc.clone(),
            notes: notes(raw.since.as_ref(), raw.deprecated.as_ref()),
            required: raw.required.unwrap_or(false) || constant.is_some(),
            default,
            constant,
            sensitive: raw.sensitive.unwrap_or(false),
            location,
            file_url: raw.file_url.unwrap_or(false),
            ty,
        })
    }

    /// Field-only keys outside a field, and keys that don't fit the role.
    fn check_field_keys(&mut self, scope: &Scope, path: &Path, raw: &RawType, role: Role) {
        let misplaced = [
            (
                "in",
                raw.location.is_some() && !matches!(role, Role::Request { .. }),
                "only request fields travel in the query or the body",
            ),
            (
                "file_url",
                raw.file_url.is_some() && role != Role::ServiceData,
                "`file_url` marks fields of a service's `data`",
            ),
        ];
        for (name, bad, why) in misplaced {
            if bad {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            "misplaced-key",
                            &join(path, &[name]),
                            format!("`{name}` is not allowed here"),
                        )
                        .help(format!("{why}; remove it")),
                );
            }
        }
    }

    /// Keys that make sense only on a field, found on a bare type expression.
    fn check_type_keys(&mut self, scope: &Scope, path: &Path, raw: &RawType) {
        let field_only = [
            ("required", raw.required.is_some()),
            ("default", raw.default.is_some()),
            ("const", raw.constant.is_some()),
            ("sensitive", raw.sensitive.is_some()),
            ("in", raw.location.is_some()),
            ("file_url", raw.file_url.is_some()),
        ];
        for (name, present) in field_only {
            if present {
                self.dx.push(
                    scope
                        .cx
                        .key_error("misplaced-key", &join(path, &[name]), format!("`{name}` is not allowed here"))
                        .help(format!("`{name}` belongs on a field, not on a type; move it to the field that uses this type")),
                );
            }
        }
    }

    /// Resolves a type expression. `hint` names an inline object or enum.
    pub fn ty(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        raw: &RawType,
        hint: String,
    ) -> Option<Ty> {
        self.check_applicable_keys(scope, path, raw);
        let ty = match raw.ty.as_str() {
            "string" => Ty::String,
            "integer" => Ty::Integer(self.int_format(scope, path, raw)),
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "file" => Ty::File,
            "bytes" => Ty::Bytes,
            "json" => Ty::Json,
            "array" => {
                let items = self.required_ref(
                    scope,
                    path,
                    "items",
                    raw.items.as_ref(),
                    "array",
                    format!("{hint}Item"),
                )?;
                Ty::Array(Box::new(items))
            }
            "json_string" => {
                let of =
                    self.required_ref(scope, path, "of", raw.of.as_ref(), "json_string", hint)?;
                Ty::JsonString(Box::new(of))
            }
            "object" | "enum" => {
                let def = self.def(scope, path, &hint, raw, false)?;
                let name = def.name.clone();
                scope.out.push(def);
                Ty::Named(TypeRef {
                    name,
                    home: scope.home.clone(),
                })
            }
            name => self.lookup(scope, &join(path, &["type"]), name)?,
        };
        Some(ty)
    }

    fn required_ref(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        key_name: &str,
        r: Option<&RawTypeRef>,
        ty: &str,
        hint: String,
    ) -> Option<Ty> {
        let Some(r) = r else {
            self.dx.push(
                scope
                    .cx
                    .key_error(
                        "missing-key",
                        path,
                        format!("`type: {ty}` needs `{key_name}`"),
                    )
                    .help(format!(
                        "add `{key_name}: string` or `{key_name}: {{ type: object, fields: ... }}`"
                    )),
            );
            return None;
        };
        let at = join(path, &[key_name]);
        match r {
            RawTypeRef::Name(name) => self.bare(scope, &at, name),
            RawTypeRef::Inline(inner) => {
                self.check_type_keys(scope, &at, inner);
                self.ty(scope, &at, inner, hint)
            }
        }
    }

    /// `items`, `fields`, `values`, `format`, `of` only mean something for one type each.
    fn check_applicable_keys(&mut self, scope: &Scope, path: &Path, raw: &RawType) {
        let keys = [
            ("items", raw.items.is_some(), "array"),
            ("of", raw.of.is_some(), "json_string"),
            ("fields", raw.fields.is_some(), "object"),
            ("values", raw.values.is_some(), "enum"),
            ("format", raw.format.is_some(), "integer"),
        ];
        for (name, present, owner) in keys {
            if present && raw.ty != owner {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            "misplaced-key",
                            &join(path, &[name]),
                            format!("`{name}` does nothing on `type: {}`", raw.ty),
                        )
                        .help(format!(
                            "`{name}` belongs to `type: {owner}`; remove it or change the type"
                        )),
                );
            }
        }
    }

    fn int_format(&mut self, scope: &Scope, path: &Path, raw: &RawType) -> IntFormat {
        let Some(format) = raw.format.as_deref() else {
            return IntFormat::I64;
        };
        if let Some((_, f)) = IntFormat::ALL.iter().find(|(n, _)| *n == format) {
            return *f;
        }
        let names: Vec<&str> = IntFormat::ALL.iter().map(|(n, _)| *n).collect();
        // `int32`, `uint64`: the spelling of other schema languages.
        let short = format.replace("uint", "u").replace("int", "i");
        let best = names
            .iter()
            .copied()
            .find(|n| *n == short)
            .or_else(|| closest(format, names.iter().copied()));
        let help = match best {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of {}", names.join(", ")),
        };
        self.dx.push(
            scope
                .cx
                .error(
                    "bad-value",
                    &join(path, &["format"]),
                    format!("`{format}` is not an integer format"),
                )
                .help(help),
        );
        IntFormat::I64
    }

    /// A bare type name, as `items: string` or `of: SecResult` allow.
    fn bare(&mut self, scope: &Scope, path: &Path, name: &str) -> Option<Ty> {
        let ty = match name {
            "string" => Ty::String,
            "integer" => Ty::Integer(IntFormat::I64),
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "file" => Ty::File,
            "bytes" => Ty::Bytes,
            "json" => Ty::Json,
            "array" | "object" | "enum" | "json_string" => {
                let needs = match name {
                    "array" => "items",
                    "object" => "fields",
                    "enum" => "values",
                    _ => "of",
                };
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "missing-key",
                            path,
                            format!("a bare `{name}` has no `{needs}`"),
                        )
                        .help(format!(
                            "write the whole type expression: `{{ type: {name}, {needs}: ... }}`"
                        )),
                );
                return None;
            }
            _ => return self.lookup(scope, path, name),
        };
        Some(ty)
    }

    fn lookup(&mut self, scope: &Scope, path: &Path, name: &str) -> Option<Ty> {
        if let Some(found) = scope.local.get(name).or_else(|| self.shared.get(name)) {
            return Some(Ty::Named(found.clone()));
        }
        if self.poisoned.contains(name) {
            return None;
        }
        let known = BUILTINS
            .iter()
            .copied()
            .chain(scope.local.keys().map(String::as_str))
            .chain(self.shared.keys().map(String::as_str));
        let help = match closest(name, known) {
            Some(best) => {
                self.suggested.insert(best.to_owned());
                format!("did you mean `{best}`?")
            }
            None => format!(
                "use a built-in type ({}) or declare `{name}` under `types:` here or in spec/types/",
                BUILTINS.join(", ")
            ),
        };
        self.dx.push(
            scope
                .cx
                .error("unknown-type", path, format!("unknown type `{name}`"))
                .help(help),
        );
        None
    }

    /// A named type: an object or an enum, declared under `types:` (`declared`) or inline.
    pub fn def(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        name: &str,
        raw: &RawType,
        declared: bool,
    ) -> Option<TypeDef> {
        if declared {
            self.check_type_keys(scope, path, raw);
            self.check_applicable_keys(scope, path, raw);
        }
        let kind = match raw.ty.as_str() {
            "object" => {
                let empty = IndexMap::new();
                let fields = raw.fields.as_ref().unwrap_or(&empty);
                if raw.fields.is_none() {
                    self.dx.push(
                        scope
                            .cx
                            .key_error("missing-key", path, "`type: object` needs `fields`")
                            .help("add `fields: { name: { type: string, doc: ... } }`"),
                    );
                }
                let fields = self.fields(
                    scope,
                    &join(path, &["fields"]),
                    fields,
                    (name, name),
                    Role::Plain,
                );
                TypeKind::Struct { fields }
            }
            "enum" => TypeKind::Enum(self.enum_def(scope, path, raw.values.as_deref())?),
            other => {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "bad-named-type",
                            &join(path, &["type"]),
                            format!("a named type must be an `object` or an `enum`, not `{other}`"),
                        )
                        .help("use the type directly where it is needed, or wrap it in an object"),
                );
                return None;
            }
        };
        if !self
            .registry
            .claim(name, &format!("type `{name}`"), &scope.cx, path, self.dx)
        {
            return None;
        }
        let doc = if declared {
            raw.doc.clone()
        } else {
            raw.doc.clone().or_else(|| self.field_doc.clone())
        };
        Some(TypeDef {
            name: name.to_owned(),
            doc,
            notes: notes(raw.since.as_ref(), raw.deprecated.as_ref()),
            kind,
            origin: scope.cx.origin(path),
        })
    }

    fn enum_def(
        &mut self,
        scope: &Scope,
        path: &Path,
        values: Option<&[RawEnumValue]>,
    ) -> Option<EnumDef> {
        let values_path = join(path, &["values"]);
        let values = match values {
            Some(v) if !v.is_empty() => v,
            _ => {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            "empty-enum",
                            if values.is_some() { &values_path } else { path },
                            "this enum has no values",
                        )
                        .help("add `values: [ { value: ..., name: ..., doc: ... } ]`"),
                );
                return None;
            }
        };
        let mut repr: Option<EnumRepr> = None;
        let mut out: Vec<EnumValue> = Vec::new();
        let mut seen_wire: HashMap<String, usize> = HashMap::new();
        let mut seen_name: HashMap<String, usize> = HashMap::new();
        for (i, value) in values.iter().enumerate() {
            let at: Path = {
                let mut p = values_path.clone();
                p.push(Seg::Index(i));
                p
            };
            let value_at = join(&at, &["value"]);
            let (wire, this_repr) = match &value.value {
                serde_yaml::Value::String(s) => (Literal::Str(s.clone()), EnumRepr::String),
                serde_yaml::Value::Number(n) if n.as_i64().is_some() => (
                    Literal::Int(n.as_i64().unwrap_or_default()),
                    EnumRepr::Integer,
                ),
                _ => {
                    self.dx.push(
                        scope
                            .cx
                            .error(
                                "bad-value",
                                &value_at,
                                "an enum value must be a string or an integer",
                            )
                            .help("write e.g. `value: risky` or `value: 100`"),
                    );
                    continue;
                }
            };
            match repr {
                None => repr = Some(this_repr),
                Some(r) if r != this_repr => {
                    self.dx.push(
                        scope
                            .cx
                            .error(
                                "mixed-enum",
                                &value_at,
                                "all values of one enum must be strings, or all integers",
                            )
                            .help("quote the value to make it a string, or change the others"),
                    );
                    continue;
                }
                Some(_) => {}
            }
            let wire_text = wire.to_string();
            if let Some(first) = seen_wire.get(&wire_text) {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "duplicate-value",
                            &value_at,
                            format!("the value `{wire_text}` is already listed"),
                        )
                        .help(format!(
                            "it is value #{} of this enum; remove one",
                            first + 1
                        )),
                );
                continue;
            }
            let name = match &value.name {
                Some(name) if naming::is_type_name(name) && !matches!(name.as_str(), "Unknown") => {
                    name.clone()
                }
                Some(name) => {
                    let better = naming::type_name(name).filter(|n| n != "Unknown");
                    self.dx.push(
                        scope
                            .cx
                            .error("bad-identifier", &join(&at, &["name"]), format!("`{name}` can't be an enum variant name"))
                            .help(match better {
                                Some(b) => format!("write it in PascalCase: `{b}`"),
                                None => "use a PascalCase name other than `Unknown` (which keeps values the spec doesn't list)".to_owned(),
                            }),
                    );
                    continue;
                }
                None => match naming::variant_for_value(&wire_text) {
                    Some(name) if this_repr == EnumRepr::String && name != "Unknown" => name,
                    _ => {
                        self.dx.push(
                            scope
                                .cx
                                .key_error("missing-key", &at, format!("the value `{wire_text}` needs a `name`"))
                                .help("integer values (and strings that make no Rust name) need `name: PascalCaseName`"),
                        );
                        continue;
                    }
                },
            };
            if let Some(first) = seen_name.get(&name) {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "duplicate-name",
                            &join(&at, &["name"]),
                            format!("the variant name `{name}` is already used"),
                        )
                        .help(format!(
                            "value #{} of this enum has it; pick another name",
                            first + 1
                        )),
                );
                continue;
            }
            seen_wire.insert(wire_text, i);
            seen_name.insert(name.clone(), i);
            out.push(EnumValue {
                wire,
                name,
                doc: value.doc.clone(),
                notes: notes(value.since.as_ref(), value.deprecated.as_ref()),
            });
        }
        Some(EnumDef {
            repr: repr?,
            values: out,
        })
    }

    /// A `const` or `default` value: a scalar that fits the field's type.
    fn literal(
        &mut self,
        scope: &Scope,
        path: &Path,
        value: Option<&serde_yaml::Value>,
        ty: &Ty,
    ) -> Option<Literal> {
        use serde_yaml::Value;
        let value = value?;
        let literal = match value {
            Value::Bool(b) => Literal::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Literal::Int(i),
                (None, Some(x)) => Literal::Float(x),
                _ => return None,
            },
            Value::String(s) => Literal::Str(s.clone()),
            _ => {
                self.dx.push(
                    scope
                        .cx
                        .error(
                            "bad-value",
                            path,
                            "must be a single value (a string, number or boolean)",
                        )
                        .help("write e.g. `const: 2` or `default: false`"),
                );
                return None;
            }
        };
        let fits = match (ty, &literal) {
            (Ty::String, Literal::Str(_)) | (Ty::Boolean, Literal::Bool(_)) => true,
            (Ty::Number, Literal::Int(_) | Literal::Float(_)) => true,
            (Ty::Integer(f), Literal::Int(i)) => f.admits(i128::from(*i)),
            // Enum values are checked against the enum once all types are known.
            (Ty::Named(_), Literal::Str(_) | Literal::Int(_)) => true,
            _ => false,
        };
        if !fits {
            self.dx.push(
                scope
                    .cx
                    .error(
                        "type-mismatch",
                        path,
                        format!("`{literal}` does not fit this field's type"),
                    )
                    .help("write a value of the field's own type"),
            );
            return None;
        }
        Some(literal)
    }
}

pub fn notes(since: Option<&String>, deprecated: Option<&String>) -> Notes {
    Notes {
        since: since.cloned(),
        deprecated: deprecated.cloned(),
    }
}

/// Resolves the `types:` of one file into `scope.out`; returns the names it declared.
pub fn declare_local(
    resolver: &mut Resolver,
    scope: &mut Scope,
    types: &IndexMap<String, RawType>,
    types_path: &Path,
) {
    for (name, raw) in types {
        // Names rejected while indexing (bad, or declared elsewhere first) are reported there.
        let owned = scope
            .local
            .get(name)
            .or_else(|| resolver.shared.get(name))
            .is_some_and(|r| r.home == scope.home);
        if !owned {
            continue;
        }
        let path = join(types_path, &[name]);
        if let Some(def) = resolver.def(scope, &path, name, raw, true) {
            scope.out.push(def);
        }
    }
}

/// Checks type names under `types:` and records them in `table`, so that uses anywhere can
/// find them before any is resolved (forward and mutual references work). Returns the names
/// that can't be type names (already reported), so that their uses are not reported too.
pub fn index_names(
    cx: &FileCx,
    types: &IndexMap<String, RawType>,
    types_path: &Path,
    home: &TypeHome,
    table: &mut HashMap<String, TypeRef>,
    places: &mut HashMap<String, String>,
    dx: &mut Diagnostics,
) -> Vec<String> {
    let mut rejected = Vec::new();
    for name in types.keys() {
        let path = join(types_path, &[name]);
        if !naming::is_type_name(name) || BUILTINS.contains(&name.as_str()) {
            let better = naming::type_name(name).filter(|b| b != name);
            dx.push(
                cx.key_error(
                    "bad-identifier",
                    &path,
                    format!("`{name}` can't be a type name"),
                )
                .help(match better {
                    Some(b) => format!("type names are PascalCase: write `{b}`"),
                    None => "type names are PascalCase ASCII, e.g. `SecResult`".to_owned(),
                }),
            );
            rejected.push(name.clone());
            continue;
        }
        if let Some(first) = places.get(name) {
            dx.push(
                cx.key_error(
                    "duplicate-type",
                    &path,
                    format!("type `{name}` is declared twice"),
                )
                .help(format!(
                    "it is already declared at {first}; rename or remove one"
                )),
            );
            continue;
        }
        places.insert(name.clone(), cx.place(&path));
        table.insert(
            name.clone(),
            TypeRef {
                name: name.clone(),
                home: home.clone(),
            },
        );
    }
    rejected
}
