//! Service-market provider APIs.

use std::collections::HashMap;

use super::context::{join, key, FileCx};
use super::errors::{self, CommonCodes};
use super::types::{declare_local, Resolver, Role, Scope};
use crate::load::raw::RawService;
use crate::load::SpecFile;
use crate::model::{Endpoint, Message, Service, TypeHome, TypeRef, ViaEndpoint};
use crate::naming;

/// The endpoint a service goes through when the spec doesn't say.
pub const DEFAULT_VIA: &str = "invoke_service";
/// The endpoint that retrieves asynchronous results when the spec doesn't say.
pub const DEFAULT_RETRIEVE: &str = "servicemarket_retrieve";

pub fn service(
    resolver: &mut Resolver,
    file: &SpecFile<RawService>,
    local: HashMap<String, TypeRef>,
    endpoints: &[&Endpoint],
    common: &CommonCodes,
    ids: &mut HashMap<String, String>,
) -> Option<Service> {
    let cx = FileCx::of(file);
    let raw = &file.raw;
    let id_path = vec![key("id")];
    if !naming::is_snake_ident(&raw.id) {
        let better = super::endpoint::better_id(&raw.id);
        resolver.dx.push(
            cx.error(
                "bad-identifier",
                &id_path,
                format!("`{}` can't be a service id", raw.id),
            )
            .help(match better {
                Some(b) => format!("ids are snake_case Rust method names: write `{b}`"),
                None => "ids are snake_case ASCII, start with a letter and are not Rust keywords, \
                         e.g. `ocr_all_in_one`"
                    .to_owned(),
            }),
        );
        return None;
    }
    if let Some(first) = ids.get(&raw.id) {
        resolver.dx.push(
            cx.error(
                "duplicate-id",
                &id_path,
                format!("service id `{}` is already used", raw.id),
            )
            .help(format!(
                "it is declared at {first}; give each service its own id"
            )),
        );
        return None;
    }
    ids.insert(raw.id.clone(), cx.place(&id_path));

    let via_id = raw.via.as_deref().unwrap_or(DEFAULT_VIA);
    let Some(via) = endpoints.iter().find(|e| e.id == via_id) else {
        let at = if raw.via.is_some() {
            vec![key("via")]
        } else {
            id_path.clone()
        };
        resolver.dx.push(
            cx.error(
                "unknown-endpoint",
                &at,
                format!(
                    "service calls go through endpoint `{via_id}`, which the spec does not declare"
                ),
            )
            .help(format!(
                "declare `{via_id}` in spec/endpoints/, or name the carrying endpoint with `via:`"
            )),
        );
        return None;
    };

    let retrieve = match (raw.is_async, raw.retrieve.as_deref()) {
        (false, None) => None,
        (false, Some(_)) => {
            resolver.dx.push(
                cx.key_error(
                    "misplaced-key",
                    &[key("retrieve")],
                    "`retrieve` is only for asynchronous services",
                )
                .help("remove it, or write `async: true` if the API answers with a request id"),
            );
            None
        }
        (true, named) => {
            let id = named.unwrap_or(DEFAULT_RETRIEVE);
            match endpoints.iter().find(|e| e.id == id) {
                Some(e) => Some(via_of(e)),
                None => {
                    let at = if named.is_some() {
                        vec![key("retrieve")]
                    } else {
                        vec![key("async")]
                    };
                    resolver.dx.push(
                        cx.error("unknown-endpoint", &at, format!("asynchronous results are retrieved through endpoint `{id}`, which the spec does not declare"))
                            .help(format!("declare `{id}` in spec/endpoints/, or name the retrieving endpoint with `retrieve:`")),
                    );
                    return None;
                }
            }
        }
    };

    let prefix = naming::type_name(&raw.id).unwrap_or_default();
    let mut scope = Scope {
        cx,
        local,
        home: TypeHome::Service(raw.id.clone()),
        out: Vec::new(),
    };
    declare_local(resolver, &mut scope, &raw.types, &vec![key("types")]);
    let data_name = format!("{prefix}Data");
    let result_name = format!("{prefix}Result");
    let data_fields = resolver.fields(
        &mut scope,
        &join(&[key("data")], &["fields"]),
        &raw.data.fields,
        (&data_name, &prefix),
        Role::ServiceData,
    );
    let result_fields = resolver.fields(
        &mut scope,
        &join(&[key("result")], &["fields"]),
        &raw.result.fields,
        (&result_name, &prefix),
        Role::Plain,
    );
    resolver.registry.claim(
        &data_name,
        &format!("the data of service `{}`", raw.id),
        &cx,
        &[key("data")],
        resolver.dx,
    );
    resolver.registry.claim(
        &result_name,
        &format!("the result of service `{}`", raw.id),
        &cx,
        &[key("result")],
        resolver.dx,
    );
    let errors = errors::table(
        &cx,
        &vec![key("errors")],
        &raw.errors,
        None,
        Some(common),
        resolver.dx,
    );
    Some(Service {
        id: raw.id.clone(),
        title: raw.title.clone(),
        doc: raw.doc.clone(),
        notes: super::types::notes(raw.since.as_ref(), raw.deprecated.as_ref()),
        service: raw.service.clone(),
        api: raw.api.clone(),
        is_async: raw.is_async,
        via: via_of(via),
        retrieve,
        sources: raw.sources.clone(),
        data: Message {
            name: data_name,
            doc: raw.data.doc.clone(),
            fields: data_fields,
        },
        result: Message {
            name: result_name,
            doc: raw.result.doc.clone(),
            fields: result_fields,
        },
        errors,
        types: scope.out,
        examples: Vec::new(),
        origin: cx.origin(&[]),
    })
}

pub fn via_of(endpoint: &Endpoint) -> ViaEndpoint {
    ViaEndpoint {
        id: endpoint.id.clone(),
        request: endpoint.request.name.clone(),
        error: endpoint.error_name.clone(),
    }
}
