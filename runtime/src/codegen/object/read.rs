//! Decoding: [`FromObject`], [`deserialize`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};

use crate::codegen::lenient::Lenient;

/// A struct decoded from a JSON object by [`deserialize`].
pub trait FromObject: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;
    /// The keys [`read`](FromObject::read) takes; [`Entries::next_key`] skips all others.
    const KEYS: &'static [&'static str];

    /// Reads the object's entries and builds the struct.
    fn read<'de, A: MapAccess<'de>>(entries: Entries<A>) -> Result<Self, A::Error>;
}

/// The body of a generated `Deserialize::deserialize`: `T` from an object.
pub fn deserialize<'de, T: FromObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, ObjectVisitor(PhantomData))
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// The entries of the object being read, as [`FromObject::read`] sees them.
pub struct Entries<A> {
    map: A,
    keys: &'static [&'static str],
}

impl<'de, A: MapAccess<'de>> Entries<A> {
    /// The next key the struct takes (as its `&'static str` in [`FromObject::KEYS`]), skipping
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
    /// (see [`lenient`](crate::codegen::lenient)).
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

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
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
