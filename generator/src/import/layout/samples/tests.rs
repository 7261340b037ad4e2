use super::*;
use crate::import::layout::sections::assign;
use crate::import::page::scan;

fn samples(text: &str) -> Vec<Sample> {
    let doc = scan(text);
    let (secs, _) = assign(&doc);
    collect(&doc, &secs)
}

#[test]
fn markers() {
    assert_eq!(marker("请求示例"), Some(SampleKind::Request));
    assert_eq!(marker("**返回示例：**"), Some(SampleKind::Response));
    assert_eq!(marker("返回示例："), Some(SampleKind::Response));
    assert_eq!(marker("请求数据示例"), Some(SampleKind::Request));
    assert_eq!(marker("5.1 HTTP调用示例（成功）"), None);
    assert_eq!(
        marker("这是一段很长的说明文字，提到了请求示例但不是标记，因为它太长了太长了"),
        None
    );
}

#[test]
fn marked_samples_with_titles_fences_and_stray_braces() {
    let text = "# 演示\n## 5. 代码示例\n### 5.1 成功\n请求示例\n// 注释\n{\n```\n\"a\": 1\n```\n}\n返回示例\n{\n\"errcode\": 0\n}\n}\n说明文字\n### 5.2 云函数\n请求示例\nconst x = 1\n返回示例\n\n## 6. 错误码\n{\"x\": 1}";
    let got = samples(text);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].kind, SampleKind::Request);
    assert_eq!(got[0].title.as_deref(), Some("5.1 成功"));
    assert_eq!(got[0].text, "// 注释\n{\n\"a\": 1\n}");
    assert_eq!((got[0].span.line, got[0].span.col), (5, 1));
    assert_eq!(got[1].kind, SampleKind::Response);
    assert_eq!(got[1].text, "{\n\"errcode\": 0\n}\n}");
    let lines = text.lines().collect::<Vec<_>>();
    let start: usize = lines[..11].iter().map(|l| l.len() + 1).sum();
    assert_eq!(got[1].span.offset, start);
    assert_eq!(
        &text[start..start + got[1].span.len],
        "{\n\"errcode\": 0\n}\n}"
    );
}

#[test]
fn heading_markers_and_unmarked_json() {
    let text = "# a.b\n### 请求数据示例\n```json\n{\"x\": 1}\n```\n### 返回数据示例\n```\n{\"errcode\": 0}\n```\n# 调用示例\n```json\n{\"errcode\": 1}\n```\n```js\nconst y = 2\n```";
    let got = samples(text);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(
        (got[0].kind, got[0].title.as_deref()),
        (SampleKind::Request, Some("请求数据示例"))
    );
    assert_eq!(got[0].text, "{\"x\": 1}");
    assert_eq!(got[1].kind, SampleKind::Response);
    assert_eq!(
        (got[2].kind, got[2].title.as_deref()),
        (SampleKind::Response, None)
    );
    assert_eq!(got[2].text, "{\"errcode\": 1}");
}
