//! The service market. A service is not an HTTP operation of its own: it is a body of the
//! carrier endpoint (`invoke_service`: `service`, `api`, and `data` for the provider), whose
//! answer holds the provider's result as JSON text. OpenAPI has no word for "an operation
//! inside an operation", and a `oneOf` of every service's body on the carrier would claim a
//! closed list where any provider API may be called. So each service's data and result are
//! component schemas (`{Id}Data`, `{Id}Result`, with the spec's examples), and the document's
//! `x-wxapi-services` lists the services with what ties them to the carrier.

use serde_json::Value;

use super::envelope;
use super::json::{schema_ref, Obj};
use super::schema;
use crate::model::{Message, Model, Service};

/// `{Id}Data` or `{Id}Result` with the examples' values of that side.
fn message(m: &Message, values: Vec<Value>) -> Value {
    schema::object(m.doc.as_deref(), &m.fields)
        .list("examples", values)
        .into()
}

/// A service's own component schemas: its data and result.
pub(super) fn schemas(s: &Service) -> [(String, Value); 2] {
    let inputs = s.examples.iter().filter_map(|x| x.input.clone()).collect();
    let outputs = s.examples.iter().filter_map(|x| x.output.clone()).collect();
    [
        (s.data.name.clone(), message(&s.data, inputs)),
        (s.result.name.clone(), message(&s.result, outputs)),
    ]
}

/// One entry of `x-wxapi-services`.
fn entry(s: &Service) -> Value {
    let examples: Vec<Value> = s
        .examples
        .iter()
        .map(|x| {
            Obj::new()
                .opt("summary", x.title.as_deref())
                .opt("description", x.doc.as_deref())
                .opt("data", x.input.clone())
                .opt("result", x.output.clone())
                .into()
        })
        .collect();
    let ext = Obj::new()
        .put("id", s.id.as_str())
        .put("summary", s.title.as_str())
        .opt("description", s.doc.as_deref())
        .put("service", s.service.as_str())
        .put("api", s.api.as_str())
        .flag("async", s.is_async)
        .put("operationId", s.via.id.as_str())
        .opt(
            "retrieveOperationId",
            s.retrieve.as_ref().map(|r| r.id.as_str()),
        )
        .put("data", schema_ref(&s.data.name))
        .put("result", schema_ref(&s.result.name))
        .list("errors", envelope::table(&s.errors, "service"))
        .list("examples", examples)
        .list(
            "sources",
            s.sources.iter().map(|u| u.as_str().into()).collect(),
        );
    schema::notes(ext, None, &s.notes).into()
}

/// `x-wxapi-services`: every service, in spec order, with how it is called.
pub(super) fn extension(model: &Model) -> Obj {
    let list: Vec<Value> = model.services.iter().map(entry).collect();
    let how = "Each service-market API is called through the operation `operationId` (the \
               carrier, invokeService): its request's `service` and `api` are the entry's, its \
               `data` is the `data` schema; the answer's `data` string holds the `result` \
               schema's JSON text. With `async`, the answer has a `request_id` and the result \
               comes from `retrieveOperationId`.";
    if list.is_empty() {
        Obj::new()
    } else {
        Obj::new().put(
            "x-wxapi-services",
            Obj::new().put("description", how).put("services", list),
        )
    }
}

/// The ids of the services an endpoint carries.
pub(super) fn carried_by<'m>(model: &'m Model, endpoint: &str) -> Vec<&'m str> {
    model
        .services
        .iter()
        .filter(|s| s.via.id == endpoint)
        .map(|s| s.id.as_str())
        .collect()
}
