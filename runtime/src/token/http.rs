//! What a token source needs to make HTTP requests.

use std::time::Duration;

/// What a [`TokenSource`](super::TokenSource) needs to make HTTP requests:
/// the client's `reqwest::Client`, base URL and per-request timeout.
#[derive(Debug, Clone)]
pub struct HttpCtx {
    http: reqwest::Client,
    base_url: String,
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
        HttpCtx {
            http,
            base_url,
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
}
