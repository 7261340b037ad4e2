//! What every end-to-end suite needs: a fake WeChat server and a generated client on it.

#![allow(dead_code)] // each suite uses its own part

pub mod load;
pub mod logs;
pub mod repo;

use std::time::Duration;

use wxapi::Client;
use wxapi_fake_wechat::{FakeWeChat, FakeWeChatBuilder};

pub const APP_ID: &str = "wx0123456789abcdef";
pub const APP_SECRET: &str = "app-secret-0123456789abcdef0123";

/// The fake with our app, plus whatever the test adds.
pub fn server() -> FakeWeChatBuilder {
    FakeWeChat::builder().app(APP_ID, APP_SECRET)
}

/// A client on the fake, with short timeouts and backoff so fault tests stay quick.
pub fn client(server: &FakeWeChat) -> Client {
    Client::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .base_url(server.base_url())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(2))
        .retry_backoff(Duration::from_millis(5))
        .build()
        .expect("the client builds")
}
