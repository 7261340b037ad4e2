//! Endpoints: HTTP facts, request and response, error tables.

use std::collections::HashMap;

use super::context::{claim_id, join, key, FileCx, ENDPOINT_ID};
use super::errors::{self, CommonCodes};
use super::types::{declare_local, notes, Resolver, Role, Scope};
use crate::diag::{Code, Diagnostics};
use crate::load::raw::RawEndpoint;
use crate::load::spans::Path;
use crate::load::SpecFile;
use crate::model::{
    AuthKind, BodyKind, Endpoint, Field, FieldIn, HttpMethod, Message, ResponseBody, SignatureKind,
    Ty, TypeDef, TypeHome, TypeKind, TypeRef,
};
use crate::naming;

/// Endpoint facts that must be unique across files, with the place of the first.
#[derive(Default)]
pub struct Seen {
    ids: HashMap<String, String>,
    /// Per method, path and version: the endpoints that use it.
    routes: HashMap<(String, String, Option<i64>), Vec<RouteUser>>,
}

/// An endpoint on a route: its place, and its `const` request fields (wire name, value),
/// which may tell operations on one path apart.
type RouteUser = (String, Vec<(String, String)>);

pub fn endpoint(
    resolver: &mut Resolver,
    file: &SpecFile<RawEndpoint>,
    local: HashMap<String, TypeRef>,
    common: &CommonCodes,
    seen: &mut Seen,
) -> Option<Endpoint> {
    let cx = FileCx::of(file);
    let raw = &file.raw;
    if !claim_id(&cx, ENDPOINT_ID, &raw.id, &mut seen.ids, resolver.dx) {
        return None;
    }
    let method = http_method(&cx, raw, resolver.dx);
    claim_route(&cx, raw, method, seen, resolver.dx);
    let auth = auth(&cx, raw, resolver.dx);
    let signature = signature(&cx, raw, resolver.dx);
    let body = body_kind(&cx, raw, method, resolver.dx);
    let response_body = response_body(&cx, raw, resolver.dx);

    let prefix = naming::type_name(&raw.id).unwrap_or_default();
    let mut scope = Scope {
        cx,
        local,
        home: TypeHome::Endpoint(raw.id.clone()),
        out: Vec::new(),
    };
    declare_local(resolver, &mut scope, &raw.types);
    let (mut request, response) = messages(resolver, &mut scope, raw, &prefix, body);
    if signature == Some(SignatureKind::SessionKey) {
        request.fields.push(session_key_field());
    }
    let error_name = format!("{prefix}Error");
    let id_path = vec![key("id")];
    for (name, what, at) in [
        (&request.name, "the request", &vec![key("request")]),
        (&response.name, "the response", &vec![key("response")]),
        (&error_name, "the error enum", &id_path),
    ] {
        let what = format!("{what} of `{}`", raw.id);
        resolver.registry.claim(name, &what, &cx, at, resolver.dx);
    }
    let errors_path = vec![key("errors")];
    let errors = errors::table(
        &cx,
        &errors_path,
        &raw.errors,
        None,
        Some(common),
        resolver.dx,
    );
    let common_at = vec![key("common_errors")];
    let common_errors =
        errors::common_refs(&cx, &common_at, &raw.common_errors, common, resolver.dx);
    warn_without_doc(&cx, raw, resolver.dx);
    Some(Endpoint {
        id: raw.id.clone(),
        group: super::groups::group_of(&file.rel).map(str::to_owned),
        title: raw.title.clone(),
        doc: raw.doc.clone(),
        notes: notes(raw.since.as_ref(), raw.deprecated.as_ref()),
        api_version: raw.api_version,
        method,
        path: raw.http.path.clone(),
        auth,
        signature,
        idempotent: raw.idempotent,
        security_mode: raw.security_mode,
        sources: raw.sources.clone(),
        request,
        body,
        response,
        response_body,
        error_name,
        errors,
        common_errors,
        types: scope.out,
        examples: Vec::new(),
        origin: cx.origin(&[]),
    })
}

