//! The pages, rendered from the model's docs view with the templates.

use minijinja::context;
use serde::Serialize;

use super::{error_index, view, DocsError, Templates};
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
    let mut pages = Pages {
        env,
        header_for,
        pages: Vec::new(),
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
        let path = format!("endpoints/{}.md", e.id);
        let sources = vec![model_e.origin.file.clone()];
        pages.add("endpoint.md.j2", path, sources, context! { e => value(e) })?;
    }
    for (s, model_s) in services.iter().zip(&model.services) {
        let path = format!("services/{}.md", s.id);
        let sources = vec![model_s.origin.file.clone()];
        pages.add("service.md.j2", path, sources, context! { s => value(s) })?;
    }
    for (g, model_g) in groups.iter().zip(&model.type_groups) {
        let path = format!("types/{}.md", g.module);
        let sources = vec![model_g.origin.file.clone()];
        pages.add("types.md.j2", path, sources, context! { g => value(g) })?;
    }
    let common_sources = model.common_errors.origin.iter();
    pages.add(
        "errors.md.j2",
        "errors.md".to_owned(),
        common_sources.map(|o| o.file.clone()).collect(),
        context! {
            doc => model.common_errors.doc.clone(),
            errors => value(&view::common_rows(model)),
            codes => value(&error_index::code_rows(model)),
        },
    )?;
    let all = context! {
        endpoints => value(&endpoints),
        sections => value(&view::sections(model, &endpoints)),
        services => value(&services),
        groups => value(&groups),
    };
    pages.add(
        "index.md.j2",
        "README.md".to_owned(),
        Vec::new(),
        all.clone(),
    )?;
    pages.add("SUMMARY.md.j2", "SUMMARY.md".to_owned(), Vec::new(), all)?;
    Ok(pages.pages)
}

/// The pages rendered so far, and what renders the next one.
struct Pages<'a> {
    env: minijinja::Environment<'static>,
    header_for: &'a dyn Fn(&[String]) -> String,
    pages: Vec<(String, String)>,
}

impl Pages<'_> {
    /// Renders `template` with `ctx` and the header naming `sources`, as the page `path`.
    fn add(
        &mut self,
        template: &str,
        path: String,
        sources: Vec<String>,
        ctx: minijinja::Value,
    ) -> Result<(), DocsError> {
        let header = (self.header_for)(&sources);
        let text = self
            .env
            .get_template(template)
            .and_then(|t| t.render(context! { header => header, ..ctx }))
            .map_err(|e| error(template, &e))?;
        self.pages.push((path, tidy(&text)));
        Ok(())
    }
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
