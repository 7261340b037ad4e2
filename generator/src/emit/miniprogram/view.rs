//! The mini-program typings' view of the model: what the templates print, with TypeScript
//! types already written out and doc comments already split into escaped lines.
//!
//! Only services reach the typings (the mini program calls providers through
//! `wx.serviceMarket`, never the server endpoints), with every named type reachable from
//! their `data` and `result`.

use std::collections::HashSet;

use serde::Serialize;

use super::ts::{
    array_of, jsdoc_lines, literal, message_doc, one_line, open, property_key, push_notes,
    push_para, ts_string, with_cdn,
};
use crate::model::{Field, Model, Service, Ty, TypeDef, TypeKind};

/// The whole file.
#[derive(Serialize)]
pub struct FileView {
    /// Groups of named types that are not local to a service: shared types, in spec order.
    pub groups: Vec<GroupView>,
    pub services: Vec<ServiceView>,
    /// The `Services` map: known pairs, grouped by provider service id.
    pub providers: Vec<ProviderView>,
    /// Spec files the typings are made from (spec-relative), for the header.
    #[serde(skip)]
    pub sources: Vec<String>,
}

/// Named types declared outside any service (a `spec/types/` file, or an endpoint).
#[derive(Serialize)]
pub struct GroupView {
    /// What the group is, for a comment: "spec/types/sec_check.yaml".
    pub label: String,
    pub types: Vec<TypeView>,
}

#[derive(Serialize)]
pub struct ServiceView {
    pub id: String,
    pub title: String,
    pub spec_file: String,
    /// The service's doc comment: title, doc, service id, API, async, provider errors.
    pub doc: Vec<String>,
    /// `'wx79ac3de8be320b71'`, quoted for TypeScript.
    pub service: String,
    /// `'OcrAllInOne'`, quoted.
    pub api: String,
    /// The doc comments of the option's `service` and `api`.
    pub service_doc: Vec<String>,
    pub api_doc: Vec<String>,
    pub is_async: bool,
    pub option_name: String,
    pub data_name: String,
    pub result_name: String,
    pub data_doc: Vec<String>,
    pub result_doc: Vec<String>,
    pub data_fields: Vec<FieldView>,
    pub result_fields: Vec<FieldView>,
    /// Local named types reachable from the data or the result.
    pub types: Vec<TypeView>,
    /// The type of `data` in invokeService's resolved value.
    pub invoke_data: String,
}

#[derive(Serialize)]
pub struct ProviderView {
    /// The service id, quoted.
    pub service: String,
    pub apis: Vec<EntryView>,
}

#[derive(Serialize)]
pub struct EntryView {
    /// The API name, quoted.
    pub api: String,
    pub doc: Vec<String>,
    pub option_name: String,
    pub result_name: String,
    pub invoke_data: String,
}

#[derive(Serialize)]
pub struct TypeView {
    pub name: String,
    pub doc: Vec<String>,
    pub is_enum: bool,
    /// For enums: the union of the values' literals.
    pub union: String,
    pub fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub struct FieldView {
    /// The property name as written in TypeScript: the wire name, quoted when it is not an
    /// identifier.
    pub key: String,
    pub optional: bool,
    pub ty: String,
    pub doc: Vec<String>,
}

/// Which way a value travels, which decides how enums are typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Written by the mini program: enums are the exact unions of their values.
    Data,
    /// Read by the mini program: enums also admit values the spec doesn't list, as the
    /// Rust side keeps them (`Unknown`).
    Result,
}

/// The spec types reachable from the services' data (`data`) and results (`result`), by name.
struct Reach {
    data: HashSet<String>,
    result: HashSet<String>,
}

impl Reach {
    fn contains(&self, name: &str) -> bool {
        self.data.contains(name) || self.result.contains(name)
    }

    /// How the fields of a named struct see enums: as results only when no data uses it
    /// (a type on both sides keeps the exact unions, so data stays checked).
    fn way_inside(&self, name: &str) -> Way {
        if self.data.contains(name) {
            Way::Data
        } else {
            Way::Result
        }
    }
}

