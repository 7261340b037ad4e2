//! A [`Page`] → spec YAML with `# TODO:` comments, and the diagnostics for what it leaves open.
//!
//! Here the page is read into a [`Plan`]: the endpoint's id, HTTP line, authentication,
//! fields (`types.rs`), errors (`error_table.rs`) and examples (`examples.rs`). `render.rs`
//! writes a plan as YAML, and `verify.rs` runs the project's validator on it, leaving out
//! or loosening what it rejects until the draft validates.

use std::collections::{BTreeSet, HashSet};

use facts::{auth, doc, endpoint_id, http, is_signed};

use super::error_table::{self, OwnError};
use super::examples::{self, Example, Shape};
use super::ir::{Page, Param};
use super::kinds;
use super::types::{self, Field, Mapper, Place};
use super::{verify, Draft};
use crate::diag::{Diagnostic, Span};
use crate::naming;

mod facts;

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
        _ if body.iter().any(|p| kinds::is_file(&p.ty)) => Body::Multipart,
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

#[cfg(test)]
mod tests;
