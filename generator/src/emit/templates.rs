//! The template sets the text emitters render with: built-in copies of `templates/`, each
//! replaceable from a directory, and one way to turn them into a minijinja environment.

use std::marker::PhantomData;
use std::path::Path;

#[cfg(feature = "docs")]
use minijinja::Environment;

/// An emitter's built-in templates, from the crate's `templates/` folder.
pub trait BuiltIn {
    const TEMPLATES: &'static [(&'static str, &'static str)];
}

/// The templates of one emitter (`K`): its built-in ones, each possibly replaced from a
/// directory.
#[derive(Debug, Clone)]
pub struct Templates<K>(TemplateSet, PhantomData<K>);

impl<K: BuiltIn> Default for Templates<K> {
    fn default() -> Self {
        Templates(TemplateSet::built_in(K::TEMPLATES), PhantomData)
    }
}

impl<K: BuiltIn> Templates<K> {
    /// The built-in templates, with any of the same name found in `dir` taking their place.
    pub fn with_overrides(dir: &Path) -> std::io::Result<Self> {
        let set = TemplateSet::built_in(K::TEMPLATES).with_overrides(dir)?;
        Ok(Templates(set, PhantomData))
    }

    /// The template files, for `cargo:rerun-if-changed`.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.names()
    }

    #[cfg(feature = "docs")]
    pub(crate) fn set(&self) -> &TemplateSet {
        &self.0
    }
}

/// Named template sources.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    sources: Vec<(String, String)>,
}

impl TemplateSet {
    /// The built-in templates of one emitter.
    pub fn built_in(templates: &[(&str, &str)]) -> TemplateSet {
        TemplateSet {
            sources: templates
                .iter()
                .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
                .collect(),
        }
    }

    /// Any template of the same name found in `dir` takes the built-in one's place.
    pub fn with_overrides(mut self, dir: &Path) -> std::io::Result<TemplateSet> {
        for (name, source) in &mut self.sources {
            let path = dir.join(name.as_str());
            if path.exists() {
                *source = std::fs::read_to_string(&path).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
                })?;
            }
        }
        Ok(self)
    }

    /// The template files, for `cargo:rerun-if-changed`.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|(n, _)| n.as_str())
    }

    /// An environment with every template added; the name of a template that doesn't
    /// compile comes with its error. Blocks don't leave blank lines; files end in a newline.
    #[cfg(feature = "docs")]
    pub fn environment(&self) -> Result<Environment<'static>, (String, minijinja::Error)> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        for (name, source) in &self.sources {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| (name.clone(), e))?;
        }
        Ok(env)
    }
}

/// Drops trailing spaces, collapses the runs of blank lines templates leave, and ends with
/// one newline.
#[cfg(feature = "docs")]
pub(crate) fn tidy(text: &str) -> String {
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
    format!("{}\n", out.trim_matches('\n'))
}
