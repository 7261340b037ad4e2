//! How a call authenticates. The access token and the app id + secret are query
//! parameters, which OpenAPI's `apiKey` schemes describe exactly; the session-key signature
//! and API security mode are computed over each request, which no scheme describes, so they
//! are extensions (and the signature's query parameters are listed as parameters).

use serde_json::Value;

use super::json::Obj;
use crate::model::{AuthKind, Endpoint, FieldIn, SignatureKind};

/// The scheme of the access token.
const ACCESS_TOKEN: &str = "access_token";

/// A security scheme's name and definition.
pub(super) type Scheme = (String, Value);

fn api_key(name: &str, description: &str) -> Value {
    Obj::new()
        .put("type", "apiKey")
        .put("in", "query")
        .put("name", name)
        .put("description", description)
        .into()
}

/// The schemes an endpoint's auth names (none for `auth: none`).
pub(super) fn schemes(auth: &AuthKind) -> Vec<Scheme> {
    match auth {
        AuthKind::None => Vec::new(),
        AuthKind::AccessToken => vec![(
            ACCESS_TOKEN.to_owned(),
            api_key(
                "access_token",
                "The interface call credential, from `/cgi-bin/token` or \
                 `/cgi-bin/stable_token`. The codes with `refreshToken: true` in \
                 `x-wxapi-errors` mean it must be fetched again.",
            ),
        )],
        AuthKind::AppSecret { appid, secret } => vec![
            (
                format!("app_id.{appid}"),
                api_key(
                    appid,
                    "The mini program's app id, sent with its app secret.",
                ),
            ),
            (
                format!("app_secret.{secret}"),
                api_key(
                    secret,
                    "The mini program's app secret (AppSecret), in the query: keep it out of \
                     logs.",
                ),
            ),
        ],
    }
}

/// The operation's `security`: one requirement with every scheme of its auth (all of them
/// at once), or an empty list for a call without credentials.
pub(super) fn requirement(auth: &AuthKind) -> Vec<Value> {
    let names = schemes(auth);
    if names.is_empty() {
        return Vec::new();
    }
    let mut requirement = Obj::new();
    for (name, _) in names {
        requirement = requirement.put(&name, Vec::<Value>::new());
    }
    vec![requirement.into()]
}

/// The query parameters a signature adds to the call.
pub(super) fn signature_parameters(e: &Endpoint) -> Vec<Value> {
    match e.signature {
        None => Vec::new(),
        Some(SignatureKind::SessionKey) => vec![
            Obj::new()
                .put("name", "signature")
                .put("in", "query")
                .put("required", true)
                .put(
                    "description",
                    "Hex of HMAC-SHA256 keyed with the user's session key over the body \
                     bytes (the empty string when there is no body). The key itself is never \
                     sent.",
                )
                .put("schema", Obj::new().put("type", "string"))
                .into(),
            Obj::new()
                .put("name", "sig_method")
                .put("in", "query")
                .put("required", true)
                .put("description", "The signature's method.")
                .put(
                    "schema",
                    Obj::new().put("type", "string").put("const", "hmac_sha256"),
                )
                .into(),
        ],
    }
}

/// The extensions of what OpenAPI can't describe: the session-key signature (with the name
/// of the request's key, which is not sent) and API security mode.
pub(super) fn extensions(e: &Endpoint, ops: Obj) -> Obj {
    let signature = e.signature.map(|SignatureKind::SessionKey| {
        let key = e
            .request
            .fields
            .iter()
            .find(|f| f.location == FieldIn::SigningKey)
            .map(|f| f.wire.as_str());
        Obj::new()
            .put("scheme", "session_key")
            .put("algorithm", "hmac_sha256")
            .opt("key", key)
            .put(
                "description",
                "The client signs the body with the user's session key and sends the \
                 signature and `sig_method` in the query; the key is an input of the call, \
                 never on the wire.",
            )
    });
    let ops = ops.opt("x-wxapi-signature", signature);
    if e.security_mode {
        ops.put(
            "x-wxapi-security-mode",
            Obj::new().put("supported", true).put(
                "description",
                "Supports WeChat's API security mode (服务端 API 签名加密): with it on, the \
                 body is encrypted and the request and response signed. This document shows \
                 the plain bodies.",
            ),
        )
    } else {
        ops
    }
}
