//! The spec format as written by maintainers: one struct per kind of YAML mapping.
//!
//! These types are deliberately dumb. They accept exactly the keys documented in
//! `spec/README.md` (`deny_unknown_fields`, so a misspelled key is reported instead of
//! silently ignored) and keep values as close to the YAML as possible. Everything that needs
//! more than one node to decide — does this named type exist, is this error code declared
//! twice, does this example match its types — happens in `validate`.
//!
//! The same types give the JSON Schema of the format ([`crate::schema`]), so the doc comment
//! on each key is what an editor shows while the maintainer types.

use indexmap::IndexMap;
#[cfg(feature = "schema")]
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// Keys for the documentation that every part of a spec may carry.
pub type Doc = Option<String>;

/// `spec/common/errors.yaml`: the error codes every endpoint may answer with.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "wxapi common error table"))]
pub struct RawCommonErrors {
    /// What this table is and where it comes from.
    #[serde(default)]
    pub doc: Doc,
    /// WeChat's global return codes, keyed by the integer `errcode` (e.g. `-1`, `40001`).
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
}

/// `spec/types/*.yaml`: named types shared by several endpoints.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "wxapi shared types"))]
pub struct RawTypeGroup {
    /// What this group of types is about.
    #[serde(default)]
    pub doc: Doc,
    /// Named types, keyed by their PascalCase name; each an `object` or an `enum`.
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
}

/// `spec/groups.yaml`: the groups the endpoint folders make (`spec/endpoints/<group>/`), each
/// a section of the docs and a cargo feature of the generated crate.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "wxapi endpoint groups"))]
pub struct RawGroups {
    /// What this list is.
    #[serde(default)]
    pub doc: Doc,
    /// One entry per folder of `spec/endpoints/`, keyed by the folder's snake_case name, in
    /// the order the docs list them.
    #[serde(default)]
    pub groups: IndexMap<String, RawGroup>,
}

/// One group of endpoints: a folder of `spec/endpoints/`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    /// A short title, e.g. the official category's name.
    pub title: String,
    /// What the group's endpoints are for.
    #[serde(default)]
    pub doc: Doc,
    /// The official category pages the group follows.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// `spec/endpoints/**/*.yaml`: one HTTP endpoint.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "wxapi endpoint"))]
pub struct RawEndpoint {
    /// snake_case, unique: the Rust method name and the prefix of its types.
    pub id: String,
    /// A short title, e.g. the Chinese name on WeChat's page.
    pub title: String,
    /// What the endpoint does.
    #[serde(default)]
    pub doc: Doc,
    /// The version or date it appeared.
    #[serde(default)]
    pub since: Option<String>,
    /// Why it is deprecated and what to use instead.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// Tells apart endpoints that share method and path (e.g. msg_sec_check v1 and v2).
    #[serde(default)]
    pub api_version: Option<i64>,
    /// Method and path.
    pub http: RawHttp,
    /// How the call authenticates: `access_token` (the default: the client adds
    /// `?access_token=`), `none`, or `app_secret` (the client adds its app id and secret to
    /// the query as `appid` and `secret`; rename them with
    /// `{ scheme: app_secret, appid: appid, secret: appsecret }`).
    #[serde(default)]
    pub auth: Option<RawAuth>,
    /// A signature the client computes for the call: `session_key` (the user's session-key
    /// signature: the request takes the session key, and the client sends `signature` and
    /// `sig_method` in the query).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["session_key"])))]
    pub signature: Option<String>,
    /// Safe to repeat: the client may retry it on `-1` (system busy).
    #[serde(default)]
    pub idempotent: bool,
    /// Supports API security mode (服务端 API 签名加密, "支持加密请求" on WeChat's page): with
    /// `ApiSecurity` configured, the client encrypts and signs its requests and verifies and
    /// decrypts its responses. Not allowed with a `multipart` or `binary` body
    /// (资源上传类API暂不支持加密).
    #[serde(default)]
    pub security_mode: bool,
    /// URLs of the pages the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The request: its body kind and fields.
    #[serde(default)]
    pub request: Option<RawRequest>,
    /// The response: its body kind and its fields, besides the `errcode`/`errmsg` envelope.
    #[serde(default)]
    pub response: Option<RawResponse>,
    /// Named types used only by this endpoint.
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
    /// The endpoint's own error codes (never one of the common table).
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
    /// Codes of the common table this endpoint's page documents.
    #[serde(default)]
    pub common_errors: Vec<i64>,
    /// Request and response examples, checked against the types.
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

/// `http:` of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    /// `GET` or `POST`.
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["GET", "POST"])))]
    pub method: String,
    /// The path alone, starting with `/`, e.g. `/wxa/msg_sec_check`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^/")))]
    pub path: String,
}

