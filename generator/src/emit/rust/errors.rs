//! Error enums: the shared `CommonError`, and one enum per endpoint that wraps it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{doc, ident, int, paragraphs};
use crate::model::{ErrorCode, ErrorTable};

/// The doc of a variant: code and message, then what to do (on the same line when short).
fn variant_doc(code: &ErrorCode) -> TokenStream {
    let head = format!("`{}` {}", code.code, code.message);
    let head = match code.solution.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() && !s.contains('\n') && head.len() + s.len() < 90 => {
            format!("{head}: {s}")
        }
        Some(s) if !s.is_empty() => format!("{head}\n\n{s}"),
        _ => head,
    };
    doc(&paragraphs([Some(head.as_str()), code.doc.as_deref()]))
}

/// The enum's table: `impl codegen::ErrorTable`, one `codegen::error_code!` row per code in
/// spec order, `Variant(code = 61010, message = "…", solution = "…", retry = true)`, leaving
/// out a missing solution and flags that are off. Each row is its own macro call, so each
/// starts on its own line.
fn table_impl(name: &Ident, table: &ErrorTable) -> TokenStream {
    let rows = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let number = int(c.code);
        let message = &c.message;
        let solution = c
            .solution
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| quote!(, solution = #s));
        let retry = c.retry.then(|| quote!(, retry = true));
        let refresh = c.refresh_token.then(|| quote!(, refresh_token = true));
        quote!(
            codegen::error_code!(#n(code = #number, message = #message #solution #retry #refresh))
        )
    });
    quote! {
        impl codegen::ErrorTable for #name {
            const CODES: &'static [codegen::ErrorCode<Self>] = &[#(#rows),*];
        }
    }
}

/// `CommonError`: WeChat's global return codes, emitted once: the enum, its table, and its
/// behaviour (`from_code`, `info`, `code()`, `Display`, ...) from `codegen::api_error!`, the
/// same way as every endpoint's enum.
pub fn common(table: &ErrorTable) -> TokenStream {
    let docs = doc(&paragraphs([
        Some("WeChat's global return codes: any endpoint may answer with one of these."),
        table.doc.as_deref(),
    ]));
    let variants = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let d = variant_doc(c);
        quote!(#d #n,)
    });
    let name = ident("CommonError");
    let table = table_impl(&name, table);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #table
        codegen::api_error!(#name);
    }
}

/// One endpoint's error enum: its own codes, `Common(CommonError)`, `Unknown`; its table;
/// and its behaviour (`code()`, `ApiError`, `Display`, ...) from `codegen::api_error!`.
pub fn endpoint(name: &str, what: &str, table: &ErrorTable, common: &Ident) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc(&format!(
        "Errors of {what}: its own codes, WeChat's common codes, and codes the spec doesn't know."
    ));
    let variants = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let d = variant_doc(c);
        quote!(#d #n,)
    });
    let table = table_impl(&name_ident, table);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name_ident {
            #(#variants)*
            /// A code from WeChat's common table.
            Common(#common),
            /// A code the spec does not declare, with the message WeChat sent.
            Unknown {
                /// The `errcode`.
                code: i64,
                /// The `errmsg`, as received.
                message: String,
            },
        }
        #table
        codegen::api_error!(#name_ident(common = #common));
    }
}
