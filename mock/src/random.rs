//! Random identifiers in the shapes the real server uses: `rid` suffixes, trace ids, tokens,
//! service-market request ids, and the third-party platform's verify tickets and refresh tokens.

const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// Length of the access tokens the fake issues (the real ones are around 130 characters).
pub(crate) const TOKEN_LEN: usize = 112;

/// Shortest string the fake accepts as a well-formed access token; shorter ones answer 40014.
pub(crate) const MIN_TOKEN_LEN: usize = 32;

/// `xxxxxxxx-xxxxxxxx-xxxxxxxx`, the form of the `rid:` suffix and of `trace_id`.
pub(crate) fn rid() -> String {
    format!(
        "{:08x}-{:08x}-{:08x}",
        fastrand::u32(..),
        fastrand::u32(..),
        fastrand::u32(..)
    )
}

/// A random string of `len` characters from `[A-Za-z0-9_-]`.
fn token_chars(len: usize) -> String {
    (0..len)
        .map(|_| char::from(TOKEN_ALPHABET[fastrand::usize(..TOKEN_ALPHABET.len())]))
        .collect()
}

/// A fresh access token.
pub(crate) fn access_token() -> String {
    token_chars(TOKEN_LEN)
}

/// A fresh service-market `request_id` (the official example is 66 characters long).
pub(crate) fn request_id() -> String {
    token_chars(66)
}

/// A fresh `component_verify_ticket`, shaped like the real ones (`ticket@@@` and 86 token
/// characters).
pub(crate) fn verify_ticket() -> String {
    format!("ticket@@@{}", token_chars(86))
}

/// A fresh `authorizer_refresh_token`, shaped like the real ones (`refreshtoken@@@` and 43
/// token characters).
pub(crate) fn refresh_token() -> String {
    format!("refreshtoken@@@{}", token_chars(43))
}

/// Whether `token` could have been issued by a WeChat server at all: long enough and only
/// made of token characters.
pub(crate) fn is_well_formed_token(token: &str) -> bool {
    token.len() >= MIN_TOKEN_LEN && token.bytes().all(|b| TOKEN_ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rid_has_three_groups_of_eight_hex_digits() {
        let rid = rid();
        let groups: Vec<&str> = rid.split('-').collect();
        assert_eq!(groups.len(), 3);
        assert!(groups
            .iter()
            .all(|g| g.len() == 8 && g.chars().all(|c| c.is_ascii_hexdigit())));
    }

    #[test]
    fn tokens_are_well_formed_and_distinct() {
        let a = access_token();
        let b = access_token();
        assert!(is_well_formed_token(&a));
        assert_ne!(a, b);
        assert!(!is_well_formed_token("short"));
        assert!(!is_well_formed_token(&"é".repeat(40)));
    }
}
