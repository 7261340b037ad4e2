//! A maintainer's edit, end to end: add an error code to one endpoint's YAML in a copy of
//! the repository, run `generate`, and build the generated crate. Built in the same
//! workspace: the generator's golden fixture as a crate of its own (so the golden Rust is
//! proven to compile), and the same fixture through a build.rs consumer (the single-file
//! layout for `include!`).

use std::fs;
use std::path::Path;

use crate::common;

fn codegen(args: &[&str], dir: &Path) -> String {
    let out = common::repo::cargo()
        .args(["run", "--quiet", "--manifest-path"])
        .arg(common::repo::root().join("Cargo.toml"))
        .args(["-p", "wxapi-codegen", "--"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "wxapi-codegen {args:?} failed:\n{stderr}"
    );
    stderr
}

#[test]
fn spec_edits_regenerate_build_and_call() {
    let _alone = common::heavy();
    let repo = common::repo::root();
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path();
    common::repo::copy_dir(&repo.join("spec"), &work.join("spec"));
    common::repo::copy_dir(&repo.join("generated"), &work.join("generated"));
    common::repo::copy_dir(
        &repo.join("generator/tests/golden/spec"),
        &work.join("golden-spec"),
    );

    let yaml = work.join("spec/endpoints/security/msg_sec_check_v1.yaml");
    let text = fs::read_to_string(&yaml).expect("read");
    assert!(
        text.contains("\nerrors:\n"),
        "msg_sec_check_v1 has its own error table"
    );
    fs::write(
        &yaml,
        text.replacen("\nerrors:\n", "\nerrors:\n  87998: { name: ContentTooLong, message: content too long, solution: 缩短文本 }\n", 1),
    )
    .expect("write");

    let report = codegen(&["generate"], work);
    assert!(
        report.contains("5 updated"),
        "exactly the module, the page, the errors page's index, the OpenAPI document and the mock tests change:\n{report}"
    );
    let module = fs::read_to_string(work.join("generated/src/api/endpoints/msg_sec_check_v1.rs"))
        .expect("module");
    assert!(
        module.contains("ContentTooLong(code = 87998,"),
        "decoded from its code:\n{module}"
    );
    let page = fs::read_to_string(work.join("generated/docs/endpoints/msg_sec_check_v1.md"))
        .expect("page");
    assert!(page.contains("| [87998](../errors.md#87998) | content too long | `ContentTooLong` |"));

    // A new service-market API is one YAML file and a `generate`.
    fs::write(work.join("spec/services/image_tag.yaml"), NEW_SERVICE).expect("new service");
    let report = codegen(&["generate"], work);
    assert!(
        report.contains("created generated/src/api/services/image_tag.rs"),
        "{report}"
    );
    assert!(
        report.contains("created generated/docs/services/image_tag.md"),
        "{report}"
    );
    // So are a second file answer, a second call without a token, a second call signed with
    // the session key, and an upload with a JSON part.
    for (name, yaml) in NEW_ENDPOINTS {
        fs::write(work.join("spec/endpoints").join(name), yaml).expect("new endpoint");
    }
    let report = codegen(&["generate"], work);
    for (name, _) in NEW_ENDPOINTS {
        let module = name.replace(".yaml", ".rs");
        assert!(
            report.contains(&format!("created generated/src/api/endpoints/{module}")),
            "{report}"
        );
    }

    fs::create_dir_all(work.join("generated/tests")).expect("tests dir");
    fs::write(
        work.join("generated/tests/new_service.rs"),
        NEW_SERVICE_TEST,
    )
    .expect("test");
    // The copy's path dev-dependencies (the mock tests' wxapi-mock and wxapi-codegen) point
    // back into the repository.
    let manifest = fs::read_to_string(work.join("generated/Cargo.toml")).expect("manifest");
    let manifest = repo_paths(&manifest, &repo);
    fs::write(work.join("generated/Cargo.toml"), &manifest).expect("dev-dependencies");

    // The golden fixture as a crate of its own, next to the edited one.
    common::repo::copy_dir(&repo.join("generated"), &work.join("golden"));
    fs::remove_dir_all(work.join("golden/src/api")).expect("clear");
    fs::remove_dir_all(work.join("golden/docs")).expect("clear");
    fs::write(work.join("golden/src/lib.rs"), "//! The golden fixture, built.\n#[rustfmt::skip]\nmod api;\npub use api::*;\n#[cfg(test)]\n#[rustfmt::skip]\nmod spec_examples;\n").expect("lib.rs");
    fs::write(
        work.join("golden/Cargo.toml"),
        manifest.replacen("name = \"wxapi\"", "name = \"wxapi-golden\"", 1),
    )
    .expect("manifest");
    codegen(
        &["generate", "--spec", "golden-spec", "--out", "golden"],
        work,
    );

    // A build.rs consumer of the same fixture.
    fs::create_dir_all(work.join("consumer/src")).expect("mkdir");
    common::repo::copy_dir(
        &repo.join("generator/tests/golden/spec"),
        &work.join("consumer/spec"),
    );
    fs::write(
        work.join("consumer/Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nwxapi-runtime = {{ workspace = true }}\n\n[build-dependencies]\nwxapi-codegen = {{ path = {:?} }}\n",
            repo.join("generator").display().to_string()
        ),
    )
    .expect("consumer manifest");
    fs::write(
        work.join("consumer/build.rs"),
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    wxapi_codegen::compile(\"spec\")?;\n    Ok(())\n}\n",
    )
    .expect("build.rs");
    fs::write(
        work.join("consumer/src/lib.rs"),
        "//! A crate that generates its client at build time.\ninclude!(concat!(env!(\"OUT_DIR\"), \"/wxapi.rs\"));\n\n\
         #[test]\nfn the_generated_error_enum_is_there() {\n    let e = <DemoCheckError as wxapi_runtime::codegen::ApiError>::from_code(87014, String::new());\n    assert_eq!(e, DemoCheckError::RiskyContent);\n}\n",
    )
    .expect("lib.rs");

    let root_manifest = fs::read_to_string(repo.join("Cargo.toml")).expect("root manifest");
    let package = root_manifest
        .split("[workspace.package]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("workspace.package");
    fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"generated\", \"golden\", \"consumer\"]\n\n[workspace.package]{package}\n\
             [workspace.dependencies]\nwxapi-runtime = {{ path = {:?} }}\nserde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n",
            repo.join("runtime").display().to_string()
        ),
    )
    .expect("workspace manifest");
    fs::copy(repo.join("Cargo.lock"), work.join("Cargo.lock")).expect("lock file");

    let target = common::repo::target_dir();
    let out = common::repo::cargo()
        .args([
            "clippy",
            "--offline",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .env("CARGO_TARGET_DIR", target.join("e2e-spec-edit"))
        .current_dir(work)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the edited crate, the golden crate and the consumer build warning-free:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tests = common::repo::cargo()
        .args([
            "test",
            "--offline",
            "-p",
            "consumer",
            "-p",
            "wxapi-golden",
            "-p",
            "wxapi",
            "--test",
            "new_service",
            "--lib",
            // The mock tests call every endpoint against the fake: the repository's own
            // `cargo test -p wxapi` runs them.
            "--",
            "--skip",
            "mock_tests::",
        ])
        .env("CARGO_TARGET_DIR", target.join("e2e-spec-edit"))
        .current_dir(work)
        .output()
        .expect("cargo runs");
    assert!(
        tests.status.success(),
        "the consumer's and the golden crate's tests, and the new service's call, pass:\n{}\n{}",
        String::from_utf8_lossy(&tests.stdout),
        String::from_utf8_lossy(&tests.stderr)
    );
}

/// `manifest` with its `path = "../x"` dependencies pointing into the repository instead.
fn repo_paths(manifest: &str, repo: &Path) -> String {
    let mut out = manifest.to_owned();
    for dir in ["generator", "mock"] {
        out = out.replace(
            &format!("path = \"../{dir}\""),
            &format!("path = {:?}", repo.join(dir).display().to_string()),
        );
    }
    out
}

/// The new service a maintainer adds: nothing but this file.
const NEW_SERVICE: &str = r#"# ImageTag: tags what an image shows (a test fixture; provider and fields made up).
id: image_tag
title: 图片标签（测试用服务）
doc: Returns the tags of an image.
service: wx7a5e0c2b4d6f8a10
api: ImageTag
data:
  fields:
    img_url: { type: string, required: true, file_url: true, doc: The image. }
    max_tags: { type: integer, format: u8, doc: At most this many tags. }
result:
  fields:
    tags:
      type: array
      required: true
      doc: The tags, best first.
      items:
        type: object
        fields:
          name: { type: string, required: true, doc: The tag. }
          confidence: { type: number, required: true, doc: From 0 to 1. }
examples:
  - data: { img_url: "http://example.invalid/cat.jpg", max_tags: 2 }
    result: { tags: [ { name: cat, confidence: 0.98 } ] }
"#;

/// Endpoints of the new shapes a maintainer adds as YAML only (paths and fields made up).
const NEW_ENDPOINTS: [(&str, &str); 4] = [
    (
        "get_demo_image.yaml",
        r#"# A second endpoint that answers with a file (test fixture).
id: get_demo_image
title: 获取演示图片
doc: Returns a demo image.
http: { method: GET, path: /cgi-bin/test/demo_image }
idempotent: true
request:
  fields:
    record_id: { type: integer, required: true, doc: The feedback. }
    media_id: { type: string, required: true, doc: The image. }
response:
  body: binary
common_errors: [40001]
examples:
  - response: { errcode: 40001, errmsg: invalid credential }
"#,
    ),
    (
        "clear_quota_v3.yaml",
        r#"# A second endpoint without a token: the app secret in the query (test fixture).
id: clear_quota_v3
title: 重置调用次数（测试）
doc: Resets the quota with the app secret.
http: { method: POST, path: /cgi-bin/test/clear_quota_v3 }
auth: { scheme: app_secret, appid: app, secret: app_key }
request:
  body: none
  fields:
    action: { type: string, const: reset, doc: Always reset. }
response:
  fields: {}
"#,
    ),
    (
        "check_login_state.yaml",
        r#"# A second call signed with the user's session key (test fixture).
id: check_login_state
title: 检验登录态（测试）
doc: Checks a session key by its signature.
http: { method: GET, path: /wxa/test/checksession }
signature: session_key
request:
  fields:
    openid: { type: string, required: true, doc: The user. }
response:
  fields: {}
"#,
    ),
    (
        "add_material.yaml",
        r#"# An upload with a structured part, sent as JSON text (test fixture).
id: add_material
title: 新增永久素材（测试）
doc: Uploads a video with its description.
http: { method: POST, path: /cgi-bin/material/add_material }
request:
  body: multipart
  fields:
    type: { type: string, required: true, in: query, doc: The media type. }
    media: { type: file, required: true, doc: The video. }
    description:
      type: json_string
      required: true
      doc: Title and introduction.
      of:
        type: object
        fields:
          title: { type: string, required: true, doc: The title. }
          introduction: { type: string, doc: The introduction. }
response:
  fields:
    media_id: { type: string, required: true, doc: The new material. }
examples:
  - response: { errcode: 0, errmsg: ok, media_id: m1 }
"#,
    ),
];

/// A test of the freshly generated method, against the fake WeChat server.
const NEW_SERVICE_TEST: &str = r#"
use wxapi::{
    AddMaterialDescription, AddMaterialRequest, CheckLoginStateRequest, Client, ClearQuotaV3Request,
    File, GetDemoImageRequest, ImageTagData, JsonString,
};
use wxapi_mock::{session_key_signature, EndpointAuth, MockServer, ProviderReply, RawReply};

#[tokio::test]
async fn the_new_service_is_a_typed_method() {
    let fake = MockServer::builder().app("wxnew", "new-secret").start().await;
    fake.register_provider("wx7a5e0c2b4d6f8a10", "ImageTag", |data| {
        assert_eq!(data["max_tags"], 2);
        ProviderReply::Data(serde_json::json!({"tags": [{"name": "cat", "confidence": 0.98}]}))
    });
    let client = Client::builder()
        .app_id("wxnew")
        .app_secret("new-secret")
        .base_url(fake.base_url())
        .build()
        .expect("client");
    let result = client
        .service_market()
        .image_tag(ImageTagData::new("http://example.invalid/cat.jpg").max_tags(2))
        .await
        .expect("the new method calls the provider");
    assert_eq!(result.tags[0].name, "cat");
}

#[tokio::test]
async fn new_shapes_are_typed_methods() {
    let fake = MockServer::builder().app("wxnew", "new-secret").start().await;
    fake.register_raw_endpoint("/cgi-bin/test/demo_image", EndpointAuth::AccessToken, |req| {
        assert_eq!(req.query_param("media_id"), Some("m1"));
        RawReply::ok(Some("image/png"), b"\x89PNG-feedback".to_vec())
    });
    fake.register_endpoint("/cgi-bin/test/clear_quota_v3", EndpointAuth::None, |req| {
        assert_eq!(req.query_param("app"), Some("wxnew"));
        assert_eq!(req.query_param("app_key"), Some("new-secret"));
        assert_eq!(req.query_param("access_token"), None);
        assert_eq!(req.query_param("action"), Some("reset"));
        assert!(req.body.is_empty());
        serde_json::json!({"errcode": 0, "errmsg": "ok"})
    });
    fake.register_endpoint("/wxa/test/checksession", EndpointAuth::AccessToken, |req| {
        let expected = session_key_signature("the-session-key", b"");
        if req.query_param("signature") == Some(expected.as_str())
            && req.query_param("sig_method") == Some("hmac_sha256")
            && req.query_param("session_key").is_none()
        {
            serde_json::json!({"errcode": 0, "errmsg": "ok"})
        } else {
            serde_json::json!({"errcode": 87009, "errmsg": "invalid signature"})
        }
    });
    fake.register_endpoint("/cgi-bin/material/add_material", EndpointAuth::AccessToken, |req| {
        let parts = req.form_parts().expect("a multipart body");
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[0].name, "media");
        assert_eq!(parts[1].name, "description");
        let description: serde_json::Value =
            serde_json::from_slice(&parts[1].data).expect("the part is JSON text");
        assert_eq!(description, serde_json::json!({"title": "标题", "introduction": "简介"}));
        serde_json::json!({"errcode": 0, "errmsg": "ok", "media_id": "m1"})
    });
    let client = Client::builder()
        .app_id("wxnew")
        .app_secret("new-secret")
        .base_url(fake.base_url())
        .build()
        .expect("client");

    let media = client
        .get_demo_image(GetDemoImageRequest::new(7, "m1"))
        .await
        .expect("the image");
    assert_eq!(&media.bytes[..], b"\x89PNG-feedback");
    assert_eq!(media.extension(), Some("png"));

    client
        .clear_quota_v3(ClearQuotaV3Request::default())
        .await
        .expect("sent with the app secret");
    client
        .check_login_state(CheckLoginStateRequest::new("o1", "the-session-key"))
        .await
        .expect("signed with the session key");
    let wrong = client
        .check_login_state(CheckLoginStateRequest::new("o1", "another-key"))
        .await
        .expect_err("a wrong key gives a wrong signature");
    assert_eq!(wrong.api().map(wxapi::ApiError::code), Some(87009));

    let description = AddMaterialDescription::new("标题").introduction("简介");
    let added = client
        .add_material(AddMaterialRequest::new(
            "video",
            File::new(b"video bytes".to_vec(), "a.mp4", "video/mp4"),
            JsonString::new(description),
        ))
        .await
        .expect("two parts, the JSON intact");
    assert_eq!(added.media_id, "m1");
}
"#;
