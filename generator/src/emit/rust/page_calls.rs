//! The Rust call on each docs page, compiled: one function per endpoint and service in the
//! examples test, whose body is the page's code (`emit::calls`) and whose parameters are the
//! arguments the code names, typed as `new` takes them. A page whose call stops compiling
//! fails the generated crate's tests instead of misleading a reader.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_ident, Scope};
use crate::emit::calls;
use crate::model::{Message, Model, ResponseBody};

/// The functions, endpoints first; none is called, each only compiled.
pub fn page_calls(model: &Model) -> Vec<TokenStream> {
    let scope = Scope::test_module();
    let mut out = Vec::new();
    for e in &model.endpoints {
        let page = format!("docs/endpoints/{}.md", e.id);
        let name = format!("page_call_{}", e.id);
        out.push(function(
            &name,
            &page,
            &e.request,
            &calls::endpoint_call(e),
            "response",
            &scope,
        ));
        if e.response_body == ResponseBody::Binary {
            let name = format!("page_call_{}_saved", e.id);
            let code = calls::endpoint_save_media(e);
            out.push(function(&name, &page, &e.request, &code, "media", &scope));
        }
    }
    for s in &model.services {
        let page = format!("docs/services/{}.md", s.id);
        let name = format!("page_call_service_{}", s.id);
        out.push(function(
            &name,
            &page,
            &s.data,
            &calls::service_call(s),
            "result",
            &scope,
        ));
    }
    out
}

/// `async fn <name>(client, <arguments>)` running `code`, which binds `result_var`.
fn function(
    name: &str,
    page: &str,
    message: &Message,
    code: &str,
    result_var: &str,
    scope: &Scope,
) -> TokenStream {
    let name = ident(name);
    let doc = format!(" The call `{page}` shows, compiled.");
    let params = calls::new_arguments(message).map(|f| {
        let n = rust_ident(&f.rust);
        let t = scope.ty(&f.ty);
        quote!(#n: #t)
    });
    let result = ident(result_var);
    let body = match syn::parse_str::<syn::Block>(&format!("{{\n{code}\n}}")) {
        Ok(block) => {
            let stmts = block.stmts;
            quote!(#(#stmts)*)
        }
        Err(e) => {
            let message = format!("the call on {page} is not Rust: {e}");
            quote!(compile_error!(#message);)
        }
    };
    quote! {
        #[doc = #doc]
        // Deprecated endpoints keep their pages and their calls; a call takes as many
        // arguments as its request has required fields.
        #[allow(dead_code, deprecated, clippy::too_many_arguments)]
        async fn #name(
            client: &Client,
            #(#params,)*
        ) -> Result<(), Box<dyn std::error::Error>> {
            #body
            let _ = #result;
            Ok(())
        }
    }
}
