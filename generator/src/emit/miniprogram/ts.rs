//! TypeScript as text: string literals, property keys, literal types, array types, and the
//! lines of `/** ... */` doc comments, each written so nothing in the spec can break out.

use crate::model::{EnumRepr, Literal, Notes, Ty};

/// A `file_url` field's type with CDN markers admitted: `string | CDN`, or arrays of them.
pub(super) fn with_cdn(ty: &Ty) -> Option<String> {
    match ty {
        Ty::String => Some("string | CDN".into()),
        Ty::Array(inner) => with_cdn(inner).map(|t| array_of(&t)),
        _ => None,
    }
}

/// What an enum of results admits besides its values, without collapsing the union (so
/// editors still complete the listed literals).
pub(super) fn open(repr: EnumRepr) -> &'static str {
    match repr {
        EnumRepr::Integer => "(number & {})",
        EnumRepr::String => "(string & {})",
    }
}

pub(super) fn array_of(inner: &str) -> String {
    if inner.contains(' ') {
        format!("({inner})[]")
    } else {
        format!("{inner}[]")
    }
}

pub(super) fn message_doc(doc: Option<&str>, fallback: &str) -> Vec<String> {
    let mut lines = Vec::new();
    push_para(&mut lines, doc);
    if lines.is_empty() {
        lines.push(fallback.to_owned());
    }
    lines
}

/// Appends `text`'s lines, after a blank line when there are lines already.
pub(super) fn push_para(lines: &mut Vec<String>, text: Option<&str>) {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(text.lines().map(|l| l.trim_end().to_owned()));
}

pub(super) fn push_notes(lines: &mut Vec<String>, notes: &Notes) {
    if let Some(s) = &notes.since {
        lines.push(format!("@since {}", one_line(s)));
    }
    if let Some(d) = &notes.deprecated {
        lines.push(format!("@deprecated {}", one_line(d)));
    }
}

pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines of a `/** ... */` comment: nothing in them can end the comment early.
pub(super) fn jsdoc_lines(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.replace("*/", "*\\/")).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// A literal as a TypeScript literal type.
pub(super) fn literal(l: &Literal) -> String {
    match l {
        Literal::Str(s) => ts_string(s),
        other => other.to_string(),
    }
}

/// A single-quoted TypeScript string literal.
pub(super) fn ts_string(s: &str) -> String {
    let json = serde_json::Value::String(s.to_owned()).to_string();
    let inner = &json[1..json.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

/// A property name: the wire name itself when it is an identifier, quoted otherwise.
pub(super) fn property_key(wire: &str) -> String {
    let mut chars = wire.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        wire.to_owned()
    } else {
        ts_string(wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_quoted_safely() {
        assert_eq!(ts_string("filePath"), "'filePath'");
        assert_eq!(ts_string("it's \"x\"\n"), "'it\\'s \"x\"\\n'");
        assert_eq!(property_key("img_url"), "img_url");
        assert_eq!(property_key("$x1"), "$x1");
        assert_eq!(property_key("content-type"), "'content-type'");
        assert_eq!(property_key("1st"), "'1st'");
    }

    #[test]
    fn comments_cannot_be_closed_by_doc_text() {
        assert_eq!(
            jsdoc_lines(&["a */ b".to_owned(), String::new()]),
            ["a *\\/ b"]
        );
    }

    #[test]
    fn arrays_of_unions_are_parenthesized() {
        assert_eq!(array_of("string"), "string[]");
        assert_eq!(array_of("string | CDN"), "(string | CDN)[]");
    }
}
