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

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::super::tests::{at, param};
    use crate::import::ir::{ErrorRow, HttpLine, Layout, Located, Page, Sample, SampleKind};

    #[test]
    fn a_small_page_exactly() {
        let text = "# # 演示接口\n\n接口英文名：getX\n\n说明一行。\n\n## # 1. 调用方式\n\nPOST https://api.weixin.qq.com/x/y?access_token=ACCESS_TOKEN\n\n## # 2. 请求参数\n\n### # 请求体 Request Payload\n\n| 参数名 | 类型 | 必填 | 说明 |\n| --- | --- | --- | --- |\n| a | object | 是 | A |\n\n### # Body.a Object Payload\n\n| 参数名 | 类型 | 必填 | 说明 |\n| --- | --- | --- | --- |\n| b | string | 否 | B |\n\n## # 3. 返回参数\n\n| 参数名 | 类型 | 说明 |\n| --- | --- | --- |\n| errcode | number | 错误码 |\n\n## # 5. 代码示例\n\n返回示例\n\n{\"errcode\": 0}\n\n## # 6. 错误码\n\n| 错误码 | 错误描述 | 解决方案 |\n| --- | --- | --- |\n| 0 | ok | - |\n| 40001 | bad | fix |\n";
        let (page, diags) = read("x.md", text);
        assert!(diags.is_empty(), "{diags:?}");
        let mut a = param(
            "a",
            "object",
            Some(true),
            "A",
            at(text, 17, "| a | object | 是 | A |"),
        );
        a.children = vec![param(
            "b",
            "string",
            Some(false),
            "B",
            at(text, 23, "| b | string | 否 | B |"),
        )];
        let want = Page {
            layout: Layout::Current,
            source_url: None,
            title: Some(Located {
                value: "演示接口".into(),
                span: at(text, 1, "# # 演示接口"),
            }),
            english_name: Some(Located {
                value: "getX".into(),
                span: at(text, 3, "getX"),
            }),
            description: vec!["说明一行。".into()],
            http: Some(Located {
                value: HttpLine {
                    method: "POST".into(),
                    path: "/x/y".into(),
                    query: vec!["access_token".into()],
                },
                span: at(
                    text,
                    9,
                    "POST https://api.weixin.qq.com/x/y?access_token=ACCESS_TOKEN",
                ),
            }),
            security_mode: false,
            cloud_call: None,
            query: vec![],
            body: vec![a],
            response: vec![param(
                "errcode",
                "number",
                None,
                "错误码",
                at(text, 29, "| errcode | number | 错误码 |"),
            )],
            binary_response: false,
            errors: vec![ErrorRow {
                code: 40001,
                message: "bad".into(),
                solution: "fix".into(),
                span: at(text, 42, "| 40001 | bad | fix |"),
            }],
            samples: vec![Sample {
                kind: SampleKind::Response,
                title: None,
                text: "{\"errcode\": 0}".into(),
                span: at(text, 35, "{\"errcode\": 0}"),
            }],
            notes: vec![],
        };
        assert_eq!(page, Some(want));
    }
}
