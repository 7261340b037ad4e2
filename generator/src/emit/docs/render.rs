//! The pages, rendered from the model's docs view with the templates.

use minijinja::context;
use serde::Serialize;

use super::{view, DocsError, Templates};
use crate::emit::templates::tidy;
use crate::model::Model;

/// Renders every page. `header_for` gives each page's `@generated` comment.
pub fn render(
    model: &Model,
    templates: &Templates,
    spec_root: &str,
    header_for: &dyn Fn(&[String]) -> String,
) -> Result<Vec<(String, String)>, DocsError> {
    let env = templates
        .set()
        .environment()
        .map_err(|(name, e)| error(&name, &e))?;
    let mut pages = Vec::new();
    let mut page = |template: &str, path: String, sources: Vec<String>, ctx: minijinja::Value| {
        let header = header_for(&sources);
        let tmpl = env
            .get_template(template)
            .map_err(|e| error(template, &e))?;
        let text = tmpl
            .render(context! { header => header, ..ctx })
            .map_err(|e| error(template, &e))?;
        pages.push((path, tidy(&text)));
        Ok::<(), DocsError>(())
    };
    let endpoints: Vec<_> = model
        .endpoints
        .iter()
        .map(|e| view::endpoint(model, e, spec_root))
        .collect();
    let services: Vec<_> = model
        .services
        .iter()
        .map(|s| view::service(s, spec_root))
        .collect();
    let groups: Vec<_> = model
        .type_groups
        .iter()
        .map(|g| view::group(g, spec_root))
        .collect();
    for (e, model_e) in endpoints.iter().zip(&model.endpoints) {
        page(
            "endpoint.md.j2",
            format!("endpoints/{}.md", e.id),
            vec![model_e.origin.file.clone()],
            context! { e => value(e) },
        )?;
    }
    for (s, model_s) in services.iter().zip(&model.services) {
        page(
            "service.md.j2",
            format!("services/{}.md", s.id),
            vec![model_s.origin.file.clone()],
            context! { s => value(s) },
        )?;
    }
    for (g, model_g) in groups.iter().zip(&model.type_groups) {
        page(
            "types.md.j2",
            format!("types/{}.md", g.module),
            vec![model_g.origin.file.clone()],
            context! { g => value(g) },
        )?;
    }
    let common_sources: Vec<String> = model
        .common_errors
        .origin
        .iter()
        .map(|o| o.file.clone())
        .collect();
    page(
        "errors.md.j2",
        "errors.md".to_owned(),
        common_sources,
        context! { doc => model.common_errors.doc.clone(), errors => value(&view::common_rows(model)) },
    )?;
    let all = context! {
        endpoints => value(&endpoints),
        services => value(&services),
        groups => value(&groups),
    };
    page(
        "index.md.j2",
        "README.md".to_owned(),
        Vec::new(),
        all.clone(),
    )?;
    page("SUMMARY.md.j2", "SUMMARY.md".to_owned(), Vec::new(), all)?;
    Ok(pages)
}

fn value<T: Serialize>(v: &T) -> minijinja::Value {
    minijinja::Value::from_serialize(v)
}

fn error(template: &str, e: &minijinja::Error) -> DocsError {
    DocsError {
        template: template.to_owned(),
        message: format!("{e:#}"),
    }
}
