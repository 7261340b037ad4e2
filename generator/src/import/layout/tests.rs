//! The readers' tests over whole pages: exact small pages (in each layout's module), the
//! fixture pages (`fixtures.rs`), pages that are none, random and deep input; and, ignored
//! (a dev check), every page of the crawl in `/work/shared/wechat-docs/miniprogram/`.

mod fixtures;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::read;

use crate::diag::Diagnostic;
use crate::import::ir::{Layout, Param};

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

fn diag_codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code).collect()
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
    let mut facts: BTreeMap<&str, usize> = BTreeMap::new();
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
        let nested = |list: &[Param]| list.iter().any(|p| !p.children.is_empty());
        for (fact, holds) in [
            ("query", !page.query.is_empty()),
            ("body", !page.body.is_empty()),
            ("response", !page.response.is_empty()),
            (
                "nested",
                nested(&page.body) || nested(&page.query) || nested(&page.response),
            ),
            ("binary", page.binary_response),
            ("security", page.security_mode),
            ("cloud", page.cloud_call.is_some()),
            ("notes", !page.notes.is_empty()),
            ("title", page.title.is_some()),
            ("description", !page.description.is_empty()),
        ] {
            *facts.entry(fact).or_default() += usize::from(holds);
            if !holds && std::env::var("SHOW_LACKING").is_ok_and(|f| f == fact) {
                eprintln!("lacks {fact}: {file}");
            }
        }
    }
    eprintln!("pages with: {facts:?}");
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
