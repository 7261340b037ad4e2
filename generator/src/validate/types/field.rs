//! Fields: their keys, their types, and their `const` and `default` values.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::{notes, Resolver, Role, Scope};
use crate::diag::Code;
use crate::load::raw::RawType;
use crate::load::spans::Path;
use crate::model::{Field, FieldIn, Literal, RustIdent, Ty};
use crate::naming;
use crate::validate::context::join;

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
                            Code::NameCollision,
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
        let rust = self.rust_name(scope, path, wire, raw)?;
        self.check_field_keys(scope, path, raw, role);
        let hint = format!("{owner}{}", naming::type_name(wire).unwrap_or_default());
        let outer_doc = std::mem::replace(&mut self.field_doc, raw.doc.clone());
        let outer_role = std::mem::replace(&mut self.field_role, role);
        let ty = self.ty(scope, path, raw, hint);
        self.field_doc = outer_doc;
        self.field_role = outer_role;
        let ty = ty?;
        let lenient = raw.lenient.unwrap_or(false);
        if lenient && !matches!(ty, Ty::String | Ty::Integer(_) | Ty::Number) {
            self.dx.push(
                scope
                    .cx
                    .key_error(
                        Code::MisplacedKey,
                        &join(path, &["lenient"]),
                        "`lenient` applies to string, integer and number fields",
                    )
                    .help("remove `lenient: true`; it lets a number stand for a string and a numeric string for a number"),
            );
        }
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
                            Code::BadValue,
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
                        Code::ConstOptional,
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
            lenient,
            ty,
            origin: Some(scope.cx.origin(path)),
        })
    }

    /// The Rust name of a field: its `rust_name`, or derived from the wire name.
    fn rust_name(
        &mut self,
        scope: &Scope,
        path: &Path,
        wire: &str,
        raw: &RawType,
    ) -> Option<RustIdent> {
        let Some(wanted) = raw.rust_name.as_deref() else {
            let rust = naming::field(wire);
            if rust.is_none() {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            Code::BadIdentifier,
                            path,
                            format!("`{wire}` has no characters usable in a Rust field name"),
                        )
                        .help("field names are the wire names WeChat uses: ASCII letters, digits and `_`; give the Rust name with `rust_name:`"),
                );
            }
            return rust;
        };
        match naming::field(wanted) {
            Some(rust) if rust.name == wanted => Some(rust),
            better => {
                let help = match better {
                    Some(b) => format!(
                        "Rust field names are snake_case: write `rust_name: {}`",
                        b.name
                    ),
                    None => "write a snake_case Rust name, e.g. `rust_name: union_id`".to_owned(),
                };
                self.dx.push(
                    scope
                        .cx
                        .error(
                            Code::BadIdentifier,
                            &join(path, &["rust_name"]),
                            format!("`{wanted}` can't be a Rust field name"),
                        )
                        .help(help),
                );
                None
            }
        }
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
                            Code::MisplacedKey,
                            &join(path, &[name]),
                            format!("`{name}` is not allowed here"),
                        )
                        .help(format!("{why}; remove it")),
                );
            }
        }
    }

    /// Keys that make sense only on a field, found on a bare type expression.
    pub(super) fn check_type_keys(&mut self, scope: &Scope, path: &Path, raw: &RawType) {
        let field_only = [
            ("required", raw.required.is_some()),
            ("default", raw.default.is_some()),
            ("const", raw.constant.is_some()),
            ("sensitive", raw.sensitive.is_some()),
            ("in", raw.location.is_some()),
            ("file_url", raw.file_url.is_some()),
            ("lenient", raw.lenient.is_some()),
            ("rust_name", raw.rust_name.is_some()),
        ];
        for (name, present) in field_only {
            if present {
                self.dx.push(
                    scope
                        .cx
                        .key_error(Code::MisplacedKey, &join(path, &[name]), format!("`{name}` is not allowed here"))
                        .help(format!("`{name}` belongs on a field, not on a type; move it to the field that uses this type")),
                );
            }
        }
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
                            Code::BadValue,
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
                        Code::TypeMismatch,
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
