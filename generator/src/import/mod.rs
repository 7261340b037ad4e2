//! `wxapi-codegen import`: a WeChat documentation page → a spec draft to review.
//!
//! One direction, like the generator: the page's text is read by the reader of its layout
//! (`layout/`, over the tolerant line and table scanning of `page.rs`) into a [`Page`],
//! which knows nothing of YAML; the draft writer (`draft.rs`, with `sample.rs` repairing the
//! page's JSON samples) turns a `Page` into spec YAML, with `# TODO:` comments where a human
//! must decide. Everything the importer can't map is a diagnostic at the page's line and
//! column ([`PageCode`]); nothing panics, whatever the page holds.

mod catalogue;
mod codes;
mod draft;
mod error_table;
mod examples;
mod ir;
mod kinds;
mod layout;
mod page;
mod render;
mod sample;
mod types;
mod verify;
mod yaml;

use std::collections::BTreeSet;

pub use catalogue::Catalogue;
pub use codes::PageCode;
pub use ir::{ErrorRow, HttpLine, Layout, Located, Page, Param, Sample, SampleKind};

use crate::diag::{Diagnostics, Span};

/// One page's draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The endpoint id: the snake_case of the page's English name (or of the file name).
    pub id: String,
    /// The layout the page was read as.
    pub layout: Layout,
    /// The spec file's text.
    pub yaml: String,
    /// What the draft leaves to a human: the text of each `# TODO:` comment.
    pub todos: Vec<String>,
}

/// What importing one page gives: a draft unless the page yields nothing usable, and the
/// diagnostics (errors say why there is no draft; warnings what the draft leaves open).
#[derive(Debug, Default)]
pub struct Imported {
    pub draft: Option<Draft>,
    pub diagnostics: Diagnostics,
}

/// The codes of the common error table under the spec folder `spec`
/// (`spec/common/errors.yaml`), which decide what goes to a draft's `common_errors`.
pub fn common_codes(spec: &std::path::Path) -> Result<BTreeSet<i64>, String> {
    let path = spec.join("common").join("errors.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: crate::load::raw::RawCommonErrors = serde_yaml::from_str(&text).map_err(|e| {
        format!(
            "{}: {e}; run `wxapi-codegen validate` to see what is wrong",
            path.display()
        )
    })?;
    Ok(table.errors.keys().copied().collect())
}

/// Imports the page `bytes`, shown in diagnostics as `file`. `common` holds the codes of
/// `spec/common/errors.yaml`: a page's error rows with those codes go to `common_errors`,
/// the others to the endpoint's own `errors`.
pub fn import_page(file: &str, bytes: &[u8], common: &BTreeSet<i64>) -> Imported {
    import_page_with(file, bytes, common, None)
}

/// [`import_page`], with a [`Catalogue`] to take the HTTP line from when the page has none.
pub fn import_page_with(
    file: &str,
    bytes: &[u8],
    common: &BTreeSet<i64>,
    catalogue: Option<&Catalogue>,
) -> Imported {
    let mut imported = Imported::default();
    let Ok(text) = std::str::from_utf8(bytes) else {
        imported.diagnostics.push(
            PageCode::NotUtf8
                .at(file, Span::default(), "the page is not UTF-8 text")
                .help("save the page as UTF-8 (a browser's \"save as text\" does)"),
        );
        return imported;
    };
    let (page, read) = layout::read(file, text);
    for d in read {
        imported.diagnostics.push(d);
    }
    let Some(mut page) = page else {
        return imported;
    };
    if page.http.is_none() {
        page.http = from_catalogue(&page, catalogue);
    }
    let (draft, written) = draft::write(file, &page, common);
    for d in written {
        imported.diagnostics.push(d);
    }
    imported.draft = Some(draft);
    imported
}

/// The catalogue's HTTP line for the page's English name, placed at the name.
fn from_catalogue(page: &Page, catalogue: Option<&Catalogue>) -> Option<Located<HttpLine>> {
    let name = page.english_name.as_ref()?;
    let line = catalogue?.lookup(&name.value)?;
    Some(Located {
        value: line.clone(),
        span: name.span,
    })
}