pub fn file(model: &Model, spec_root: &str) -> FileView {
    let reach = Reach {
        data: model.reachable(model.services.iter().flat_map(|s| &s.data.fields)),
        result: model.reachable(model.services.iter().flat_map(|s| &s.result.fields)),
    };
    let cx = Cx {
        model,
        reach: &reach,
    };
    let mut sources = Vec::new();
    let mut groups = Vec::new();
    for g in &model.type_groups {
        let types = cx.types(&g.types);
        if !types.is_empty() {
            sources.push(g.origin.file.clone());
            groups.push(GroupView {
                label: format!("{spec_root}/{}", g.origin.file),
                types,
            });
        }
    }
    for e in &model.endpoints {
        let types = cx.types(&e.types);
        if !types.is_empty() {
            sources.push(e.origin.file.clone());
            groups.push(GroupView {
                label: format!("endpoint `{}` ({spec_root}/{})", e.id, e.origin.file),
                types,
            });
        }
    }
    let services: Vec<ServiceView> = model
        .services
        .iter()
        .map(|s| cx.service(s, spec_root))
        .collect();
    sources.extend(model.services.iter().map(|s| s.origin.file.clone()));
    let mut providers: Vec<ProviderView> = Vec::new();
    for s in &services {
        let entry = EntryView {
            api: s.api.clone(),
            doc: s.doc.clone(),
            option_name: s.option_name.clone(),
            result_name: s.result_name.clone(),
            invoke_data: s.invoke_data.clone(),
        };
        match providers.iter_mut().find(|p| p.service == s.service) {
            Some(p) => p.apis.push(entry),
            None => providers.push(ProviderView {
                service: s.service.clone(),
                apis: vec![entry],
            }),
        }
    }
    FileView {
        groups,
        services,
        providers,
        sources,
    }
}

struct Cx<'m> {
    model: &'m Model,
    reach: &'m Reach,
}

