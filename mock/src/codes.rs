//! The WeChat `errcode` values the fake server answers with, as constants for test assertions.
//!
//! The matching `errmsg` texts are those of the real server (see [`errmsg`]); every error's
//! `errmsg` additionally ends with a random ` rid: xxxxxxxx-xxxxxxxx-xxxxxxxx` suffix.

/// `-1` system error (system busy, retry later).
pub const SYSTEM_ERROR: i64 = -1;
/// `0` ok.
pub const OK: i64 = 0;
/// `40001` invalid credential: unknown or superseded access_token, or (in
/// [`WrongSecret::InvalidCredential`](crate::WrongSecret::InvalidCredential) mode) a wrong secret.
pub const INVALID_CREDENTIAL: i64 = 40001;
/// `40002` invalid grant_type.
pub const INVALID_GRANT_TYPE: i64 = 40002;
/// `40003` invalid openid.
pub const INVALID_OPENID: i64 = 40003;
/// `40006` invalid media size (an img_sec_check image over
/// [`IMG_SEC_CHECK_MAX_BYTES`](crate::IMG_SEC_CHECK_MAX_BYTES)).
pub const INVALID_MEDIA_SIZE: i64 = 40006;
/// `40013` invalid appid.
pub const INVALID_APPID: i64 = 40013;
/// `40014` invalid access_token (malformed: too short or with characters a token never has).
pub const INVALID_ACCESS_TOKEN: i64 = 40014;
/// `40066` invalid url (a path no endpoint has; answered with HTTP 404).
pub const INVALID_URL: i64 = 40066;
/// `40125` invalid appsecret.
pub const INVALID_APPSECRET: i64 = 40125;
/// `40129` invalid scene.
pub const INVALID_SCENE: i64 = 40129;
/// `41001` access_token missing.
pub const ACCESS_TOKEN_MISSING: i64 = 41001;
/// `41002` appid missing.
pub const APPID_MISSING: i64 = 41002;
/// `41004` appsecret missing.
pub const APPSECRET_MISSING: i64 = 41004;
/// `41005` media data missing (no multipart file part named `media`).
pub const MEDIA_DATA_MISSING: i64 = 41005;
/// `42001` access_token expired.
pub const ACCESS_TOKEN_EXPIRED: i64 = 42001;
/// `43001` require GET method.
pub const REQUIRE_GET: i64 = 43001;
/// `43002` require POST method.
pub const REQUIRE_POST: i64 = 43002;
/// `44001` empty media data (the `media` part is there but has no bytes).
pub const EMPTY_MEDIA_DATA: i64 = 44001;
/// `44002` empty post data.
pub const EMPTY_POST_DATA: i64 = 44002;
/// `45009` reach max api daily quota limit.
pub const DAILY_QUOTA: i64 = 45009;
/// `45011` api minute-quota reach limit.
pub const MINUTE_QUOTA: i64 = 45011;
/// `47001` data format error (bad JSON, wrong field types, missing parameters).
pub const DATA_FORMAT_ERROR: i64 = 47001;
/// `61003` component is not authorized by this account (the merchant never authorized the
/// third-party platform, or cancelled the authorization).
pub const COMPONENT_NOT_AUTHORIZED: i64 = 61003;
/// `61004` access clientip is not registered (the caller's IP is not on the third-party
/// platform's whitelist; the fake only answers it through a [`Fault`](crate::Fault)).
pub const CLIENT_IP_NOT_REGISTERED: i64 = 61004;
/// `61005` component ticket is expired (a `component_verify_ticket` older than 12 hours).
pub const COMPONENT_TICKET_EXPIRED: i64 = 61005;
/// `61006` component ticket is invalid (a missing, empty or unknown `component_verify_ticket`).
pub const COMPONENT_TICKET_INVALID: i64 = 61006;
/// `61011` invalid component (an appid that is not a configured third-party platform).
pub const INVALID_COMPONENT: i64 = 61011;
/// `61023` refresh_token is invalid (a missing, wrong or replaced `authorizer_refresh_token`).
pub const REFRESH_TOKEN_INVALID: i64 = 61023;
/// `87014` risky content (msg_sec_check v1 and img_sec_check).
pub const RISKY_CONTENT: i64 = 87014;
/// `9301001` invalid parameter (service market: unknown service/api, bad data, unknown request_id).
pub const INVALID_PARAMETER: i64 = 9_301_001;
/// `9301002` call api service failed (service market: the provider failed).
pub const CALL_API_SERVICE_FAILED: i64 = 9_301_002;

/// The real server's `errmsg` (without the `rid:` suffix) for the codes this crate uses, or
/// `"unknown error"` for any other code.
pub fn errmsg(errcode: i64) -> &'static str {
    match errcode {
        SYSTEM_ERROR => "system error",
        OK => "ok",
        INVALID_CREDENTIAL => "invalid credential, access_token is invalid or not latest",
        INVALID_GRANT_TYPE => "invalid grant_type",
        INVALID_OPENID => "invalid openid",
        INVALID_MEDIA_SIZE => "invalid media size",
        INVALID_APPID => "invalid appid",
        INVALID_ACCESS_TOKEN => "invalid access_token",
        INVALID_URL => "invalid url",
        INVALID_APPSECRET => "invalid appsecret",
        INVALID_SCENE => "invalid scene",
        ACCESS_TOKEN_MISSING => "access_token missing",
        APPID_MISSING => "appid missing",
        APPSECRET_MISSING => "appsecret missing",
        MEDIA_DATA_MISSING => "media data missing",
        ACCESS_TOKEN_EXPIRED => "access_token expired",
        REQUIRE_GET => "require GET method",
        REQUIRE_POST => "require POST method",
        EMPTY_MEDIA_DATA => "empty media data",
        EMPTY_POST_DATA => "empty post data",
        DAILY_QUOTA => "reach max api daily quota limit",
        MINUTE_QUOTA => "api minute-quota reach limit, must slower, retry next minute",
        DATA_FORMAT_ERROR => "data format error",
        COMPONENT_NOT_AUTHORIZED => "component is not authorized by this account",
        CLIENT_IP_NOT_REGISTERED => "access clientip is not registered",
        COMPONENT_TICKET_EXPIRED => "component ticket is expired",
        COMPONENT_TICKET_INVALID => "component ticket is invalid",
        INVALID_COMPONENT => "invalid component",
        REFRESH_TOKEN_INVALID => "refresh_token is invalid",
        RISKY_CONTENT => "risky content",
        INVALID_PARAMETER => "invalid parameter",
        CALL_API_SERVICE_FAILED => "call api service failed",
        _ => "unknown error",
    }
}
