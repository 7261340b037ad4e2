//! `wxapi-codegen new endpoint|service NAME`: a commented spec file that validates as is,
//! so a maintainer starts from something right and fills in the blanks.

use minijinja::{context, Environment};

use crate::naming;
use crate::schema::Kind;

/// What to scaffold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Endpoint,
    Service,
}

const ENDPOINT: &str = include_str!("../../templates/scaffold/endpoint.yaml.j2");
const SERVICE: &str = include_str!("../../templates/scaffold/service.yaml.j2");

/// A new spec file: where it goes (relative to the spec folder) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub rel: String,
    pub text: String,
}

/// Renders the scaffold for `id`, which must be a snake_case Rust identifier.
pub fn scaffold(what: What, id: &str) -> Result<Scaffold, String> {
    if !naming::is_snake_ident(id) {
        let better = naming::field(id).map(|i| i.name).filter(|b| b != id);
        return Err(match better {
            Some(b) => format!("`{id}` can't be an id: ids are snake_case Rust names; try `{b}`"),
            None => format!("`{id}` can't be an id: use snake_case ASCII, e.g. `msg_sec_check`"),
        });
    }
    let (template, folder, kind) = match what {
        What::Endpoint => (ENDPOINT, "endpoints", Kind::Endpoint),
        What::Service => (SERVICE, "services", Kind::Service),
    };
    let rel = format!("{folder}/{id}.yaml");
    // From spec/<folder>/ up to the repository, then into the generated crate.
    let schema_path = format!("../../generated/schema/{}", kind.file_name());
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    let text = env
        .render_str(
            template,
            context! { id => id, api => naming::type_name(id).unwrap_or_default(), schema_path => schema_path },
        )
        .map_err(|e| format!("the scaffold template failed: {e:#}"))?;
    Ok(Scaffold { rel, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SpecTree;
    use crate::Diagnostics;

    /// A scaffold is a valid spec with no warnings, alone or next to the other kind.
    #[test]
    fn scaffolds_validate_as_they_are() {
        let endpoint = scaffold(What::Endpoint, "user_risk_rank").expect("endpoint");
        let service = scaffold(What::Service, "translate_text").expect("service");
        let mut invoke = scaffold(What::Endpoint, "invoke_service").expect("carrier");
        invoke.text = invoke
            .text
            .replace("/wxa/invoke_service", "/wxa/servicemarket");
        let tree = SpecTree {
            display_root: "spec".into(),
            files: [endpoint, service, invoke]
                .into_iter()
                .map(|s| (s.rel, s.text.into_bytes()))
                .collect(),
        };
        let mut dx = Diagnostics::default();
        let model = crate::check(&tree, &mut dx);
        assert!(model.is_some() && dx.is_empty(), "{dx}");
    }

    #[test]
    fn the_schema_line_comes_first_and_points_at_the_schema() {
        let s = scaffold(What::Endpoint, "x").expect("scaffold");
        assert_eq!(
            s.text.lines().next(),
            Some("# yaml-language-server: $schema=../../generated/schema/endpoint.schema.json")
        );
    }

    #[test]
    fn bad_ids_are_refused_with_a_suggestion() {
        let err = scaffold(What::Endpoint, "MsgSecCheck").expect_err("camel case");
        assert!(err.contains("try `msg_sec_check`"), "{err}");
        assert!(scaffold(What::Service, "type").is_err());
    }
}
