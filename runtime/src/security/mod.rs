//! API security mode (服务端 API 签名加密): encrypted and signed requests, verified and
//! decrypted responses.
//!
//! Configure it once on the client builder with [`ApiSecurity`]; it then applies to every
//! call of an endpoint whose spec says `security_mode: true`
//! ([`Endpoint::security_mode`](crate::codegen::Endpoint::security_mode)). Other endpoints, uploads
//! above all, are sent in the clear as before.
//!
//! # Request
//!
//! 1. `urlpath` is the client's base URL plus the endpoint path (scheme and host included,
//!    no query), `timestamp` the clock's unix seconds.
//! 2. The plaintext is a JSON object: `_n` (base64 of 16–32 random bytes), `_appid`,
//!    `_timestamp`, then every query parameter and body field except `access_token`.
//! 3. It is encrypted with AES-256-GCM under a random 12-byte IV with the additional data
//!    `urlpath|appid|timestamp|sn` (`sn`: the symmetric key number).
//! 4. The body sent is `{"iv","data","authtag"}` (base64); `access_token` stays in the
//!    query, and it is the only query parameter.
//! 5. `urlpath\nappid\ntimestamp\nbody` (the exact body bytes) is signed with RSASSA-PSS
//!    (SHA-256, MGF1-SHA-256, 32-byte salt) and sent with `Wechatmp-Appid`,
//!    `Wechatmp-TimeStamp` and `Wechatmp-Signature`. There is no `Wechatmp-Serial`: the
//!    official example sends none and the application key number is not signed.
//!
//! # Response
//!
//! 1. A response with no signature header at all is refused ([`SecurityError::Unsigned`]),
//!    except a JSON body whose `errcode` is one of the mode's own codes, 40230–40240:
//!    WeChat answers those in the clear when it cannot verify the request, and such an
//!    answer can only be an error ([`Error::Api`](crate::Error::Api)), never data.
//! 2. `Wechatmp-Appid` must be ours, `Wechatmp-TimeStamp` within 5 minutes of the clock.
//! 3. The certificate named by `Wechatmp-Serial` must be held; during a rotation, the
//!    `Wechatmp-Serial-Deprecated` / `Wechatmp-Signature-Deprecated` pair is used if that is
//!    the certificate held, and a warning says to download the new one.
//! 4. The signature must verify over `urlpath\nappid\ntimestamp\nbody` (exact bytes), and
//!    must not have been accepted before (replays within the 5 minutes are refused).
//! 5. The body is decrypted with the response timestamp in the additional data; the
//!    decrypted `_appid` and `_timestamp` must match. `_n`, `_appid` and `_timestamp` are
//!    removed and the rest goes through the usual envelope (`errcode`, the response type).
//!
//! Any failure is an [`Error::Security`](crate::Error::Security) and is not retried.

mod error;
mod keys;
mod request;
mod response;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use reqwest::header::HeaderMap;

pub use self::error::{KeyError, SecurityError};
use self::keys::{AppKey, PlatformCertificate, SymmetricKey};
pub(crate) use self::request::Sealed;
use self::response::{Opener, ReplayGuard, ResponseHeaders};
use crate::codegen::Encoded;

pub(crate) const HEADER_APPID: &str = "Wechatmp-Appid";
pub(crate) const HEADER_TIMESTAMP: &str = "Wechatmp-TimeStamp";
pub(crate) const HEADER_SIGNATURE: &str = "Wechatmp-Signature";
pub(crate) const HEADER_SERIAL: &str = "Wechatmp-Serial";
pub(crate) const HEADER_SIGNATURE_DEPRECATED: &str = "Wechatmp-Signature-Deprecated";
pub(crate) const HEADER_SERIAL_DEPRECATED: &str = "Wechatmp-Serial-Deprecated";

/// Standard base64, padded when encoding, padding optional when decoding.
pub(crate) const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// How far a response timestamp may be from the clock: 5 minutes.
const MAX_SKEW_SECS: i64 = 300;

/// The clock: unix seconds.
type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

fn system_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The keys of API security mode (服务端 API 签名加密), from the mini program admin
/// console (开发 → 开发管理 → 开发设置 → API安全), for
/// [`ClientBuilder::api_security`](crate::ClientBuilder::api_security).
///
/// ```no_run
/// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// # use wxapi_runtime as wxapi; // the generated crate re-exports these paths
/// use wxapi::{ApiSecurity, Client};
///
/// let security = ApiSecurity::new(
///     &std::env::var("WECHAT_API_SYMMETRIC_KEY")?, // base64 of 32 bytes
///     "fa05fe1e5bcc79b81ad5ad4b58acf787",          // its number (sn)
/// )?
/// .app_private_key_pem(&std::fs::read_to_string("app-key.pem")?, "97845f6ed842ea860df6fdf65941ff56")?
/// .platform_certificate_pem(&std::fs::read_to_string("platform.pem")?, "79ba700ea147819f640941bceb38b1d1")?;
///
/// let client = Client::builder()
///     .app_id("wxba6223c06417af7b")
///     .app_secret(std::env::var("WECHAT_APP_SECRET")?)
///     .api_security(security)
///     .build()?;
/// # Ok(())
/// # }
/// ```
///
/// Key material never appears in `Debug` output, errors or logs; only the key and
/// certificate numbers do.
#[derive(Clone)]
pub struct ApiSecurity {
    symmetric: SymmetricKey,
    app_key: Option<AppKey>,
    certificates: Vec<PlatformCertificate>,
    clock: Clock,
}

