//! Scalars that arrive as a number or as a numeric string.
//!
//! WeChat's pages and its wire disagree on some fields: `countryCode` is typed string and
//! sent as `86`; some ids and counts come as `"616"`. A field the spec marks `lenient`
//! decodes through these functions (`#[serde(deserialize_with = "codegen::lenient::string")]`,
//! or in a generated struct `entries.lenient()`, through [`Lenient`]) and accepts either
//! form; it is still sent as its declared type.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

/// A string field that may arrive as a number: the number's text.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer
        .deserialize_any(ScalarVisitor)
        .map(Scalar::into_text)
}

/// [`string`] for an optional field.
pub fn option_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer
        .deserialize_option(OptionVisitor)
        .map(|value| value.map(Scalar::into_text))
}

/// An integer field that may arrive as a numeric string, in any width.
pub fn integer<'de, D: Deserializer<'de>, T: Integer>(deserializer: D) -> Result<T, D::Error> {
    deserializer
        .deserialize_any(ScalarVisitor)
        .and_then(Scalar::into_integer)
}

/// [`integer`] for an optional field.
pub fn option_integer<'de, D: Deserializer<'de>, T: Integer>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    deserializer
        .deserialize_option(OptionVisitor)?
        .map(Scalar::into_integer)
        .transpose()
}

/// A number field that may arrive as a numeric string.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer
        .deserialize_any(ScalarVisitor)
        .and_then(Scalar::into_number)
}

/// [`number`] for an optional field.
pub fn option_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer
        .deserialize_option(OptionVisitor)?
        .map(Scalar::into_number)
        .transpose()
}

/// A field type that decodes leniently: what [`Entries::lenient`](super::object::Entries::lenient)
/// reads, one implementation per function above.
pub trait Lenient: Sized {
    /// Decodes the field's value.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl Lenient for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer)
    }
}

impl Lenient for Option<String> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        option_string(deserializer)
    }
}

impl Lenient for f64 {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        number(deserializer)
    }
}

impl Lenient for Option<f64> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        option_number(deserializer)
    }
}

/// Each integer width, alone and optional: a blanket over [`Integer`] would overlap the
/// `String` implementations in coherence's eyes.
macro_rules! lenient_integers {
    ($($int:ty),*) => {$(
        impl Lenient for $int {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                integer(deserializer)
            }
        }

        impl Lenient for Option<$int> {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                option_integer(deserializer)
            }
        }
    )*};
}

lenient_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

/// The integer types a lenient field may have: parsed from text, converted from the
/// JSON number without passing through `f64` (ids above 2^53 stay exact).
pub trait Integer: FromStr + TryFrom<i64> + TryFrom<u64> {}

impl<T: FromStr + TryFrom<i64> + TryFrom<u64>> Integer for T {}

/// A JSON scalar as received.
enum Scalar {
    Text(String),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(text) => text,
            Scalar::Signed(n) => n.to_string(),
            Scalar::Unsigned(n) => n.to_string(),
            Scalar::Float(n) => n.to_string(),
        }
    }

    fn into_integer<T: Integer, E: de::Error>(self) -> Result<T, E> {
        let fits = || E::custom("integer out of range for the field");
        match self {
            Scalar::Signed(n) => T::try_from(n).map_err(|_| fits()),
            Scalar::Unsigned(n) => T::try_from(n).map_err(|_| fits()),
            Scalar::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| E::custom(format_args!("expected an integer, got {text:?}"))),
            Scalar::Float(n) => Err(E::custom(format_args!("expected an integer, got {n}"))),
        }
    }

    fn into_number<E: de::Error>(self) -> Result<f64, E> {
        match self {
            // Lossy above 2^53, as any f64 field is.
            Scalar::Signed(n) => Ok(n as f64),
            Scalar::Unsigned(n) => Ok(n as f64),
            Scalar::Float(n) => Ok(n),
            Scalar::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| E::custom(format_args!("expected a number, got {text:?}"))),
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<Scalar>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ScalarVisitor).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Phone {
        #[serde(rename = "countryCode", deserialize_with = "super::string")]
        country_code: String,
        #[serde(default, deserialize_with = "super::option_integer")]
        id: Option<u64>,
        #[serde(default, deserialize_with = "super::option_string")]
        label: Option<String>,
        #[serde(default, deserialize_with = "super::integer")]
        count: i32,
        #[serde(default, deserialize_with = "super::option_number")]
        score: Option<f64>,
    }

    fn phone(json: &str) -> Result<Phone, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_and_numeric_strings_both_decode() {
        let a =
            phone(r#"{"countryCode":86,"id":"18446744073709551615","count":"7","score":"0.5"}"#)
                .unwrap();
        let b = phone(r#"{"countryCode":"86","id":18446744073709551615,"count":7,"score":0.5}"#)
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.country_code, "86");
        assert_eq!(a.id, Some(u64::MAX), "exact, never through f64");
        assert_eq!(a.label, None);
        let nulls = phone(r#"{"countryCode":"1","id":null,"label":null}"#).unwrap();
        assert_eq!((nulls.id, nulls.label, nulls.count), (None, None, 0));
    }

    #[test]
    fn what_is_neither_is_an_error() {
        assert!(phone(r#"{"countryCode":[1]}"#).is_err());
        let err = phone(r#"{"countryCode":"86","count":"seven"}"#).unwrap_err();
        assert!(err.to_string().contains("expected an integer"), "{err}");
        let err = phone(r#"{"countryCode":"86","count":4294967296}"#).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }
}
