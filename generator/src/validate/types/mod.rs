//! Type expressions -> resolved types.
//!
//! Resolving a type checks its keys, looks up named types (local ones first, then shared
//! ones), and hoists inline `object`/`enum` types into named ones (`MsgSecCheckResult`), so
//! emitters only ever see named structs and enums.
//!
//! Here: the resolver and type expressions. `field.rs` resolves fields, `enums.rs` enum
//! values, and `declare.rs` the names and declarations under `types:`.

mod declare;
mod enums;
mod field;

use std::collections::{HashMap, HashSet};

pub use declare::{declare_local, index_names};

use super::context::{join, FileCx, Registry};
use crate::diag::Diagnostics;
use crate::load::raw::{RawType, RawTypeRef};
use crate::load::spans::Path;
use crate::model::{FieldIn, IntFormat, Notes, Ty, TypeDef, TypeHome, TypeRef};
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
}

pub fn notes(since: Option<&String>, deprecated: Option<&String>) -> Notes {
    Notes {
        since: since.cloned(),
        deprecated: deprecated.cloned(),
    }
}
