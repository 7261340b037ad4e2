//! Facts a page states in one line: the HTTP line, the cloud-call method, encrypted
//! requests, the English name, the source URL.

use crate::import::ir::HttpLine;

/// The HTTP line in `line`: `GET|POST http(s)://host/path?query`, anywhere in it, with the
/// byte range of the match.
pub fn http(line: &str) -> Option<(HttpLine, usize, usize)> {
    let upper = line.to_ascii_uppercase();
    let bytes = line.as_bytes();
    for method in ["POST", "GET"] {
        for (at, _) in upper.match_indices(method) {
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let after = &line[at + method.len()..];
            let url_at = after.len() - after.trim_start().len();
            if url_at == 0 {
                continue;
            }
            let url = url(after.trim_start());
            let Some(http) = parse(method, url) else {
                continue;
            };
            let len = method.len() + url_at + url.len();
            return Some((http, at, len));
        }
    }
    None
}

/// The URL at the start of `s`: up to whitespace, a closing bracket or quote, or a
/// non-ASCII character; trailing punctuation dropped.
fn url(s: &str) -> &str {
    let end = s
        .find(|c: char| {
            c.is_whitespace()
                || !c.is_ascii()
                || matches!(c, ')' | ']' | '`' | '"' | '\'' | '<' | '>')
        })
        .unwrap_or(s.len());
    s[..end].trim_end_matches(['.', ',', ';', ':'])
}

fn parse(method: &str, url: &str) -> Option<HttpLine> {
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let rest = rest.split('#').next().unwrap_or("");
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    if host_end == 0 {
        return None;
    }
    let (path, query) = match rest[host_end..].split_once('?') {
        Some((p, q)) => (p, q),
        None => (&rest[host_end..], ""),
    };
    let mut names: Vec<String> = Vec::new();
    for pair in query.split('&') {
        let name = pair.split('=').next().unwrap_or("").trim();
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Some(HttpLine {
        method: method.to_owned(),
        path: if path.is_empty() {
            "/".into()
        } else {
            path.to_owned()
        },
        query: names,
    })
}

/// Whether `line` starts with its HTTP line (after comment, quote and list marks and a
/// `请求地址：` label): how an HTTP line is recognised outside the `调用方式` section.
pub fn starts_with_http(line: &str) -> bool {
    let s = line.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '/' | '>' | '-' | '*' | '`' | '：' | ':')
    });
    let s = s.strip_prefix("请求地址").unwrap_or(s);
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '`'));
    let upper = s.get(..5).unwrap_or(s).to_ascii_uppercase();
    upper.starts_with("GET ") || upper.starts_with("POST ") || upper.starts_with("GET\t")
}

/// Whether `line` says the API supports encrypted requests.
pub fn security(line: &str) -> bool {
    line.contains("支持加密请求") && !line.contains("不支持")
}

/// An identifier at the start of `s` (letters, digits, `_`, `.`), if any.
pub fn ident(s: &str) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    let id = s[..end].trim_end_matches('.');
    (!id.is_empty()).then_some(id)
}

/// The identifier after `label` and a colon in `line`: `接口英文名：getDemoInfo`,
/// `调用方法：demo.getInfo`.
pub fn labelled<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let at = line.find(label)?;
    let rest = line[at + label.len()..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '*' | '`' | '"' | '“')
    });
    ident(rest)
}

/// The cloud-call method named in `line`: `调用方法：x.y` or `openapi.x.y`.
pub fn cloud_call(line: &str) -> Option<String> {
    if let Some(id) = labelled(line, "调用方法") {
        let id = id.strip_prefix("openapi.").unwrap_or(id);
        return id.contains('.').then(|| id.to_owned());
    }
    let at = line.find("openapi.")?;
    let id = ident(&line[at + "openapi.".len()..])?;
    id.contains('.').then(|| id.to_owned())
}

/// The URL of a `<!-- 来源: URL -->` comment or a `来源：URL` line.
pub fn source_url(line: &str) -> Option<String> {
    let at = line.find("来源")?;
    let rest = &line[at..];
    let start = rest.find("http")?;
    let rest = &rest[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, ')' | '>' | '"'))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['-', '.', ',']);
    (url.len() > 8).then(|| url.to_owned())
}

/// Whether a title is a cloud name like `auth.code2Session` (an older page's title).
pub fn dotted_name(title: &str) -> bool {
    let t = title.trim();
    ident(t) == Some(t)
        && t.contains('.')
        && t.split('.')
            .all(|p| p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(method: &str, path: &str, query: &[&str]) -> HttpLine {
        HttpLine {
            method: method.into(),
            path: path.into(),
            query: query.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn http_lines() {
        let (h, at, len) =
            http("请求地址：POST https://api.weixin.qq.com/wxa/demo?access_token=ACCESS_TOKEN。")
                .unwrap();
        assert_eq!(h, line("POST", "/wxa/demo", &["access_token"]));
        assert_eq!((at, len), ("请求地址：".len(), 65));
        let (h, _, _) =
            http("`get https://api.weixin.qq.com/sns/x?appid=A&secret=B&js_code=C`").unwrap();
        assert_eq!(h, line("GET", "/sns/x", &["appid", "secret", "js_code"]));
        assert_eq!(http("POST https://api.weixin.qq.com").unwrap().0.path, "/");
        assert_eq!(http("GETPOST https://x/y"), None);
        assert_eq!(http("POST 请求"), None);
        assert_eq!(http("POST https:///x"), None);
    }

    #[test]
    fn one_line_facts() {
        assert!(starts_with_http("//  POST https://api.weixin.qq.com/x"));
        assert!(starts_with_http("请求地址: GET https://x/y"));
        assert!(!starts_with_http("先调用 GET https://x/y"));
        assert!(security("支持加密请求： 本接口支持"));
        assert!(!security("本接口不支持加密请求"));
        assert_eq!(
            labelled("接口英文名:getDemoInfo", "接口英文名"),
            Some("getDemoInfo")
        );
        assert_eq!(
            labelled("接口英文名： **demo**", "接口英文名"),
            Some("demo")
        );
        assert_eq!(
            cloud_call("- 调用方法：demo.getInfo"),
            Some("demo.getInfo".into())
        );
        assert_eq!(
            cloud_call("openapi.demo.getInfo"),
            Some("demo.getInfo".into())
        );
        assert_eq!(cloud_call("本接口不支持云调用"), None);
        assert_eq!(
            source_url("<!-- 来源: https://example.com/a.html -->"),
            Some("https://example.com/a.html".into())
        );
        assert!(dotted_name("auth.code2Session"));
        assert!(!dotted_name("获取 a.b"));
        assert!(!dotted_name("v1.2"));
    }
}
