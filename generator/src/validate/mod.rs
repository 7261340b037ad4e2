//! Stage 2: raw structs -> the checked [`Model`], collecting every problem on the way.
//!
//! One pass over everything: names are indexed first (so types may be used before they are
//! declared, and in any file), then each file is resolved, then the checks that need the
//! whole model (cycles, examples, unused types) run. Nothing here panics on spec input; a
//! problem is a diagnostic at its node and validation carries on with the rest.

mod context;
mod endpoint;
mod errors;
mod examples;
mod graph;
mod service;
mod types;

use std::collections::{HashMap, HashSet};

use context::{key, FileCx, Registry};
use errors::CommonCodes;
use types::{declare_local, index_names, Resolver, Scope};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::spans::Seg;
use crate::load::{Loaded, SpecFile};
use crate::model::{ErrorTable, Model, TypeDef, TypeGroup, TypeHome, TypeKind, TypeRef};
use crate::naming;

pub use types::BUILTINS;

/// Checks the loaded spec. `None` when there are errors (all of them are in `dx`).
pub fn validate(loaded: &Loaded, dx: &mut Diagnostics) -> Option<Model> {
    let poisoned = poisoned_type_names(loaded);
    let mut registry = Registry::default();

    let mut common = CommonCodes::default();
    let common_table = match &loaded.common {
        Some(file) => {
            let cx = FileCx::of(file);
            let table = errors::table(
                &cx,
                &vec![key("errors")],
                &file.raw.errors,
                file.raw.doc.as_ref(),
                None,
                dx,
            );
            for code in &table.codes {
                let path = vec![key("errors"), key(&code.code.to_string())];
                common.places.insert(code.code, cx.place(&path));
            }
            table
        }
        None => ErrorTable::default(),
    };

    // Index every declared type name before resolving anything.
    let mut shared: HashMap<String, TypeRef> = HashMap::new();
    let mut places: HashMap<String, String> = HashMap::new();
    let mut modules: HashMap<String, String> = HashMap::new();
    let mut group_modules: Vec<Option<String>> = Vec::new();
    for file in &loaded.type_groups {
        let cx = FileCx::of(file);
        let module = group_module(file, &mut modules, dx);
        if let Some(module) = &module {
            index_names(
                &cx,
                &file.raw.types,
                &vec![key("types")],
                &TypeHome::Shared(module.clone()),
                &mut shared,
                &mut places,
                dx,
            );
        }
        group_modules.push(module);
    }
    let local_tables = |types: &indexmap::IndexMap<String, crate::load::raw::RawType>,
                        cx: &FileCx,
                        home: TypeHome,
                        dx: &mut Diagnostics| {
        let mut table = HashMap::new();
        index_names(
            cx,
            types,
            &vec![key("types")],
            &home,
            &mut table,
            &mut places.clone(),
            dx,
        );
        table
    };
    let endpoint_locals: Vec<_> = loaded
        .endpoints
        .iter()
        .map(|f| {
            local_tables(
                &f.raw.types,
                &FileCx::of(f),
                TypeHome::Endpoint(f.raw.id.clone()),
                dx,
            )
        })
        .collect();
    let service_locals: Vec<_> = loaded
        .services
        .iter()
        .map(|f| {
            local_tables(
                &f.raw.types,
                &FileCx::of(f),
                TypeHome::Service(f.raw.id.clone()),
                dx,
            )
        })
        .collect();

    let mut resolver = Resolver {
        shared: &shared,
        poisoned: &poisoned,
        registry: &mut registry,
        dx,
        field_doc: None,
    };

    let mut type_groups = Vec::new();
    for (file, module) in loaded.type_groups.iter().zip(group_modules) {
        let Some(module) = module else { continue };
        let mut scope = Scope {
            cx: FileCx::of(file),
            local: HashMap::new(),
            home: TypeHome::Shared(module.clone()),
            out: Vec::new(),
        };
        declare_local(
            &mut resolver,
            &mut scope,
            &file.raw.types,
            &vec![key("types")],
        );
        type_groups.push(TypeGroup {
            module,
            doc: file.raw.doc.clone(),
            origin: scope.cx.origin(&[]),
            types: scope.out,
        });
    }

    let mut seen = endpoint::Seen::default();
    let mut endpoints = Vec::new();
    for (file, local) in loaded.endpoints.iter().zip(endpoint_locals) {
        if let Some(e) = endpoint::endpoint(&mut resolver, file, local, &common, &mut seen) {
            endpoints.push((file, e));
        }
    }
    let endpoint_models: Vec<_> = endpoints.iter().map(|(_, e)| e.clone()).collect();
    let mut service_ids = HashMap::new();
    let mut services = Vec::new();
    for (file, local) in loaded.services.iter().zip(service_locals) {
        if let Some(s) = service::service(
            &mut resolver,
            file,
            local,
            &endpoint_models,
            &common,
            &mut service_ids,
        ) {
            services.push((file, s));
        }
    }

    // Whole-model checks.
    let all_defs: Vec<TypeDef> = type_groups
        .iter()
        .flat_map(|g| g.types.iter())
        .chain(endpoints.iter().flat_map(|(_, e)| e.types.iter()))
        .chain(services.iter().flat_map(|(_, s)| s.types.iter()))
        .cloned()
        .collect();
    let defs: HashMap<String, &TypeDef> = all_defs.iter().map(|d| (d.name.clone(), d)).collect();
    check_cycles(loaded, &defs, dx);
    check_const_enums(&endpoints, &defs, dx);
    warn_unused(loaded, &type_groups, &endpoints, &services, &defs, dx);

    let all_common: Vec<i64> = common_table.codes.iter().map(|c| c.code).collect();
    for (file, e) in &mut endpoints {
        let mut known: Vec<i64> = e.errors.codes.iter().map(|c| c.code).collect();
        known.extend(&all_common);
        let input = (e.body == crate::model::BodyKind::Json
            || e.body == crate::model::BodyKind::None)
            .then_some(e.request.fields.as_slice());
        let shape = examples::Shape {
            input_key: "request",
            input,
            output_key: "response",
            output: &e.response.fields,
            envelope: true,
            known_codes: &known,
        };
        let mut checker = examples::Checker {
            types: &defs,
            cx: FileCx::of(file),
            dx,
        };
        e.examples = checker.examples(&file.raw.examples, &shape);
        if !file.raw.examples.iter().any(|x| x.response.is_some()) && !e.response.fields.is_empty()
        {
            dx.push(
                FileCx::of(file)
                    .warning(
                        "no-example",
                        &[key("id")],
                        format!("endpoint `{}` has no response example", e.id),
                    )
                    .help("add `examples: [ { response: { errcode: 0, errmsg: ok, ... } } ]`"),
            );
        }
    }
    for (file, s) in &mut services {
        let shape = examples::Shape {
            input_key: "data",
            input: Some(&s.data.fields),
            output_key: "result",
            output: &s.result.fields,
            envelope: false,
            known_codes: &[],
        };
        let mut checker = examples::Checker {
            types: &defs,
            cx: FileCx::of(file),
            dx,
        };
        s.examples = checker.examples(&file.raw.examples, &shape);
    }

    if dx.has_errors() {
        return None;
    }
    Some(Model {
        common_errors: common_table,
        type_groups,
        endpoints: endpoints.into_iter().map(|(_, e)| e).collect(),
        services: services.into_iter().map(|(_, s)| s).collect(),
    })
}

