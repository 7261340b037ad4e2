//! What the end-to-end suites (`tests/it/`), the `client_overhead` bench and the `load`
//! example share: the fake WeChat server with our app, the generated client on it, a typical
//! call, and the load run.

pub mod load;

use std::time::Duration;

use wxapi::{Client, ClientBuilder, MsgSecCheckRequest, SecScene};
use wxapi_mock::{MockServer, MockServerBuilder};

/// Our app on the fake.
pub const APP_ID: &str = "wx0123456789abcdef";
/// Our app's secret.
pub const APP_SECRET: &str = "app-secret-0123456789abcdef0123";

/// The connect timeout of [`client_builder`].
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// The request timeout of [`client_builder`].
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The fake with our app, plus whatever the test adds.
pub fn server() -> MockServerBuilder {
    MockServer::builder().app(APP_ID, APP_SECRET)
}

/// A client builder on the fake, with short timeouts and backoff so fault tests stay quick,
/// and no credentials yet.
pub fn client_builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TIMEOUT)
        .retry_backoff(Duration::from_millis(5))
}

/// Our app's client on the fake ([`client_builder`] with [`APP_ID`] and [`APP_SECRET`]).
pub fn client(server: &MockServer) -> Client {
    client_builder(server)
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()
        .expect("the client builds")
}

/// A content check that passes: a harmless text from `openid-1`.
pub fn check() -> MsgSecCheckRequest {
    MsgSecCheckRequest::new("你好", SecScene::Comment, "openid-1")
}
