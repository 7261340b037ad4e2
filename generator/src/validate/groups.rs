//! The endpoint groups: `spec/groups.yaml` checked against the folders of `spec/endpoints/`.
//!
//! A folder is a group: the docs list its endpoints in one section and the generated crate
//! compiles them behind one cargo feature. A spec with a `groups.yaml` names every folder in
//! it (with the title the docs show), and every name there must be a folder; a spec without
//! one (a small spec of a crate's own) gets a group per folder, titled with its name.

use std::collections::BTreeSet;

use super::context::{key, FileCx};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::raw::RawEndpoint;
use crate::load::{Loaded, SpecFile, GROUPS};
use crate::model::{Group, Origin};
use crate::naming::is_snake_ident;

/// A group per folder, in folder order, for a spec without `groups.yaml`.
fn implicit(loaded: &Loaded, folders: &BTreeSet<&str>, dx: &mut Diagnostics) -> Vec<Group> {
    let mut out = Vec::new();
    for folder in folders {
        let Some(first) = first_in(loaded, folder) else {
            continue;
        };
        if !is_snake_ident(folder) {
            dx.push(
                Diagnostic::error(
                    Code::BadIdentifier,
                    &first.file,
                    Span::file_start(),
                    format!("the folder name `{folder}` is not snake_case"),
                )
                .help(
                    "a folder of spec/endpoints/ names a group and its cargo feature: \
                     lower-case words joined by `_`, e.g. `instant_delivery`",
                ),
            );
            continue;
        }
        out.push(Group {
            name: (*folder).to_owned(),
            title: (*folder).to_owned(),
            doc: None,
            sources: Vec::new(),
            origin: Origin {
                file: first.rel.clone(),
                line: 1,
                col: 1,
                offset: 0,
                len: 0,
            },
        });
    }
    out
}

/// The first endpoint file in `folder`.
fn first_in<'l>(loaded: &'l Loaded, folder: &str) -> Option<&'l SpecFile<RawEndpoint>> {
    loaded
        .endpoints
        .iter()
        .find(|f| group_of(&f.rel) == Some(folder))
}

/// The group of an endpoint file, from its spec-relative path: the first folder under
/// `endpoints/`, or `None` for a file directly in it.
pub fn group_of(rel: &str) -> Option<&str> {
    let inside = rel.strip_prefix("endpoints/")?;
    let (folder, _) = inside.split_once('/')?;
    Some(folder)
}

/// The groups `groups.yaml` declares, in its order, with a diagnostic for each folder it
/// misses and each name that is no folder.
pub fn groups(loaded: &Loaded, dx: &mut Diagnostics) -> Vec<Group> {
    let folders: BTreeSet<&str> = loaded
        .endpoints
        .iter()
        .filter_map(|f| group_of(&f.rel))
        .collect();
    let Some(file) = &loaded.groups else {
        return implicit(loaded, &folders, dx);
    };
    let cx = FileCx::of(file);
    let mut out = Vec::new();
    for (name, raw) in &file.raw.groups {
        let at = [key("groups"), key(name)];
        if !is_snake_ident(name) {
            dx.push(
                cx.key_error(
                    Code::BadIdentifier,
                    &at,
                    format!("`{name}` is not snake_case"),
                )
                .help(
                    "a group's name is its folder's and its cargo feature's: \
                         lower-case words joined by `_`, e.g. `instant_delivery`",
                ),
            );
            continue;
        }
        if !folders.contains(name.as_str()) {
            dx.push(
                cx.warning(
                    Code::EmptyGroup,
                    &at,
                    format!("no endpoint is in a folder `spec/endpoints/{name}/`"),
                )
                .help("rename it to the folder it names, or remove it"),
            );
        }
        out.push(Group {
            name: name.clone(),
            title: raw.title.clone(),
            doc: raw.doc.clone(),
            sources: raw.sources.clone(),
            origin: cx.origin(&at),
        });
    }
    for folder in folders {
        if out.iter().any(|g| g.name == folder) {
            continue;
        }
        let Some(first) = first_in(loaded, folder) else {
            continue;
        };
        dx.push(
            Diagnostic::error(
                Code::UnlistedGroup,
                &first.file,
                Span::file_start(),
                format!("the folder `endpoints/{folder}/` is not listed in `{GROUPS}`"),
            )
            .help(format!(
                "add `{folder}: {{ title: <the official category's name> }}` under `groups:` \
                 in {GROUPS}; each folder is a section of the docs and a cargo feature"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_of;

    #[test]
    fn the_group_is_the_first_folder() {
        assert_eq!(
            group_of("endpoints/nearby/add_nearby_poi.yaml"),
            Some("nearby")
        );
        assert_eq!(group_of("endpoints/a/b/c.yaml"), Some("a"));
        assert_eq!(group_of("endpoints/top.yaml"), None);
        assert_eq!(group_of("services/x.yaml"), None);
    }
}
