//! Module tree -> files: the files of a crate, or one file for `include!`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use super::{EmitContext, Module};

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

/// One Rust file, before its tokens are made and formatted. `Send`: files are rendered in
/// parallel, each on the thread that makes its tokens.
pub struct RustFile<'m> {
    /// Relative to the output directory, with `/`.
    pub path: String,
    /// Spec files it comes from (spec-relative); empty for files made of the whole tree.
    pub sources: Vec<String>,
    content: Content<'m>,
}

enum Content<'m> {
    /// One module of the crate: its doc, its children's `mod` declarations, its items.
    Crate {
        doc: String,
        /// Each child module's name and the features it compiles under.
        children: Vec<(String, Vec<String>)>,
        items: super::Items<'m>,
    },
    /// The whole tree, inline.
    Single(Module<'m>),
}

impl RustFile<'_> {
    /// The file's tokens.
    pub fn tokens(&self, cx: &EmitContext) -> TokenStream {
        match &self.content {
            Content::Crate {
                doc,
                children,
                items,
            } => {
                let inner_doc = doc.trim_end().lines().map(|line| {
                    let line = if line.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", super::tokens::autolink(line))
                    };
                    quote!(#![doc = #line])
                });
                let decls = children.iter().map(|(c, features)| {
                    let cfg = super::features::cfg_attrs(features);
                    let n = ident(c);
                    quote!(#cfg pub mod #n;)
                });
                let head = quote! {
                    #(#inner_doc)*
                    #(#decls)*
                };
                super::tokens::concat([head, items.tokens(cx)])
            }
            Content::Single(root) => {
                let children = root.children.iter().map(|c| inline(c, cx));
                super::tokens::concat(std::iter::once(root.items.tokens(cx)).chain(children))
            }
        }
    }
}

pub fn lay_out<'m>(root: Module<'m>, layout: &Layout) -> Vec<RustFile<'m>> {
    match layout {
        Layout::Crate => {
            let mut out = Vec::new();
            crate_files(root, &[], &mut out);
            out
        }
        Layout::SingleFile(name) => vec![RustFile {
            path: name.clone(),
            sources: Vec::new(),
            content: Content::Single(root),
        }],
    }
}

fn inline(module: &Module, cx: &EmitContext) -> TokenStream {
    let name = ident(&module.name);
    let doc = super::tokens::doc(&module.doc);
    let cfg = super::features::cfg_attrs(&module.features);
    let items = module.items.tokens(cx);
    let children = module.children.iter().map(|c| inline(c, cx));
    quote! {
        #doc
        #cfg
        pub mod #name {
            #items
            #(#children)*
        }
    }
}

fn crate_files<'m>(module: Module<'m>, parents: &[String], out: &mut Vec<RustFile<'m>>) {
    let Module {
        name,
        doc,
        sources,
        features: _,
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
    out.push(RustFile {
        path,
        sources,
        content: Content::Crate {
            doc,
            children: children
                .iter()
                .map(|c| (c.name.clone(), c.features.clone()))
                .collect(),
            items,
        },
    });
    for child in children {
        crate_files(child, &segments, out);
    }
}
