//! Error tables: names, codes, and the line between the common table and an endpoint's own.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::context::{join, FileCx};
use crate::diag::{Code, Diagnostics};
use crate::load::raw::RawError;
use crate::load::spans::Path;
use crate::model::{ErrorCode, ErrorTable};
use crate::naming;

/// Variant names every endpoint error enum has already.
const RESERVED: &[&str] = &["Common", "Unknown"];

/// The common table, and where each of its codes was declared (for clash hints).
#[derive(Default)]
pub struct CommonCodes {
    pub places: HashMap<i64, String>,
}

/// Checks one table. `common` is `None` while checking the common table itself.
pub fn table(
    cx: &FileCx,
    path: &Path,
    raw: &IndexMap<i64, RawError>,
    doc: Option<&String>,
    common: Option<&CommonCodes>,
    dx: &mut Diagnostics,
) -> ErrorTable {
    let mut codes = Vec::new();
    let mut names: HashMap<String, i64> = HashMap::new();
    for (code, entry) in raw {
        let at = join(path, &[&code.to_string()]);
        if !code_is_free(cx, &at, *code, common, dx) || !name_is_free(cx, &at, entry, &names, dx) {
            continue;
        }
        // A `soluton:` typo is reported already; don't also say the solution is missing.
        if entry
            .solution
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
            && !cx.lost_under(&at)
        {
            dx.push(
                cx.warning(
                    Code::NoSolution,
                    &at,
                    format!("error code {code} has no `solution`"),
                )
                .help("add `solution:` saying what the caller should do about it"),
            );
        }
        names.insert(entry.name.clone(), *code);
        codes.push(ErrorCode {
            code: *code,
            name: entry.name.clone(),
            message: entry.message.clone(),
            solution: entry.solution.clone(),
            doc: entry.doc.clone(),
            retry: entry.retry,
            refresh_token: entry.refresh_token,
            origin: cx.origin(&at),
        });
    }
    ErrorTable {
        doc: doc.cloned(),
        origin: Some(cx.origin(&[])),
        codes,
    }
}

/// A code of an endpoint's or a service's own table: not 0 (success), not in the common
/// table. `false` (reported) otherwise.
fn code_is_free(
    cx: &FileCx,
    at: &Path,
    code: i64,
    common: Option<&CommonCodes>,
    dx: &mut Diagnostics,
) -> bool {
    if let Some(first) = common.and_then(|c| c.places.get(&code)) {
        dx.push(
            cx.key_error(
                Code::CommonCodeClash,
                at,
                format!("error code {code} is already declared in the common table"),
            )
            .help(format!(
                "error code {code} is already declared at {first}; list it under \
                 `common_errors: [{code}]` instead of redeclaring it"
            )),
        );
        return false;
    }
    if code == 0 {
        dx.push(
            cx.key_error(Code::BadValue, at, "0 means success, not an error")
                .help("remove this entry"),
        );
        return false;
    }
    true
}

/// The variant name of a code: PascalCase, not one every error enum has, not taken in
/// this table (`names`). `false` (reported) otherwise.
fn name_is_free(
    cx: &FileCx,
    at: &Path,
    entry: &RawError,
    names: &HashMap<String, i64>,
    dx: &mut Diagnostics,
) -> bool {
    let name_at = join(at, &["name"]);
    if !naming::is_type_name(&entry.name) || RESERVED.contains(&entry.name.as_str()) {
        let better = naming::type_name(&entry.name)
            .filter(|b| !RESERVED.contains(&b.as_str()) && *b != entry.name);
        dx.push(
            cx.error(
                Code::BadIdentifier,
                &name_at,
                format!("`{}` can't be an error variant name", entry.name),
            )
            .help(match better {
                Some(b) => format!("write it in PascalCase: `{b}`"),
                None => "use a PascalCase name other than `Common` and `Unknown`".to_owned(),
            }),
        );
        return false;
    }
    if let Some(other) = names.get(&entry.name) {
        dx.push(
            cx.error(
                Code::DuplicateName,
                &name_at,
                format!("the name `{}` is already used by code {other}", entry.name),
            )
            .help("give each code its own name"),
        );
        return false;
    }
    true
}

/// Checks `common_errors: [..]` against the common table.
pub fn common_refs(
    cx: &FileCx,
    path: &Path,
    refs: &[i64],
    common: &CommonCodes,
    dx: &mut Diagnostics,
) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for (i, code) in refs.iter().enumerate() {
        let mut at = path.clone();
        at.push(crate::load::spans::Seg::Index(i));
        if !common.places.contains_key(code) {
            dx.push(
                cx.error(
                    Code::UnknownCode,
                    &at,
                    format!("error code {code} is not in the common table"),
                )
                .help(
                    "declare it under `errors:` of this file, or add it to spec/common/errors.yaml",
                ),
            );
        } else if out.contains(code) {
            dx.push(
                cx.error(
                    Code::DuplicateCode,
                    &at,
                    format!("error code {code} is listed twice"),
                )
                .help("remove one"),
            );
        } else {
            out.push(*code);
        }
    }
    out
}
