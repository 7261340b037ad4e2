//! Stage 3b: the checked model -> markdown reference pages, rendered with minijinja from
//! the templates in the crate's `templates/docs/` (built in; a directory can override them).

#[cfg(feature = "docs")]
mod error_index;
#[cfg(feature = "docs")]
mod render;
#[cfg(feature = "docs")]
mod view;

#[cfg(feature = "docs")]
pub use render::render;

use super::templates::BuiltIn;

/// The built-in templates, from the crate's `templates/docs/`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "_macros.md.j2",
        include_str!("../../../templates/docs/_macros.md.j2"),
    ),
    (
        "endpoint.md.j2",
        include_str!("../../../templates/docs/endpoint.md.j2"),
    ),
    (
        "service.md.j2",
        include_str!("../../../templates/docs/service.md.j2"),
    ),
    (
        "types.md.j2",
        include_str!("../../../templates/docs/types.md.j2"),
    ),
    (
        "errors.md.j2",
        include_str!("../../../templates/docs/errors.md.j2"),
    ),
    (
        "index.md.j2",
        include_str!("../../../templates/docs/index.md.j2"),
    ),
    (
        "SUMMARY.md.j2",
        include_str!("../../../templates/docs/SUMMARY.md.j2"),
    ),
];

/// The docs templates: the built-in ones, each possibly replaced from a directory.
pub type Templates = super::templates::Templates<Docs>;

/// The marker for this emitter's built-in templates.
#[derive(Debug, Clone)]
pub enum Docs {}

impl BuiltIn for Docs {
    const TEMPLATES: &'static [(&'static str, &'static str)] = BUILT_IN;
}

/// A template failed to render: a broken template, reported with its name.
#[derive(Debug, thiserror::Error)]
#[error("docs template {template}: {message}")]
pub struct DocsError {
    pub template: String,
    pub message: String,
}
