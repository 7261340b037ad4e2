//! A YAML syntax error, said in the spec's words and pointed at the place to fix: an
//! unclosed quote or bracket where it opens, a tab, a second document.

use super::messages::{self, Open, Opened, Syntax};
use super::{limits, spans};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};

/// Reports serde_yaml's syntax error in `file`.
pub(super) fn report(file: &str, text: &str, error: &serde_yaml::Error, dx: &mut Diagnostics) {
    let message = error.to_string();
    let problem = error
        .location()
        .map(|l| span_at(text, l.line(), l.column()))
        .unwrap_or_else(Span::file_start);
    let syntax = messages::syntax(&message);
    // The span index stops deep files first; should the parsers ever disagree on a depth,
    // serde_yaml's own limit is still said the same way.
    if syntax == Syntax::TooDeep {
        dx.push(limits::too_deep(file, problem, text));
        return;
    }
    let (span, what, help) = explain(text, &message, problem, syntax);
    dx.push(
        Diagnostic::error(
            Code::YamlSyntax,
            file,
            span,
            format!("invalid YAML: {what}"),
        )
        .help(help),
    );
}

/// What went wrong, where to point, and what to write instead.
fn explain(text: &str, message: &str, problem: Span, syntax: Syntax) -> (Span, String, String) {
    let plain = messages::strip_position(message).to_owned();
    let at_problem = |help: &str| (problem, plain.clone(), help.to_owned());
    if syntax == Syntax::Tab || char_at(text, problem) == Some('\t') {
        return (
            problem,
            "a tab character is used for indentation".to_owned(),
            "indent with spaces; YAML does not allow tabs for indentation".to_owned(),
        );
    }
    let open = match syntax {
        Syntax::SecondDocument => {
            let span = spans::second_document(text).unwrap_or(problem);
            return (
                span,
                "this file holds more than one YAML document".to_owned(),
                "keep one document per file: remove this `---` and move what follows to its \
                 own file"
                    .to_owned(),
            );
        }
        Syntax::TooManyAliases => {
            return at_problem(
                "the file expands too many aliases; write the values out or use named types",
            )
        }
        Syntax::Other(Some(open)) => open,
        Syntax::TooDeep | Syntax::Tab | Syntax::Other(None) => {
            return at_problem("fix the YAML syntax at this place")
        }
    };
    let Open { what, line, col } = open;
    let opening = span_at(text, line, col);
    let place = format!("line {} column {}", problem.line, problem.col);
    match what {
        Opened::QuotedText => {
            let quote = char_at(text, opening).unwrap_or('"');
            (
                opening,
                "this quoted text is never closed".to_owned(),
                format!("add the closing `{quote}` at the end of the text"),
            )
        }
        Opened::FlowMapping => (
            opening,
            "this `{` is never closed".to_owned(),
            format!(
                "close the mapping with `}}`, or separate its entries with `,` \
                 (the parser stopped at {place})"
            ),
        ),
        Opened::FlowSequence => (
            opening,
            "this `[` is never closed".to_owned(),
            format!(
                "close the list with `]`, or separate its items with `,` \
                 (the parser stopped at {place})"
            ),
        ),
        Opened::Unknown => at_problem("fix the YAML syntax at this place"),
    }
}

/// The span of the character at a 1-based line and (character) column, clamped to the text.
fn span_at(text: &str, line: usize, col: usize) -> Span {
    let offset = byte_offset(text, line, col);
    let len = text
        .get(offset..)
        .and_then(|t| t.chars().next())
        .filter(|c| *c != '\n')
        .map_or(0, char::len_utf8);
    Span {
        line: line.max(1),
        col: col.max(1),
        offset,
        len,
    }
}

fn char_at(text: &str, span: Span) -> Option<char> {
    text.get(span.offset..).and_then(|t| t.chars().next())
}

/// The byte offset of a 1-based line and (character) column, clamped to the text.
fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    let within = rest
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    (line_start + within).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::super::load;
    use super::super::tests::{at, only, tree};
    use crate::diag::Diagnostics;

    #[test]
    fn an_unclosed_quote_or_bracket_is_shown_where_it_opens() {
        let d = only(
            "endpoints/a.yaml",
            "id: a\ntitle: \"文本\nhttp: x\n".as_bytes(),
        );
        assert_eq!(
            (at(&d), d.message.as_str()),
            ((2, 8), "invalid YAML: this quoted text is never closed")
        );
        let d = only(
            "endpoints/a.yaml",
            b"id: a\nhttp: { method: POST\ntitle: t\n",
        );
        assert_eq!(
            (at(&d), d.message.as_str()),
            ((2, 7), "invalid YAML: this `{` is never closed")
        );
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("line 3")),
            "{d:?}"
        );
        let d = only("endpoints/a.yaml", b"id: a\ncodes: [1, 2\ntitle: t\n");
        assert_eq!(
            (at(&d), d.message.as_str()),
            ((2, 8), "invalid YAML: this `[` is never closed")
        );
    }

    #[test]
    fn tabs_and_second_documents_are_named() {
        let d = only("endpoints/a.yaml", b"id: a\nrequest:\n\tfields: {}\n");
        assert_eq!(at(&d), (3, 1));
        assert!(d.message.contains("tab"), "{d:?}");
        let d = only("endpoints/a.yaml", b"id: a\n---\nid: b\n");
        assert_eq!(at(&d), (2, 1));
        assert!(d.message.contains("more than one YAML document"), "{d:?}");
    }

    #[test]
    fn a_syntax_error_on_chinese_text_gets_a_span_on_char_boundaries() {
        let text = "title: 文本: x\n";
        let d = only("endpoints/a.yaml", text.as_bytes());
        assert_eq!(d.code, "yaml-syntax");
        assert!(text.is_char_boundary(d.span.offset));
        assert!(text.is_char_boundary(d.span.offset + d.span.len));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
        ] {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let mut dx = Diagnostics::default();
        load(&tree(&[("types/bomb.yaml", &text)]), &mut dx);
        assert_eq!(dx.sorted()[0].code, "yaml-syntax");
    }
}
