//! Questions the stages after validation ask of the model: which named types there are,
//! where one is declared, and which ones a set of fields reaches.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::{Endpoint, Field, Model, Service, Ty, TypeDef, TypeKind};

/// Where each named type sits in the model, by name. Built on the first lookup and then
/// shared by every thread that renders files; it holds positions, not references, because
/// the model owns the types it indexes.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeIndex(OnceLock<HashMap<String, TypeAt>>);

/// The list a named type is in, and its position there.
#[derive(Debug, Clone, Copy)]
enum TypeAt {
    Group(usize, usize),
    Endpoint(usize, usize),
    Service(usize, usize),
}

impl Model {
    /// Every named type: shared ones in file order, then those local to endpoints, then
    /// those local to services.
    pub fn types(&self) -> impl Iterator<Item = &TypeDef> {
        let groups = self.type_groups.iter().flat_map(|g| &g.types);
        let endpoints = self.endpoints.iter().flat_map(|e| &e.types);
        let services = self.services.iter().flat_map(|s| &s.types);
        groups.chain(endpoints).chain(services)
    }

    /// A named type by its Rust name, wherever it is declared.
    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        let at = *self
            .type_index
            .0
            .get_or_init(|| self.index_types())
            .get(name)?;
        let found = match at {
            TypeAt::Group(g, t) => self.type_groups.get(g)?.types.get(t),
            TypeAt::Endpoint(e, t) => self.endpoints.get(e)?.types.get(t),
            TypeAt::Service(s, t) => self.services.get(s)?.types.get(t),
        };
        match found {
            Some(def) if def.name == name => Some(def),
            // The type lists changed after the index was built: look the slow way.
            _ => self.types().find(|t| t.name == name),
        }
    }

    fn index_types(&self) -> HashMap<String, TypeAt> {
        let mut index = HashMap::new();
        let mut add = |types: &[TypeDef], at: &dyn Fn(usize) -> TypeAt| {
            for (t, def) in types.iter().enumerate() {
                // Names are unique once validated; should two meet, the first one wins, as
                // it would in a scan.
                index.entry(def.name.clone()).or_insert(at(t));
            }
        };
        for (g, group) in self.type_groups.iter().enumerate() {
            add(&group.types, &|t| TypeAt::Group(g, t));
        }
        for (e, endpoint) in self.endpoints.iter().enumerate() {
            add(&endpoint.types, &|t| TypeAt::Endpoint(e, t));
        }
        for (s, service) in self.services.iter().enumerate() {
            add(&service.types, &|t| TypeAt::Service(s, t));
        }
        index
    }

    /// Names of the named types that `roots` (the fields of requests, responses, ...) hold,
    /// directly or through other named types, arrays and JSON strings.
    pub fn reachable<'f>(&self, roots: impl IntoIterator<Item = &'f Field>) -> HashSet<String> {
        let mut names = Vec::new();
        for field in roots {
            field.ty.named(&mut names);
        }
        self.closure(names)
    }

    /// The named types an endpoint needs: those its request and response reach, and its own.
    pub fn types_of_endpoint(&self, e: &Endpoint) -> HashSet<String> {
        let mut names = self.reachable(e.request.fields.iter().chain(&e.response.fields));
        names.extend(self.closure(e.types.iter().map(|t| t.name.clone())));
        names
    }

    /// The named types a service needs: those its data and result reach, and its own.
    pub fn types_of_service(&self, s: &Service) -> HashSet<String> {
        let mut names = self.reachable(s.data.fields.iter().chain(&s.result.fields));
        names.extend(self.closure(s.types.iter().map(|t| t.name.clone())));
        names
    }

    /// `names`, and the names of every named type they reach.
    pub fn closure(&self, names: impl IntoIterator<Item = String>) -> HashSet<String> {
        let mut todo: Vec<String> = names.into_iter().collect();
        let mut seen = HashSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(TypeDef {
                kind: TypeKind::Struct { fields } | TypeKind::OneOf { variants: fields },
                ..
            }) = self.find_type(&name)
            {
                for field in fields {
                    field.ty.named(&mut todo);
                }
            }
        }
        seen
    }
}

impl Ty {
    /// Collects the names of the named types this type refers to.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(r) => out.push(r.name.clone()),
            Ty::Array(inner) | Ty::JsonString(inner) | Ty::Map(inner) => inner.named(out),
            _ => {}
        }
    }
}
