//! Phase 1: names, before anything is resolved. The common error table (endpoints check
//! their own codes against it), the module of each types file, and every type name declared
//! anywhere, so that types may be used before they are declared, and in any file.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::context::{join, key, FileCx};
use super::errors::{self, CommonCodes};
use super::types::index_names;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::raw::RawType;
use crate::load::spans::Seg;
use crate::load::{Loaded, SpecFile};
use crate::model::{ErrorTable, TypeHome, TypeRef};
use crate::naming;

/// What the resolver looks names up in.
pub struct Index {
    pub common: CommonCodes,
    pub common_table: ErrorTable,
    /// Type names declared in spec/types/, with their modules.
    pub shared: HashMap<String, TypeRef>,
    /// The module of each types file, in file order; `None` where the file name can't be
    /// one (reported).
    pub group_modules: Vec<Option<String>>,
    /// Type names local to each endpoint and each service, in file order.
    pub endpoint_locals: Vec<HashMap<String, TypeRef>>,
    pub service_locals: Vec<HashMap<String, TypeRef>>,
    /// Type names that failed (to decode, or to be names): already reported, so their uses
    /// are not reported again.
    pub poisoned: HashSet<String>,
}

pub fn index(loaded: &Loaded, dx: &mut Diagnostics) -> Index {
    let (common, common_table) = common_table(loaded, dx);
    let mut poisoned = poisoned_type_names(loaded);
    let mut shared = HashMap::new();
    let mut places = HashMap::new();
    let mut modules = HashMap::new();
    let mut group_modules = Vec::new();
    for file in &loaded.type_groups {
        let module = group_module(file, &mut modules, dx);
        if let Some(module) = &module {
            let home = TypeHome::Shared(module.clone());
            let names = index_names(&FileCx::of(file), &file.raw.types, &home, &places, dx);
            poisoned.extend(names.rejected);
            places.extend(names.places);
            shared.extend(names.refs);
        }
        group_modules.push(module);
    }
    // A local type can't take a shared type's name; local types of two files can share one.
    let mut locals = |cx: FileCx, types: &IndexMap<String, RawType>, home: TypeHome| {
        let names = index_names(&cx, types, &home, &places, dx);
        poisoned.extend(names.rejected);
        names.refs
    };
    let endpoint_locals = loaded
        .endpoints
        .iter()
        .map(|f| {
            locals(
                FileCx::of(f),
                &f.raw.types,
                TypeHome::Endpoint(f.raw.id.clone()),
            )
        })
        .collect();
    let service_locals = loaded
        .services
        .iter()
        .map(|f| {
            locals(
                FileCx::of(f),
                &f.raw.types,
                TypeHome::Service(f.raw.id.clone()),
            )
        })
        .collect();
    Index {
        common,
        common_table,
        shared,
        group_modules,
        endpoint_locals,
        service_locals,
        poisoned,
    }
}

/// The common error table, and the place of each of its codes.
fn common_table(loaded: &Loaded, dx: &mut Diagnostics) -> (CommonCodes, ErrorTable) {
    let Some(file) = &loaded.common else {
        return Default::default();
    };
    let cx = FileCx::of(file);
    let path = vec![key("errors")];
    let table = errors::table(
        &cx,
        &path,
        &file.raw.errors,
        file.raw.doc.as_ref(),
        None,
        dx,
    );
    let places = table
        .codes
        .iter()
        .map(|c| (c.code, cx.place(&join(&path, &[&c.code.to_string()]))))
        .collect();
    (CommonCodes { places }, table)
}

/// The Rust module of a `spec/types/*.yaml` file: its file name.
fn group_module<T>(
    file: &SpecFile<T>,
    seen: &mut HashMap<String, String>,
    dx: &mut Diagnostics,
) -> Option<String> {
    let stem = file
        .rel
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .unwrap_or_default();
    let cx = FileCx::of(file);
    if !naming::is_snake_ident(stem) {
        dx.push(
            Diagnostic::error(
                Code::BadIdentifier,
                &file.file,
                cx.value(&[]),
                format!("`{stem}` can't be a Rust module name"),
            )
            .help("name type files in snake_case, e.g. `sec_check.yaml`"),
        );
        return None;
    }
    if let Some(first) = seen.get(stem) {
        dx.push(
            Diagnostic::error(
                Code::DuplicateName,
                &file.file,
                cx.value(&[]),
                format!("another types file is also named `{stem}`"),
            )
            .help(format!("{first} has the same name; rename one")),
        );
        return None;
    }
    seen.insert(stem.to_owned(), file.file.clone());
    Some(stem.to_owned())
}

/// Named types whose declarations were cut while decoding: their uses are not reported.
fn poisoned_type_names(loaded: &Loaded) -> HashSet<String> {
    let pruned = loaded
        .type_groups
        .iter()
        .flat_map(|f| f.pruned.iter())
        .chain(loaded.endpoints.iter().flat_map(|f| f.pruned.iter()))
        .chain(loaded.services.iter().flat_map(|f| f.pruned.iter()));
    pruned
        .filter_map(|p| match p.as_slice() {
            [Seg::Key(types), Seg::Key(name), ..] if types == "types" => Some(name.clone()),
            _ => None,
        })
        .collect()
}
