//! The docs' view of the model: what the templates print, with cells already escaped for
//! markdown tables and types already written as links.

use serde::Serialize;

use crate::emit::calls;

use crate::model::{
    AuthKind, BodyKind, Endpoint, EnumRepr, ErrorCode, Example, Field, FieldIn, HttpMethod, Model,
    Notes, ResponseBody, Service, SignatureKind, Ty, TypeDef, TypeHome, TypeKind,
};

#[derive(Serialize)]
pub struct FieldRow {
    pub name: String,
    pub rust: String,
    pub ty: String,
    pub required: bool,
    pub location: Option<&'static str>,
    pub doc: String,
}

#[derive(Serialize)]
pub struct ValueRow {
    pub wire: String,
    pub name: String,
    pub doc: String,
}

#[derive(Serialize)]
pub struct TypeView {
    pub name: String,
    pub anchor: String,
    pub doc: String,
    pub is_enum: bool,
    /// A request's choice: exactly one of `fields` is sent.
    pub is_one_of: bool,
    pub repr: &'static str,
    pub fields: Vec<FieldRow>,
    pub values: Vec<ValueRow>,
}

#[derive(Serialize)]
pub struct ErrorRow {
    pub code: i64,
    pub name: String,
    pub message: String,
    pub solution: String,
    pub common: bool,
    pub behaviour: &'static str,
}

#[derive(Serialize)]
pub struct ExampleView {
    pub title: String,
    pub doc: String,
    pub input: Option<String>,
    pub output: Option<String>,
    pub error_code: Option<i64>,
}

#[derive(Serialize)]
pub struct EndpointView {
    pub id: String,
    /// The group's title and name, e.g. `小程序登录 (login)`.
    pub group: Option<String>,
    pub title: String,
    pub doc: String,
    pub notes: Vec<String>,
    pub method: &'static str,
    pub path: String,
    pub auth: String,
    /// How the client signs the call, if it does.
    pub signature: Option<&'static str>,
    pub body: &'static str,
    /// The success is a file's bytes (`Media`), not JSON.
    pub binary_response: bool,
    pub idempotent: bool,
    pub security_mode: bool,
    pub api_version: Option<i64>,
    pub sources: Vec<String>,
    pub spec_file: String,
    pub request_name: String,
    pub response_name: String,
    pub error_name: String,
    pub request_fields: Vec<FieldRow>,
    pub response_fields: Vec<FieldRow>,
    pub types: Vec<TypeView>,
    pub errors: Vec<ErrorRow>,
    pub examples: Vec<ExampleView>,
    pub rust_call: String,
    /// For a file answer, the call with the file saved.
    pub save_media: Option<String>,
}

/// A section of the endpoint index: a group's endpoints, or those in no group.
#[derive(Serialize)]
pub struct SectionView<'a> {
    /// The group's name; `None` for the endpoints at the top of `spec/endpoints/`.
    pub name: Option<String>,
    pub title: String,
    pub doc: String,
    pub endpoints: Vec<&'a EndpointView>,
}

/// The endpoints by group, in the groups' order; endpoints in no group come last.
pub fn sections<'a>(model: &Model, endpoints: &'a [EndpointView]) -> Vec<SectionView<'a>> {
    let of = |group: Option<&String>| -> Vec<&'a EndpointView> {
        model
            .endpoints
            .iter()
            .zip(endpoints)
            .filter(|(e, _)| e.group.as_ref() == group)
            .map(|(_, view)| view)
            .collect()
    };
    let mut out: Vec<SectionView<'a>> = model
        .groups
        .iter()
        .map(|g| SectionView {
            name: Some(g.name.clone()),
            title: g.title.clone(),
            doc: doc_text(g.doc.as_ref()),
            endpoints: of(Some(&g.name)),
        })
        .filter(|s| !s.endpoints.is_empty())
        .collect();
    let rest = of(None);
    if !rest.is_empty() {
        let title = if out.is_empty() {
            "Endpoints"
        } else {
            "Other endpoints"
        };
        out.push(SectionView {
            name: None,
            title: title.to_owned(),
            doc: String::new(),
            endpoints: rest,
        });
    }
    out
}

