//! Diagnostics drawn by miette: boxed, with the source line, the node underlined and,
//! on a terminal, colours.

use std::fmt::Write as _;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::diag::{Diagnostic, Severity};

/// The width diagnostics are drawn at; fixed so output doesn't depend on the terminal.
pub(crate) const WIDTH: usize = 100;

pub(super) fn draw(d: &Diagnostic, text: Arc<str>, color: bool) -> String {
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
    source: NamedSource<Arc<str>>,
    span: SourceSpan,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, text: Arc<str>) -> Self {
        Report {
            d,
            span: source_span(&text, (d.span.offset, d.span.len)),
            source: NamedSource::new(&d.file, text),
        }
    }
}

/// The span (byte offset and length) as miette draws it: on character boundaries, within
/// the text, and cut to the node's first line (multi-line nodes draw badly).
pub(crate) fn source_span(text: &str, (offset, len): (usize, usize)) -> SourceSpan {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut end = (offset + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let len = text[offset..end].find('\n').unwrap_or(end - offset);
    SourceSpan::new(offset.into(), len)
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
        let label =
            LabeledSpan::new_with_span(Some(super::label(self.d.code).to_owned()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}
