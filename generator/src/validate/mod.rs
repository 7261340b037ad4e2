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
    let mut poisoned = poisoned_type_names(loaded);
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
            poisoned.extend(index_names(
                &cx,
                &file.raw.types,
                &vec![key("types")],
                &TypeHome::Shared(module.clone()),
                &mut shared,
                &mut places,
                dx,
            ));
        }
        group_modules.push(module);
    }
    let local_tables = |types: &indexmap::IndexMap<String, crate::load::raw::RawType>,
                        cx: &FileCx,
                        home: TypeHome,
                        poisoned: &mut HashSet<String>,
                        dx: &mut Diagnostics| {
        let mut table = HashMap::new();
        poisoned.extend(index_names(
            cx,
            types,
            &vec![key("types")],
            &home,
            &mut table,
            &mut places.clone(),
            dx,
        ));
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
                &mut poisoned,
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
                &mut poisoned,
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
        suggested: HashSet::new(),
        dropped: HashMap::new(),
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
    let endpoint_models: Vec<&crate::model::Endpoint> = endpoints.iter().map(|(_, e)| e).collect();
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

    let suggested = std::mem::take(&mut resolver.suggested);
    let dropped = std::mem::take(&mut resolver.dropped);

    // Whole-model checks.
    let defs: HashMap<String, &TypeDef> = type_groups
        .iter()
        .flat_map(|g| g.types.iter())
        .chain(endpoints.iter().flat_map(|(_, e)| e.types.iter()))
        .chain(services.iter().flat_map(|(_, s)| s.types.iter()))
        .map(|d| (d.name.clone(), d))
        .collect();
    check_cycles(loaded, &defs, dx);
    check_const_enums(&endpoints, &defs, dx);
    check_structs_in_parts(&endpoints, &defs, dx);
    warn_unused(
        loaded,
        &type_groups,
        (&endpoints, &services),
        &defs,
        &suggested,
        dx,
    );

    // Examples are checked against the model's types (borrowed), then stored in it.
    let all_common: Vec<i64> = common_table.codes.iter().map(|c| c.code).collect();
    let mut endpoint_examples = Vec::with_capacity(endpoints.len());
    for (file, e) in &endpoints {
        let mut known: Vec<i64> = e.errors.codes.iter().map(|c| c.code).collect();
        known.extend(&all_common);
        let input = (e.body == crate::model::BodyKind::Json
            || e.body == crate::model::BodyKind::None)
            .then_some(e.request.fields.as_slice());
        let shape = examples::Shape {
            input_key: "request",
            input_name: &e.request.name,
            output_name: &e.response.name,
            input,
            output_key: "response",
            output: &e.response.fields,
            envelope: true,
            known_codes: &known,
        };
        let mut checker = examples::Checker {
            types: &defs,
            cx: FileCx::of(file),
            dropped: &dropped,
            dx,
        };
        endpoint_examples.push(checker.examples(&file.raw.examples, &shape));
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
    let mut service_examples = Vec::with_capacity(services.len());
    for (file, s) in &services {
        let shape = examples::Shape {
            input_key: "data",
            input_name: &s.data.name,
            output_name: &s.result.name,
            input: Some(&s.data.fields),
            output_key: "result",
            output: &s.result.fields,
            envelope: false,
            known_codes: &[],
        };
        let mut checker = examples::Checker {
            types: &defs,
            cx: FileCx::of(file),
            dropped: &dropped,
            dx,
        };
        service_examples.push(checker.examples(&file.raw.examples, &shape));
    }
    drop(defs);
    for ((_, e), examples) in endpoints.iter_mut().zip(endpoint_examples) {
        e.examples = examples;
    }
    for ((_, s), examples) in services.iter_mut().zip(service_examples) {
        s.examples = examples;
    }

    if dx.has_errors() {
        return None;
    }
    let invoke_service = endpoints
        .iter()
        .find(|(_, e)| e.id == service::DEFAULT_VIA)
        .map(|(_, e)| service::via_of(e));
    Some(Model {
        invoke_service,
        common_errors: common_table,
        type_groups,
        endpoints: endpoints.into_iter().map(|(_, e)| e).collect(),
        services: services.into_iter().map(|(_, s)| s).collect(),
        type_index: Default::default(),
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

type Resolved<'a> = (
    &'a [(
        &'a SpecFile<crate::load::raw::RawEndpoint>,
        crate::model::Endpoint,
    )],
    &'a [(
        &'a SpecFile<crate::load::raw::RawService>,
        crate::model::Service,
    )],
);

