//! A build.rs consumer (`tests/consumer`) reruns the generator only when its spec changes:
//! a no-op `cargo build` does not run the build script; editing a spec file does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

/// Builds the consumer; returns whether its build script ran (Cargo's verbose output says
/// "Running `.../build-script-build`" for a script it runs, "Fresh" otherwise).
fn build(dir: &Path, target: &Path) -> bool {
    let out = common::repo::cargo()
        .args(["build", "--offline", "-v"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the consumer builds:\n{stderr}");
    stderr.lines().any(|line| {
        line.contains("Running `")
            && line.contains("build/wxapi-consumer-example-")
            && line.contains("build-script-build")
    })
}

#[test]
fn the_generator_reruns_only_when_the_spec_changes() {
    let _alone = common::heavy();
    let repo = common::repo::root();
    let tmp = tempfile::tempdir().expect("tempdir");
    let crate_dir = tmp.path().join("consumer");
    common::repo::copy_dir(&repo.join("tests/consumer"), &crate_dir);
    // A workspace of its own, with the wxapi crates by absolute path.
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).expect("manifest");
    let manifest = manifest
        .replace(
            "\"../../runtime\"",
            &format!("{:?}", repo.join("runtime").display().to_string()),
        )
        .replace(
            "\"../../generator\"",
            &format!("{:?}", repo.join("generator").display().to_string()),
        )
        .replace(
            "\"../../mock\"",
            &format!("{:?}", repo.join("mock").display().to_string()),
        );
    fs::write(
        crate_dir.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .expect("manifest");
    fs::copy(repo.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("lock");
    let target = common::repo::target_dir().join("e2e-consumer");

    assert!(
        build(&crate_dir, &target),
        "the first build runs the generator"
    );
    assert!(!build(&crate_dir, &target), "a no-op build does not");

    // The build script listed exactly the spec's files and folders. The target folder
    // outlives a run: an earlier build of the crate (against an older runtime) left its own
    // output, so the newest one is this build's.
    let mut outputs: Vec<PathBuf> = fs::read_dir(target.join("debug/build"))
        .expect("build dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("wxapi-consumer-example-"))
        })
        .map(|p| p.join("output"))
        .filter(|p| p.exists())
        .collect();
    outputs.sort_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
    let newest = outputs.last().expect("the build script wrote its output");
    let printed = fs::read_to_string(newest).expect("build script output");
    let watched: Vec<&str> = printed
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .collect();
    assert_eq!(
        watched,
        [
            "spec",
            "spec/common",
            "spec/common/errors.yaml",
            "spec/endpoints",
            "spec/endpoints/invoke_service.yaml",
            "spec/services",
            "spec/services/image_quality.yaml",
        ]
    );

    let spec = crate_dir.join("spec/services/image_quality.yaml");
    let text = fs::read_to_string(&spec).expect("spec");
    fs::write(
        &spec,
        text.replace(
            "doc: Also return the sub-scores.",
            "doc: Also return the sub-scores (sharpness).",
        ),
    )
    .expect("edit");
    assert!(
        build(&crate_dir, &target),
        "editing the spec reruns the generator"
    );

    fs::write(
        crate_dir.join("spec/services/another.yaml"),
        text.replace("id: image_quality", "id: image_quality_two")
            .replace("api: ImageQuality", "api: ImageQualityTwo"),
    )
    .expect("new file");
    assert!(
        build(&crate_dir, &target),
        "a new spec file reruns the generator (its folder is watched)"
    );
}