fn warn_without_doc(cx: &FileCx, raw: &RawEndpoint, dx: &mut Diagnostics) {
    if raw.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
        dx.push(
            cx.warning(
                Code::NoDoc,
                &[key("id")],
                format!("endpoint `{}` has no `doc`", raw.id),
            )
            .help("add `doc:` saying what the endpoint does, from WeChat's page"),
        );
    }
}

fn http_method(cx: &FileCx, raw: &RawEndpoint, dx: &mut Diagnostics) -> HttpMethod {
    match raw.http.method.to_ascii_uppercase().as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => {
            dx.push(
                cx.error(
                    Code::BadValue,
                    &join(&[key("http")], &["method"]),
                    format!("`{other}` is not a method WeChat's server APIs use"),
                )
                .help("write `method: GET` or `method: POST`"),
            );
            HttpMethod::Post
        }
    }
}

/// Checks the URL path, and that no other endpoint has the same method, path and version.
fn claim_route(
    cx: &FileCx,
    raw: &RawEndpoint,
    method: HttpMethod,
    seen: &mut Seen,
    dx: &mut Diagnostics,
) {
    let path_at = join(&[key("http")], &["path"]);
    if !raw.http.path.starts_with('/') || raw.http.path.contains(['?', '#', ' ']) {
        dx.push(
            cx.error(Code::BadValue, &path_at, format!("`{}` is not a URL path", raw.http.path))
                .help("write the path alone, starting with `/`, e.g. `/wxa/msg_sec_check`; the runtime adds the host and the access_token"),
        );
    }
    let route = (
        format!("{method:?}"),
        raw.http.path.clone(),
        raw.api_version,
    );
    let consts = discriminators(raw);
    let others = seen.routes.entry(route).or_default();
    // Two operations share a path when a `const` field both send has a different value.
    let clash = others.iter().find(|(_, theirs)| {
        !consts
            .iter()
            .any(|(wire, value)| theirs.iter().any(|(w, v)| w == wire && v != value))
    });
    if let Some((first, _)) = clash {
        dx.push(
            cx.error(Code::DuplicatePath, &path_at, format!("another endpoint already uses {} {}", raw.http.method, raw.http.path))
                .help(format!("it is declared at {first}; if both are versions of one API, give each a different `api_version`; if they are operations chosen by a body field, give each a `const` of that field with its own value (e.g. `action`)")),
        );
    } else {
        others.push((cx.place(&path_at), consts));
    }
}

/// The request's `const` fields as (wire name, value text).
fn discriminators(raw: &RawEndpoint) -> Vec<(String, String)> {
    let Some(request) = &raw.request else {
        return Vec::new();
    };
    request
        .fields
        .iter()
        .filter_map(|(wire, f)| {
            let value = f.constant.as_ref()?;
            let text = serde_yaml::to_string(value).unwrap_or_default();
            Some((wire.clone(), text.trim().to_owned()))
        })
        .collect()
}

fn auth(cx: &FileCx, raw: &RawEndpoint, dx: &mut Diagnostics) -> AuthKind {
    let Some(auth) = &raw.auth else {
        return AuthKind::AccessToken;
    };
    let params = auth.appid.is_some() || auth.secret.is_some();
    let kind = match auth.scheme.as_str() {
        "access_token" if !params => AuthKind::AccessToken,
        "none" if !params => AuthKind::None,
        "app_secret" => AuthKind::AppSecret {
            appid: auth.appid.clone().unwrap_or_else(|| "appid".to_owned()),
            secret: auth.secret.clone().unwrap_or_else(|| "secret".to_owned()),
        },
        "access_token" | "none" => {
            dx.push(
                cx.error(
                    Code::BadValue,
                    &[key("auth")],
                    format!("`auth: {}` has no query parameters to name", auth.scheme),
                )
                .help(format!(
                    "write `auth: {}`; `appid` and `secret` name the parameters of `app_secret`",
                    auth.scheme
                )),
            );
            return AuthKind::AccessToken;
        }
        other => {
            dx.push(
                cx.error(
                    Code::BadValue,
                    &[key("auth")],
                    format!("`auth: {other}` is not a kind of authentication"),
                )
                .help(
                    "write `auth: access_token` (the default), `auth: none` or `auth: app_secret`",
                ),
            );
            return AuthKind::AccessToken;
        }
    };
    if let AuthKind::AppSecret { appid, secret } = &kind {
        if appid == secret || ![appid, secret].iter().all(|p| naming::is_query_name(p)) {
            dx.push(
                cx.error(Code::BadValue, &[key("auth")], format!("`{appid}` and `{secret}` can't name the app id and secret parameters"))
                    .help("write two different query parameter names, e.g. `{ scheme: app_secret, appid: appid, secret: appsecret }`"),
            );
        }
    }
    kind
}

