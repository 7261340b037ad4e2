//! The importer never panics, whatever page it is given: arbitrary bytes, arbitrary text
//! built from the pages' own vocabulary (headings, table rows, HTTP lines, samples), and
//! the project's own test pages with random damage. Every draft it writes validates. A
//! short run here; the long run is the cargo-fuzz target `import_page` (`fuzz/README.md`).

use std::collections::BTreeSet;

use proptest::prelude::*;
use wxapi_codegen::import::import_page;
use wxapi_codegen::{render, Diagnostics, Format, SpecTree};

/// Lines the three layouts are made of, whole and in pieces.
const LINES: &[&str] = &[
    "# 获取示例信息",
    "# # 获取示例信息",
    "接口英文名：getDemoInfo",
    "接口英文名:getDemoInfo",
    "## # 1. 调用方式",
    "### # HTTPS 调用",
    "POST https://api.weixin.qq.com/wxa/demo?access_token=ACCESS_TOKEN",
    "GET https://api.weixin.qq.com/sns/demo?appid=APPID&secret=SECRET",
    "支持加密请求",
    "## # 2. 请求参数",
    "### # 查询参数 Query String Parameters",
    "### # 请求体 Request Payload",
    "| 参数名 | 类型 | 必填 | 说明 |",
    "| --- | --- | --- | --- |",
    "| access_token | string | 是 | 凭证 |",
    "| list | objarray | 否 | 列表 |",
    "| info | object | 是 | 信息 |",
    "| media | formdata | 是 | 文件 |",
    "| x | - | 是 | ? |",
    "### # Body.info Object Payload",
    "### # Res.list Object Payload",
    "## # 3. 返回参数",
    "| 参数名 | 类型 | 说明 |",
    "| errcode | number | 错误码 |",
    "| buffer | buffer | 图片 |",
    "## # 5. 代码示例",
    "请求示例",
    "返回示例",
    "{",
    "\"a\": 1,",
    "\"b\": [1, 2, …],",
    "}",
    "## # 6. 错误码",
    "| 错误码 | 错误描述 | 解决方案 |",
    "| -1 | system error | 稍候再试 |",
    "| 40001 | invalid credential | 检查 |",
    "| 87014 | risky content | 换内容 |",
    "# 接口英文名",
    "getDemoInfo",
    "# 调用方式",
    "| 属性 | 类型 | 默认值 | 必填 | 说明 |",
    "| &emsp;r | number | 0 | 否 | 红 |",
    "### 请求地址",
    "```",
    "**errcode 的合法值**",
    "| 值 | 说明 | 最低版本 |",
    "# auth.demo",
    "#### Buffer",
    "",
    "\t",
    "｜ 全角 ｜ 管道 ｜",
];

fn import(bytes: &[u8]) -> Diagnostics {
    let common: BTreeSet<i64> = [-1, 40001].into_iter().collect();
    let imported = import_page("page.md", bytes, &common);
    let tree = SpecTree {
        display_root: String::new(),
        files: vec![("page.md".to_owned(), bytes.to_vec())],
    };
    // Drawing touches every span: it must not panic either.
    let _ = render(&imported.diagnostics, &tree, Format::Human);
    if let Some(draft) = imported.draft {
        assert_validates(&draft.id, &draft.yaml);
    }
    imported.diagnostics
}

/// The draft, alone in a spec with a common table of the codes `import` gave.
fn assert_validates(id: &str, yaml: &str) {
    let common = "errors:\n  -1: { name: SystemBusy, message: system error, solution: wait }\n  40001: { name: InvalidCredential, message: invalid credential, solution: check }\n";
    let tree = SpecTree {
        display_root: "spec".into(),
        files: vec![
            ("common/errors.yaml".into(), common.as_bytes().to_vec()),
            (format!("endpoints/{id}.yaml"), yaml.as_bytes().to_vec()),
        ],
    };
    let mut dx = Diagnostics::default();
    let _ = wxapi_codegen::check(&tree, &mut dx);
    assert!(
        !dx.has_errors(),
        "the draft doesn't validate:\n{}\n{yaml}",
        render(&dx, &tree, Format::Plain)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        import(&bytes);
    }

    #[test]
    fn pages_made_of_page_lines(lines in prop::collection::vec(prop::sample::select(LINES), 0..80)) {
        import(lines.join("\n").as_bytes());
    }

    #[test]
    fn page_lines_cut_anywhere(
        lines in prop::collection::vec(prop::sample::select(LINES), 0..60),
        cut in any::<prop::sample::Index>(),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let cut = cut.index(text.len() + 1);
        import(&text.as_bytes()[..cut]);
    }
}
