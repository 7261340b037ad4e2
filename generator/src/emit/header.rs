//! The lines every generated file starts with: the `@generated` marker the writer owns
//! files by, the spec files it comes from, and how to regenerate it.

use crate::write;

/// The header of the files of one run.
pub struct Header<'a> {
    /// The spec folder as headers name it, without a trailing `/`.
    spec_root: &'a str,
    /// How to regenerate, e.g. "run `cargo run -p wxapi-codegen -- generate`".
    regenerate: &'a str,
}

impl<'a> Header<'a> {
    pub fn new(spec_root: &'a str, regenerate: &'a str) -> Self {
        Header {
            spec_root,
            regenerate,
        }
    }

    /// The header of a file made from `sources` (spec-relative; none for the whole tree),
    /// each line wrapped by `comment`.
    pub fn lines(&self, sources: &[String], comment: fn(&str) -> String) -> String {
        let spec_root = self.spec_root;
        let from = if sources.is_empty() {
            format!("the spec tree `{spec_root}/`")
        } else {
            sources
                .iter()
                .map(|s| format!("`{spec_root}/{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        [
            format!("{} from {from}.", write::MARKER),
            format!(
                "Do not edit by hand: edit the spec and {}.",
                self.regenerate
            ),
        ]
        .iter()
        .map(|line| comment(line))
        .collect()
    }
}

/// A line comment of Rust and TypeScript.
pub fn rust_comment(line: &str) -> String {
    format!("// {line}\n")
}

/// An HTML comment, for markdown.
#[cfg(feature = "docs")]
pub fn md_comment(line: &str) -> String {
    format!("<!-- {line} -->\n")
}