/// Query parameters and multipart text parts are single values: a named type there must be
/// an enum, not a struct (only known once every type is resolved).
fn check_structs_in_parts(
    endpoints: &[(
        &SpecFile<crate::load::raw::RawEndpoint>,
        crate::model::Endpoint,
    )],
    defs: &HashMap<String, &TypeDef>,
    dx: &mut Diagnostics,
) {
    use crate::model::{BodyKind, FieldIn, Ty};
    for (file, e) in endpoints {
        for field in &e.request.fields {
            let Ty::Named(r) = &field.ty else { continue };
            if !matches!(
                defs.get(&r.name).map(|d| &d.kind),
                Some(TypeKind::Struct { .. })
            ) {
                continue;
            }
            let (code, message, help) = match (field.location, e.body) {
                (FieldIn::Query, _) => (
                    "bad-query-field",
                    format!("`{}` can't travel in the query", field.wire),
                    "query parameters are single values: string, integer, number, boolean or an enum",
                ),
                (FieldIn::Body, BodyKind::Multipart) => (
                    "bad-multipart-field",
                    format!("`{}` can't be a multipart part", field.wire),
                    "multipart parts are files or single values; send structured data as `json_string`",
                ),
                _ => continue,
            };
            let at = [key("request"), key("fields"), key(&field.wire), key("type")];
            dx.push(FileCx::of(*file).error(code, &at, message).help(help));
        }
    }
}

