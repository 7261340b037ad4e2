//! A draft is checked by the project's own validator before it is handed out: what the
//! validator rejects is left out (an example) or loosened (a field's type becomes `json`,
//! or `string` where only single values go), with a TODO, until the draft validates.

use std::collections::btree_map::Entry;
use std::collections::BTreeSet;

use super::codes::PageCode;
use super::draft::Plan;
use super::render::{render, Fixes, Target};
use super::types::Field;
use super::yaml::Tag;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::SpecTree;

/// Rounds of fixing before the draft is given up as it is.
const MAX_ROUNDS: usize = 64;

/// The draft's text, changed until the validator accepts it; the changes are reported in
/// `dx` (page diagnostics at the page's places).
pub fn settle(file: &str, plan: &Plan, common: &BTreeSet<i64>, dx: &mut Vec<Diagnostic>) -> String {
    let table = common_table(common);
    let mut fixes = Fixes::default();
    for _ in 0..MAX_ROUNDS {
        let (yaml, spans) = render(plan, &fixes);
        let errors = errors(&plan.id, &yaml, &table);
        if errors.is_empty() {
            return yaml;
        }
        let mut progressed = false;
        for e in &errors {
            let Some(target) = target_of(e, &plan.id, &spans) else {
                continue;
            };
            progressed |= fix(file, plan, target, e, &mut fixes, dx);
        }
        if !progressed {
            fixes.unresolved = errors
                .iter()
                .map(|e| {
                    format!(
                        "the draft does not validate: {} ({}, line {})",
                        e.message, e.code, e.span.line
                    )
                })
                .collect();
            break;
        }
    }
    render(plan, &fixes).0
}

/// Takes out or loosens `target`; `false` when it already was.
fn fix(
    file: &str,
    plan: &Plan,
    target: Target,
    e: &Diagnostic,
    fixes: &mut Fixes,
    dx: &mut Vec<Diagnostic>,
) -> bool {
    let problem = format!("{} ({})", e.message, e.code);
    match target {
        Target::Field(id) => {
            let Some(f) = find(&plan.request, id).or_else(|| find(&plan.response, id)) else {
                return false;
            };
            if fixes.dropped_fields.contains_key(&id) {
                return false;
            }
            if let Entry::Vacant(slot) = fixes.downgraded.entry(id) {
                let why = format!(
                    "`{}`: the draft's type did not validate: {problem}; {} for now",
                    f.wire, f.fallback
                );
                dx.push(
                    PageCode::UnknownType
                        .at(file, f.span, format!("the type of `{}` makes a spec that doesn't validate ({problem}); the draft says {}", f.wire, f.fallback))
                        .help("choose the field's type by hand"),
                );
                slot.insert(why);
            } else {
                let why = format!("`{}` was left out: {problem}; add it by hand", f.wire);
                dx.push(
                    PageCode::BadRow
                        .at(file, f.span, format!("`{}` makes a spec that doesn't validate ({problem}); it is left out", f.wire))
                        .help("add the field by hand"),
                );
                fixes.dropped_fields.insert(id, why);
            }
            true
        }
        Target::Example(i) => {
            let Some(x) = plan.examples.get(i) else {
                return false;
            };
            if fixes.dropped_examples.contains_key(&i) {
                return false;
            }
            dx.push(
                PageCode::SampleMismatch
                    .at(file, x.span, format!("the sample \"{}\" doesn't fit the draft's types ({problem}); it is left out", x.title))
                    .help("fix the field types (or the sample) and add the example back"),
            );
            let why = format!("the page's sample \"{}\" was left out: {problem}; fix the types or the sample and add it back", x.title);
            fixes.dropped_examples.insert(i, why);
            true
        }
        Target::Error(i) => {
            let Some(row) = plan.errors.get(i) else {
                return false;
            };
            if fixes.dropped_errors.contains_key(&i) {
                return false;
            }
            let why = format!("error {} was left out: {problem}; add it by hand", row.code);
            fixes.dropped_errors.insert(i, why);
            true
        }
    }
}

fn find(fields: &[Field], id: usize) -> Option<&Field> {
    for f in fields {
        if f.id == id {
            return Some(f);
        }
        if let Some(inner) = children(&f.ty).and_then(|c| find(c, id)) {
            return Some(inner);
        }
    }
    None
}

fn children(ty: &super::types::Ty) -> Option<&[Field]> {
    use super::types::Ty;
    match ty {
        Ty::Object(o) => Some(&o.fields),
        Ty::Array(item) => children(item),
        _ => None,
    }
}

/// The innermost tagged entry holding the diagnostic's line, in the draft's file.
fn target_of(e: &Diagnostic, id: &str, spans: &[(Tag, usize, usize)]) -> Option<Target> {
    if e.file != endpoint_file(id, true) {
        return None;
    }
    let line = e.span.line;
    spans
        .iter()
        .filter(|(_, start, end)| (*start..=*end).contains(&line))
        .min_by_key(|(_, start, end)| end - start)
        .map(|(tag, _, _)| Target::of(*tag))
}

fn endpoint_file(id: &str, shown: bool) -> String {
    let path = format!("endpoints/{id}.yaml");
    if shown {
        format!("spec/{path}")
    } else {
        path
    }
}

/// The validator's errors for the draft `yaml`, next to the common table `table`.
pub fn errors(id: &str, yaml: &str, table: &str) -> Vec<Diagnostic> {
    let tree = SpecTree {
        display_root: "spec".to_owned(),
        files: vec![
            ("common/errors.yaml".to_owned(), table.as_bytes().to_vec()),
            (endpoint_file(id, false), yaml.as_bytes().to_vec()),
        ],
    };
    let mut dx = Diagnostics::default();
    let _ = crate::check(&tree, &mut dx);
    dx.sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// A common table with exactly the codes of `common`, for checking a draft only.
pub fn common_table(common: &BTreeSet<i64>) -> String {
    if common.is_empty() {
        return "errors: {}\n".to_owned();
    }
    let mut out = String::from("errors:\n");
    for code in common {
        let name = if *code < 0 {
            format!("CMinus{}", code.unsigned_abs())
        } else {
            format!("C{code}")
        };
        out.push_str(&format!(
            "  {code}: {{ name: {name}, message: m, solution: s }}\n"
        ));
    }
    out
}
