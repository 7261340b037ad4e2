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
        report.contains("2 updated"),
        "exactly the module and the page change:\n{report}"
    );
    let module = fs::read_to_string(work.join("generated/src/api/endpoints/msg_sec_check_v1.rs"))
        .expect("module");
    assert!(
        module.contains("ContentTooLong(code = 87998,"),
        "decoded from its code:\n{module}"
    );
    let page = fs::read_to_string(work.join("generated/docs/endpoints/msg_sec_check_v1.md"))
        .expect("page");
    assert!(page.contains("| 87998 | content too long | `ContentTooLong` |"));

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
    fs::create_dir_all(work.join("generated/tests")).expect("tests dir");
    fs::write(
        work.join("generated/tests/new_service.rs"),
        NEW_SERVICE_TEST,
    )
    .expect("test");
    let manifest = fs::read_to_string(work.join("generated/Cargo.toml")).expect("manifest");
    fs::write(
        work.join("generated/Cargo.toml"),
        format!(
            "{manifest}wxapi-fake-wechat = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n",
            repo.join("tests/fake-wechat").display().to_string()
        ),
    )
    .expect("dev-dependencies");

    // The golden fixture as a crate of its own, next to the edited one.
    common::repo::copy_dir(&repo.join("generated"), &work.join("golden"));
    fs::remove_dir_all(work.join("golden/src/api")).expect("clear");
    fs::remove_dir_all(work.join("golden/docs")).expect("clear");
    fs::write(work.join("golden/src/lib.rs"), "//! The golden fixture, built.\n#[rustfmt::skip]\nmod api;\npub use api::*;\n#[cfg(test)]\n#[rustfmt::skip]\nmod spec_examples;\n").expect("lib.rs");
    let manifest = fs::read_to_string(work.join("golden/Cargo.toml")).expect("manifest");
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
             [workspace.dependencies]\nwxapi-runtime = {{ path = {:?} }}\nserde_json = \"1\"\n",
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

/// A test of the freshly generated method, against the fake WeChat server.
const NEW_SERVICE_TEST: &str = r#"
use wxapi::{Client, ImageTagData};
use wxapi_fake_wechat::{FakeWeChat, ProviderReply};

#[tokio::test]
async fn the_new_service_is_a_typed_method() {
    let fake = FakeWeChat::builder().app("wxnew", "new-secret").start().await;
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
"#;
