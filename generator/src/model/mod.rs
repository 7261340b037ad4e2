//! The checked model: what the spec means, with every name final and every type resolved.
//!
//! Emitters read only this. It knows nothing of YAML (no spans, no raw values) and nothing
//! of Rust syntax trees: Rust names are plain strings chosen by the generator's naming rules, and
//! emitters turn them into tokens. Order is spec order, which is file order, so the same
//! spec always gives the same bytes.
//!
//! It is public for tools built on the generator, such as the spec-driven mock server
//! (`wxapi-mock`), which route, validate and answer from it: get one with [`crate::check`].
//! It follows the spec format, so a new construct adds to it.

mod builtin;
mod query;

#[cfg(feature = "docs")]
use serde::Serialize;

#[cfg(feature = "schema")]
pub use builtin::INT_FORMAT_NAMES;
pub use builtin::{Builtin, BUILTIN_NAMES};
use query::TypeIndex;

/// The whole API.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Model {
    pub common_errors: ErrorTable,
    /// The endpoint groups (`spec/groups.yaml`), in the order the docs list them.
    pub groups: Vec<Group>,
    pub type_groups: Vec<TypeGroup>,
    pub endpoints: Vec<Endpoint>,
    pub services: Vec<Service>,
    /// The invokeService endpoint, when the spec declares it: the untyped
    /// `invoke_service_raw` goes through it.
    pub invoke_service: Option<ViaEndpoint>,
    /// Every named type by name, built on the first lookup (see [`Model::find_type`]).
    #[cfg_attr(feature = "docs", serde(skip))]
    pub(crate) type_index: TypeIndex,
}

/// Where something was declared: the spec-relative file and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Origin {
    /// Relative to the spec root, e.g. `endpoints/security/msg_sec_check.yaml`.
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// Byte offset and length of the declaration's key, for diagnostics drawn later.
    pub offset: usize,
    pub len: usize,
}

/// A Rust identifier chosen for a wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct RustIdent {
    /// Without any `r#` prefix.
    pub name: String,
    /// Emit as a raw identifier (`r#type`).
    pub raw: bool,
}

/// An error table: the common one, or an endpoint's or a service's own.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct ErrorTable {
    pub doc: Option<String>,
    pub origin: Option<Origin>,
    pub codes: Vec<ErrorCode>,
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct ErrorCode {
    pub code: i64,
    /// The Rust variant name, PascalCase.
    pub name: String,
    pub message: String,
    pub solution: Option<String>,
    pub doc: Option<String>,
    pub retry: bool,
    pub refresh_token: bool,
    pub origin: Origin,
}

/// A group of endpoints: a folder of `spec/endpoints/`, a section of the docs and a cargo
/// feature of the generated crate.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Group {
    /// The folder's name, snake_case; also the feature's name.
    pub name: String,
    pub title: String,
    pub doc: Option<String>,
    pub sources: Vec<String>,
    pub origin: Origin,
}

/// The types declared in one `spec/types/*.yaml` file: one Rust module.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct TypeGroup {
    /// The module name, from the file name.
    pub module: String,
    pub doc: Option<String>,
    pub origin: Origin,
    pub types: Vec<TypeDef>,
}

/// A named type: a struct or an enum.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct TypeDef {
    /// The Rust type name, PascalCase.
    pub name: String,
    pub doc: Option<String>,
    pub notes: Notes,
    pub kind: TypeKind,
    pub origin: Origin,
}

/// `since` and `deprecated`, carried by most items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Notes {
    pub since: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(tag = "kind", rename_all = "snake_case"))]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    Enum(EnumDef),
    /// Exactly one of `variants` is sent (an upload's image as a URL in the query, or as a
    /// file part). Only in multipart requests.
    OneOf {
        variants: Vec<Field>,
    },
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct EnumDef {
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct EnumValue {
    pub wire: Literal,
    /// The Rust variant name, PascalCase.
    pub name: String,
    pub doc: Option<String>,
    pub notes: Notes,
}

/// A scalar written in the spec: an enum value, a `const`, a `default`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(untagged))]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Str(s) => write!(f, "{s}"),
        }
    }
}

/// A field of a struct, a request or a response.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Field {
    /// The name on the wire, exactly as WeChat spells it.
    pub wire: String,
    pub rust: RustIdent,
    pub doc: Option<String>,
    pub notes: Notes,
    pub ty: Ty,
    pub required: bool,
    pub default: Option<Literal>,
    pub constant: Option<Literal>,
    pub sensitive: bool,
    pub location: FieldIn,
    pub file_url: bool,
    /// Decoded from a number or a numeric string alike.
    pub lenient: bool,
    /// Where it was declared; `None` for a field the spec implies (a signature's key).
    pub origin: Option<Origin>,
}

