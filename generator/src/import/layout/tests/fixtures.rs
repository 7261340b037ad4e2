//! Every fixture page of `tests/import/pages/` read, its key facts checked: the current
//! layout's here, the older layouts' in `older.rs`.

mod older;

use std::path::Path;

use super::super::read;
use super::{diag_codes, pages_under};
use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Page, Param, SampleKind};

/// The page read from the fixture `dir/name`, and its diagnostics.
pub(super) fn fixture(dir: &str, name: &str) -> (Page, Vec<Diagnostic>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import/pages")
        .join(dir)
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture page");
    let (page, diags) = read(name, &text);
    (
        page.unwrap_or_else(|| panic!("{name}: no page: {diags:?}")),
        diags,
    )
}

/// The field at the dotted `path`.
pub(super) fn field<'a>(list: &'a [Param], path: &str) -> &'a Param {
    let mut list = list;
    let mut found = None;
    for name in path.split('.') {
        let p = list
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no field `{name}` of `{path}`"));
        list = &p.children;
        found = Some(p);
    }
    found.expect("a path")
}

pub(super) fn names(list: &[Param]) -> Vec<&str> {
    list.iter().map(|p| p.name.as_str()).collect()
}

/// `(type, required)` of the field at `path`.
pub(super) fn typed<'a>(list: &'a [Param], path: &str) -> (&'a str, Option<bool>) {
    let p = field(list, path);
    (p.ty.as_str(), p.required)
}

pub(super) fn codes(page: &Page) -> Vec<i64> {
    page.errors.iter().map(|e| e.code).collect()
}

pub(super) fn http(page: &Page) -> (&str, &str, Vec<&str>) {
    let h = &page.http.as_ref().expect("an HTTP line").value;
    (
        &h.method,
        &h.path,
        h.query.iter().map(String::as_str).collect(),
    )
}

#[test]
fn current_nested_sub_tables_enums_samples_and_a_long_error_table() {
    let (page, diags) = fixture("current", "get_demo_info.md");
    assert_eq!(page.layout, Layout::Current);
    assert_eq!(
        page.source_url.as_deref(),
        Some("https://example.com/demo/server/API/demo/api_getdemoinfo.html")
    );
    assert_eq!(
        page.title.as_ref().map(|t| t.value.as_str()),
        Some("查询演示信息")
    );
    let name = page.english_name.as_ref().expect("a name");
    assert_eq!(name.value, "getDemoInfo");
    assert_eq!((name.span.line, name.span.col), (9, 7));
    assert_eq!(
        page.description,
        vec!["用于按条件查询演示条目，返回一页结果。详情见 演示说明 。"]
    );
    assert_eq!(
        http(&page),
        ("POST", "/wxa/getdemoinfo", vec!["access_token"])
    );
    assert_eq!(page.http.as_ref().map(|h| h.span.line), Some(18));
    assert!(page.security_mode);
    assert_eq!(page.cloud_call.as_deref(), Some("demo.getInfo"));
    assert_eq!(names(&page.query), vec!["access_token"]);
    assert_eq!(names(&page.body), vec!["filter", "page_size", "tags"]);
    assert_eq!(typed(&page.body, "filter"), ("object", Some(true)));
    assert_eq!(
        names(&field(&page.body, "filter").children),
        vec!["keyword", "range"]
    );
    assert_eq!(
        typed(&page.body, "filter.range.end"),
        ("number", Some(true))
    );
    assert_eq!(typed(&page.body, "tags"), ("array<string>", Some(false)));
    assert_eq!(
        names(&page.response),
        vec!["errcode", "errmsg", "items", "state", "total"]
    );
    assert_eq!(typed(&page.response, "items"), ("objarray", None));
    assert_eq!(
        names(&field(&page.response, "items.owner").children),
        vec!["nickname", "level"]
    );
    assert_eq!(
        field(&page.response, "state").doc,
        "总体状态\n枚举值:\n1: 处理中\n2: 已完成"
    );
    assert!(!page.binary_response);
    assert_eq!(
        page.notes,
        vec!["每分钟最多调用 100 次。", "时间范围不超过 31 天。"]
    );
    assert_eq!(
        codes(&page),
        vec![
            -1, 40001, 40003, 40013, 41001, 42001, 43002, 44002, 45009, 47001, 48001, 61007, 89501,
            9410001, 9410002, 9410003
        ]
    );
    assert_eq!(page.errors[0].message, "system error");
    assert_eq!(page.errors[0].solution, "稍后重试");
    assert_eq!(page.samples.len(), 2);
    assert_eq!(page.samples[0].kind, SampleKind::Request);
    assert_eq!(page.samples[0].title.as_deref(), Some("6.1 HTTPS 调用示例"));
    assert!(page.samples[0].text.starts_with("{\n\"filter\""));
    assert_eq!(page.samples[1].kind, SampleKind::Response);
    assert!(
        page.samples[1].text.ends_with("}\n}"),
        "the stray brace is kept"
    );
    assert_eq!(
        diag_codes(&diags),
        vec!["page-orphan-table", "page-bad-row"]
    );
    assert_eq!(diags[0].span.line, 64);
    assert!(
        diags[0].message.contains("`missing`"),
        "{}",
        diags[0].message
    );
}

