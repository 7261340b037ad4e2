//! Typed decoding that reports every problem in a file, not just the first.
//!
//! serde stops at the first error. To see the next one, the node that failed is cut out of
//! the YAML value and decoding runs again, until it succeeds or nothing is left to cut. Each
//! error is reported at the exact node (serde_path_to_error gives the path, the span index
//! gives the place). Cuts are remembered so that validation does not report their fallout
//! (a type that was cut is not also "unknown" where it is used).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use serde_yaml::Value;

use super::spans::{display_path, Path, Seg, SpanIndex};
use crate::diag::{Diagnostic, Diagnostics};
use crate::suggest::closest;

/// Decoding never loops forever: a file with more problems than this is reported in part.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// The outcome of decoding one file.
pub struct Decoded<T> {
    pub value: Option<T>,
    /// Paths cut out of the document because they could not be decoded.
    pub pruned: Vec<Path>,
}

pub fn decode<T: DeserializeOwned>(
    mut doc: Value,
    file: &str,
    spans: &SpanIndex,
    dx: &mut Diagnostics,
) -> Decoded<T> {
    let mut pruned: Vec<Path> = Vec::new();
    let mut removed = RemovedItems::default();
    let mut misspelled: Vec<(Path, String)> = Vec::new();
    for _ in 0..MAX_PROBLEMS_PER_FILE {
        let error = match serde_path_to_error::deserialize::<_, T>(doc.clone()) {
            Ok(value) => {
                return Decoded {
                    value: Some(value),
                    pruned,
                }
            }
            Err(error) => error,
        };
        let current = to_path(error.path());
        let path = removed.original(&current);
        let message = error.inner().to_string();
        let problem = Problem::parse(&message);
        // A required key that we cut ourselves, or whose misspelling we already reported,
        // is fallout, not a new problem.
        let fallout = matches!(&problem, Problem::Missing(key)
            if pruned.iter().any(|p| p.len() == path.len() + 1
                && p.starts_with(&path)
                && p.last() == Some(&Seg::Key(key.clone())))
            || misspelled.contains(&(path.clone(), key.clone())));
        if let Problem::UnknownKey { key, expected } = &problem {
            if let (Some(best), Some((_, parent))) = (
                closest(key, expected.iter().map(String::as_str)),
                path.split_last(),
            ) {
                misspelled.push((parent.to_vec(), best.to_owned()));
            }
        }
        if !fallout {
            dx.push(problem.diagnostic(file, &path, spans));
        }
        if current.is_empty() || !remove(&mut doc, &current) {
            return Decoded {
                value: None,
                pruned,
            };
        }
        removed.note(&path);
        pruned.push(path);
    }
    Decoded {
        value: None,
        pruned,
    }
}

/// Sequence items already cut, so that later errors map back to the file's own indices.
#[derive(Default)]
struct RemovedItems {
    /// Sequence path (in file coordinates) -> removed indices (in file coordinates).
    by_sequence: HashMap<Path, Vec<usize>>,
}

impl RemovedItems {
    /// Translates a path into the pruned document into a path into the file.
    fn original(&self, current: &[Seg]) -> Path {
        let mut out: Path = Vec::with_capacity(current.len());
        for seg in current {
            let seg = match (seg, self.by_sequence.get(&out)) {
                (Seg::Index(i), Some(gone)) => Seg::Index(skip_removed(*i, gone)),
                _ => seg.clone(),
            };
            out.push(seg);
        }
        out
    }

    fn note(&mut self, original: &[Seg]) {
        if let Some((Seg::Index(i), parent)) = original.split_last() {
            self.by_sequence
                .entry(parent.to_vec())
                .or_default()
                .push(*i);
        }
    }
}

/// The `i`-th surviving index, given the indices removed so far.
fn skip_removed(i: usize, gone: &[usize]) -> usize {
    (0..).filter(|n| !gone.contains(n)).nth(i).unwrap_or(i)
}

/// What serde said, sorted into the cases we can give a better hint for.
enum Problem {
    UnknownKey { key: String, expected: Vec<String> },
    Missing(String),
    Other(String),
}

