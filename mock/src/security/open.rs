//! Opening a sealed request: the checks in the order of the module's table, then the
//! decrypted fields as the request the endpoint sees.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rsa::pss::Signature;
use rsa::signature::Verifier;
use serde_json::Value;

use super::{
    plain_error, unix_now, Session, APPID_TOKEN_MISMATCH, EXPIRED_TIMESTAMP, INVALID_APPID,
    INVALID_ENCRYPT, INVALID_SIGNATURE, MAX_SKEW, MISSING_APPID, MISSING_SIGNATURE,
    MISSING_TIMESTAMP, NO_PUBLIC_KEY, NO_SYMMETRIC_KEY,
};
use crate::envelope::Reply;
use crate::handlers;
use crate::request::ReceivedRequest;
use crate::state::Shared;

pub(super) fn open(
    shared: &Shared,
    req: &ReceivedRequest,
) -> Result<(Session, ReceivedRequest), Reply> {
    let appid = req
        .header("Wechatmp-Appid")
        .ok_or_else(|| plain_error(MISSING_APPID))?;
    let timestamp = req
        .header("Wechatmp-TimeStamp")
        .ok_or_else(|| plain_error(MISSING_TIMESTAMP))?;
    let signature = req
        .header("Wechatmp-Signature")
        .ok_or_else(|| plain_error(MISSING_SIGNATURE))?;
    let security = shared
        .lock()
        .security
        .apps
        .get(appid)
        .cloned()
        .ok_or_else(|| plain_error(NO_SYMMETRIC_KEY))?;
    let public_key = security
        .app_public_key
        .clone()
        .ok_or_else(|| plain_error(NO_PUBLIC_KEY))?;
    let ts: u64 = timestamp
        .parse()
        .map_err(|_| plain_error(EXPIRED_TIMESTAMP))?;
    if unix_now(shared).abs_diff(ts) > MAX_SKEW {
        return Err(plain_error(EXPIRED_TIMESTAMP));
    }
    let urlpath = format!(
        "http://{}{}",
        req.header("host").unwrap_or_default(),
        req.path
    );
    let message = signing_string(&urlpath, appid, timestamp, &req.body);
    let verified = STANDARD
        .decode(signature)
        .ok()
        .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
        .is_some_and(|signature| public_key.verify(&message, &signature).is_ok());
    if !verified {
        return Err(plain_error(INVALID_SIGNATURE));
    }
    let aad = format!("{urlpath}|{appid}|{timestamp}|{}", security.key_number);
    let plaintext = decrypt(&security.cipher, aad.as_bytes(), &req.body)
        .ok_or_else(|| plain_error(INVALID_ENCRYPT))?;
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(&plaintext) else {
        return Err(plain_error(INVALID_ENCRYPT));
    };
    if fields.remove("_appid").as_ref().and_then(Value::as_str) != Some(appid) {
        return Err(plain_error(INVALID_APPID));
    }
    if fields.remove("_timestamp").as_ref().and_then(Value::as_u64) != Some(ts) {
        return Err(plain_error(INVALID_ENCRYPT));
    }
    if let Ok(owner) = handlers::authenticate(shared, req) {
        if owner != appid {
            return Err(plain_error(APPID_TOKEN_MISMATCH));
        }
    }
    shared
        .lock()
        .security
        .plaintexts
        .push(serde_json::from_slice(&plaintext).unwrap_or(Value::Null));
    fields.remove("_n");
    let mut plain = req.clone();
    plain.body = serde_json::to_vec(&Value::Object(fields)).unwrap_or_default();
    Ok((
        Session {
            appid: appid.to_owned(),
            urlpath,
            security,
        },
        plain,
    ))
}

pub(super) fn signing_string(urlpath: &str, appid: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{urlpath}\n{appid}\n{timestamp}\n").into_bytes();
    message.extend_from_slice(body);
    message
}

fn decrypt(cipher: &Aes256Gcm, aad: &[u8], body: &[u8]) -> Option<Vec<u8>> {
    let body: Value = serde_json::from_slice(body).ok()?;
    let field = |name: &str| STANDARD.decode(body.get(name)?.as_str()?).ok();
    let iv = field("iv")?;
    let tag = field("authtag")?;
    let mut data = field("data")?;
    if iv.len() != 12 || tag.len() != 16 {
        return None;
    }
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(&iv),
            aad,
            &mut data,
            Tag::from_slice(&tag),
        )
        .ok()?;
    Some(data)
}
