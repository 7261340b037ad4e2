//! One service-market module: data, result, local types, and the typed method.

use proc_macro2::TokenStream;
use quote::quote;

use super::directions::Directions;
use super::structs::{self, Place, Use};
use super::tokens::{doc, ident, notes_text, paragraphs, rust_ident, Depth, Scope};
use crate::model::{Model, RustIdent, Service, TypeHome};

/// Service modules live at `services::<id>`.
pub const DEPTH: Depth = Depth(2);

pub fn module(model: &Model, s: &Service, directions: &Directions) -> TokenStream {
    let home = TypeHome::Service(s.id.clone());
    let scope = Scope::new(DEPTH, &home);
    let place = Place {
        model,
        scope: &scope,
        directions,
    };
    let (data, result) = data_and_result(s, &place);
    let types = s.types.iter().map(|t| structs::type_def(t, &place));
    let data_ident = ident(&s.data.name);
    let result_ident = ident(&s.result.name);
    let (service, api, is_async) = (&s.service, &s.api, s.is_async);
    let method_item = method(s, &scope);
    let service_market = scope.root("ServiceMarket");
    let api_impls = quote! {
        impl codegen::ServiceApi for #data_ident {
            const SERVICE: &'static str = #service;
            const API: &'static str = #api;
            const ASYNC: bool = #is_async;
            type Result = #result_ident;
        }
        impl #service_market<'_> {
            #method_item
        }
    };
    let items = [data, result].into_iter().chain(types).chain([api_impls]);
    let items = super::tokens::concat(items);
    super::tokens::with_uses(items, &scope)
}

/// The `<Id>Data` and `<Id>Result` structs.
fn data_and_result(s: &Service, place: &Place) -> (TokenStream, TokenStream) {
    let data_doc = doc(&paragraphs([
        Some(
            format!(
                "The `data` sent to `{}` / `{}`: {}.",
                s.service, s.api, s.title
            )
            .as_str(),
        ),
        s.data.doc.as_deref(),
    ]));
    let data = structs::strukt(
        &s.data.name,
        data_doc,
        &s.data.fields,
        Use::Input {
            serde: true,
            skip_query: false,
        },
        place
            .directions
            .input(s.examples.iter().any(|x| x.input.is_some())),
        place,
    );
    let result_doc = doc(&paragraphs([
        Some(
            format!(
                "The result of `{}` / `{}`, decoded from the `data` string of the response.",
                s.service, s.api
            )
            .as_str(),
        ),
        s.result.doc.as_deref(),
    ]));
    let result = structs::strukt(
        &s.result.name,
        result_doc,
        &s.result.fields,
        Use::Output,
        place.directions.output(),
        place,
    );
    (data, result)
}

/// The typed method on `ServiceMarket`: a call that returns the result, or for an
/// asynchronous API one that returns the pending task.
fn method(s: &Service, scope: &Scope) -> TokenStream {
    let data_ident = ident(&s.data.name);
    let result_ident = ident(&s.result.name);
    let via_request = scope.root(&s.via.request);
    let via_error = scope.root(&s.via.error);
    let method = rust_ident(&RustIdent {
        name: s.id.clone(),
        raw: false,
    });
    let method_doc = doc(&paragraphs([
        Some(s.title.as_str()),
        s.doc.as_deref(),
        Some(
            format!(
                "Service `{}`, API `{}`, called through `{}`.",
                s.service, s.api, s.via.id
            )
            .as_str(),
        ),
        notes_text(&s.notes).as_deref(),
    ]));
    let deprecated = s
        .notes
        .deprecated
        .as_ref()
        .map(|d| quote!(#[deprecated = #d]));
    let Some(retrieve) = &s.retrieve else {
        return quote! {
            #method_doc
            #deprecated
            pub async fn #method(&self, data: #data_ident) -> Result<codegen::JsonString<#result_ident>, codegen::Error<#via_error>> {
                let endpoint = <#via_request as codegen::Request>::ENDPOINT;
                codegen::call_service(self.client().runtime(), &endpoint, data).await
            }
        };
    };
    let retrieve_request = scope.root(&retrieve.request);
    let retrieve_error = scope.root(&retrieve.error);
    let wait_doc = doc(&format!(
        "Asynchronous: this starts the task and returns it pending; `.wait(timeout)` polls `{}` until the result is ready (WeChat keeps it for up to 24 hours).",
        retrieve.id
    ));
    quote! {
        #method_doc
        ///
        #wait_doc
        #deprecated
        pub async fn #method(&self, data: #data_ident) -> Result<codegen::PendingService<#result_ident, #retrieve_error>, codegen::Error<#via_error>> {
            let endpoint = <#via_request as codegen::Request>::ENDPOINT;
            let retrieve = <#retrieve_request as codegen::Request>::ENDPOINT;
            codegen::start_service(self.client().runtime(), &endpoint, retrieve, data).await
        }
    }
}
