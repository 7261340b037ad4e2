//! Endpoints: HTTP facts, request and response, error tables.

use std::collections::HashMap;

use super::context::{join, key, FileCx};
use super::errors::{self, CommonCodes};
use super::types::{declare_local, Resolver, Role, Scope};
use crate::load::raw::RawEndpoint;
use crate::load::SpecFile;
use crate::model::{AuthKind, BodyKind, Endpoint, FieldIn, HttpMethod, Message, Ty, TypeHome};
use crate::naming;

/// Endpoint facts that must be unique across files, with the place of the first.
#[derive(Default)]
pub struct Seen {
    ids: HashMap<String, String>,
    routes: HashMap<(String, String, Option<i64>), String>,
}

pub fn endpoint(
    resolver: &mut Resolver,
    file: &SpecFile<RawEndpoint>,
    local: HashMap<String, crate::model::TypeRef>,
    common: &CommonCodes,
    seen: &mut Seen,
) -> Option<Endpoint> {
    let cx = FileCx::of(file);
    let raw = &file.raw;
    let id_path = vec![key("id")];
    if !naming::is_snake_ident(&raw.id) {
        let better = better_id(&raw.id);
        resolver.dx.push(
            cx.error(
                "bad-identifier",
                &id_path,
                format!("`{}` can't be an endpoint id", raw.id),
            )
            .help(match better {
                Some(b) => format!("ids are snake_case Rust method names: write `{b}`"),
                None => "ids are snake_case ASCII, start with a letter and are not Rust keywords, \
                         e.g. `msg_sec_check`"
                    .to_owned(),
            }),
        );
        return None;
    }
    if let Some(first) = seen.ids.get(&raw.id) {
        resolver.dx.push(
            cx.error(
                "duplicate-id",
                &id_path,
                format!("endpoint id `{}` is already used", raw.id),
            )
            .help(format!(
                "it is declared at {first}; give each endpoint its own id"
            )),
        );
        return None;
    }
    seen.ids.insert(raw.id.clone(), cx.place(&id_path));

    let method = match raw.http.method.to_ascii_uppercase().as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => {
            resolver.dx.push(
                cx.error(
                    "bad-value",
                    &join(&[key("http")], &["method"]),
                    format!("`{other}` is not a method WeChat's server APIs use"),
                )
                .help("write `method: GET` or `method: POST`"),
            );
            HttpMethod::Post
        }
    };
    let path_at = join(&[key("http")], &["path"]);
    if !raw.http.path.starts_with('/') || raw.http.path.contains(['?', '#', ' ']) {
        resolver.dx.push(
            cx.error("bad-value", &path_at, format!("`{}` is not a URL path", raw.http.path))
                .help("write the path alone, starting with `/`, e.g. `/wxa/msg_sec_check`; the runtime adds the host and the access_token"),
        );
    }
    let route = (
        format!("{method:?}"),
        raw.http.path.clone(),
        raw.api_version,
    );
    if let Some(first) = seen.routes.get(&route) {
        resolver.dx.push(
            cx.error("duplicate-path", &path_at, format!("another endpoint already uses {} {}", raw.http.method, raw.http.path))
                .help(format!("it is declared at {first}; if both are versions of one API, give each a different `api_version`")),
        );
    } else {
        seen.routes.insert(route, cx.place(&path_at));
    }

    let auth = match raw.auth.as_deref() {
        None | Some("access_token") => AuthKind::AccessToken,
        Some("none") => AuthKind::None,
        Some(other) => {
            resolver.dx.push(
                cx.error(
                    "bad-value",
                    &[key("auth")],
                    format!("`auth: {other}` is not a kind of authentication"),
                )
                .help("write `auth: access_token` (the default) or `auth: none`"),
            );
            AuthKind::AccessToken
        }
    };

    let prefix = naming::type_name(&raw.id).unwrap_or_default();
    let mut scope = Scope {
        cx,
        local,
        home: TypeHome::Endpoint(raw.id.clone()),
        out: Vec::new(),
    };
    declare_local(resolver, &mut scope, &raw.types, &vec![key("types")]);

    let request_path = vec![key("request")];
    let body_at = join(&request_path, &["body"]);
    let request = raw.request.as_ref();
    let body = match request.and_then(|r| r.body.as_deref()) {
        None if method == HttpMethod::Get => BodyKind::None,
        None => BodyKind::Json,
        Some("none") => BodyKind::None,
        Some("json") => BodyKind::Json,
        Some("multipart") => BodyKind::Multipart,
        Some("binary") => BodyKind::Binary,
        Some(other) => {
            resolver.dx.push(
                cx.error(
                    "bad-value",
                    &body_at,
                    format!("`body: {other}` is not a kind of body"),
                )
                .help("write one of none, json, multipart, binary"),
            );
            BodyKind::Json
        }
    };
    if method == HttpMethod::Get && body != BodyKind::None {
        resolver.dx.push(
            cx.error("get-with-body", &body_at, "a GET request has no body")
                .help(
                    "remove `body:` (GET fields travel in the query), or make the endpoint a POST",
                ),
        );
    }
    if raw.security_mode && matches!(body, BodyKind::Multipart | BodyKind::Binary) {
        resolver.dx.push(
            cx.error(
                "security-mode-upload",
                &[key("security_mode")],
                "an upload (multipart or binary body) cannot use API security mode",
            )
            .help("WeChat does not encrypt uploads (资源上传类API暂不支持加密): remove `security_mode: true`"),
        );
    }
    let default_in = if body == BodyKind::None {
        FieldIn::Query
    } else {
        FieldIn::Body
    };
    let request_name = format!("{prefix}Request");
    let empty = Default::default();
    let request_fields = resolver.fields(
        &mut scope,
        &join(&request_path, &["fields"]),
        request.map_or(&empty, |r| &r.fields),
        (&request_name, &prefix),
        Role::Request { default_in },
    );
    check_body(resolver, &cx, &request_path, body, &request_fields);
    let response_path = vec![key("response")];
    let response_name = format!("{prefix}Response");
    let response_fields = resolver.fields(
        &mut scope,
        &join(&response_path, &["fields"]),
        raw.response.as_ref().map_or(&empty, |r| &r.fields),
        (&response_name, &prefix),
        Role::Response,
    );
    let error_name = format!("{prefix}Error");
    for (name, what, at) in [
        (&request_name, "the request", &request_path),
        (&response_name, "the response", &response_path),
        (&error_name, "the error enum", &id_path),
    ] {
        resolver.registry.claim(
            name,
            &format!("{what} of `{}`", raw.id),
            &cx,
            at,
            resolver.dx,
        );
    }
    let errors = errors::table(
        &cx,
        &vec![key("errors")],
        &raw.errors,
        None,
        Some(common),
        resolver.dx,
    );
    let common_errors = errors::common_refs(
        &cx,
        &vec![key("common_errors")],
        &raw.common_errors,
        common,
        resolver.dx,
    );
    if raw.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
        resolver.dx.push(
            cx.warning(
                "no-doc",
                &id_path,
                format!("endpoint `{}` has no `doc`", raw.id),
            )
            .help("add `doc:` saying what the endpoint does, from WeChat's page"),
        );
    }
    Some(Endpoint {
        id: raw.id.clone(),
        title: raw.title.clone(),
        doc: raw.doc.clone(),
        notes: super::types::notes(raw.since.as_ref(), raw.deprecated.as_ref()),
        api_version: raw.api_version,
        method,
        path: raw.http.path.clone(),
        auth,
        idempotent: raw.idempotent,
        security_mode: raw.security_mode,
        sources: raw.sources.clone(),
        request: Message {
            name: request_name,
            doc: request.and_then(|r| r.doc.clone()),
            fields: request_fields,
        },
        body,
        response: Message {
            name: response_name,
            doc: raw.response.as_ref().and_then(|r| r.doc.clone()),
            fields: response_fields,
        },
        error_name,
        errors,
        common_errors,
        types: scope.out,
        examples: Vec::new(),
        origin: cx.origin(&[]),
    })
}

