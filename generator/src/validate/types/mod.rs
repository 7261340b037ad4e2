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
use crate::diag::suggest::closest;
use crate::diag::{Code, Diagnostics};
use crate::load::raw::{RawType, RawTypeRef};
use crate::load::spans::Path;
use crate::model::{
    Builtin, FieldIn, IntFormat, Notes, Ty, TypeDef, TypeHome, TypeRef, BUILTIN_NAMES,
};

/// The built-in type names, in the order the docs list them.
pub const BUILTINS: &[&str] = &BUILTIN_NAMES;

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
    /// The role of the fields being resolved: the members of an inline `one_of` have it.
    pub field_role: Role,
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
        let builtin = Builtin::from_name(&raw.ty);
        let ty = match builtin {
            None => self.lookup(scope, &join(path, &["type"]), &raw.ty)?,
            Some(Builtin::Integer) => Ty::Integer(self.int_format(scope, path, raw)),
            Some(Builtin::Array) => {
                let items = raw.items.as_ref();
                let hint = format!("{hint}Item");
                Ty::Array(Box::new(self.required_ref(
                    scope,
                    path,
                    Builtin::Array,
                    items,
                    hint,
                )?))
            }
            Some(Builtin::JsonString) => {
                let of = raw.of.as_ref();
                Ty::JsonString(Box::new(self.required_ref(
                    scope,
                    path,
                    Builtin::JsonString,
                    of,
                    hint,
                )?))
            }
            Some(Builtin::Map) => {
                let hint = format!("{hint}Value");
                let of = raw.of.as_ref();
                Ty::Map(Box::new(self.required_ref(
                    scope,
                    path,
                    Builtin::Map,
                    of,
                    hint,
                )?))
            }
            Some(Builtin::Object | Builtin::Enum | Builtin::OneOf) => {
                let def = self.def(scope, path, &hint, raw, false)?;
                let name = def.name.clone();
                scope.out.push(def);
                Ty::Named(TypeRef {
                    name,
                    home: scope.home.clone(),
                })
            }
            Some(scalar) => scalar.bare()?,
        };
        Some(ty)
    }

    /// The `items` of an array, the `of` of a JSON string.
    fn required_ref(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        ty: Builtin,
        r: Option<&RawTypeRef>,
        hint: String,
    ) -> Option<Ty> {
        let (ty, key_name) = (ty.name(), ty.needs().unwrap_or_default());
        let Some(r) = r else {
            self.dx.push(
                scope
                    .cx
                    .key_error(
                        Code::MissingKey,
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
        let keys: [(&str, bool, &[Builtin]); 5] = [
            ("items", raw.items.is_some(), &[Builtin::Array]),
            ("of", raw.of.is_some(), &[Builtin::JsonString, Builtin::Map]),
            (
                "fields",
                raw.fields.is_some(),
                &[Builtin::Object, Builtin::OneOf],
            ),
            ("values", raw.values.is_some(), &[Builtin::Enum]),
            ("format", raw.format.is_some(), &[Builtin::Integer]),
        ];
        for (name, present, owners) in keys {
            let owner = owners[0].name();
            if present && !owners.iter().any(|o| o.name() == raw.ty) {
                self.dx.push(
                    scope
                        .cx
                        .key_error(
                            Code::MisplacedKey,
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
                    Code::BadValue,
                    &join(path, &["format"]),
                    format!("`{format}` is not an integer format"),
                )
                .help(help),
        );
        IntFormat::I64
    }

    /// A bare type name, as `items: string` or `of: SecResult` allow.
    fn bare(&mut self, scope: &Scope, path: &Path, name: &str) -> Option<Ty> {
        let Some(builtin) = Builtin::from_name(name) else {
            return self.lookup(scope, path, name);
        };
        if let Some(needs) = builtin.needs() {
            self.dx.push(
                scope
                    .cx
                    .error(
                        Code::MissingKey,
                        path,
                        format!("a bare `{name}` has no `{needs}`"),
                    )
                    .help(format!(
                        "write the whole type expression: `{{ type: {name}, {needs}: ... }}`"
                    )),
            );
        }
        builtin.bare()
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
                .error(Code::UnknownType, path, format!("unknown type `{name}`"))
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
