//! Structs and enums for named types, requests, responses, service data and results.

use proc_macro2::TokenStream;
use quote::quote;

use super::directions::{Directions, Ways};
use super::object::{from_object_impls, to_object_impls};
use super::tokens::{doc, ident, int, notes_text, paragraphs, rust_ident, Scope};
use crate::model::{EnumDef, EnumRepr, Field, FieldIn, Literal, Model, Ty, TypeDef, TypeKind};

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
    /// The module's own types and the root names it imports.
    pub scope: &'a Scope<'a>,
    /// Which way each type travels: its serde derives, and whether callers build it.
    pub directions: &'a Directions,
}

const SERDE_CRATE: &str = "::wxapi_runtime::codegen::serde";

/// The serde traits an enum derives, and the test-only `Deserialize` when it has one.
/// (Structs derive `Serialize` only; they decode through [`object_impls`].)
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
        TypeKind::OneOf { variants } => one_of(&def.name, docs, variants, place),
    }
}

/// The choice a `one_of` field offers: one variant per alternative, holding its value.
/// Only in uploads, which are encoded by hand, so it derives no serde traits.
fn one_of(name: &str, docs: TokenStream, variants: &[Field], place: &Place) -> TokenStream {
    let name_ident = ident(name);
    let variants = variants.iter().map(|v| {
        let variant = ident(&variant_name(v));
        let how = match (v.location, &v.ty) {
            (FieldIn::Query, _) => format!("`{}`, in the query", v.wire),
            (_, Ty::File) => format!("`{}`, a file part", v.wire),
            _ => format!("`{}`, a form part", v.wire),
        };
        let docs = doc(&paragraphs([Some(how.as_str()), v.doc.as_deref()]));
        let ty = place.scope.ty(&v.ty);
        quote!(#docs #variant(#ty),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name_ident {
            #(#variants)*
        }
    }
}

/// The variant of a `one_of` alternative: its Rust field name in PascalCase.
pub fn variant_name(f: &Field) -> String {
    crate::naming::type_name(&f.rust.name).unwrap_or_else(|| f.rust.name.clone())
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
    let encode = serde && ways.encode;
    // Comparing is for what the client receives (and for the crate's own tests, which
    // round-trip request examples): a type that is only ever sent is built, not compared,
    // and each derived `PartialEq` is a body the compiler checks in every build.
    let (compare, compare_in_tests) = if ways.decode {
        (Some(quote!(PartialEq)), None)
    } else {
        (None, Some(quote!(#[cfg_attr(test, derive(PartialEq))])))
    };
    let derives = quote! {
        #[derive(Debug, Clone, #default #compare)]
        #compare_in_tests
    };
    let input = matches!(usage, Use::Input { .. });
    let encode = encode.then(|| to_object_impls(name, fields, input, skip_query));
    let decode = (serde && (ways.decode || ways.decode_in_tests))
        .then(|| from_object_impls(name, fields, !ways.decode));
    let field_items = fields.iter().map(|f| field(f, place));
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
        #encode
        #decode
    }
}

/// A struct field, with its doc.
fn field(f: &Field, place: &Place) -> TokenStream {
    let name = rust_ident(&f.rust);
    let docs = doc(&paragraphs([
        f.doc.as_deref(),
        field_notes(f).as_deref(),
        notes_text(&f.notes).as_deref(),
    ]));
    let ty = field_type(f, place);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// A short line on what the spec says about a field's value.
fn field_notes(f: &Field) -> Option<String> {
    let mut out = Vec::new();
    if f.rust.name != f.wire && f.location != FieldIn::SigningKey {
        out.push(format!("`{}` on the wire.", f.wire));
    }
    if f.lenient {
        out.push("Accepted as a number or as a string.".to_owned());
    }
    if f.location == FieldIn::SigningKey {
        out.push("Not sent: the client signs the call with it.".to_owned());
    }
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
    let base = place.scope.ty(&f.ty);
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

/// `new(required...)` and one setter per optional field, written out: they are what a
/// caller reads and where go-to-definition lands.
fn builder_methods(name: &str, fields: &[Field], place: &Place) -> TokenStream {
    let name_ident = ident(name);
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required && f.constant.is_none())
        .collect();
    let params = required.iter().map(|f| {
        let n = rust_ident(&f.rust);
        let t = param_type(f, place);
        quote!(#n: #t)
    });
    let inits = fields.iter().map(|f| {
        let n = rust_ident(&f.rust);
        match (&f.constant, f.required) {
            (Some(c), true) => {
                let value = const_value(c, &f.ty, place);
                quote!(#n: #value,)
            }
            (Some(c), false) => {
                let value = const_value(c, &f.ty, place);
                quote!(#n: Some(#value),)
            }
            (None, false) => quote!(#n: None,),
            (None, true) if f.sensitive => quote!(#n: codegen::Secret::new(#n.into()),),
            (None, true) if taken_as_is(&f.ty) => quote!(#n,),
            (None, true) => quote!(#n: #n.into(),),
        }
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // `new()` without arguments that still sets a `const`: `Default` must set it too, so it
    // is written out rather than derived.
    let default = (required.is_empty() && fields.iter().any(|f| f.constant.is_some())).then(|| {
        quote! {
            impl Default for #name_ident {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = doc(&new_doc(name, fields, &required));
    let setters = fields
        .iter()
        .filter(|f| !f.required && f.constant.is_none())
        .map(|f| setter(f, place));
    quote! {
        impl #name_ident {
            #new_doc
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
        }
        #default
    }
}

/// The doc of `new`: what it sets, each parameter with the first line of its field's doc,
/// and the fields it fixes.
fn new_doc(name: &str, fields: &[Field], required: &[&Field]) -> String {
    let optional = fields.iter().any(|f| !f.required && f.constant.is_none());
    let head = match (required.is_empty(), optional) {
        (false, true) => {
            format!("A `{name}` from its required fields; the optional ones start unset.")
        }
        (false, false) => format!("A `{name}` from its fields."),
        (true, true) => format!("A `{name}` with every optional field unset."),
        (true, false) => format!("A `{name}`."),
    };
    let params = required
        .iter()
        .map(|f| {
            let secret = if f.sensitive {
                " (kept in a `Secret`)"
            } else {
                ""
            };
            let first = f
                .doc
                .as_deref()
                .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()));
            match first {
                Some(line) => format!("- `{}`{secret}: {line}", f.rust.name),
                None => format!("- `{}`{secret}", f.rust.name),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let fixed = fields
        .iter()
        .filter_map(|f| {
            Some(format!(
                "`{}` is always `{}`.",
                f.rust.name,
                f.constant.as_ref()?
            ))
        })
        .collect::<Vec<_>>()
        .join(" ");
    paragraphs([
        Some(head.as_str()),
        Some(params.as_str()),
        Some(fixed.as_str()),
    ])
}

/// The setter of an optional field, documented with the field's doc. A field named `new`
/// can't share the constructor's name: its setter is `with_new`.
fn setter(f: &Field, place: &Place) -> TokenStream {
    let n = rust_ident(&f.rust);
    let method = if f.rust.name == "new" {
        ident("with_new")
    } else {
        n.clone()
    };
    let text = paragraphs([
        f.doc.as_deref(),
        field_notes(f).as_deref(),
        notes_text(&f.notes).as_deref(),
    ]);
    let docs = if text.is_empty() {
        doc(&format!("Sets `{}`.", f.rust.name))
    } else {
        doc(&text)
    };
    let (t, value) = if f.sensitive {
        let base = place.scope.ty(&f.ty);
        (quote!(impl Into<codegen::Secret<#base>>), quote!(#n.into()))
    } else if taken_as_is(&f.ty) {
        (place.scope.ty(&f.ty), quote!(#n))
    } else {
        let t = place.scope.ty(&f.ty);
        (quote!(impl Into<#t>), quote!(#n.into()))
    };
    quote! {
        #docs
        #[must_use]
        pub fn #method(mut self, #n: #t) -> Self {
            self.#n = Some(#value);
            self
        }
    }
}

/// A named type (a spec struct or enum), a `bool` or an `f64` is passed as itself: `Into`
/// would add no conversion worth having, only a generic method the compiler checks per
/// setter. Strings, integers and lists go through `Into`, so that `&str`, narrower integers
/// and arrays convert.
fn taken_as_is(t: &Ty) -> bool {
    matches!(t, Ty::Named(_) | Ty::Boolean | Ty::Number)
}

/// The type `new` takes for a required field: `Secret` fields take what the secret wraps.
fn param_type(f: &Field, place: &Place) -> TokenStream {
    let t = place.scope.ty(&f.ty);
    if taken_as_is(&f.ty) && !f.sensitive {
        t
    } else {
        quote!(impl Into<#t>)
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
            TypeKind::Struct { .. } | TypeKind::OneOf { .. } => None,
        });
        if let Some(variant) = variant {
            let ty = place.scope.ty(t);
            let v = ident(&variant);
            return quote!(#ty::#v);
        }
    }
    super::tokens::literal(c, t)
}

/// An enum that keeps values it doesn't know in `Unknown`. It compares (`==` against a known
/// value is how it is read) but does not hash: nothing in the client keys a map by one, and a
/// `Hash` derive per enum is checked in every build; `as_str()`/`value()` give a key.
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
        #[derive(Debug, Clone, PartialEq, Eq, #traits)]
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
