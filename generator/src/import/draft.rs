//! A [`Page`] → spec YAML with `# TODO:` comments, and the diagnostics for what it leaves open.
//!
//! Here the page is read into a [`Plan`]: the endpoint's id, HTTP line, authentication,
//! fields (`types.rs`), errors (`error_table.rs`) and examples (`examples.rs`). `render.rs`
//! writes a plan as YAML, and `verify.rs` runs the project's validator on it, leaving out
//! or loosening what it rejects until the draft validates.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use heck::ToSnakeCase;

use super::codes::PageCode;
use super::error_table::{self, OwnError};
use super::examples::{self, Example, Shape};
use super::ir::{Page, Param};
use super::types::{self, Field, Mapper, Place};
use super::{verify, Draft};
use crate::diag::{Diagnostic, Span};
use crate::naming;

/// Where a draft without a path sends its reader.
const CATALOGUE: &str = "../shared/reference/miniprogram-api-catalogue.md";

/// How the endpoint authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    AccessToken,
    None,
    AppSecret,
    /// The app secret under another parameter name.
    AppSecretAs(String),
}

/// How the request's body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// A GET: everything in the query.
    None,
    Json,
    Multipart,
}

/// Everything the draft says, before it is written out.
#[derive(Debug, Clone)]
pub struct Plan {
    pub header: Vec<String>,
    pub id: String,
    pub title: String,
    pub doc: Option<String>,
    pub method: &'static str,
    pub path: String,
    pub http_todo: Option<String>,
    pub auth: Auth,
    pub signature: bool,
    pub security_mode: bool,
    pub sources: Vec<String>,
    pub body: Body,
    pub request: Vec<Field>,
    pub request_todos: Vec<String>,
    pub binary: bool,
    pub response: Vec<Field>,
    pub errors: Vec<OwnError>,
    pub common_errors: Vec<i64>,
    pub examples: Vec<Example>,
    /// Request names the client sends itself: left out of request examples.
    pub hidden: HashSet<String>,
}

/// The draft of `page` (read from `file`). `common` holds the common table's codes.
pub fn write(file: &str, page: &Page, common: &BTreeSet<i64>) -> (Draft, Vec<Diagnostic>) {
    let mut dx = Vec::new();
    let plan = plan(file, page, common, &mut dx);
    let yaml = verify::settle(file, &plan, common, &mut dx);
    let todos = yaml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("# TODO: "))
        .map(str::to_owned)
        .collect();
    let draft = Draft {
        id: plan.id,
        layout: page.layout,
        yaml,
        todos,
    };
    (draft, dx)
}

