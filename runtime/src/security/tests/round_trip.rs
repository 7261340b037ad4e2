//! Round trips through our own sealing and opening, tampering, and what cannot be sealed.

use super::*;

/// A signer and verifier pair of our own: the official app key signs, its public key
/// verifies (standing in for a platform key pair).
fn own_pair() -> (AppKey, PlatformCertificate) {
    let app = AppKey::from_pem(APP_KEY_PEM, APP_KEY_SN.to_owned()).unwrap();
    let verifier = PlatformCertificate::from_public_key(app_public_key(), "own".to_owned());
    (app, verifier)
}

#[test]
fn request_round_trip() {
    let (app, _) = own_pair();
    let encoded = Encoded::json(&json!({"openid": "o1", "scene": 2, "content": "你好"}))
        .unwrap()
        .query_param("lang", "zh_CN")
        .query_param("access_token", "TOKEN");
    let n = nonce();
    let plain = plaintext(&encoded, APPID, REQ_TS, &n).unwrap();
    let text = String::from_utf8(plain.clone()).unwrap();
    assert!(
        text.starts_with(&format!(
            r#"{{"_n":"{n}","_appid":"{APPID}","_timestamp":{REQ_TS},"#
        )),
        "{text}"
    );
    assert!(!text.contains("TOKEN") && !text.contains("access_token"));

    let sealed = seal(&symmetric(), &app, APPID, URLPATH, REQ_TS, plain.clone()).unwrap();
    // The body is exactly {"iv","data","authtag"}.
    let body: Value = serde_json::from_slice(&sealed.body).unwrap();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3);
    for key in ["iv", "data", "authtag"] {
        assert!(keys.contains(&key));
    }
    assert_eq!(B64.decode(body["iv"].as_str().unwrap()).unwrap().len(), 12);
    assert_eq!(
        B64.decode(body["authtag"].as_str().unwrap()).unwrap().len(),
        16
    );
    // What the server does: verify with the app public key, decrypt with the request AAD.
    let message = signing_string(URLPATH, APPID, REQ_TS, &sealed.body);
    assert!(verify_with(app_public_key(), &message, &sealed.signature));
    let aad = aad(URLPATH, APPID, REQ_TS, KEY_SN);
    let opened = decrypt(&symmetric(), &aad, &sealed.body).unwrap();
    assert_eq!(opened, plain);
    let value: Value = serde_json::from_slice(&opened).unwrap();
    assert_eq!(value["lang"], "zh_CN");
    assert_eq!(value["content"], "你好");
    assert_eq!(value["scene"], 2);
    // PSS is randomized and the IV fresh: sealing again gives other bytes.
    let again = seal(&symmetric(), &app, APPID, URLPATH, REQ_TS, plain).unwrap();
    assert_ne!(again.body, sealed.body);
    assert_ne!(again.signature, sealed.signature);
}

#[test]
fn response_round_trip_and_tampering() {
    let (signer, verifier) = own_pair();
    let certs = [verifier];
    let now = 1_700_000_000;
    // A response as the platform would build it (the opener does not care who signed).
    let respond = |plain: &str, timestamp: i64, tweak: &dyn Fn(&mut Vec<u8>)| {
        let mut sealed = seal(
            &symmetric(),
            &signer,
            APPID,
            URLPATH,
            timestamp,
            plain.into(),
        )
        .unwrap();
        let mut body = sealed.body.to_vec();
        tweak(&mut body);
        // Re-signed after the tweak: only the encryption is wrong.
        let message = signing_string(URLPATH, APPID, timestamp, &body);
        sealed.signature = B64.encode(signer.sign(&message).unwrap());
        let headers = ResponseHeaders {
            appid: Some(APPID.into()),
            timestamp: Some(timestamp.to_string()),
            serial: Some("own".into()),
            signature: Some(sealed.signature),
            ..ResponseHeaders::default()
        };
        (headers, body)
    };
    let good = format!(
        r#"{{"_n":"abc","_appid":"{APPID}","_timestamp":{now},"errcode":0,"errmsg":"ok","x":1}}"#
    );
    let (headers, body) = respond(&good, now, &|_| {});
    assert_eq!(
        open_with(&certs, now, &headers, &body).unwrap(),
        json!({"errcode": 0, "errmsg": "ok", "x": 1})
    );

    // IV, tag and data tampered before signing: the signature holds, decryption fails.
    let field_flip = |field: &'static str| {
        move |body: &mut Vec<u8>| {
            let mut value: Value = serde_json::from_slice(body).unwrap();
            let mut bytes = B64.decode(value[field].as_str().unwrap()).unwrap();
            bytes[0] ^= 0x80;
            value[field] = Value::from(B64.encode(bytes));
            *body = serde_json::to_vec(&value).unwrap();
        }
    };
    for field in ["iv", "authtag", "data"] {
        let (headers, body) = respond(&good, now, &field_flip(field));
        assert_eq!(
            open_with(&certs, now, &headers, &body),
            Err(SecurityError::Decrypt),
            "{field}"
        );
    }
    // A plaintext for another app, or another time.
    let other_app = good.replace(APPID, "wx0000000000000000");
    let (headers, body) = respond(&other_app, now, &|_| {});
    assert_eq!(
        open_with(&certs, now, &headers, &body),
        Err(SecurityError::PlaintextMismatch("_appid"))
    );
    let other_time = good.replace(&now.to_string(), &(now - 1).to_string());
    let (headers, body) = respond(&other_time, now, &|_| {});
    assert_eq!(
        open_with(&certs, now, &headers, &body),
        Err(SecurityError::PlaintextMismatch("_timestamp"))
    );
    // Not a sealed body at all.
    let (headers, body) = respond(&good, now, &|body| *body = br#"{"errcode":0}"#.to_vec());
    assert!(matches!(
        open_with(&certs, now, &headers, &body),
        Err(SecurityError::MalformedBody(_))
    ));
}

