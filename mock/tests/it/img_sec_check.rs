//! `POST /wxa/img_sec_check`.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use wxapi_mock::{
    codes, ErrcodeStyle, MockServer, DEFAULT_RISKY_IMAGE_MARKER, IMG_SEC_CHECK_MAX_BYTES,
};

use crate::common::*;

const IMG_SEC_CHECK: &str = "/wxa/img_sec_check";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes";

fn media(bytes: &[u8], name: &str) -> Form {
    let part = Part::bytes(bytes.to_vec())
        .file_name("test.png")
        .mime_str("image/png")
        .expect("mime");
    Form::new().part(name.to_owned(), part)
}

async fn upload(http: &reqwest::Client, url: &str, form: Form) -> Value {
    json_of(http.post(url).multipart(form).send().await.expect("POST")).await
}

#[tokio::test]
async fn a_media_part_passes_and_is_recorded() {
    let (server, http, url) = setup(IMG_SEC_CHECK, MockServer::builder()).await;
    let body = upload(&http, &url, media(PNG, "media")).await;
    assert_eq!(body, json!({"errcode": 0, "errmsg": "ok"}));
    let media = server.last_media().expect("recorded");
    assert_eq!(media.filename, "test.png");
    assert_eq!(media.content_type.as_deref(), Some("image/png"));
    assert_eq!(media.len, PNG.len());
    assert_eq!(media.data, PNG);
}

#[tokio::test]
async fn risky_markers_answer_87014() {
    let (_server, http, url) = setup(
        IMG_SEC_CHECK,
        MockServer::builder().risky_image_marker("NSFW"),
    )
    .await;
    let custom = [PNG, b"..NSFW.."].concat();
    assert_error(
        &upload(&http, &url, media(&custom, "media")).await,
        codes::RISKY_CONTENT,
    );
    let default = [PNG, DEFAULT_RISKY_IMAGE_MARKER].concat();
    assert_error(
        &upload(&http, &url, media(&default, "media")).await,
        codes::RISKY_CONTENT,
    );
}

#[tokio::test]
async fn without_a_media_file_it_is_41005() {
    let (server, http, url) = setup(IMG_SEC_CHECK, MockServer::builder()).await;
    let missing = |body: &Value| {
        assert_error(body, codes::MEDIA_DATA_MISSING);
        assert!(body["errmsg"]
            .as_str()
            .is_some_and(|m| m.starts_with("media data missing rid: ")));
    };
    missing(&upload(&http, &url, media(PNG, "file")).await);
    missing(
        &upload(
            &http,
            &url,
            Form::new().text("media", "http://example.invalid/a.png"),
        )
        .await,
    );
    missing(&post(&http, &url, PNG.to_vec()).await);
    let octet = http
        .post(&url)
        .header("content-type", "application/octet-stream")
        .body(PNG.to_vec())
        .send()
        .await
        .expect("POST");
    missing(&json_of(octet).await);
    let broken = http
        .post(&url)
        .header("content-type", "multipart/form-data; boundary=zzz")
        .body("--zzz\r\ngarbage")
        .send()
        .await
        .expect("POST");
    missing(&json_of(broken).await);
    assert_eq!(server.last_media(), None);
}

#[tokio::test]
async fn empty_file_method_and_token_errors() {
    let (server, http, url) = setup(
        IMG_SEC_CHECK,
        MockServer::builder().img_sec_check_errcode(ErrcodeStyle::String),
    )
    .await;
    assert_error(
        &upload(&http, &url, media(b"", "media")).await,
        codes::EMPTY_MEDIA_DATA,
    );
    assert_error(&get(&http, &url).await, codes::REQUIRE_POST);
    let no_token = server.url("/wxa/img_sec_check");
    assert_error(
        &upload(&http, &no_token, media(PNG, "media")).await,
        codes::ACCESS_TOKEN_MISSING,
    );
    assert_eq!(
        upload(&http, &url, media(PNG, "media")).await["errcode"],
        "0"
    );
}

#[tokio::test]
async fn a_file_over_1_mib_is_an_invalid_media_size() {
    let (server, http, url) = setup(IMG_SEC_CHECK, MockServer::builder()).await;
    let mut big = PNG.to_vec();
    big.resize(IMG_SEC_CHECK_MAX_BYTES + 1, 0);
    let body = upload(&http, &url, media(&big, "media")).await;
    assert_error(&body, codes::INVALID_MEDIA_SIZE);
    assert!(
        body["errmsg"]
            .as_str()
            .is_some_and(|m| m.starts_with("invalid media size rid: ")),
        "{body}"
    );
    assert_eq!(server.last_media(), None);
    big.truncate(IMG_SEC_CHECK_MAX_BYTES);
    let body = upload(&http, &url, media(&big, "media")).await;
    assert_eq!(body["errcode"], 0, "{body}");
}
