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

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::super::tests::{at, param};
    use crate::import::ir::{ErrorRow, HttpLine, Layout, Located, Page};

    #[test]
    fn a_small_page_exactly() {
        let text = "# auth.getZ\n\n取一个 Z。\n\n## HTTPS 调用\n\n### 请求地址\n\n```\nGET https://api.weixin.qq.com/z?appid=APPID&secret=SECRET\n```\n\n### 请求参数\n\n| 属性 | 类型 | 默认值 | 必填 | 说明 |\n| --- | --- | --- | --- | --- |\n| appid | string | | 是 | 应用 |\n\n### 返回值\n\n#### Buffer\n\n**errcode 的合法值**\n\n| 值 | 说明 | 最低版本 |\n| --- | --- | --- |\n| 40013 | appid 无效 | |\n";
        let (page, diags) = read("z.md", text);
        assert!(diags.is_empty(), "{diags:?}");
        let want = Page {
            layout: Layout::ApiBackend,
            source_url: None,
            title: Some(Located {
                value: "auth.getZ".into(),
                span: at(text, 1, "# auth.getZ"),
            }),
            english_name: Some(Located {
                value: "auth.getZ".into(),
                span: at(text, 1, "# auth.getZ"),
            }),
            description: vec!["取一个 Z。".into()],
            http: Some(Located {
                value: HttpLine {
                    method: "GET".into(),
                    path: "/z".into(),
                    query: vec!["appid".into(), "secret".into()],
                },
                span: at(
                    text,
                    10,
                    "GET https://api.weixin.qq.com/z?appid=APPID&secret=SECRET",
                ),
            }),
            security_mode: false,
            cloud_call: None,
            query: vec![param(
                "appid",
                "string",
                Some(true),
                "应用",
                at(text, 17, "| appid | string | | 是 | 应用 |"),
            )],
            body: vec![],
            response: vec![],
            binary_response: true,
            errors: vec![ErrorRow {
                code: 40013,
                message: "appid 无效".into(),
                solution: String::new(),
                span: at(text, 27, "| 40013 | appid 无效 | |"),
            }],
            samples: vec![],
            notes: vec![],
        };
        assert_eq!(page, Some(want));
    }
}