#[test]
fn requests_that_cannot_be_sealed() {
    let file = File::new(b"GIF89a".to_vec(), "a.gif", "image/gif");
    let multipart = Encoded::multipart().file("media", &file);
    assert!(matches!(
        plaintext(&multipart, APPID, 1, "n"),
        Err(SecurityError::UnsupportedRequest(_))
    ));
    let binary = Encoded::binary(b"x".to_vec(), "application/octet-stream");
    assert!(matches!(
        plaintext(&binary, APPID, 1, "n"),
        Err(SecurityError::UnsupportedRequest(_))
    ));
    let array = Encoded::json(&json!([1, 2])).unwrap();
    assert!(matches!(
        plaintext(&array, APPID, 1, "n"),
        Err(SecurityError::UnsupportedRequest(_))
    ));
    let reserved = Encoded::json(&json!({"_n": "mine"})).unwrap();
    assert!(matches!(
        plaintext(&reserved, APPID, 1, "n"),
        Err(SecurityError::UnsupportedRequest(_))
    ));
    // A query-only request (GET) becomes a plaintext of its parameters.
    let query = Encoded::empty().query_param("openid", "o1");
    let text = String::from_utf8(plaintext(&query, APPID, 7, "n").unwrap()).unwrap();
    assert_eq!(
        text,
        r#"{"_n":"n","_appid":"wxba6223c06417af7b","_timestamp":7,"openid":"o1"}"#
    );
}

#[test]
fn nonces_are_16_to_32_random_bytes() {
    let mut lengths = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let n = nonce();
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(&n)
            .unwrap();
        assert!((16..=32).contains(&bytes.len()), "{n}");
        lengths.insert(bytes.len());
    }
    assert!(lengths.len() > 3, "lengths vary: {lengths:?}");
    assert_ne!(nonce(), nonce());
}

#[test]
fn key_errors_and_debug_never_show_keys() {
    let security = ApiSecurity::new(KEY, KEY_SN)
        .unwrap()
        .app_private_key_pem(APP_KEY_PEM, APP_KEY_SN)
        .unwrap()
        .platform_certificate_pem(CERT_PEM, CERT_SN)
        .unwrap();
    let debug = format!("{security:?} {security:#?}");
    assert!(debug.contains(KEY_SN) && debug.contains(APP_KEY_SN) && debug.contains(CERT_SN));
    let pem_line = APP_KEY_PEM.lines().nth(1).unwrap();
    for secret in [KEY, &KEY[..12], pem_line, &pem_line[..16], "PRIVATE"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    let runtime = Security::new(security.clone(), Some(APPID)).unwrap();
    assert!(!format!("{runtime:?}").contains(&KEY[..12]));

    let errors = [
        ApiSecurity::new("not base64!", KEY_SN).unwrap_err(),
        ApiSecurity::new(&KEY[..20], KEY_SN).unwrap_err(),
        ApiSecurity::new("AAAA", KEY_SN).unwrap_err(),
        ApiSecurity::new(KEY, "").unwrap_err(),
        ApiSecurity::new(KEY, KEY_SN)
            .unwrap()
            .app_private_key_pem(&APP_KEY_PEM[..400], APP_KEY_SN)
            .unwrap_err(),
        ApiSecurity::new(KEY, KEY_SN)
            .unwrap()
            .platform_certificate_pem(APP_KEY_PEM, CERT_SN)
            .unwrap_err(),
    ];
    for error in &errors {
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains(&KEY[..12]) && !text.contains(pem_line),
            "{text}"
        );
    }
    assert!(matches!(errors[0], KeyError::SymmetricKey(_)));
    assert!(matches!(errors[2], KeyError::SymmetricKey(_)));
    assert!(matches!(errors[3], KeyError::Number(_)));
    assert!(matches!(errors[4], KeyError::AppPrivateKey(_)));
    assert!(matches!(errors[5], KeyError::PlatformCertificate(_)));

    // Incomplete configurations are refused when the client is built.
    let bare = ApiSecurity::new(KEY, KEY_SN).unwrap();
    assert!(Security::new(bare.clone(), Some(APPID)).is_err());
    let no_cert = bare.app_private_key_pem(APP_KEY_PEM, APP_KEY_SN).unwrap();
    assert!(Security::new(no_cert, Some(APPID)).is_err());
    assert!(Security::new(security, None).is_err());
}