impl Cx<'_> {
    /// The reachable ones of `defs`, in spec order.
    fn types(&self, defs: &[TypeDef]) -> Vec<TypeView> {
        defs.iter()
            .filter(|t| self.reach.contains(&t.name))
            .map(|t| self.type_view(t))
            .collect()
    }

    fn service(&self, s: &Service, spec_root: &str) -> ServiceView {
        let prefix = crate::naming::type_name(&s.id).unwrap_or_else(|| s.data.name.clone());
        let spec_file = format!("{spec_root}/{}", s.origin.file);
        let mut doc = vec![s.title.clone()];
        push_para(&mut doc, s.doc.as_deref());
        doc.push(String::new());
        doc.push(format!(
            "Service `{}`, API `{}`, {}. Spec: `{spec_file}`.",
            s.service,
            s.api,
            if s.is_async {
                "asynchronous"
            } else {
                "synchronous"
            }
        ));
        doc.push(String::new());
        if s.is_async {
            doc.push(format!(
                "Asynchronous: call it with `async: true`, then poll `wx.serviceMarket.getAsyncResult({{ requestId: requestID }})` until `status` is `'0'`; `JSON.parse` of its `data` is a `{}`.",
                s.result.name
            ));
        } else {
            doc.push(format!(
                "The resolved `data` is the provider's reply (`{}`), or its JSON text.",
                s.result.name
            ));
        }
        if !s.errors.codes.is_empty() {
            doc.push(String::new());
            doc.push("Provider errors:".to_owned());
            for c in &s.errors.codes {
                let solution = c
                    .solution
                    .as_deref()
                    .map(|x| format!(" ({})", one_line(x)))
                    .unwrap_or_default();
                doc.push(format!(
                    "- `{}` {}: {}{solution}",
                    c.code,
                    c.name,
                    one_line(&c.message)
                ));
            }
        }
        push_notes(&mut doc, &s.notes);
        let invoke_data = if s.is_async {
            "unknown".to_owned()
        } else {
            format!("{} | string", s.result.name)
        };
        ServiceView {
            id: s.id.clone(),
            title: s.title.clone(),
            spec_file,
            doc: jsdoc_lines(&doc),
            service: ts_string(&s.service),
            api: ts_string(&s.api),
            service_doc: jsdoc_lines(&[format!("服务提供商 ID: `{}`.", s.service)]),
            api_doc: jsdoc_lines(&[format!("服务 API 名: `{}`, {}.", s.api, one_line(&s.title))]),
            is_async: s.is_async,
            option_name: format!("{prefix}Option"),
            data_name: s.data.name.clone(),
            result_name: s.result.name.clone(),
            data_doc: jsdoc_lines(&message_doc(
                s.data.doc.as_deref(),
                &format!("The `data` of `{}` / `{}`.", s.service, s.api),
            )),
            result_doc: jsdoc_lines(&message_doc(
                s.result.doc.as_deref(),
                &format!("The reply of `{}` / `{}`.", s.service, s.api),
            )),
            data_fields: self.fields(&s.data.fields, Way::Data, true),
            result_fields: self.fields(&s.result.fields, Way::Result, false),
            types: self.types(&s.types),
            invoke_data,
        }
    }

    fn type_view(&self, def: &TypeDef) -> TypeView {
        let mut doc = Vec::new();
        push_para(&mut doc, def.doc.as_deref());
        let (is_enum, union, fields) = match &def.kind {
            // Only in uploads, which services never are.
            TypeKind::OneOf { .. } => (false, String::new(), Vec::new()),
            TypeKind::Struct { fields } => (
                false,
                String::new(),
                self.fields(fields, self.reach.way_inside(&def.name), false),
            ),
            TypeKind::Enum(e) => {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                for v in &e.values {
                    let mut line = format!("- `{}` ({})", literal(&v.wire), v.name);
                    if let Some(d) = &v.doc {
                        line.push_str(&format!(": {}", one_line(d)));
                    }
                    if let Some(d) = &v.notes.deprecated {
                        line.push_str(&format!(" Deprecated: {}", one_line(d)));
                    }
                    doc.push(line);
                }
                if self.reach.result.contains(&def.name) {
                    doc.push(String::new());
                    doc.push(format!(
                        "Results may carry values the spec doesn't list: result fields are typed `{} | {}`.",
                        def.name,
                        open(e.repr)
                    ));
                }
                let union = e
                    .values
                    .iter()
                    .map(|v| literal(&v.wire))
                    .collect::<Vec<_>>()
                    .join(" | ");
                (
                    true,
                    if union.is_empty() {
                        "never".into()
                    } else {
                        union
                    },
                    Vec::new(),
                )
            }
        };
        push_notes(&mut doc, &def.notes);
        TypeView {
            name: def.name.clone(),
            doc: jsdoc_lines(&doc),
            is_enum,
            union,
            fields,
        }
    }

    /// `data_top`: the top-level fields of a service's data, where `file_url` and `const`
    /// apply.
    fn fields(&self, fields: &[Field], way: Way, data_top: bool) -> Vec<FieldView> {
        fields
            .iter()
            .map(|f| {
                let mut ty = self.ty(&f.ty, way);
                if data_top && f.file_url {
                    ty = with_cdn(&f.ty).unwrap_or(ty);
                }
                if let (true, Some(c)) = (data_top, &f.constant) {
                    ty = literal(c);
                }
                let mut doc = Vec::new();
                push_para(&mut doc, f.doc.as_deref());
                let mut extra = Vec::new();
                if let Some(c) = &f.constant {
                    extra.push(format!("Always `{}`.", literal(c)));
                }
                if let Some(d) = &f.default {
                    extra.push(format!("Default `{}`.", literal(d)));
                }
                if data_top && f.file_url {
                    extra.push(
                        "A file URL: pass a URL, or a CDN marker (`new wx.serviceMarket.CDN(...)`) that WeChat uploads and replaces with its URL."
                            .to_owned(),
                    );
                }
                if !extra.is_empty() {
                    if !doc.is_empty() {
                        doc.push(String::new());
                    }
                    doc.push(extra.join(" "));
                }
                push_notes(&mut doc, &f.notes);
                FieldView {
                    key: property_key(&f.wire),
                    optional: !f.required,
                    ty,
                    doc: jsdoc_lines(&doc),
                }
            })
            .collect()
    }

    fn ty(&self, ty: &Ty, way: Way) -> String {
        match ty {
            Ty::String | Ty::JsonString(_) => "string".into(),
            Ty::Integer(_) | Ty::Number => "number".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Json => "Json".into(),
            // Services carry JSON only; the validator keeps uploads out of them.
            Ty::File | Ty::Bytes => "never".into(),
            Ty::Array(inner) => array_of(&self.ty(inner, way)),
            Ty::Map(inner) => format!("Record<string, {}>", self.ty(inner, way)),
            Ty::Named(r) => match (way, self.model.find_type(&r.name)) {
                (
                    Way::Result,
                    Some(TypeDef {
                        kind: TypeKind::Enum(e),
                        ..
                    }),
                ) => format!("{} | {}", r.name, open(e.repr)),
                _ => r.name.clone(),
            },
        }
    }
}
