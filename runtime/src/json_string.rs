//! JSON documents that travel inside JSON strings.

use std::fmt;
use std::ops::Deref;

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::ser::{Error as _, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Text that carries the JSON of a `T`.
///
/// Some WeChat fields (the service market's `data`, several `*_info`
/// fields) hold a JSON document serialized into a string:
/// `{"data": "{\"text\":\"hi\"}"}`. `JsonString<T>` decodes that string as a
/// `T`, and encodes a `T` back into such a string.
///
/// Deserialization is lenient: it also accepts `T`'s JSON directly
/// (`{"data": {"text": "hi"}}`), because the same APIs are inconsistent
/// about it. When the value came from a string, the original text is kept
/// and re-serialized verbatim, so fields that `T` does not model survive a
/// round trip; this is also why there is no mutable access to the value.
/// Equality compares values only, never the raw text.
#[derive(Clone)]
pub struct JsonString<T> {
    value: T,
    raw: Option<String>,
}

impl<T> JsonString<T> {
    /// Wraps a value; it is serialized afresh when needed.
    pub const fn new(value: T) -> Self {
        JsonString { value, raw: None }
    }

    /// Borrows the decoded value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// Returns the decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The string the value was decoded from, if it arrived as a string.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }
}

impl<T: Serialize> JsonString<T> {
    /// The JSON text: the original text if the value arrived as one, else the value
    /// serialized afresh.
    pub(crate) fn to_text(&self) -> Result<String, serde_json::Error> {
        match &self.raw {
            Some(raw) => Ok(raw.clone()),
            None => serde_json::to_string(&self.value),
        }
    }
}

impl<T> Deref for JsonString<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> From<T> for JsonString<T> {
    fn from(value: T) -> Self {
        JsonString::new(value)
    }
}

impl<T: PartialEq> PartialEq for JsonString<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for JsonString<T> {}

impl<T: fmt::Debug> fmt::Debug for JsonString<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonString").field(&self.value).finish()
    }
}

impl<T: Serialize> Serialize for JsonString<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_text().map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Buffer into a `Value` first: only then can we tell a string (to be
        // parsed) from `T`'s own JSON, for any self-describing format.
        match Value::deserialize(deserializer)? {
            Value::String(text) => from_text(text).map_err(D::Error::custom),
            other => T::deserialize(other)
                .map(JsonString::new)
                .map_err(D::Error::custom),
        }
    }
}

fn from_text<T: DeserializeOwned>(text: String) -> Result<JsonString<T>, serde_json::Error> {
    if text.trim().is_empty() {
        // Services answer "" when they have nothing to say; let types that
        // accept `null` (unit, `Option`) take it.
        return T::deserialize(Value::Null).map(|value| JsonString {
            value,
            raw: Some(text),
        });
    }
    match serde_json::from_str(&text) {
        Ok(value) => Ok(JsonString {
            value,
            raw: Some(text),
        }),
        // Not JSON: maybe `T` is itself a string type and got a plain
        // string. Report the parse error if that does not work either.
        Err(parse_error) => T::deserialize(Value::String(text))
            .map(JsonString::new)
            .map_err(|_| parse_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Data {
        text: String,
        n: i64,
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Outer {
        data: JsonString<Data>,
    }

    #[test]
    fn decodes_string_form_and_keeps_raw() {
        let outer: Outer =
            serde_json::from_str(r#"{"data":"{\"text\":\"hi\",\"n\":1,\"extra\":true}"}"#).unwrap();
        assert_eq!(
            *outer.data.get(),
            Data {
                text: "hi".into(),
                n: 1
            }
        );
        assert_eq!(outer.data.text, "hi"); // through Deref
        assert_eq!(
            outer.data.raw(),
            Some(r#"{"text":"hi","n":1,"extra":true}"#)
        );
    }

    #[test]
    fn decodes_object_form_leniently() {
        let outer: Outer = serde_json::from_str(r#"{"data":{"text":"hi","n":2}}"#).unwrap();
        assert_eq!(outer.data.n, 2);
        assert_eq!(outer.data.raw(), None);
    }

    #[test]
    fn round_trip_preserves_raw_text() {
        let input = r#"{"data":"{\"text\":\"hi\",\"n\":1,\"extra\":true}"}"#;
        let outer: Outer = serde_json::from_str(input).unwrap();
        assert_eq!(serde_json::to_string(&outer).unwrap(), input);
    }

    #[test]
    fn new_value_serializes_as_string() {
        let outer = Outer {
            data: JsonString::new(Data {
                text: "中文".into(),
                n: 3,
            }),
        };
        let json = serde_json::to_string(&outer).unwrap();
        assert_eq!(json, r#"{"data":"{\"text\":\"中文\",\"n\":3}"}"#);
        let back: Outer = serde_json::from_str(&json).unwrap();
        assert_eq!(back.data, outer.data);
        assert_eq!(back.data.into_inner().text, "中文");
    }

    #[test]
    fn rejects_bad_json_in_string() {
        let err = serde_json::from_str::<Outer>(r#"{"data":"{not json"}"#).unwrap_err();
        assert!(err.to_string().contains("key must be a string"), "{err}");
        assert!(serde_json::from_str::<Outer>(r#"{"data":"{\"text\":1}"}"#).is_err());
    }

    #[test]
    fn string_payloads_and_empty_strings() {
        let plain: JsonString<String> = serde_json::from_str(r#""hello""#).unwrap();
        assert_eq!(plain.get(), "hello");
        let quoted: JsonString<String> = serde_json::from_str(r#""\"hello\"""#).unwrap();
        assert_eq!(quoted.get(), "hello");
        let empty: JsonString<Option<Data>> = serde_json::from_str(r#""""#).unwrap();
        assert_eq!(*empty.get(), None);
    }

    #[test]
    fn equality_ignores_raw() {
        let a: JsonString<Data> = serde_json::from_str(r#""{\"text\":\"x\",\"n\":1}""#).unwrap();
        let b = JsonString::from(Data {
            text: "x".into(),
            n: 1,
        });
        assert_eq!(a, b);
        assert_eq!(format!("{b:?}"), r#"JsonString(Data { text: "x", n: 1 })"#);
    }
}
