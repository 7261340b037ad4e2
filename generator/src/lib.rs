//! wxapi-codegen: WeChat server API specs (YAML) -> a typed Rust client, one error enum per
//! endpoint, markdown reference docs and mini-program typings.
//!
//! # From a build script
//!
//! Depend on it with `default-features = false` (loading, validation and Rust emission
//! only) and generate `OUT_DIR/wxapi.rs` from a spec folder:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     wxapi_codegen::compile("spec")?;
//!     Ok(())
//! }
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/wxapi.rs"));
//! ```
//!
//! [`Builder`] sets the rest (output folder and file, serde derives, whether to print
//! `cargo:rerun-if-changed`). A spec with errors fails the build with every problem drawn,
//! each at its file, line and column ([`BuildError::Spec`]).
//!
//! # From the command line
//!
//! The `wxapi-codegen` binary (the default `cli` feature) generates a checked-in crate with
//! its docs (`generate`), tells whether it is up to date (`check`), and reports what is wrong
//! with a spec (`validate`, in the formats of [`Format`]). As a library the same runs are
//! [`generate`] (files in memory, with [`Options`]), [`check`] (diagnostics only) and
//! [`write::write`] (only changed files, only files carrying the `@generated` marker).
//!
//! # The pipeline
//!
//! [`SpecTree`] (the spec's bytes) is loaded (YAML, with the position of every node),
//! validated (every problem at once, as [`Diagnostics`]), turned into a checked model, and
//! emitted (Rust through `quote!`, `syn` and `prettyplease`; docs and typings through
//! templates) into [`OutFile`]s; [`generate`] does all of it in memory and no I/O. The
//! repository's `ARCHITECTURE.md` maps each stage to its folder.

mod builder;
mod diag;
pub mod diff;
mod emit;
#[cfg(feature = "import")]
pub mod import;
mod load;
pub mod model;
mod naming;
mod parallel;
#[doc(hidden)]
pub mod phases;
mod pipeline;
#[cfg(feature = "docs")]
mod scaffold;
pub mod schema;
mod select;
mod validate;
pub mod write;

pub use builder::{compile, BuildError, Builder};
pub use diag::render::{render, Format};
pub use diag::{Code, Diagnostic, Diagnostics, Severity, Span};
pub use emit::docs::{DocsError, Templates};
pub use emit::miniprogram::MiniprogramError;
pub use emit::openapi::{OpenApiError, OpenApiInfo};
pub use emit::rust::{cargo_features, Layout, RenderError, FEATURES_BEGIN, FEATURES_END};
pub use load::SpecTree;
#[cfg(feature = "openapi")]
pub use pipeline::openapi;
pub use pipeline::{check, generate, Error, Generated, Options, REGENERATE};
#[cfg(feature = "docs")]
pub use scaffold::{relative_dir, scaffold, Scaffold, ScaffoldError, ScaffoldKind};
pub use select::{Selection, SelectionError};
pub use write::{OutFile, Plan, WriteError};
