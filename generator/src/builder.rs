//! The build.rs front end: generate into `OUT_DIR` and tell Cargo exactly what to watch.

use std::path::{Path, PathBuf};

use crate::diag::render::{render, Format};
use crate::load::SpecTree;
use crate::pipeline::{generate, Error, Options};
use crate::write;

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Why a build script's generation failed.
///
/// Its `Debug` is its `Display`, so `fn main() -> Result<(), Box<dyn Error>>` in a build
/// script prints a readable message.
#[derive(thiserror::Error)]
pub enum BuildError {
    #[error("OUT_DIR is not set: call Builder::out_dir, or run from a build script")]
    NoOutDir,
    #[error("reading the spec at {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The spec has errors; they were printed (drawn, with their source lines) to stderr,
    /// which Cargo shows when the build fails.
    #[error("the spec in {spec_dir} has {errors} error(s); see the diagnostics above")]
    Spec { spec_dir: String, errors: usize },
    #[error(transparent)]
    Generate(#[from] Error),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// Generates the client for a spec folder from build.rs.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     wxapi_codegen::Builder::new().spec_dir("spec").compile()?;
///     Ok(())
/// }
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/wxapi.rs"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    spec_dir: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: String,
    rerun_if_changed: bool,
    serde_both_ways: bool,
    only: crate::Selection,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// Generates `OUT_DIR/wxapi.rs` from `spec_dir`: the one-line build script.
pub fn compile(spec_dir: impl AsRef<Path>) -> Result<(), BuildError> {
    Builder::new().spec_dir(spec_dir).compile()
}

impl Builder {
    /// Defaults: spec in `spec/`, output `OUT_DIR/wxapi.rs`, rerun-if-changed printed.
    pub fn new() -> Builder {
        Builder {
            spec_dir: PathBuf::from("spec"),
            out_dir: None,
            file_name: "wxapi.rs".to_owned(),
            rerun_if_changed: true,
            serde_both_ways: false,
            only: crate::Selection::default(),
        }
    }

    pub fn spec_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.spec_dir = dir.as_ref().to_path_buf();
        self
    }

    /// Where to write; `OUT_DIR` when not set.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The generated file's name, for `include!`; `wxapi.rs` when not set.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (on by default).
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// Derive both `Serialize` and `Deserialize` on every type (off by default): for
    /// callers that store or forward requests and responses. By default a type derives only
    /// what its direction needs, which halves the code the compiler checks.
    pub fn serde_both_ways(mut self, on: bool) -> Self {
        self.serde_both_ways = on;
        self
    }

    /// Generate the endpoints of these groups (folders of `spec/endpoints/`, as
    /// `spec/groups.yaml` names them) and what they need, instead of the whole spec; adds to
    /// [`Builder::endpoints`]. A name the spec doesn't have fails the build, listing the
    /// names it has.
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only.groups.extend(groups.into_iter().map(Into::into));
        self
    }

