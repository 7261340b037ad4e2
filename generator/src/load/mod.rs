//! Stage 1: spec files -> raw structs, each with the positions of its nodes.
//!
//! This is the only module that knows YAML. It reads bytes, parses them with serde_yaml,
//! indexes node positions, and decodes the typed raw structs of [`raw`], reporting every
//! problem it meets. It never fails as a whole: a file that can't be read is a diagnostic,
//! and the rest of the tree is still loaded.

mod decode;
mod lenient;
mod limits;
mod messages;
pub mod raw;
pub mod spans;
mod syntax;
mod tree;
mod value_path;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use raw::{RawCommonErrors, RawEndpoint, RawGroups, RawService, RawTypeGroup};
use spans::{Path, SpanIndex};

pub use limits::MAX_DEPTH;
pub(crate) use tree::files_under;
pub use tree::SpecTree;

/// Files larger than this are refused: no real endpoint needs it, and a runaway file must not
/// stall the generator.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// One decoded file.
#[derive(Debug)]
pub struct SpecFile<T> {
    /// Path relative to the spec root, e.g. `endpoints/security/msg_sec_check.yaml`.
    pub rel: String,
    /// Path as shown to the user, e.g. `spec/endpoints/security/msg_sec_check.yaml`.
    pub file: String,
    pub raw: T,
    pub spans: SpanIndex,
    /// Nodes cut out because they could not be decoded (already reported).
    pub pruned: Vec<Path>,
}

impl<T> SpecFile<T> {
    /// True when `path` or one of its ancestors was cut out while decoding.
    pub fn was_pruned(&self, path: &[spans::Seg]) -> bool {
        self.pruned.iter().any(|p| path.starts_with(p))
    }
}

/// Every file of the spec, sorted into its kind.
#[derive(Debug, Default)]
pub struct Loaded {
    pub common: Option<SpecFile<RawCommonErrors>>,
    pub groups: Option<SpecFile<RawGroups>>,
    pub type_groups: Vec<SpecFile<RawTypeGroup>>,
    pub endpoints: Vec<SpecFile<RawEndpoint>>,
    pub services: Vec<SpecFile<RawService>>,
    /// Display paths of the files that failed to load, so later stages stay quiet about them.
    pub broken: Vec<String>,
}

impl Loaded {
    /// The display path of a loaded file, given its spec-relative path.
    pub fn display_of(&self, rel: &str) -> String {
        let files = self
            .type_groups
            .iter()
            .map(|f| (&f.rel, &f.file))
            .chain(self.endpoints.iter().map(|f| (&f.rel, &f.file)))
            .chain(self.services.iter().map(|f| (&f.rel, &f.file)))
            .chain(self.common.iter().map(|f| (&f.rel, &f.file)))
            .chain(self.groups.iter().map(|f| (&f.rel, &f.file)));
        files
            .into_iter()
            .find(|(r, _)| r.as_str() == rel)
            .map_or_else(|| rel.to_owned(), |(_, f)| f.clone())
    }
}

/// The file that holds the common error table, relative to the spec root.
pub const COMMON_ERRORS: &str = "common/errors.yaml";

/// The file that names the endpoint groups, relative to the spec root.
pub const GROUPS: &str = "groups.yaml";

/// A file decoded as its kind, with what decoding it said.
enum Parsed {
    Common(Option<SpecFile<RawCommonErrors>>),
    Groups(Option<SpecFile<RawGroups>>),
    TypeGroup(Option<SpecFile<RawTypeGroup>>),
    Endpoint(Option<SpecFile<RawEndpoint>>),
    Service(Option<SpecFile<RawService>>),
    Unknown,
}

pub fn load(tree: &SpecTree, dx: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded::default();
    // Spec order is file order: sorted, so the same tree always gives the same output.
    let mut files: Vec<&(String, Vec<u8>)> = tree.files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // Files parse independently: on every core, merged back in file order.
    let parsed = crate::parallel::map(&files, |(rel, bytes)| {
        let mut own = Diagnostics::default();
        let file = tree.display(rel);
        let parsed = if rel == COMMON_ERRORS {
            Parsed::Common(load_one(rel, &file, bytes, &mut own))
        } else if rel == GROUPS {
            Parsed::Groups(load_one(rel, &file, bytes, &mut own))
        } else if rel.starts_with("types/") {
            Parsed::TypeGroup(load_one(rel, &file, bytes, &mut own))
        } else if rel.starts_with("endpoints/") {
            Parsed::Endpoint(load_one(rel, &file, bytes, &mut own))
        } else if rel.starts_with("services/") {
            Parsed::Service(load_one(rel, &file, bytes, &mut own))
        } else {
            Parsed::Unknown
        };
        (file, parsed, own)
    });
    for (file, parsed, own) in parsed {
        dx.append(own);
        let ok = match parsed {
            Parsed::Common(f) => f.map(|f| loaded.common = Some(f)),
            Parsed::Groups(f) => f.map(|f| loaded.groups = Some(f)),
            Parsed::TypeGroup(f) => f.map(|f| loaded.type_groups.push(f)),
            Parsed::Endpoint(f) => f.map(|f| loaded.endpoints.push(f)),
            Parsed::Service(f) => f.map(|f| loaded.services.push(f)),
            Parsed::Unknown => {
                dx.push(
                    Diagnostic::error(
                        Code::UnknownFile,
                        &file,
                        Span::file_start(),
                        "this file is in no folder the generator reads",
                    )
                    .help(
                        "move it to endpoints/, services/ or types/ (or common/errors.yaml, groups.yaml) \
                     under the spec folder",
                    ),
                );
                None
            }
        };
        if ok.is_none() {
            loaded.broken.push(file);
        }
    }
    loaded
}

