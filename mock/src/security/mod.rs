//! API security mode (服务端 API 签名加密) on the fake server.
//!
//! An app configured with [`MockServerBuilder::api_security`](crate::MockServerBuilder::api_security)
//! may send sealed requests: a `{"iv","data","authtag"}` body encrypted with AES-256-GCM and
//! signed with the app's RSA key (`Wechatmp-Appid`, `Wechatmp-TimeStamp`,
//! `Wechatmp-Signature`). A request is treated as sealed when it has any `Wechatmp-*` header
//! or such a body. The server then, in this order, answers in the clear (no signature):
//!
//! | check | errcode |
//! |---|---|
//! | `Wechatmp-Appid` missing | 40233 |
//! | `Wechatmp-TimeStamp` missing | 40231 |
//! | `Wechatmp-Signature` missing | 40232 |
//! | the app has no security configuration | 40238 |
//! | the timestamp is not a number or more than 5 minutes from the fake clock | 40240 |
//! | the signature of `urlpath\nappid\ntimestamp\nbody` does not verify with the app's public key | 40234 |
//! | the body does not decrypt (AAD `urlpath\|appid\|timestamp\|sn`) | 40235 |
//! | the decrypted `_appid` is not `Wechatmp-Appid` | 40236 |
//! | the decrypted `_timestamp` is not `Wechatmp-TimeStamp` | 40235 |
//! | the access token belongs to another app | 40237 |
//!
//! `urlpath` is `http://` + the `Host` header + the path. Otherwise the decrypted fields
//! (without `_n`, `_appid`, `_timestamp`) become the JSON body, the endpoint handles the
//! request as usual, and its JSON answer, whatever its errcode, comes back sealed: `_n`,
//! `_appid` and `_timestamp` added, encrypted with the response timestamp in the AAD, and
//! signed with the platform key (`Wechatmp-Appid`, `Wechatmp-TimeStamp`, `Wechatmp-Serial`,
//! `Wechatmp-Signature`). During a [rotation](crate::MockServer::rotate_platform_certificate)
//! the answer also carries `Wechatmp-Serial-Deprecated` / `Wechatmp-Signature-Deprecated`,
//! signed with the previous key. [`Tamper`] spoils the next sealed answer on purpose.
//!
//! Platform keys are 2048-bit RSA keys generated once per process (two of them, for
//! rotations) and shared by every server; [`app_key_pair`] is a process-wide application key
//! pair for clients under test.

mod keys;
mod open;
mod seal;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use aes_gcm::{Aes256Gcm, KeyInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rsa::pkcs8::DecodePublicKey;
use rsa::pss::VerifyingKey;
use rsa::RsaPublicKey;
use serde_json::Value;
use sha2::Sha256;

use crate::envelope::Reply;
use crate::handle::MockServer;
use crate::request::ReceivedRequest;
use crate::state::Shared;

pub use keys::app_key_pair;
use keys::platform_key;

/// `40230` API_Missing_Wechatmp_Serial (never answered: requests carry no serial).
pub const MISSING_SERIAL: i64 = 40230;
/// `40231` API_Missing_Wechatmp_Timestamp.
pub const MISSING_TIMESTAMP: i64 = 40231;
/// `40232` API_Missing_Wechatmp_Signature.
pub const MISSING_SIGNATURE: i64 = 40232;
/// `40233` API_Missing_Wechatmp_Appid.
pub const MISSING_APPID: i64 = 40233;
/// `40234` API_Invalid_Signature.
pub const INVALID_SIGNATURE: i64 = 40234;
/// `40235` API_Invalid_Encrypt.
pub const INVALID_ENCRYPT: i64 = 40235;
/// `40236` API_Invalid_Wechatmp_Appid.
pub const INVALID_APPID: i64 = 40236;
/// `40237` API_Invalid_Wechatmp_Appidmatch (the token belongs to another app).
pub const APPID_TOKEN_MISMATCH: i64 = 40237;
/// `40238` API_NoExist_DevSecretSym (no symmetric key configured).
pub const NO_SYMMETRIC_KEY: i64 = 40238;
/// `40239` API_NoExist_DevSecretAsym (no public key configured).
pub const NO_PUBLIC_KEY: i64 = 40239;
/// `40240` API_Expired_Wechatmp_Timestamp.
pub const EXPIRED_TIMESTAMP: i64 = 40240;

fn errmsg(code: i64) -> &'static str {
    match code {
        MISSING_SERIAL => "API_Missing_Wechatmp_Serial",
        MISSING_TIMESTAMP => "API_Missing_Wechatmp_Timestamp",
        MISSING_SIGNATURE => "API_Missing_Wechatmp_Signature",
        MISSING_APPID => "API_Missing_Wechatmp_Appid",
        INVALID_SIGNATURE => "API_Invalid_Signature",
        INVALID_ENCRYPT => "API_Invalid_Encrypt",
        INVALID_APPID => "API_Invalid_Wechatmp_Appid",
        APPID_TOKEN_MISMATCH => "API_Invalid_Wechatmp_Appidmatch",
        NO_SYMMETRIC_KEY => "API_NoExist_DevSecretSym",
        NO_PUBLIC_KEY => "API_NoExist_DevSecretAsym",
        _ => "API_Expired_Wechatmp_Timestamp",
    }
}