/// Shared types nothing reaches. Types offered as "did you mean" for an unknown type count
/// as used: the fix of that error will use them.
fn warn_unused(
    loaded: &Loaded,
    groups: &[TypeGroup],
    (endpoints, services): Resolved,
    defs: &HashMap<String, &TypeDef>,
    suggested: &HashSet<String>,
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
    let used = graph::reachable(&roots, suggested, defs);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, SpecTree};

    /// The diagnostics of a spec tree, as `(file, line, code)`.
    fn check(files: &[(&str, &str)]) -> Vec<(String, usize, &'static str)> {
        let tree = SpecTree {
            display_root: String::new(),
            files: files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
                .collect(),
        };
        let mut dx = Diagnostics::default();
        let loaded = load(&tree, &mut dx);
        validate(&loaded, &mut dx);
        dx.sorted()
            .into_iter()
            .map(|d| (d.file, d.span.line, d.code))
            .collect()
    }

    fn endpoint(request: &str, response: &str, rest: &str) -> String {
        format!(
            "id: check\ntitle: Check\ndoc: Checks.\nhttp: {{ method: POST, path: /wxa/check }}\n\
             request:\n  fields:\n{request}response:\n  fields:\n{response}{rest}"
        )
    }

    const SEC_TYPES: &str = "types:\n  SecResult:\n    type: object\n    doc: r\n    fields:\n      suggest: { type: string, doc: s }\n";

    #[test]
    fn bare_builtin_names_work_in_items_and_of() {
        let e = endpoint(
            "    tags: { type: array, items: string, doc: t }\n",
            "    data: { type: json_string, of: json, doc: d }\n",
            "examples:\n  - response: { errcode: 0, data: '{}' }\n",
        );
        assert_eq!(check(&[("endpoints/check.yaml", &e)]), []);
    }

    #[test]
    fn a_bare_array_in_items_needs_its_own_items() {
        let e = endpoint("    tags: { type: array, items: array, doc: t }\n", "", "");
        assert_eq!(
            check(&[("endpoints/check.yaml", &e)]),
            [("endpoints/check.yaml".to_owned(), 7, "missing-key")]
        );
    }

    #[test]
    fn a_named_struct_can_not_travel_in_the_query() {
        let e = endpoint(
            "    result: { type: SecResult, in: query, doc: r }\n",
            "",
            "",
        );
        assert_eq!(
            check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", SEC_TYPES)]),
            [("endpoints/check.yaml".to_owned(), 7, "bad-query-field")]
        );
    }

    #[test]
    fn a_field_that_failed_is_not_reported_again_by_examples() {
        let e = endpoint(
            "",
            "    result: { type: SecResul, required: true, doc: r }\n",
            "examples:\n  - response: { errcode: 0, result: { suggest: pass } }\n",
        );
        // One error; `SecResult` is the "did you mean", so it is not unused either.
        assert_eq!(
            check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", SEC_TYPES)]),
            [("endpoints/check.yaml".to_owned(), 9, "unknown-type")]
        );
    }

    #[test]
    fn a_misspelled_required_key_in_an_example_is_reported_once() {
        let e = endpoint(
            "    appid: { type: string, required: true, doc: a }\n",
            "",
            "examples:\n  - request: { app_id: x }\n",
        );
        assert_eq!(
            check(&[("endpoints/check.yaml", &e)]),
            [("endpoints/check.yaml".to_owned(), 11, "example-mismatch")]
        );
    }

    #[test]
    fn a_bad_or_duplicate_type_name_is_reported_once() {
        let bad = "types:\n  sec_result:\n    type: object\n    doc: r\n    fields: {}\n";
        let e = endpoint(
            "",
            "    result: { type: sec_result, doc: r }\n",
            "examples:\n  - response: { errcode: 0, result: {} }\n",
        );
        assert_eq!(
            check(&[("endpoints/check.yaml", &e), ("types/sec.yaml", bad)]),
            [("types/sec.yaml".to_owned(), 2, "bad-identifier")]
        );
        let e = endpoint(
            "",
            "    result: { type: SecResult, doc: r }\n",
            "examples:\n  - response: { errcode: 0 }\n",
        );
        let found = check(&[
            ("endpoints/check.yaml", &e),
            ("types/a.yaml", SEC_TYPES),
            ("types/b.yaml", SEC_TYPES),
        ]);
        assert_eq!(found, [("types/b.yaml".to_owned(), 2, "duplicate-type")]);
    }

    #[test]
    fn a_misspelled_solution_is_not_also_a_missing_solution() {
        let common = "errors:\n  -1: { name: SystemBusy, message: busy, soluton: wait }\n";
        assert_eq!(
            check(&[("common/errors.yaml", common)]),
            [("common/errors.yaml".to_owned(), 2, "unknown-key")]
        );
    }

    #[test]
    fn other_schema_spellings_of_integer_formats_get_a_suggestion() {
        let e = endpoint("", "    n: { type: integer, format: int32, doc: n }\n", "");
        let tree = SpecTree {
            display_root: String::new(),
            files: vec![("endpoints/check.yaml".to_owned(), e.into_bytes())],
        };
        let mut dx = Diagnostics::default();
        let loaded = load(&tree, &mut dx);
        validate(&loaded, &mut dx);
        let bad = dx.sorted().into_iter().find(|d| d.code == "bad-value");
        let help = bad.and_then(|d| d.help);
        assert_eq!(help.as_deref(), Some("did you mean `i32`?"));
    }

    #[test]
    fn ids_that_need_an_escape_get_no_escaped_suggestion() {
        for id in ["self", "123abc"] {
            let e = endpoint("", "", "").replace("id: check", &format!("id: {id}"));
            let tree = SpecTree {
                display_root: String::new(),
                files: vec![("endpoints/check.yaml".to_owned(), e.into_bytes())],
            };
            let mut dx = Diagnostics::default();
            let loaded = load(&tree, &mut dx);
            validate(&loaded, &mut dx);
            let help = dx.sorted()[0].help.clone().unwrap_or_default();
            assert!(!help.contains("write `"), "{id}: {help}");
        }
    }
}
