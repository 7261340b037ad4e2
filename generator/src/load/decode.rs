//! Typed decoding that reports every problem in a file, not just the first.
//!
//! serde stops at the first error. To see the next one, the node that failed is cut out of
//! the YAML value and decoding runs again, until it succeeds or nothing is left to cut. Each
//! error is reported at the exact node (serde_path_to_error gives the path, the span index
//! gives the place). Cuts are remembered so that validation does not report their fallout
//! (a type that was cut is not also "unknown" where it is used).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::messages::{non_integer_key, wrong_type, Problem};
use super::spans::{display_path, Path, Seg, SpanIndex};
use super::value_path::{child, remove, set, to_path};
use crate::diag::suggest::closest;
use crate::diag::{Diagnostic, Diagnostics};

/// Decoding never loops forever: a file with more problems than this is reported in part.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Stand-ins tried, in order, for a required key missing at the top of a file, so that
/// decoding can go on and report the other missing keys too.
const PLACEHOLDERS: usize = 5;

fn placeholder(n: usize) -> Option<Value> {
    match n {
        0 => Some(Value::String(String::new())),
        1 => Some(Value::Mapping(serde_yaml::Mapping::new())),
        2 => Some(Value::Sequence(Vec::new())),
        3 => Some(Value::Bool(false)),
        4 => Some(Value::Number(0.into())),
        _ => None,
    }
}

/// The outcome of decoding one file.
pub struct Decoded<T> {
    pub value: Option<T>,
    /// Paths cut out of the document because they could not be decoded.
    pub pruned: Vec<Path>,
}

pub fn decode<T: DeserializeOwned>(
    doc: Value,
    file: &str,
    spans: &SpanIndex,
    dx: &mut Diagnostics,
) -> Decoded<T> {
    let mut run = Run {
        doc,
        file,
        spans,
        pruned: Vec::new(),
        removed: RemovedItems::default(),
        misspelled: Vec::new(),
        filled: Vec::new(),
        reported: 0,
    };
    // Each round fixes one thing; placeholders may take a few rounds per missing key.
    for _ in 0..MAX_PROBLEMS_PER_FILE * (PLACEHOLDERS + 1) {
        if run.reported >= MAX_PROBLEMS_PER_FILE {
            break;
        }
        // By reference: a file without problems (nearly all) is never copied.
        let error = match serde_path_to_error::deserialize::<_, T>(&run.doc) {
            // A file that needed placeholders lacks required keys: it is not used further.
            Ok(value) => {
                let complete = run.filled.is_empty();
                return run.finish(complete.then_some(value));
            }
            Err(error) => error,
        };
        if !run.step(&error, dx) {
            break;
        }
    }
    run.finish(None)
}

/// A placeholder put in for a missing key, and which stand-in it is.
struct Filled {
    path: Path,
    attempt: usize,
}

/// The state of one file's decoding.
struct Run<'a> {
    doc: Value,
    file: &'a str,
    spans: &'a SpanIndex,
    pruned: Vec<Path>,
    removed: RemovedItems,
    misspelled: Vec<(Path, String)>,
    filled: Vec<Filled>,
    reported: usize,
}

