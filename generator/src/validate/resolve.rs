//! Phase 2: every file resolved into the model, types files first (their names are final),
//! then endpoints, then services (which go through endpoints). Examples come later.

use std::collections::{HashMap, HashSet};

use super::context::{FileCx, Registry};
use super::index::Index;
use super::types::{declare_local, Resolver, Scope};
use super::{endpoint, service};
use crate::diag::Diagnostics;
use crate::load::raw::{RawEndpoint, RawService};
use crate::load::{Loaded, SpecFile};
use crate::model::{Model, TypeGroup, TypeHome};

/// The model without its examples, and what the later phases need to know of how it was
/// made.
pub struct Resolved<'l> {
    pub model: Model,
    /// The file of each of `model.endpoints`, in the same order (some files resolve to no
    /// endpoint).
    pub endpoint_files: Vec<&'l SpecFile<RawEndpoint>>,
    /// The file of each of `model.services`, in the same order.
    pub service_files: Vec<&'l SpecFile<RawService>>,
    /// Names offered as "did you mean" for unknown types: not reported as unused.
    pub suggested: HashSet<String>,
    /// Fields that failed to resolve (reported), by struct: examples don't report them.
    pub dropped: HashMap<String, Vec<String>>,
}

pub fn resolve<'l>(loaded: &'l Loaded, index: Index, dx: &mut Diagnostics) -> Resolved<'l> {
    let mut registry = Registry::default();
    let mut resolver = Resolver {
        shared: &index.shared,
        poisoned: &index.poisoned,
        registry: &mut registry,
        dx,
        field_doc: None,
        field_role: super::types::Role::Plain,
        suggested: HashSet::new(),
        dropped: HashMap::new(),
    };
    let groups = super::groups::groups(loaded, resolver.dx);
    let type_groups = type_groups(&mut resolver, loaded, index.group_modules);

    let mut seen = endpoint::Seen::default();
    let mut endpoints = Vec::new();
    let mut endpoint_files = Vec::new();
    for (file, local) in loaded.endpoints.iter().zip(index.endpoint_locals) {
        if let Some(e) = endpoint::endpoint(&mut resolver, file, local, &index.common, &mut seen) {
            endpoints.push(e);
            endpoint_files.push(file);
        }
    }

    let mut ids = HashMap::new();
    let mut services = Vec::new();
    let mut service_files = Vec::new();
    for (file, local) in loaded.services.iter().zip(index.service_locals) {
        let common = &index.common;
        if let Some(s) = service::service(&mut resolver, file, local, &endpoints, common, &mut ids)
        {
            services.push(s);
            service_files.push(file);
        }
    }

    let invoke_service = endpoints
        .iter()
        .find(|e| e.id == service::DEFAULT_VIA)
        .map(service::via_of);
    let model = Model {
        common_errors: index.common_table,
        groups,
        type_groups,
        endpoints,
        services,
        invoke_service,
        type_index: Default::default(),
    };
    Resolved {
        model,
        endpoint_files,
        service_files,
        suggested: resolver.suggested,
        dropped: resolver.dropped,
    }
}

/// The types files whose names can be modules, each one module of named types.
fn type_groups(
    resolver: &mut Resolver,
    loaded: &Loaded,
    modules: Vec<Option<String>>,
) -> Vec<TypeGroup> {
    let mut groups = Vec::new();
    for (file, module) in loaded.type_groups.iter().zip(modules) {
        let Some(module) = module else { continue };
        let mut scope = Scope {
            cx: FileCx::of(file),
            local: HashMap::new(),
            home: TypeHome::Shared(module.clone()),
            out: Vec::new(),
        };
        declare_local(resolver, &mut scope, &file.raw.types);
        groups.push(TypeGroup {
            module,
            doc: file.raw.doc.clone(),
            origin: scope.cx.origin(&[]),
            types: scope.out,
        });
    }
    groups
}
