//! The typings, rendered from the model's mini-program view with the templates, and checked
//! for names declared twice.

use std::collections::BTreeMap;

use minijinja::context;

use super::{view, MiniprogramError, Templates, PATH};
use crate::emit::templates::tidy;
use crate::model::Model;

/// Renders the typings: the path and the text. `header_for` gives the `@generated` comment
/// for the spec files the typings come from.
pub fn render(
    model: &Model,
    templates: &Templates,
    spec_root: &str,
    header_for: &dyn Fn(&[String]) -> String,
) -> Result<(String, String), MiniprogramError> {
    let env = templates
        .set()
        .environment()
        .map_err(|(name, e)| error(&name, &e))?;
    let view = view::file(model, spec_root);
    let template = "service-market.d.ts.j2";
    let text = env
        .get_template(template)
        .and_then(|t| {
            t.render(context! {
                header => header_for(&view.sources),
                spec_root => spec_root,
                groups => minijinja::Value::from_serialize(&view.groups),
                services => minijinja::Value::from_serialize(&view.services),
                providers => minijinja::Value::from_serialize(&view.providers),
            })
        })
        .map_err(|e| error(template, &e))?;
    let text = tidy(&text);
    check_unique(&text, model).map_err(|message| MiniprogramError {
        template: template.to_owned(),
        message,
    })?;
    Ok((PATH.to_owned(), text))
}

fn error(template: &str, e: &minijinja::Error) -> MiniprogramError {
    MiniprogramError {
        template: template.to_owned(),
        message: format!("{e:#}"),
    }
}

/// Every `interface`/`type` of the namespace is declared once. Spec names share the
/// namespace with the file's own (`Api`, `CDN`, `Json`, ...) and with the generated
/// `{Id}Option`; TypeScript would merge two interfaces of one name silently.
fn check_unique(text: &str, model: &Model) -> Result<(), String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("  ") else {
            continue;
        };
        let Some(decl) = rest
            .strip_prefix("interface ")
            .or_else(|| rest.strip_prefix("type "))
        else {
            continue;
        };
        let name = decl
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .next()
            .unwrap_or_default();
        *seen.entry(name).or_default() += 1;
    }
    let clashes: Vec<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| match model.find_type(name) {
            Some(t) => format!(
                "the type `{name}` ({}:{}) clashes with another declaration of the typings",
                t.origin.file, t.origin.line
            ),
            None => format!("`{name}` is declared twice"),
        })
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(format!("{}; rename the spec type", clashes.join("; ")))
    }
}
