//! Naming: the one place that turns spec names into Rust names.
//!
//! heck does the case conversion; this module adds what heck doesn't know: Rust's keywords
//! (`type` becomes `r#type`, and `self` — which can't be raw — becomes `self_`), names that
//! start with a digit, and characters Rust identifiers don't allow.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::RustIdent;

/// Keywords usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that can't be raw identifiers; they get a trailing underscore.
const SUFFIXED_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// A field or method name for a wire name: snake_case, escaped if needed.
/// `None` when nothing of the name survives (e.g. `"中文"` or `"--"`).
/// The runtime's types the generated root re-exports (besides its `token` module), so that
/// an application depends on the generated crate alone: what it names to configure a
/// client (`ClientBuilder` is an alias the root declares) and to handle its errors. The
/// validator keeps spec types from taking these names.
pub const RUNTIME_REEXPORTS: &[&str] = &[
    "ApiError",
    "ApiSecurity",
    "BuildError",
    "Call",
    "DecodeError",
    "EncodeError",
    "Error",
    "ErrorInfo",
    "File",
    "JsonString",
    "KeyError",
    "Media",
    "PendingService",
    "Secret",
    "SecurityError",
    "TokenError",
    "TransportError",
];

/// Type names the generated crate declares itself, or that its code names unqualified (the
/// serde derives it imports and prelude types).
const GENERATED_ROOT_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "ServiceMarket",
    "CommonError",
    "Serialize",
    "Deserialize",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Self",
];

/// Every type name a spec may not take: the generated crate's own and the runtime's
/// re-exports at its root.
pub fn reserved_type_names() -> impl Iterator<Item = &'static str> {
    GENERATED_ROOT_NAMES
        .iter()
        .chain(RUNTIME_REEXPORTS)
        .copied()
}

pub fn field(wire: &str) -> Option<RustIdent> {
    let snake = sanitize(wire).to_snake_case();
    ident(snake)
}

/// A type or variant name: UpperCamelCase.
pub fn type_name(name: &str) -> Option<String> {
    let camel = sanitize(name).to_upper_camel_case();
    let id = ident(camel)?;
    (!id.raw).then_some(id.name)
}

/// Whether `name` is already a valid PascalCase type name as written.
pub fn is_type_name(name: &str) -> bool {
    type_name(name).as_deref() == Some(name)
}

/// Whether `name` can be a query parameter name as written: ASCII letters, digits, `_`.
pub fn is_query_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `name` is already a valid snake_case identifier as written.
pub fn is_snake_ident(name: &str) -> bool {
    field(name).is_some_and(|id| !id.raw && id.name == name)
}

/// A variant name for an enum value: `risky` -> `Risky`, `100` -> `V100`.
pub fn variant_for_value(value: &str) -> Option<String> {
    let camel = sanitize(value).to_upper_camel_case();
    match camel.chars().next() {
        None => None,
        Some(c) if c.is_ascii_digit() => Some(format!("V{camel}")),
        Some(_) => type_name(&camel),
    }
}

/// Replaces characters that can't be in an identifier by `_`, so heck sees word breaks.
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn ident(name: String) -> Option<RustIdent> {
    let first = name.chars().next()?;
    let name = if first.is_ascii_digit() {
        format!("_{name}")
    } else {
        name
    };
    if name.chars().all(|c| c == '_') {
        return None;
    }
    if SUFFIXED_KEYWORDS.contains(&name.as_str()) {
        return Some(RustIdent {
            name: format!("{name}_"),
            raw: false,
        });
    }
    let raw = RAW_KEYWORDS.contains(&name.as_str());
    Some(RustIdent { name, raw })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_raw_keyword_becomes_a_raw_identifier() {
        for kw in RAW_KEYWORDS {
            let id = field(kw).expect("keyword gives a name");
            assert_eq!((id.name.as_str(), id.raw), (*kw, true), "{kw}");
        }
    }

    #[test]
    fn keywords_that_cannot_be_raw_get_a_suffix() {
        assert_eq!(field("self").map(|i| i.name), Some("self_".into()));
        assert_eq!(field("super").map(|i| i.name), Some("super_".into()));
        assert_eq!(field("crate").map(|i| i.name), Some("crate_".into()));
        assert_eq!(type_name("Self"), Some("Self_".into()));
    }

    #[test]
    fn wire_names_become_snake_case() {
        assert_eq!(field("errCode").map(|i| i.name), Some("err_code".into()));
        assert_eq!(
            field("client_msg_id").map(|i| i.name),
            Some("client_msg_id".into())
        );
        assert_eq!(
            field("BusinessType").map(|i| i.name),
            Some("business_type".into())
        );
        assert_eq!(field("img-url").map(|i| i.name), Some("img_url".into()));
        assert_eq!(field("2fa").map(|i| i.name), Some("_2fa".into()));
    }

    #[test]
    fn names_with_nothing_usable_are_refused() {
        assert_eq!(field("中文"), None);
        assert_eq!(field("--"), None);
        assert_eq!(type_name(""), None);
    }

    #[test]
    fn enum_values_get_variant_names() {
        assert_eq!(variant_for_value("risky").as_deref(), Some("Risky"));
        assert_eq!(
            variant_for_value("content_model").as_deref(),
            Some("ContentModel")
        );
        assert_eq!(variant_for_value("100").as_deref(), Some("V100"));
    }

    #[test]
    fn checks_spelling_as_written() {
        assert!(is_type_name("SecScene"));
        assert!(!is_type_name("secScene"));
        assert!(is_snake_ident("msg_sec_check"));
        assert!(!is_snake_ident("msgSecCheck"));
        assert!(!is_snake_ident("type"));
    }
}
