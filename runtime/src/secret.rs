//! A wrapper that keeps credentials out of logs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A value that is never shown in `Debug` output, and has no `Display`.
///
/// Holds app secrets and access tokens so that a stray `{:?}` on a config
/// struct, a request or an error cannot leak them into logs. Reading the
/// value takes an explicit [`expose`](Secret::expose), which is easy to
/// grep for. Serializes and deserializes as the inner value.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// Borrows the wrapped value. Callers must not log it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value. Callers must not log it.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{secret:#?}"), "Secret(***)");

        #[derive(Debug)]
        #[allow(dead_code)]
        struct Config {
            secret: Secret<String>,
        }
        let config = Config { secret };
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn serde_is_transparent() {
        let secret: Secret<String> = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(secret.expose(), "abc");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"abc\"");
        assert_eq!(secret, Secret::new("abc".to_owned()));
    }
}
