//! `wxapi-codegen new endpoint|service NAME`: a commented spec file that validates as is,
//! so a maintainer starts from something right and fills in the blanks.

use std::path::{Component, Path, PathBuf};

use minijinja::{context, Environment};

use crate::naming;
use crate::schema::Kind;

/// What to scaffold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaffoldKind {
    Endpoint,
    Service,
}

impl ScaffoldKind {
    /// The folder of the spec tree new files of this kind go into.
    pub fn folder(self) -> &'static str {
        match self {
            ScaffoldKind::Endpoint => "endpoints",
            ScaffoldKind::Service => "services",
        }
    }

    /// The kind of spec file this makes, which names its JSON Schema.
    pub fn schema_kind(self) -> Kind {
        match self {
            ScaffoldKind::Endpoint => Kind::Endpoint,
            ScaffoldKind::Service => Kind::Service,
        }
    }
}

const ENDPOINT: &str = include_str!("../templates/scaffold/endpoint.yaml.j2");
const SERVICE: &str = include_str!("../templates/scaffold/service.yaml.j2");

/// A new spec file: where it goes (relative to the spec folder) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub rel: String,
    pub text: String,
}

/// Why a scaffold could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaffoldError {
    /// The id is not a snake_case Rust name; `suggestion` is the nearest one, if any.
    #[error("`{id}` can't be an id: ids are snake_case Rust names; {}", match .suggestion {
        Some(s) => format!("try `{s}`"),
        None => "use snake_case ASCII, e.g. `msg_sec_check`".to_owned(),
    })]
    BadId {
        id: String,
        suggestion: Option<String>,
    },
    /// The built-in template failed to render (a bug, reported rather than panicking).
    #[error("the scaffold template failed: {0}")]
    Template(String),
}

/// Renders the scaffold for `id`, which must be a snake_case Rust identifier.
///
/// `schema_dir` is the folder holding the JSON Schemas as seen from the new file's folder
/// (`<spec>/endpoints/` or `<spec>/services/`), e.g. `../../generated/schema`; the file's
/// first line then points editors at its schema. `None` leaves that line out.
/// [`relative_dir`] computes it from the real folders.
pub fn scaffold(
    kind: ScaffoldKind,
    id: &str,
    schema_dir: Option<&str>,
) -> Result<Scaffold, ScaffoldError> {
    if !naming::is_snake_ident(id) {
        let suggestion = naming::field(id).map(|i| i.name).filter(|b| b != id);
        return Err(ScaffoldError::BadId {
            id: id.to_owned(),
            suggestion,
        });
    }
    let template = match kind {
        ScaffoldKind::Endpoint => ENDPOINT,
        ScaffoldKind::Service => SERVICE,
    };
    let rel = format!("{}/{id}.yaml", kind.folder());
    let schema_path = schema_dir.map(|dir| {
        let dir = dir.trim_end_matches('/');
        let file = kind.schema_kind().file_name();
        if dir.is_empty() {
            file.to_owned()
        } else {
            format!("{dir}/{file}")
        }
    });
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    let text = env
        .render_str(
            template,
            context! {
                id => id,
                api => naming::type_name(id).unwrap_or_default(),
                schema_path => schema_path,
            },
        )
        .map_err(|e| ScaffoldError::Template(format!("{e:#}")))?;
    Ok(Scaffold { rel, text })
}

/// The path of `to` as seen from the directory `from`, both taken relative to the current
/// directory when not absolute, written with `/` (as YAML comments and editors want it).
/// Neither needs to exist: the schema folder may be written after the spec file.
pub fn relative_dir(from: &Path, to: &Path) -> std::io::Result<String> {
    let cwd = std::env::current_dir()?;
    let (from, to) = (normalize(&cwd.join(from)), normalize(&cwd.join(to)));
    let common = from
        .iter()
        .zip(to.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.iter().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_owned(), ups)
        .chain(
            to.iter()
                .skip(common)
                .map(|c| c.to_string_lossy().into_owned()),
        )
        .collect();
    Ok(parts.join("/"))
}

/// `path` without `.` and with each `..` applied, lexically (symlinks are not followed).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SpecTree;
    use crate::Diagnostics;

    const SCHEMA: Option<&str> = Some("../../generated/schema");

    /// A scaffold is a valid spec with no warnings, alone or next to the other kind.
    #[test]
    fn scaffolds_validate_as_they_are() {
        let endpoint = scaffold(ScaffoldKind::Endpoint, "user_risk_rank", SCHEMA).expect("ep");
        let service = scaffold(ScaffoldKind::Service, "translate_text", None).expect("service");
        let mut invoke = scaffold(ScaffoldKind::Endpoint, "invoke_service", SCHEMA).expect("c");
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
    fn the_schema_line_comes_first_and_points_at_the_given_folder() {
        let s = scaffold(ScaffoldKind::Endpoint, "x", SCHEMA).expect("scaffold");
        assert_eq!(
            s.text.lines().next(),
            Some("# yaml-language-server: $schema=../../generated/schema/endpoint.schema.json")
        );
        let s = scaffold(ScaffoldKind::Service, "y", Some("schemas/")).expect("scaffold");
        assert_eq!(
            s.text.lines().next(),
            Some("# yaml-language-server: $schema=schemas/service.schema.json")
        );
    }

    #[test]
    fn without_a_schema_folder_there_is_no_schema_line() {
        let s = scaffold(ScaffoldKind::Endpoint, "x", None).expect("scaffold");
        assert!(!s.text.contains("$schema"), "{}", s.text);
        assert!(s.text.starts_with("# x: "), "{}", s.text);
    }

    #[test]
    fn bad_ids_are_refused_with_a_suggestion() {
        let err = scaffold(ScaffoldKind::Endpoint, "MsgSecCheck", None).expect_err("camel");
        assert!(err.to_string().contains("try `msg_sec_check`"), "{err}");
        assert!(matches!(
            scaffold(ScaffoldKind::Service, "type", None),
            Err(ScaffoldError::BadId { .. })
        ));
    }

    #[test]
    fn relative_dirs_climb_to_the_common_folder() {
        let rel = |a: &str, b: &str| relative_dir(Path::new(a), Path::new(b)).expect("cwd");
        assert_eq!(
            rel("spec/endpoints", "generated/schema"),
            "../../generated/schema"
        );
        assert_eq!(
            rel("tests/consumer/spec/endpoints", "tests/consumer/schema"),
            "../../schema"
        );
        assert_eq!(rel("/a/b/./c", "/a/b/c/d/../e"), "e");
        assert_eq!(rel("/a/b", "/a/b"), "");
    }
}
