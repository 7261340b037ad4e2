//! The access token value.

use std::fmt;
use std::sync::Arc;

/// An access token. `Debug` never shows it, and it has no `Display`.
///
/// Cloning bumps a reference count (the string is an `Arc<str>`), so handing
/// the cached token to every call allocates nothing. Equality compares the
/// strings, so a token read back from a shared store equals the one that
/// was written.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Arc::from(token.into()))
    }

    /// The token string. Callers must not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let token = AccessToken::new("TOKEN-123");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(format!("{token:#?}"), "AccessToken(***)");
        assert_eq!(token.expose(), "TOKEN-123");
        assert_eq!(token, AccessToken::new("TOKEN-123"));
        assert_ne!(token, AccessToken::new("TOKEN-124"));
    }

    #[test]
    fn clones_share_the_string() {
        let token = AccessToken::new("T");
        let clone = token.clone();
        assert!(std::ptr::eq(token.expose(), clone.expose()));
    }
}
