//! Generating part of a spec: the endpoints of chosen groups, or chosen endpoints, and what
//! they need: the services that go through them and the shared types they reach. A build
//! script that calls three endpoints of a large spec compiles those three.

use std::collections::HashSet;

use crate::model::{Model, TypeGroup};

/// What to keep: every endpoint of `groups`, and each endpoint of `endpoints` (by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub groups: Vec<String>,
    pub endpoints: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.endpoints.is_empty()
    }
}

/// A selection naming a group or an endpoint the spec doesn't have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the spec has no {what} `{name}`; it has: {known}")]
pub struct SelectionError {
    /// `group` or `endpoint`.
    pub what: &'static str,
    pub name: String,
    /// What the spec does have, comma-separated.
    pub known: String,
}

/// The part of `model` that `selection` keeps.
pub fn select(model: &Model, selection: &Selection) -> Result<Model, SelectionError> {
    for name in &selection.groups {
        if !model.groups.iter().any(|g| &g.name == name) {
            let known = model.groups.iter().map(|g| g.name.as_str());
            return Err(unknown("group", name, known));
        }
    }
    for id in &selection.endpoints {
        if !model.endpoints.iter().any(|e| &e.id == id) {
            let known = model.endpoints.iter().map(|e| e.id.as_str());
            return Err(unknown("endpoint", id, known));
        }
    }
    let kept = |id: &str, group: Option<&String>| {
        selection.endpoints.iter().any(|e| e == id)
            || group.is_some_and(|g| selection.groups.contains(g))
    };
    let endpoints: Vec<_> = model
        .endpoints
        .iter()
        .filter(|e| kept(&e.id, e.group.as_ref()))
        .cloned()
        .collect();
    let has = |id: &str| endpoints.iter().any(|e| e.id == id);
    let services: Vec<_> = model
        .services
        .iter()
        .filter(|s| has(&s.via.id) && s.retrieve.as_ref().is_none_or(|r| has(&r.id)))
        .cloned()
        .collect();
    // The shared types the kept endpoints and services reach; other shared types would be
    // compiled for nothing.
    let mut reached = HashSet::new();
    for e in &endpoints {
        reached.extend(model.types_of_endpoint(e));
    }
    for s in &services {
        reached.extend(model.types_of_service(s));
    }
    let type_groups = model
        .type_groups
        .iter()
        .filter_map(|g| only_reached(g, &reached))
        .collect();
    let groups = model
        .groups
        .iter()
        .filter(|g| endpoints.iter().any(|e| e.group.as_ref() == Some(&g.name)))
        .cloned()
        .collect();
    let invoke_service = model.invoke_service.clone().filter(|via| has(&via.id));
    Ok(Model {
        common_errors: model.common_errors.clone(),
        groups,
        type_groups,
        endpoints,
        services,
        invoke_service,
        type_index: Default::default(),
    })
}

/// A types module with only the types in `reached`; `None` when that is none of them.
fn only_reached(group: &TypeGroup, reached: &HashSet<String>) -> Option<TypeGroup> {
    let types: Vec<_> = group
        .types
        .iter()
        .filter(|t| reached.contains(&t.name))
        .cloned()
        .collect();
    (!types.is_empty()).then(|| TypeGroup {
        types,
        ..group.clone()
    })
}

fn unknown<'a>(
    what: &'static str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> SelectionError {
    SelectionError {
        what,
        name: name.to_owned(),
        known: known.collect::<Vec<_>>().join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Diagnostics, SpecTree};

    fn model() -> Model {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let tree = SpecTree::read(&root).expect("spec/ reads");
        let mut dx = Diagnostics::default();
        check(&tree, &mut dx).unwrap_or_else(|| panic!("the spec is invalid: {dx}"))
    }

    #[test]
    fn a_group_keeps_its_endpoints_and_the_shared_types_they_reach() {
        let full = model();
        let selection = Selection {
            groups: vec!["qrcode".to_owned()],
            endpoints: vec!["code2_session".to_owned()],
        };
        let part = select(&full, &selection).expect("known names");
        let ids: Vec<&str> = part.endpoints.iter().map(|e| e.id.as_str()).collect();
        assert!(ids.contains(&"code2_session"), "{ids:?}");
        assert!(ids.contains(&"get_unlimited_qrcode"), "{ids:?}");
        assert!(!ids.contains(&"msg_sec_check"), "{ids:?}");
        assert!(part
            .endpoints
            .iter()
            .all(|e| e.id == "code2_session" || e.group.as_deref() == Some("qrcode")));
        // The link types are the QR group's; the security and data-analysis ones are not kept.
        let modules: Vec<&str> = part.type_groups.iter().map(|g| g.module.as_str()).collect();
        assert!(modules.contains(&"links"), "{modules:?}");
        assert!(!modules.contains(&"sec_check"), "{modules:?}");
        assert!(part.services.is_empty() && part.invoke_service.is_none());
        let groups: Vec<&str> = part.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(groups, ["login", "qrcode"]);
    }

    #[test]
    fn the_service_market_group_keeps_the_services() {
        let full = model();
        let selection = Selection {
            groups: vec!["service_market".to_owned()],
            endpoints: Vec::new(),
        };
        let part = select(&full, &selection).expect("known names");
        assert_eq!(part.services.len(), full.services.len());
        assert!(part.invoke_service.is_some());
    }

    #[test]
    fn an_unknown_name_says_what_there_is() {
        let err = select(
            &model(),
            &Selection {
                groups: vec!["logn".to_owned()],
                endpoints: Vec::new(),
            },
        )
        .expect_err("no such group");
        assert_eq!(err.what, "group");
        assert!(err
            .to_string()
            .starts_with("the spec has no group `logn`; it has: login, "));
    }
}
