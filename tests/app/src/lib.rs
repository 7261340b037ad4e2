//! An application of the generated client, written the way a user writes one: API security
//! mode, access tokens shared through Redis, and a third-party platform calling for a
//! merchant with an authorizer token. Its only dependency is `wxapi`, so it compiles only
//! while `wxapi` re-exports everything an application names (see `Cargo.toml`).
//!
//! The tests build each client; none of them touches the network.

use std::sync::{Arc, RwLock};

use wxapi::token::{ComponentCredentials, MemoryRefreshTokenStore};
use wxapi::{
    ApiSecurity, BuildError, Client, ClientBuilder, Error, KeyError, MsgSecCheckError,
    MsgSecCheckRequest, SecScene, SecSuggest,
};

/// API security mode's keys, as the admin console gives them (开发 → 开发管理 → 开发设置 →
/// API安全): each with its number.
pub struct SecurityKeys<'a> {
    pub symmetric_key_base64: &'a str,
    pub symmetric_key_number: &'a str,
    pub app_private_key_pem: &'a str,
    pub app_key_number: &'a str,
    pub platform_certificate_pem: &'a str,
    pub certificate_number: &'a str,
}

/// The keys of API security mode, checked.
pub fn api_security(keys: &SecurityKeys<'_>) -> Result<ApiSecurity, KeyError> {
    ApiSecurity::new(keys.symmetric_key_base64, keys.symmetric_key_number)?
        .app_private_key_pem(keys.app_private_key_pem, keys.app_key_number)?
        .platform_certificate_pem(keys.platform_certificate_pem, keys.certificate_number)
}

/// The application's settings, named as a builder of `wxapi::Client`.
pub fn configured(builder: ClientBuilder) -> ClientBuilder {
    builder.timeout(std::time::Duration::from_secs(10))
}

/// A client whose calls to endpoints that support it are encrypted and signed.
pub fn secured_client(
    app_id: &str,
    app_secret: &str,
    security: ApiSecurity,
) -> Result<Client, BuildError> {
    configured(Client::builder())
        .app_id(app_id)
        .app_secret(app_secret)
        .api_security(security)
        .build()
}

/// A client that shares one stable access token (and one refresh) with every other
/// instance through Redis. Connects on first use.
#[cfg(feature = "redis")]
pub fn shared_client(
    app_id: &str,
    app_secret: &str,
    redis_url: &str,
) -> Result<Client, Box<dyn std::error::Error>> {
    let store = wxapi::token::RedisTokenStore::new(redis_url)?.prefix("app:wx-token");
    Ok(configured(Client::builder())
        .app_id(app_id)
        .app_secret(app_secret)
        .stable_token(true)
        .token_store(store)
        .build()?)
}

/// The platform's credentials; `ticket` is where its push handler keeps the latest
/// `component_verify_ticket`.
pub fn platform(
    component_appid: &str,
    component_secret: &str,
    ticket: Arc<RwLock<Option<String>>>,
) -> ComponentCredentials {
    ComponentCredentials::new(component_appid, component_secret, move || {
        ticket.read().ok()?.clone()
    })
}

/// A client calling for `merchant` with its authorizer access token, kept fresh from the
/// platform's component token and the merchant's refresh token.
pub fn merchant_client(
    platform: &ComponentCredentials,
    merchant: &str,
    refresh_token: &str,
    refresh_tokens: MemoryRefreshTokenStore,
) -> Result<Client, BuildError> {
    let token = platform
        .authorizer(merchant, refresh_token)
        .refresh_token_store(refresh_tokens);
    configured(Client::builder())
        .app_id(merchant)
        .token_source(token)
        .build()
}

/// Whether `text` may be published: the call the application makes with any client above.
pub async fn may_publish(
    client: &Client,
    text: &str,
    openid: &str,
) -> Result<bool, Error<MsgSecCheckError>> {
    let request = MsgSecCheckRequest::new(text, SecScene::Comment, openid);
    match client.msg_sec_check(request).await {
        Ok(checked) => Ok(checked.result.suggest != SecSuggest::Risky),
        Err(Error::Api(MsgSecCheckError::UserAccessExpired)) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of WeChat's worked example of API security mode.
    fn keys() -> SecurityKeys<'static> {
        SecurityKeys {
            symmetric_key_base64: "otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=",
            symmetric_key_number: "fa05fe1e5bcc79b81ad5ad4b58acf787",
            app_private_key_pem: include_str!(
                "../../../runtime/src/security/testdata/official-app-key.pem"
            ),
            app_key_number: "97845f6ed842ea860df6fdf65941ff56",
            platform_certificate_pem: include_str!(
                "../../../runtime/src/security/testdata/official-platform-cert.pem"
            ),
            certificate_number: "79ba700ea147819f640941bceb38b1d1",
        }
    }

    #[test]
    fn a_secured_client_is_built_from_the_consoles_keys() {
        let security = api_security(&keys()).expect("the worked example's keys");
        let client = secured_client("wxba6223c06417af7b", "secret", security).expect("client");
        assert_eq!(client.runtime().app_id(), Some("wxba6223c06417af7b"));
    }

    #[cfg(feature = "redis")]
    #[test]
    fn a_shared_client_is_built_without_reaching_redis() {
        let client =
            shared_client("wx0123456789abcdef", "secret", "redis://127.0.0.1:1/0").expect("client");
        assert_eq!(client.runtime().app_id(), Some("wx0123456789abcdef"));
    }

    #[test]
    fn a_merchant_client_is_built_from_the_platforms_credentials() {
        let ticket = Arc::new(RwLock::new(Some("ticket@@@1".to_owned())));
        let platform = platform("wx3d7c9a42e1b5f608", "component-secret", ticket);
        let client = merchant_client(
            &platform,
            "wx5e2e72fb432d8da8",
            "refreshtoken@@@1",
            MemoryRefreshTokenStore::new(),
        )
        .expect("client");
        assert_eq!(client.runtime().app_id(), Some("wx5e2e72fb432d8da8"));
    }
}
