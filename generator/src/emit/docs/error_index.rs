//! The index of error codes on the errors page: every code an endpoint or a service declares
//! in its own table, with the pages that declare it. Each row is the target of the links from
//! those pages' error tables (`errors.md#87014`), as each row of the common table is for the
//! common codes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::cell;
use crate::model::Model;

/// One code and the pages that declare it.
#[derive(Debug, Serialize)]
pub struct CodeRow {
    pub code: i64,
    /// The messages the pages give it, distinct, in page order.
    pub messages: Vec<String>,
    pub pages: Vec<PageLink>,
}

/// A page of the book, by its path from the errors page.
#[derive(Debug, Serialize)]
pub struct PageLink {
    pub id: String,
    pub path: String,
}

/// The codes of the endpoints' and services' own tables that the common table lacks, by
/// number.
pub fn code_rows(model: &Model) -> Vec<CodeRow> {
    let common: Vec<i64> = model.common_errors.codes.iter().map(|c| c.code).collect();
    let mut by_code: BTreeMap<i64, CodeRow> = BTreeMap::new();
    let tables = model
        .endpoints
        .iter()
        .map(|e| (&e.id, "endpoints", &e.errors))
        .chain(
            model
                .services
                .iter()
                .map(|s| (&s.id, "services", &s.errors)),
        );
    for (id, folder, table) in tables {
        for c in table.codes.iter().filter(|c| !common.contains(&c.code)) {
            let row = by_code.entry(c.code).or_insert_with(|| CodeRow {
                code: c.code,
                messages: Vec::new(),
                pages: Vec::new(),
            });
            let message = cell(&c.message);
            if !row.messages.contains(&message) {
                row.messages.push(message);
            }
            row.pages.push(PageLink {
                id: id.clone(),
                path: format!("{folder}/{id}.md#errors"),
            });
        }
    }
    by_code.into_values().collect()
}
