//! Checks over the type graph once every type is resolved: cycles that would give a struct
//! infinite size, and shared types nobody uses.

use std::collections::{HashMap, HashSet};

use crate::model::{Field, Ty, TypeDef, TypeKind};

/// Named types a field holds by value (through `Option` and `JsonString`, which don't
/// break a cycle) and through anything (arrays included), for the "used" check.
fn refs(ty: &Ty, by_value: bool, out: &mut Vec<String>) {
    match ty {
        Ty::Named(r) => out.push(r.name.clone()),
        Ty::JsonString(inner) => refs(inner, by_value, out),
        Ty::Array(inner) if !by_value => refs(inner, by_value, out),
        _ => {}
    }
}

fn field_refs(fields: &[Field], by_value: bool) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        refs(&f.ty, by_value, &mut out);
    }
    out
}

fn def_refs(def: &TypeDef, by_value: bool) -> Vec<String> {
    match &def.kind {
        TypeKind::Struct { fields } => field_refs(fields, by_value),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every cycle of by-value references, each as the list of type names around it, reported
/// once (starting from its smallest name).
pub fn cycles(defs: &HashMap<String, &TypeDef>) -> Vec<Vec<String>> {
    let mut names: Vec<&String> = defs.keys().collect();
    names.sort();
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    for start in names {
        if reported.contains(start) {
            continue;
        }
        if let Some(cycle) = find_cycle(start, defs) {
            reported.extend(cycle.iter().cloned());
            found.push(cycle);
        }
    }
    found
}

/// A path from `start` back to itself, if there is one (iterative DFS, no recursion).
fn find_cycle(start: &str, defs: &HashMap<String, &TypeDef>) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut visited: HashSet<String> = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        let Some(def) = defs.get(&node) else { continue };
        for next in def_refs(def, true) {
            if next == start {
                return Some(path);
            }
            if visited.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next, p));
            }
        }
    }
    None
}

/// Names of named types reachable from the given roots (fields of requests, responses...,
/// and more type names).
pub fn reachable(
    roots: &[&[Field]],
    names: &HashSet<String>,
    defs: &HashMap<String, &TypeDef>,
) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = roots.iter().flat_map(|f| field_refs(f, false)).collect();
    todo.extend(names.iter().cloned());
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            if let Some(def) = defs.get(&name) {
                todo.extend(def_refs(def, false));
            }
        }
    }
    seen
}
