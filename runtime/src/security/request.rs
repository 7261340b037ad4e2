//! Sealing a request: the plaintext JSON, AES-256-GCM encryption, the
//! `{"iv","data","authtag"}` body and its RSA-PSS signature.

use bytes::Bytes;
use rand_core::{OsRng, RngCore};
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::RequestBuilder;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::SecurityError;
use super::keys::{AppKey, SymmetricKey, IV_LEN};
use super::{B64, HEADER_APPID, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use crate::codegen::Encoded;
use base64::Engine as _;

/// Fields the mode adds to every plaintext; a request must not have its own.
const RESERVED: [&str; 3] = ["_n", "_appid", "_timestamp"];

/// The wire form of an encrypted message, request or response.
#[derive(Serialize, Deserialize)]
pub(crate) struct SealedBody {
    pub(crate) iv: String,
    pub(crate) data: String,
    pub(crate) authtag: String,
}

/// A request ready to send: the encrypted body and the headers that sign it.
#[derive(Debug, Clone)]
pub(crate) struct Sealed {
    /// The URL without query that went into the additional data and the signature.
    pub(crate) urlpath: String,
    /// The request timestamp (unix seconds).
    pub(crate) timestamp: i64,
    /// The exact body bytes that were signed.
    pub(crate) body: Bytes,
    /// The base64 signature.
    pub(crate) signature: String,
}

impl Sealed {
    /// Attaches the body and the `Wechatmp-*` headers to `request`.
    ///
    /// No `Wechatmp-Serial` header is sent: the official example request has none, and the
    /// application key number is not part of the signed string (a client that added both got
    /// 40234). WeChat finds the application's public key from the app id.
    pub(crate) fn apply(&self, request: RequestBuilder, app_id: &str) -> RequestBuilder {
        request
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(HEADER_APPID, app_id)
            .header(HEADER_TIMESTAMP, self.timestamp.to_string())
            .header(HEADER_SIGNATURE, self.signature.as_str())
            .body(self.body.clone())
    }
}

/// `urlpath|appid|timestamp|sn`: the additional data of the encryption.
pub(crate) fn aad(urlpath: &str, app_id: &str, timestamp: i64, key_number: &str) -> Vec<u8> {
    format!("{urlpath}|{app_id}|{timestamp}|{key_number}").into_bytes()
}

/// `urlpath\nappid\ntimestamp\nbody`: the string that is signed, without a final newline.
pub(crate) fn signing_string(urlpath: &str, app_id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{urlpath}\n{app_id}\n{timestamp}\n").into_bytes();
    message.extend_from_slice(body);
    message
}

/// A fresh `_n`: the base64 (unpadded) of 16 to 32 random bytes, of varying length.
pub(crate) fn nonce() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let len = 16 + usize::from(bytes[0] % 17);
    OsRng.fill_bytes(&mut bytes[..len]);
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes[..len])
}

/// The plaintext of a request: `_n`, `_appid`, `_timestamp`, then every query parameter
/// (as a string) and every field of the JSON body, without `access_token`.
pub(crate) fn plaintext(
    encoded: &Encoded,
    app_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<Vec<u8>, SecurityError> {
    let mut fields = match encoded.content_type() {
        None => Map::new(),
        Some("application/json") => {
            match serde_json::from_slice(encoded.body_bytes().unwrap_or_default()) {
                Ok(Value::Object(fields)) => fields,
                _ => {
                    return Err(SecurityError::UnsupportedRequest(
                        "the JSON body is not an object",
                    ))
                }
            }
        }
        Some(_) => {
            return Err(SecurityError::UnsupportedRequest(
                "multipart and binary bodies cannot be encrypted (资源上传类API暂不支持加密)",
            ))
        }
    };
    for (name, value) in encoded.query_pairs() {
        if name == "access_token" {
            continue;
        }
        if fields
            .insert(name.to_owned(), Value::String(value.to_owned()))
            .is_some()
        {
            return Err(SecurityError::UnsupportedRequest(
                "a query parameter and a body field have the same name",
            ));
        }
    }
    if RESERVED.iter().any(|name| fields.contains_key(*name)) {
        return Err(SecurityError::UnsupportedRequest(
            "the request has a field named _n, _appid or _timestamp",
        ));
    }
    // Written by hand so that the added fields come first whatever serde_json's map order.
    let mut out = Vec::with_capacity(encoded.body_bytes().map_or(0, <[u8]>::len) + 128);
    let mut write = |key: &str, value: &Value| {
        out.push(if out.is_empty() { b'{' } else { b',' });
        // Serializing strings and JSON values into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, value);
    };
    write("_n", &Value::from(nonce));
    write("_appid", &Value::from(app_id));
    write("_timestamp", &Value::from(timestamp));
    for (key, value) in &fields {
        write(key, value);
    }
    out.push(b'}');
    Ok(out)
}

/// Encrypts `plaintext` with a random IV and signs the resulting body.
pub(crate) fn seal(
    symmetric: &SymmetricKey,
    app_key: &AppKey,
    app_id: &str,
    urlpath: &str,
    timestamp: i64,
    plaintext: Vec<u8>,
) -> Result<Sealed, SecurityError> {
    let mut iv = [0u8; IV_LEN];
    OsRng.fill_bytes(&mut iv);
    let aad = aad(urlpath, app_id, timestamp, symmetric.number());
    let mut data = plaintext;
    let tag = symmetric
        .encrypt(&iv, &aad, &mut data)
        .ok_or(SecurityError::Seal("encryption failed"))?;
    let body = serde_json::to_vec(&SealedBody {
        iv: B64.encode(iv),
        data: B64.encode(&data),
        authtag: B64.encode(tag),
    })
    .map_err(|_| SecurityError::Seal("the body could not be serialized"))?;
    let signature = app_key
        .sign(&signing_string(urlpath, app_id, timestamp, &body))
        .ok_or(SecurityError::Seal("signing failed"))?;
    Ok(Sealed {
        urlpath: urlpath.to_owned(),
        timestamp,
        body: body.into(),
        signature: B64.encode(signature),
    })
}
