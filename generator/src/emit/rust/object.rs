//! `Serialize` and `Deserialize` for a generated struct, through the runtime's
//! `codegen::object` instead of serde's derives.
//!
//! serde's derives were the largest items of a generated module and most of the time
//! `cargo check` spent on one: `Deserialize` writes about thirty lines a field, and both write
//! bodies generic over the serializer. A generated struct is only ever a JSON object, so:
//! - it is written by a non-generic `ToObject::write` listing its fields, one line each;
//! - it is read key by key by `FromObject::read`: a `let` a field, a `match` arm a key, and
//!   the struct built at the end. The slots' types are left to inference from the struct,
//!   so that no name in the method can be shadowed by its generic parameters.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, rust_ident};
use crate::model::{Field, FieldIn, Ty};

/// `impl Serialize` and `impl codegen::object::ToObject` for the struct `name`. An `input`
/// (a request, or a type inside one) leaves out the optional fields it was not given and,
/// with `skip_query`, the fields that travel in the query.
pub fn to_object_impls(name: &str, fields: &[Field], input: bool, skip_query: bool) -> TokenStream {
    let name_ident = ident(name);
    let written: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.location != FieldIn::SigningKey)
        .filter(|f| !(skip_query && f.location == FieldIn::Query))
        .map(|f| {
            let n = rust_ident(&f.rust);
            let wire = &f.wire;
            if input && !f.required {
                quote!(fields.optional(#wire, &self.#n);)
            } else {
                quote!(fields.field(#wire, &self.#n);)
            }
        })
        .collect();
    let param = if written.is_empty() {
        quote!(_fields)
    } else {
        quote!(fields)
    };
    quote! {
        impl codegen::serde::Serialize for #name_ident {
            fn serialize<S: codegen::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                codegen::object::serialize(self, serializer)
            }
        }
        impl codegen::object::ToObject for #name_ident {
            const NAME: &'static str = #name;
            fn write<'a>(&'a self, #param: &mut codegen::object::Fields<'a>) {
                #(#written)*
            }
        }
    }
}

/// `impl Deserialize` and `impl codegen::object::FromObject` for the struct `name`; under
/// `#[cfg(test)]` when only the crate's own tests decode it.
pub fn from_object_impls(name: &str, fields: &[Field], only_in_tests: bool) -> TokenStream {
    let name_ident = ident(name);
    let cfg = only_in_tests.then(|| quote!(#[cfg(test)]));
    // Test-only impls name the runtime in full: the module's imports are for all builds.
    let codegen = if only_in_tests {
        quote!(::wxapi_runtime::codegen)
    } else {
        quote!(codegen)
    };
    // The signing key is never on the wire: it is not read, and starts empty.
    let (read, unread): (Vec<&Field>, Vec<&Field>) = fields
        .iter()
        .partition(|f| f.location != FieldIn::SigningKey);
    let keys = read.iter().map(|f| f.wire.as_str());
    let taken: Vec<&str> = fields.iter().map(|f| f.rust.name.as_str()).collect();
    let entries = fresh("entries", &taken);
    let key = fresh("key", &taken);
    let slots = read.iter().map(|f| {
        let n = rust_ident(&f.rust);
        quote!(let mut #n = None;)
    });
    let arms = read.iter().map(|f| {
        let n = rust_ident(&f.rust);
        let wire = &f.wire;
        let value = if lenient(f) {
            quote!(#entries.lenient()?)
        } else {
            quote!(#entries.value()?)
        };
        // An optional field's `Option` is the slot itself: `null` decodes to `None`.
        let value = if f.required {
            quote!(Some(#value))
        } else {
            value
        };
        quote!(#wire => #n = #value,)
    });
    let inits = read.iter().map(|f| {
        let n = rust_ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote!(#n: #codegen::object::required(#n, #wire)?,)
        } else {
            quote!(#n,)
        }
    });
    let defaults = unread.iter().map(|f| {
        let n = rust_ident(&f.rust);
        quote!(#n: Default::default(),)
    });
    let body = if read.is_empty() {
        quote! {
            while #entries.next_key()?.is_some() {}
        }
    } else {
        quote! {
            #(#slots)*
            while let Some(#key) = #entries.next_key()? {
                match #key {
                    #(#arms)*
                    _ => #entries.skip()?,
                }
            }
        }
    };
    quote! {
        #cfg
        impl<'de> #codegen::serde::Deserialize<'de> for #name_ident {
            fn deserialize<D: #codegen::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #codegen::object::deserialize(deserializer)
            }
        }
        #cfg
        impl #codegen::object::FromObject for #name_ident {
            const NAME: &'static str = #name;
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            fn read<'de, A: #codegen::serde::de::MapAccess<'de>>(
                mut #entries: #codegen::object::Entries<A>,
            ) -> Result<Self, A::Error> {
                #body
                Ok(Self { #(#inits)* #(#defaults)* })
            }
        }
    }
}

/// Whether a field decodes through `codegen::lenient`: a lenient string or number that
/// is not kept in a `Secret`.
fn lenient(f: &Field) -> bool {
    f.lenient && !f.sensitive && matches!(f.ty, Ty::String | Ty::Integer(_) | Ty::Number)
}

/// `base`, or `base` with underscores appended until no field is called that: the method's
/// own locals must not shadow a field's slot.
fn fresh(base: &str, taken: &[&str]) -> Ident {
    let mut name = base.to_owned();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    ident(&name)
}
