//! Writes one of the loader's stress shapes (`benches/support/shapes.rs`) as a spec folder:
//! `cargo run --release -p wxapi-codegen --example shape_spec -- NAME BYTES DIR` writes
//! `DIR/spec/`; `shape_spec list` names the shapes. Used by `scripts/bench-shapes.sh`.

#[path = "../benches/support/shapes.rs"]
mod shapes;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "list".to_owned());
    if name == "list" {
        println!("{}", shapes::SHAPES.join(" "));
        return Ok(());
    }
    let bytes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1 << 20);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| format!("target/shape-{name}")),
    );
    let shape = shapes::build(&name, bytes).ok_or_else(|| {
        std::io::Error::other(format!(
            "unknown shape `{name}`; one of: {}",
            shapes::SHAPES.join(" ")
        ))
    })?;
    for (rel, bytes) in &shape.tree.files {
        let path = dir.join("spec").join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        std::fs::write(path, bytes)?;
    }
    Ok(())
}