/// Where a request field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum FieldIn {
    Query,
    Body,
    /// Not sent: the key the client signs the call with (`signature: session_key`).
    SigningKey,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(
    feature = "docs",
    serde(tag = "kind", content = "of", rename_all = "snake_case")
)]
pub enum Ty {
    String,
    Integer(IntFormat),
    Number,
    Boolean,
    File,
    Bytes,
    Json,
    Array(Box<Ty>),
    JsonString(Box<Ty>),
    /// A JSON object with string keys and values of the type.
    Map(Box<Ty>),
    Named(TypeRef),
}

/// A reference to a named type and the module it lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct TypeRef {
    pub name: String,
    pub home: TypeHome,
}

/// The module a named type is emitted in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(
    feature = "docs",
    serde(tag = "kind", content = "module", rename_all = "snake_case")
)]
pub enum TypeHome {
    Shared(String),
    Endpoint(String),
    Service(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntFormat {
    pub const ALL: [(&'static str, IntFormat); 8] = [
        ("i8", IntFormat::I8),
        ("i16", IntFormat::I16),
        ("i32", IntFormat::I32),
        ("i64", IntFormat::I64),
        ("u8", IntFormat::U8),
        ("u16", IntFormat::U16),
        ("u32", IntFormat::U32),
        ("u64", IntFormat::U64),
    ];

    pub fn rust_name(self) -> &'static str {
        IntFormat::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("i64", |(name, _)| name)
    }

    /// Whether `value` fits.
    pub fn admits(self, value: i128) -> bool {
        let (min, max): (i128, i128) = match self {
            IntFormat::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntFormat::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntFormat::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntFormat::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntFormat::U8 => (0, u8::MAX.into()),
            IntFormat::U16 => (0, u16::MAX.into()),
            IntFormat::U32 => (0, u32::MAX.into()),
            IntFormat::U64 => (0, u64::MAX.into()),
        };
        (min..=max).contains(&value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "UPPERCASE"))]
pub enum HttpMethod {
    Get,
    Post,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(tag = "scheme", rename_all = "snake_case"))]
pub enum AuthKind {
    None,
    AccessToken,
    /// The client's app id and secret in the query, under these parameter names.
    AppSecret {
        appid: String,
        secret: String,
    },
}

/// A signature the client computes for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum SignatureKind {
    /// HMAC-SHA256 with the user's session key over the body, in the query.
    SessionKey,
}

/// What a successful response is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum ResponseBody {
    /// A JSON object: the envelope and the response fields.
    Json,
    /// A file's bytes; failures are still the JSON envelope.
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "docs", derive(Serialize))]
#[cfg_attr(feature = "docs", serde(rename_all = "snake_case"))]
pub enum BodyKind {
    None,
    Json,
    Multipart,
    Binary,
}

/// One HTTP endpoint.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Endpoint {
    /// snake_case; the method name and the module name.
    pub id: String,
    /// The group (folder of `spec/endpoints/`) it is in; `None` for a file at the top.
    pub group: Option<String>,
    pub title: String,
    pub doc: Option<String>,
    pub notes: Notes,
    pub api_version: Option<i64>,
    pub method: HttpMethod,
    pub path: String,
    pub auth: AuthKind,
    /// The signature the client adds, if any; the request then takes its key.
    pub signature: Option<SignatureKind>,
    pub idempotent: bool,
    /// Supports API security mode (encrypted and signed calls).
    pub security_mode: bool,
    pub sources: Vec<String>,
    pub request: Message,
    pub body: BodyKind,
    pub response: Message,
    pub response_body: ResponseBody,
    /// The endpoint's error enum, e.g. `MsgSecCheckError`.
    pub error_name: String,
    pub errors: ErrorTable,
    /// Codes of the common table this endpoint documents.
    pub common_errors: Vec<i64>,
    /// Named types local to this endpoint, inline ones included.
    pub types: Vec<TypeDef>,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

/// A request, a response, a service's data or result: a named struct.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Message {
    /// The Rust type name, e.g. `MsgSecCheckRequest`.
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
}

/// A service-market provider API.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Service {
    pub id: String,
    pub title: String,
    pub doc: Option<String>,
    pub notes: Notes,
    pub service: String,
    pub api: String,
    pub is_async: bool,
    /// The endpoint that carries the call (invokeService).
    pub via: ViaEndpoint,
    /// Asynchronous services: the endpoint that retrieves the result (servicemarketretrieve).
    pub retrieve: Option<ViaEndpoint>,
    pub sources: Vec<String>,
    pub data: Message,
    pub result: Message,
    pub errors: ErrorTable,
    pub types: Vec<TypeDef>,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

/// The names a service call needs from the endpoint it goes through.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct ViaEndpoint {
    pub id: String,
    pub request: String,
    pub error: String,
}

/// One checked example. Values are JSON, as on the wire.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "docs", derive(Serialize))]
pub struct Example {
    pub title: Option<String>,
    pub doc: Option<String>,
    /// Endpoints: the request; services: the data.
    pub input: Option<serde_json::Value>,
    /// Endpoints: the whole response body; services: the result.
    pub output: Option<serde_json::Value>,
    /// The error code of an error example (non-zero `errcode`).
    pub error_code: Option<i64>,
    pub origin: Origin,
}
