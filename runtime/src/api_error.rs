//! Errors reported by WeChat itself: a non-zero `errcode`.

use std::fmt;

/// Static facts about one error code, taken from the spec.
///
/// Generated code builds these with the `const` constructor [`new`](ErrorInfo::new) and
/// the flag methods after it, so that a fact added later does not break it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// The `errcode` value.
    pub code: i64,
    /// The name of the code's variant in the error enum (PascalCase, for example
    /// `SystemBusy`).
    pub name: &'static str,
    /// What the code means.
    pub message: &'static str,
    /// What to do about it; empty when the spec says nothing.
    pub solution: &'static str,
    /// Whether the same request may succeed if sent again (for example
    /// `-1`, system busy).
    pub retry: bool,
    /// Whether the code means the access token is invalid or expired, so a
    /// fresh token may fix it (for example `40001`, `42001`).
    pub refresh_token: bool,
}

impl ErrorInfo {
    /// The facts about `code`, with both flags unset.
    pub const fn new(
        code: i64,
        name: &'static str,
        message: &'static str,
        solution: &'static str,
    ) -> ErrorInfo {
        ErrorInfo {
            code,
            name,
            message,
            solution,
            retry: false,
            refresh_token: false,
        }
    }

    /// Sets [`retry`](ErrorInfo#structfield.retry): the request may succeed if sent again.
    pub const fn retry(self) -> ErrorInfo {
        ErrorInfo {
            retry: true,
            ..self
        }
    }

    /// Sets [`refresh_token`](ErrorInfo#structfield.refresh_token): a fresh access token may
    /// fix it.
    pub const fn refresh_token(self) -> ErrorInfo {
        ErrorInfo {
            refresh_token: true,
            ..self
        }
    }
}

/// Implemented by every generated per-endpoint error enum.
///
/// Each enum has one variant per documented code plus an `Unknown` variant
/// for codes the spec does not list. The client relies only on
/// [`is_token_invalid`](ApiError::is_token_invalid) and
/// [`is_retryable`](ApiError::is_retryable) to drive its retries.
pub trait ApiError: std::error::Error + Send + Sync + Sized + 'static {
    /// Builds the variant for `code`; `message` is the server's `errmsg`.
    fn from_code(code: i64, message: String) -> Self;

    /// The spec's facts about this code; `None` for the unknown variant.
    fn info(&self) -> Option<&'static ErrorInfo>;

    /// `Some((code, server message))` for the unknown variant, else `None`.
    fn unknown(&self) -> Option<(i64, &str)>;

    /// The `errcode`.
    fn code(&self) -> i64 {
        match (self.info(), self.unknown()) {
            (Some(info), _) => info.code,
            (None, Some((code, _))) => code,
            // An implementation that answers neither is broken; 0 is never a
            // valid error code, so it cannot be mistaken for a real one.
            (None, None) => 0,
        }
    }

    /// The spec's message for known codes, the server's `errmsg` otherwise.
    fn message(&self) -> &str {
        match (self.info(), self.unknown()) {
            (Some(info), _) => info.message,
            (None, Some((_, message))) => message,
            (None, None) => "",
        }
    }

    /// What to do about the error, when the spec says.
    fn solution(&self) -> Option<&'static str> {
        self.info()
            .map(|info| info.solution)
            .filter(|solution| !solution.is_empty())
    }

    /// Whether a fresh access token may fix the error.
    fn is_token_invalid(&self) -> bool {
        self.info().is_some_and(|info| info.refresh_token)
    }

    /// Whether sending the same request again may succeed.
    fn is_retryable(&self) -> bool {
        self.info().is_some_and(|info| info.retry)
    }
}

/// Formats an [`ApiError`] as `"{code} {message}"`, followed by
/// `": {solution}"` when there is one.
///
/// Generated enums call this (as `codegen::fmt_api_error`) from their
/// `Display` impls, so every endpoint formats errors the same way.
pub fn fmt_api_error<E: ApiError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{} {}", error.code(), error.message())?;
    if let Some(solution) = error.solution() {
        write!(f, ": {solution}")?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) static RISKY: ErrorInfo =
        ErrorInfo::new(87014, "Risky", "risky content", "内容含有违法违规内容");
    pub(crate) static BUSY: ErrorInfo = ErrorInfo::new(-1, "Busy", "system busy", "").retry();
    pub(crate) static INVALID_CREDENTIAL: ErrorInfo =
        ErrorInfo::new(40001, "InvalidCredential", "invalid credential", "").refresh_token();

    /// A hand-written stand-in for a generated error enum.
    #[derive(Debug, PartialEq)]
    pub(crate) enum TestError {
        Risky,
        Busy,
        InvalidCredential,
        Unknown { code: i64, message: String },
    }

    impl ApiError for TestError {
        fn from_code(code: i64, message: String) -> Self {
            match code {
                87014 => TestError::Risky,
                -1 => TestError::Busy,
                40001 => TestError::InvalidCredential,
                _ => TestError::Unknown { code, message },
            }
        }

        fn info(&self) -> Option<&'static ErrorInfo> {
            match self {
                TestError::Risky => Some(&RISKY),
                TestError::Busy => Some(&BUSY),
                TestError::InvalidCredential => Some(&INVALID_CREDENTIAL),
                TestError::Unknown { .. } => None,
            }
        }

        fn unknown(&self) -> Option<(i64, &str)> {
            match self {
                TestError::Unknown { code, message } => Some((*code, message)),
                _ => None,
            }
        }
    }

    impl fmt::Display for TestError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_api_error(self, f)
        }
    }

    impl std::error::Error for TestError {}

    #[test]
    fn known_code_uses_spec_facts() {
        let e = TestError::from_code(87014, "risky content hint".into());
        assert_eq!(e.code(), 87014);
        assert_eq!(e.message(), "risky content");
        assert_eq!(e.solution(), Some("内容含有违法违规内容"));
        assert_eq!(e.to_string(), "87014 risky content: 内容含有违法违规内容");
        assert!(!e.is_retryable());
        assert!(!e.is_token_invalid());
    }

    #[test]
    fn flags_and_empty_solution() {
        let busy = TestError::from_code(-1, String::new());
        assert!(busy.is_retryable());
        assert_eq!(busy.solution(), None);
        assert_eq!(busy.to_string(), "-1 system busy");
        assert!(TestError::from_code(40001, String::new()).is_token_invalid());
    }

    #[test]
    fn unknown_code_uses_server_message() {
        let e = TestError::from_code(12345, "something odd rid: 1".into());
        assert_eq!(e.code(), 12345);
        assert_eq!(e.message(), "something odd rid: 1");
        assert_eq!(e.solution(), None);
        assert!(!e.is_retryable());
        assert_eq!(e.to_string(), "12345 something odd rid: 1");
    }
}
