//! Phase 3: the checks that need every type resolved: cycles, `const`s of enum type,
//! structs where only single values travel, and shared types nothing uses.

use super::context::{key, FileCx};
use super::graph;
use super::resolve::Resolved;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::Loaded;
use crate::model::{BodyKind, FieldIn, Origin, Ty, TypeKind};

pub fn check(loaded: &Loaded, resolved: &Resolved, dx: &mut Diagnostics) {
    check_cycles(loaded, resolved, dx);
    check_const_enums(resolved, dx);
    check_structs_in_parts(resolved, dx);
    warn_unused(loaded, resolved, dx);
}

fn check_cycles(loaded: &Loaded, resolved: &Resolved, dx: &mut Diagnostics) {
    let model = &resolved.model;
    for cycle in graph::cycles(model) {
        let Some(first) = cycle.first().and_then(|n| model.find_type(n)) else {
            continue;
        };
        let file = loaded.display_of(&first.origin.file);
        let mut around = cycle.clone();
        around.push(first.name.clone());
        dx.push(
            Diagnostic::error(Code::TypeCycle, &file, span_of(&first.origin), format!("type `{}` contains itself: {}", first.name, around.join(" -> ")))
                .help("a value can't contain itself; break the cycle with an `array` (a list may be empty)"),
        );
    }
}

/// A `const` on a field of enum type must be one of the enum's values.
fn check_const_enums(resolved: &Resolved, dx: &mut Diagnostics) {
    let model = &resolved.model;
    for (file, e) in resolved.endpoint_files.iter().zip(&model.endpoints) {
        for (section, message) in [("request", &e.request), ("response", &e.response)] {
            for field in &message.fields {
                let (Some(constant), Ty::Named(r)) = (&field.constant, &field.ty) else {
                    continue;
                };
                let Some(TypeKind::Enum(def)) = model.find_type(&r.name).map(|d| &d.kind) else {
                    continue;
                };
                if !def.values.iter().any(|v| &v.wire == constant) {
                    let at = [key(section), key("fields"), key(&field.wire), key("const")];
                    dx.push(
                        FileCx::of(*file)
                            .error(
                                Code::BadValue,
                                &at,
                                format!("`{constant}` is not a value of `{}`", r.name),
                            )
                            .help("use one of the enum's values"),
                    );
                }
            }
        }
    }
}

/// Query parameters and multipart text parts are single values: a named type there must be
/// an enum, not a struct (only known once every type is resolved).
fn check_structs_in_parts(resolved: &Resolved, dx: &mut Diagnostics) {
    let model = &resolved.model;
    for (file, e) in resolved.endpoint_files.iter().zip(&model.endpoints) {
        for field in &e.request.fields {
            let Ty::Named(r) = &field.ty else { continue };
            let kind = model.find_type(&r.name).map(|d| &d.kind);
            if !matches!(kind, Some(TypeKind::Struct { .. })) {
                continue;
            }
            let (code, message, help) = match (field.location, e.body) {
                (FieldIn::Query, _) => (
                    Code::BadQueryField,
                    format!("`{}` can't travel in the query", field.wire),
                    "query parameters are single values: string, integer, number, boolean or an enum",
                ),
                (FieldIn::Body, BodyKind::Multipart) => (
                    Code::BadMultipartField,
                    format!("`{}` can't be a multipart part", field.wire),
                    "multipart parts are files or single values; send structured data as `{ type: json_string, of: ... }`, a part holding its JSON text",
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
fn warn_unused(loaded: &Loaded, resolved: &Resolved, dx: &mut Diagnostics) {
    let model = &resolved.model;
    let endpoints = model.endpoints.iter();
    let services = model.services.iter();
    let roots = endpoints
        .flat_map(|e| e.request.fields.iter().chain(&e.response.fields))
        .chain(services.flat_map(|s| s.data.fields.iter().chain(&s.result.fields)));
    let mut used = model.reachable(roots);
    used.extend(model.closure(resolved.suggested.iter().cloned()));
    for group in &model.type_groups {
        for def in group.types.iter().filter(|d| !used.contains(&d.name)) {
            let file = loaded.display_of(&group.origin.file);
            dx.push(
                Diagnostic::warning(
                    Code::UnusedType,
                    &file,
                    span_of(&def.origin),
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

fn span_of(origin: &Origin) -> Span {
    Span {
        line: origin.line,
        col: origin.col,
        offset: origin.offset,
        len: origin.len,
    }
}