/// `signature:`, and the request field its key would clash with.
fn signature(cx: &FileCx, raw: &RawEndpoint, dx: &mut Diagnostics) -> Option<SignatureKind> {
    let kind = match raw.signature.as_deref()? {
        "session_key" => SignatureKind::SessionKey,
        other => {
            dx.push(
                cx.error(Code::BadValue, &[key("signature")], format!("`signature: {other}` is not a signature the client computes"))
                    .help("write `signature: session_key` (the user's session-key signature of login calls)"),
            );
            return None;
        }
    };
    let fields = raw.request.as_ref().map(|r| &r.fields);
    if let Some(wire) = fields.and_then(|f| f.keys().find(|w| SIGNED_FIELDS.contains(&w.as_str())))
    {
        dx.push(
            cx.key_error(Code::NameCollision, &[key("request"), key("fields"), key(wire)], format!("`{wire}` is computed or taken by `signature: session_key`"))
                .help("remove the field: the request takes `session_key`, and the client sends `signature` and `sig_method`"),
        );
    }
    Some(kind)
}

/// The argument `signature: session_key` adds to the request: the key, never sent.
fn session_key_field() -> Field {
    Field {
        wire: "session_key".to_owned(),
        rust: crate::model::RustIdent {
            name: "session_key".to_owned(),
            raw: false,
        },
        doc: Some(
            "用户的 session_key（code2Session 返回），客户端用它计算签名；它本身不会被发送"
                .to_owned(),
        ),
        notes: Default::default(),
        ty: Ty::String,
        required: true,
        default: None,
        constant: None,
        sensitive: true,
        location: FieldIn::SigningKey,
        file_url: false,
        lenient: false,
        origin: None,
    }
}

/// Request fields `signature: session_key` provides: its key and what it sends.
const SIGNED_FIELDS: [&str; 3] = ["session_key", "signature", "sig_method"];

/// `response.body`: JSON, or a file's bytes with no fields.
fn response_body(cx: &FileCx, raw: &RawEndpoint, dx: &mut Diagnostics) -> ResponseBody {
    let Some(response) = &raw.response else {
        return ResponseBody::Json;
    };
    let body_at = [key("response"), key("body")];
    match response.body.as_deref() {
        None | Some("json") => ResponseBody::Json,
        Some("binary") => {
            if raw.security_mode {
                dx.push(
                    cx.error(Code::SecurityModeUpload, &[key("security_mode")], "a file answer can't use API security mode")
                        .help("the client verifies and decrypts JSON answers only; remove `security_mode: true` (the file is returned as sent)"),
                );
            }
            if let Some(wire) = response.fields.keys().next() {
                dx.push(
                    cx.key_error(Code::BinaryResponseFields, &[key("response"), key("fields"), key(wire)], "a binary response has no fields")
                        .help("its success is the file's bytes (`Media`) and its failure the errcode envelope; remove `fields:`"),
                );
            }
            ResponseBody::Binary
        }
        Some(other) => {
            dx.push(
                cx.error(Code::BadValue, &body_at, format!("`body: {other}` is not a kind of response"))
                    .help("write `body: json` (the default) or `body: binary` (a file on success, JSON on failure)"),
            );
            ResponseBody::Json
        }
    }
}