/// The snake_case spelling of a bad id, when that is a fix: not when the id is a keyword
/// (`self_`) or starts with a digit (`_123abc`), which only an escape would make valid.
pub fn better_id(id: &str) -> Option<String> {
    naming::field(id)
        .map(|i| i.name)
        .filter(|b| b != id && !b.starts_with('_') && !b.ends_with('_'))
}

/// Body kind vs fields: what can travel how.
fn check_body(
    resolver: &mut Resolver,
    cx: &FileCx,
    request_path: &crate::load::spans::Path,
    body: BodyKind,
    fields: &[crate::model::Field],
) {
    let fields_path = join(request_path, &["fields"]);
    let body_fields: Vec<_> = fields
        .iter()
        .filter(|f| f.location == FieldIn::Body)
        .collect();
    if body == BodyKind::None {
        if let Some(f) = body_fields.first() {
            resolver.dx.push(
                cx.key_error(
                    "field-without-body",
                    &join(&fields_path, &[&f.wire, "in"]),
                    format!(
                        "`{}` travels in the body, but this request has none",
                        f.wire
                    ),
                )
                .help("write `in: query`, or give the request a `body:`"),
            );
        }
    }
    let is_upload = |ty: &Ty| matches!(ty, Ty::File | Ty::Bytes);
    match body {
        BodyKind::Multipart => {
            if !body_fields.iter().any(|f| f.ty == Ty::File) {
                resolver.dx.push(
                    cx.key_error("multipart-without-file", &join(request_path, &["body"]), "a multipart body needs a `type: file` field")
                        .help("add the file part, e.g. `media: { type: file, required: true }`, or use `body: json`"),
                );
            }
            for f in &body_fields {
                let scalar = matches!(
                    f.ty,
                    Ty::File
                        | Ty::String
                        | Ty::Integer(_)
                        | Ty::Number
                        | Ty::Boolean
                        | Ty::Named(_)
                );
                if !scalar {
                    resolver.dx.push(
                        cx.error("bad-multipart-field", &join(&fields_path, &[&f.wire, "type"]), format!("`{}` can't be a multipart part", f.wire))
                            .help("multipart parts are files or single values; send structured data as `json_string`"),
                    );
                }
            }
        }
        BodyKind::Binary => {
            if body_fields.len() != 1 || !is_upload(&body_fields[0].ty) {
                resolver.dx.push(
                    cx.key_error(
                        "bad-binary-body",
                        request_path,
                        "a binary body is exactly one body field of `type: bytes` or `type: file`",
                    )
                    .help("keep one `bytes` field in the body and move the rest to `in: query`"),
                );
            }
        }
        BodyKind::Json | BodyKind::None => {
            for f in fields.iter().filter(|f| is_upload(&f.ty)) {
                resolver.dx.push(
                    cx.error("file-outside-upload", &join(&fields_path, &[&f.wire, "type"]), format!("`{}` is a file, but the request is not an upload", f.wire))
                        .help("write `request.body: multipart` (or `binary`), or make the field a URL `string`"),
                );
            }
        }
    }
    for f in fields.iter().filter(|f| f.location == FieldIn::Query) {
        let scalar = matches!(
            f.ty,
            Ty::String | Ty::Integer(_) | Ty::Number | Ty::Boolean | Ty::Named(_)
        );
        if !scalar {
            resolver.dx.push(
                cx.error("bad-query-field", &join(&fields_path, &[&f.wire, "type"]), format!("`{}` can't travel in the query", f.wire))
                    .help("query parameters are single values: string, integer, number, boolean or an enum"),
            );
        }
    }
}
