//! The official worked example of the mode (keys, request, response) as test vectors;
//! round trips and tampering of our own are in `round_trip`.

mod round_trip;

use std::cell::Cell;

use base64::Engine as _;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pss::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::keys::{AppKey, PlatformCertificate, SymmetricKey};
use super::request::{aad, nonce, plaintext, seal, signing_string};
use super::response::{decrypt, unsigned, Opener, ReplayGuard, ResponseHeaders};
use super::*;
use crate::codegen::Encoded;
use crate::File;

const APPID: &str = "wxba6223c06417af7b";
const KEY: &str = "otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=";
const KEY_SN: &str = "fa05fe1e5bcc79b81ad5ad4b58acf787";
const APP_KEY_SN: &str = "97845f6ed842ea860df6fdf65941ff56";
const CERT_SN: &str = "79ba700ea147819f640941bceb38b1d1";
const APP_KEY_PEM: &str = include_str!("../testdata/official-app-key.pem");
const CERT_PEM: &str = include_str!("../testdata/official-platform-cert.pem");
const URLPATH: &str = "https://api.weixin.qq.com/wxa/getuserriskrank";

const REQ_TS: i64 = 1635927954;
const REQ_PLAINTEXT: &str = r#"{"_n":"o89QaPVsRu1yppIZzvSZc4","_appid":"wxba6223c06417af7b","_timestamp":1635927954,"appid":"wxba6223c06417af7b","openid":"oEWzBfmdLqhFS2mTXCo2E4Y9gJAM","scene":0,"client_ip":"127.0.0.1"}"#;
const REQ_BODY: &str = r#"{"iv":"fmW/zNxXlytUZBgj","data":"0IDVdrPtSPF/Oe2CTXCV2vVNPbVJdJlP2WaTMQnoYLh5iCrrSNfQFh25EnStDMf0hLlVNBCZQtf9NaV0m4aRA4AAYIO7oR/Ge+4yY4EmZp5EVPB42xjScgMx5X3D4VdLCfynXIUKUtZHZvk1zmLVE3RauzJgiM1BB1CPmwcENo3MTJ0z8Vfkf5tMv54kOXobDLlV5rfqKdAX7gM/rP82DgZdt9vvZX44ipdbHIjJvw83ZXAFtvftdVw2Qd8=","authtag":"5qeM/2vZv+6KtScN94IpMg=="}"#;
const REQ_SIGNATURE: &str = "wcSSWHZunjz9VKl9q+If9deiyECXDAELfAJNZ4+5T+NhFr8zfhkwdQtlgQ7nN5xs99R57La9UjBTRBGge2KYyshWtw7HIMPAqWNsnpHvx0b2f7s6Bt7OpfOQLlIfNgepgTVmUwrqW8/7A12szj7tCe/bRFilwnaX6N0w4duHlfL7ic7IIZXouvy9dLRAa5GtEk1eD/LPWRiKh0SvJ3znPY/pSiQW9zSkXVdj9UGGM8qcKLzPGJ7gSmt3ZOPkFapk9wqFmhJwQj//xN5+hUlr2UiNPMNSHve5Y2ADLsNHqk5t7RfAZ8nW9/8lzhVt4t+toy1FeehxCGIC8qgmjIl1hg==";

