//! One `curl` command per endpoint of a spec, valid for the mock: the first request example
//! (or the required fields with plain values), with the credentials its `auth` asks for and
//! the body its kind needs. `wxapi-mock --print-curl URL` prints them, and
//! `scripts/mock-curl.sh` runs them against a running mock.

use serde_json::{Map, Value};
use wxapi_codegen::model::{
    AuthKind, BodyKind, Endpoint, Field, FieldIn, HttpMethod, Model, Ty, TypeKind,
};

use super::answer::{plain, required_fields};

/// The file the commands upload: the script writes a small PNG there.
pub const SAMPLE_FILE: &str = "/tmp/wxapi-mock-sample.png";

/// `(endpoint id, command)` for every endpoint of `model`, against `base_url`, with
/// `ACCESS_TOKEN` where a token goes (the caller fetches one first) and `appid`/`secret`
/// for the endpoints that send the app's credentials.
pub fn curl_commands(
    model: &Model,
    base_url: &str,
    appid: &str,
    secret: &str,
) -> Vec<(String, String)> {
    model
        .endpoints
        .iter()
        .map(|e| (e.id.clone(), command(model, e, base_url, (appid, secret))))
        .collect()
}

fn command(model: &Model, e: &Endpoint, base_url: &str, app: (&str, &str)) -> String {
    let input = request(model, e);
    let mut query: Vec<(String, String)> = match &e.auth {
        AuthKind::AccessToken => vec![("access_token".into(), "ACCESS_TOKEN".into())],
        AuthKind::AppSecret { appid, secret } => {
            vec![
                (appid.clone(), app.0.to_owned()),
                (secret.clone(), app.1.to_owned()),
            ]
        }
        AuthKind::None => Vec::new(),
    };
    if e.signature.is_some() {
        query.push(("signature".into(), "0".repeat(64)));
        query.push(("sig_method".into(), "hmac_sha256".into()));
    }
    let mut args = Vec::new();
    let mut body = Map::new();
    for (wire, value) in input {
        let field = e
            .request
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .or_else(|| alternative(model, e, &wire));
        match field.map(|f| (f.location, &f.ty)) {
            Some((FieldIn::Query, _)) => query.push((wire, text(&value))),
            Some((FieldIn::SigningKey, _)) => {}
            Some((FieldIn::Body, ty)) if e.body == BodyKind::Multipart => {
                args.push(part(&wire, ty, &value))
            }
            _ => {
                body.insert(wire, value);
            }
        }
    }
    match e.body {
        BodyKind::Json => {
            args.push("-H 'Content-Type: application/json'".into());
            args.push(format!(
                "--data-binary {}",
                quote(&Value::Object(body).to_string())
            ));
        }
        BodyKind::Binary => {
            args.push("-H 'Content-Type: application/octet-stream'".into());
            args.push(format!("--data-binary @{SAMPLE_FILE}"));
        }
        BodyKind::None | BodyKind::Multipart => {}
    }
    let method = match e.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    };
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let url = if query.is_empty() {
        format!("{base_url}{}", e.path)
    } else {
        format!("{base_url}{}?{}", e.path, query.join("&"))
    };
    format!("curl -sS -X {method} {} {}", quote(&url), args.join(" "))
        .trim_end()
        .to_owned()
}

/// The fields to send: the first request example, else the required fields (a `one_of`
/// as its first alternative, a file as the sample file).
fn request(model: &Model, e: &Endpoint) -> Vec<(String, Value)> {
    if let Some(Value::Object(example)) = e.examples.iter().find_map(|x| x.input.as_ref()) {
        return example.clone().into_iter().collect();
    }
    let mut out = Vec::new();
    for f in e
        .request
        .fields
        .iter()
        .filter(|f| f.required || f.constant.is_some())
    {
        match one_of(model, f) {
            Some(first) => out.push((first.wire.clone(), plain(model, &first.ty, 0))),
            None => {
                let mut object = Map::new();
                required_fields(model, std::slice::from_ref(f), &mut object, 0);
                out.extend(object);
            }
        }
    }
    out
}

/// The `one_of` alternative called `wire` among the request's fields.
fn alternative<'a>(model: &'a Model, e: &Endpoint, wire: &str) -> Option<&'a Field> {
    e.request.fields.iter().find_map(|f| {
        let Ty::Named(r) = &f.ty else { return None };
        match &model.find_type(&r.name)?.kind {
            TypeKind::OneOf { variants } => variants.iter().find(|v| v.wire == wire),
            _ => None,
        }
    })
}

fn one_of<'a>(model: &'a Model, f: &Field) -> Option<&'a Field> {
    let Ty::Named(r) = &f.ty else { return None };
    match &model.find_type(&r.name)?.kind {
        TypeKind::OneOf { variants } => variants.first(),
        _ => None,
    }
}

/// A `-F` argument: a file part for files, a text part (JSON text for JSON) otherwise.
fn part(wire: &str, ty: &Ty, value: &Value) -> String {
    match ty {
        Ty::File | Ty::Bytes => format!(
            "-F {}",
            quote(&format!("{wire}=@{SAMPLE_FILE};type=image/png"))
        ),
        _ => format!("-F {}", quote(&format!("{wire}={}", text(value)))),
    }
}

/// A value as query or form text: strings as they are, the rest as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes what a query value can't hold as is.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Single-quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_encoding() {
        assert_eq!(quote("a'b"), r"'a'\''b'");
        assert_eq!(encode("a b/中"), "a%20b%2F%E4%B8%AD");
        assert_eq!(text(&serde_json::json!(3)), "3");
    }
}