fn plain_error(code: i64) -> Reply {
    Reply::error_with(code, errmsg(code))
}

/// How far a request timestamp may be from the fake clock.
const MAX_SKEW: u64 = 300;

/// An app's API security configuration on the fake server: its symmetric key and number,
/// and the public half of its application key.
#[derive(Clone)]
pub struct MockApiSecurity {
    cipher: Aes256Gcm,
    key_number: String,
    app_public_key: Option<VerifyingKey<Sha256>>,
}

impl MockApiSecurity {
    /// `symmetric_key_base64` (32 bytes), its number, and the application's public key
    /// (`BEGIN PUBLIC KEY` PEM).
    ///
    /// # Panics
    ///
    /// If a key is malformed (this is a test helper).
    pub fn new(symmetric_key_base64: &str, key_number: &str, app_public_key_pem: &str) -> Self {
        let Ok(public) = RsaPublicKey::from_public_key_pem(app_public_key_pem) else {
            panic!("MockApiSecurity: the app public key is not an RSA public key PEM");
        };
        MockApiSecurity {
            app_public_key: Some(VerifyingKey::new_with_salt_len(public, 32)),
            ..Self::without_public_key(symmetric_key_base64, key_number)
        }
    }

    /// Like [`new`](Self::new) with no application public key uploaded: every sealed request
    /// answers 40239.
    ///
    /// # Panics
    ///
    /// If the symmetric key is not the base64 of 32 bytes.
    pub fn without_public_key(symmetric_key_base64: &str, key_number: &str) -> Self {
        let cipher = STANDARD
            .decode(symmetric_key_base64)
            .ok()
            .and_then(|key| Aes256Gcm::new_from_slice(&key).ok());
        let Some(cipher) = cipher else {
            panic!("MockApiSecurity: the symmetric key is not the base64 of 32 bytes");
        };
        MockApiSecurity {
            cipher,
            key_number: key_number.to_owned(),
            app_public_key: None,
        }
    }
}

impl fmt::Debug for MockApiSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockApiSecurity")
            .field("key_number", &self.key_number)
            .finish_non_exhaustive()
    }
}

/// A way to spoil the next sealed answer, for the client's tests
/// ([`MockServer::tamper_next`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tamper {
    /// Flip a byte of the body after signing (the signature no longer matches).
    FlipBodyByte,
    /// Flip a bit of the IV, then sign (the signature matches; decryption fails).
    FlipIv,
    /// Flip a bit of the authentication tag, then sign.
    FlipAuthTag,
    /// Flip a bit of the ciphertext, then sign.
    FlipCiphertext,
    /// Flip a character of `Wechatmp-Signature`.
    FlipSignature,
    /// Change `Wechatmp-TimeStamp` by one second after signing.
    FlipTimestampHeader,
    /// Answer for another app: `Wechatmp-Appid`, the signature and the encryption all name
    /// `wx0000000000000000`.
    WrongAppId,
    /// Put another app's id in the encrypted `_appid` (headers, signature are right).
    WrongPlaintextAppId,
    /// Date the answer 10 minutes in the past (consistently signed and encrypted).
    StaleTimestamp,
    /// Name a certificate number the client does not hold in `Wechatmp-Serial`.
    UnknownSerial,
    /// Answer the plain JSON, without encryption or any `Wechatmp-*` header.
    Unsigned,
    /// Send the previous sealed answer again, byte for byte.
    Replay,
}

