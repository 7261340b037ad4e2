//! Diagnostics as people and tools read them.
//!
//! Three formats: `human` draws each problem (the file at line and column, the source line,
//! a caret under the node, the hint) with miette when the `fancy` feature is on, and in
//! rustc's plain style otherwise; `short` is one line per problem
//! (`file:line:col: error[code]: message`) for grep and editors' quick-fix lists, and
//! `json` is one JSON object per line for CI annotations. All are sorted by file and line
//! and end with a count.

#[cfg(feature = "fancy")]
pub(crate) mod fancy;
pub(crate) mod plain;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use crate::load::SpecTree;

/// How to print diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The drawing, without colour (stable for snapshots and logs).
    #[default]
    Human,
    /// The drawing with ANSI colours, for a terminal (plain without the `fancy` feature).
    HumanColor,
    /// rustc's plain drawing, whatever the features: what a build script prints.
    Plain,
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
    // Each file's text, decoded once however many diagnostics it has.
    let mut texts: HashMap<&str, Arc<str>> = HashMap::new();
    let mut out = String::new();
    let sorted = dx.sorted();
    for d in &sorted {
        match format {
            Format::Short => {
                let _ = writeln!(out, "{d}");
            }
            Format::Json => {
                let line = serde_json::to_string(&JsonLine::from(d)).unwrap_or_default();
                let _ = writeln!(out, "{line}");
            }
            Format::Human | Format::HumanColor | Format::Plain => {
                let text = texts.entry(d.file.as_str()).or_insert_with(|| {
                    let bytes = sources.get(&d.file).copied().unwrap_or_default();
                    Arc::from(String::from_utf8_lossy(bytes))
                });
                out.push_str(&draw(d, text.clone(), format));
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

/// One diagnostic drawn in `format` (one of the drawn ones). miette draws the whole source
/// line, and can't draw a column past 65,535 at all, so a diagnostic on a long line is drawn
/// plain, with a window of the line around the node.
#[cfg(feature = "fancy")]
fn draw(d: &Diagnostic, text: Arc<str>, format: Format) -> String {
    match format {
        Format::Plain => plain::draw(d, &text),
        _ if plain::on_a_long_line(d, &text) => plain::draw(d, &text),
        _ => fancy::draw(d, text, format == Format::HumanColor),
    }
}

/// One diagnostic drawn in `format` (one of the drawn ones).
#[cfg(not(feature = "fancy"))]
fn draw(d: &Diagnostic, text: Arc<str>, _format: Format) -> String {
    plain::draw(d, &text)
}

/// The short label drawn under the node, by kind of problem.
fn label(code: &str) -> &'static str {
    Code::from_name(code).map_or("here", Code::label)
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