#[test]
fn current_upload_with_single_hashes_and_ascii_colons() {
    let (page, diags) = fixture("current", "upload_demo_image.md");
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("uploadDemoImage")
    );
    assert_eq!(
        page.description,
        vec!["把一张图片上传为演示素材,返回素材 ID。"]
    );
    assert_eq!(
        http(&page),
        ("POST", "/wxa/uploaddemoimage", vec!["access_token", "type"])
    );
    assert!(!page.security_mode, "不支持加密请求");
    assert_eq!(page.cloud_call, None);
    assert_eq!(names(&page.query), vec!["access_token", "type"]);
    assert_eq!(typed(&page.body, "media"), ("formdata", Some(true)));
    assert_eq!(
        names(&page.response),
        vec!["errcode", "errmsg", "media_id", "created_at"]
    );
    assert!(page.notes.is_empty());
    assert_eq!(codes(&page), vec![40004, 40005, 40006, 41005]);
    // The curl line is no JSON: only the response sample.
    assert_eq!(page.samples.len(), 1);
    assert_eq!(page.samples[0].kind, SampleKind::Response);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn current_get_with_crlf_tabs_bare_and_full_width_tables() {
    let (page, diags) = fixture("current", "get_demo_qrcode.md");
    assert_eq!(
        page.title.as_ref().map(|t| t.value.as_str()),
        Some("获取演示二维码")
    );
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("getDemoQRCode")
    );
    assert_eq!(
        http(&page),
        (
            "GET",
            "/wxa/getdemoqrcode",
            vec!["access_token", "scene", "width"]
        )
    );
    assert_eq!(names(&page.query), vec!["access_token", "scene", "width"]);
    assert_eq!(typed(&page.query, "scene"), ("string", Some(true)));
    assert_eq!(field(&page.query, "width").doc, "边长（像素）：默认 430");
    assert!(page.body.is_empty());
    assert_eq!(names(&page.response), vec!["buffer", "errcode", "errmsg"]);
    assert!(page.binary_response);
    assert_eq!(codes(&page), vec![-1, 40129, 41030]);
    // Offsets count the `\r\n`s: the name's span points at the name.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/pages/current/get_demo_qrcode.md"),
    )
    .expect("fixture");
    let span = page.english_name.as_ref().expect("name").span;
    assert_eq!(&text[span.offset..span.offset + span.len], "getDemoQRCode");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn every_fixture_reads() {
    let mut pages = Vec::new();
    pages_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/pages"),
        &mut pages,
    );
    assert!(pages.len() >= 9, "{pages:?}");
    for path in pages {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let (page, diags) = read("p.md", &text);
        let page = page.unwrap_or_else(|| panic!("{}: {diags:?}", path.display()));
        assert!(
            page.english_name.is_some() && page.http.is_some(),
            "{}",
            path.display()
        );
        assert!(page.errors.iter().all(|e| e.code != 0));
    }
}