/// `request.body`, checked against the method and API security mode.
fn body_kind(cx: &FileCx, raw: &RawEndpoint, method: HttpMethod, dx: &mut Diagnostics) -> BodyKind {
    let body_at = join(&[key("request")], &["body"]);
    let body = match raw.request.as_ref().and_then(|r| r.body.as_deref()) {
        None if method == HttpMethod::Get => BodyKind::None,
        None => BodyKind::Json,
        Some("none") => BodyKind::None,
        Some("json") => BodyKind::Json,
        Some("multipart") => BodyKind::Multipart,
        Some("binary") => BodyKind::Binary,
        Some(other) => {
            dx.push(
                cx.error(
                    Code::BadValue,
                    &body_at,
                    format!("`body: {other}` is not a kind of body"),
                )
                .help("write one of none, json, multipart, binary"),
            );
            BodyKind::Json
        }
    };
    if method == HttpMethod::Get && body != BodyKind::None {
        dx.push(
            cx.error(Code::GetWithBody, &body_at, "a GET request has no body")
                .help(
                    "remove `body:` (GET fields travel in the query), or make the endpoint a POST",
                ),
        );
    }
    if raw.security_mode && matches!(body, BodyKind::Multipart | BodyKind::Binary) {
        dx.push(
            cx.error(
                Code::SecurityModeUpload,
                &[key("security_mode")],
                "an upload (multipart or binary body) cannot use API security mode",
            )
            .help("WeChat does not encrypt uploads (资源上传类API暂不支持加密): remove `security_mode: true`"),
        );
    }
    body
}

/// The request and the response, their inline types hoisted into `scope`.
fn messages(
    resolver: &mut Resolver,
    scope: &mut Scope,
    raw: &RawEndpoint,
    prefix: &str,
    body: BodyKind,
) -> (Message, Message) {
    let request_path = vec![key("request")];
    let default_in = if body == BodyKind::None {
        FieldIn::Query
    } else {
        FieldIn::Body
    };
    let request_name = format!("{prefix}Request");
    let empty = Default::default();
    let request = raw.request.as_ref();
    let request_fields = resolver.fields(
        scope,
        &join(&request_path, &["fields"]),
        request.map_or(&empty, |r| &r.fields),
        (&request_name, prefix),
        Role::Request { default_in },
    );
    check_body(
        &scope.cx,
        &request_path,
        body,
        &request_fields,
        &scope.out,
        resolver.dx,
    );
    let response_name = format!("{prefix}Response");
    let response_fields = resolver.fields(
        scope,
        &join(&[key("response")], &["fields"]),
        raw.response.as_ref().map_or(&empty, |r| &r.fields),
        (&response_name, prefix),
        Role::Response,
    );
    let request = Message {
        name: request_name,
        doc: request.and_then(|r| r.doc.clone()),
        fields: request_fields,
    };
    let response = Message {
        name: response_name,
        doc: raw.response.as_ref().and_then(|r| r.doc.clone()),
        fields: response_fields,
    };
    (request, response)
}

