//! Sealing an answer: `_n`, `_appid` and `_timestamp` added, encrypted, signed with the
//! platform key (and the previous one during a rotation), spoiled first when a [`Tamper`] is
//! queued.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::Nonce;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine as _;
use rand_core::{OsRng, RngCore};
use rsa::signature::{RandomizedSigner, SignatureEncoding};
use serde_json::{Map, Value};

use super::keys::{platform_key, PlatformKey};
use super::open::signing_string;
use super::{plain_error, unix_now, Headers, Session, Tamper, INVALID_ENCRYPT};
use crate::envelope::Reply;
use crate::state::Shared;

/// The appid a [`Tamper::WrongAppId`] or [`Tamper::WrongPlaintextAppId`] answer names.
const OTHER_APPID: &str = "wx0000000000000000";

/// Seals `answer` for `session`, with whatever tampering is queued.
pub(super) fn seal(shared: &Shared, session: &Session, answer: Reply) -> Reply {
    let Reply::Json { status, value } = answer else {
        return answer;
    };
    let (tamper, current, rotating) = {
        let mut inner = shared.lock();
        let state = &mut inner.security;
        (state.tampers.pop_front(), state.current, state.rotating)
    };
    if tamper == Some(Tamper::Unsigned) {
        return Reply::Json { status, value };
    }
    if tamper == Some(Tamper::Replay) {
        if let Some((headers, body)) = shared.lock().security.last_answer.clone() {
            return Reply::Signed {
                status,
                headers,
                body,
            };
        }
    }
    let stamp = Stamp::new(session, tamper, unix_now(shared));
    let Some(body) = encrypt(session, &stamp, value) else {
        return plain_error(INVALID_ENCRYPT);
    };
    let (headers, body) = sign(session, &stamp, body, current, rotating);
    shared.lock().security.last_answer = Some((headers.clone(), body.clone()));
    Reply::Signed {
        status,
        headers,
        body,
    }
}

/// Who an answer says it is for, and when: what is signed and encrypted besides the body.
struct Stamp<'a> {
    tamper: Option<Tamper>,
    /// The unix time now.
    now: u64,
    /// `Wechatmp-TimeStamp`, also `_timestamp` and in the AAD.
    timestamp: String,
    /// `Wechatmp-Appid`, also signed and in the AAD.
    appid: &'a str,
    /// The encrypted `_appid`.
    plain_appid: &'a str,
}

impl<'a> Stamp<'a> {
    fn new(session: &'a Session, tamper: Option<Tamper>, now: u64) -> Self {
        let timestamp = match tamper {
            Some(Tamper::StaleTimestamp) => now - 600,
            _ => now,
        }
        .to_string();
        let appid = match tamper {
            Some(Tamper::WrongAppId) => OTHER_APPID,
            _ => session.appid.as_str(),
        };
        let plain_appid = match tamper {
            Some(Tamper::WrongPlaintextAppId) => OTHER_APPID,
            _ => appid,
        };
        Stamp {
            tamper,
            now,
            timestamp,
            appid,
            plain_appid,
        }
    }
}

/// The sealed body `{"iv","data","authtag"}` of the answer `value`; `None` if encryption
/// fails.
fn encrypt(session: &Session, stamp: &Stamp<'_>, value: Value) -> Option<Vec<u8>> {
    // `_n`, `_appid` and `_timestamp` first, then the answer's fields.
    let mut fields = Map::new();
    fields.insert("_n".into(), Value::from(nonce()));
    fields.insert("_appid".into(), Value::from(stamp.plain_appid));
    fields.insert(
        "_timestamp".into(),
        Value::from(stamp.timestamp.parse::<u64>().unwrap_or(0)),
    );
    if let Value::Object(answer) = value {
        fields.extend(answer);
    }
    let mut data = serde_json::to_vec(&Value::Object(fields)).unwrap_or_default();
    let aad = format!(
        "{}|{}|{}|{}",
        session.urlpath, stamp.appid, stamp.timestamp, session.security.key_number
    );
    let mut iv = [0u8; 12];
    OsRng.fill_bytes(&mut iv);
    let tag = session
        .security
        .cipher
        .encrypt_in_place_detached(Nonce::from_slice(&iv), aad.as_bytes(), &mut data)
        .ok()?;
    let mut tag: [u8; 16] = tag.into();
    match stamp.tamper {
        Some(Tamper::FlipIv) => iv[0] ^= 0x80,
        Some(Tamper::FlipAuthTag) => tag[0] ^= 0x80,
        Some(Tamper::FlipCiphertext) => data[0] ^= 0x80,
        _ => {}
    }
    let body = format!(
        r#"{{"iv":"{}","data":"{}","authtag":"{}"}}"#,
        STANDARD.encode(iv),
        STANDARD.encode(&data),
        STANDARD.encode(tag)
    );
    Some(body.into_bytes())
}

/// Signs `body` with the platform key `current` (and the previous one during a rotation):
/// the `Wechatmp-*` headers, and the body as sent.
fn sign(
    session: &Session,
    stamp: &Stamp<'_>,
    mut body: Vec<u8>,
    current: usize,
    rotating: bool,
) -> (Headers, Vec<u8>) {
    let message = signing_string(&session.urlpath, stamp.appid, &stamp.timestamp, &body);
    let sign = |key: &PlatformKey| {
        STANDARD.encode(key.signer.sign_with_rng(&mut OsRng, &message).to_bytes())
    };
    let key = platform_key(current);
    let mut signature = sign(key);
    let serial = match stamp.tamper {
        Some(Tamper::UnknownSerial) => "00000000000000000000000000000000".to_owned(),
        _ => key.number.clone(),
    };
    let mut headers = vec![
        ("Wechatmp-Appid", stamp.appid.to_owned()),
        ("Wechatmp-TimeStamp", stamp.timestamp.clone()),
        ("Wechatmp-Serial", serial),
    ];
    if rotating {
        let old = platform_key(current + 1);
        headers.push(("Wechatmp-Serial-Deprecated", old.number.clone()));
        headers.push(("Wechatmp-Signature-Deprecated", sign(old)));
    }
    match stamp.tamper {
        Some(Tamper::FlipBodyByte) => body[10] ^= 0x01,
        Some(Tamper::FlipSignature) => {
            let flipped = if signature.starts_with('A') { "B" } else { "A" };
            signature.replace_range(..1, flipped);
        }
        Some(Tamper::FlipTimestampHeader) => {
            headers[1].1 = (stamp.now + 1).to_string();
        }
        _ => {}
    }
    headers.push(("Wechatmp-Signature", signature));
    (headers, body)
}

/// A fresh `_n`: base64 of 16 random bytes.
fn nonce() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    STANDARD_NO_PAD.encode(bytes)
}
