//! The OpenAPI export of the whole spec, judged by tools that are not ours:
//! `openapi-spec-validator` (python-openapi, OpenAPI 3.1) must find no error, and Redocly
//! must lint it clean and render it into a page. `scripts/test.sh` installs both (pinned in
//! `tests/openapi/`); a missing tool fails the test with the command that installs it.
//! Also the `openapi` command: the checked-in bytes on stdout, diagnostics on a broken spec.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wxapi_codegen::{check, Diagnostics, Options, SpecTree};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is in the workspace")
        .to_path_buf()
}

/// The document of the repository's spec, as `generate` writes it.
fn document() -> String {
    let mut tree = SpecTree::read(&repo().join("spec")).expect("spec/ reads");
    tree.display_root = "spec".to_owned();
    let mut dx = Diagnostics::default();
    let model = check(&tree, &mut dx).unwrap_or_else(|| panic!("spec/ is invalid:\n{dx}"));
    let options = Options::checked_in_for(&repo().join("generated")).expect("generated/Cargo.toml");
    wxapi_codegen::openapi(&model, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .contents
}

/// A tool at `path` (or at the path in the environment variable `var`), or a failure that
/// says how to install it.
fn tool(var: &str, path: PathBuf, install: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or(path);
    assert!(
        path.exists(),
        "{} is missing: run `bash scripts/test.sh`, or install it alone with `{install}` \
         (or set {var} to the program)",
        path.display()
    );
    path
}

fn run(program: &Path, args: &[&std::ffi::OsStr], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{} doesn't run: {e}", program.display()))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_full_spec_is_valid_openapi_3_1() {
    let validator = tool(
        "WXAPI_OPENAPI_VALIDATOR",
        repo().join("target/openapi-venv/bin/openapi-spec-validator"),
        "python3 -m venv target/openapi-venv && \
         target/openapi-venv/bin/pip install -r tests/openapi/requirements.txt",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, document()).expect("write");
    let out = run(&validator, &[file.as_os_str()], dir.path());
    let said = text(&out);
    assert!(
        out.status.success() && said.contains(": OK"),
        "openapi-spec-validator rejects the document:\n{said}"
    );
}

#[test]
fn redocly_lints_and_renders_the_full_spec() {
    let redocly = tool(
        "WXAPI_REDOCLY",
        repo().join("tests/openapi/node_modules/.bin/redocly"),
        "npm ci --prefix tests/openapi",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, document()).expect("write");
    let config = repo().join("tests/openapi/redocly.yaml");
    let lint = run(
        &redocly,
        &[
            "lint".as_ref(),
            file.as_os_str(),
            "--config".as_ref(),
            config.as_os_str(),
        ],
        dir.path(),
    );
    let said = text(&lint);
    assert!(
        // Redocly sums problems up as "You have N warnings."; a clean run has no such line.
        lint.status.success() && said.contains("is valid") && !said.contains("You have"),
        "redocly lint finds problems:\n{said}"
    );
    let html = dir.path().join("api.html");
    let build = run(
        &redocly,
        &[
            "build-docs".as_ref(),
            file.as_os_str(),
            "--output".as_ref(),
            html.as_os_str(),
        ],
        dir.path(),
    );
    assert!(
        build.status.success(),
        "redocly build-docs fails:\n{}",
        text(&build)
    );
    let page = std::fs::read_to_string(&html).expect("the page is written");
    for expected in [
        "WeChat server API (wxapi)",
        // Operation ids: token, login, a file answer, an upload, a merged route.
        "get_access_token",
        "code2_session",
        "get_qrcode",
        "printed_text_ocr",
        "msg_sec_check_or_msg_sec_check_v1",
        // Titles and a schema.
        "小程序登录凭证校验",
        "ErrorEnvelope",
    ] {
        assert!(page.contains(expected), "the page lacks `{expected}`");
    }
}

#[test]
fn the_document_carries_the_generated_crates_version() {
    let manifest =
        std::fs::read_to_string(repo().join("generated/Cargo.toml")).expect("generated/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("a version line");
    let document: serde_json::Value = serde_json::from_str(&document()).expect("JSON");
    assert_eq!(document["info"]["version"], version);
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;

    fn cli(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wxapi-codegen"))
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the CLI runs")
    }

    #[test]
    fn openapi_prints_the_checked_in_document() {
        let out = cli(&repo(), &["openapi"]);
        assert!(out.status.success(), "{}", text(&out));
        let checked_in =
            std::fs::read(repo().join("generated/openapi.json")).expect("generated/openapi.json");
        assert!(
            out.stdout == checked_in,
            "`wxapi-codegen openapi` differs from generated/openapi.json: run `cargo run -p \
             wxapi-codegen -- generate`"
        );
    }

    #[test]
    fn openapi_writes_a_file_and_refuses_a_broken_spec() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = dir.path().join("spec");
        let write = |rel: &str, text: &str| {
            let path = spec.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "common/errors.yaml",
            "errors:\n  -1: { name: SystemBusy, message: system error, solution: retry }\n",
        );
        write(
            "endpoints/check.yaml",
            "id: check\ntitle: Check\ndoc: Checks.\nhttp: { method: GET, path: /wxa/check }\n",
        );
        let out = cli(dir.path(), &["openapi", "--out", "api.json"]);
        assert!(out.status.success(), "{}", text(&out));
        let written = std::fs::read_to_string(dir.path().join("api.json")).expect("written");
        let doc: serde_json::Value = serde_json::from_str(&written).expect("JSON");
        assert_eq!(doc["paths"]["/wxa/check"]["get"]["operationId"], "check");

        write(
            "endpoints/check.yaml",
            "id: check\ntitle: Check\nhttp: { method: GET, path: /wxa/check }\nrequest:\n  fields:\n    a: { type: Nope }\n",
        );
        let out = cli(
            dir.path(),
            &["openapi", "--out", "broken.json", "--format", "short"],
        );
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("error[unknown-type]"), "{}", text(&out));
        assert!(!dir.path().join("broken.json").exists());
    }
}