/// Body kind vs fields: what can travel how. A `one_of` counts as its alternatives.
fn check_body(
    cx: &FileCx,
    request_path: &Path,
    body: BodyKind,
    fields: &[Field],
    local: &[TypeDef],
    dx: &mut Diagnostics,
) {
    let fields_path = join(request_path, &["fields"]);
    let mut flat: Vec<(Path, &Field)> = Vec::new();
    for f in fields {
        let at = join(&fields_path, &[&f.wire]);
        match one_of(&f.ty, local) {
            Some(variants) if body == BodyKind::Multipart => flat.extend(
                variants
                    .iter()
                    .map(|v| (join(&at, &["fields", &v.wire]), v)),
            ),
            Some(_) => dx.push(
                cx.error(Code::BadOneOf, &join(&at, &["type"]), format!("`{}` is a `one_of`, but the request is not a multipart upload", f.wire))
                    .help("a `one_of` chooses between a URL in the query and a file part: write `request.body: multipart`"),
            ),
            None => flat.push((at, f)),
        }
    }
    let body_fields: Vec<&(Path, &Field)> = flat
        .iter()
        .filter(|(_, f)| f.location == FieldIn::Body)
        .collect();
    if body == BodyKind::None {
        if let Some((at, f)) = body_fields.first() {
            dx.push(
                cx.key_error(
                    Code::FieldWithoutBody,
                    &join(at, &["in"]),
                    format!(
                        "`{}` travels in the body, but this request has none",
                        f.wire
                    ),
                )
                .help("write `in: query`, or give the request a `body:`"),
            );
        }
    }
    match body {
        BodyKind::Multipart => check_multipart(cx, request_path, &body_fields, dx),
        BodyKind::Binary => {
            if body_fields.len() != 1 || !is_upload(&body_fields[0].1.ty) {
                dx.push(
                    cx.key_error(
                        Code::BadBinaryBody,
                        request_path,
                        "a binary body is exactly one body field of `type: bytes` or `type: file`",
                    )
                    .help("keep one `bytes` field in the body and move the rest to `in: query`"),
                );
            }
        }
        BodyKind::Json | BodyKind::None => {
            for (at, f) in flat.iter().filter(|(_, f)| is_upload(&f.ty)) {
                dx.push(
                    cx.error(Code::FileOutsideUpload, &join(at, &["type"]), format!("`{}` is a file, but the request is not an upload", f.wire))
                        .help("write `request.body: multipart` (or `binary`), or make the field a URL `string`"),
                );
            }
        }
    }
    for (at, f) in flat.iter().filter(|(_, f)| f.location == FieldIn::Query) {
        if !is_single_value(&f.ty) {
            dx.push(
                cx.error(Code::BadQueryField, &join(at, &["type"]), format!("`{}` can't travel in the query", f.wire))
                    .help("query parameters are single values: string, integer, number, boolean or an enum"),
            );
        }
    }
}

/// The alternatives of a `one_of` declared in this file.
fn one_of<'a>(ty: &Ty, local: &'a [TypeDef]) -> Option<&'a [Field]> {
    let Ty::Named(r) = ty else { return None };
    local
        .iter()
        .find(|d| d.name == r.name)
        .and_then(|d| match &d.kind {
            TypeKind::OneOf { variants } => Some(variants.as_slice()),
            _ => None,
        })
}

/// A multipart body has a file part, and every part is a file, a single value or JSON text.
fn check_multipart(
    cx: &FileCx,
    request_path: &Path,
    body_fields: &[&(Path, &Field)],
    dx: &mut Diagnostics,
) {
    if !body_fields.iter().any(|(_, f)| f.ty == Ty::File) {
        dx.push(
            cx.key_error(Code::MultipartWithoutFile, &join(request_path, &["body"]), "a multipart body needs a `type: file` field")
                .help("add the file part, e.g. `media: { type: file, required: true }`, or use `body: json`"),
        );
    }
    for (at, f) in body_fields {
        let part = f.ty == Ty::File || is_single_value(&f.ty) || matches!(f.ty, Ty::JsonString(_));
        if !part {
            dx.push(
                cx.error(Code::BadMultipartField, &join(at, &["type"]), format!("`{}` can't be a multipart part", f.wire))
                    .help("multipart parts are files or single values; send structured data as `{ type: json_string, of: ... }`, a part holding its JSON text"),
            );
        }
    }
}

fn is_upload(ty: &Ty) -> bool {
    matches!(ty, Ty::File | Ty::Bytes)
}

/// What a query parameter or a multipart text part can be. A named type may still be a
/// struct, which is only known once every type is resolved (see `checks`).
fn is_single_value(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Integer(_) | Ty::Number | Ty::Boolean | Ty::Named(_)
    )
}
