//! The pipeline's phases one at a time, for this crate's benches, examples and tests, which
//! time or inspect them. Hidden from the docs and not a stable API: it follows the code.

/// Stage 1: spec bytes -> raw structs with the positions of their nodes.
pub mod load {
    pub use crate::load::{load, Loaded, MAX_DEPTH, MAX_FILE_BYTES};
}

/// Stage 2: raw structs -> the checked model, or diagnostics.
pub mod validate {
    pub use crate::validate::validate;
}

/// The checked model.
pub mod model {
    pub use crate::model::{Endpoint, Model, BUILTIN_NAMES};
}

/// Stage 3a: the model -> Rust modules.
pub mod rust {
    pub use crate::emit::rust::{
        examples_test, lay_out, mock_tests, modules, render, EmitContext, RustFile,
    };
}

/// Stage 3b: the model -> markdown pages.
#[cfg(feature = "docs")]
pub mod docs {
    pub use crate::emit::docs::render;
}

pub use crate::pipeline::emit_files;
