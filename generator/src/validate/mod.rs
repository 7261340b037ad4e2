//! Stage 2: raw structs -> the checked [`Model`], collecting every problem on the way.
//!
//! Four phases, in order, each reading what the one before settled:
//! 1. `index`: the common error table, the module of each types file, and every declared
//!    type name (so types may be used before they are declared, and in any file);
//! 2. `resolve`: types files, endpoints and services, into the model;
//! 3. `checks`: what needs every type resolved: cycles, `const`s of enum type, structs in
//!    the query or in multipart parts, unused types;
//! 4. `examples`: every example against the resolved types, then stored in the model.
//!
//! Nothing here panics on spec input; a problem is a diagnostic at its node and validation
//! carries on with the rest.

mod checks;
mod context;
mod endpoint;
mod errors;
mod examples;
mod graph;
mod groups;
mod index;
mod resolve;
mod service;
#[cfg(test)]
mod tests;
mod types;

use crate::diag::Diagnostics;
use crate::load::Loaded;
use crate::model::Model;

/// Checks the loaded spec. `None` when there are errors (all of them are in `dx`).
pub fn validate(loaded: &Loaded, dx: &mut Diagnostics) -> Option<Model> {
    let index = index::index(loaded, dx);
    let mut resolved = resolve::resolve(loaded, index, dx);
    checks::check(loaded, &resolved, dx);
    examples::check(&mut resolved, dx);
    if dx.has_errors() {
        return None;
    }
    Some(resolved.model)
}
