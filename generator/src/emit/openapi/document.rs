//! The document's root: info, servers, tags (the endpoint groups), paths (the routes, each
//! endpoint at its method and path), components (schemas and security schemes), and the
//! root extensions (the common error table, the service market).

use serde_json::Value;

use super::json::Obj;
use super::{envelope, operation, schema, security, services, OpenApiError, OpenApiInfo};
use crate::model::{Endpoint, HttpMethod, Model};

/// Where every call goes.
const SERVER: &str = "https://api.weixin.qq.com";

const ABOUT: &str = "WeChat's server APIs, exported from the wxapi spec.\n\n\
Every JSON answer has HTTP status 200, success or failure: a failure carries a non-zero \
`errcode` and its `errmsg` (`ErrorEnvelope`), so each operation's `200` answer is its \
response schema or the error envelope. The codes an operation documents are in its \
`x-wxapi-errors`, the global table in the document's `x-wxapi-common-errors`. Extensions \
named `x-wxapi-*` carry what OpenAPI has no field for (signatures, API security mode, \
retries, the service market).";

/// The document as pretty JSON with a final newline. `marker` is the `@generated` text the
/// writer owns the file by; it goes near the top, where the writer looks for it.
pub fn render(model: &Model, info: &OpenApiInfo, marker: &str) -> Result<String, OpenApiError> {
    let document = document(model, info, marker)?;
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|e| OpenApiError {
            message: e.to_string(),
        })
}

fn document(model: &Model, info: &OpenApiInfo, marker: &str) -> Result<Value, OpenApiError> {
    // The marker first, on line 2 of the text, where every generated JSON file has it.
    let root = Obj::new()
        .put("x-wxapi-generated", marker)
        .put("openapi", "3.1.0")
        .put(
            "info",
            Obj::new()
                .put("title", info.title.as_str())
                .put("version", info.version.as_str())
                .put("description", ABOUT),
        )
        .put("servers", vec![Obj::new().put("url", SERVER)])
        .list("tags", tags(model))
        .put("paths", paths(model))
        .put(
            "components",
            Obj::new()
                .put("schemas", schemas(model)?)
                .object("securitySchemes", security_schemes(model)),
        )
        .put(
            "x-wxapi-common-errors",
            Obj::new()
                .opt("description", model.common_errors.doc.as_deref())
                .put("errors", envelope::table(&model.common_errors, "common")),
        );
    let mut root = root;
    root.0.extend(services::extension(model).0);
    Ok(root.into())
}

/// A tag per group that has endpoints, in the order of `groups.yaml`.
fn tags(model: &Model) -> Vec<Value> {
    model
        .groups
        .iter()
        .filter(|g| {
            model
                .endpoints
                .iter()
                .any(|e| e.group.as_ref() == Some(&g.name))
        })
        .map(|g| {
            Obj::new()
                .put("name", g.name.as_str())
                .opt("description", g.doc.as_deref())
                .put("x-displayName", g.title.as_str())
                .opt(
                    "externalDocs",
                    g.sources
                        .first()
                        .map(|url| Obj::new().put("url", url.as_str())),
                )
                .into()
        })
        .collect()
}

/// The endpoints of one path, by method.
type Methods<'m> = Vec<(HttpMethod, Vec<&'m Endpoint>)>;

/// The endpoints by path and then method, each in the order its first endpoint comes.
fn routes(model: &Model) -> Vec<(&str, Methods<'_>)> {
    let mut routes: Vec<(&str, Methods<'_>)> = Vec::new();
    for e in &model.endpoints {
        let at = match routes.iter().position(|(path, _)| *path == e.path) {
            Some(at) => at,
            None => {
                routes.push((&e.path, Vec::new()));
                routes.len() - 1
            }
        };
        let methods = &mut routes[at].1;
        match methods.iter_mut().find(|(m, _)| *m == e.method) {
            Some((_, list)) => list.push(e),
            None => methods.push((e.method, vec![e])),
        }
    }
    routes
}

fn paths(model: &Model) -> Obj {
    let mut paths = Obj::new();
    for (path, methods) in routes(model) {
        let mut item = Obj::new();
        for (method, endpoints) in methods {
            let mut op = operation::route(model, &endpoints);
            let carried: Vec<&str> = endpoints
                .iter()
                .flat_map(|e| services::carried_by(model, &e.id))
                .collect();
            if let (Value::Object(op), false) = (&mut op, carried.is_empty()) {
                op.insert("x-wxapi-services".into(), carried.into());
            }
            let key = match method {
                HttpMethod::Get => "get",
                HttpMethod::Post => "post",
            };
            item = item.put(key, op);
        }
        paths = paths.put(path, item);
    }
    paths
}

/// Every component schema, each name once: the envelopes, the shared types, then per
/// endpoint its request (JSON bodies), response (JSON answers) and local types, then per
/// service its data, result and local types.
fn schemas(model: &Model) -> Result<Obj, OpenApiError> {
    let mut out = Components::default();
    for (name, s) in envelope::schemas() {
        out.add(name, s, None)?;
    }
    for group in &model.type_groups {
        for def in &group.types {
            out.add(&def.name, schema::type_def(def), Some(&def.origin))?;
        }
    }
    for e in &model.endpoints {
        if e.body == crate::model::BodyKind::Json {
            let body = e
                .request
                .fields
                .iter()
                .filter(|f| f.location == crate::model::FieldIn::Body);
            let s = schema::object(e.request.doc.as_deref(), body);
            out.add(&e.request.name, s.into(), Some(&e.origin))?;
        }
        if e.response_body == crate::model::ResponseBody::Json {
            let s = schema::object(e.response.doc.as_deref(), &e.response.fields);
            out.add(&e.response.name, s.into(), Some(&e.origin))?;
        }
        for def in &e.types {
            out.add(&def.name, schema::type_def(def), Some(&def.origin))?;
        }
    }
    for s in &model.services {
        for (name, schema) in services::schemas(s) {
            out.add(&name, schema, Some(&s.origin))?;
        }
        for def in &s.types {
            out.add(&def.name, schema::type_def(def), Some(&def.origin))?;
        }
    }
    Ok(out.schemas)
}

/// Component schemas by name, refusing a name given twice (a spec type named like one of
/// the envelopes).
#[derive(Default)]
struct Components {
    schemas: Obj,
}

impl Components {
    fn add(
        &mut self,
        name: &str,
        schema: Value,
        origin: Option<&crate::model::Origin>,
    ) -> Result<(), OpenApiError> {
        if self.schemas.0.contains_key(name) {
            let at = origin
                .map(|o| format!(" ({}:{})", o.file, o.line))
                .unwrap_or_default();
            return Err(OpenApiError {
                message: format!(
                    "the schema name `{name}`{at} is taken by another schema of the document; \
                     rename the spec type"
                ),
            });
        }
        self.schemas.0.insert(name.to_owned(), schema);
        Ok(())
    }
}

/// The security schemes the endpoints use, in the order they first appear.
fn security_schemes(model: &Model) -> Obj {
    let mut out = Obj::new();
    for e in &model.endpoints {
        for (name, scheme) in security::schemes(&e.auth) {
            if !out.0.contains_key(&name) {
                out = out.put(&name, scheme);
            }
        }
    }
    out
}