const RESP_TS: i64 = 1635927956;
const RESP_SIGNATURE: &str = "Ht0VfQkkEweJ4hU266C14Aj64H9AXfkwNi5zxUZETCvR2svU1ZYdosDhFX/voLj1TyszqKsVxAlENGt7PPZZ8RQX7jnA4SKhiPUhW4LTbyTenisHJ+ohSfDjYnXavjQsBHspFS+BlPHuSSJ2xyQzw1+HuC6nid09ZL4FnGSYo4OI5MJrSb9xLzIVZMIDuUQchGKi/KaB1KzxECLEZcfjqbAgmxC7qOmuBLyO1WkHYDM95NJrHJWba5xv4wrwPru9yYTJSNRnlM+zrW5w9pOubC4Jtj3szTAEuOz9AcqUmgaAvMLNAIa8hfODLRe3n/cu4SgYlN/ZkNRU4QXVNbPGMg==";
const RESP_SERIAL_DEPRECATED: &str = "2171af9cdf1d7404423852e7e183d852";
const RESP_SIGNATURE_DEPRECATED: &str = "ZP1OODikAOePc+YJUMLxunF6xV05kextO/T1fy5lWv/CwV6OCsPBRM2xRRCi+B4lYXbbfYDdjzCz5BIAWEwIdjMlg/IHcJVHhRNAlKt5A3zvzfaJa5IJQel7xuUEXk/B6KVyEb41PbzrptjUGqWyTFMrjxQ4ThJfCuYocnUng7OuDU95enMqK2hZpO8o7kFW638BAwKDSiFNEwEJDWYkLz0kEw7ma3keezm4YHYKfJmjChK39tmZld7Rw/yrV1U9RiL/DO5ayP9VmrQkT/vYrPKyqI4/xKrIaTq44jFYTPIJKdU2OnLt6kjqwp2hvCzMuJdjRcrvzhWJ2A8xZ5hI2w==";
const RESP_BODY: &str = r#"{"iv":"r2WDQt56rEAmMuoR","data":"HExs66Ik3el+iM4IpeQ7SMEN934FRLFYOd3EmeaIrpP4EPTHckoco6O+PaoRZRa3lqaPRZT7r52f7LUok6gLxc6cdR8C4vpIIfh4xfLC4L7FNy9GbuMK1hcoi8b7gkWJcwZMkuCFNEDmqn3T49oWzAQOrY4LZnnnykv6oUJotdAsnKvmoJkLK7hRh7M2B1d2UnTnRuoIyarXc5Iojwoghx4BOvnV","authtag":"z2BFD8QctKXTuBlhICGOjQ=="}"#;
const RESP_SIGNED_SHA256: &str = "f797cafd9e323df336fb427569fbe67e20d5bc96dd68a3f54d66b54e6e08bb27";
const RESP_PLAINTEXT: &str = r#"{"_n":"ShYZpqdVgY+yQVAxNSWhYg","_appid":"wxba6223c06417af7b","_timestamp":1635927956,"errcode":0,"errmsg":"getuserriskrank succ","risk_rank":0,"unoin_id":2258658297}"#;

fn symmetric() -> SymmetricKey {
    SymmetricKey::from_base64(KEY, KEY_SN.to_owned()).unwrap()
}

fn certificate() -> PlatformCertificate {
    PlatformCertificate::from_pem(CERT_PEM, CERT_SN.to_owned()).unwrap()
}

fn app_public_key() -> RsaPublicKey {
    RsaPrivateKey::from_pkcs1_pem(APP_KEY_PEM)
        .unwrap()
        .to_public_key()
}

fn verify_with(key: RsaPublicKey, message: &[u8], signature_b64: &str) -> bool {
    let signature = Signature::try_from(B64.decode(signature_b64).unwrap().as_slice()).unwrap();
    VerifyingKey::<Sha256>::new_with_salt_len(key, 32)
        .verify(message, &signature)
        .is_ok()
}

fn official_headers() -> ResponseHeaders {
    ResponseHeaders {
        appid: Some(APPID.into()),
        timestamp: Some(RESP_TS.to_string()),
        serial: Some(CERT_SN.into()),
        signature: Some(RESP_SIGNATURE.into()),
        serial_deprecated: Some(RESP_SERIAL_DEPRECATED.into()),
        signature_deprecated: Some(RESP_SIGNATURE_DEPRECATED.into()),
    }
}

/// Opens `body` as a response at `now`, holding `certificates`.
fn open_with(
    certificates: &[PlatformCertificate],
    now: i64,
    headers: &ResponseHeaders,
    body: &[u8],
) -> Result<Value, SecurityError> {
    let deprecated_used = Cell::new(false);
    let replays = ReplayGuard::default();
    let on_deprecated = |_: &str, _: &str| deprecated_used.set(true);
    let opened = Opener {
        symmetric: &symmetric(),
        certificates,
        app_id: APPID,
        now,
        max_skew: MAX_SKEW_SECS,
        replays: &replays,
        on_deprecated: &on_deprecated,
    }
    .open(URLPATH, 200, headers, body)?;
    Ok(serde_json::from_slice(&opened).unwrap())
}

#[test]
fn official_request_decrypts() {
    assert_eq!(REQ_BODY.len(), 324);
    let request_aad = aad(URLPATH, APPID, REQ_TS, KEY_SN);
    assert_eq!(
        String::from_utf8(request_aad.clone()).unwrap(),
        "https://api.weixin.qq.com/wxa/getuserriskrank|wxba6223c06417af7b|1635927954|fa05fe1e5bcc79b81ad5ad4b58acf787"
    );
    let plain = decrypt(&symmetric(), &request_aad, REQ_BODY.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(plain).unwrap(), REQ_PLAINTEXT);
    // The AAD binds the timestamp: the response's does not open the request.
    let wrong = aad(URLPATH, APPID, RESP_TS, KEY_SN);
    assert_eq!(
        decrypt(&symmetric(), &wrong, REQ_BODY.as_bytes()),
        Err(SecurityError::Decrypt)
    );
}

