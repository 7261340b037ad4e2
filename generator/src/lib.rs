//! wxapi-codegen: WeChat server API specs (YAML) -> Rust client modules, one error enum per
//! endpoint, and markdown reference docs.
//!
//! The pipeline runs one way: [`load`] (YAML, with positions) -> [`validate`] (every problem
//! at once) -> [`model`] (the checked model) -> [`emit`] (Rust, docs) -> [`write`]. The CLI,
//! the [`Builder`] for build.rs, and the tests all go through [`generate`], which does no I/O.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     wxapi_codegen::compile("spec")?;
//!     Ok(())
//! }
//! ```

mod builder;
pub mod diag;
pub mod emit;
pub mod load;
pub mod model;
pub mod naming;
mod parallel;
mod pipeline;
pub mod render;
#[cfg(feature = "docs")]
mod scaffold;
pub mod schema;
mod suggest;
pub mod validate;
pub mod write;

pub use builder::{compile, BuildError, Builder};
pub use diag::{Diagnostic, Diagnostics, Severity};
pub use emit::docs::{DocsError, Templates};
pub use emit::rust::{Layout, RenderError};
pub use load::SpecTree;
pub use pipeline::{check, emit_files, generate, read_spec, Error, Generated, Options, REGENERATE};
#[cfg(feature = "docs")]
pub use scaffold::{relative_dir, scaffold, Scaffold, ScaffoldError, ScaffoldKind};
pub use write::{OutFile, Plan, WriteError};
