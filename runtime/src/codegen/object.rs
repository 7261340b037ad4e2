//! Decoding a generated struct from a JSON object, key by key.
//!
//! serde's derived `Deserialize` is the largest thing in a generated module: for each
//! struct a field enum with three visitors, a sequence visitor and a map visitor, about
//! thirty lines a field. A response only ever arrives as an object, so generated structs
//! implement [`Object`] instead: one `let` a field, one `match` arm a key, and the struct
//! built at the end. [`deserialize`] supplies the rest once, here. Type-checking a
//! generated crate takes a third less time for it.
//!
//! What a reader of generated code can count on:
//! - keys the struct doesn't list are skipped, whatever their value;
//! - a key that appears twice keeps its last value (as when the object is first parsed
//!   into a `serde_json::Value`, so both of the client's decoding paths agree);
//! - a missing required field is serde's "missing field" error, and an optional one is
//!   `None`, as is `null`.
//!
//! ```
//! use wxapi_runtime::codegen::{self, object::Entries, serde::de::MapAccess};
//!
//! #[derive(Debug, PartialEq)]
//! struct Quota {
//!     used: i64,
//!     label: Option<String>,
//! }
//!
//! impl codegen::object::Object for Quota {
//!     const NAME: &'static str = "Quota";
//!     const KEYS: &'static [&'static str] = &["used", "label"];
//!     fn read<'de, A: MapAccess<'de>>(mut entries: Entries<A>) -> Result<Self, A::Error> {
//!         let mut used: Option<i64> = None;
//!         let mut label: Option<String> = None;
//!         while let Some(key) = entries.next_key()? {
//!             match key {
//!                 "used" => used = Some(entries.value()?),
//!                 "label" => label = entries.value()?,
//!                 _ => entries.skip()?,
//!             }
//!         }
//!         Ok(Quota { used: codegen::object::required(used, "used")?, label })
//!     }
//! }
//!
//! impl<'de> codegen::serde::Deserialize<'de> for Quota {
//!     fn deserialize<D: codegen::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
//!         codegen::object::deserialize(d)
//!     }
//! }
//!
//! let quota: Quota = serde_json::from_str(r#"{"used": 3, "extra": [1], "used": 4}"#).unwrap();
//! assert_eq!(quota, Quota { used: 4, label: None });
//! let missing = serde_json::from_str::<Quota>(r#"{"label": "x"}"#).unwrap_err();
//! assert!(missing.to_string().contains("missing field `used`"));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};

use super::lenient::Lenient;

/// A struct decoded from a JSON object by [`deserialize`].
pub trait Object: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;
    /// The keys [`read`](Object::read) takes; [`Entries::next_key`] skips all others.
    const KEYS: &'static [&'static str];

    /// Reads the object's entries and builds the struct.
    fn read<'de, A: MapAccess<'de>>(entries: Entries<A>) -> Result<Self, A::Error>;
}

/// The body of a generated `Deserialize::deserialize`: `T` from an object.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, ObjectVisitor(PhantomData))
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// The entries of the object being read, as [`Object::read`] sees them.
pub struct Entries<A> {
    map: A,
    keys: &'static [&'static str],
}

impl<'de, A: MapAccess<'de>> Entries<A> {
    /// The next key the struct takes (as its `&'static str` in [`Object::KEYS`]), skipping
    /// the entries of any other key; `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<&'static str>, A::Error> {
        loop {
            match self.map.next_key_seed(Key(self.keys))? {
                None => return Ok(None),
                Some(Some(key)) => return Ok(Some(key)),
                Some(None) => self.skip()?,
            }
        }
    }

    /// The value of the key just read.
    pub fn value<T: DeserializeOwned>(&mut self) -> Result<T, A::Error> {
        self.map.next_value()
    }

    /// The value of the key just read, accepted as a number or as a numeric string
    /// (see [`lenient`](super::lenient)).
    pub fn lenient<T: Lenient>(&mut self) -> Result<T, A::Error> {
        self.map.next_value_seed(LenientSeed(PhantomData))
    }

    /// Skips the value of the key just read.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(drop)
    }
}

impl<A> fmt::Debug for Entries<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for `{}`", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Entries { map, keys: T::KEYS })
    }
}

/// Reads a key as the matching entry of a struct's keys, or `None` for any other key.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|k| *k == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|k| k.as_bytes() == key))
    }
}

struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

#[cfg(test)]
mod tests;