#[test]
fn official_request_signature_verifies_with_the_app_public_key() {
    let message = signing_string(URLPATH, APPID, REQ_TS, REQ_BODY.as_bytes());
    assert!(verify_with(app_public_key(), &message, REQ_SIGNATURE));
    let mut tampered = message.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert!(!verify_with(app_public_key(), &tampered, REQ_SIGNATURE));
}

#[test]
fn official_response_signing_string_hash() {
    assert_eq!(RESP_BODY.len(), 292);
    let message = signing_string(URLPATH, APPID, RESP_TS, RESP_BODY.as_bytes());
    let digest: String = Sha256::digest(&message)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(digest, RESP_SIGNED_SHA256);
    assert!(certificate().verify(&message, &B64.decode(RESP_SIGNATURE).unwrap()));
}

#[test]
fn official_response_opens() {
    let opened = open_with(
        &[certificate()],
        RESP_TS,
        &official_headers(),
        RESP_BODY.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        opened,
        json!({"errcode": 0, "errmsg": "getuserriskrank succ", "risk_rank": 0, "unoin_id": 2258658297u64})
    );
    // The raw decryption is the official plaintext, byte for byte.
    let aad = aad(URLPATH, APPID, RESP_TS, KEY_SN);
    let plain = decrypt(&symmetric(), &aad, RESP_BODY.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(plain).unwrap(), RESP_PLAINTEXT);
    // Four minutes later it is still fresh; six minutes later it is stale.
    assert!(open_with(
        &[certificate()],
        RESP_TS + 240,
        &official_headers(),
        RESP_BODY.as_bytes()
    )
    .is_ok());
    assert_eq!(
        open_with(
            &[certificate()],
            RESP_TS + 360,
            &official_headers(),
            RESP_BODY.as_bytes()
        ),
        Err(SecurityError::StaleTimestamp {
            timestamp: RESP_TS,
            now: RESP_TS + 360
        })
    );
}

#[test]
fn official_response_through_the_client_side_api() {
    // The public configuration, a fixed clock, and the official response.
    let security = ApiSecurity::new(KEY, KEY_SN)
        .unwrap()
        .app_private_key_pem(APP_KEY_PEM, APP_KEY_SN)
        .unwrap()
        .platform_certificate_pem(CERT_PEM, CERT_SN)
        .unwrap()
        .clock(|| RESP_TS);
    let security = Security::new(security, Some(APPID)).unwrap();
    let sealed = Sealed {
        urlpath: URLPATH.to_owned(),
        timestamp: REQ_TS,
        body: REQ_BODY.into(),
        signature: REQ_SIGNATURE.to_owned(),
    };
    let mut headers = HeaderMap::new();
    for (name, value) in [
        (HEADER_APPID, APPID),
        (HEADER_TIMESTAMP, "1635927956"),
        (HEADER_SERIAL, CERT_SN),
        (HEADER_SIGNATURE, RESP_SIGNATURE),
        (HEADER_SERIAL_DEPRECATED, RESP_SERIAL_DEPRECATED),
        (HEADER_SIGNATURE_DEPRECATED, RESP_SIGNATURE_DEPRECATED),
    ] {
        headers.insert(name, value.parse().unwrap());
    }
    let opened = security
        .open(&sealed, 200, &headers, RESP_BODY.as_bytes())
        .unwrap();
    let value: Value = serde_json::from_slice(&opened).unwrap();
    assert_eq!(value["errmsg"], "getuserriskrank succ");
    // The same response a second time is a replay.
    assert_eq!(
        security.open(&sealed, 200, &headers, RESP_BODY.as_bytes()),
        Err(SecurityError::Replayed)
    );
}

