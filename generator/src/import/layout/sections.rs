//! Which part of a page each block is in, from the headings above it: `调用方式`,
//! `请求参数`, `Body.x Object Payload`, `返回参数`, `错误码`… whatever their depth, numbering
//! or wording.

use crate::import::page::{Doc, Kind};

/// A part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// Under the title, before any known section.
    Intro,
    /// `接口英文名` as a heading (OpenApiDoc).
    Name,
    /// `功能描述`.
    Description,
    /// `调用方式`, `HTTPS 调用`, `请求地址`, `第三方调用`.
    Call,
    /// `云调用` and everything under it.
    Cloud,
    /// `请求参数`.
    Request,
    /// `查询参数 Query String Parameters`.
    Query,
    /// `请求体 Request Payload`.
    Body,
    /// `返回参数`, `返回值`, `返回体 Response Payload`.
    Response,
    /// `注意事项`.
    Notes,
    /// `代码示例`, `调用示例`, `请求数据示例`….
    Samples,
    /// `错误码`.
    Errors,
    /// A sub-table's heading: `Body.x Object Payload`, `Res.x(Array).y Object Payload`,
    /// `Res.x Enum`.
    Sub(Sub),
    /// Anything else: `适用范围`, `其他说明`, `枚举信息`.
    Other,
}

/// Which table a sub-table's path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Query,
    Body,
    Res,
}

/// A sub-table heading, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sub {
    pub side: Side,
    /// The field paths it may mean, best first (`Res.a.keysObject Payload` is `a.keys`, or
    /// a field named `keysObject`).
    pub paths: Vec<Vec<String>>,
    /// An `Enum` table (values of the field) rather than the field's children.
    pub enumeration: bool,
    /// The heading as written.
    pub heading: String,
}

/// A heading's number (`2.`, `5.1`, `一、`) removed: whether it was a sub-number (`5.1`),
/// and the rest.
pub fn numbering(text: &str) -> (bool, &str) {
    let t = text.trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.chars().any(|c| c.is_ascii_digit()) {
        let minor = digits.trim_end_matches('.').contains('.');
        let rest = t[digits.len()..].trim_start_matches(['、', ' ', '\u{3000}', ')']);
        return (minor, rest.trim());
    }
    let cn = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if cn > 0 {
        if let Some(rest) = t[cn..].strip_prefix('、') {
            return (false, rest.trim());
        }
    }
    (false, t)
}

/// What a heading (its number removed) opens, if it is one the readers know.
pub fn classify(text: &str) -> Option<Section> {
    if let Some(sub) = sub(text) {
        return Some(Section::Sub(sub));
    }
    let t: String = text.to_lowercase().split_whitespace().collect();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let section = if has(&["接口英文名"]) {
        Section::Name
    } else if t == "object" || t == "buffer" {
        return None;
    } else if has(&["示例"]) && !has(&["回调"]) {
        Section::Samples
    } else if has(&["云调用", "云函数"]) {
        Section::Cloud
    } else if has(&["错误码", "errcode", "返回码"]) {
        Section::Errors
    } else if has(&["注意事项"]) || t == "注意" {
        Section::Notes
    } else if has(&["查询参数", "querystring"]) {
        Section::Query
    } else if has(&["请求体", "requestpayload", "请求包体"]) {
        Section::Body
    } else if has(&["请求参数"]) || t == "参数" {
        Section::Request
    } else if has(&["返回", "响应", "responsepayload", "回包"]) {
        Section::Response
    } else if has(&[
        "调用方式",
        "https调用",
        "http调用",
        "请求地址",
        "第三方调用",
        "接口地址",
    ]) {
        Section::Call
    } else if has(&["功能描述", "接口描述"]) {
        Section::Description
    } else if has(&["其他说明", "适用范围", "枚举信息", "回调", "附录"]) {
        Section::Other
    } else {
        return None;
    };
    Some(section)
}

/// A sub-table heading: `Body.x Object Payload`, `Res.x(Array).y Object Payload`,
/// `Res.list(Array).keysObject Payload`, `Body.x Enum`.
pub fn sub(text: &str) -> Option<Sub> {
    let t = text.trim();
    let dot = t.find('.')?;
    let side = match t[..dot].trim().to_ascii_lowercase().as_str() {
        "body" | "req" | "request" => Side::Body,
        "res" | "resp" | "response" => Side::Res,
        "query" => Side::Query,
        _ => return None,
    };
    let mut rest = t[dot + 1..].trim();
    let mut enumeration = false;
    let mut glued = false;
    for suffix in ["Payload", "Enum", "Object"] {
        if let Some(r) = rest.strip_suffix(suffix) {
            enumeration |= suffix == "Enum";
            glued |= suffix == "Object" && !r.ends_with(char::is_whitespace);
            rest = r.trim_end();
        }
    }
    let path: Vec<String> = rest
        .split('.')
        .map(|s| {
            ["(Array)", "（Array）", "[]"]
                .iter()
                .fold(s.trim(), |s, suffix| s.strip_suffix(suffix).unwrap_or(s))
                .trim()
        })
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if path.is_empty() || path.iter().any(|s| s.contains(char::is_whitespace)) {
        return None;
    }
    let mut paths = vec![path.clone()];
    if glued {
        let mut whole = path;
        if let Some(last) = whole.last_mut() {
            last.push_str("Object");
        }
        paths.push(whole);
    }
    Some(Sub {
        side,
        paths,
        enumeration,
        heading: t.to_owned(),
    })
}

