//! Times each phase of generation once on the synthetic API:
//! `cargo run --release -p wxapi-codegen --example phases -- N`.
//! Single-threaded; the CLI spreads emit+format over the cores. (The benchmarks measure the
//! same phases with statistics: `cargo bench -p wxapi-codegen`.)

#[path = "../benches/support/synth.rs"]
mod synth;

use std::time::Instant;

use wxapi_codegen::phases::{docs, load, rust, validate};
use wxapi_codegen::{Diagnostics, Layout, Templates};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let tree = synth::spec(n);
    let mut dx = Diagnostics::default();
    let t = Instant::now();
    let loaded = load::load(&tree, &mut dx);
    let t_load = t.elapsed();
    let t = Instant::now();
    let model = validate::validate(&loaded, &mut dx).expect("the synthetic spec is valid");
    let t_validate = t.elapsed();
    let cx = rust::EmitContext::new(&model, false, true, false);
    let files = rust::lay_out(rust::modules(&model, cx.gates()), &Layout::Crate);
    let t = Instant::now();
    let tokens: Vec<_> = files
        .iter()
        .map(|f| (f.path.clone(), f.tokens(&cx)))
        .collect();
    let t_emit = t.elapsed();
    let t = Instant::now();
    let mut lines = 0;
    for (path, tokens) in tokens {
        let text = rust::render(&path, tokens, "").expect("renders");
        lines += text.lines().count();
    }
    let t_format = t.elapsed();
    let t = Instant::now();
    let pages =
        docs::render(&model, &Templates::default(), "spec", &|_| String::new()).expect("docs");
    let t_docs = t.elapsed();
    println!(
        "n={n} load={t_load:.2?} validate={t_validate:.2?} emit_rust={t_emit:.2?} format={t_format:.2?} docs={t_docs:.2?} rust_lines={lines} pages={}",
        pages.len()
    );
}
