//! The error enum of the test endpoint, declared the way generated code declares one: its
//! own codes in a `codegen::ErrorTable`, a common table (empty here) and `Unknown`, with its
//! behaviour from `codegen::api_error!`.

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

impl codegen::ErrorTable for CheckError {
    const CODES: &'static [codegen::ErrorCode<Self>] = &[
        codegen::error_code!(InvalidCredential(
            code = 40001,
            message = "invalid credential",
            solution = "check the access token",
            refresh_token = true
        )),
        codegen::error_code!(SystemBusy(code = -1, message = "system busy", retry = true)),
    ];
}

codegen::api_error!(CheckError(common = NoCommon));
