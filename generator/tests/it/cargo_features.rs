//! The generated crate's manifest declares a cargo feature per endpoint group, and `full`:
//! the list between its markers is what `wxapi_codegen::cargo_features` makes of the spec.
//! `WXAPI_BLESS=1 cargo test -p wxapi-codegen --test it cargo_features` rewrites it.

use std::path::Path;

use wxapi_codegen::{cargo_features, Diagnostics, SpecTree, FEATURES_BEGIN, FEATURES_END};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_generated_manifest_declares_a_feature_per_group() {
    let tree = SpecTree::read(&repo().join("spec")).expect("spec/ reads");
    let mut dx = Diagnostics::default();
    let model = wxapi_codegen::check(&tree, &mut dx).unwrap_or_else(|| panic!("{dx}"));
    let path = repo().join("generated/Cargo.toml");
    let manifest = std::fs::read_to_string(&path).expect("generated/Cargo.toml reads");
    let begin = manifest
        .find(FEATURES_BEGIN)
        .map(|at| at + FEATURES_BEGIN.len() + 1)
        .expect("the manifest has the begin marker");
    let end = manifest
        .find(FEATURES_END)
        .expect("the manifest has the end marker");
    let want = cargo_features(&model);
    if std::env::var_os("WXAPI_BLESS").is_some() {
        let fresh = format!("{}{want}{}", &manifest[..begin], &manifest[end..]);
        std::fs::write(&path, fresh).expect("bless");
        return;
    }
    assert_eq!(
        manifest[begin..end],
        want,
        "generated/Cargo.toml's group features are stale: rerun with WXAPI_BLESS=1"
    );
    for g in &model.groups {
        assert!(want.contains(&format!("\n{} = []\n", g.name)), "{}", g.name);
    }
}
