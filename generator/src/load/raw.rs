//! The spec format as written by maintainers: one struct per kind of YAML mapping.
//!
//! These types are deliberately dumb. They accept exactly the keys documented in
//! `spec/README.md` (`deny_unknown_fields`, so a misspelled key is reported instead of
//! silently ignored) and keep values as close to the YAML as possible. Everything that needs
//! more than one node to decide — does this named type exist, is this error code declared
//! twice, does this example match its types — happens in `validate`.

use indexmap::IndexMap;
use serde::Deserialize;

/// Keys for the documentation that every part of a spec may carry.
pub type Doc = Option<String>;

/// `spec/common/errors.yaml`: the error codes every endpoint may answer with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommonErrors {
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
}

/// `spec/types/*.yaml`: named types shared by several endpoints.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTypeGroup {
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
}

/// `spec/endpoints/**/*.yaml`: one HTTP endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default)]
    pub api_version: Option<i64>,
    pub http: RawHttp,
    #[serde(default)]
    pub auth: Option<String>,
    #[serde(default)]
    pub idempotent: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub request: Option<RawRequest>,
    #[serde(default)]
    pub response: Option<RawStruct>,
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
    #[serde(default)]
    pub common_errors: Vec<i64>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

/// `http:` of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    pub method: String,
    pub path: String,
}

/// `request:` of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    #[serde(default)]
    pub doc: Doc,
    /// `none | json | multipart | binary`; the default depends on the HTTP method.
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub fields: IndexMap<String, RawType>,
}

/// A list of fields with a doc: `response:`, a service's `data:` and `result:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStruct {
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub fields: IndexMap<String, RawType>,
}

/// `spec/services/**/*.yaml`: one provider API of the service market.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub doc: Doc,
    pub service: String,
    pub api: String,
    #[serde(default, rename = "async")]
    pub is_async: bool,
    #[serde(default)]
    pub via: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub data: RawStruct,
    pub result: RawStruct,
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

/// A type expression, and — where it names a field — the field's own keys.
///
/// One struct for both, so that a misplaced key (`required` on an array's `items`) is a
/// precise validation error rather than a confusing "unknown field".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawType {
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub items: Option<RawTypeRef>,
    #[serde(default)]
    pub of: Option<RawTypeRef>,
    #[serde(default)]
    pub fields: Option<IndexMap<String, RawType>>,
    #[serde(default)]
    pub values: Option<Vec<RawEnumValue>>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
    // Field-only keys.
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default, rename = "const")]
    pub constant: Option<serde_yaml::Value>,
    #[serde(default)]
    pub sensitive: Option<bool>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub file_url: Option<bool>,
}

/// `items:` / `of:` — either a bare type name or a full type expression.
#[derive(Debug, Clone)]
pub enum RawTypeRef {
    Name(String),
    Inline(Box<RawType>),
}

impl<'de> Deserialize<'de> for RawTypeRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTypeRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a type name or a type expression like `{ type: string }`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RawTypeRef, E> {
                Ok(RawTypeRef::Name(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawTypeRef, A::Error> {
                let ty = RawType::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawTypeRef::Inline(Box::new(ty)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One value of an `enum` type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnumValue {
    pub value: serde_yaml::Value,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// One error code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawError {
    pub name: String,
    pub message: String,
    #[serde(default)]
    pub solution: Option<String>,
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub retry: bool,
    #[serde(default)]
    pub refresh_token: bool,
}

/// One entry of `examples:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub doc: Doc,
    #[serde(default)]
    pub request: Option<serde_yaml::Value>,
    #[serde(default)]
    pub response: Option<serde_yaml::Value>,
    #[serde(default)]
    pub data: Option<serde_yaml::Value>,
    #[serde(default)]
    pub result: Option<serde_yaml::Value>,
}