impl ApiSecurity {
    /// The symmetric key (AES256_GCM), as the base64 of its 32 bytes, and its number (`sn`).
    pub fn new(
        symmetric_key_base64: &str,
        symmetric_key_number: impl Into<String>,
    ) -> Result<Self, KeyError> {
        Ok(ApiSecurity {
            symmetric: SymmetricKey::from_base64(
                symmetric_key_base64,
                symmetric_key_number.into(),
            )?,
            app_key: None,
            certificates: Vec::new(),
            clock: Arc::new(system_clock),
        })
    }

    /// The application's RSA private key (PKCS#1 `BEGIN RSA PRIVATE KEY` as the console
    /// gives it, or PKCS#8 `BEGIN PRIVATE KEY`) and its key number. Requests are signed
    /// with it. Required.
    pub fn app_private_key_pem(
        mut self,
        pem: &str,
        key_number: impl Into<String>,
    ) -> Result<Self, KeyError> {
        self.app_key = Some(AppKey::from_pem(pem, key_number.into())?);
        Ok(self)
    }

    /// A platform certificate (X.509 PEM, RSA) and its number (the platform's certificate
    /// number, not the X.509 serial). Responses are verified with the certificate whose
    /// number they name. At least one is required; add the new one next to the old one
    /// while WeChat rotates them. Adding a number twice replaces the certificate.
    pub fn platform_certificate_pem(
        mut self,
        pem: &str,
        certificate_number: impl Into<String>,
    ) -> Result<Self, KeyError> {
        let certificate = PlatformCertificate::from_pem(pem, certificate_number.into())?;
        self.certificates
            .retain(|held| held.number() != certificate.number());
        self.certificates.push(certificate);
        Ok(self)
    }

    /// Replaces the clock (unix seconds) used for request timestamps and the freshness
    /// check of responses. For tests; the default is the system clock.
    pub fn clock(mut self, now: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// The numbers of the platform certificates held.
    pub fn platform_certificate_numbers(&self) -> impl Iterator<Item = &str> {
        self.certificates.iter().map(PlatformCertificate::number)
    }
}

impl fmt::Debug for ApiSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiSecurity")
            .field("symmetric_key", &self.symmetric)
            .field("app_key", &self.app_key)
            .field("platform_certificates", &self.certificates)
            .finish_non_exhaustive()
    }
}

/// API security mode as a client runs it.
pub(crate) struct Security {
    config: ApiSecurity,
    app_key: AppKey,
    app_id: String,
    replays: ReplayGuard,
    /// The last `Wechatmp-Serial` a rotation warning was logged for.
    warned: Mutex<Option<String>>,
}

impl Security {
    /// Checks that the configuration is complete for a client with `app_id`.
    pub(crate) fn new(config: ApiSecurity, app_id: Option<&str>) -> Result<Self, &'static str> {
        let app_id = match app_id {
            None => return Err("api_security needs app_id"),
            Some(id) if id.is_empty() || !id.bytes().all(|b| b.is_ascii_graphic()) => {
                return Err("api_security needs an app_id of printable ASCII")
            }
            Some(id) => id.to_owned(),
        };
        let app_key = config
            .app_key
            .clone()
            .ok_or("api_security needs the application private key (app_private_key_pem)")?;
        if config.certificates.is_empty() {
            return Err(
                "api_security needs at least one platform certificate (platform_certificate_pem)",
            );
        }
        Ok(Security {
            app_key,
            config,
            app_id,
            replays: ReplayGuard::default(),
            warned: Mutex::new(None),
        })
    }

    pub(crate) fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Encrypts and signs a request to `urlpath` (the full URL without query).
    pub(crate) fn seal(&self, urlpath: &str, encoded: &Encoded) -> Result<Sealed, SecurityError> {
        let timestamp = (self.config.clock)();
        let plaintext = request::plaintext(encoded, &self.app_id, timestamp, &request::nonce())?;
        request::seal(
            &self.config.symmetric,
            &self.app_key,
            &self.app_id,
            urlpath,
            timestamp,
            plaintext,
        )
    }

    /// Verifies and decrypts the response to `sealed`: the plaintext JSON for the envelope
    /// decoder.
    pub(crate) fn open(
        &self,
        sealed: &Sealed,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<u8>, SecurityError> {
        let headers = ResponseHeaders::from_map(headers)?;
        let on_deprecated = |new: &str, old: &str| self.rotation_warning(new, old);
        Opener {
            symmetric: &self.config.symmetric,
            certificates: &self.config.certificates,
            app_id: &self.app_id,
            now: (self.config.clock)(),
            max_skew: MAX_SKEW_SECS,
            replays: &self.replays,
            on_deprecated: &on_deprecated,
        }
        .open(&sealed.urlpath, status, &headers, body)
    }

    fn rotation_warning(&self, new: &str, old: &str) {
        let mut warned = self.warned.lock().unwrap_or_else(PoisonError::into_inner);
        if warned.as_deref() == Some(new) {
            tracing::debug!(
                new_certificate = new,
                old_certificate = old,
                "response verified with the deprecated platform certificate"
            );
            return;
        }
        *warned = Some(new.to_owned());
        tracing::warn!(
            new_certificate = new,
            old_certificate = old,
            "WeChat is replacing its platform certificate: this response was verified with the \
             deprecated one; download certificate {new} from the admin console (API安全) and \
             add it with ApiSecurity::platform_certificate_pem"
        );
    }
}

impl fmt::Debug for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Security")
            .field("app_id", &self.app_id)
            .field("keys", &self.config)
            .finish_non_exhaustive()
    }
}
