//! Generation cost on the synthetic API (`support/synth.rs`), by phase and whole, for
//! N = 10, 100, 1,000 and 5,000 endpoints: `cargo bench -p wxapi-codegen --bench generate`.
//! Peak memory and the CLI's wall time are measured by `scripts/bench-generate.sh`.

#[path = "support/synth.rs"]
mod synth;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use wxapi_codegen::phases::{docs, load, rust, validate};
use wxapi_codegen::{generate, Diagnostics, Layout, Options, Templates};

fn phases(c: &mut Criterion) {
    for n in [10usize, 100, 1000, 5000] {
        let mut group = c.benchmark_group(format!("phases/{n}"));
        group
            .sample_size(10)
            .throughput(Throughput::Elements(n as u64));
        let tree = synth::spec(n);
        let mut dx = Diagnostics::default();
        let loaded = load::load(&tree, &mut dx);
        let model = validate::validate(&loaded, &mut dx).expect("the synthetic spec is valid");
        let cx = rust::EmitContext::new(&model, false, true, false);
        let files = rust::lay_out(rust::modules(&model, cx.gates()), &Layout::Crate);

        group.bench_function("load", |b| {
            b.iter(|| load::load(&tree, &mut Diagnostics::default()))
        });
        group.bench_function("validate+model", |b| {
            b.iter(|| validate::validate(&loaded, &mut Diagnostics::default()))
        });
        group.bench_function("emit_rust", |b| {
            b.iter(|| files.iter().map(|f| f.tokens(&cx)).collect::<Vec<_>>())
        });
        group.bench_function("format", |b| {
            b.iter_batched(
                || {
                    files
                        .iter()
                        .map(|f| (f.path.clone(), f.tokens(&cx)))
                        .collect::<Vec<_>>()
                },
                |tokens| {
                    for (path, t) in tokens {
                        rust::render(&path, t, "").expect("renders");
                    }
                },
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("emit_docs", |b| {
            b.iter(|| docs::render(&model, &Templates::default(), "spec", &|_| String::new()))
        });
        group.finish();
    }
}

fn whole(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for n in [10usize, 100, 1000, 5000] {
        let tree = synth::spec(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &tree, |b, tree| {
            b.iter(|| generate(tree, &Options::checked_in()).expect("generates"))
        });
    }
    group.finish();
}

criterion_group!(benches, phases, whole);
criterion_main!(benches);
