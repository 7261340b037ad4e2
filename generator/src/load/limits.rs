//! What keeps a broken or hostile file from stalling the loader: a depth limit enforced by
//! the span indexer before serde_yaml sees the text, and a guard for the few files serde_yaml
//! would still parse slowly.
//!
//! serde_yaml's parser (libyaml) does work proportional to the depth of open flow
//! collections (`[`, `{`) for every token, and it reads the whole document before serde_yaml's
//! own recursion limit is checked: 200,000 `[` took 110 s to reject. saphyr's event parser,
//! which the span indexer runs first, has no such cost and is lazy, so the indexer counts the
//! depth and stops at the first node past [`MAX_DEPTH`]; the file then goes no further.

use crate::diag::{Diagnostic, Span};

/// How deep collections may nest, the top-level mapping included: serde_yaml's recursion
/// limit, so that a file the indexer lets through is never refused by serde_yaml for depth,
/// and both put the limit at the same node. Real spec files nest fewer than 15 levels.
pub const MAX_DEPTH: usize = 128;

/// With at most this many flow openers (`[`, `{`) in a file, libyaml's flow depth cannot
/// pass this number, and its parse stays in milliseconds (the cost grows with the square of
/// the depth: ~60 ms at 4,096 on a laptop core). Real spec files have fewer than 100.
const FLOW_OPENERS_LIBYAML_PARSES_FAST: usize = 4096;

/// True when serde_yaml might take seconds on a file the event parser rejected.
///
/// A file the event parser read to its end nests at most [`MAX_DEPTH`] deep, and the two
/// parsers agree on YAML's structure. One it rejected was read only up to the error, and
/// libyaml, which accepts a few things saphyr refuses, could go on past it into deep
/// nesting. The only sound bound on how deep it can go is the number of flow openers in the
/// whole text: when that is small, serde_yaml runs as usual and gives its own message.
pub fn serde_yaml_may_stall(text: &str) -> bool {
    text.bytes()
        .filter(|b| matches!(b, b'[' | b'{'))
        .nth(FLOW_OPENERS_LIBYAML_PARSES_FAST)
        .is_some()
}

/// The file nests deeper than [`MAX_DEPTH`]; `at` is the collection that crossed it.
pub fn too_deep(file: &str, at: Span, text: &str) -> Diagnostic {
    let opener = text.get(at.offset..).and_then(|t| t.chars().next());
    let what = match opener {
        Some('[') => "this `[` opens",
        Some('{') => "this `{` opens",
        _ => "this value opens",
    };
    // Named types are how a spec nests: a field refers to a type by name, at any depth.
    let named = "declare the inner object as a named type under `types:` and write \
                 `type: <Name>` here";
    let help = match opener {
        Some(bracket @ ('[' | '{')) => {
            format!("a spec needs only a few levels: remove the extra `{bracket}`s, or {named}")
        }
        _ => format!("a spec needs only a few levels: {named}"),
    };
    Diagnostic::error(
        crate::diag::Code::TooDeep,
        file,
        at,
        format!(
            "{what} level {} of nesting; spec files may nest at most {MAX_DEPTH} levels",
            MAX_DEPTH + 1
        ),
    )
    .help(help)
}

/// A syntax error as the event parser saw it, for the files serde_yaml is not given (see
/// [`serde_yaml_may_stall`]).
pub fn event_parser_syntax(file: &str, at: Span, what: &str) -> Diagnostic {
    Diagnostic::error(
        crate::diag::Code::YamlSyntax,
        file,
        at,
        format!("invalid YAML: {what}"),
    )
    .help("fix the YAML syntax at this place")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_brackets_are_left_to_serde_yaml() {
        assert!(!serde_yaml_may_stall("a: [1, {b: 2}]\n"));
        assert!(!serde_yaml_may_stall(
            &"[".repeat(FLOW_OPENERS_LIBYAML_PARSES_FAST)
        ));
        assert!(serde_yaml_may_stall(
            &"{".repeat(FLOW_OPENERS_LIBYAML_PARSES_FAST + 1)
        ));
    }

    #[test]
    fn the_help_names_the_bracket() {
        let at = Span {
            line: 1,
            col: 4,
            offset: 3,
            len: 1,
        };
        let d = too_deep("f.yaml", at, "a: [[");
        assert!(d.message.starts_with("this `[` opens level 129"), "{d:?}");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("extra `[`s")),
            "{d:?}"
        );
        let d = too_deep("f.yaml", at, "a:\n  b:");
        assert!(d.message.starts_with("this value opens"), "{d:?}");
    }
}
