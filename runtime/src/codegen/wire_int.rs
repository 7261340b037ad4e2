//! Integers that WeChat sometimes sends as strings.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An integer that arrives either as a JSON number or as a numeric string
/// (`0` or `"0"`).
///
/// Several WeChat APIs are inconsistent about this for the same field, so
/// generated integer enums deserialize through it:
/// `#[serde(from = "::wxapi_runtime::codegen::WireInt", into = "i64")]`.
/// It always serializes as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct WireInt(pub i64);

impl From<WireInt> for i64 {
    fn from(value: WireInt) -> Self {
        value.0
    }
}

impl From<i64> for WireInt {
    fn from(value: i64) -> Self {
        WireInt(value)
    }
}

impl fmt::Display for WireInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for WireInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for WireInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WireIntVisitor)
    }
}

struct WireIntVisitor;

impl Visitor<'_> for WireIntVisitor {
    type Value = WireInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<WireInt, E> {
        Ok(WireInt(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<WireInt, E> {
        i64::try_from(v)
            .map(WireInt)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<WireInt, E> {
        // `1.0` is an integer that went through a float somewhere; accept it,
        // but never silently truncate.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
        if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
            Ok(WireInt(v as i64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<WireInt, E> {
        v.trim()
            .parse()
            .map(WireInt)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<WireInt, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn accepts_numbers_and_numeric_strings() {
        assert_eq!(parse("0").unwrap(), WireInt(0));
        assert_eq!(parse("-1").unwrap(), WireInt(-1));
        assert_eq!(parse("\"0\"").unwrap(), WireInt(0));
        assert_eq!(parse("\" 42 \"").unwrap(), WireInt(42));
        assert_eq!(parse("\"-7\"").unwrap(), WireInt(-7));
        assert_eq!(parse("3.0").unwrap(), WireInt(3));
        assert_eq!(parse("9223372036854775807").unwrap(), WireInt(i64::MAX));
    }

    #[test]
    fn rejects_non_integers() {
        assert!(parse("\"abc\"").is_err());
        assert!(parse("\"\"").is_err());
        assert!(parse("1.5").is_err());
        assert!(parse("true").is_err());
        assert!(parse("null").is_err());
        assert!(parse("18446744073709551615").is_err());
    }

    #[test]
    fn serializes_as_number() {
        assert_eq!(serde_json::to_string(&WireInt(5)).unwrap(), "5");
        assert_eq!(i64::from(WireInt(5)), 5);
        assert_eq!(WireInt::from(5).to_string(), "5");
    }

    #[test]
    fn works_with_serde_from_into() {
        #[derive(Debug, PartialEq, Deserialize, Serialize, Clone, Copy)]
        #[serde(from = "WireInt", into = "i64")]
        enum Kind {
            A,
            Other(i64),
        }
        impl From<WireInt> for Kind {
            fn from(v: WireInt) -> Self {
                match v.0 {
                    1 => Kind::A,
                    n => Kind::Other(n),
                }
            }
        }
        impl From<Kind> for i64 {
            fn from(k: Kind) -> i64 {
                match k {
                    Kind::A => 1,
                    Kind::Other(n) => n,
                }
            }
        }
        let kind: Kind = serde_json::from_str("\"1\"").unwrap();
        assert_eq!(kind, Kind::A);
        assert_eq!(serde_json::to_string(&Kind::Other(9)).unwrap(), "9");
    }
}
