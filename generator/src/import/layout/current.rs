//! The current layout (`…/server/API/…`): `接口英文名：X` in the intro, numbered sections,
//! `查询参数` and `请求体` tables, `Body.x`/`Res.x` sub-tables, `6. 错误码`.

use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Located, Page};
use crate::import::page::Kind;

use super::common::Ctx;
use super::facts;
use super::fields;
use super::sections::Section;

/// Reads a page of the current layout.
pub fn read(cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Page {
    let mut page = cx.base(Layout::Current);
    page.english_name = name(cx);
    page.description = cx.description(&[Section::Intro, Section::Description]);
    page.http = cx.http(&[Section::Call]);
    page.cloud_call = cx.cloud_call(&[Section::Cloud, Section::Call]);
    let request = cx.tables(&mut page, diags);
    // A `请求参数` table without a `查询参数`/`请求体` heading is the body.
    page.body.extend(request);
    page.errors = cx.errors(diags);
    page.binary_response = fields::has_buffer(&page.response) || cx.binary_text();
    page
}

/// The name of the first `接口英文名：X` line.
pub fn name(cx: &Ctx<'_>) -> Option<Located<String>> {
    cx.blocks().find_map(|(block, _)| {
        if !matches!(block.kind, Kind::Text(_)) {
            return None;
        }
        let line = cx.doc.lines.get(block.first)?;
        let id = facts::labelled(line.text, "接口英文名")?;
        Some(Located {
            value: id.to_owned(),
            span: line.span_of(id),
        })
    })
}
