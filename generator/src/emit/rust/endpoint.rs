//! One endpoint module: request, response, local types, error enum, and the client method.

use proc_macro2::TokenStream;
use quote::quote;

use super::directions::Directions;
use super::errors;
use super::structs::{self, Place, Use};
use super::tokens::{doc, ident, notes_text, paragraphs, rust_ident, Depth, Scope};
use crate::model::{
    AuthKind, BodyKind, Endpoint, Field, FieldIn, HttpMethod, Model, ResponseBody, Ty, TypeHome,
    TypeKind,
};

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
    // A file answer decodes into the runtime's `Media`: there is no response struct.
    let response = (e.response_body == ResponseBody::Json).then(|| {
        structs::strukt(
            &e.response.name,
            response_doc,
            &e.response.fields,
            Use::Output,
            directions.output(),
            &place,
        )
    });
    let types = e.types.iter().map(|t| structs::type_def(t, &place));
    let common = scope.root("CommonError");
    let error = errors::endpoint(&e.error_name, &format!("`{}`", e.id), &e.errors, &common);
    let request_impl = request_impl(e);
    let method = client_method(e, &scope);
    let items = [Some(request), response]
        .into_iter()
        .flatten()
        .chain(types)
        .chain([error, request_impl, method]);
    let items = super::tokens::concat(items);
    super::tokens::with_uses(items, &scope)
}

