//! `Deserialize` for a generated struct, through the runtime's `codegen::object`.
//!
//! serde's derive writes about thirty lines a field (a field enum with three visitors, a
//! sequence visitor, a map visitor); its expansion was the largest item of a generated
//! module and a third of the time `cargo check` spent on one. A struct the client decodes
//! only ever arrives as a JSON object, so it is read key by key instead: a `let` a field,
//! a `match` arm a key, and the struct built at the end. The slots' types are left to
//! inference from the struct, so that no name in the method can be shadowed by its
//! generic parameters.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, rust_ident};
use crate::model::{Field, FieldIn, Ty};

/// `impl Deserialize` and `impl codegen::object::Object` for the struct `name`; under
/// `#[cfg(test)]` when only the crate's own tests decode it.
pub fn object_impls(name: &str, fields: &[Field], only_in_tests: bool) -> TokenStream {
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
        impl #codegen::object::Object for #name_ident {
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
