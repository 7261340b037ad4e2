//! Error enums: the shared `CommonError`, and one enum per endpoint that wraps it.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, int, paragraphs, Depth};
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

/// `const { &codegen::ErrorInfo::new(..) }`, with `.retry()` / `.refresh_token()` when set:
/// a `'static` constant, built through the constructor because the struct may grow.
fn info(code: &ErrorCode) -> TokenStream {
    let number = int(code.code);
    let name = &code.name;
    let message = &code.message;
    let solution = code.solution.as_deref().unwrap_or_default();
    let retry = code.retry.then(|| quote!(.retry()));
    let refresh = code.refresh_token.then(|| quote!(.refresh_token()));
    quote! {
        const { &codegen::ErrorInfo::new(#number, #name, #message, #solution) #retry #refresh }
    }
}

/// `CommonError`: WeChat's global return codes, emitted once.
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
    let from_arms = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let number = int(c.code);
        quote!(#number => Some(Self::#n),)
    });
    let info_arms = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let i = info(c);
        quote!(Self::#n => #i,)
    });
    // An empty table still gives a type every endpoint enum can wrap.
    let info_body = if table.codes.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#info_arms)* })
    };
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }
        impl CommonError {
            /// The variant for a code of the common table.
            pub fn from_code(code: i64) -> Option<Self> {
                match code {
                    #(#from_arms)*
                    _ => None,
                }
            }
            /// What the spec says about this code.
            pub fn info(&self) -> &'static codegen::ErrorInfo {
                #info_body
            }
            /// The `errcode`.
            pub fn code(&self) -> i64 {
                self.info().code
            }
            /// The `errmsg` WeChat documents for this code.
            pub fn message(&self) -> &'static str {
                self.info().message
            }
            /// What to do about it, when the spec says.
            pub fn solution(&self) -> Option<&'static str> {
                Some(self.info().solution).filter(|s| !s.is_empty())
            }
        }
        impl std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} {}", self.code(), self.message())
            }
        }
        impl std::error::Error for CommonError {}
    }
}

/// One endpoint's error enum: its own codes, `Common(CommonError)`, `Unknown`. The
/// behaviour (`code()`, `ApiError`, `Display`, ...) comes from `codegen::api_error!`.
pub fn endpoint(name: &str, what: &str, table: &ErrorTable, depth: Depth) -> TokenStream {
    let name_ident = ident(name);
    let root = depth.root();
    let docs = doc(&format!(
        "Errors of {what}: its own codes, WeChat's common codes, and codes the spec doesn't know."
    ));
    let variants = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let d = variant_doc(c);
        quote!(#d #n,)
    });
    let codes = table.codes.iter().map(|c| {
        let n = ident(&c.name);
        let number = int(c.code);
        let message = &c.message;
        let solution = c.solution.as_deref().unwrap_or_default();
        // Flags are named only when set: `(code, "errmsg", "solution", retry)`.
        let retry = c.retry.then(|| quote!(, retry));
        let refresh = c.refresh_token.then(|| quote!(, refresh_token));
        quote!(#n => (#number, #message, #solution #retry #refresh))
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name_ident {
            #(#variants)*
            /// A code from WeChat's common table.
            Common(#root::CommonError),
            /// A code the spec does not declare, with the message WeChat sent.
            Unknown {
                /// The `errcode`.
                code: i64,
                /// The `errmsg`, as received.
                message: String,
            },
        }
        codegen::api_error!(#name_ident, #root::CommonError { #(#codes),* });
    }
}
