//! Writes the synthetic API used by the benchmarks:
//! `cargo run --release -p wxapi-codegen --example synth_spec -- N DIR`
//! writes `DIR/spec/` (N endpoints) and `DIR/openapi.json` (the same API as OpenAPI 3).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| format!("target/synth-{n}")));
    let tree = synth::spec(n);
    for (rel, bytes) in &tree.files {
        let path = dir.join("spec").join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        std::fs::write(path, bytes)?;
    }
    let openapi =
        serde_json::to_string_pretty(&synth::openapi(n)).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("openapi.json"), openapi)?;
    eprintln!("{n} endpoints in {}", dir.display());
    Ok(())
}