/// What a successful call returns: the response struct, or the runtime's `Media`.
fn response_type(e: &Endpoint) -> TokenStream {
    match e.response_body {
        ResponseBody::Json => {
            let response = ident(&e.response.name);
            quote!(#response)
        }
        ResponseBody::Binary => quote!(codegen::Media),
    }
}

fn request_impl(e: &Endpoint) -> TokenStream {
    let request = ident(&e.request.name);
    let response = response_type(e);
    let error = ident(&e.error_name);
    let id = &e.id;
    let path = &e.path;
    // `Endpoint::post(id, path)` plus one call for each fact that differs from the default.
    let constructor = match e.method {
        HttpMethod::Get => quote!(get),
        HttpMethod::Post => quote!(post),
    };
    let auth = match &e.auth {
        AuthKind::AccessToken => None,
        AuthKind::None => Some(quote!(.without_token())),
        AuthKind::AppSecret { appid, secret } => Some(quote!(.with_app_secret(#appid, #secret))),
    };
    let facts = [
        (e.idempotent, quote!(.idempotent())),
        (e.security_mode, quote!(.security_mode())),
    ];
    let facts = auth.into_iter().chain(
        facts
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, call)| call),
    );
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

/// How the request goes on the wire: query parameters plus the body kind, then the
/// signature.
fn encode_body(e: &Endpoint) -> TokenStream {
    let encoded = encoded(e);
    match signing_key(e) {
        None => encoded,
        Some(key) => {
            let key = rust_ident(&key.rust);
            quote!(#encoded.map(|encoded| encoded.sign(codegen::Signature::session_key(&self.#key))))
        }
    }
}

/// The field holding the key the call is signed with, if it is signed.
fn signing_key(e: &Endpoint) -> Option<&Field> {
    e.signature?;
    e.request
        .fields
        .iter()
        .find(|f| f.location == FieldIn::SigningKey)
}

/// The encoded request, as a `Result`.
fn encoded(e: &Endpoint) -> TokenStream {
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
        BodyKind::Multipart => return multipart(e),
    };
    let query = query_fields.iter().map(|f| query_param(f));
    quote!(Ok(#base #(#query)*))
}

/// A multipart upload, written out part by part: files, text and JSON parts, query
/// parameters, and for a `one_of` whichever alternative the caller chose. With a `one_of`,
/// parts are added to an empty request, so a call whose chosen alternative travels in the
/// query has no body at all.
fn multipart(e: &Endpoint) -> TokenStream {
    let mut chained = Vec::new();
    let mut choices = Vec::new();
    for f in &e.request.fields {
        if let Some((name, variants)) = one_of(e, &f.ty) {
            choices.push(choice(f, name, variants));
            continue;
        }
        match f.location {
            FieldIn::SigningKey => {}
            FieldIn::Query => chained.push(query_param(f)),
            FieldIn::Body => chained.push(part(f)),
        }
    }
    if choices.is_empty() {
        return quote!(Ok(codegen::Encoded::multipart() #(#chained)*));
    }
    quote! {
        let encoded = codegen::Encoded::empty() #(#chained)*;
        #(#choices)*
        Ok(encoded)
    }
}

/// The name and the alternatives of `ty` when it is one of the endpoint's `one_of` types.
fn one_of<'e>(e: &'e Endpoint, ty: &Ty) -> Option<(&'e str, &'e [Field])> {
    let Ty::Named(r) = ty else { return None };
    e.types
        .iter()
        .find(|t| t.name == r.name)
        .and_then(|t| match &t.kind {
            TypeKind::OneOf { variants } => Some((t.name.as_str(), variants.as_slice())),
            _ => None,
        })
}

/// `let encoded = match ... { ... }` adding the chosen alternative of a `one_of` field.
fn choice(f: &Field, name: &str, variants: &[Field]) -> TokenStream {
    let n = rust_ident(&f.rust);
    let ty = ident(name);
    let arms = variants.iter().map(|v| {
        let variant = ident(&structs::variant_name(v));
        let wire = &v.wire;
        let add = match (v.location, &v.ty) {
            (FieldIn::Query, _) => quote!(encoded.query_param(#wire, value)),
            (_, Ty::File) => quote!(encoded.file(#wire, value)),
            (_, Ty::JsonString(_)) => quote!(encoded.json_text(#wire, value)),
            _ => quote!(encoded.text(#wire, value)),
        };
        quote!(#ty::#variant(value) => #add,)
    });
    let scrutinee = if f.required {
        quote!(&self.#n)
    } else {
        quote!(self.#n.as_ref())
    };
    if f.required {
        quote!(let encoded = match #scrutinee { #(#arms)* };)
    } else {
        quote! {
            let encoded = match #scrutinee {
                None => encoded,
                Some(choice) => match choice { #(#arms)* },
            };
        }
    }
}

/// One multipart part: a file, JSON text or a single value.
fn part(f: &Field) -> TokenStream {
    let n = rust_ident(&f.rust);
    let wire = &f.wire;
    match (&f.ty, f.required) {
        (Ty::File, true) => quote!(.file(#wire, &self.#n)),
        (Ty::File, false) => quote!(.file_opt(#wire, self.#n.as_ref())),
        (Ty::JsonString(_), true) => quote!(.json_text(#wire, &self.#n)),
        (Ty::JsonString(_), false) => quote!(.json_text_opt(#wire, self.#n.as_ref())),
        (_, true) => quote!(.text(#wire, &self.#n)),
        (_, false) => quote!(.text_opt(#wire, self.#n.as_ref())),
    }
}

/// One query parameter, added by the chaining methods.
fn query_param(f: &Field) -> TokenStream {
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
}

fn client_method(e: &Endpoint, scope: &Scope) -> TokenStream {
    let client = scope.root("Client");
    let name = rust_ident(&crate::model::RustIdent {
        name: e.id.clone(),
        raw: false,
    });
    let request = ident(&e.request.name);
    let response = response_type(e);
    let error = ident(&e.error_name);
    let method = match e.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    };
    let docs = doc(&paragraphs([
        Some(format!("{} (`{method} {}`)", e.title, e.path).as_str()),
        e.doc.as_deref(),
        how_it_is_called(e).as_deref(),
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
            pub fn #name(&self, request: #request) -> codegen::Call<'_, #response, #error> {
                codegen::call(self.runtime(), request)
            }
        }
    }
}

/// What the method's doc says about credentials, signatures and file answers, which the
/// caller can't see in its signature.
fn how_it_is_called(e: &Endpoint) -> Option<String> {
    let mut lines = Vec::new();
    if let AuthKind::AppSecret { appid, secret } = &e.auth {
        lines.push(format!(
            "Sends the client's app id and app secret as `{appid}` and `{secret}` in the query, \
             instead of an access token: build the client with `app_id` and `app_secret`."
        ));
    }
    if e.signature.is_some() {
        lines.push(
            "Signed with the user's session key: the request takes `session_key` (from \
             `code2_session`), and the client sends `signature` = HMAC-SHA256(session_key, body) \
             and `sig_method`, never the key itself."
                .to_owned(),
        );
    }
    if e.response_body == ResponseBody::Binary {
        lines.push(
            "Returns the file's bytes (e.g. an image) as `Media`, with its content type; an \
             error answer is this endpoint's error, never bytes. To save it: \
             `std::fs::write(format!(\"out.{}\", media.extension().unwrap_or(\"bin\")), &media.bytes)?`."
                .to_owned(),
        );
    }
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}
