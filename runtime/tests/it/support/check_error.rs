//! The error enum of the test endpoint, declared the way generated code declares one: its
//! own codes through `codegen::api_error!`, a common table (empty here) and `Unknown`.

use wxapi_runtime::codegen;

/// A common table with no codes: the tests' endpoint has only its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoCommon {}

impl NoCommon {
    pub fn from_code(_: i64) -> Option<Self> {
        None
    }

    pub fn info(&self) -> &'static codegen::ErrorInfo {
        match *self {}
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    InvalidCredential,
    SystemBusy,
    Common(NoCommon),
    Unknown { code: i64, message: String },
}

codegen::api_error!(CheckError, NoCommon {
    InvalidCredential => (40001, "invalid credential", "check the access token", refresh_token),
    SystemBusy => (-1, "system busy", "", retry),
});
