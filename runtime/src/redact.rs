//! Scrubbing credentials out of text that ends up in errors and logs.
//!
//! Access tokens travel in query strings, and some responses carry tokens,
//! tickets or session keys in their bodies. Anything the runtime quotes back
//! to the caller (a URL, the start of an undecodable body) passes through
//! here first.

use reqwest::Url;

/// What replaces a sensitive value.
pub(crate) const MASK: &str = "***";

/// Whether a query or JSON key names a credential.
pub(crate) fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "token",
        "secret",
        "ticket",
        "session_key",
        "password",
        "signature",
    ]
    .iter()
    .any(|needle| key.contains(needle))
}

/// Renders `url` with the values of sensitive query parameters masked.
pub(crate) fn url(url: &Url) -> String {
    let sensitive = url.query_pairs().any(|(key, _)| is_sensitive_key(&key));
    if !sensitive {
        return url.to_string();
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(key, value)| {
            let value = if is_sensitive_key(&key) {
                MASK.to_owned()
            } else {
                value.into_owned()
            };
            (key.into_owned(), value)
        })
        .collect();
    let mut redacted = url.clone();
    redacted.query_pairs_mut().clear().extend_pairs(pairs);
    redacted.to_string()
}

/// The first `limit` bytes of a response body as text, with the string
/// values of sensitive JSON keys masked.
pub(crate) fn body_prefix(body: &[u8], limit: usize) -> String {
    let truncated = body.len() > limit;
    let mut text = String::from_utf8_lossy(&body[..body.len().min(limit)]).into_owned();
    if truncated && text.ends_with(char::REPLACEMENT_CHARACTER) {
        // The cut split a multi-byte character.
        text.pop();
    }
    json_text(&text)
}

/// Masks the string values of sensitive keys in JSON-ish text.
///
/// Works on truncated or malformed input: it only tracks string literals,
/// so a value cut off by truncation is masked up to the end of the text.
fn json_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    // Whether the last string literal (not yet followed by anything but
    // whitespace) was a sensitive key.
    let mut last_string_sensitive = false;
    // Whether a sensitive key and its `:` have been seen, so the next string
    // literal is a value to mask.
    let mut mask_next = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i + 1);
                let closed = end < bytes.len();
                if mask_next {
                    out.push(b'"');
                    out.extend_from_slice(MASK.as_bytes());
                    out.push(b'"');
                    mask_next = false;
                    last_string_sensitive = false;
                } else {
                    let stop = if closed { end + 1 } else { end };
                    out.extend_from_slice(&bytes[i..stop]);
                    last_string_sensitive = is_sensitive_key(&text[i + 1..end]);
                }
                i = end + 1;
            }
            b':' => {
                mask_next = last_string_sensitive;
                last_string_sensitive = false;
                out.push(b':');
                i += 1;
            }
            byte if byte.is_ascii_whitespace() => {
                out.push(byte);
                i += 1;
            }
            byte => {
                mask_next = false;
                last_string_sensitive = false;
                out.push(byte);
                i += 1;
            }
        }
    }
    // Only ASCII was inserted and only whole string literals were replaced,
    // so `out` is valid UTF-8; the lossy conversion never actually replaces.
    String::from_utf8_lossy(&out).into_owned()
}

/// Index of the quote closing a string literal whose contents start at
/// `start`, or `bytes.len()` if the text ends first.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_keys() {
        for key in [
            "access_token",
            "ACCESS_TOKEN",
            "secret",
            "appsecret",
            "jsapi_ticket",
            "session_key",
            "component_access_token",
        ] {
            assert!(is_sensitive_key(key), "{key}");
        }
        for key in ["appid", "openid", "errcode", "grant_type"] {
            assert!(!is_sensitive_key(key), "{key}");
        }
    }

    #[test]
    fn url_masks_credentials() {
        let u = Url::parse(
            "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s3cr3t",
        )
        .unwrap();
        let shown = url(&u);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("appid=wx1"), "{shown}");
        assert!(shown.contains("secret=***") || shown.contains("secret=%2A%2A%2A"));

        let u = Url::parse("https://x/wxa/a?access_token=TOKEN123&x=1").unwrap();
        assert!(!url(&u).contains("TOKEN123"));

        let plain = Url::parse("https://x/a?b=c").unwrap();
        assert_eq!(url(&plain), "https://x/a?b=c");
    }

    #[test]
    fn body_masks_token_values() {
        let body = br#"{"access_token":"ABC.def","expires_in":7200,"name":"token"}"#;
        assert_eq!(
            body_prefix(body, 256),
            r#"{"access_token":"***","expires_in":7200,"name":"token"}"#
        );
        let spaced = br#"{ "session_key" : "k\"ey", "openid": "o1" }"#;
        assert_eq!(
            body_prefix(spaced, 256),
            r#"{ "session_key" : "***", "openid": "o1" }"#
        );
    }

    #[test]
    fn body_masks_truncated_values() {
        let body = br#"{"errcode":1,"access_token":"ABCDEFGHIJKLMNOP"}"#;
        let shown = body_prefix(body, 35);
        assert_eq!(shown, r#"{"errcode":1,"access_token":"***""#);
        assert!(!shown.contains("ABC"));
    }

    #[test]
    fn body_prefix_respects_char_boundaries() {
        let body = "系统繁忙".as_bytes(); // 3 bytes per char
        assert_eq!(body_prefix(body, 4), "系");
        assert_eq!(body_prefix(body, 100), "系统繁忙");
        assert_eq!(body_prefix(b"<html>", 3), "<ht");
    }
}
