//! Every fixture page read, its key facts checked; and (ignored, a dev check) every page of
//! the crawl in `/work/shared/wechat-docs/miniprogram/` read without a panic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::read;

use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Page, Param, SampleKind};

/// The span of `needle` on line `line` (from 1) of `text`, for exact expectations.
pub(super) fn at(text: &str, line: usize, needle: &str) -> crate::diag::Span {
    let lines = crate::import::page::lines(text);
    let l = lines[line - 1];
    let start = l
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not on line {line}"));
    l.span(start, needle.len())
}

/// A field for exact expectations.
pub(super) fn param(
    name: &str,
    ty: &str,
    required: Option<bool>,
    doc: &str,
    span: crate::diag::Span,
) -> Param {
    Param {
        name: name.into(),
        ty: ty.into(),
        required,
        default: None,
        doc: doc.into(),
        children: Vec::new(),
        span,
    }
}

/// The page read from the fixture `dir/name`, and its diagnostics.
fn fixture(dir: &str, name: &str) -> (Page, Vec<Diagnostic>) {
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
fn field<'a>(list: &'a [Param], path: &str) -> &'a Param {
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

fn names(list: &[Param]) -> Vec<&str> {
    list.iter().map(|p| p.name.as_str()).collect()
}

/// `(type, required)` of the field at `path`.
fn typed<'a>(list: &'a [Param], path: &str) -> (&'a str, Option<bool>) {
    let p = field(list, path);
    (p.ty.as_str(), p.required)
}

fn codes(page: &Page) -> Vec<i64> {
    page.errors.iter().map(|e| e.code).collect()
}

fn diag_codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code).collect()
}

