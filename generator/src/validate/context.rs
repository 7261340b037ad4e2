//! Shared state of the validation pass: where we are, and the names taken so far.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::load::spans::{Path, Seg, SpanIndex};
use crate::load::SpecFile;
use crate::model::Origin;

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
    pub fn error(
        &self,
        code: &'static str,
        path: &[Seg],
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, self.file, self.value(path), message)
    }

    /// An error at the key of `path`.
    pub fn key_error(
        &self,
        code: &'static str,
        path: &[Seg],
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, self.file, self.key(path), message)
    }

    pub fn warning(
        &self,
        code: &'static str,
        path: &[Seg],
        message: impl Into<String>,
    ) -> Diagnostic {
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

/// Type names the generated crate already uses (its own items, the runtime's re-exports, the
/// derives it imports, and the prelude types its code names).
const RESERVED: &[&str] = &[
    "Client",
    "ClientBuilder",
    "ServiceMarket",
    "CommonError",
    "ApiError",
    "ApiSecurity",
    "BuildError",
    "DecodeError",
    "EncodeError",
    "Error",
    "ErrorInfo",
    "File",
    "JsonString",
    "KeyError",
    "PendingService",
    "Secret",
    "SecurityError",
    "TokenError",
    "TransportError",
    "Serialize",
    "Deserialize",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Self",
];

impl Default for Registry {
    fn default() -> Self {
        Registry {
            taken: RESERVED
                .iter()
                .map(|n| ((*n).to_owned(), "the generated crate itself".to_owned()))
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
                    "duplicate-name",
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

#[cfg(test)]
mod tests {
    use super::RESERVED;

    #[test]
    fn every_runtime_type_the_generated_root_re_exports_is_reserved() {
        for name in crate::emit::rust::RUNTIME_REEXPORTS {
            assert!(RESERVED.contains(name), "`{name}` is not reserved");
        }
    }
}
