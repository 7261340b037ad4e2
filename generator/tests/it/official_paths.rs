//! Every endpoint of the spec is an official one: its method and path are in
//! `data/official-endpoints.tsv` (compiled from WeChat's pages), and endpoints that share a
//! method and path are told apart by a `const` field or an `api_version`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use wxapi_codegen::{Diagnostics, SpecTree};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// (method, path) of every listed endpoint.
fn official() -> HashSet<(String, String)> {
    let text = std::fs::read_to_string(repo().join("data/official-endpoints.tsv"))
        .expect("data/official-endpoints.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert!(cells.len() >= 3, "a line of name, method, path, …: {l:?}");
            (cells[1].to_owned(), cells[2].to_owned())
        })
        .collect()
}

#[test]
fn every_spec_endpoint_is_an_official_path() {
    let tree = SpecTree::read(&repo().join("spec")).expect("spec");
    let mut dx = Diagnostics::default();
    let model = wxapi_codegen::check(&tree, &mut dx).expect("the spec validates");
    let official = official();
    let mut unknown = Vec::new();
    let mut by_route: HashMap<(String, String), Vec<&wxapi_codegen::phases::model::Endpoint>> =
        HashMap::new();
    for e in &model.endpoints {
        let route = (format!("{:?}", e.method).to_uppercase(), e.path.clone());
        if !official.contains(&route) {
            unknown.push(format!("{} {} ({})", route.0, route.1, e.id));
        }
        by_route.entry(route).or_default().push(e);
    }
    assert!(
        unknown.is_empty(),
        "not in data/official-endpoints.tsv (a wrong method or path, or a page to add to the list): {unknown:?}"
    );
    for ((method, path), endpoints) in by_route.into_iter().filter(|(_, e)| e.len() > 1) {
        for e in &endpoints {
            let told_apart =
                e.api_version.is_some() || e.request.fields.iter().any(|f| f.constant.is_some());
            assert!(
                told_apart,
                "{method} {path}: `{}` shares it with nothing to tell them apart",
                e.id
            );
        }
    }
}
