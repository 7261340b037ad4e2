//! Stage 3a: the checked model -> Rust, as a tree of modules.
//!
//! Every item is built with `quote!`, parsed with syn and printed with prettyplease; no
//! Rust is assembled from strings. The tree is laid out either as files of a crate
//! (`src/lib.rs`, `src/endpoints/msg_sec_check.rs`, ...) or as one file for `include!` from
//! `OUT_DIR`; each module imports what it names from the root with one relative `use`
//! (`use super::super::{Client, CommonError};`), so both work.

mod directions;
mod endpoint;
mod errors;
mod examples;
mod features;
mod format;
mod layout;
mod mock_tests;
mod object;
mod page_calls;
mod service;
mod structs;
mod tokens;

use directions::Directions;
pub use features::{cargo_features, Gates, FEATURES_BEGIN, FEATURES_END};

use proc_macro2::TokenStream;
use quote::quote;

pub use examples::examples_test;
pub use format::{render, RenderError};
pub use layout::{lay_out, Layout, RustFile};
pub use mock_tests::mock_tests;

use crate::model::Model;
use structs::Place;
use tokens::{doc, ident, Depth, Scope};

/// A module of the generated code, before layout. Its items are made into tokens only
/// when its file is rendered (tokens can't cross threads; files render in parallel).
pub struct Module<'m> {
    pub name: String,
    pub doc: String,
    /// Spec files this module is generated from (spec-relative), for the header.
    pub sources: Vec<String>,
    /// The cargo features it compiles under (any of them); empty: always.
    pub features: Vec<String>,
    pub items: Items<'m>,
    pub children: Vec<Module<'m>>,
}

/// What a module's items are made from.
pub enum Items<'m> {
    /// The crate (or `include!`) root: re-exports of the client, the common errors, the
    /// named groups, and the runtime's public types.
    Root {
        /// The group modules to re-export, each under the features of its children.
        globs: Vec<(String, Vec<String>)>,
    },
    Client,
    Common,
    /// A group module: glob re-exports of its children, each under its features.
    Globs(Vec<(String, Vec<String>)>),
    TypeGroup(&'m crate::model::TypeGroup),
    Endpoint(&'m crate::model::Endpoint),
    Service(&'m crate::model::Service),
}

/// What every module's emission reads: the model, and facts derived from it once.
pub struct EmitContext<'m> {
    pub model: &'m Model,
    directions: Directions,
    gates: Gates,
}

impl<'m> EmitContext<'m> {
    /// `serde_both_ways` derives both serde traits on every type; `examples_test` lets
    /// types that are only sent decode in the crate's tests (the examples test and the mock
    /// tests decode request examples).
    /// `feature_gates` puts each group's modules behind its cargo feature.
    pub fn new(
        model: &'m Model,
        serde_both_ways: bool,
        examples_test: bool,
        feature_gates: bool,
    ) -> Self {
        EmitContext {
            model,
            directions: Directions::new(model, serde_both_ways, examples_test),
            gates: Gates::new(model, feature_gates),
        }
    }

    /// The cargo features of each module.
    pub fn gates(&self) -> &Gates {
        &self.gates
    }
}

impl Items<'_> {
    /// The module's own items (not its `mod` declarations).
    pub fn tokens(&self, cx: &EmitContext) -> TokenStream {
        let model = cx.model;
        match self {
            Items::Root { globs } => {
                let globs = globs.iter().map(|(g, features)| {
                    let cfg = features::cfg_attrs(features);
                    let g = ident(g);
                    quote!(#cfg pub use #g::*;)
                });
                let runtime = crate::naming::RUNTIME_REEXPORTS.iter().map(|n| ident(n));
                quote! {
                    pub use client::{Client, ServiceMarket};
                    pub use common::CommonError;
                    #(#globs)*
                    pub use ::wxapi_runtime::{token, #(#runtime),*};
                    /// Configures and builds a [`Client`]; start with [`Client::builder`].
                    pub type ClientBuilder = ::wxapi_runtime::ClientBuilder<Client>;
                }
            }
            Items::Client => client_items(model, &cx.gates),
            Items::Common => common_items(model),
            Items::Globs(names) => {
                let uses = names.iter().map(|(n, features)| {
                    let cfg = features::cfg_attrs(features);
                    let n = ident(n);
                    quote!(#cfg pub use #n::*;)
                });
                quote!(#(#uses)*)
            }
            Items::TypeGroup(g) => {
                let home = crate::model::TypeHome::Shared(g.module.clone());
                let scope = Scope::new(Depth(2), &home);
                let place = Place {
                    model,
                    scope: &scope,
                    directions: &cx.directions,
                };
                let types = g.types.iter().map(|t| structs::type_def(t, &place));
                let items = tokens::concat(types);
                tokens::with_uses(items, &scope)
            }
            Items::Endpoint(e) => endpoint::module(model, e, &cx.directions),
            Items::Service(s) => service::module(model, s, &cx.directions),
        }
    }
}

/// The whole generated client as a module tree rooted at the crate (or `include!`) root.
pub fn modules<'m>(model: &'m Model, gates: &Gates) -> Module<'m> {
    let mut children = vec![client_module(), common_module(model)];
    children.push(group(
        "types",
        "Named types shared by several endpoints.",
        model
            .type_groups
            .iter()
            .map(|g| Module {
                name: g.module.clone(),
                doc: g
                    .doc
                    .clone()
                    .unwrap_or_else(|| format!("Types of `{}`.", g.origin.file)),
                sources: vec![g.origin.file.clone()],
                features: gates.type_group(&g.module),
                items: Items::TypeGroup(g),
                children: Vec::new(),
            })
            .collect(),
    ));
    children.push(group(
        "endpoints",
        "One module per endpoint: its request, response, error enum and client method.",
        model
            .endpoints
            .iter()
            .map(|e| Module {
                name: e.id.clone(),
                doc: format!("`{}`: {}", e.id, e.title),
                sources: vec![e.origin.file.clone()],
                features: gates.endpoint(e),
                items: Items::Endpoint(e),
                children: Vec::new(),
            })
            .collect(),
    ));
    children.push(group(
        "services",
        "One module per service-market API: its data, result and typed method.",
        model
            .services
            .iter()
            .map(|s| Module {
                name: s.id.clone(),
                doc: format!("`{}`: {}", s.id, s.title),
                sources: vec![s.origin.file.clone()],
                features: gates.service(model, s),
                items: Items::Service(s),
                children: Vec::new(),
            })
            .collect(),
    ));
    // A glob re-export of an empty module is an unused import: only non-empty groups, each
    // compiled when any of its children is.
    let globs = children
        .iter()
        .filter(|c| c.name != "client" && c.name != "common" && !c.children.is_empty())
        .map(|c| (c.name.clone(), any_of(&c.children)))
        .collect();
    Module {
        name: String::new(),
        doc: "Typed clients for WeChat's server APIs, generated from the spec by wxapi-codegen."
            .to_owned(),
        sources: Vec::new(),
        features: Vec::new(),
        items: Items::Root { globs },
        children,
    }
}

/// The features under which any of `modules` compiles: none when one of them always does.
fn any_of(modules: &[Module]) -> Vec<String> {
    let mut features: Vec<String> = Vec::new();
    for m in modules {
        if m.features.is_empty() {
            return Vec::new();
        }
        for f in &m.features {
            if !features.contains(f) {
                features.push(f.clone());
            }
        }
    }
    features
}

/// A module that only holds children and re-exports everything in them.
fn group<'m>(name: &str, doc: &str, children: Vec<Module<'m>>) -> Module<'m> {
    let names = children
        .iter()
        .map(|c| (c.name.clone(), c.features.clone()))
        .collect();
    Module {
        name: name.to_owned(),
        doc: doc.to_owned(),
        sources: Vec::new(),
        features: Vec::new(),
        items: Items::Globs(names),
        children,
    }
}

