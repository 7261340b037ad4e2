//! Diagnostics: every problem found in a spec, with its place and a hint.
//!
//! Stages push into one [`Diagnostics`] accumulator instead of returning at the first
//! problem, so a maintainer sees everything wrong with a spec tree in one run. Positions are
//! resolved when a diagnostic is created (from the file's span index), and the list is
//! sorted by file and line when it is rendered. Every kind of problem is in the catalogue
//! of [`Code`]s.

mod codes;

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
        debug_assert_eq!(code.severity(), Severity::Error, "{code} is not an error");
        Diagnostic::new(code, file, span, message.into())
    }

    pub fn warning(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            code.severity(),
            Severity::Warning,
            "{code} is not a warning"
        );
        Diagnostic::new(code, file, span, message.into())
    }

    fn new(code: Code, file: &str, span: Span, message: String) -> Self {
        Diagnostic {
            severity: code.severity(),
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

    /// All diagnostics, sorted by file, then position, then severity.
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
        items
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