/// The Rust module of a `spec/types/*.yaml` file: its file name.
fn group_module<T>(
    file: &SpecFile<T>,
    seen: &mut HashMap<String, String>,
    dx: &mut Diagnostics,
) -> Option<String> {
    let stem = file
        .rel
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .unwrap_or_default();
    let cx = FileCx::of(file);
    if !naming::is_snake_ident(stem) {
        dx.push(
            Diagnostic::error(
                "bad-identifier",
                &file.file,
                cx.value(&[]),
                format!("`{stem}` can't be a Rust module name"),
            )
            .help("name type files in snake_case, e.g. `sec_check.yaml`"),
        );
        return None;
    }
    if let Some(first) = seen.get(stem) {
        dx.push(
            Diagnostic::error(
                "duplicate-name",
                &file.file,
                cx.value(&[]),
                format!("another types file is also named `{stem}`"),
            )
            .help(format!("{first} has the same name; rename one")),
        );
        return None;
    }
    seen.insert(stem.to_owned(), file.file.clone());
    Some(stem.to_owned())
}

/// Named types whose declarations were cut while decoding: their uses are not reported.
fn poisoned_type_names(loaded: &Loaded) -> HashSet<String> {
    let pruned = loaded
        .type_groups
        .iter()
        .flat_map(|f| f.pruned.iter())
        .chain(loaded.endpoints.iter().flat_map(|f| f.pruned.iter()))
        .chain(loaded.services.iter().flat_map(|f| f.pruned.iter()));
    pruned
        .filter_map(|p| match p.as_slice() {
            [Seg::Key(types), Seg::Key(name), ..] if types == "types" => Some(name.clone()),
            _ => None,
        })
        .collect()
}

