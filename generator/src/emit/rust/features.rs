//! Which cargo features gate each module of the generated crate.
//!
//! Each endpoint group (a folder of `spec/endpoints/`, named in `spec/groups.yaml`) is a
//! feature: an endpoint's module compiles only with its group's feature, a service's with the
//! feature of the endpoint it goes through, and a shared types module with any feature of the
//! modules that use its types. What belongs to no group (an endpoint at the top of
//! `spec/endpoints/`, a types module nothing gated uses) is always compiled. A user who needs
//! login and QR codes then compiles those and what they share, not logistics or cloud base.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Endpoint, Model, Service};

/// The features of every gated module; empty everywhere when gating is off (a build
/// script's output, whose crate has no such features).
#[derive(Debug, Default)]
pub struct Gates {
    enabled: bool,
    /// Shared types module -> the features of its users; absent: always compiled.
    shared: HashMap<String, Vec<String>>,
}

impl Gates {
    pub fn new(model: &Model, enabled: bool) -> Self {
        if !enabled {
            return Gates::default();
        }
        let mut gates = Gates {
            enabled,
            shared: HashMap::new(),
        };
        // `None` among a module's users: something ungated uses it, so it is never gated.
        let mut users: HashMap<String, BTreeSet<Option<String>>> = HashMap::new();
        for e in &model.endpoints {
            let feature = gates.endpoint_feature(e);
            for module in shared_modules(model, &model.types_of_endpoint(e)) {
                users.entry(module).or_default().insert(feature.clone());
            }
        }
        for s in &model.services {
            let feature = gates.service_feature(model, s);
            for module in shared_modules(model, &model.types_of_service(s)) {
                users.entry(module).or_default().insert(feature.clone());
            }
        }
        for (module, features) in users {
            if features.iter().all(Option::is_some) {
                let features = features.into_iter().flatten().collect();
                gates.shared.insert(module, features);
            }
        }
        gates
    }

    /// The features under which an endpoint compiles (any of them).
    pub fn endpoint(&self, e: &Endpoint) -> Vec<String> {
        self.endpoint_feature(e).into_iter().collect()
    }

    /// The features under which a service compiles: those of the endpoint it goes through.
    pub fn service(&self, model: &Model, s: &Service) -> Vec<String> {
        self.service_feature(model, s).into_iter().collect()
    }

    /// The features under which a shared types module compiles.
    pub fn type_group(&self, module: &str) -> Vec<String> {
        self.shared.get(module).cloned().unwrap_or_default()
    }

    /// The features of the untyped `invoke_service_raw`: those of invokeService.
    pub fn invoke_service_raw(&self, model: &Model) -> Vec<String> {
        let via = model.invoke_service.as_ref();
        let endpoint = via.and_then(|v| model.endpoints.iter().find(|e| e.id == v.id));
        endpoint.map(|e| self.endpoint(e)).unwrap_or_default()
    }

    fn endpoint_feature(&self, e: &Endpoint) -> Option<String> {
        e.group.clone().filter(|_| self.enabled)
    }

    fn service_feature(&self, model: &Model, s: &Service) -> Option<String> {
        let via = model.endpoints.iter().find(|e| e.id == s.via.id)?;
        self.endpoint_feature(via)
    }
}

/// The shared types modules that declare any of `names`.
fn shared_modules(model: &Model, names: &std::collections::HashSet<String>) -> Vec<String> {
    model
        .type_groups
        .iter()
        .filter(|g| g.types.iter().any(|t| names.contains(&t.name)))
        .map(|g| g.module.clone())
        .collect()
}

/// `#[cfg(...)]` for an item compiled under any of `features`, and the `doc(cfg)` that
/// shows rustdoc readers which feature it needs; nothing for an ungated item.
pub fn cfg_attrs(features: &[String]) -> TokenStream {
    let Some(condition) = condition(features) else {
        return TokenStream::new();
    };
    quote! {
        #[cfg(#condition)]
        #[cfg_attr(docsrs, doc(cfg(#condition)))]
    }
}

fn condition(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(any(#(feature = #many),*))),
    }
}

/// The `[features]` entries a crate generated with feature gates declares: a feature per
/// group (in `groups.yaml` order, each with its title as a comment) and `full`, which turns
/// them all on. The crate's manifest carries them between the markers of
/// [`FEATURES_BEGIN`] and [`FEATURES_END`].
pub fn cargo_features(model: &Model) -> String {
    let mut out = String::from("# Every group below; the default.\nfull = [\n");
    for g in &model.groups {
        out.push_str(&format!("    \"{}\",\n", g.name));
    }
    out.push_str("]\n");
    for g in &model.groups {
        let title = g.title.replace('\n', " ");
        out.push_str(&format!("# {title}\n{} = []\n", g.name));
    }
    out
}

/// The line before the generated feature list in the crate's `Cargo.toml`.
pub const FEATURES_BEGIN: &str =
    "# Endpoint groups, one feature each, from spec/groups.yaml (a test of wxapi-codegen keeps them fresh).";
/// The line after it.
pub const FEATURES_END: &str = "# End of the endpoint groups.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_feature_is_a_plain_cfg_and_several_are_any() {
        assert!(cfg_attrs(&[]).is_empty());
        let one = cfg_attrs(&["login".to_owned()]).to_string();
        assert_eq!(
            one,
            "# [cfg (feature = \"login\")] # [cfg_attr (docsrs , doc (cfg (feature = \"login\")))]"
        );
        let two = cfg_attrs(&["login".to_owned(), "qrcode".to_owned()]).to_string();
        assert!(two.starts_with("# [cfg (any (feature = \"login\" , feature = \"qrcode\"))]"));
    }
}
