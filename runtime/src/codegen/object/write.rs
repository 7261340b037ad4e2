//! Encoding: [`ToObject`], [`serialize`].

use erased_serde::Serialize as ErasedSerialize;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// A struct encoded as a JSON object by [`serialize`].
pub trait ToObject {
    /// The struct's name, which serializers other than JSON may show.
    const NAME: &'static str;

    /// Lists the fields to write, in order. Not generic: the serializer is only named in
    /// [`serialize`], here, so a generated crate checks no serializer code of its own.
    fn write<'a>(&'a self, fields: &mut Fields<'a>);
}

/// The body of a generated `Serialize::serialize`: `value` as an object of the fields its
/// [`ToObject::write`] lists.
pub fn serialize<T: ToObject, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut fields = Fields { list: Vec::new() };
    value.write(&mut fields);
    let mut object = serializer.serialize_struct(T::NAME, fields.list.len())?;
    for (key, value) in fields.list {
        object.serialize_field(key, value)?;
    }
    object.end()
}

/// The fields a [`ToObject`] writes: each a key and a value to encode.
pub struct Fields<'a> {
    list: Vec<(&'static str, &'a dyn ErasedSerialize)>,
}

impl<'a> Fields<'a> {
    /// Writes `value` under `key` (`None` as `null`).
    pub fn field<T: Serialize>(&mut self, key: &'static str, value: &'a T) {
        self.list.push((key, value));
    }

    /// Writes the value under `key` when there is one, and leaves the key out otherwise:
    /// how a request sends an optional field it was not given.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &'a Option<T>) {
        if let Some(value) = value {
            self.list.push((key, value));
        }
    }
}

impl std::fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.list.iter().map(|(key, _)| *key).collect();
        f.debug_struct("Fields").field("keys", &keys).finish()
    }
}
