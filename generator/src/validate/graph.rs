//! Cycles in the type graph, once every type is resolved: a struct that holds itself by
//! value would have infinite size.

use std::collections::HashSet;

use crate::model::{Model, Ty, TypeKind};

/// Named types a type holds by value: through `Option` and `JsonString`, which don't break
/// a cycle, but not through arrays, which may be empty.
fn by_value(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(r) => out.push(r.name.clone()),
        Ty::JsonString(inner) => by_value(inner, out),
        _ => {}
    }
}

/// The named types the struct `name` holds by value.
fn held_by(model: &Model, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(TypeKind::Struct { fields }) = model.find_type(name).map(|d| &d.kind) {
        for f in fields {
            by_value(&f.ty, &mut out);
        }
    }
    out
}

/// Every cycle of by-value references, each as the list of type names around it, reported
/// once (starting from its smallest name).
pub fn cycles(model: &Model) -> Vec<Vec<String>> {
    let mut names: Vec<&String> = model.types().map(|t| &t.name).collect();
    names.sort();
    names.dedup();
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    for start in names {
        if reported.contains(start) {
            continue;
        }
        if let Some(cycle) = find_cycle(start, model) {
            reported.extend(cycle.iter().cloned());
            found.push(cycle);
        }
    }
    found
}

/// A path from `start` back to itself, if there is one (iterative DFS, no recursion).
fn find_cycle(start: &str, model: &Model) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut visited: HashSet<String> = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in held_by(model, &node) {
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