fn load_one<T: DeserializeOwned>(
    rel: &str,
    file: &str,
    bytes: &[u8],
    dx: &mut Diagnostics,
) -> Option<SpecFile<T>> {
    let text = text_of(file, bytes, dx)?;
    let (value, spans) = parse(file, text, dx)?;
    let decoded = decode::decode::<T>(value, file, &spans, dx);
    Some(SpecFile {
        rel: rel.to_owned(),
        file: file.to_owned(),
        raw: decoded.value?,
        spans,
        pruned: decoded.pruned,
    })
}

/// The file's text, unless it is too large, binary, not UTF-8 or empty.
fn text_of<'b>(file: &str, bytes: &'b [u8], dx: &mut Diagnostics) -> Option<&'b str> {
    if bytes.len() > MAX_FILE_BYTES {
        dx.push(
            Diagnostic::error(
                Code::FileTooLarge,
                file,
                Span::file_start(),
                format!(
                    "this file is {} bytes; spec files may be at most {MAX_FILE_BYTES}",
                    bytes.len()
                ),
            )
            .help("split it: one endpoint or service per file"),
        );
        return None;
    }
    if bytes.contains(&0) {
        dx.push(
            Diagnostic::error(
                Code::NotUtf8,
                file,
                Span::file_start(),
                "this file is binary (it contains NUL bytes), not YAML text",
            )
            .help("restore the file from version control, or delete it; spec files are UTF-8 YAML"),
        );
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            dx.push(not_utf8(file, bytes, e.valid_up_to()));
            return None;
        }
    };
    if text.trim().is_empty() {
        dx.push(
            Diagnostic::error(
                Code::EmptyFile,
                file,
                Span::file_start(),
                "this file is empty",
            )
            .help("delete it, or start from `wxapi-codegen new endpoint NAME`"),
        );
        return None;
    }
    Some(text)
}

/// The file's YAML, with the positions of its nodes: unless it nests too deep, has a syntax
/// error, or is not a mapping. Duplicate keys are reported and the first one kept.
fn parse(file: &str, text: &str, dx: &mut Diagnostics) -> Option<(Value, SpanIndex)> {
    let spans = SpanIndex::build(text);
    // Before serde_yaml sees the text: it would take the square of the depth to refuse it.
    if let Some(at) = spans.too_deep {
        dx.push(limits::too_deep(file, at, text));
        return None;
    }
    if let Some((at, what)) = &spans.syntax_error {
        if limits::serde_yaml_may_stall(text) {
            dx.push(limits::event_parser_syntax(file, *at, what));
            return None;
        }
    }
    let value = match serde_yaml::from_str::<lenient::Lenient>(text) {
        Ok(lenient::Lenient(value)) => value,
        Err(e) => {
            syntax::report(file, text, &e, dx);
            return None;
        }
    };
    for dup in &spans.duplicates {
        dx.push(
            Diagnostic::error(
                Code::DuplicateKey,
                file,
                dup.second,
                format!("`{}` is declared twice in this mapping", dup.key),
            )
            .help(format!(
                "the first `{}` is at line {}; remove or rename one of them",
                dup.key, dup.first.line
            )),
        );
    }
    if !value.is_mapping() {
        dx.push(not_a_mapping(file, text, &value, &spans));
        return None;
    }
    Some((value, spans))
}

/// The first byte that is not UTF-8, pointed at with an empty span: the drawing replaces the
/// bad bytes, so a span over them would not match the text shown.
fn not_utf8(file: &str, bytes: &[u8], at: usize) -> Diagnostic {
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let col = at
        - bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    Diagnostic::error(
        Code::NotUtf8,
        file,
        Span {
            line,
            col,
            offset: at,
            len: 0,
        },
        "this file is not valid UTF-8",
    )
    .help("save the file as UTF-8 (Chinese text included); GBK and other encodings are not read")
}