fn client_module<'m>() -> Module<'m> {
    Module {
        name: "client".to_owned(),
        doc: "The client type the endpoint methods are defined on.".to_owned(),
        sources: Vec::new(),
        features: Vec::new(),
        items: Items::Client,
        children: Vec::new(),
    }
}

fn client_items(model: &Model, gates: &Gates) -> TokenStream {
    let raw = model.invoke_service.as_ref().map(|invoke| {
        let cfg = features::cfg_attrs(&gates.invoke_service_raw(model));
        let request = ident(&invoke.request);
        let error = ident(&invoke.error);
        let docs = doc(&format!(
            "Calls a provider API the spec doesn't declare, by service id and API name, through `{}`.\n\n\
             The result is the response's `data`, decoded from its string as any JSON; `raw()` keeps the text.",
            invoke.id
        ));
        quote! {
            #cfg
            impl ServiceMarket<'_> {
                #docs
                pub async fn invoke_service_raw(
                    &self,
                    service: &str,
                    api: &str,
                    data: &codegen::serde_json::Value,
                ) -> Result<codegen::JsonString<codegen::serde_json::Value>, codegen::Error<super::#error>> {
                    let endpoint = <super::#request as codegen::Request>::ENDPOINT;
                    codegen::call_service_raw(self.client.runtime(), &endpoint, service, api, data).await
                }
            }
        }
    });
    let client_doc = doc(
        "A WeChat API client: one method per endpoint of the spec.\n\n\
         Build one with [`Client::builder`], keep it, and clone it freely: clones share the \
         connection pool and the access token.",
    );
    quote! {
            use ::wxapi_runtime::codegen;
            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                runtime: codegen::Client,
            }
            impl Client {
                /// Starts configuring a client: app id and secret, base URL, timeouts.
                pub fn builder() -> codegen::ClientBuilder<Self> {
                    codegen::ClientBuilder::new()
                }
                /// The runtime client underneath: the access token calls would carry now
                /// (for the JS-SDK, say), a forced token refresh, the app id and base URL.
                pub fn runtime(&self) -> &codegen::Client {
                    &self.runtime
                }
                /// The service market's provider APIs, each a typed method.
                pub fn service_market(&self) -> ServiceMarket<'_> {
                    ServiceMarket { client: self }
                }
            }
            impl From<codegen::Client> for Client {
                fn from(runtime: codegen::Client) -> Self {
                    Self { runtime }
                }
            }
            /// The service market (服务市场): typed calls to provider APIs through invokeService.
            #[derive(Debug, Clone, Copy)]
            pub struct ServiceMarket<'a> {
                client: &'a Client,
            }
            impl<'a> ServiceMarket<'a> {
                /// The client these calls go through.
                pub fn client(&self) -> &'a Client {
                    self.client
                }
            }
            #raw
    }
}

fn common_items(model: &Model) -> TokenStream {
    let items = errors::common(&model.common_errors);
    quote! {
        use ::wxapi_runtime::codegen;
        #items
    }
}

fn common_module(model: &Model) -> Module<'_> {
    Module {
        name: "common".to_owned(),
        doc: "WeChat's global return codes, shared by every endpoint's error enum.".to_owned(),
        sources: model
            .common_errors
            .origin
            .iter()
            .map(|o| o.file.clone())
            .collect(),
        features: Vec::new(),
        items: Items::Common,
        children: Vec::new(),
    }
}
