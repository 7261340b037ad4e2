//! What the page says of the endpoint as a whole: its id, authentication and signature, its
//! HTTP line, its doc.

use std::path::Path;

use heck::ToSnakeCase;

use super::Auth;
use crate::diag::{Diagnostic, Span};
use crate::import::codes::PageCode;
use crate::import::ir::{Page, Param};
use crate::import::types;
use crate::naming;

/// Where a draft without a path sends its reader.
const CATALOGUE: &str = "../shared/reference/miniprogram-api-catalogue.md";

/// The snake_case of the English name (after its last `.`), or of the file's name.
pub fn endpoint_id(file: &str, page: &Page, dx: &mut Vec<Diagnostic>) -> String {
    let from_name = page.english_name.as_ref().and_then(|n| {
        let last = n.value.trim().rsplit('.').next().unwrap_or_default();
        snake_id(last).or_else(|| {
            dx.push(
                PageCode::NoName
                    .at(
                        file,
                        n.span,
                        format!(
                            "`{}` makes no snake_case id; the id comes from the file name",
                            n.value.trim()
                        ),
                    )
                    .help("rename the draft's `id` (and its file) if the file name isn't right"),
            );
            None
        })
    });
    if let Some(id) = from_name {
        return id;
    }
    if page.english_name.is_none() {
        let at = page.title.as_ref().map_or(Span::default(), |t| t.span);
        dx.push(
            PageCode::NoName
                .at(
                    file,
                    at,
                    "the page has no English name; the id comes from the file name",
                )
                .help("set the draft's `id` to the API's name in snake_case"),
        );
    }
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let stem = stem.strip_prefix("api_").unwrap_or(stem);
    snake_id(stem).unwrap_or_else(|| "imported_endpoint".to_owned())
}

/// `getQRCode` → `get_qr_code`; `None` when nothing of it makes an id.
fn snake_id(name: &str) -> Option<String> {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let snake = clean.to_snake_case();
    if snake.is_empty() {
        return None;
    }
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api_{snake}")
    } else {
        snake
    };
    [snake.clone(), format!("{snake}_api")]
        .into_iter()
        .find(|s| naming::is_snake_ident(s))
}

/// The authentication the query says, and the parameter names the client fills in itself.
pub fn auth(query: &[Param], line: &[&str]) -> (Auth, Vec<&'static str>) {
    let has = |n: &str| query.iter().any(|p| p.name.trim() == n) || line.contains(&n);
    if has("access_token") {
        (Auth::AccessToken, vec!["access_token"])
    } else if has("appsecret") {
        (
            Auth::AppSecretAs("appsecret".to_owned()),
            vec!["appid", "appsecret"],
        )
    } else if has("appid") && has("secret") {
        (Auth::AppSecret, vec!["appid", "secret"])
    } else {
        (Auth::None, Vec::new())
    }
}

/// Whether the request is signed with the user's session key: `signature` and `sig_method`
/// parameters that speak of the session key or HMAC.
pub fn is_signed(query: &[Param], body: &[Param]) -> bool {
    let all = || query.iter().chain(body);
    let find = |n: &str| all().find(|p| p.name.trim() == n);
    let (Some(sig), Some(method)) = (find("signature"), find("sig_method")) else {
        return false;
    };
    let text = format!("{} {}", sig.doc, method.doc).to_ascii_lowercase();
    text.contains("session_key") || text.contains("hmac")
}

/// The method and path, or a placeholder path with a TODO (and a NoHttp warning).
pub fn http(
    file: &str,
    page: &Page,
    id: &str,
    has_body: bool,
    dx: &mut Vec<Diagnostic>,
) -> (&'static str, String, Option<String>) {
    let fallback_method = if has_body { "POST" } else { "GET" };
    let placeholder = format!("/TODO/{id}");
    let Some(line) = &page.http else {
        dx.push(
            PageCode::NoHttp
                .at(
                    file,
                    page.title.as_ref().map_or(Span::default(), |t| t.span),
                    "the page has no HTTP line; the draft's path is a placeholder",
                )
                .help(format!("find the method and path in {CATALOGUE}")),
        );
        let todo = format!("the page gives no HTTP line; see {CATALOGUE}");
        return (fallback_method, placeholder, Some(todo));
    };
    let method = match line.value.method.trim().to_ascii_uppercase().as_str() {
        "GET" => Some("GET"),
        "POST" => Some("POST"),
        _ => None,
    };
    let path = line.value.path.trim();
    let path_ok =
        path.starts_with('/') && !path.contains(['?', '#']) && !path.contains(char::is_whitespace);
    let mut todos = Vec::new();
    if method.is_none() {
        todos.push(format!(
            "the page's method `{}` is neither GET nor POST; {fallback_method} is a guess",
            line.value.method.trim()
        ));
    }
    if !path_ok {
        todos.push(format!(
            "the page's path `{path}` is not a URL path; see {CATALOGUE}"
        ));
    }
    let path = if path_ok {
        path.to_owned()
    } else {
        placeholder
    };
    let todo = (!todos.is_empty()).then(|| todos.join("; "));
    (method.unwrap_or(fallback_method), path, todo)
}

/// The description's first paragraphs (about 300 characters at most, one at least), then
/// the notes as a list, then the cloud-call name.
pub fn doc(page: &Page) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut length = 0;
    for p in page
        .description
        .iter()
        .map(|p| types::prose(p))
        .filter(|p| !p.is_empty())
    {
        if !parts.is_empty() && length + p.chars().count() > 300 {
            break;
        }
        length += p.chars().count();
        parts.push(p);
    }
    let mut notes: Vec<String> = page
        .notes
        .iter()
        .map(|n| types::prose(n))
        .filter(|n| !n.is_empty())
        .map(|n| format!("- {}", n.replace('\n', "\n  ")))
        .collect();
    if let Some(cloud) = page
        .cloud_call
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        notes.push(format!("- 云调用：{cloud}"));
    }
    if !notes.is_empty() {
        parts.push(notes.join("\n"));
    }
    let doc = types::prose(&parts.join("\n\n"));
    (!doc.is_empty()).then_some(doc)
}
