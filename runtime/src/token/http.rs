//! What a token source needs to make HTTP requests.

use std::fmt;
use std::time::Duration;

use reqwest::Url;

/// What a [`TokenSource`](super::TokenSource) needs to make HTTP requests:
/// the client's `reqwest::Client`, base URL and per-request timeout.
#[derive(Clone)]
pub struct HttpCtx {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` plus `/`, parsed once, so that a call parses only its path
    /// ([`endpoint_url`](Self::endpoint_url)); `None` if the base is not a URL
    /// or has a query or fragment.
    base: Option<Url>,
    timeout: Duration,
}

impl HttpCtx {
    /// Bundles an HTTP client, a base URL (such as
    /// `https://api.weixin.qq.com`; a trailing `/` is ignored) and a
    /// per-request timeout.
    pub fn new(http: reqwest::Client, base_url: impl Into<String>, timeout: Duration) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        let base = Url::parse(&format!("{base_url}/"))
            .ok()
            .filter(|url| !url.cannot_be_a_base() && url.query().is_none())
            .filter(|url| url.fragment().is_none());
        HttpCtx {
            http,
            base_url,
            base,
            timeout,
        }
    }

    /// The HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The timeout for one request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The URL of `path` below the base URL.
    pub fn url(&self, path: &str) -> String {
        let separator = if path.starts_with('/') { "" } else { "/" };
        format!("{}{separator}{path}", self.base_url)
    }

    /// [`url(path)`](Self::url), parsed. Resolves `path` against the base URL parsed when
    /// the context was made, which parses only the path, not the scheme and host again.
    /// `None` for the paths where that could differ from parsing `url(path)` (empty, or
    /// starting with `//`, `?`, `#` or `\`, or a first segment with a `:`, which would read
    /// as a scheme), and when the base is not a URL: the caller parses `url(path)` then.
    pub(crate) fn endpoint_url(&self, path: &str) -> Option<Url> {
        let base = self.base.as_ref()?;
        let relative = path.strip_prefix('/').unwrap_or(path);
        let first = relative.split(['/', '?', '#']).next().unwrap_or_default();
        if relative.is_empty()
            || relative.starts_with(['/', '?', '#', '\\'])
            || first.contains([':', '\\'])
        {
            return None;
        }
        base.join(relative).ok()
    }
}

impl fmt::Debug for HttpCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpCtx")
            .field("http", &self.http)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_urls() {
        let ctx = HttpCtx::new(
            reqwest::Client::new(),
            "http://x/prefix//",
            Duration::from_secs(1),
        );
        assert_eq!(ctx.base_url(), "http://x/prefix");
        assert_eq!(ctx.url("/cgi-bin/token"), "http://x/prefix/cgi-bin/token");
        assert_eq!(ctx.url("cgi-bin/token"), "http://x/prefix/cgi-bin/token");
    }

    #[test]
    fn parsed_endpoint_urls_match_parsing_the_joined_string() {
        let paths = [
            "/cgi-bin/token",
            "cgi-bin/token",
            "/wxa/msg_sec_check",
            "/a/../b/./c",
            "/a b/%41/é",
            "/a?x=1#f",
            "/",
            "",
            "//other.host/x",
            "/?x=1",
            "/#f",
            "/c:d/e",
            "/a\\b",
            "\\a",
        ];
        for base in [
            "http://127.0.0.1:8080",
            "https://api.weixin.qq.com/",
            "http://x/prefix//",
            "https://user:pw@Example.COM:443/p%20q",
        ] {
            let ctx = HttpCtx::new(reqwest::Client::new(), base, Duration::from_secs(1));
            for path in paths {
                let expected = Url::parse(&ctx.url(path)).unwrap();
                if let Some(parsed) = ctx.endpoint_url(path) {
                    assert_eq!(parsed, expected, "{base} + {path}");
                }
            }
            assert!(ctx.endpoint_url("/wxa/msg_sec_check").is_some(), "{base}");
        }
        for base in ["not a url", "http://x/?q=1", "http://x/#f", "mailto:a@b"] {
            let ctx = HttpCtx::new(reqwest::Client::new(), base, Duration::from_secs(1));
            assert_eq!(ctx.endpoint_url("/wxa/msg_sec_check"), None, "{base}");
        }
    }
}
