//! Decoding a response body as `T` while catching its envelope fields on the way.
//!
//! The envelope (`errcode`/`errmsg`, or `errCode`/`errMsg`) sits next to the payload's own
//! fields in the top-level object. Instead of reading the body once for the envelope and
//! once more for `T`, [`decode`] hands `T` a deserializer that lets everything through
//! unchanged, except that it looks at the keys of the top-level object: the value of
//! `errcode` (or `errCode`) is copied aside (as a [`Value`]) and then given to `T` as usual,
//! which for a generated response type means skipped. `errmsg` is not kept: only an error
//! answer needs it, and [`decode_body`](super::decode_body) reads those the careful way.
//!
//! Only the top-level object is watched: nested objects, and the values of other keys,
//! are deserialized straight from the input. A top-level `Option` or newtype is seen
//! through, since it wraps the same object.
//!
//! Map keys reach `T` as strings. A `T` that needs another kind of key at the top level
//! (a map keyed by integers, say) fails here; [`decode_body`](super::decode_body) then
//! takes its careful path, which decodes it from a [`Value`] instead.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The error code of a top-level object, as found (`None`: absent). A key that appears
/// twice keeps its last value, as when the object is parsed into a [`Value`].
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// `errcode`.
    pub(crate) errcode: Option<Value>,
    /// `errCode`, which counts only without `errcode`.
    pub(crate) errcode_alias: Option<Value>,
}

impl Head {
    /// The error code: `errcode`, else `errCode`.
    pub(crate) fn code(&self) -> Option<&Value> {
        self.errcode.as_ref().or(self.errcode_alias.as_ref())
    }

    fn slot(&mut self, field: Field) -> &mut Option<Value> {
        match field {
            Field::Code => &mut self.errcode,
            Field::CodeAlias => &mut self.errcode_alias,
        }
    }
}

/// One of the fields of [`Head`].
#[derive(Debug, Clone, Copy)]
enum Field {
    Code,
    CodeAlias,
}

impl Field {
    fn of(key: &str) -> Option<Field> {
        match key {
            "errcode" => Some(Field::Code),
            "errCode" => Some(Field::CodeAlias),
            _ => None,
        }
    }
}

/// Decodes `body` as `T` in one pass, returning the error code found on the way.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<(T, Head), serde_json::Error> {
    let mut head = Head::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(Top {
        inner: &mut de,
        head: &mut head,
    })?;
    de.end()?;
    Ok((value, head))
}

/// The deserializer `T` sees: `inner`, with the top-level object's keys watched.
struct Top<'h, D> {
    inner: D,
    head: &'h mut Head,
}

/// The visitor `inner` sees: `T`'s visitor, with a top-level map's access wrapped.
struct Watch<'h, V> {
    visitor: V,
    head: &'h mut Head,
}

/// The top-level object's entries.
struct Entries<'h, A> {
    map: A,
    head: &'h mut Head,
    /// The field of [`Head`] whose key was just read, if it was one.
    pending: Option<Field>,
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($arg,)* Watch { visitor, head: self.head })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Top<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    // `Some(object)` and `Newtype(object)` wrap the top-level object itself.
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Top {
            inner,
            head: self.head,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Top {
            inner,
            head: self.head,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Entries {
            map,
            head: self.head,
            pending: None,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(Key(key)) = self.map.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        self.pending = Field::of(&key);
        match key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
        }
        .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let Some(field) = self.pending.take() else {
            return self.map.next_value_seed(seed);
        };
        let value: Value = self.map.next_value()?;
        let result = seed.deserialize(value.clone()).map_err(de::Error::custom);
        *self.head.slot(field) = Some(value);
        result
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A map key as read, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Payload {
        openid: String,
        #[serde(default)]
        nested: Option<BTreeMap<String, Value>>,
    }

    fn head(body: &str) -> Head {
        decode::<Value>(body.as_bytes()).unwrap().1
    }

    #[test]
    fn catches_the_top_level_errcode_and_passes_it_on() {
        let body = r#"{"errcode":0,"errmsg":"ok","openid":"o1","nested":{"errcode":5}}"#;
        let (payload, head) = decode::<Payload>(body.as_bytes()).unwrap();
        assert_eq!(payload.openid, "o1");
        assert_eq!(payload.nested.unwrap()["errcode"], 5);
        assert_eq!(head.code(), Some(&Value::from(0)));
        assert_eq!(head.errcode_alias, None);

        // `T` sees the envelope fields too, with the same values.
        let (value, head) = decode::<Value>(br#"{"errCode":"7","errMsg":null}"#).unwrap();
        assert_eq!(value, serde_json::json!({"errCode": "7", "errMsg": null}));
        assert_eq!(head.code(), Some(&Value::from("7")));
        let head = decode::<Value>(br#"{"errCode":1,"errcode":2}"#).unwrap().1;
        assert_eq!(
            head.code(),
            Some(&Value::from(2)),
            "errcode wins over errCode"
        );
    }

    #[test]
    fn only_the_top_level_object_counts() {
        let head = head(r#"{"a":{"errcode":1},"b":[{"errcode":2}],"c":"errcode"}"#);
        assert!(head.code().is_none());
        let (list, head) = decode::<Vec<Value>>(br#"[{"errcode":1}]"#).unwrap();
        assert_eq!(list.len(), 1);
        assert!(head.errcode.is_none());
    }

    #[test]
    fn sees_through_options_and_newtypes() {
        #[derive(Deserialize)]
        struct Wrapper(#[allow(dead_code)] Option<BTreeMap<String, Value>>);
        let (_, head) = decode::<Option<Wrapper>>(br#"{"errcode":40001}"#).unwrap();
        assert_eq!(head.errcode, Some(Value::from(40001)));
        let (flattened, head) = decode::<Flattened>(br#"{"errcode":1,"x":2}"#).unwrap();
        assert_eq!(flattened.rest["x"], 2);
        assert_eq!(head.errcode, Some(Value::from(1)));

        #[derive(Deserialize)]
        struct Flattened {
            #[serde(flatten)]
            rest: BTreeMap<String, Value>,
        }
    }

    #[test]
    fn escaped_keys_and_duplicates() {
        let head = head(r#"{"err\u0063ode":3,"errcode":4}"#);
        assert_eq!(head.errcode, Some(Value::from(4)), "the last one wins");
    }

    #[test]
    fn failures_are_reported() {
        assert!(decode::<Payload>(br#"{"errcode":40001}"#).is_err());
        assert!(decode::<Payload>(br#"{"openid":"o1"} x"#).is_err());
        assert!(decode::<Payload>(b"\xEF\xBB\xBF{}").is_err());
        // Integer keys at the top level are left to the careful path.
        assert!(decode::<BTreeMap<u32, u8>>(br#"{"1":2}"#).is_err());
    }
}
