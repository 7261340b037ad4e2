//! The built-in types of the spec format: the one list of their names, which the validator
//! resolves, the JSON Schema offers as completions, and the docs list.

use super::{IntFormat, Ty};

/// A type a spec names by a word of the format, not a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    String,
    Integer,
    Number,
    Boolean,
    File,
    Bytes,
    Json,
    Array,
    Object,
    Enum,
    JsonString,
    Map,
    OneOf,
}

impl Builtin {
    /// Every built-in type, in the order the docs list them.
    pub const ALL: [Builtin; 13] = [
        Builtin::String,
        Builtin::Integer,
        Builtin::Number,
        Builtin::Boolean,
        Builtin::File,
        Builtin::Bytes,
        Builtin::Json,
        Builtin::Array,
        Builtin::Object,
        Builtin::Enum,
        Builtin::JsonString,
        Builtin::Map,
        Builtin::OneOf,
    ];

    /// The name a spec writes, e.g. `type: json_string`.
    pub const fn name(self) -> &'static str {
        match self {
            Builtin::String => "string",
            Builtin::Integer => "integer",
            Builtin::Number => "number",
            Builtin::Boolean => "boolean",
            Builtin::File => "file",
            Builtin::Bytes => "bytes",
            Builtin::Json => "json",
            Builtin::Array => "array",
            Builtin::Object => "object",
            Builtin::Enum => "enum",
            Builtin::JsonString => "json_string",
            Builtin::Map => "map",
            Builtin::OneOf => "one_of",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The key a type needs besides its name (`array` its `items`, ...); `None` for the
    /// types a bare name is enough for.
    pub const fn needs(self) -> Option<&'static str> {
        match self {
            Builtin::Array => Some("items"),
            Builtin::Object => Some("fields"),
            Builtin::Enum => Some("values"),
            Builtin::JsonString | Builtin::Map => Some("of"),
            Builtin::OneOf => Some("fields"),
            _ => None,
        }
    }

    /// What a bare name means (`integer` is an `i64`); `None` for the types that need more.
    pub fn bare(self) -> Option<Ty> {
        Some(match self {
            Builtin::String => Ty::String,
            Builtin::Integer => Ty::Integer(IntFormat::I64),
            Builtin::Number => Ty::Number,
            Builtin::Boolean => Ty::Boolean,
            Builtin::File => Ty::File,
            Builtin::Bytes => Ty::Bytes,
            Builtin::Json => Ty::Json,
            Builtin::Array
            | Builtin::Object
            | Builtin::Enum
            | Builtin::JsonString
            | Builtin::Map
            | Builtin::OneOf => return None,
        })
    }
}

/// The names of `Builtin::ALL`, for lists (messages, the JSON Schema's completions).
pub const BUILTIN_NAMES: [&str; Builtin::ALL.len()] = {
    let mut names = [""; Builtin::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Builtin::ALL[i].name();
        i += 1;
    }
    names
};

/// The names of the integer formats, for the JSON Schema.
#[cfg(feature = "schema")]
pub const INT_FORMAT_NAMES: [&str; IntFormat::ALL.len()] = {
    let mut names = [""; IntFormat::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = IntFormat::ALL[i].0;
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_is_found_by_its_name() {
        for b in Builtin::ALL {
            assert_eq!(Builtin::from_name(b.name()), Some(b));
            assert_ne!(b.bare().is_some(), b.needs().is_some(), "{b:?}");
        }
        assert_eq!(Builtin::from_name("Integer"), None);
    }
}