#[derive(Serialize)]
pub struct ServiceView {
    pub id: String,
    pub title: String,
    pub doc: String,
    pub notes: Vec<String>,
    pub service: String,
    pub api: String,
    pub is_async: bool,
    pub via: String,
    pub via_error: String,
    pub sources: Vec<String>,
    pub spec_file: String,
    pub data_name: String,
    pub result_name: String,
    pub data_fields: Vec<FieldRow>,
    pub result_fields: Vec<FieldRow>,
    pub types: Vec<TypeView>,
    pub errors: Vec<ErrorRow>,
    pub examples: Vec<ExampleView>,
    pub rust_call: String,
    /// The same call from a mini program (`wx.serviceMarket.invokeService`).
    pub miniprogram_call: String,
}

#[derive(Serialize)]
pub struct GroupView {
    pub module: String,
    pub doc: String,
    pub spec_file: String,
    pub types: Vec<TypeView>,
}

/// Where the page being rendered sits, relative to the docs root (for links).
#[derive(Clone, Copy)]
pub struct PageDepth(pub usize);

impl PageDepth {
    fn up(self) -> String {
        "../".repeat(self.0)
    }
}

/// Escapes text for a markdown table cell: one line, no bare `|`.
pub fn cell(text: &str) -> String {
    text.trim()
        .replace('|', "\\|")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

fn doc_text(doc: Option<&String>) -> String {
    doc.map(|d| d.trim().to_owned()).unwrap_or_default()
}

pub fn notes(n: &Notes) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = &n.since {
        out.push(format!("Since {s}."));
    }
    if let Some(d) = &n.deprecated {
        out.push(format!("**Deprecated:** {d}"));
    }
    out
}

/// A type as markdown: built-ins by name, named types as links to their section.
pub fn ty_text(ty: &Ty, depth: PageDepth) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Integer(f) => format!("integer ({})", f.rust_name()),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::File => "file".into(),
        Ty::Bytes => "bytes".into(),
        Ty::Json => "json".into(),
        Ty::Array(inner) => format!("array of {}", ty_text(inner, depth)),
        Ty::JsonString(inner) => format!("JSON text of {}", ty_text(inner, depth)),
        Ty::Map(inner) => format!("map of string to {}", ty_text(inner, depth)),
        Ty::Named(r) => {
            let page = match &r.home {
                TypeHome::Shared(m) => format!("{}types/{m}.md", depth.up()),
                TypeHome::Endpoint(id) => format!("{}endpoints/{id}.md", depth.up()),
                TypeHome::Service(id) => format!("{}services/{id}.md", depth.up()),
            };
            format!("[{}]({page}#{})", r.name, anchor(&r.name))
        }
    }
}

pub fn anchor(name: &str) -> String {
    name.to_lowercase()
}

pub fn field_rows(fields: &[Field], depth: PageDepth, show_in: bool) -> Vec<FieldRow> {
    fields
        .iter()
        .map(|f| {
            let mut doc = doc_text(f.doc.as_ref());
            let mut extra = Vec::new();
            if let Some(c) = &f.constant {
                extra.push(format!("Always `{c}`."));
            }
            if let Some(d) = &f.default {
                extra.push(format!("Default `{d}`."));
            }
            if f.sensitive {
                extra.push("Secret.".to_owned());
            }
            if f.file_url {
                extra.push("File URL (the mini program may pass a CDN marker).".to_owned());
            }
            if f.lenient {
                extra.push("A number or a numeric string on the wire.".to_owned());
            }
            if f.rust.name != f.wire && f.location != FieldIn::SigningKey {
                extra.push(format!("Rust field `{}`.", calls::rust_text(&f.rust)));
            }
            extra.extend(notes(&f.notes));
            if !extra.is_empty() {
                if !doc.is_empty() {
                    doc.push('\n');
                }
                doc.push_str(&extra.join(" "));
            }
            FieldRow {
                name: f.wire.clone(),
                rust: f.rust.name.clone(),
                ty: cell(&ty_text(&f.ty, depth)),
                required: f.required,
                location: show_in.then_some(match f.location {
                    FieldIn::Query => "query",
                    FieldIn::Body => "body",
                    FieldIn::SigningKey => "not sent: signs the call",
                }),
                doc: cell(&doc),
            }
        })
        .collect()
}