    /// Generate these endpoints (by id) and what they need; adds to [`Builder::groups`].
    pub fn endpoints<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only.endpoints.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Reads, generates and writes. Warnings go to Cargo as `cargo:warning`; errors are
    /// returned with every diagnostic in them.
    pub fn compile(self) -> Result<(), BuildError> {
        let out_dir = match self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        {
            Some(dir) => dir,
            None => return Err(BuildError::NoOutDir),
        };
        let tree = SpecTree::read(&self.spec_dir).map_err(|source| BuildError::Read {
            path: self.spec_dir.display().to_string(),
            source,
        })?;
        if self.rerun_if_changed {
            for line in rerun_lines(&self.spec_dir, &tree) {
                println!("{line}");
            }
        }
        let label = self.spec_dir.display().to_string();
        let options = Options {
            serde_both_ways: self.serde_both_ways,
            only: self.only.clone(),
            ..Options::build_script(&self.file_name, &label)
        };
        let generated = match generate(&tree, &options) {
            Ok(generated) => generated,
            Err(Error::Spec(dx)) => {
                eprint!("{}", render(&dx, &tree, Format::Plain));
                return Err(BuildError::Spec {
                    spec_dir: label,
                    errors: dx.error_count(),
                });
            }
            Err(other) => return Err(other.into()),
        };
        for warning in generated.diagnostics.sorted() {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        write::write(&out_dir, &generated.files)?;
        Ok(())
    }
}

/// `cargo:rerun-if-changed` for every spec file and every folder (so a new file is noticed).
/// Once any such line is printed, Cargo watches only what is listed.
pub fn rerun_lines(spec_dir: &Path, tree: &SpecTree) -> Vec<String> {
    let mut paths: Vec<PathBuf> = vec![spec_dir.to_path_buf()];
    for (rel, _) in &tree.files {
        let file = spec_dir.join(rel);
        let mut dir = file.parent();
        while let Some(d) = dir {
            if d == spec_dir || !d.starts_with(spec_dir) {
                break;
            }
            paths.push(d.to_path_buf());
            dir = d.parent();
        }
        paths.push(file);
    }
    paths.sort();
    paths.dedup();
    paths
        .iter()
        .map(|p| format!("cargo:rerun-if-changed={}", p.display()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_every_spec_file_and_folder() {
        let tree = SpecTree {
            display_root: "spec".into(),
            files: vec![
                ("common/errors.yaml".into(), Vec::new()),
                ("endpoints/security/check.yaml".into(), Vec::new()),
            ],
        };
        let lines = rerun_lines(Path::new("spec"), &tree);
        assert_eq!(
            lines,
            [
                "cargo:rerun-if-changed=spec",
                "cargo:rerun-if-changed=spec/common",
                "cargo:rerun-if-changed=spec/common/errors.yaml",
                "cargo:rerun-if-changed=spec/endpoints",
                "cargo:rerun-if-changed=spec/endpoints/security",
                "cargo:rerun-if-changed=spec/endpoints/security/check.yaml",
            ]
        );
    }

    #[test]
    fn writes_one_file_into_the_out_dir() {
        let out = tempfile::tempdir().expect("tempdir");
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/spec");
        Builder::new()
            .spec_dir(&spec)
            .out_dir(out.path())
            .file_name("api.rs")
            .emit_rerun_if_changed(false)
            .compile()
            .expect("the fixture compiles");
        let text = std::fs::read_to_string(out.path().join("api.rs")).expect("written");
        assert!(text.contains("pub mod endpoints {"), "modules are inline");
        assert!(text.contains("pub struct DemoCheckRequest"));
        assert_eq!(std::fs::read_dir(out.path()).expect("dir").count(), 1);
    }

    #[test]
    fn chosen_groups_and_endpoints_generate_alone() {
        let out = tempfile::tempdir().expect("tempdir");
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        Builder::new()
            .spec_dir(&spec)
            .out_dir(out.path())
            .emit_rerun_if_changed(false)
            .groups(["login"])
            .endpoints(["get_unlimited_qrcode"])
            .compile()
            .expect("known names");
        let text = std::fs::read_to_string(out.path().join("wxapi.rs")).expect("written");
        assert!(text.contains("pub struct Code2SessionRequest"));
        assert!(text.contains("pub struct GetUnlimitedQrcodeRequest"));
        assert!(!text.contains("pub struct MsgSecCheckRequest"));
        // Generated for a crate of its own, nothing is behind cargo features.
        assert!(!text.contains("cfg(feature"));

        let err = Builder::new()
            .spec_dir(&spec)
            .out_dir(out.path())
            .emit_rerun_if_changed(false)
            .endpoints(["code_2_session"])
            .compile()
            .expect_err("no such endpoint");
        assert!(
            err.to_string()
                .starts_with("the spec has no endpoint `code_2_session`"),
            "{err}"
        );
    }

    #[test]
    fn a_broken_spec_is_an_error_with_its_diagnostics() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("spec/endpoints")).expect("mkdir");
        std::fs::write(dir.path().join("spec/endpoints/x.yaml"), "id: x\n").expect("write");
        let err = Builder::new()
            .spec_dir(dir.path().join("spec"))
            .out_dir(dir.path().join("out"))
            .emit_rerun_if_changed(false)
            .compile()
            .expect_err("fails");
        assert!(
            matches!(err, BuildError::Spec { errors: 2, .. }),
            "`title` and `http` are missing: {err}"
        );
        assert_eq!(
            format!("{err:?}"),
            err.to_string(),
            "Debug reads like Display"
        );
        assert!(!dir.path().join("out").exists(), "nothing written");
    }
}