impl Run<'_> {
    fn finish<T>(self, value: Option<T>) -> Decoded<T> {
        Decoded {
            value,
            pruned: self.pruned,
        }
    }

    /// Handles one error; false when decoding can't go on.
    fn step<E: std::fmt::Display>(
        &mut self,
        error: &serde_path_to_error::Error<E>,
        dx: &mut Diagnostics,
    ) -> bool {
        let current = to_path(error.path());
        let problem = Problem::parse(&error.inner().to_string());
        if let Some(i) = self
            .filled
            .iter()
            .rposition(|f| current.starts_with(&f.path))
        {
            return self.inside_placeholder(i, &current, &problem);
        }
        let path = self.removed.original(&current);
        let problem = match problem {
            Problem::Other(message) => match self.bad_key(&current, &message) {
                Some(key) => return self.cut_bad_key(&current, &path, key, dx),
                None => Problem::Other(message),
            },
            other => other,
        };
        if let Problem::UnknownKey { key, expected } = &problem {
            if let (Some(best), Some((_, parent))) = (
                closest(key, expected.iter().map(String::as_str)),
                path.split_last(),
            ) {
                self.misspelled.push((parent.to_vec(), best.to_owned()));
            }
        }
        // The top of the file can't be cut: stand in for a missing key there and go on.
        let missing_at_top = match &problem {
            Problem::Missing(key) if current.is_empty() => Some(key.clone()),
            _ => None,
        };
        if !self.is_fallout(&path, &problem) {
            dx.push(problem.diagnostic(self.file, &path, self.spans));
            self.reported += 1;
        }
        match missing_at_top {
            Some(key) => self.fill(&current, &key),
            None => self.cut(&current, path),
        }
    }

    /// A required key that we cut ourselves, or whose misspelling we already reported, is
    /// fallout, not a new problem.
    fn is_fallout(&self, path: &Path, problem: &Problem) -> bool {
        let Problem::Missing(key) = problem else {
            return false;
        };
        self.pruned.iter().any(|p| {
            p.len() == path.len() + 1
                && p.starts_with(path)
                && p.last() == Some(&Seg::Key(key.clone()))
        }) || self.misspelled.contains(&(path.clone(), key.clone()))
    }

    /// Removes the node at `current` (document coordinates; `path` in the file's).
    fn cut(&mut self, current: &[Seg], path: Path) -> bool {
        if current.is_empty() || !remove(&mut self.doc, current) {
            return false;
        }
        self.removed.note(&path);
        self.pruned.push(path);
        true
    }

    /// Puts the first placeholder in for the missing `key` of the mapping at `parent`.
    fn fill(&mut self, parent: &[Seg], key: &str) -> bool {
        let mut path = parent.to_vec();
        path.push(Seg::Key(key.to_owned()));
        let ok = placeholder(0).is_some_and(|v| set(&mut self.doc, &path, v));
        self.filled.push(Filled { path, attempt: 0 });
        ok
    }

    /// An error inside placeholder `i`: fill what it lacks, or try the next stand-in.
    fn inside_placeholder(&mut self, i: usize, current: &[Seg], problem: &Problem) -> bool {
        if let Problem::Missing(key) = problem {
            if matches!(child(&mut self.doc, current), Some(Value::Mapping(_))) {
                return self.fill(current, key);
            }
        }
        self.filled.truncate(i + 1);
        let filled = &mut self.filled[i];
        filled.attempt += 1;
        let path = filled.path.clone();
        match placeholder(filled.attempt) {
            Some(value) => set(&mut self.doc, &path, value),
            None => false,
        }
    }

    /// A mapping key of the wrong kind (`abc:` where error codes are integers): serde names
    /// only the mapping, so find the key in it.
    fn bad_key(&mut self, current: &[Seg], message: &str) -> Option<String> {
        let found = non_integer_key(message)?;
        let Some(Value::Mapping(map)) = child(&mut self.doc, current) else {
            return None;
        };
        map.contains_key(found).then(|| found.to_owned())
    }

    fn cut_bad_key(
        &mut self,
        current: &[Seg],
        path: &[Seg],
        key: String,
        dx: &mut Diagnostics,
    ) -> bool {
        let mut at = path.to_vec();
        at.push(Seg::Key(key.clone()));
        let help = if key.trim().parse::<i64>().is_ok() {
            format!("remove the quotes: `{}:`", key.trim())
        } else {
            "error codes are written as integers, e.g. `87014:` or `-1:`".to_owned()
        };
        dx.push(
            Diagnostic::error(
                crate::diag::Code::WrongType,
                self.file,
                self.spans.key(&at),
                format!("the key `{key}` is not an integer"),
            )
            .help(help),
        );
        self.reported += 1;
        let mut inner = current.to_vec();
        inner.push(Seg::Key(key));
        self.cut(&inner, at)
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

impl Problem {
    fn diagnostic(self, file: &str, path: &Path, spans: &SpanIndex) -> Diagnostic {
        let at = display_path(path);
        match self {
            Problem::UnknownKey { key, expected } => {
                let help = match closest(&key, expected.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    // Prose as a key: a `, ` inside `{ ... }` cut a text value in two.
                    None if key.contains(' ') => {
                        "a `,` inside `{ ... }` ends the value before it: \
                         put the whole text in quotes, e.g. `doc: \"a, b\"`"
                            .to_owned()
                    }
                    None if expected.is_empty() => "remove this key".to_owned(),
                    None => format!("the keys allowed here are {}", quoted(&expected)),
                };
                Diagnostic::error(
                    crate::diag::Code::UnknownKey,
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
                    crate::diag::Code::MissingKey,
                    file,
                    spans.key(path),
                    format!("{place} is missing the required key `{key}`"),
                )
                .help(format!("add `{key}: ...` to {place}"))
            }
            Problem::Other(message) => {
                let place = if at.is_empty() {
                    "the file".to_owned()
                } else {
                    format!("`{at}`")
                };
                let (message, help) = wrong_type(&message, &place);
                Diagnostic::error(
                    crate::diag::Code::WrongType,
                    file,
                    spans.value(path),
                    message,
                )
                .help(help)
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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Http {
        method: String,
        path: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Service {
        id: String,
        http: Http,
        service: String,
        api: String,
        #[serde(default)]
        errors: indexmap::IndexMap<i64, String>,
    }

    fn run_service(text: &str) -> (Option<Service>, Vec<Diagnostic>) {
        let spans = SpanIndex::build(text);
        let value: Value = serde_yaml::from_str(text).expect("test yaml parses");
        let mut dx = Diagnostics::default();
        let decoded = decode::<Service>(value, "t.yaml", &spans, &mut dx);
        (decoded.value, dx.sorted())
    }

    #[test]
    fn every_missing_root_key_is_reported_not_just_the_first() {
        let (doc, diags) = run_service("id: x\nhttp: { method: POST }\n");
        assert!(doc.is_none(), "placeholders never reach validation");
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "this file is missing the required key `api`",
                "this file is missing the required key `service`",
                "`http` is missing the required key `path`",
            ]
        );
    }

    #[test]
    fn a_misspelled_root_key_is_one_diagnostic_and_the_rest_is_still_checked() {
        let (_, diags) = run_service("id: x\nhttp: { method: POST, path: /a }\nsevice: s\n");
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-key", "this file is missing the required key `api`"),
                ("unknown-key", "unknown key `sevice`"),
            ]
        );
    }

    #[test]
    fn a_key_that_is_not_an_integer_is_reported_at_the_key_and_cut_alone() {
        let text = "id: x\nhttp: { method: POST, path: /a }\nservice: s\napi: a\nerrors:\n  87014: risky\n  abc: bad\n  \"40001\": quoted\n";
        let (doc, diags) = run_service(text);
        let doc = doc.expect("the rest still decodes");
        assert_eq!(doc.errors.keys().collect::<Vec<_>>(), [&87014]);
        let found: Vec<_> = diags
            .iter()
            .map(|d| (d.span.line, d.span.col, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (7, 3, "the key `abc` is not an integer"),
                (8, 3, "the key `40001` is not an integer"),
            ]
        );
        assert_eq!(
            diags[1].help.as_deref(),
            Some("remove the quotes: `40001:`")
        );
    }
}