fn http(page: &Page) -> (&str, &str, Vec<&str>) {
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
fn openapi_nested_rows_split_by_the_http_line() {
    let (page, diags) = fixture("openapi", "get_demo_list.md");
    assert_eq!(page.layout, Layout::OpenApiDoc);
    assert_eq!(
        page.title.as_ref().map(|t| t.value.as_str()),
        Some("查询演示列表")
    );
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("getDemoList")
    );
    assert_eq!(
        page.description,
        vec![
            "按店铺查询演示条目，支持分页。",
            "调用前需要先开通演示能力。"
        ]
    );
    assert_eq!(
        http(&page),
        ("POST", "/demo/list/get", vec!["access_token"])
    );
    assert_eq!(page.cloud_call.as_deref(), Some("demo.getList"));
    assert_eq!(names(&page.query), vec!["access_token"]);
    assert_eq!(names(&page.body), vec!["shop", "goods", "offset"]);
    assert_eq!(
        names(&field(&page.body, "shop").children),
        vec!["shop_id", "address"]
    );
    assert_eq!(
        names(&field(&page.body, "shop.address").children),
        vec!["city", "zip"]
    );
    assert_eq!(
        field(&page.body, "shop.address.zip").default.as_deref(),
        Some("000000")
    );
    assert_eq!(typed(&page.body, "goods"), ("Array.<Object>", Some(false)));
    assert_eq!(
        names(&field(&page.body, "goods").children),
        vec!["sku", "count"]
    );
    assert_eq!(
        names(&page.response),
        vec!["errcode", "errmsg", "list", "has_more"]
    );
    assert_eq!(
        names(&field(&page.response, "list").children),
        vec!["demo_id", "stats", "labels"]
    );
    assert_eq!(
        names(&field(&page.response, "list.stats").children),
        vec!["views", "likes"]
    );
    assert_eq!(codes(&page).len(), 16);
    assert_eq!(page.samples.len(), 2);
    assert_eq!(
        (page.samples[0].kind, page.samples[1].kind),
        (SampleKind::Request, SampleKind::Response)
    );
    assert!(page.samples[1].text.contains("\"has_more\": false"));
    assert!(!page.binary_response);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn openapi_upload_with_dash_nesting() {
    let (page, diags) = fixture("openapi", "upload_demo_file.md");
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("uploadDemoFile")
    );
    assert_eq!(
        http(&page),
        ("POST", "/demo/file/upload", vec!["access_token", "kind"])
    );
    assert_eq!(names(&page.query), vec!["access_token", "kind"]);
    assert_eq!(field(&page.query, "kind").default.as_deref(), Some("doc"));
    assert_eq!(names(&page.body), vec!["file", "meta"]);
    assert_eq!(typed(&page.body, "file"), ("FormData", Some(true)));
    assert_eq!(typed(&page.body, "meta"), ("object[]", Some(false)));
    assert_eq!(
        names(&field(&page.body, "meta").children),
        vec!["key", "value"]
    );
    assert_eq!(codes(&page), vec![40005, 41005]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn openapi_get_binary_with_doubled_hashes_crlf_and_bare_tables() {
    let (page, diags) = fixture("openapi", "get_demo_code.md");
    assert_eq!(page.layout, Layout::OpenApiDoc);
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("getDemoCode")
    );
    assert_eq!(
        http(&page),
        (
            "GET",
            "/demo/code/get",
            vec!["access_token", "code_id", "size"]
        )
    );
    // A GET: every field is in the query, `style` too though the URL doesn't name it.
    assert_eq!(
        names(&page.query),
        vec!["access_token", "code_id", "size", "style"]
    );
    assert_eq!(typed(&page.query, "code_id"), ("string", Some(true)));
    assert_eq!(names(&field(&page.query, "style").children), vec!["color"]);
    assert_eq!(
        field(&page.query, "style.color").default.as_deref(),
        Some("#000000")
    );
    assert!(page.body.is_empty());
    assert_eq!(typed(&page.response, "buffer"), ("Buffer", None));
    assert!(page.binary_response);
    assert_eq!(codes(&page), vec![40001, 9430001]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn backend_one_table_sorted_nested_rows_errcode_values_cloud_section_left_out() {
    let (page, diags) = fixture("backend", "demo.getInfo.md");
    assert_eq!(page.layout, Layout::ApiBackend);
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("demo.getInfo")
    );
    assert_eq!(page.description, vec!["查询一个演示对象的详情。"]);
    assert_eq!(
        http(&page),
        ("POST", "/demo/info/get", vec!["access_token"])
    );
    assert_eq!(page.cloud_call.as_deref(), Some("demo.getInfo"));
    assert_eq!(names(&page.query), vec!["access_token"]);
    assert_eq!(names(&page.body), vec!["demo_id", "options", "filters"]);
    assert_eq!(
        names(&field(&page.body, "options").children),
        vec!["with_stats", "window"]
    );
    assert_eq!(
        typed(&page.body, "options.window.days"),
        ("number", Some(false))
    );
    assert_eq!(
        field(&page.body, "options.window.days").default.as_deref(),
        Some("7")
    );
    assert_eq!(
        typed(&page.body, "filters"),
        ("Array.<Object>", Some(false))
    );
    assert_eq!(names(&page.response), vec!["errcode", "errmsg", "demo"]);
    assert_eq!(typed(&page.response, "demo.members"), ("object[]", None));
    assert_eq!(
        names(&field(&page.response, "demo.members").children),
        vec!["openid"]
    );
    let codes = codes(&page);
    assert_eq!(codes.len(), 16);
    assert_eq!((codes[0], codes[15]), (-1, 9440003));
    assert!(!codes.contains(&0) && !codes.contains(&12345), "{codes:?}");
    assert_eq!(page.errors[1].message, "凭证无效");
    assert_eq!(page.errors[1].solution, "");
    assert_eq!(page.samples.len(), 2);
    assert_eq!(page.samples[0].title.as_deref(), Some("请求数据示例"));
    assert_eq!(page.samples[1].kind, SampleKind::Response);
    assert!(!page.binary_response);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn backend_upload_query_from_the_url() {
    let (page, diags) = fixture("backend", "demo.uploadImage.md");
    assert_eq!(
        http(&page),
        ("POST", "/demo/img/upload", vec!["access_token", "img_type"])
    );
    assert_eq!(names(&page.query), vec!["access_token", "img_type"]);
    assert_eq!(names(&page.body), vec!["img", "caption"]);
    assert_eq!(typed(&page.body, "img"), ("FormData", Some(true)));
    assert_eq!(codes(&page), vec![40006]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn backend_get_buffer_with_crlf_tabs_and_full_width_pipes() {
    let (page, diags) = fixture("backend", "demo.getCode.md");
    assert_eq!(page.layout, Layout::ApiBackend);
    assert_eq!(
        page.english_name.as_ref().map(|n| n.value.as_str()),
        Some("demo.getCode")
    );
    assert_eq!(
        http(&page),
        ("GET", "/demo/code", vec!["appid", "secret", "code"])
    );
    assert_eq!(names(&page.query), vec!["appid", "secret", "code", "width"]);
    assert_eq!(typed(&page.query, "appid"), ("string", Some(true)));
    assert!(page.body.is_empty() && page.response.is_empty());
    assert!(page.binary_response, "a `Buffer` heading");
    assert_eq!(codes(&page), vec![45009, 41030]);
    assert_eq!(page.errors[0].message, "调用过于频繁");
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

#[test]
fn text_that_is_no_api_page() {
    for text in [
        "",
        "只是一段文字。\n\n# 标题\n\n没有接口。",
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ] {
        let (page, diags) = read("n.md", text);
        assert_eq!(page, None);
        assert_eq!(diag_codes(&diags), vec!["page-not-an-api"]);
    }
}

#[test]
fn layouts_detected() {
    let layout = |text: &str| read("d.md", text).0.map(|p| p.layout);
    assert_eq!(layout("# 接口英文名\n\ngetA\n"), Some(Layout::OpenApiDoc));
    assert_eq!(
        layout("# 获取 A\n## 请求地址\nGET https://api.weixin.qq.com/a\n"),
        Some(Layout::ApiBackend)
    );
    assert_eq!(layout("# a.getA\n"), Some(Layout::ApiBackend));
    assert_eq!(
        layout("# 获取 A\n接口英文名：getA\n"),
        Some(Layout::Current)
    );
}

#[test]
fn deep_and_long_input_never_panics() {
    // 2000 ever deeper rows: nested 16 deep at most.
    let mut text = String::from("接口英文名：deep\n## 请求参数\n| 属性 | 类型 |\n|---|---|\n");
    for i in 0..2000 {
        text.push_str(&format!("| {}f{i} | object |\n", "&emsp;".repeat(i)));
    }
    let (page, _) = read("deep.md", &text);
    let page = page.expect("a page");
    let mut depth = 0;
    let mut level = &page.body;
    while let Some(first) = level.first() {
        depth += 1;
        level = &first.children;
    }
    assert_eq!(depth, super::fields::MAX_DEPTH);
    // A sub-table path of 500 names, 3000 headings, a 200 kB line, unclosed everything.
    let mut text = String::from("接口英文名：long\n");
    text.push_str(&format!(
        "## Body.{} Object Payload\n| 参数名 | 类型 |\n| a | b |\n",
        vec!["x"; 500].join(".")
    ));
    for i in 0..3000 {
        text.push_str(&format!("{} {i}.{i} 请求示例\n{{\n", "#".repeat(i % 9 + 1)));
    }
    text.push_str(&"中|".repeat(70_000));
    text.push_str("\n```\n[\"");
    let (page, diags) = read("long.md", &text);
    assert!(page.is_some());
    assert!(diag_codes(&diags).contains(&"page-orphan-table"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn any_text_reads_without_panic(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..120)) {
        let text: String = tokens.concat();
        let _ = read("p.md", &text);
    }
}

/// Pieces of pages, good and broken, for random pages.
const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    " ",
    "\t",
    "\u{3000}",
    "#",
    "# # ",
    "## ",
    "1. ",
    "5.1 ",
    "|",
    "｜",
    "\\|",
    "---",
    ":--",
    "`",
    "```",
    "~~~",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "//",
    "<br>",
    "&emsp;",
    "&lt;",
    "&",
    "└",
    "- ",
    "> ",
    "**",
    "[a](b)",
    "![",
    "](",
    "中文",
    "接口英文名：",
    "接口英文名",
    "getX",
    "a.b",
    "调用方式",
    "请求参数",
    "查询参数",
    "请求体",
    "返回参数",
    "返回值",
    "错误码",
    "代码示例",
    "请求示例",
    "返回示例",
    "云调用",
    "调用方法：",
    "openapi.",
    "注意事项",
    "请求地址",
    "Buffer",
    "Body.",
    "Res.",
    "(Array)",
    " Object Payload",
    " Enum",
    "Object",
    "参数名 | 类型 | 必填 | 说明",
    "属性 | 类型 | 默认值 | 必填 | 说明",
    "错误码 | 错误描述 | 解决方案",
    "值 | 说明",
    "errcode",
    "POST https://api.weixin.qq.com/x?access_token=A&b=",
    "GET http://",
    "-1",
    "40001",
    "是",
    "否",
    "buffer",
    "支持加密请求",
    "不支持",
    "<!-- 来源: https://e.com -->",
    "直接返回图片二进制内容",
];

fn pages_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
            && path
                .file_name()
                .is_some_and(|n| n != "INDEX.md" && n != "README.md")
        {
            out.push(path);
        }
    }
}

#[test]
#[ignore = "dev check over the crawl in /work/shared/wechat-docs (not in the repository)"]
fn the_crawl_reads_without_panics() {
    let root = Path::new("/work/shared/wechat-docs/miniprogram");
    let mut pages = Vec::new();
    pages_under(root, &mut pages);
    if pages.is_empty() {
        return;
    }
    let (mut read_ok, mut named, mut http, mut tables, mut errors, mut samples) =
        (0, 0, 0, 0, 0, 0);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut none = Vec::new();
    for path in &pages {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let file = path.display().to_string();
        let (page, diags) = read(&file, &text);
        for d in &diags {
            *codes.entry(d.code).or_default() += 1;
            if std::env::var_os("SHOW_DIAGS").is_some() {
                eprintln!(
                    "{}:{}:{} {} {}",
                    d.file, d.span.line, d.span.col, d.code, d.message
                );
            }
        }
        if std::env::var_os("SHOW_MISSING").is_some() {
            if let Some(p) = page
                .as_ref()
                .filter(|p| p.response.is_empty() && p.body.is_empty() && p.query.is_empty())
            {
                eprintln!(
                    "no tables: {file} {:?}",
                    p.english_name.as_ref().map(|n| &n.value)
                );
            }
            for s in page.iter().flat_map(|p| &p.samples) {
                eprintln!(
                    "sample: {file} {:?} {:?} {} lines",
                    s.kind,
                    s.title,
                    s.text.lines().count()
                );
            }
        }
        let Some(page) = page else {
            none.push(file);
            continue;
        };
        read_ok += 1;
        named += usize::from(page.english_name.is_some());
        http += usize::from(page.http.is_some());
        tables += usize::from(
            !page.query.is_empty() || !page.body.is_empty() || !page.response.is_empty(),
        );
        errors += usize::from(!page.errors.is_empty());
        if std::env::var_os("SHOW_MISSING").is_some() && page.errors.is_empty() {
            eprintln!("no errors: {file}");
        }
        samples += usize::from(!page.samples.is_empty());
    }
    eprintln!(
        "{} pages: {read_ok} read, {named} named, {http} with http, {tables} with tables, {errors} with errors, {samples} with samples",
        pages.len()
    );
    eprintln!("diagnostics: {codes:?}");
    eprintln!("not read: {none:?}");
    assert!(
        read_ok * 100 >= pages.len() * 95,
        "{read_ok} of {} pages read",
        pages.len()
    );
}

#[test]
#[ignore = "dev aid: prints the page read from $PAGE"]
fn show_page() {
    let Some(path) = std::env::var_os("PAGE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (page, diags) = read("page", &text);
    eprintln!("{page:#?}\n{diags:#?}");
}