/// A file whose top level is not a mapping: comments only, a list, a bare text...
fn not_a_mapping(file: &str, text: &str, value: &Value, spans: &SpanIndex) -> Diagnostic {
    if value.is_null() && !spans.contains(&[]) {
        return Diagnostic::error(
            Code::EmptyFile,
            file,
            Span::file_start(),
            "this file has only comments",
        )
        .help("write the spec below the comment, or delete the file");
    }
    let what = match value {
        Value::Sequence(_) => "a list",
        Value::String(_) => "a single text",
        Value::Number(_) | Value::Bool(_) | Value::Null => "a single value",
        Value::Tagged(_) => "a tagged value",
        Value::Mapping(_) => "a mapping",
    };
    let looks_html = text
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with('<'));
    let help = if looks_html {
        "this looks like an HTML page; write the spec as YAML keys (see spec/README.md)"
    } else if what == "a list" {
        "remove the `- ` list markers: the top level is `key: value` lines (see spec/README.md)"
    } else {
        "see spec/README.md for the keys of each kind of file"
    };
    Diagnostic::error(
        Code::NotAMapping,
        file,
        spans.value(&[]),
        format!("a spec file must be a YAML mapping of keys to values, not {what}"),
    )
    .help(help)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn tree(files: &[(&str, &str)]) -> SpecTree {
        SpecTree {
            display_root: "spec".into(),
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        }
    }

    #[test]
    fn every_broken_file_gets_its_own_diagnostic() {
        let mut dx = Diagnostics::default();
        let t = SpecTree {
            display_root: "spec".into(),
            files: vec![
                ("endpoints/a.yaml".into(), b"".to_vec()),
                (
                    "endpoints/b.yaml".into(),
                    vec![b'i', b'd', b':', b' ', 0xff],
                ),
                ("endpoints/c.yaml".into(), b"id: [\n".to_vec()),
                ("endpoints/d.yaml".into(), b"- 1\n".to_vec()),
                ("misc/e.yaml".into(), b"a: 1\n".to_vec()),
                ("endpoints/f.yaml".into(), b"a: 1\nb:\n\tc: 1\n".to_vec()),
            ],
        };
        let loaded = load(&t, &mut dx);
        assert!(loaded.endpoints.is_empty());
        let codes: Vec<_> = dx
            .sorted()
            .iter()
            .map(|d| (d.file.clone(), d.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("spec/endpoints/a.yaml".to_owned(), "empty-file"),
                ("spec/endpoints/b.yaml".to_owned(), "not-utf8"),
                ("spec/endpoints/c.yaml".to_owned(), "yaml-syntax"),
                ("spec/endpoints/d.yaml".to_owned(), "not-a-mapping"),
                ("spec/endpoints/f.yaml".to_owned(), "yaml-syntax"),
                ("spec/misc/e.yaml".to_owned(), "unknown-file"),
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_reported_where_the_second_one_is() {
        let mut dx = Diagnostics::default();
        load(
            &tree(&[(
                COMMON_ERRORS,
                "errors:\n  -1: { name: A, message: a }\n  -1: { name: B, message: b }\n",
            )]),
            &mut dx,
        );
        let d = &dx.sorted()[0];
        assert_eq!((d.code, d.span.line, d.span.col), ("duplicate-key", 3, 3));
    }

    pub(super) fn only(rel: &str, bytes: &[u8]) -> Diagnostic {
        let mut dx = Diagnostics::default();
        let t = SpecTree {
            display_root: "spec".into(),
            files: vec![(rel.into(), bytes.to_vec())],
        };
        load(&t, &mut dx);
        let all = dx.sorted();
        assert_eq!(all.len(), 1, "{all:?}");
        all[0].clone()
    }

    pub(super) fn at(d: &Diagnostic) -> (usize, usize) {
        (d.span.line, d.span.col)
    }

    #[test]
    fn a_syntax_error_before_thousands_of_brackets_is_still_located() {
        // serde_yaml is not given this file (it could take seconds past the error): the
        // event parser's own message is shown, at its place.
        let text = format!("id: a\na: b: c\nx: {}\n", "[".repeat(200_000));
        let d = only("endpoints/a.yaml", text.as_bytes());
        assert_eq!((d.code, at(&d)), ("yaml-syntax", (2, 5)));
        assert!(
            d.message.starts_with("invalid YAML: mapping values"),
            "{d:?}"
        );
    }

    #[test]
    fn files_that_are_not_yaml_text_say_what_they_are() {
        let d = only("endpoints/a.yaml", b"# only a comment\n");
        assert_eq!(
            (d.code, d.message.as_str()),
            ("empty-file", "this file has only comments")
        );
        let d = only("endpoints/a.yaml", b"\x89PNG\r\n\x1a\n\x00\x00");
        assert!(d.message.contains("binary"), "{d:?}");
        let d = only("endpoints/a.yaml", b"# t\ntitle: \xce\xc4\n");
        assert_eq!((d.code, at(&d), d.span.len), ("not-utf8", (2, 8), 0));
        let d = only("endpoints/a.yaml", b"- id: a\n- title: b\n");
        assert!(d.message.ends_with("not a list"), "{d:?}");
        let d = only("endpoints/a.yaml", b"<!DOCTYPE html>\n<html></html>\n");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("HTML")),
            "{d:?}"
        );
    }
}
