//! The surface generated code compiles against.
//!
//! Generated modules refer to the runtime only through this module (as
//! `::wxapi_runtime::codegen::...`), the way `tonic` generated code uses
//! `tonic::codegen`. That keeps the contract between the generator and the
//! runtime in one place, and lets generated crates depend on `serde` and
//! `serde_json` without naming them in their own manifests:
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
//!
//! Applications should use the crate root instead.

pub use serde;
pub use serde_json;

pub use crate::api_error::fmt_api_error;
pub use crate::envelope::decode_body;
pub use crate::{
    __wxapi_api_error as api_error, __wxapi_builder as builder, __wxapi_setters as setters,
    __wxapi_wire_enum as wire_enum,
};
pub use crate::{
    ApiError, Auth, Client, ClientBuilder, EncodeError, Encoded, Endpoint, Error, ErrorInfo, File,
    JsonString, Method, PendingService, Request, Secret, ServiceApi, WireInt,
};
