//! Every endpoint of the spec is an official one: its method and path are in
//! `data/official-endpoints.tsv` (compiled from WeChat's pages), and endpoints that share a
//! method and path are told apart by a `const` field or an `api_version`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use wxapi_codegen::{Diagnostics, SpecTree};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Every listed endpoint as (method, path, category), in the list's order.
fn listed() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(repo().join("data/official-endpoints.tsv"))
        .expect("data/official-endpoints.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert!(
                cells.len() >= 4,
                "a line of name, method, path, category, …: {l:?}"
            );
            (
                cells[1].to_owned(),
                cells[2].to_owned(),
                cells[3].to_owned(),
            )
        })
        .collect()
}

/// (method, path) of every listed endpoint.
fn official() -> HashSet<(String, String)> {
    listed().into_iter().map(|(m, p, _)| (m, p)).collect()
}

fn model() -> wxapi_codegen::phases::model::Model {
    let tree = SpecTree::read(&repo().join("spec")).expect("spec");
    let mut dx = Diagnostics::default();
    wxapi_codegen::check(&tree, &mut dx).expect("the spec validates")
}

/// The README's coverage table: per category of the list, how many of its endpoints the spec
/// has (`scripts/coverage.sh` prints the same from the spec files).
fn coverage_table(model: &wxapi_codegen::phases::model::Model) -> String {
    let routes: HashSet<(String, String)> = model
        .endpoints
        .iter()
        .map(|e| (format!("{:?}", e.method).to_uppercase(), e.path.clone()))
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (method, path, category) in listed() {
        if !counts.contains_key(&category) {
            order.push(category.clone());
        }
        let entry = counts.entry(category).or_default();
        entry.1 += 1;
        if routes.contains(&(method, path)) {
            entry.0 += 1;
        }
    }
    let mut out = String::from("| category | in the spec | listed |\n|---|---|---|\n");
    let (mut covered, mut total) = (0, 0);
    for category in &order {
        let (c, l) = counts[category];
        covered += c;
        total += l;
        out.push_str(&format!("| {category} | {c} | {l} |\n"));
    }
    out.push_str(&format!("| **all** | **{covered}** | **{total}** |\n"));
    out
}

/// The README's table between its markers is the coverage table (`WXAPI_BLESS=1` rewrites it).
#[test]
fn the_readme_coverage_table_is_fresh() {
    const START: &str = "<!-- coverage: generated from data/official-endpoints.tsv and spec/ -->\n";
    const END: &str = "<!-- end of coverage -->";
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let table = coverage_table(&model());
    let start = readme
        .find(START)
        .expect("README.md has the coverage markers")
        + START.len();
    let end = readme[start..].find(END).expect("the end marker") + start;
    if std::env::var_os("WXAPI_BLESS").is_some() {
        let fresh = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, fresh).expect("bless README.md");
        return;
    }
    assert_eq!(
        readme[start..end],
        table,
        "README.md's coverage table is stale: rerun with WXAPI_BLESS=1 \
         (cargo test -p wxapi-codegen --test it official_paths)"
    );
}

#[test]
fn every_spec_endpoint_is_an_official_path() {
    let model = model();
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
