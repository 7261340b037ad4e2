//! Shared state of the validation pass: where we are, and the names taken so far.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::load::spans::{Path, Seg, SpanIndex};
use crate::load::SpecFile;
use crate::model::Origin;
use crate::naming;

/// A file being validated: enough to turn a path into a place.
#[derive(Clone, Copy)]
pub struct FileCx<'a> {
    pub file: &'a str,
    pub rel: &'a str,
    pub spans: &'a SpanIndex,
    /// Nodes cut out while decoding (already reported).
    pub pruned: &'a [Path],
}

impl<'a> FileCx<'a> {
    pub fn of<T>(f: &'a SpecFile<T>) -> Self {
        FileCx {
            file: &f.file,
            rel: &f.rel,
            spans: &f.spans,
            pruned: &f.pruned,
        }
    }

    /// True when something at or under `path` was cut out while decoding: what is missing
    /// there may be the part that was cut, so it is not reported again.
    pub fn lost_under(&self, path: &[Seg]) -> bool {
        self.pruned.iter().any(|p| p.starts_with(path))
    }

    pub fn value(&self, path: &[Seg]) -> Span {
        self.spans.value(path)
    }

    pub fn key(&self, path: &[Seg]) -> Span {
        self.spans.key(path)
    }

    pub fn origin(&self, path: &[Seg]) -> Origin {
        let span = self.key(path);
        Origin {
            file: self.rel.to_owned(),
            line: span.line,
            col: span.col,
            offset: span.offset,
            len: span.len,
        }
    }

    /// An error at the value of `path`.
    pub fn error(&self, code: Code, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.file, self.value(path), message)
    }

    /// An error at the key of `path`.
    pub fn key_error(&self, code: Code, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.file, self.key(path), message)
    }

    pub fn warning(&self, code: Code, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, self.file, self.key(path), message)
    }

    /// The place as text, for hints that point at an earlier declaration.
    pub fn place(&self, path: &[Seg]) -> String {
        let span = self.key(path);
        format!("{}:{}:{}", self.file, span.line, span.col)
    }
}

/// Builds a path from a parent and more segments.
pub fn join(path: &[Seg], more: &[&str]) -> Path {
    let mut p = path.to_vec();
    p.extend(more.iter().map(|k| Seg::Key((*k).to_owned())));
    p
}

pub fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// Names that must be unique across everything the generator emits into one crate (Rust
/// type names), remembering where each was first declared so a clash can cite both.
pub struct Registry {
    taken: HashMap<String, String>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            taken: crate::naming::reserved_type_names()
                .map(|n| (n.to_owned(), "the generated crate itself".to_owned()))
                .collect(),
        }
    }
}

impl Registry {
    /// Claims `name` for the declaration at `path`; reports a clash otherwise.
    pub fn claim(
        &mut self,
        name: &str,
        what: &str,
        cx: &FileCx,
        path: &[Seg],
        dx: &mut Diagnostics,
    ) -> bool {
        if let Some(first) = self.taken.get(name) {
            dx.push(
                cx.key_error(
                    Code::DuplicateName,
                    path,
                    format!("{what} needs the Rust name `{name}`, which is already taken"),
                )
                .help(format!(
                    "`{name}` is already declared at {first}; rename one of them"
                )),
            );
            return false;
        }
        self.taken.insert(name.to_owned(), cx.place(path));
        true
    }
}

/// What an id names, as messages say it.
pub struct IdOf {
    kind: &'static str,
    with_article: &'static str,
    /// A good id of this kind.
    example: &'static str,
}

pub const ENDPOINT_ID: IdOf = IdOf {
    kind: "endpoint",
    with_article: "an endpoint",
    example: "msg_sec_check",
};

pub const SERVICE_ID: IdOf = IdOf {
    kind: "service",
    with_article: "a service",
    example: "ocr_all_in_one",
};

/// Checks that the `id:` of the file in `cx` can be a Rust method name and is not used by
/// another file of its kind (`ids`: id -> place of its first use), then claims it. `false`
/// (reported) when the file can't be resolved under that id.
pub fn claim_id(
    cx: &FileCx,
    of: IdOf,
    id: &str,
    ids: &mut HashMap<String, String>,
    dx: &mut Diagnostics,
) -> bool {
    let IdOf {
        kind,
        with_article,
        example,
    } = of;
    let id_path = [key("id")];
    if !naming::is_snake_ident(id) {
        dx.push(
            cx.error(
                Code::BadIdentifier,
                &id_path,
                format!("`{id}` can't be {with_article} id"),
            )
            .help(match better_id(id) {
                Some(b) => format!("ids are snake_case Rust method names: write `{b}`"),
                None => format!(
                    "ids are snake_case ASCII, start with a letter and are not Rust keywords, \
                     e.g. `{example}`"
                ),
            }),
        );
        return false;
    }
    if let Some(first) = ids.get(id) {
        dx.push(
            cx.error(
                Code::DuplicateId,
                &id_path,
                format!("{kind} id `{id}` is already used"),
            )
            .help(format!(
                "it is declared at {first}; give each {kind} its own id"
            )),
        );
        return false;
    }
    ids.insert(id.to_owned(), cx.place(&id_path));
    true
}

/// The snake_case spelling of a bad id, when that is a fix: not when the id is a keyword
/// (`self_`) or starts with a digit (`_123abc`), which only an escape would make valid.
fn better_id(id: &str) -> Option<String> {
    naming::field(id)
        .map(|i| i.name)
        .filter(|b| b != id && !b.starts_with('_') && !b.ends_with('_'))
}