/// `request:` of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    /// About the request as a whole.
    #[serde(default)]
    pub doc: Doc,
    /// `none`, `json`, `multipart` or `binary`; `json` for POST and `none` for GET by default.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["none", "json", "multipart", "binary"])))]
    pub body: Option<String>,
    /// The fields, keyed by their wire name.
    #[serde(default)]
    pub fields: IndexMap<String, RawType>,
}

/// `response:` of an endpoint.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    /// About the response as a whole.
    #[serde(default)]
    pub doc: Doc,
    /// `json` (the default) or `binary`: success is a file's bytes (a QR code image), and
    /// failure the usual JSON envelope, both with HTTP 200.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["json", "binary"])))]
    pub body: Option<String>,
    /// The fields, keyed by their wire name (none for a `binary` body).
    #[serde(default)]
    pub fields: IndexMap<String, RawType>,
}

/// `auth:` of an endpoint: a scheme name, or a scheme with its query parameter names.
#[derive(Debug, Clone)]
pub struct RawAuth {
    pub scheme: String,
    /// `app_secret`: the name of the app id parameter (`appid` by default).
    pub appid: Option<String>,
    /// `app_secret`: the name of the secret parameter (`secret` by default).
    pub secret: Option<String>,
}

/// The mapping form of `auth:`.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawAuthParams {
    /// `app_secret`.
    scheme: String,
    /// The query parameter that carries the app id; `appid` by default.
    #[serde(default)]
    appid: Option<String>,
    /// The query parameter that carries the app secret; `secret` by default.
    #[serde(default)]
    secret: Option<String>,
}

