//! Telling a page's layout, and reading it with that layout's reader.
//!
//! The page is scanned into blocks (`page.rs`), each block given the section its headings
//! put it in (`sections.rs`); the layout's reader (`current.rs`, `openapi.rs`,
//! `backend.rs`) picks the facts out, with the table, error, sample and one-line readers
//! they share.

mod backend;
mod common;
mod current;
mod errors;
mod facts;
mod fields;
mod openapi;
mod samples;
mod sections;
#[cfg(test)]
mod tests;

use super::codes::PageCode;
use super::ir::{Layout, Page};
use super::page::{self, Kind};
use crate::diag::{Diagnostic, Span};
use common::Ctx;
use sections::Section;

/// Reads `text` (the page `file`): the page, or `None` with an error saying why it isn't
/// one; warnings for what could not be read.
pub fn read(file: &str, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let doc = page::scan(text);
    let (secs, title) = sections::assign(&doc);
    let cx = Ctx {
        file,
        doc: &doc,
        secs: &secs,
        title,
    };
    let mut diags = Vec::new();
    let page = match detect(&cx) {
        Layout::Current => current::read(&cx, &mut diags),
        Layout::OpenApiDoc => openapi::read(&cx, &mut diags),
        Layout::ApiBackend => backend::read(&cx, &mut diags),
    };
    let empty = page.english_name.is_none()
        && page.http.is_none()
        && page.query.is_empty()
        && page.body.is_empty()
        && page.response.is_empty();
    if empty {
        let error = PageCode::NotAnApiPage
            .at(
                file,
                Span::default(),
                "nothing on this page looks like a server API",
            )
            .help(
                "an API page has an English name (`接口英文名`), an HTTP line or a parameter table",
            );
        return (None, vec![error]);
    }
    (Some(page), diags)
}

/// The layout of a scanned page: OpenApiDoc if a heading says `接口英文名`; api-backend if
/// one says `请求地址` or the title is a cloud name (`auth.code2Session`); else current.
fn detect(cx: &Ctx<'_>) -> Layout {
    let headings = || {
        cx.blocks().filter_map(|(b, s)| match &b.kind {
            Kind::Heading { text, .. } => Some((text.as_str(), s)),
            _ => None,
        })
    };
    if headings().any(|(_, s)| *s == Section::Name) {
        Layout::OpenApiDoc
    } else if headings().any(|(t, _)| t.contains("请求地址"))
        || cx.title_text().is_some_and(facts::dotted_name)
    {
        Layout::ApiBackend
    } else {
        Layout::Current
    }
}