#[test]
fn deprecated_pair_is_used_when_only_the_old_certificate_is_held() {
    // We hold "the old certificate" (number 2171…); the official cert stands in for it, so
    // the deprecated signature (made with another key) does not verify: the pair was
    // chosen, and the answer still fails closed.
    let old = PlatformCertificate::from_pem(CERT_PEM, RESP_SERIAL_DEPRECATED.to_owned()).unwrap();
    let used = Cell::new(None);
    let replays = ReplayGuard::default();
    let on_deprecated = |new: &str, old: &str| used.set(Some((new.to_owned(), old.to_owned())));
    let result = Opener {
        symmetric: &symmetric(),
        certificates: &[old],
        app_id: APPID,
        now: RESP_TS,
        max_skew: MAX_SKEW_SECS,
        replays: &replays,
        on_deprecated: &on_deprecated,
    }
    .open(URLPATH, 200, &official_headers(), RESP_BODY.as_bytes());
    assert_eq!(result, Err(SecurityError::BadSignature));
    assert_eq!(
        used.take(),
        Some((CERT_SN.to_owned(), RESP_SERIAL_DEPRECATED.to_owned()))
    );
    // Holding both, the current one is chosen and verifies.
    let both = [
        PlatformCertificate::from_pem(CERT_PEM, RESP_SERIAL_DEPRECATED.to_owned()).unwrap(),
        certificate(),
    ];
    assert!(open_with(&both, RESP_TS, &official_headers(), RESP_BODY.as_bytes()).is_ok());
}

#[test]
fn tampered_official_responses_fail_closed() {
    let certs = [certificate()];
    let body = RESP_BODY.as_bytes();
    let open = |headers: &ResponseHeaders, body: &[u8]| open_with(&certs, RESP_TS, headers, body);

    let mut flipped = body.to_vec();
    flipped[40] ^= 0x01;
    assert_eq!(
        open(&official_headers(), &flipped),
        Err(SecurityError::BadSignature)
    );

    let mut headers = official_headers();
    headers.signature = Some(RESP_SIGNATURE.replacen("Ht0", "Jt0", 1));
    assert_eq!(open(&headers, body), Err(SecurityError::BadSignature));

    let mut headers = official_headers();
    headers.timestamp = Some((RESP_TS - 1).to_string());
    assert_eq!(open(&headers, body), Err(SecurityError::BadSignature));

    let mut headers = official_headers();
    headers.appid = Some("wx0000000000000000".into());
    assert!(matches!(
        open(&headers, body),
        Err(SecurityError::AppIdMismatch { .. })
    ));

    let mut headers = official_headers();
    headers.serial = Some("0000".into());
    headers.serial_deprecated = None;
    headers.signature_deprecated = None;
    assert_eq!(
        open(&headers, body),
        Err(SecurityError::UnknownCertificate {
            serial: "0000".into(),
            deprecated: None
        })
    );

    for (strip, name) in [
        (0, HEADER_APPID),
        (1, HEADER_TIMESTAMP),
        (2, HEADER_SERIAL),
        (3, HEADER_SIGNATURE),
    ] {
        let mut headers = official_headers();
        match strip {
            0 => headers.appid = None,
            1 => headers.timestamp = None,
            2 => headers.serial = None,
            _ => headers.signature = None,
        }
        assert_eq!(
            open(&headers, body),
            Err(SecurityError::MissingHeader(name))
        );
    }

    let mut headers = official_headers();
    headers.timestamp = Some("soon".into());
    assert_eq!(
        open(&headers, body),
        Err(SecurityError::MalformedHeader(HEADER_TIMESTAMP))
    );
}

#[test]
fn unsigned_answers() {
    let error = br#"{"errcode":40234,"errmsg":"API_Invalid_Signature"}"#;
    assert_eq!(unsigned(200, error).unwrap(), error.to_vec());
    assert_eq!(
        unsigned(200, br#"{"errcode":"40240","errmsg":"x"}"#).map(|_| ()),
        Ok(())
    );
    assert_eq!(
        unsigned(
            200,
            br#"{"errcode":0,"errmsg":"ok","result":{"suggest":"pass"}}"#
        ),
        Err(SecurityError::Unsigned {
            status: 200,
            errcode: Some(0)
        })
    );
    assert_eq!(
        unsigned(200, br#"{"errcode":40001,"errmsg":"invalid credential"}"#),
        Err(SecurityError::Unsigned {
            status: 200,
            errcode: Some(40001)
        })
    );
    assert_eq!(
        unsigned(502, b"<html>bad gateway</html>"),
        Err(SecurityError::Unsigned {
            status: 502,
            errcode: None
        })
    );
    // Through the opener: no signature header at all.
    let result = open_with(
        &[certificate()],
        RESP_TS,
        &ResponseHeaders::default(),
        error,
    );
    assert_eq!(result.unwrap()["errcode"], 40234);
}
