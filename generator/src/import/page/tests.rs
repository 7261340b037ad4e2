use super::*;

fn kinds(text: &str) -> Vec<Kind> {
    scan(text).blocks.into_iter().map(|b| b.kind).collect()
}

fn heading_of(level: usize, text: &str) -> Kind {
    Kind::Heading {
        level,
        text: text.to_owned(),
    }
}

#[test]
fn lines_keep_offsets_across_crlf() {
    let ls = lines("ab\r\n中文\r\nx");
    assert_eq!(ls.len(), 3);
    assert_eq!((ls[1].no, ls[1].offset, ls[1].text), (2, 4, "中文"));
    assert_eq!(ls[2].offset, 12);
    let span = ls[1].span(3, 3);
    assert_eq!((span.line, span.col, span.offset, span.len), (2, 2, 7, 3));
    // Not on a character boundary: moved to one, never a panic.
    let span = ls[1].span(1, 1);
    assert_eq!((span.col, span.offset, span.len), (1, 4, 3));
    let span = ls[1].span(100, 5);
    assert_eq!((span.col, span.len), (3, 0));
}

#[test]
fn headings_of_all_forms() {
    assert_eq!(heading("# # 2. 请求参数"), Some((1, "2. 请求参数".into())));
    assert_eq!(heading("## # 1. 调用方式"), Some((2, "1. 调用方式".into())));
    assert_eq!(
        heading("### HTTPS 调用 ###"),
        Some((3, "HTTPS 调用".into()))
    );
    assert_eq!(heading("####功能描述"), Some((4, "功能描述".into())));
    assert_eq!(heading("  # **标题**"), Some((1, "标题".into())));
    assert_eq!(heading("#include"), None);
    assert_eq!(heading("#"), None);
    assert_eq!(heading("text # no"), None);
}

#[test]
fn tables_with_and_without_pipes() {
    let text = "| 参数名 | 类型 |\n|---|---|\n| a | string |\n\n| b |\n\nb | number\nc | boolean\n";
    let blocks = kinds(text);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    let Kind::Table(t) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(t.header, vec!["参数名", "类型"]);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells, vec!["a", "string"]);
    // A one-cell line after a blank line ends the table.
    assert_eq!(blocks[1], Kind::Text("| b |".into()));
    // A table without separator nor pipes at its ends: the first row is the header.
    let Kind::Table(t) = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert_eq!(t.header, vec!["b", "number"]);
    assert_eq!(t.rows[0].cells, vec!["c", "boolean"]);
}

#[test]
fn tables_with_blank_lines_full_width_pipes_and_breaks() {
    let text = "｜名｜说明｜\n｜---｜---｜\n｜x｜一<br>二｜\n\n｜y｜a \\| b｜\n\n｜名｜说明｜\n｜---｜---｜\n";
    let blocks = kinds(text);
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    let Kind::Table(t) = &blocks[0] else { panic!() };
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cells, vec!["x", "一\n二"]);
    assert_eq!(t.rows[1].cells, vec!["y", "a | b"]);
    assert_eq!(t.rows[1].line, 4);
}

#[test]
fn code_json_and_text() {
    let text = "请求示例\n```json\n{\"a\": 1}\n```\n{\n  \"b\": [1, 2]\n}\n}\n> 注意：[见此](http://x)\n```\nunclosed";
    let doc = scan(text);
    let blocks: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (&b.kind, b.first, b.last))
        .collect();
    assert_eq!(blocks.len(), 5, "{blocks:?}");
    assert_eq!(blocks[0], (&Kind::Text("请求示例".into()), 0, 0));
    assert_eq!(
        blocks[1],
        (
            &Kind::Code {
                lang: "json".into(),
                body: "{\"a\": 1}".into()
            },
            1,
            3
        )
    );
    assert_eq!(
        blocks[2],
        (&Kind::Json("{\n  \"b\": [1, 2]\n}\n}".into()), 4, 7)
    );
    assert_eq!(blocks[3].0, &Kind::Text("注意：见此".into()));
    assert_eq!(
        blocks[4],
        (
            &Kind::Code {
                lang: String::new(),
                body: "unclosed".into()
            },
            9,
            10
        )
    );
}

#[test]
fn headings_end_json_and_tables() {
    let blocks = kinds("{\n\"a\": 1\n# 下一节\n| a | b |\n| c | d |\n## 又一节");
    assert_eq!(blocks.len(), 4, "{blocks:?}");
    assert_eq!(blocks[0], Kind::Json("{\n\"a\": 1".into()));
    assert_eq!(blocks[1], heading_of(1, "下一节"));
    assert!(matches!(blocks[2], Kind::Table(_)));
    assert_eq!(blocks[3], heading_of(2, "又一节"));
}

#[test]
fn nothing_panics_on_odd_text() {
    for text in [
        "",
        "\n\n\r\n",
        "|",
        "||\n||",
        "# ",
        "```",
        "{",
        "[\n[\n[",
        "\\",
        "&",
        "<",
        "![",
        "[a](",
        "| 中 | 文 |\n|",
        "\u{3000}|\u{3000}\n｜",
    ] {
        let _ = scan(text);
    }
}

#[test]
fn cells_running_on_over_lines() {
    let text = "| 名 | 说明 |\n| --- | --- |\n| a | 第一行\n第二行\n示例值：1 |\n| b | 一行 |\n| c | 没有结尾\n\n正文";
    let doc = scan(text);
    let Kind::Table(t) = &doc.blocks[0].kind else {
        panic!("{:?}", doc.blocks)
    };
    assert_eq!(t.rows.len(), 3, "{t:?}");
    assert_eq!(t.rows[0].cells, vec!["a", "第一行\n第二行\n示例值：1"]);
    assert_eq!(t.rows[1].cells, vec!["b", "一行"]);
    assert_eq!(t.rows[1].line, 5);
    assert_eq!(t.rows[2].cells, vec!["c", "没有结尾"]);
    assert_eq!(doc.blocks[0].last, 6);
    assert_eq!(doc.blocks[1].kind, Kind::Text("正文".into()));
}
