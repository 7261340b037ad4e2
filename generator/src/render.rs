//! Diagnostics as people and tools read them.
//!
//! Three formats: `human` draws each problem with miette (the file at line and column, the
//! source line, a caret under the node, the hint), `short` is one line per problem
//! (`file:line:col: error[code]: message`) for grep and editors' quick-fix lists, and
//! `json` is one JSON object per line for CI annotations. All are sorted by file and line
//! and end with a count.

use std::collections::HashMap;
use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::SpecTree;

/// How to print diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// miette's drawing, without colour (stable for snapshots and logs).
    #[default]
    Human,
    /// miette's drawing with ANSI colours, for a terminal.
    HumanColor,
    /// One line each.
    Short,
    /// One JSON object per line.
    Json,
}

/// Renders every diagnostic of `dx` (with the source text from `tree`), then a summary.
pub fn render(dx: &Diagnostics, tree: &SpecTree, format: Format) -> String {
    let sources: HashMap<String, &[u8]> = tree
        .files
        .iter()
        .map(|(rel, bytes)| (tree.display(rel), bytes.as_slice()))
        .collect();
    let mut out = String::new();
    for d in dx.sorted() {
        match format {
            Format::Short => {
                let _ = writeln!(out, "{d}");
            }
            Format::Json => {
                let line = serde_json::to_string(&JsonLine::from(&d)).unwrap_or_default();
                let _ = writeln!(out, "{line}");
            }
            Format::Human | Format::HumanColor => {
                let text = sources
                    .get(&d.file)
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    .unwrap_or_default();
                out.push_str(&graphical(&d, text, format == Format::HumanColor));
            }
        }
    }
    if format == Format::Json {
        return out;
    }
    let (errors, warnings) = (dx.error_count(), dx.warning_count());
    let _ = writeln!(
        out,
        "{errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    out
}

/// The width diagnostics are drawn at; fixed so output doesn't depend on the terminal.
const WIDTH: usize = 100;

fn graphical(d: &Diagnostic, text: String, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false);
    let report = Report::new(d, text);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // Drawing failed (it shouldn't): the short form still says everything.
        let _ = writeln!(out, "{d}");
    }
    out
}

/// One diagnostic in the shape miette draws.
#[derive(Debug)]
struct Report<'a> {
    d: &'a Diagnostic,
    source: NamedSource<String>,
    span: SourceSpan,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, text: String) -> Self {
        let mut offset = d.span.offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut end = (offset + d.span.len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Point at the whole node on its first line; multi-line nodes draw badly.
        let len = text[offset..end].find('\n').unwrap_or(end - offset);
        Report {
            d,
            source: NamedSource::new(&d.file, text),
            span: SourceSpan::new(offset.into(), len),
        }
    }
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some(label(self.d.code).to_owned()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// The short label drawn under the node, by kind of problem.
fn label(code: &str) -> &'static str {
    match code {
        "unknown-type" => "this type is not declared",
        "unknown-key" => "not a key here",
        "missing-key" => "a required key is missing here",
        "duplicate-key" | "duplicate-name" | "duplicate-type" | "duplicate-id"
        | "duplicate-code" | "duplicate-value" | "duplicate-path" => "declared again here",
        "common-code-clash" => "already in the common table",
        "yaml-syntax" => "the YAML breaks here",
        "wrong-type" | "type-mismatch" | "bad-value" => "this value",
        "example-mismatch" => "this part of the example",
        _ => "here",
    }
}

/// A diagnostic as a JSON line.
#[derive(Serialize)]
struct JsonLine<'a> {
    severity: &'static str,
    code: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonLine<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonLine {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.code,
            file: &d.file,
            line: d.span.line,
            column: d.span.col,
            offset: d.span.offset,
            length: d.span.len,
            message: &d.message,
            help: d.help.as_deref(),
        }
    }
}