impl Problem {
    fn parse(message: &str) -> Problem {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default().to_owned();
            let expected = rest
                .split_once("expected ")
                .map(|(_, list)| {
                    list.split('`')
                        .skip(1)
                        .step_by(2)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            return Problem::UnknownKey { key, expected };
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            return Problem::Missing(rest.split('`').next().unwrap_or_default().to_owned());
        }
        Problem::Other(message.to_owned())
    }

    fn diagnostic(self, file: &str, path: &Path, spans: &SpanIndex) -> Diagnostic {
        let at = display_path(path);
        match self {
            Problem::UnknownKey { key, expected } => {
                let help = match closest(&key, expected.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if expected.is_empty() => "remove this key".to_owned(),
                    None => format!("the keys allowed here are {}", quoted(&expected)),
                };
                Diagnostic::error(
                    "unknown-key",
                    file,
                    spans.key(path),
                    format!("unknown key `{key}`"),
                )
                .help(help)
            }
            Problem::Missing(key) => {
                let place = if at.is_empty() {
                    "this file".to_owned()
                } else {
                    format!("`{at}`")
                };
                Diagnostic::error(
                    "missing-key",
                    file,
                    spans.key(path),
                    format!("{place} is missing the required key `{key}`"),
                )
                .help(format!("add `{key}: ...` to {place}"))
            }
            Problem::Other(message) => {
                let message = message.replace("invalid type: ", "wrong kind of value: found ");
                let place = if at.is_empty() {
                    "the file".to_owned()
                } else {
                    format!("`{at}`")
                };
                Diagnostic::error("wrong-type", file, spans.value(path), message)
                    .help(format!("see spec/README.md for what {place} takes"))
            }
        }
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_path(path: &serde_path_to_error::Path) -> Path {
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// Removes the node at `path` from its parent. False when there is nothing to remove.
fn remove(doc: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parent_path)) = path.split_last() else {
        return false;
    };
    let mut node = doc;
    for seg in parent_path {
        node = match child(node, seg) {
            Some(next) => next,
            None => return false,
        };
    }
    match (node, last) {
        (Value::Mapping(map), Seg::Key(key)) => {
            let found = map.keys().find(|k| key_matches(k, key)).cloned();
            found.is_some_and(|k| map.shift_remove(&k).is_some())
        }
        (Value::Sequence(items), Seg::Index(i)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Value::Tagged(tagged), _) => remove(&mut tagged.value, std::slice::from_ref(last)),
        _ => false,
    }
}

fn child<'v>(node: &'v mut Value, seg: &Seg) -> Option<&'v mut Value> {
    match (node, seg) {
        (Value::Mapping(map), Seg::Key(key)) => map
            .iter_mut()
            .find(|(k, _)| key_matches(k, key))
            .map(|(_, v)| v),
        (Value::Sequence(items), Seg::Index(i)) => items.get_mut(*i),
        (Value::Tagged(tagged), seg) => child(&mut tagged.value, seg),
        _ => None,
    }
}

/// serde_path_to_error renders every key as text; YAML keys may be numbers or booleans.
fn key_matches(key: &Value, text: &str) -> bool {
    match key {
        Value::String(s) => s == text,
        Value::Number(n) => n.to_string() == text,
        Value::Bool(b) => b.to_string() == text,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Field {
        #[serde(rename = "type")]
        ty: String,
        #[serde(default)]
        required: bool,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        id: String,
        fields: indexmap::IndexMap<String, Field>,
    }

    fn run(text: &str) -> (Option<Doc>, Vec<Diagnostic>) {
        let spans = SpanIndex::build(text);
        let value: Value = serde_yaml::from_str(text).expect("test yaml parses");
        let mut dx = Diagnostics::default();
        let decoded = decode::<Doc>(value, "t.yaml", &spans, &mut dx);
        (decoded.value, dx.sorted())
    }

    #[test]
    fn reports_every_problem_in_one_file() {
        let (doc, diags) = run(
            "id: x\nfields:\n  a: { tpye: string }\n  b: { type: string, required: 3 }\n  c: { type: string }\n",
        );
        let doc = doc.expect("the rest still decodes");
        // `b` loses only its broken key; `a` is cut whole (it lacks `type`).
        assert_eq!(doc.fields.keys().collect::<Vec<_>>(), ["b", "c"]);
        let lines: Vec<_> = diags.iter().map(|d| (d.span.line, d.code)).collect();
        assert_eq!(lines, [(3, "unknown-key"), (4, "wrong-type")]);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `type`?"));
    }

    #[test]
    fn a_missing_root_key_gives_up_on_the_file_with_one_diagnostic() {
        let (doc, diags) = run("fields: {}\n");
        assert!(doc.is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`id`"), "{}", diags[0].message);
    }
}
