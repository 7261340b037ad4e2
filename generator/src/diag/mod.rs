//! Diagnostics: every problem found in a spec, with its place and a hint.
//!
//! Stages push into one [`Diagnostics`] accumulator instead of returning at the first
//! problem, so a maintainer sees everything wrong with a spec tree in one run. Positions are
//! resolved when a diagnostic is created (from the file's span index), and the list is
//! sorted by file and line when it is rendered. Every kind of problem is in the catalogue
//! of [`Code`]s.

mod codes;
pub mod render;
pub(crate) mod suggest;

use std::fmt;

pub use codes::Code;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a spec file. Lines and columns count from 1; `offset` and `len` are bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub offset: usize,
    pub len: usize,
}

impl Span {
    /// The start of a file: where a problem of the whole file is shown.
    pub const fn file_start() -> Span {
        Span {
            line: 1,
            col: 1,
            offset: 0,
            len: 0,
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, greppable name for the kind of problem, e.g. `unknown-type`: the
    /// [`Code::as_str`] of its code.
    pub code: &'static str,
    /// The file as the user should see it, e.g. `spec/endpoints/msg_sec_check.yaml`.
    pub file: String,
    pub span: Span,
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            code.severity(),
            Some(Severity::Error),
            "{code} is not an error"
        );
        Diagnostic::new(Severity::Error, code, file, span, message.into())
    }

    pub fn warning(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            code.severity(),
            Some(Severity::Warning),
            "{code} is not a warning"
        );
        Diagnostic::new(Severity::Warning, code, file, span, message.into())
    }

    fn new(severity: Severity, code: Code, file: &str, span: Span, message: String) -> Self {
        Diagnostic {
            severity,
            code: code.as_str(),
            file: file.to_owned(),
            span,
            message,
            help: None,
        }
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {level}[{}]: {}",
            self.file, self.span.line, self.span.col, self.code, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics shown per file, by position; past this, one more says how many are not
/// shown. A maintainer fixes the first few and runs again, and a drawn diagnostic costs the
/// size of its file: 46,000 unknown types in one 1 MiB file took minutes and gigabytes to
/// draw. (Loading already stops a file at 50 problems; validation's are capped here.)
pub const MAX_SHOWN_PER_FILE: usize = 50;

/// The accumulator every stage writes into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Takes every diagnostic of `other`, in its order (parallel stages merge this way).
    pub fn append(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The diagnostics to show: sorted by file, then position, then severity; at most
    /// `MAX_SHOWN_PER_FILE` (50) per file and then one that counts the rest. The counts
    /// ([`Diagnostics::error_count`]) still count every one.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.span.line, a.span.col, a.severity, &a.message).cmp(&(
                &b.file,
                b.span.line,
                b.span.col,
                b.severity,
                &b.message,
            ))
        });
        items.dedup();
        cap_per_file(items)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    /// Renders every diagnostic, then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        write!(
            f,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        )
    }
}

/// Keeps the first [`MAX_SHOWN_PER_FILE`] of each file's (sorted) diagnostics, and puts one
/// in for the rest, at the first of them.
fn cap_per_file(items: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(items.len());
    let mut hidden: Vec<Diagnostic> = Vec::new();
    let mut shown_in_file = 0;
    for d in items {
        if out.last().is_none_or(|last| last.file != d.file) {
            flush_hidden(&mut out, &mut hidden);
            shown_in_file = 0;
        }
        if shown_in_file < MAX_SHOWN_PER_FILE {
            shown_in_file += 1;
            out.push(d);
        } else {
            hidden.push(d);
        }
    }
    flush_hidden(&mut out, &mut hidden);
    out
}

fn flush_hidden(out: &mut Vec<Diagnostic>, hidden: &mut Vec<Diagnostic>) {
    let Some(first) = hidden.first() else {
        return;
    };
    let errors = hidden
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let (severity, what) = match (errors > 0, hidden.len() == 1) {
        (true, false) => (Severity::Error, "problems"),
        (true, true) => (Severity::Error, "problem"),
        (false, false) => (Severity::Warning, "warnings"),
        (false, true) => (Severity::Warning, "warning"),
    };
    let verb = if hidden.len() == 1 { "is" } else { "are" };
    out.push(Diagnostic {
        severity,
        code: Code::MoreInFile.as_str(),
        file: first.file.clone(),
        span: first.span,
        message: format!(
            "{} more {what} in this file from here on {verb} not shown",
            hidden.len()
        ),
        help: Some("fix the ones above and run again".to_owned()),
    });
    hidden.clear();
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: usize, severity: Severity) -> Diagnostic {
        let span = Span {
            line,
            col: 1,
            offset: 0,
            len: 0,
        };
        Diagnostic {
            severity,
            ..Diagnostic::error(Code::UnknownType, file, span, format!("problem {line}"))
        }
    }

    #[test]
    fn a_file_shows_its_first_problems_and_counts_the_rest() {
        let mut dx = Diagnostics::default();
        for line in (1..=1000).rev() {
            dx.push(at("b.yaml", line, Severity::Error));
        }
        dx.push(at("a.yaml", 1, Severity::Error));
        for line in 1..=60 {
            dx.push(at("c.yaml", line, Severity::Warning));
        }
        let shown = dx.sorted();
        let per_file = |file: &str| shown.iter().filter(|d| d.file == file).count();
        assert_eq!(
            (per_file("a.yaml"), per_file("b.yaml"), per_file("c.yaml")),
            (1, MAX_SHOWN_PER_FILE + 1, MAX_SHOWN_PER_FILE + 1)
        );
        let rest = &shown[MAX_SHOWN_PER_FILE + 1];
        assert_eq!(
            (rest.code, rest.file.as_str(), rest.span.line),
            ("more-in-file", "b.yaml", MAX_SHOWN_PER_FILE + 1)
        );
        assert_eq!(
            rest.message,
            "950 more problems in this file from here on are not shown"
        );
        let last = shown.last().expect("shown");
        assert_eq!(last.severity, Severity::Warning, "{last:?}");
        assert_eq!((dx.error_count(), dx.warning_count()), (1001, 60));
    }
}
