//! The api-backend layout (`…/api-backend/open-api/…`, until 2023): titled with the cloud
//! name (`auth.code2Session`), `请求地址` with the HTTP line in a code block, one
//! `请求参数` table sorted into query and body by the HTTP line, `返回值` with `Object` or
//! `Buffer`, `errcode 的合法值`, `请求数据示例` / `返回数据示例`. The `云调用` section (the
//! same API from cloud functions, camelCase) is left out but for its method.

use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Located, Page};

use super::common::{split, Ctx};
use super::sections::Section;
use super::{current, facts, fields};

/// Reads a page of the api-backend layout.
pub fn read(cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Page {
    let mut page = cx.base(Layout::ApiBackend);
    page.english_name = page
        .title
        .as_ref()
        .filter(|t| facts::dotted_name(&t.value))
        .map(|t| Located {
            value: t.value.trim().to_owned(),
            span: t.span,
        })
        .or_else(|| current::name(cx));
    page.description = cx.description(&[Section::Intro, Section::Description]);
    page.http = cx.http(&[Section::Call]);
    page.cloud_call = cx.cloud_call(&[Section::Cloud]);
    let request = cx.tables(&mut page, diags);
    split(&mut page, request);
    page.errors = cx.errors(diags);
    page.binary_response = fields::has_buffer(&page.response) || cx.binary_text();
    page
}
