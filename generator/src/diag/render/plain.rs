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
    out.push_str(&snippet(
        &format!("{}:{}:{}", d.file, d.span.line, d.span.col),
        (d.span.offset, d.span.len),
        text,
        super::label(d.code),
    ));
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out.push('\n');
    out
}

/// The place `at` (`file:line:col`), then the source line at `span` (byte offset and
/// length in `text`) with carets under the node and `label` after them; only the place when
/// the span is outside the text.
pub(crate) fn snippet(at: &str, span: (usize, usize), text: &str, label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  --> {at}");
    if let Some((number, line, start, width)) = source_line(span, text) {
        let gutter = " ".repeat(number.len());
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{number} | {line}");
        let _ = writeln!(
            out,
            "{gutter} | {}{} {label}",
            " ".repeat(start),
            "^".repeat(width),
        );
    }
    out
}

/// Lines longer than this many characters are shown as a window around the node.
const LONG_LINE: usize = 160;
/// Lines longer than this many characters are too long for miette's drawing of whole lines
/// (and past 65,535 columns it can't draw them at all).
#[cfg(feature = "fancy")]
const TOO_LONG_TO_DRAW_WHOLE: usize = 1_000;
/// How much of a long line the window shows before the node.
const LEAD: usize = 60;

/// Whether `d` points into a line too long to draw whole.
#[cfg(feature = "fancy")]
pub(super) fn on_a_long_line(d: &Diagnostic, text: &str) -> bool {
    line_bounds(d.span.offset, text).is_some_and(|(start, end)| {
        text[start..end]
            .chars()
            .nth(TOO_LONG_TO_DRAW_WHOLE)
            .is_some()
    })
}

/// The byte range of the line holding `offset`; `None` when it is outside the text.
fn line_bounds(offset: usize, text: &str) -> Option<(usize, usize)> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    Some((start, end))
}

/// The line holding `span` (number, text shown), and the caret's start and width in
/// characters; `None` when the span is outside the text. A long line is cut to a window
/// around the node, marked with `…` where it was cut.
fn source_line(
    (offset, len): (usize, usize),
    text: &str,
) -> Option<(String, String, usize, usize)> {
    let (start, end) = line_bounds(offset, text)?;
    let line = text[start..end].trim_end_matches('\r');
    let before = text[start..offset].chars().count();
    // Point at the node on its first line; at least one caret, even for an empty node.
    let node_end = (offset + len).min(start + line.len());
    let width = text
        .get(offset..node_end)
        .map_or(0, |node| node.chars().count())
        .max(1);
    let number = text[..start].matches('\n').count() + 1;
    if line.chars().nth(LONG_LINE).is_none() {
        return Some((number.to_string(), line.to_owned(), before, width));
    }
    let from = before.saturating_sub(LEAD);
    let mut shown: String = line.chars().skip(from).take(LONG_LINE).collect();
    let cut_after = line.chars().nth(from + LONG_LINE).is_some();
    let (mut caret, width) = (before - from, width.min(LONG_LINE - (before - from)).max(1));
    if from > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if cut_after {
        shown.push('…');
    }
    Some((number.to_string(), shown, caret, width))
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
    fn a_long_line_is_shown_as_a_window_around_the_node() {
        let text = format!("id: x\ndoc: \"{}\" ]\n", "x".repeat(70_000));
        let offset = text.find(" ]").expect("in text") + 1;
        let d = diagnostic(offset, 1);
        #[cfg(feature = "fancy")]
        assert!(on_a_long_line(&d, &text));
        let drawn = draw(&d, &text);
        let shown = drawn.lines().nth(3).expect("the source line");
        let caret = drawn.lines().nth(4).expect("the caret line");
        assert!(
            shown.starts_with("2 | …xxx") && shown.ends_with("\" ]"),
            "{shown}"
        );
        assert!(shown.chars().count() < 200, "{shown}");
        let column = caret.find('^').expect("a caret");
        assert_eq!(
            &shown[shown.char_indices().nth(column).expect("col").0..],
            "]"
        );
    }

    #[test]
    fn a_span_outside_the_text_still_names_the_place() {
        let drawn = draw(&diagnostic(500, 3), "short");
        assert!(drawn.contains("--> spec/endpoints/x.yaml:2:9"), "{drawn}");
        assert!(!drawn.contains('^'), "{drawn}");
    }
}
