//! Named types: their names indexed before anything is resolved, then their declarations.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::{notes, Resolver, Role, Scope};
use crate::diag::{Code, Diagnostics};
use crate::load::raw::RawType;
use crate::load::spans::Path;
use crate::model::{Builtin, TypeDef, TypeHome, TypeKind, TypeRef};
use crate::naming;
use crate::validate::context::{join, key, FileCx};

impl Resolver<'_> {
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
        let kind = match Builtin::from_name(&raw.ty) {
            Some(Builtin::Object) => {
                let empty = IndexMap::new();
                let fields = raw.fields.as_ref().unwrap_or(&empty);
                if raw.fields.is_none() {
                    self.dx.push(
                        scope
                            .cx
                            .key_error(Code::MissingKey, path, "`type: object` needs `fields`")
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
            Some(Builtin::Enum) => {
                TypeKind::Enum(self.enum_def(scope, path, raw.values.as_deref())?)
            }
            Some(Builtin::OneOf) if !declared => self.one_of(scope, path, name, raw)?,
            _ => {
                let other = &raw.ty;
                self.dx.push(
                    scope
                        .cx
                        .error(
                            Code::BadNamedType,
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
}

impl Resolver<'_> {
    /// An inline `one_of`: its alternatives are fields of the request it is in, one of which
    /// is sent.
    fn one_of(
        &mut self,
        scope: &mut Scope,
        path: &Path,
        name: &str,
        raw: &RawType,
    ) -> Option<TypeKind> {
        let role = self.field_role;
        if !matches!(role, Role::Request { .. }) {
            self.dx.push(
                scope
                    .cx
                    .error(Code::BadOneOf, &join(path, &["type"]), "a `one_of` is only for request fields")
                    .help("a request chooses what it sends; for a response, declare each alternative as an optional field"),
            );
            return None;
        }
        let empty = IndexMap::new();
        let variants = raw.fields.as_ref().unwrap_or(&empty);
        if variants.len() < 2 {
            self.dx.push(
                scope
                    .cx
                    .key_error(Code::BadOneOf, path, "a `one_of` needs two or more `fields` to choose from")
                    .help("list the alternatives under `fields:`, e.g. `img_url: { type: string, in: query }` and `img: { type: file }`"),
            );
            return None;
        }
        let variants = self.fields(
            scope,
            &join(path, &["fields"]),
            variants,
            (name, name),
            role,
        );
        Some(TypeKind::OneOf { variants })
    }
}

/// Resolves the `types:` of one file into `scope.out`.
pub fn declare_local(
    resolver: &mut Resolver,
    scope: &mut Scope,
    types: &IndexMap<String, RawType>,
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
        let path = vec![key("types"), key(name)];
        if let Some(def) = resolver.def(scope, &path, name, raw, true) {
            scope.out.push(def);
        }
    }
}

/// The type names one file declares, as [`index_names`] accepts them.
#[derive(Default)]
pub struct Names {
    /// Each accepted name, homed in the file.
    pub refs: HashMap<String, TypeRef>,
    /// Where each accepted name is declared, for the hint of a later clash.
    pub places: HashMap<String, String>,
    /// Names that can't be type names (already reported): their uses are not reported too.
    pub rejected: Vec<String>,
}

/// Checks the type names under the `types:` of one file, so that uses anywhere can find them
/// before any is resolved (forward and mutual references work). `taken` holds the names
/// declared before, with their places: declaring one again is an error.
pub fn index_names(
    cx: &FileCx,
    types: &IndexMap<String, RawType>,
    home: &TypeHome,
    taken: &HashMap<String, String>,
    dx: &mut Diagnostics,
) -> Names {
    let mut names = Names::default();
    for name in types.keys() {
        let path = [key("types"), key(name)];
        if !naming::is_type_name(name) || Builtin::from_name(name).is_some() {
            let better = naming::type_name(name).filter(|b| b != name);
            dx.push(
                cx.key_error(
                    Code::BadIdentifier,
                    &path,
                    format!("`{name}` can't be a type name"),
                )
                .help(match better {
                    Some(b) => format!("type names are PascalCase: write `{b}`"),
                    None => "type names are PascalCase ASCII, e.g. `SecResult`".to_owned(),
                }),
            );
            names.rejected.push(name.clone());
            continue;
        }
        // Keys of one mapping are unique (the loader keeps the first of a duplicate), so
        // only earlier files can clash.
        if let Some(first) = taken.get(name) {
            dx.push(
                cx.key_error(
                    Code::DuplicateType,
                    &path,
                    format!("type `{name}` is declared twice"),
                )
                .help(format!(
                    "it is already declared at {first}; rename or remove one"
                )),
            );
            continue;
        }
        names.places.insert(name.clone(), cx.place(&path));
        let home = home.clone();
        let name = name.clone();
        names.refs.insert(name.clone(), TypeRef { name, home });
    }
    names
}