impl<'de> Deserialize<'de> for RawAuth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawAuth;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`none`, `access_token`, `app_secret` or `{ scheme: app_secret, appid: .., secret: .. }`")
            }
            fn visit_str<E: serde::de::Error>(self, scheme: &str) -> Result<RawAuth, E> {
                Ok(RawAuth {
                    scheme: scheme.to_owned(),
                    appid: None,
                    secret: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawAuth, A::Error> {
                let p =
                    RawAuthParams::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawAuth {
                    scheme: p.scheme,
                    appid: p.appid,
                    secret: p.secret,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for RawAuth {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Auth".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let params = generator.subschema_for::<RawAuthParams>();
        json_schema!({
            "description": "How the call authenticates: `access_token` (the default), `none`, `app_secret`, or `{ scheme: app_secret, appid: .., secret: .. }` naming the query parameters.",
            "anyOf": [{ "enum": ["none", "access_token", "app_secret"] }, params]
        })
    }
}

/// A list of fields with a doc: a service's `data:` and `result:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawStruct {
    /// About this message as a whole.
    #[serde(default)]
    pub doc: Doc,
    /// The fields, keyed by their wire name.
    #[serde(default)]
    pub fields: IndexMap<String, RawType>,
}

/// `spec/services/**/*.yaml`: one provider API of the service market.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "wxapi service-market API"))]
pub struct RawService {
    /// snake_case, unique: the method under `client.service_market()`.
    pub id: String,
    /// A short title.
    pub title: String,
    /// What the service does.
    #[serde(default)]
    pub doc: Doc,
    /// The provider's service id, e.g. `wx79ac3de8be320b71`.
    pub service: String,
    /// The provider's API name, e.g. `OcrAllInOne`.
    pub api: String,
    /// An asynchronous API: the call returns a request id to poll.
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// The endpoint that carries the call; `invoke_service` by default.
    #[serde(default)]
    pub via: Option<String>,
    /// Asynchronous APIs: the endpoint that retrieves the result; `servicemarket_retrieve`
    /// by default.
    #[serde(default)]
    pub retrieve: Option<String>,
    /// The version or date it appeared.
    #[serde(default)]
    pub since: Option<String>,
    /// Why it is deprecated and what to use instead.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// URLs of the pages the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The `data` object sent to the provider.
    pub data: RawStruct,
    /// The result: the response's `data` string, decoded.
    pub result: RawStruct,
    /// Named types used only by this service.
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
    /// Error codes the provider documents.
    #[serde(default)]
    pub errors: IndexMap<i64, RawError>,
    /// `data` and `result` examples, checked against the types.
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

/// A type expression, and — where it names a field — the field's own keys.
///
/// One struct for both, so that a misplaced key (`required` on an array's `items`) is a
/// precise validation error rather than a confusing "unknown field".
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawType {
    /// `string`, `integer`, `number`, `boolean`, `file`, `bytes`, `json`, `array`, `object`,
    /// `enum`, `json_string`, `map`, `one_of`, or the PascalCase name of a named type.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(extend("examples" = crate::model::BUILTIN_NAMES)))]
    pub ty: String,
    /// What it is; shown in the Rust docs and the reference pages.
    #[serde(default)]
    pub doc: Doc,
    /// For `array`: the type of the items.
    #[serde(default)]
    pub items: Option<RawTypeRef>,
    /// For `json_string`: the type of the JSON inside the text; for `map`: the type of the
    /// values (keys are strings).
    #[serde(default)]
    pub of: Option<RawTypeRef>,
    /// For `object`: the fields, keyed by their wire name; for `one_of`: the alternatives,
    /// one field each.
    #[serde(default)]
    pub fields: Option<IndexMap<String, RawType>>,
    /// For `enum`: the values, all strings or all integers.
    #[serde(default)]
    pub values: Option<Vec<RawEnumValue>>,
    /// For `integer`: `i8`, `i16`, `i32`, `i64` (the default), `u8`, `u16`, `u32` or `u64`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = crate::model::INT_FORMAT_NAMES)))]
    pub format: Option<String>,
    /// The version or date it appeared.
    #[serde(default)]
    pub since: Option<String>,
    /// Why it is deprecated and what to use instead.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// Fields only: always present (requests: a constructor parameter).
    #[serde(default)]
    pub required: Option<bool>,
    /// Fields only: the server's default when the field is omitted (documentation).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub default: Option<serde_yaml::Value>,
    /// Fields only: the field always has this value, set by the constructor.
    #[serde(default, rename = "const")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub constant: Option<serde_yaml::Value>,
    /// Fields only: a secret or a token, never printed by `Debug`.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// Request fields only: `query` or `body`.
    #[serde(default, rename = "in")]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["query", "body"])))]
    pub location: Option<String>,
    /// Service data fields only: holds a file URL the mini program may fill with a CDN marker.
    #[serde(default)]
    pub file_url: Option<bool>,
    /// Fields only (string, integer or number): also accept the other form on the wire, a
    /// number for a string or a numeric string for a number.
    #[serde(default)]
    pub lenient: Option<bool>,
    /// Fields only: the Rust field name, when the one derived from the wire name is wrong
    /// (`vaild` → `valid`).
    #[serde(default)]
    pub rust_name: Option<String>,
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

#[cfg(feature = "schema")]
impl JsonSchema for RawTypeRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TypeRef".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expression = generator.subschema_for::<RawType>();
        json_schema!({
            "description": "A type name (`string`, `SecDetail`, ...) or a type expression (`{ type: object, fields: ... }`).",
            "anyOf": [{ "type": "string" }, expression]
        })
    }
}

/// One value of an `enum` type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEnumValue {
    /// The value on the wire: a string or an integer.
    #[cfg_attr(feature = "schema", schemars(with = "StringOrInteger"))]
    pub value: serde_yaml::Value,
    /// The PascalCase Rust variant; derived from a string value when omitted.
    #[serde(default)]
    pub name: Option<String>,
    /// What the value means.
    #[serde(default)]
    pub doc: Doc,
    /// The version or date it appeared.
    #[serde(default)]
    pub since: Option<String>,
    /// Why it is deprecated and what to use instead.
    #[serde(default)]
    pub deprecated: Option<String>,
}

/// Only for the schema: a string or an integer.
#[cfg(feature = "schema")]
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum StringOrInteger {
    String(String),
    Integer(i64),
}

/// One error code.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawError {
    /// The PascalCase Rust variant.
    pub name: String,
    /// The `errmsg` WeChat sends (without the `rid:` suffix).
    pub message: String,
    /// What the caller should do about it.
    #[serde(default)]
    pub solution: Option<String>,
    /// More about the code.
    #[serde(default)]
    pub doc: Doc,
    /// Transient: the client retries it with backoff on calls safe to repeat.
    #[serde(default)]
    pub retry: bool,
    /// The access token is invalid: the client refreshes it and retries once.
    #[serde(default)]
    pub refresh_token: bool,
}

/// One entry of `examples:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// A short title.
    #[serde(default)]
    pub title: Option<String>,
    /// Where the example comes from, or what it shows.
    #[serde(default)]
    pub doc: Doc,
    /// Endpoints: the request fields (query and body together).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub request: Option<serde_yaml::Value>,
    /// Endpoints: the whole response body, `errcode`/`errmsg` included.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub response: Option<serde_yaml::Value>,
    /// Services: the `data` sent.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub data: Option<serde_yaml::Value>,
    /// Services: the decoded result.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub result: Option<serde_yaml::Value>,
}
