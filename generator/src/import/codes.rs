//! The importer's diagnostic codes: problems of a documentation page, reported at the page's
//! line and column like spec diagnostics, under codes of their own (`page-…`).

use crate::diag::{Diagnostic, Severity, Span};

/// A kind of problem found on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageCode {
    /// Not UTF-8 text.
    NotUtf8,
    /// Nothing that looks like an API page: no name, no parameter table, no HTTP line.
    NotAnApiPage,
    /// No English name: the draft's id comes from the file name.
    NoName,
    /// No HTTP line: the draft's path is a placeholder.
    NoHttp,
    /// A type the spec has no word for (`-`, `mixed`): the draft says `string` and a TODO.
    UnknownType,
    /// A table row with fewer cells than its header.
    BadRow,
    /// A sub-table whose field the parent table doesn't have.
    OrphanTable,
    /// A sample that isn't JSON even after repair: left out of the draft.
    BadSample,
    /// A sample the draft's types would reject: left out, with a TODO.
    SampleMismatch,
}

impl PageCode {
    pub const ALL: &'static [PageCode] = &[
        PageCode::NotUtf8,
        PageCode::NotAnApiPage,
        PageCode::NoName,
        PageCode::NoHttp,
        PageCode::UnknownType,
        PageCode::BadRow,
        PageCode::OrphanTable,
        PageCode::BadSample,
        PageCode::SampleMismatch,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            PageCode::NotUtf8 => "page-not-utf8",
            PageCode::NotAnApiPage => "page-not-an-api",
            PageCode::NoName => "page-no-name",
            PageCode::NoHttp => "page-no-http",
            PageCode::UnknownType => "page-unknown-type",
            PageCode::BadRow => "page-bad-row",
            PageCode::OrphanTable => "page-orphan-table",
            PageCode::BadSample => "page-bad-sample",
            PageCode::SampleMismatch => "page-sample-mismatch",
        }
    }

    /// Errors mean the page yields no draft; warnings are what the draft leaves to a human.
    pub const fn severity(self) -> Severity {
        match self {
            PageCode::NotUtf8 | PageCode::NotAnApiPage => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// What the problem is, in one line.
    pub const fn meaning(self) -> &'static str {
        match self {
            PageCode::NotUtf8 => "the page is not UTF-8 text",
            PageCode::NotAnApiPage => "nothing on the page looks like a server API: no name, no parameter table, no HTTP line",
            PageCode::NoName => "the page has no English name; the id comes from the file name",
            PageCode::NoHttp => "the page has no HTTP line; the path is a placeholder to fill in",
            PageCode::UnknownType => "a field type the spec has no word for; the draft says string",
            PageCode::BadRow => "a table row with fewer cells than its header",
            PageCode::OrphanTable => "a sub-table for a field the parent table doesn't have",
            PageCode::BadSample => "a sample that is not JSON even after repair; left out",
            PageCode::SampleMismatch => "a sample the draft's types reject; left out",
        }
    }

    /// A diagnostic of this code at `span` of the page `file`.
    pub fn at(self, file: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: self.severity(),
            code: self.as_str(),
            file: file.to_owned(),
            span,
            message: message.into(),
            help: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// spec/README.md §13 lists every page code with its severity and meaning.
    #[test]
    fn the_spec_readme_lists_the_page_codes() {
        let readme = include_str!("../../../spec/README.md");
        for code in PageCode::ALL {
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let row = format!("| `{}` | {severity} | {} |", code.as_str(), code.meaning());
            assert!(readme.contains(&row), "spec/README.md lacks the row\n{row}");
        }
    }
}
