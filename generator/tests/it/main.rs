//! The generator's integration tests, one binary with a module per suite (each binary links
//! the generator and its dependencies; on two cores more binaries mostly mean more linking).
//! Suites that need the CLI's features are compiled only with them; `cargo test` has them by
//! default.

#[cfg(feature = "fancy")]
mod bad_specs;
mod cargo_features;
#[cfg(feature = "cli")]
mod cli;
mod diff_rules;
mod examples_parts;
#[cfg(all(feature = "schema", feature = "docs"))]
mod golden;
#[cfg(feature = "cli")]
mod import;
#[cfg(feature = "import")]
mod import_never_panics;
mod never_panics;
mod official_paths;
#[cfg(feature = "openapi")]
mod openapi;
mod shapes;
#[cfg(all(feature = "schema", feature = "docs"))]
mod spec_tree;
