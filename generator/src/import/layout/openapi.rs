//! The OpenApiDoc layout (`…/OpenApiDoc/…`): a `接口英文名` heading with the name on the
//! line below, `功能描述`, `调用方式` with the HTTP line, one request table with nested rows
//! (its fields sorted into query and body by the HTTP line), `调用示例`, `错误码`.

use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Located, Page};
use crate::import::page::Kind;

use super::common::{split, Ctx};
use super::sections::Section;
use super::{current, facts, fields};

/// Reads a page of the OpenApiDoc layout.
pub fn read(cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Page {
    let mut page = cx.base(Layout::OpenApiDoc);
    page.english_name = name(cx).or_else(|| current::name(cx));
    page.description = cx.description(&[Section::Intro, Section::Description]);
    page.http = cx.http(&[Section::Call]);
    page.cloud_call = cx.cloud_call(&[Section::Cloud, Section::Call]);
    let request = cx.tables(&mut page, diags);
    split(&mut page, request);
    page.errors = cx.errors(diags);
    page.binary_response = fields::has_buffer(&page.response) || cx.binary_text();
    page
}

/// The first identifier under the `接口英文名` heading (a text line or a code block's).
fn name(cx: &Ctx<'_>) -> Option<Located<String>> {
    let (block, _) = cx
        .blocks()
        .skip_while(|(_, s)| **s != Section::Name)
        .find(|(b, _)| !matches!(b.kind, Kind::Heading { .. }))?;
    if matches!(block.kind, Kind::Table(_)) {
        return None;
    }
    (block.first..=block.last).find_map(|i| {
        let line = cx.doc.lines.get(i)?;
        let text = line.text.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '`' | '*' | '>' | '-' | ':' | '：')
        });
        let id = facts::ident(text)?;
        Some(Located {
            value: id.to_owned(),
            span: line.span_of(id),
        })
    })
}
