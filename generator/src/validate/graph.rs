//! Cycles in the type graph, once every type is resolved: a struct that holds itself by
//! value would have infinite size.

use std::collections::{HashMap, HashSet};

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
///
/// Only types on some cycle are searched from: the others are found in one linear pass
/// (strongly connected components), so a chain of 3,000 types that refer to each other in
/// turn costs that pass, not 3,000 searches of the chain (cubic: 8 s at 1,000).
pub fn cycles(model: &Model) -> Vec<Vec<String>> {
    let mut names: Vec<&String> = model.types().map(|t| &t.name).collect();
    names.sort();
    names.dedup();
    let position: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            held_by(model, name)
                .iter()
                .filter_map(|next| position.get(next.as_str()).copied())
                .collect()
        })
        .collect();
    let component = components(&edges);
    let mut size = vec![0usize; edges.len()];
    for c in &component {
        size[*c] += 1;
    }
    let on_cycle = |i: usize| size[component[i]] > 1 || edges[i].contains(&i);
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    for (i, start) in names.iter().enumerate() {
        if !on_cycle(i) || reported.contains(*start) {
            continue;
        }
        // A way back to `start` never leaves its component: the search stays inside.
        let inside = |name: &str| position.get(name).map(|j| component[*j]) == Some(component[i]);
        if let Some(cycle) = find_cycle(start, model, inside) {
            reported.extend(cycle.iter().cloned());
            found.push(cycle);
        }
    }
    found
}

/// The strongly connected component of each node (Tarjan's algorithm, with an explicit
/// stack so that a long chain of types cannot overflow the thread's). Linear in nodes and
/// edges.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut component = vec![UNSEEN; n];
    let mut open: Vec<usize> = Vec::new();
    let mut on_open = vec![false; n];
    let mut next_order = 0;
    let mut next_component = 0;
    // The nodes being visited, each with the position of its next edge.
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        open.push(root);
        on_open[root] = true;
        work.push((root, 0));
        while let Some(top) = work.last_mut() {
            let (v, edge) = *top;
            top.1 += 1;
            if let Some(&w) = edges[v].get(edge) {
                if order[w] == UNSEEN {
                    order[w] = next_order;
                    low[w] = next_order;
                    next_order += 1;
                    open.push(w);
                    on_open[w] = true;
                    work.push((w, 0));
                } else if on_open[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = open.pop() {
                    on_open[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A path from `start` back to itself through types `inside` allows, if there is one
/// (iterative DFS, no recursion).
fn find_cycle(start: &str, model: &Model, inside: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut visited: HashSet<String> = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in held_by(model, &node) {
            if next == start {
                return Some(path);
            }
            if inside(&next) && visited.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next, p));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_the_nodes_of_each_cycle() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 3, 4 -> 0: {0, 1, 2}, {3} (a self-loop), {4}.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![0]];
        let c = components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }

    #[test]
    fn a_long_chain_is_one_component_per_node() {
        let n = 100_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { Vec::new() })
            .collect();
        let c = components(&edges);
        let distinct: HashSet<usize> = c.into_iter().collect();
        assert_eq!(distinct.len(), n);
    }
}
