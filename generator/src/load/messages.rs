//! What serde, serde_yaml and saphyr say, read back.
//!
//! Their errors are text. Every place the loader reads that text is in this file, so a
//! dependency bump has one file to check against the new wording; the tests below pin what
//! each reader expects.

/// What serde said while decoding, sorted into the cases we can give a better hint for.
pub(super) enum Problem {
    UnknownKey { key: String, expected: Vec<String> },
    Missing(String),
    Other(String),
}

impl Problem {
    /// serde's "unknown field `tpye`, expected one of `type`, `doc`" and "missing field
    /// `id`"; anything else is `Other`.
    pub(super) fn parse(message: &str) -> Problem {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default().to_owned();
            let expected = rest
                .split_once("expected ")
                .map(|(_, list)| {
                    list.split('`')
                        .skip(1)
                        .step_by(2)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            return Problem::UnknownKey { key, expected };
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            return Problem::Missing(rest.split('`').next().unwrap_or_default().to_owned());
        }
        Problem::Other(message.to_owned())
    }
}

/// The text of a mapping key where an integer was expected: serde's
/// `invalid type: string "abc", expected i64` names the key but not its place.
pub(super) fn non_integer_key(message: &str) -> Option<&str> {
    Some(
        message
            .strip_prefix("invalid type: string \"")?
            .split_once("\", expected i64")?
            .0,
    )
}

/// serde's "invalid type: sequence, expected a map" in the spec's words, with a hint.
pub(super) fn wrong_type(message: &str, place: &str) -> (String, String) {
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return (
            message.to_owned(),
            format!("see spec/README.md for what {place} takes"),
        );
    };
    // `struct RawHttp`: the Rust name means nothing to a maintainer; it is a mapping.
    let expected = if expected.starts_with("struct ") {
        "a map"
    } else {
        expected
    };
    let found = match found {
        "sequence" => "a list",
        "map" => "a mapping",
        "unit value" => "nothing (null)",
        other => other,
    };
    let (expected, help) = match expected {
        "a boolean" => ("`true` or `false`", "write `true` or `false`".to_owned()),
        "a map" | "a mapping" if found == "a list" => (
            "a mapping",
            "write `key: value` entries here, without the `- ` list markers".to_owned(),
        ),
        "a map" => (
            "a mapping",
            format!("write {place} as `key: value` entries"),
        ),
        "a sequence" => (
            "a list",
            "write a list: `[a, b]`, or one `- ` item per line".to_owned(),
        ),
        "i64" => (
            "an integer",
            "write a whole number, without quotes".to_owned(),
        ),
        "a string" => (
            "a string",
            "write text here (quote it if YAML would read it as a number or a boolean)".to_owned(),
        ),
        other => (other, format!("see spec/README.md for what {place} takes")),
    };
    (
        format!("wrong kind of value: found {found}, expected {expected}"),
        help,
    )
}

/// What a serde_yaml syntax error is about, for the cases the loader says in its own words.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Syntax {
    /// Its recursion limit: the file nests too deep.
    TooDeep,
    /// A tab used for indentation.
    Tab,
    /// A second `---` document.
    SecondDocument,
    /// Its repetition limit: aliases expand too much.
    TooManyAliases,
    /// Anything else; what was open when the parser gave up, if the message says.
    Other(Option<Open>),
}

/// serde_yaml's `…, while parsing a flow mapping at line L column C`: the construct that was
/// open when the parser gave up, and where (1-based line and character column) it starts.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Open {
    pub what: Opened,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Opened {
    QuotedText,
    FlowMapping,
    FlowSequence,
    Unknown,
}

pub(super) fn syntax(message: &str) -> Syntax {
    if message.contains("recursion limit") {
        Syntax::TooDeep
    } else if message.contains("tab character") {
        Syntax::Tab
    } else if message.contains("more than one document") {
        Syntax::SecondDocument
    } else if message.contains("repetition limit") {
        Syntax::TooManyAliases
    } else {
        Syntax::Other(open(message))
    }
}

fn open(message: &str) -> Option<Open> {
    let (_, rest) = message.split_once(", while ")?;
    let (what, place) = rest.split_once(" at line ")?;
    let (line, col) = place.split_once(" column ")?;
    let what = match what {
        "scanning a quoted scalar" => Opened::QuotedText,
        "parsing a flow mapping" => Opened::FlowMapping,
        "parsing a flow sequence" => Opened::FlowSequence,
        _ => Opened::Unknown,
    };
    Some(Open {
        what,
        line: line.trim().parse().ok()?,
        col: col.trim().parse().ok()?,
    })
}

/// saphyr's error for a 256th open flow collection.
pub(super) const SAPHYR_FLOW_LEVEL_OVERFLOW: &str = "recursion limit exceeded";

/// serde_yaml appends " at line L column C"; the diagnostic shows the place already.
pub(super) fn strip_position(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_kinds_of_value_are_said_in_the_spec_words() {
        let (message, help) = wrong_type("invalid type: sequence, expected a map", "`fields`");
        assert_eq!(
            message,
            "wrong kind of value: found a list, expected a mapping"
        );
        assert!(help.contains("without the `- ` list markers"), "{help}");
        let (message, help) = wrong_type(
            "invalid type: string \"maybe\", expected a boolean",
            "`required`",
        );
        assert_eq!(
            message,
            "wrong kind of value: found string \"maybe\", expected `true` or `false`"
        );
        assert_eq!(help, "write `true` or `false`");
        let (message, _) = wrong_type("invalid type: sequence, expected struct RawHttp", "`http`");
        assert!(!message.contains("RawHttp"), "{message}");
    }

    #[test]
    fn serde_yaml_syntax_messages_are_read_with_their_opening_place() {
        let message = "did not find expected ',' or '}' at line 3 column 1, \
                       while parsing a flow mapping at line 2 column 7";
        assert_eq!(
            syntax(message),
            Syntax::Other(Some(Open {
                what: Opened::FlowMapping,
                line: 2,
                col: 7
            }))
        );
        assert_eq!(strip_position(message), "did not find expected ',' or '}'");
        assert_eq!(
            non_integer_key("invalid type: string \"abc\", expected i64"),
            Some("abc")
        );
    }
}
