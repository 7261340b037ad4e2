//! Service-market provider APIs.

use std::collections::HashMap;

use super::context::{claim_id, join, key, FileCx, SERVICE_ID};
use super::errors::{self, CommonCodes};
use super::types::{declare_local, notes, Resolver, Role, Scope};
use crate::diag::{Code, Diagnostics};
use crate::load::raw::RawService;
use crate::load::SpecFile;
use crate::model::{Endpoint, Message, Service, TypeHome, TypeRef, ViaEndpoint};
use crate::naming;

/// The endpoint a service goes through when the spec doesn't say.
pub const DEFAULT_VIA: &str = "invoke_service";
/// The endpoint that retrieves asynchronous results when the spec doesn't say.
pub const DEFAULT_RETRIEVE: &str = "servicemarket_retrieve";

/// One service. `endpoints` are the resolved ones, which the call goes through; `ids` maps
/// each service id claimed so far to its place.
pub fn service(
    resolver: &mut Resolver,
    file: &SpecFile<RawService>,
    local: HashMap<String, TypeRef>,
    endpoints: &[Endpoint],
    common: &CommonCodes,
    ids: &mut HashMap<String, String>,
) -> Option<Service> {
    let cx = FileCx::of(file);
    let raw = &file.raw;
    if !claim_id(&cx, SERVICE_ID, &raw.id, ids, resolver.dx) {
        return None;
    }
    let via = via(&cx, raw, endpoints, resolver.dx)?;
    let retrieve = retrieve(&cx, raw, endpoints, resolver.dx).ok()?;

    let prefix = naming::type_name(&raw.id).unwrap_or_default();
    let mut scope = Scope {
        cx,
        local,
        home: TypeHome::Service(raw.id.clone()),
        out: Vec::new(),
    };
    declare_local(resolver, &mut scope, &raw.types);
    let (data, result) = messages(resolver, &mut scope, raw, &prefix);
    let errors_path = vec![key("errors")];
    let errors = errors::table(
        &cx,
        &errors_path,
        &raw.errors,
        None,
        Some(common),
        resolver.dx,
    );
    Some(Service {
        id: raw.id.clone(),
        title: raw.title.clone(),
        doc: raw.doc.clone(),
        notes: notes(raw.since.as_ref(), raw.deprecated.as_ref()),
        service: raw.service.clone(),
        api: raw.api.clone(),
        is_async: raw.is_async,
        via,
        retrieve,
        sources: raw.sources.clone(),
        data,
        result,
        errors,
        types: scope.out,
        examples: Vec::new(),
        origin: cx.origin(&[]),
    })
}

/// The data and the result, their inline types hoisted into `scope`.
fn messages(
    resolver: &mut Resolver,
    scope: &mut Scope,
    raw: &RawService,
    prefix: &str,
) -> (Message, Message) {
    let data_name = format!("{prefix}Data");
    let result_name = format!("{prefix}Result");
    let data_fields = resolver.fields(
        scope,
        &join(&[key("data")], &["fields"]),
        &raw.data.fields,
        (&data_name, prefix),
        Role::ServiceData,
    );
    let result_fields = resolver.fields(
        scope,
        &join(&[key("result")], &["fields"]),
        &raw.result.fields,
        (&result_name, prefix),
        Role::Plain,
    );
    for (name, what) in [(&data_name, "data"), (&result_name, "result")] {
        let message = format!("the {what} of service `{}`", raw.id);
        let cx = scope.cx;
        resolver
            .registry
            .claim(name, &message, &cx, &[key(what)], resolver.dx);
    }
    let data = Message {
        name: data_name,
        doc: raw.data.doc.clone(),
        fields: data_fields,
    };
    let result = Message {
        name: result_name,
        doc: raw.result.doc.clone(),
        fields: result_fields,
    };
    (data, result)
}

/// The endpoint that carries the call: `via:`, or invokeService.
fn via(
    cx: &FileCx,
    raw: &RawService,
    endpoints: &[Endpoint],
    dx: &mut Diagnostics,
) -> Option<ViaEndpoint> {
    let via_id = raw.via.as_deref().unwrap_or(DEFAULT_VIA);
    if let Some(via) = endpoints.iter().find(|e| e.id == via_id) {
        return Some(via_of(via));
    }
    let at = if raw.via.is_some() { "via" } else { "id" };
    dx.push(
        cx.error(
            Code::UnknownEndpoint,
            &[key(at)],
            format!(
                "service calls go through endpoint `{via_id}`, which the spec does not declare"
            ),
        )
        .help(format!(
            "declare `{via_id}` in spec/endpoints/, or name the carrying endpoint with `via:`"
        )),
    );
    None
}

/// The endpoint that retrieves an asynchronous service's result (`Ok(None)` for a
/// synchronous one); `Err` (reported) when it is not declared.
fn retrieve(
    cx: &FileCx,
    raw: &RawService,
    endpoints: &[Endpoint],
    dx: &mut Diagnostics,
) -> Result<Option<ViaEndpoint>, ()> {
    let named = raw.retrieve.as_deref();
    if !raw.is_async {
        if named.is_some() {
            dx.push(
                cx.key_error(
                    Code::MisplacedKey,
                    &[key("retrieve")],
                    "`retrieve` is only for asynchronous services",
                )
                .help("remove it, or write `async: true` if the API answers with a request id"),
            );
        }
        return Ok(None);
    }
    let id = named.unwrap_or(DEFAULT_RETRIEVE);
    if let Some(e) = endpoints.iter().find(|e| e.id == id) {
        return Ok(Some(via_of(e)));
    }
    let at = if named.is_some() { "retrieve" } else { "async" };
    dx.push(
        cx.error(Code::UnknownEndpoint, &[key(at)], format!("asynchronous results are retrieved through endpoint `{id}`, which the spec does not declare"))
            .help(format!("declare `{id}` in spec/endpoints/, or name the retrieving endpoint with `retrieve:`")),
    );
    Err(())
}

pub fn via_of(endpoint: &Endpoint) -> ViaEndpoint {
    ViaEndpoint {
        id: endpoint.id.clone(),
        request: endpoint.request.name.clone(),
        error: endpoint.error_name.clone(),
    }
}
