//! Structs and enums for named types, requests, responses, service data and results.

use proc_macro2::TokenStream;
use quote::quote;

use super::directions::{Directions, Ways};
use super::tokens::{self, doc, ident, int, notes_text, paragraphs, rust_ident, Depth};
use crate::model::{
    EnumDef, EnumRepr, Field, FieldIn, Literal, Model, Ty, TypeDef, TypeHome, TypeKind,
};

/// Where a struct is used decides what it derives and how it is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Sent by the caller: a constructor for required fields, setters for optional ones.
    /// `serde` is false for uploads (multipart, binary), which are not JSON; `skip_query`
    /// keeps query fields out of a JSON body.
    Input { serde: bool, skip_query: bool },
    /// Received: decoded from JSON.
    Output,
}

/// Everything a struct emitter needs to know about its place.
pub struct Place<'a> {
    pub model: &'a Model,
    pub depth: Depth,
    pub home: &'a TypeHome,
    /// Which way each type travels: its serde derives, and whether callers build it.
    pub directions: &'a Directions,
}

const SERDE_CRATE: &str = "::wxapi_runtime::codegen::serde";

/// The serde traits a type derives, and the test-only `Deserialize` when it has one.
fn serde_derives(ways: Ways) -> (TokenStream, Option<TokenStream>) {
    let traits = match (ways.encode, ways.decode) {
        (true, true) => quote!(Serialize, Deserialize),
        (true, false) => quote!(Serialize),
        _ => quote!(Deserialize),
    };
    let in_tests = ways
        .decode_in_tests
        .then(|| quote!(#[cfg_attr(test, derive(::wxapi_runtime::codegen::serde::Deserialize))]));
    (traits, in_tests)
}

/// A named type from the spec.
pub fn type_def(def: &TypeDef, place: &Place) -> TokenStream {
    let docs = doc(&paragraphs([
        def.doc.as_deref(),
        notes_text(&def.notes).as_deref(),
    ]));
    match &def.kind {
        TypeKind::Struct { fields } => {
            let usage = if place.directions.is_sent(&def.name) {
                Use::Input {
                    serde: true,
                    skip_query: false,
                }
            } else {
                Use::Output
            };
            let ways = place.directions.named(&def.name);
            strukt(&def.name, docs, fields, usage, ways, place)
        }
        TypeKind::Enum(e) => enumeration(&def.name, docs, e, place.directions.named(&def.name)),
    }
}

/// A struct with its serde attributes, and for inputs its constructor and setters.
pub fn strukt(
    name: &str,
    docs: TokenStream,
    fields: &[Field],
    usage: Use,
    ways: Ways,
    place: &Place,
) -> TokenStream {
    let name_ident = ident(name);
    let serde = !matches!(usage, Use::Input { serde: false, .. });
    let skip_query = matches!(
        usage,
        Use::Input {
            skip_query: true,
            ..
        }
    );
    // An input built with no arguments also has `Default` (what clippy asks of `new()`).
    let default = (matches!(usage, Use::Input { .. }) && fields.iter().all(|f| !f.required))
        .then(|| quote!(Default,));
    let derives = if serde {
        let (traits, in_tests) = serde_derives(ways);
        quote! {
            #[derive(Debug, Clone, #default PartialEq, #traits)]
            #in_tests
            #[serde(crate = #SERDE_CRATE)]
        }
    } else {
        quote!(#[derive(Debug, Clone, #default PartialEq)])
    };
    let input = matches!(usage, Use::Input { .. });
    let field_items = fields
        .iter()
        .map(|f| field(f, serde, skip_query, input, place));
    let constructor = match usage {
        Use::Input { .. } => builder_methods(name, fields, place),
        Use::Output => quote!(),
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name_ident {
            #(#field_items)*
        }
        #constructor
    }
}

fn field(f: &Field, serde: bool, skip_query: bool, input: bool, place: &Place) -> TokenStream {
    let name = rust_ident(&f.rust);
    let docs = doc(&paragraphs([
        f.doc.as_deref(),
        field_notes(f).as_deref(),
        notes_text(&f.notes).as_deref(),
    ]));
    let ty = field_type(f, place);
    let mut attrs = Vec::new();
    if serde {
        // Explicit even for raw identifiers, which serde would strip of `r#` anyway.
        if f.rust.name != f.wire || f.rust.raw {
            let wire = &f.wire;
            attrs.push(quote!(#[serde(rename = #wire)]));
        }
        if skip_query && f.location == FieldIn::Query {
            // Travels in the query: still decoded (examples), never in the JSON body.
            let default = (!f.required).then(|| quote!(default,));
            attrs.push(quote!(#[serde(#default skip_serializing)]));
        } else if !f.required && input {
            // Requests leave unset fields out; a received `None` needs no attribute.
            attrs.push(quote!(#[serde(skip_serializing_if = "Option::is_none")]));
        }
    }
    quote! {
        #docs
        #(#attrs)*
        pub #name: #ty,
    }
}

/// A short line on what the spec says about a field's value.
fn field_notes(f: &Field) -> Option<String> {
    let mut out = Vec::new();
    if let Some(c) = &f.constant {
        out.push(format!("Always `{c}`; set by the constructor."));
    }
    if let Some(d) = &f.default {
        out.push(format!("Server default: `{d}`."));
    }
    if f.sensitive {
        out.push("Secret: never printed by `Debug`.".to_owned());
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// The field's Rust type: `Option` when optional, `Secret` when sensitive.
pub fn field_type(f: &Field, place: &Place) -> TokenStream {
    let base = tokens::ty(&f.ty, place.depth, place.home);
    let base = if f.sensitive {
        quote!(codegen::Secret<#base>)
    } else {
        base
    };
    if f.required {
        base
    } else {
        quote!(Option<#base>)
    }
}

/// `new(required...)` and one setter per optional field.
fn builder_methods(name: &str, fields: &[Field], place: &Place) -> TokenStream {
    let name_ident = ident(name);
    let required: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.required && f.constant.is_none())
        .map(|f| {
            let n = rust_ident(&f.rust);
            let t = tokens::ty(&f.ty, place.depth, place.home);
            let secret = f.sensitive.then(|| quote!(#[secret]));
            quote!(#secret #n: #t)
        })
        .collect();
    // `new` can't be both the constructor and a setter: that one is spelled out, and the
    // constructor leaves it unset like any optional field.
    let (named_new, optional): (Vec<&Field>, Vec<&Field>) = fields
        .iter()
        .filter(|f| !f.required)
        .partition(|f| f.rust.name == "new");
    let fixed: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let n = rust_ident(&f.rust);
            let value = f.constant.as_ref().map(|c| const_value(c, &f.ty, place))?;
            Some(quote!(#n = #value))
        })
        .chain(named_new.iter().map(|f| {
            let n = rust_ident(&f.rust);
            quote!(#n = None)
        }))
        .collect();
    let with_new = named_new.iter().map(|f| {
        let n = rust_ident(&f.rust);
        let t = setter_type(f, place);
        quote! {
            impl #name_ident {
                /// Sets `new`.
                #[must_use]
                pub fn with_new(mut self, value: impl Into<#t>) -> Self {
                    self.#n = Some(value.into());
                    self
                }
            }
        }
    });
    let optional: Vec<TokenStream> = optional
        .iter()
        .map(|f| {
            let n = rust_ident(&f.rust);
            let t = setter_type(f, place);
            quote!(#n: #t)
        })
        .collect();
    let required = (!required.is_empty()).then(|| quote!(required { #(#required),* }));
    let fixed = (!fixed.is_empty()).then(|| quote!(fixed { #(#fixed),* }));
    let optional = (!optional.is_empty()).then(|| quote!(optional { #(#optional),* }));
    quote! {
        codegen::builder!(#name_ident { #required #fixed #optional });
        #(#with_new)*
    }
}

/// The type a setter stores (inside the `Option`): the field's type, `Secret` included.
fn setter_type(f: &Field, place: &Place) -> TokenStream {
    let base = tokens::ty(&f.ty, place.depth, place.home);
    if f.sensitive {
        quote!(codegen::Secret<#base>)
    } else {
        base
    }
}

fn const_value(c: &Literal, t: &Ty, place: &Place) -> TokenStream {
    if let Ty::Named(r) = t {
        let variant = place.model.find_type(&r.name).and_then(|d| match &d.kind {
            TypeKind::Enum(e) => e
                .values
                .iter()
                .find(|v| &v.wire == c)
                .map(|v| v.name.clone()),
            TypeKind::Struct { .. } => None,
        });
        if let Some(variant) = variant {
            let ty = tokens::ty(t, place.depth, place.home);
            let v = ident(&variant);
            return quote!(#ty::#v);
        }
    }
    tokens::literal(c, t)
}

/// An enum that keeps values it doesn't know in `Unknown`.
pub fn enumeration(name: &str, docs: TokenStream, e: &EnumDef, ways: Ways) -> TokenStream {
    let name_ident = ident(name);
    let variants = e.values.iter().map(|v| {
        let n = ident(&v.name);
        let wire = format!("`{}`", v.wire);
        let line = match v.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) if !d.contains('\n') => format!("{wire}: {d}"),
            Some(d) => format!("{wire}:\n{d}"),
            None => wire,
        };
        let docs = doc(&paragraphs([
            Some(line.as_str()),
            notes_text(&v.notes).as_deref(),
        ]));
        quote!(#docs #n,)
    });
    let (wire_ty, from_attr, into_attr) = match e.repr {
        EnumRepr::String => (quote!(String), "String", "String"),
        EnumRepr::Integer => (quote!(i64), "::wxapi_runtime::codegen::WireInt", "i64"),
    };
    let pairs = e.values.iter().map(|v| {
        let n = ident(&v.name);
        let wire = match &v.wire {
            Literal::Int(i) => int(*i),
            other => {
                let s = other.to_string();
                quote!(#s)
            }
        };
        quote!(#n => #wire)
    });
    let unknown_doc = doc("A value this spec does not list, kept as received.");
    let (traits, in_tests) = serde_derives(ways);
    // `from` is read by `Deserialize` only, `into` by `Serialize` only.
    let conversions = match (ways.encode, ways.decode || ways.decode_in_tests) {
        (true, true) => quote!(from = #from_attr, into = #into_attr),
        (true, false) => quote!(into = #into_attr),
        _ => quote!(from = #from_attr),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #traits)]
        #in_tests
        #[serde(crate = #SERDE_CRATE, #conversions)]
        #[non_exhaustive]
        pub enum #name_ident {
            #(#variants)*
            #unknown_doc
            Unknown(#wire_ty),
        }
        codegen::wire_enum!(#name_ident: #wire_ty { #(#pairs),* });
    }
}
