//! A [`Page`] → spec YAML with `# TODO:` comments, and the diagnostics for what it leaves open.

use std::collections::BTreeSet;

use super::ir::Page;
use super::Draft;
use crate::diag::Diagnostic;

/// The draft of `page` (read from `file`). `common` holds the common table's codes.
pub fn write(file: &str, page: &Page, common: &BTreeSet<i64>) -> (Draft, Vec<Diagnostic>) {
    let _ = (file, common);
    (
        Draft {
            id: String::new(),
            layout: page.layout,
            yaml: String::new(),
            todos: Vec::new(),
        },
        Vec::new(),
    )
}
