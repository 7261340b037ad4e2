//! The contract between generated code and the runtime; applications do not need it.
//!
//! Generated modules refer to the runtime only through this module (as
//! `::wxapi_runtime::codegen::...`), the way `tonic` generated code uses
//! `tonic::codegen`. Everything here exists for them:
//!
//! | item | what generated code does with it |
//! |---|---|
//! | [`Endpoint`], [`Method`], [`Auth`] | one `const` per endpoint: id, method, path, token, retries, security mode |
//! | [`Request`], [`Encoded`] | each request type encodes itself into query pairs and a body |
//! | [`Signature`] | requests signed with a secret other than the token (the user's session key) |
//! | [`Decode`], [`Answer`] | what a call's success decodes into: JSON through the envelope, or a [`Media`] file |
//! | [`call`], [`call_raw`] | the body of every endpoint method (a [`Call`]) |
//! | [`ServiceApi`], [`call_service`], [`start_service`], [`call_service_raw`] | the service market's typed and raw calls |
//! | [`object`] | `Deserialize` for generated structs, decoded key by key |
//! | [`lenient`] | fields that arrive as a number or a numeric string |
//! | [`WireInt`] | integer enums that arrive as numbers or numeric strings |
//! | [`ErrorTable`], [`ErrorCode`], [`error_code!`] | an error enum's table of codes, one row per code |
//! | [`wire_enum!`], [`api_error!`], [`fmt_api_error`] | what every enum and error enum has in common |
//! | [`decode_body`] | the `errcode` envelope, for the spec-examples test |
//! | [`serde`], [`serde_json`] | derives and values, without naming them in the generated crate's manifest |
//!
//! It also re-exports the application-facing types generated code names (`Client`,
//! `Error`, `Secret`, ...), so that generated code needs this one path. Keeping the
//! contract in one place lets the runtime's internals move without regenerating.
//!
//! ```
//! use wxapi_runtime::codegen;
//!
//! #[derive(codegen::serde::Serialize, codegen::serde::Deserialize)]
//! #[serde(crate = "::wxapi_runtime::codegen::serde")]
//! pub struct MsgSecCheckRequest {
//!     pub content: String,
//! }
//! ```

mod decode;
mod encode;
mod endpoint;
mod error_table;
pub mod lenient;
mod macros;
pub mod object;
mod request;
pub(crate) mod service;
mod sign;
mod wire_int;

pub use serde;
pub use serde_json;

pub use self::decode::{Answer, Decode};
pub use self::encode::Encoded;
pub use self::endpoint::{Auth, Endpoint, Method};
pub use self::error_table::{ErrorCode, ErrorTable};
pub use self::request::{call, call_raw, Request};
pub use self::service::{call_service, call_service_raw, start_service, ServiceApi};
pub use self::sign::Signature;
pub use self::wire_int::WireInt;
pub use crate::api_error::fmt_api_error;
pub use crate::envelope::decode_body;
pub use crate::{
    __wxapi_api_error as api_error, __wxapi_error_code as error_code,
    __wxapi_wire_enum as wire_enum,
};
pub use crate::{
    ApiError, Call, Client, ClientBuilder, EncodeError, Error, ErrorInfo, File, JsonString, Media,
    PendingService, Secret,
};
