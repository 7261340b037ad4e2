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

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::super::tests::{at, param};
    use crate::import::ir::{HttpLine, Layout, Located, Page};

    #[test]
    fn a_small_page_exactly() {
        let text = "# 接口英文名\n\ngetY\n\n# 功能描述\n\n做一件事。\n\n# 调用方式\n\n```\nPOST https://api.weixin.qq.com/y?access_token=ACCESS_TOKEN\n```\n\n# 请求参数\n\n| 属性 | 类型 | 默认值 | 必填 | 说明 |\n| --- | --- | --- | --- | --- |\n| access_token | string | | 是 | 凭证 |\n| o | Object | | 是 | O |\n| &emsp;k | number | 3 | 否 | K |\n";
        let (page, diags) = read("y.md", text);
        assert!(diags.is_empty(), "{diags:?}");
        let mut o = param(
            "o",
            "Object",
            Some(true),
            "O",
            at(text, 20, "| o | Object | | 是 | O |"),
        );
        let mut k = param(
            "k",
            "number",
            Some(false),
            "K",
            at(text, 21, "| &emsp;k | number | 3 | 否 | K |"),
        );
        k.default = Some("3".into());
        o.children = vec![k];
        let want = Page {
            layout: Layout::OpenApiDoc,
            source_url: None,
            title: None,
            english_name: Some(Located {
                value: "getY".into(),
                span: at(text, 3, "getY"),
            }),
            description: vec!["做一件事。".into()],
            http: Some(Located {
                value: HttpLine {
                    method: "POST".into(),
                    path: "/y".into(),
                    query: vec!["access_token".into()],
                },
                span: at(
                    text,
                    12,
                    "POST https://api.weixin.qq.com/y?access_token=ACCESS_TOKEN",
                ),
            }),
            security_mode: false,
            cloud_call: None,
            query: vec![param(
                "access_token",
                "string",
                Some(true),
                "凭证",
                at(text, 19, "| access_token | string | | 是 | 凭证 |"),
            )],
            body: vec![o],
            response: vec![],
            binary_response: false,
            errors: vec![],
            samples: vec![],
            notes: vec![],
        };
        assert_eq!(page, Some(want));
    }
}
