//! A generated struct as a JSON object, both ways, with little code in the generated crate.
//!
//! serde's derives are the largest thing in a generated module, and the slowest to check:
//! `Deserialize` writes a field enum with three visitors, a sequence visitor and a map
//! visitor (about thirty lines a field), and both derives write bodies generic over the
//! serializer, whose every field is a trait obligation the compiler proves per struct. A
//! generated struct is only ever a JSON object, so it implements the two small traits here
//! instead, and its `Serialize`/`Deserialize` are one call each:
//!
//! - [`ToObject::write`] lists the fields to send (`fields.field("key", &self.key)`, or
//!   `fields.optional(..)` to leave out an unset one). It is not generic: [`serialize`]
//!   writes the list through the serializer, each value behind `erased_serde`'s
//!   object-safe `Serialize`.
//! - [`FromObject::read`] takes the object's entries: one `let` a field, one `match` arm a
//!   key, and the struct built at the end. [`deserialize`] supplies the visitor.
//!
//! What a reader of generated code can count on when decoding:
//! - keys the struct doesn't list are skipped, whatever their value;
//! - a key that appears twice keeps its last value (as when the object is first parsed
//!   into a `serde_json::Value`, so both of the client's decoding paths agree);
//! - a missing required field is serde's "missing field" error, and an optional one is
//!   `None`, as is `null`.
//!
//! ```
//! use wxapi_runtime::codegen::{self, object::{Entries, Fields}, serde::de::MapAccess};
//!
//! #[derive(Debug, PartialEq)]
//! struct Quota {
//!     used: i64,
//!     label: Option<String>,
//! }
//!
//! impl codegen::object::FromObject for Quota {
//!     const NAME: &'static str = "Quota";
//!     const KEYS: &'static [&'static str] = &["used", "label"];
//!     fn read<'de, A: MapAccess<'de>>(mut entries: Entries<A>) -> Result<Self, A::Error> {
//!         let mut used = None;
//!         let mut label = None;
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
//! impl codegen::object::ToObject for Quota {
//!     const NAME: &'static str = "Quota";
//!     fn write<'a>(&'a self, fields: &mut Fields<'a>) {
//!         fields.field("used", &self.used);
//!         fields.optional("label", &self.label);
//!     }
//! }
//!
//! impl<'de> codegen::serde::Deserialize<'de> for Quota {
//!     fn deserialize<D: codegen::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
//!         codegen::object::deserialize(d)
//!     }
//! }
//!
//! impl codegen::serde::Serialize for Quota {
//!     fn serialize<S: codegen::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
//!         codegen::object::serialize(self, s)
//!     }
//! }
//!
//! let quota: Quota = serde_json::from_str(r#"{"used": 3, "extra": [1], "used": 4}"#).unwrap();
//! assert_eq!(quota, Quota { used: 4, label: None });
//! assert_eq!(serde_json::to_string(&quota).unwrap(), r#"{"used":4}"#);
//! let missing = serde_json::from_str::<Quota>(r#"{"label": "x"}"#).unwrap_err();
//! assert!(missing.to_string().contains("missing field `used`"));
//! ```

mod read;
mod write;

pub use self::read::{deserialize, required, Entries, FromObject};
pub use self::write::{serialize, Fields, ToObject};

#[cfg(test)]
mod tests;
