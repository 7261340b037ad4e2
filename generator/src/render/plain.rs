//! Diagnostics drawn in plain text, the way rustc prints its own: the problem, the file at
//! line and column, the source line with a caret under the node, and the hint. This is what
//! a build script prints (cargo shows it as is), and what the library draws without the
//! `fancy` feature.

use std::fmt::Write as _;

use crate::diag::{Diagnostic, Severity};

/// Draws `d` against the text of its file (empty when the file is unknown).
pub(super) fn draw(d: &Diagnostic, text: &str) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = String::new();
    let _ = writeln!(out, "{level}[{}]: {}", d.code, d.message);
    let _ = writeln!(out, "  --> {}:{}:{}", d.file, d.span.line, d.span.col);
    if let Some((number, line, start, width)) = source_line(d, text) {
        let gutter = " ".repeat(number.len());
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{number} | {line}");
        let _ = writeln!(
            out,
            "{gutter} | {}{} {}",
            " ".repeat(start),
            "^".repeat(width),
            super::label(d.code)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out.push('\n');
    out
}

/// The diagnostic's line (number, text), and the caret's start and width in characters;
/// `None` when the span is outside the text.
fn source_line<'t>(d: &Diagnostic, text: &'t str) -> Option<(String, &'t str, usize, usize)> {
    let offset = d.span.offset;
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[start..end].trim_end_matches('\r');
    let before = text[start..offset].chars().count();
    // Point at the node on its first line; at least one caret, even for an empty node.
    let node_end = (offset + d.span.len).min(start + line.len());
    let width = text
        .get(offset..node_end)
        .map_or(0, |node| node.chars().count())
        .max(1);
    let number = text[..start].matches('\n').count() + 1;
    Some((number.to_string(), line, before, width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn diagnostic(offset: usize, len: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: "unknown-type",
            file: "spec/endpoints/x.yaml".into(),
            span: Span {
                line: 2,
                col: 9,
                offset,
                len,
            },
            message: "`strng` is not a type".into(),
            help: Some("write `string`".into()),
        }
    }

    #[test]
    fn draws_the_location_the_line_a_caret_and_the_hint() {
        let text = "id: x\ntype: \u{3000}strng\nnext: 1\n";
        let offset = text.find("strng").expect("in text");
        let drawn = draw(&diagnostic(offset, 5), text);
        let expected = [
            "error[unknown-type]: `strng` is not a type",
            "  --> spec/endpoints/x.yaml:2:9",
            "  |",
            "2 | type: \u{3000}strng",
            "  |        ^^^^^ this type is not declared",
            "  = help: write `string`",
            "",
            "",
        ];
        assert_eq!(drawn, expected.join("\n"));
    }

    #[test]
    fn a_span_outside_the_text_still_names_the_place() {
        let drawn = draw(&diagnostic(500, 3), "short");
        assert!(drawn.contains("--> spec/endpoints/x.yaml:2:9"), "{drawn}");
        assert!(!drawn.contains('^'), "{drawn}");
    }
}