/// The `Wechatmp-*` headers of a sealed answer.
type Headers = Vec<(&'static str, String)>;

/// The security-mode part of the server state.
#[derive(Debug)]
pub(crate) struct SecurityState {
    apps: HashMap<String, MockApiSecurity>,
    /// Index of the current platform key.
    current: usize,
    /// Whether answers also carry the deprecated pair (a rotation is going on).
    rotating: bool,
    tampers: VecDeque<Tamper>,
    /// The decrypted plaintexts of the sealed requests, in order.
    plaintexts: Vec<Value>,
    last_answer: Option<(Headers, Vec<u8>)>,
    /// Unix time when the fake clock read zero.
    unix_at_start: u64,
}

impl Default for SecurityState {
    fn default() -> Self {
        SecurityState {
            apps: HashMap::new(),
            current: 0,
            rotating: false,
            tampers: VecDeque::new(),
            plaintexts: Vec::new(),
            last_answer: None,
            unix_at_start: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }
}

impl SecurityState {
    pub(crate) fn configure(&mut self, appid: String, security: MockApiSecurity) {
        self.apps.insert(appid, security);
    }
}

fn unix_now(shared: &Shared) -> u64 {
    let start = shared.lock().security.unix_at_start;
    start + shared.now().as_secs()
}

/// Whether the request uses the mode at all: a `Wechatmp-*` header or a sealed body.
fn is_sealed(req: &ReceivedRequest) -> bool {
    let header = req
        .headers
        .iter()
        .any(|(name, _)| name.to_ascii_lowercase().starts_with("wechatmp-"));
    header
        || req.json().is_some_and(|body| {
            ["iv", "data", "authtag"]
                .iter()
                .all(|key| body.get(key).is_some())
        })
}

/// What one sealed request was opened with.
struct Session {
    appid: String,
    urlpath: String,
    security: MockApiSecurity,
}

/// Handles a request: sealed ones are opened, `route`d, and their answer sealed; others go
/// straight to `route`.
pub(crate) fn handle(
    shared: &Shared,
    req: &ReceivedRequest,
    route: impl FnOnce(&ReceivedRequest) -> Reply,
) -> Reply {
    if !is_sealed(req) {
        return route(req);
    }
    match open::open(shared, req) {
        Ok((session, plain)) => {
            let answer = route(&plain);
            seal::seal(shared, &session, answer)
        }
        Err(reply) => reply,
    }
}

impl MockServer {
    /// The current platform certificate: `(number, X.509 PEM)`, to configure the client
    /// with.
    pub fn platform_certificate(&self) -> (String, String) {
        let key = platform_key(self.shared.lock().security.current);
        (key.number.clone(), key.certificate_pem.clone())
    }

    /// Starts a platform certificate rotation: answers are signed with the other platform
    /// key (its number in `Wechatmp-Serial`) and also carry the deprecated pair signed with
    /// the previous one. Returns the new certificate as `(number, PEM)`.
    pub fn rotate_platform_certificate(&self) -> (String, String) {
        {
            let mut inner = self.shared.lock();
            inner.security.current = (inner.security.current + 1) % 2;
            inner.security.rotating = true;
        }
        self.platform_certificate()
    }

    /// Ends a rotation: answers no longer carry the deprecated pair.
    pub fn finish_rotation(&self) {
        self.shared.lock().security.rotating = false;
    }

    /// Spoils the next sealed answer (each call queues one).
    pub fn tamper_next(&self, tamper: Tamper) {
        self.shared.lock().security.tampers.push_back(tamper);
    }

    /// The decrypted plaintexts of every sealed request opened so far (with `_n`, `_appid`
    /// and `_timestamp`).
    pub fn security_plaintexts(&self) -> Vec<Value> {
        self.shared.lock().security.plaintexts.clone()
    }
}
