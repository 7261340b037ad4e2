//! One endpoint module: request, response, local types, error enum, and the client method.

use proc_macro2::TokenStream;
use quote::quote;

use super::directions::Directions;
use super::errors;
use super::structs::{self, Place, Use};
use super::tokens::{doc, ident, notes_text, paragraphs, rust_ident, Depth, Scope};
use crate::model::{AuthKind, BodyKind, Endpoint, FieldIn, HttpMethod, Model, Ty, TypeHome};

/// Endpoint modules live at `endpoints::<id>`.
pub const DEPTH: Depth = Depth(2);

pub fn module(model: &Model, e: &Endpoint, directions: &Directions) -> TokenStream {
    let home = TypeHome::Endpoint(e.id.clone());
    let scope = Scope::new(DEPTH, &home);
    let place = Place {
        model,
        scope: &scope,
        directions,
    };
    let serde_request = matches!(e.body, BodyKind::Json | BodyKind::None);
    let request_doc = doc(&paragraphs([
        Some(format!("Request of `Client::{}`: {}.", e.id, e.title).as_str()),
        e.request.doc.as_deref(),
    ]));
    let request = structs::strukt(
        &e.request.name,
        request_doc,
        &e.request.fields,
        Use::Input {
            serde: serde_request,
            skip_query: e.body != BodyKind::None,
        },
        directions.input(e.examples.iter().any(|x| x.input.is_some())),
        &place,
    );
    let response_doc = doc(&paragraphs([
        Some(
            format!(
                "Response of `{}` ({}). The `errcode`/`errmsg` envelope is checked by the client.",
                e.id, e.title
            )
            .as_str(),
        ),
        e.response.doc.as_deref(),
    ]));
    let response = structs::strukt(
        &e.response.name,
        response_doc,
        &e.response.fields,
        Use::Output,
        directions.output(),
        &place,
    );
    let types = e.types.iter().map(|t| structs::type_def(t, &place));
    let common = scope.root("CommonError");
    let error = errors::endpoint(&e.error_name, &format!("`{}`", e.id), &e.errors, &common);
    let request_impl = request_impl(e);
    let method = client_method(e, &scope);
    let items = [request, response]
        .into_iter()
        .chain(types)
        .chain([error, request_impl, method]);
    let items = super::tokens::concat(items);
    super::tokens::with_uses(items, &scope)
}

fn request_impl(e: &Endpoint) -> TokenStream {
    let request = ident(&e.request.name);
    let response = ident(&e.response.name);
    let error = ident(&e.error_name);
    let id = &e.id;
    let path = &e.path;
    // `Endpoint::post(id, path)` plus one call for each fact that differs from the default.
    let constructor = match e.method {
        HttpMethod::Get => quote!(get),
        HttpMethod::Post => quote!(post),
    };
    let facts = [
        (e.auth == AuthKind::None, quote!(.without_token())),
        (e.idempotent, quote!(.idempotent())),
        (e.security_mode, quote!(.security_mode())),
    ];
    let facts = facts.iter().filter(|(on, _)| *on).map(|(_, call)| call);
    let encode = encode_body(e);
    quote! {
        impl codegen::Request for #request {
            type Response = #response;
            type Error = #error;
            const ENDPOINT: codegen::Endpoint = codegen::Endpoint::#constructor(#id, #path) #(#facts)*;
            fn encode(&self) -> Result<codegen::Encoded, codegen::EncodeError> {
                #encode
            }
        }
    }
}

/// How the request goes on the wire: query parameters plus the body kind.
fn encode_body(e: &Endpoint) -> TokenStream {
    let query_fields: Vec<_> = e
        .request
        .fields
        .iter()
        .filter(|f| f.location == FieldIn::Query)
        .collect();
    let body_fields: Vec<_> = e
        .request
        .fields
        .iter()
        .filter(|f| f.location == FieldIn::Body)
        .collect();
    let base = match e.body {
        // Everything travels in the query.
        BodyKind::None => return quote!(codegen::Encoded::query(self)),
        BodyKind::Json if query_fields.is_empty() => return quote!(codegen::Encoded::json(self)),
        BodyKind::Json => quote!(codegen::Encoded::json(self)?),
        BodyKind::Binary => {
            let f = body_fields.first().map(|f| rust_ident(&f.rust));
            match (f, body_fields.first().map(|f| &f.ty)) {
                (Some(n), Some(Ty::File)) => {
                    quote!(codegen::Encoded::binary(self.#n.bytes().to_vec(), self.#n.content_type()))
                }
                (Some(n), _) => {
                    quote!(codegen::Encoded::binary(self.#n.clone(), "application/octet-stream"))
                }
                (None, _) => quote!(codegen::Encoded::empty()),
            }
        }
        BodyKind::Multipart => {
            let parts = body_fields.iter().map(|f| {
                let n = rust_ident(&f.rust);
                let wire = &f.wire;
                match (&f.ty, f.required) {
                    (Ty::File, true) => quote!(.file(#wire, &self.#n)),
                    (Ty::File, false) => quote!(.file_opt(#wire, self.#n.as_ref())),
                    (_, true) => quote!(.text(#wire, &self.#n)),
                    (_, false) => quote!(.text_opt(#wire, self.#n.as_ref())),
                }
            });
            quote!(codegen::Encoded::multipart() #(#parts)*)
        }
    };
    let query = query_fields.iter().map(|f| {
        let n = rust_ident(&f.rust);
        let wire = &f.wire;
        match (f.required, f.sensitive) {
            (true, true) => quote!(.query_param(#wire, self.#n.expose())),
            (true, false) => quote!(.query_param(#wire, &self.#n)),
            (false, true) => {
                quote!(.query_param_opt(#wire, self.#n.as_ref().map(codegen::Secret::expose)))
            }
            (false, false) => quote!(.query_param_opt(#wire, self.#n.as_ref())),
        }
    });
    quote!(Ok(#base #(#query)*))
}

fn client_method(e: &Endpoint, scope: &Scope) -> TokenStream {
    let client = scope.root("Client");
    let name = rust_ident(&crate::model::RustIdent {
        name: e.id.clone(),
        raw: false,
    });
    let request = ident(&e.request.name);
    let response = ident(&e.response.name);
    let error = ident(&e.error_name);
    let method = match e.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    };
    let docs = doc(&paragraphs([
        Some(format!("{} (`{method} {}`)", e.title, e.path).as_str()),
        e.doc.as_deref(),
        notes_text(&e.notes).as_deref(),
    ]));
    let deprecated = e
        .notes
        .deprecated
        .as_ref()
        .map(|d| quote!(#[deprecated = #d]));
    quote! {
        impl #client {
            #docs
            #deprecated
            pub async fn #name(&self, request: #request) -> Result<#response, codegen::Error<#error>> {
                codegen::call(self.runtime(), request).await
            }
        }
    }
}
