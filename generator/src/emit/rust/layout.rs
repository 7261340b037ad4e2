//! Module tree -> files: the files of a crate, or one file for `include!`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use super::Module;

/// Where the root module of the checked-in crate goes. The crate's hand-written `lib.rs`
/// declares it as `#[rustfmt::skip] mod api;` (rustfmt would otherwise reformat what
/// prettyplease printed, and the files would never be fresh) and re-exports it.
pub const CRATE_ROOT: &str = "src/api";

/// How the generated modules are laid out on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// `src/api/mod.rs`, `src/api/endpoints/mod.rs`, `src/api/endpoints/<id>.rs`, ...: the
    /// checked-in crate, where a change to one endpoint touches one file.
    Crate,
    /// Every module inline in one file, for `include!(concat!(env!("OUT_DIR"), "/<name>"))`.
    SingleFile(String),
}

/// One Rust file, before formatting.
pub struct RustFile {
    /// Relative to the output directory, with `/`.
    pub path: String,
    pub tokens: TokenStream,
    /// Spec files it comes from (spec-relative); empty for files made of the whole tree.
    pub sources: Vec<String>,
}

pub fn lay_out(root: Module, layout: &Layout) -> Vec<RustFile> {
    match layout {
        Layout::Crate => {
            let mut out = Vec::new();
            crate_files(root, &[], &mut out);
            out
        }
        Layout::SingleFile(name) => {
            let Module {
                items, children, ..
            } = root;
            let children = children.into_iter().map(inline);
            vec![RustFile {
                path: name.clone(),
                tokens: quote!(#items #(#children)*),
                sources: Vec::new(),
            }]
        }
    }
}

fn inline(module: Module) -> TokenStream {
    let Module {
        name,
        doc,
        items,
        children,
        ..
    } = module;
    let name = ident(&name);
    let doc = super::tokens::doc(&doc);
    let children = children.into_iter().map(inline);
    quote! {
        #doc
        pub mod #name {
            #items
            #(#children)*
        }
    }
}

fn crate_files(module: Module, parents: &[String], out: &mut Vec<RustFile>) {
    let Module {
        name,
        doc,
        sources,
        items,
        children,
    } = module;
    let mut segments = parents.to_vec();
    if !name.is_empty() {
        segments.push(name);
    }
    let path = if segments.is_empty() {
        format!("{CRATE_ROOT}/mod.rs")
    } else if children.is_empty() {
        format!("{CRATE_ROOT}/{}.rs", segments.join("/"))
    } else {
        format!("{CRATE_ROOT}/{}/mod.rs", segments.join("/"))
    };
    let inner_doc = doc.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    let decls = children.iter().map(|c| {
        let n = ident(&c.name);
        quote!(pub mod #n;)
    });
    out.push(RustFile {
        path,
        tokens: quote! {
            #(#inner_doc)*
            #(#decls)*
            #items
        },
        sources,
    });
    for child in children {
        crate_files(child, &segments, out);
    }
}
