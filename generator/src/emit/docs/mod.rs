//! Stage 3b: the checked model -> markdown reference pages, rendered with minijinja from
//! the templates in the crate's `templates/docs/` (built in; a directory can override them).

mod view;

use minijinja::context;

use super::templates::BuiltIn;
use serde::Serialize;

use crate::model::Model;

/// The built-in templates, from the crate's `templates/docs/`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "_macros.md.j2",
        include_str!("../../../templates/docs/_macros.md.j2"),
    ),
    (
        "endpoint.md.j2",
        include_str!("../../../templates/docs/endpoint.md.j2"),
    ),
    (
        "service.md.j2",
        include_str!("../../../templates/docs/service.md.j2"),
    ),
    (
        "types.md.j2",
        include_str!("../../../templates/docs/types.md.j2"),
    ),
    (
        "errors.md.j2",
        include_str!("../../../templates/docs/errors.md.j2"),
    ),
    (
        "index.md.j2",
        include_str!("../../../templates/docs/index.md.j2"),
    ),
    (
        "SUMMARY.md.j2",
        include_str!("../../../templates/docs/SUMMARY.md.j2"),
    ),
];

/// The docs templates: the built-in ones, each possibly replaced from a directory.
pub type Templates = super::templates::Templates<Docs>;

/// The marker for this emitter's built-in templates.
#[derive(Debug, Clone)]
pub enum Docs {}

impl BuiltIn for Docs {
    const TEMPLATES: &'static [(&'static str, &'static str)] = BUILT_IN;
}

/// A template failed to render: a broken template, reported with its name.
#[derive(Debug, thiserror::Error)]
#[error("docs template {template}: {message}")]
pub struct DocsError {
    pub template: String,
    pub message: String,
}

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

/// Collapses runs of blank lines the templates leave, and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim_matches('\n');
    format!("{trimmed}\n")
}