pub fn type_view(def: &TypeDef, depth: PageDepth) -> TypeView {
    let mut doc = doc_text(def.doc.as_ref());
    for n in notes(&def.notes) {
        doc.push_str(&format!("\n\n{n}"));
    }
    let is_one_of = matches!(def.kind, TypeKind::OneOf { .. });
    let (is_enum, repr, fields, values) = match &def.kind {
        TypeKind::Struct { fields } => (false, "", field_rows(fields, depth, false), Vec::new()),
        TypeKind::OneOf { variants } => (false, "", field_rows(variants, depth, true), Vec::new()),
        TypeKind::Enum(e) => (
            true,
            match e.repr {
                EnumRepr::String => "string",
                EnumRepr::Integer => "integer",
            },
            Vec::new(),
            e.values
                .iter()
                .map(|v| ValueRow {
                    wire: cell(&v.wire.to_string()),
                    name: v.name.clone(),
                    doc: cell(
                        &[doc_text(v.doc.as_ref())]
                            .into_iter()
                            .chain(notes(&v.notes))
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                })
                .collect(),
        ),
    };
    TypeView {
        name: def.name.clone(),
        anchor: anchor(&def.name),
        doc: doc.trim().to_owned(),
        is_enum,
        is_one_of,
        repr,
        fields,
        values,
    }
}

fn error_row(code: &ErrorCode, common: bool) -> ErrorRow {
    ErrorRow {
        code: code.code,
        name: code.name.clone(),
        message: cell(&code.message),
        solution: cell(
            &[code.solution.as_deref(), code.doc.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        common,
        behaviour: match (code.refresh_token, code.retry) {
            (true, _) => "refreshes the token and retries once",
            (false, true) => "retries with backoff when the call is safe to repeat",
            _ => "",
        },
    }
}

pub fn common_rows(model: &Model) -> Vec<ErrorRow> {
    model
        .common_errors
        .codes
        .iter()
        .map(|c| error_row(c, true))
        .collect()
}

fn example_views(examples: &[Example]) -> Vec<ExampleView> {
    examples
        .iter()
        .enumerate()
        .map(|(i, e)| ExampleView {
            title: e
                .title
                .clone()
                .unwrap_or_else(|| format!("Example {}", i + 1)),
            doc: doc_text(e.doc.as_ref()),
            input: e
                .input
                .as_ref()
                .and_then(|v| serde_json::to_string_pretty(v).ok()),
            output: e
                .output
                .as_ref()
                .and_then(|v| serde_json::to_string_pretty(v).ok()),
            error_code: e.error_code,
        })
        .collect()
}

pub fn endpoint(model: &Model, e: &Endpoint, spec_root: &str) -> EndpointView {
    let depth = PageDepth(1);
    let mut errors: Vec<ErrorRow> = e.errors.codes.iter().map(|c| error_row(c, false)).collect();
    errors.extend(
        e.common_errors
            .iter()
            .filter_map(|code| model.common_errors.codes.iter().find(|c| c.code == *code))
            .map(|c| error_row(c, true)),
    );
    errors.sort_by_key(|r| r.code);
    EndpointView {
        id: e.id.clone(),
        group: e.group.as_ref().map(|name| {
            let group = model.groups.iter().find(|g| &g.name == name);
            group.map_or_else(|| format!("`{name}`"), |g| format!("{} (`{name}`)", g.title))
        }),
        title: e.title.clone(),
        doc: doc_text(e.doc.as_ref()),
        notes: notes(&e.notes),
        method: match e.method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        },
        path: e.path.clone(),
        auth: match &e.auth {
            AuthKind::None => "none".to_owned(),
            AuthKind::AccessToken => "access_token (added to the query by the client)".to_owned(),
            AuthKind::AppSecret { appid, secret } => format!(
                "app id and app secret in the query as `{appid}` and `{secret}`, filled in by the client from its credentials (no access token)"
            ),
        },
        signature: e.signature.map(|kind| match kind {
            SignatureKind::SessionKey => "signed with your session key: the client sends `signature` = HMAC-SHA256(session_key, body) and `sig_method=hmac_sha256` in the query, never the key",
        }),
        body: match e.body {
            BodyKind::None => "none",
            BodyKind::Json => "JSON",
            BodyKind::Multipart => "multipart/form-data",
            BodyKind::Binary => "binary",
        },
        binary_response: e.response_body == ResponseBody::Binary,
        idempotent: e.idempotent,
        security_mode: e.security_mode,
        api_version: e.api_version,
        sources: e.sources.clone(),
        spec_file: format!("{}/{}", spec_root, e.origin.file),
        request_name: e.request.name.clone(),
        response_name: e.response.name.clone(),
        error_name: e.error_name.clone(),
        request_fields: field_rows(&e.request.fields, depth, true),
        response_fields: field_rows(&e.response.fields, depth, false),
        types: e.types.iter().map(|t| type_view(t, depth)).collect(),
        errors,
        examples: example_views(&e.examples),
        rust_call: calls::endpoint_call(e),
        save_media: (e.response_body == ResponseBody::Binary).then(|| calls::endpoint_save_media(e)),
    }
}

pub fn service(s: &Service, spec_root: &str) -> ServiceView {
    let depth = PageDepth(1);
    ServiceView {
        id: s.id.clone(),
        title: s.title.clone(),
        doc: doc_text(s.doc.as_ref()),
        notes: notes(&s.notes),
        service: s.service.clone(),
        api: s.api.clone(),
        is_async: s.is_async,
        via: s.via.id.clone(),
        via_error: s.via.error.clone(),
        sources: s.sources.clone(),
        spec_file: format!("{}/{}", spec_root, s.origin.file),
        data_name: s.data.name.clone(),
        result_name: s.result.name.clone(),
        data_fields: field_rows(&s.data.fields, depth, false),
        result_fields: field_rows(&s.result.fields, depth, false),
        types: s.types.iter().map(|t| type_view(t, depth)).collect(),
        errors: s.errors.codes.iter().map(|c| error_row(c, false)).collect(),
        examples: example_views(&s.examples),
        rust_call: calls::service_call(s),
        miniprogram_call: miniprogram_call(s),
    }
}

pub fn group(g: &crate::model::TypeGroup, spec_root: &str) -> GroupView {
    GroupView {
        module: g.module.clone(),
        doc: doc_text(g.doc.as_ref()),
        spec_file: format!("{}/{}", spec_root, g.origin.file),
        types: g.types.iter().map(|t| type_view(t, PageDepth(1))).collect(),
    }
}

/// `wx.serviceMarket.invokeService({...})` with the first example's data, file URLs marked
/// with `new wx.serviceMarket.CDN(...)`.
fn miniprogram_call(s: &Service) -> String {
    let data = s
        .examples
        .iter()
        .find_map(|e| e.input.as_ref())
        .and_then(|v| v.as_object())
        .map(|fields| {
            fields
                .iter()
                .map(|(k, v)| {
                    let file_url = s.data.fields.iter().any(|f| &f.wire == k && f.file_url);
                    let value = if file_url {
                        "new wx.serviceMarket.CDN({ type: 'filePath', filePath: tempFilePath })"
                            .to_owned()
                    } else {
                        v.to_string()
                    };
                    format!("    {k}: {value},")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_else(|| "    /* see Data below */".to_owned());
    let async_line = if s.is_async { "  async: true,\n" } else { "" };
    let tail = if s.is_async {
        "\n// later: wx.serviceMarket.getAsyncResult({ requestId: requestID })"
    } else {
        ""
    };
    format!(
        "const {{ data, requestID }} = await wx.serviceMarket.invokeService({{\n  service: '{}',\n  api: '{}',\n{async_line}  data: {{\n{data}\n  }},\n}}){tail}",
        s.service, s.api
    )
}