fn check_cycles(loaded: &Loaded, defs: &HashMap<String, &TypeDef>, dx: &mut Diagnostics) {
    for cycle in graph::cycles(defs) {
        let Some(first) = cycle.first().and_then(|n| defs.get(n)) else {
            continue;
        };
        let file = loaded.display_of(&first.origin.file);
        let span = origin_span(&first.origin);
        let mut around = cycle.clone();
        around.push(cycle[0].clone());
        dx.push(
            Diagnostic::error("type-cycle", &file, span, format!("type `{}` contains itself: {}", cycle[0], around.join(" -> ")))
                .help("a value can't contain itself; break the cycle with an `array` (a list may be empty)"),
        );
    }
}

/// A `const` on a field of enum type must be one of the enum's values.
fn check_const_enums(
    endpoints: &[(
        &SpecFile<crate::load::raw::RawEndpoint>,
        crate::model::Endpoint,
    )],
    defs: &HashMap<String, &TypeDef>,
    dx: &mut Diagnostics,
) {
    for (file, e) in endpoints {
        for (section, message) in [("request", &e.request), ("response", &e.response)] {
            for field in &message.fields {
                let (Some(constant), crate::model::Ty::Named(r)) = (&field.constant, &field.ty)
                else {
                    continue;
                };
                let Some(TypeKind::Enum(def)) = defs.get(&r.name).map(|d| &d.kind) else {
                    continue;
                };
                if !def.values.iter().any(|v| &v.wire == constant) {
                    dx.push(
                        FileCx::of(*file)
                            .error(
                                "bad-value",
                                &[key(section), key("fields"), key(&field.wire), key("const")],
                                format!("`{constant}` is not a value of `{}`", r.name),
                            )
                            .help("use one of the enum's values"),
                    );
                }
            }
        }
    }
}

fn warn_unused(
    loaded: &Loaded,
    groups: &[TypeGroup],
    endpoints: &[(
        &SpecFile<crate::load::raw::RawEndpoint>,
        crate::model::Endpoint,
    )],
    services: &[(
        &SpecFile<crate::load::raw::RawService>,
        crate::model::Service,
    )],
    defs: &HashMap<String, &TypeDef>,
    dx: &mut Diagnostics,
) {
    let mut roots: Vec<&[crate::model::Field]> = Vec::new();
    for (_, e) in endpoints {
        roots.push(&e.request.fields);
        roots.push(&e.response.fields);
    }
    for (_, s) in services {
        roots.push(&s.data.fields);
        roots.push(&s.result.fields);
    }
    let used = graph::reachable(&roots, defs);
    for group in groups {
        for def in &group.types {
            if !used.contains(&def.name) {
                let file = loaded.display_of(&group.origin.file);
                let span = origin_span(&def.origin);
                dx.push(
                    Diagnostic::warning(
                        "unused-type",
                        &file,
                        span,
                        format!(
                            "type `{}` is declared but no endpoint or service uses it",
                            def.name
                        ),
                    )
                    .help("use it in a field, or remove it"),
                );
            }
        }
    }
}

impl Loaded {
    /// The display path of a loaded file, given its spec-relative path.
    pub fn display_of(&self, rel: &str) -> String {
        let files = self
            .type_groups
            .iter()
            .map(|f| (&f.rel, &f.file))
            .chain(self.endpoints.iter().map(|f| (&f.rel, &f.file)))
            .chain(self.services.iter().map(|f| (&f.rel, &f.file)))
            .chain(self.common.iter().map(|f| (&f.rel, &f.file)));
        files
            .into_iter()
            .find(|(r, _)| r.as_str() == rel)
            .map_or_else(|| rel.to_owned(), |(_, f)| f.clone())
    }
}

fn origin_span(origin: &crate::model::Origin) -> crate::diag::Span {
    crate::diag::Span {
        line: origin.line,
        col: origin.col,
        offset: origin.offset,
        len: origin.len,
    }
}