/// Whether the first heading (block `i`) is the page's title: unless numbered, or naming a
/// section (other than `云调用`: `触发云函数` is a title) while no shallower than the next
/// heading (`# # 运力返回投诉结果` over `## # 1. 调用方式` is a title, whatever its words).
fn is_title(doc: &Doc<'_>, i: usize, level: usize, text: &str, class: &Option<Section>) -> bool {
    let (_, rest) = numbering(text);
    if rest.len() != text.trim().len() {
        return false;
    }
    if matches!(class, None | Some(Section::Cloud | Section::Other)) {
        return true;
    }
    let next_level = doc.blocks[i + 1..].iter().find_map(|b| match &b.kind {
        Kind::Heading { level, .. } => Some(*level),
        _ => None,
    });
    next_level.is_some_and(|l| l > level) && !matches!(class, Some(Section::Name | Section::Sub(_)))
}

/// The section of each block, and the index of the title heading: the first heading,
/// unless it is numbered, or names a section (other than `云调用`) and is no shallower than
/// the next heading. A heading belongs to the section it opens.
pub fn assign(doc: &Doc<'_>) -> (Vec<Section>, Option<usize>) {
    let mut out = Vec::with_capacity(doc.blocks.len());
    let mut stack: Vec<(usize, Section)> = Vec::new();
    let mut current = Section::Intro;
    let mut title = None;
    let mut seen_heading = false;
    let mut seen_section = false;
    for (i, block) in doc.blocks.iter().enumerate() {
        let Kind::Heading { level, text } = &block.kind else {
            out.push(current.clone());
            continue;
        };
        let (minor, rest) = numbering(text);
        let class = classify(rest);
        if !seen_heading && is_title(doc, i, *level, text, &class) {
            seen_heading = true;
            title = Some(i);
            out.push(Section::Intro);
            continue;
        }
        seen_heading = true;
        // `5.1 HTTPS调用` is a part of section 5, whatever its depth and words.
        if minor && seen_section && !matches!(class, Some(Section::Sub(_))) {
            out.push(current.clone());
            continue;
        }
        while stack.last().is_some_and(|(l, _)| l >= level) {
            stack.pop();
        }
        let in_cloud = stack.iter().any(|(_, s)| *s == Section::Cloud);
        current = match class {
            Some(_) if in_cloud => Section::Cloud,
            Some(section) => {
                seen_section = true;
                stack.push((*level, section.clone()));
                section
            }
            None => match stack.last() {
                Some((_, s)) => s.clone(),
                None if seen_section => Section::Other,
                None => Section::Intro,
            },
        };
        out.push(current.clone());
    }
    (out, title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::page::scan;

    #[test]
    fn numbers_and_words() {
        assert_eq!(numbering("2. 请求参数"), (false, "请求参数"));
        assert_eq!(numbering("5.1 HTTPS调用"), (true, "HTTPS调用"));
        assert_eq!(numbering("三、错误码"), (false, "错误码"));
        assert_eq!(numbering("HTTPS 调用"), (false, "HTTPS 调用"));
        assert_eq!(
            classify("查询参数 Query String Parameters"),
            Some(Section::Query)
        );
        assert_eq!(classify("返回体 Response Payload"), Some(Section::Response));
        assert_eq!(classify("请求数据示例"), Some(Section::Samples));
        assert_eq!(classify("Object"), None);
        assert_eq!(classify("获取小程序码"), None);
    }

    #[test]
    fn sub_headings() {
        let s = sub("Res.list(Array).keysObject Payload").unwrap();
        assert_eq!(s.side, Side::Res);
        assert_eq!(
            s.paths,
            vec![vec!["list", "keys"], vec!["list", "keysObject"]]
        );
        let s = sub("Res.items（Array）.owner Object Payload").unwrap();
        assert_eq!(s.paths, vec![vec!["items", "owner"]]);
        let s = sub("Body.cargo.cargo_first_class Enum").unwrap();
        assert!(s.enumeration);
        assert_eq!(s.paths, vec![vec!["cargo", "cargo_first_class"]]);
        assert_eq!(sub("Body. Object Payload"), None);
        assert_eq!(sub("auth.code2Session"), None);
    }

    #[test]
    fn titles() {
        let title = |text: &str| assign(&scan(text)).1;
        assert_eq!(title("# # 运力返回投诉结果\n## # 1. 调用方式"), Some(0));
        assert_eq!(title("# 触发云函数\n# 1. 调用方式"), Some(0));
        assert_eq!(title("## 请求参数\n| a | b |"), None);
        assert_eq!(title("# 返回参数\n# 错误码"), None);
        assert_eq!(title("# 1. 调用方式\n## x"), None);
        assert_eq!(title("# 接口英文名\n## x"), None);
    }

    #[test]
    fn sections_follow_headings() {
        let doc = scan(
            "# 标题\n说明\n# 1. 调用方式\n# HTTPS 调用\nx\n# 云调用\n## 请求参数\ny\n# 5. 代码示例\n# 5.1 HTTPS调用\nz\n## Body.a Object Payload\n# 其他说明\nw",
        );
        let (secs, title) = assign(&doc);
        assert_eq!(title, Some(0));
        use Section::*;
        let want = [
            Intro, Intro, Call, Call, Call, Cloud, Cloud, Cloud, Samples, Samples, Samples,
        ];
        assert_eq!(&secs[..11], &want);
        assert!(matches!(secs[11], Sub(_)));
        assert_eq!(&secs[12..], &[Other, Other]);
    }
}