fn plan(file: &str, page: &Page, common: &BTreeSet<i64>, dx: &mut Vec<Diagnostic>) -> Plan {
    let id = endpoint_id(file, page, dx);
    let prefix = naming::type_name(&id).unwrap_or_default();
    let mut query: Vec<Param> = page.query.clone();
    let mut body: Vec<Param> = page.body.clone();
    let mut request_todos = Vec::new();

    // The HTTP line's query names the table may not have.
    let line_names: Vec<&str> = page
        .http
        .as_ref()
        .map(|h| h.value.query.iter().map(|s| s.trim()).collect())
        .unwrap_or_default();
    let named = |n: &str, q: &[Param], b: &[Param]| q.iter().chain(b).any(|p| p.name.trim() == n);
    let (auth, credentials) = auth(&query, &line_names);
    let signature = is_signed(&query, &body);
    let mut hidden: HashSet<String> = credentials.iter().map(|s| (*s).to_owned()).collect();
    if signature {
        hidden.extend(["signature", "sig_method", "session_key"].map(str::to_owned));
    }
    for name in &line_names {
        if !named(name, &query, &body) && !hidden.contains(*name) && types::wire_name_ok(name) {
            let span = page.http.as_ref().map_or(Span::default(), |h| h.span);
            query.push(Param {
                name: (*name).to_owned(),
                ty: "string".to_owned(),
                required: Some(true),
                default: None,
                doc: String::new(),
                children: Vec::new(),
                span,
            });
            request_todos.push(format!(
                "`{name}` is in the page's HTTP line but not in its tables: check its type and doc"
            ));
        }
    }
    query.retain(|p| !hidden.contains(p.name.trim()));
    body.retain(|p| !hidden.contains(p.name.trim()));

    let (method, path, http_todo) = http(file, page, &id, !body.is_empty(), dx);
    if method == "GET" && !body.is_empty() {
        request_todos.push(
            "the page lists body parameters for a GET: the draft sends them in the query"
                .to_owned(),
        );
        query.append(&mut body);
    }
    let mut kind = match method {
        "GET" => Body::None,
        _ if body.iter().any(|p| types::is_file(&p.ty)) => Body::Multipart,
        _ => Body::Json,
    };
    let binary = page.binary_response;
    let shape = Shape {
        multipart: kind == Body::Multipart,
        binary,
    };
    let examples = examples::examples(file, page, &shape, dx);
    let fractions = examples::fractions(&examples);

    let (request, response, diagnostics) = loop {
        let mut mapper = Mapper::new(file, &prefix, &fractions);
        let mut seen = HashSet::new();
        let mut request = mapper.fields(&query, Place::Query, (&prefix, "req:"), &mut seen);
        if kind != Body::None {
            for f in &mut request {
                f.in_query = true;
            }
        }
        let body_place = if kind == Body::Multipart {
            Place::Multipart
        } else {
            Place::Json
        };
        request.extend(mapper.fields(&body, body_place, (&prefix, "req:"), &mut seen));
        let has_file = request.iter().any(|f| f.ty == types::Ty::Builtin("file"));
        if kind == Body::Multipart && !has_file {
            // The file rows were left out (a bad name, a duplicate): not an upload after all.
            kind = Body::Json;
            continue;
        }
        let envelope = ["errcode", "errmsg", "errCode", "errMsg"];
        let answer: Vec<Param> = page
            .response
            .iter()
            .filter(|p| !envelope.contains(&p.name.trim()))
            .cloned()
            .collect();
        let response = if binary {
            Vec::new()
        } else {
            mapper.fields(
                &answer,
                Place::Response,
                (&prefix, "res:"),
                &mut HashSet::new(),
            )
        };
        break (request, response, mapper.diagnostics);
    };
    dx.extend(diagnostics);
    let (errors, common_errors) = error_table::split(&page.errors, common);
    let url = page
        .source_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty() && !u.contains(char::is_whitespace));
    let mut header = vec![format!(
        "Draft imported from {file} ({} layout) by wxapi-codegen import: review every TODO.",
        page.layout.name()
    )];
    header.push(match url {
        Some(u) => format!("Sources: {u}"),
        None => "TODO: the page names no URL; add it here and under `sources:`".to_owned(),
    });
    let title = [page.title.as_ref(), page.english_name.as_ref()]
        .into_iter()
        .flatten()
        .map(|t| t.value.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| id.clone());
    Plan {
        header,
        title,
        doc: doc(page),
        method,
        path,
        http_todo,
        security_mode: page.security_mode && kind == Body::Json && !binary,
        auth,
        signature,
        sources: url.map(str::to_owned).into_iter().collect(),
        body: kind,
        request,
        request_todos,
        binary,
        response,
        errors,
        common_errors,
        examples,
        hidden,
        id,
    }
}

/// The snake_case of the English name (after its last `.`), or of the file's name.
fn endpoint_id(file: &str, page: &Page, dx: &mut Vec<Diagnostic>) -> String {
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
fn auth(query: &[Param], line: &[&str]) -> (Auth, Vec<&'static str>) {
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
fn is_signed(query: &[Param], body: &[Param]) -> bool {
    let all = || query.iter().chain(body);
    let find = |n: &str| all().find(|p| p.name.trim() == n);
    let (Some(sig), Some(method)) = (find("signature"), find("sig_method")) else {
        return false;
    };
    let text = format!("{} {}", sig.doc, method.doc).to_ascii_lowercase();
    text.contains("session_key") || text.contains("hmac")
}

/// The method and path, or a placeholder path with a TODO (and a NoHttp warning).
fn http(
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
fn doc(page: &Page) -> Option<String> {
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

#[cfg(test)]
mod tests;
