//! `wxapi-codegen import` from the command line: drafts written, never overwritten without
//! `--force`, printed with `--stdout`, a page with no API refused with exit status 1, paths
//! taken from a catalogue; and the project's invokeService page imported into the facts of
//! `spec/endpoints/service_market/invoke_service.yaml`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wxapi_codegen::{Diagnostics, SpecTree};

fn cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wxapi-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the CLI runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn invoke_service_page() -> PathBuf {
    repo().join("generator/tests/import/spec_pages/invoke_service.md")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_page_becomes_a_draft_that_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = invoke_service_page();
    let page = page.to_str().expect("UTF-8 path");
    let spec = repo().join("spec");
    let spec = spec.to_str().expect("UTF-8 path");
    let args = ["import", page, "--out", "drafts", "--spec", spec];

    let first = cli(dir.path(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let draft = dir.path().join("drafts/invoke_service.yaml");
    let text = fs::read_to_string(&draft).expect("the draft is written");
    assert!(
        stderr(&first).contains("wrote drafts/invoke_service.yaml"),
        "{}",
        stderr(&first)
    );

    fs::write(&draft, "# edited by hand\n").expect("edit");
    let again = cli(dir.path(), &args);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        fs::read_to_string(&draft).expect("kept"),
        "# edited by hand\n"
    );

    let forced = cli(dir.path(), &[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(fs::read_to_string(&draft).expect("rewritten"), text);

    let printed = cli(dir.path(), &["import", page, "--stdout", "--spec", spec]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert_eq!(String::from_utf8_lossy(&printed.stdout), text);
}

#[test]
fn a_page_with_no_api_gets_no_draft_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("notes.md"),
        "# 会议纪要\n\n今天讨论了午饭。\n",
    )
    .expect("page");
    fs::write(dir.path().join("binary.md"), [0xff, 0xfe, 0x00, 0x41]).expect("page");
    let out = cli(
        dir.path(),
        &["import", "notes.md", "binary.md", "--out", "drafts"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("page-not-an-api") && err.contains("notes.md"),
        "{err}"
    );
    assert!(
        err.contains("page-not-utf8") && err.contains("binary.md"),
        "{err}"
    );
    assert!(!dir
        .path()
        .join("drafts")
        .read_dir()
        .expect("dir")
        .any(|_| true));
}

#[test]
fn a_catalogue_gives_the_path_a_page_lacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = fs::read_to_string(invoke_service_page()).expect("page");
    let without_http: String = page
        .lines()
        .filter(|l| !l.starts_with("POST https://"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(dir.path().join("page.md"), without_http).expect("page");
    let guessed = cli(dir.path(), &["import", "page.md", "--stdout"]);
    assert!(
        stderr(&guessed).contains("page-no-http"),
        "{}",
        stderr(&guessed)
    );
    fs::write(
        dir.path().join("catalogue.md"),
        "| Endpoint | Method · path |\n|---|---|\n| invokeService | POST `/wxa/servicemarket` |\n",
    )
    .expect("catalogue");
    let filled = cli(
        dir.path(),
        &[
            "import",
            "page.md",
            "--stdout",
            "--catalogue",
            "catalogue.md",
        ],
    );
    let yaml = String::from_utf8_lossy(&filled.stdout);
    assert!(yaml.contains("/wxa/servicemarket"), "{yaml}");
    assert!(
        !stderr(&filled).contains("page-no-http"),
        "{}",
        stderr(&filled)
    );
}

/// The draft of the project's invokeService page, checked like the spec's own file: the
/// same method, path, security mode, request fields with their required flags, and error
/// codes. They differ where the page and the spec knowingly differ: the spec types `data`
/// as JSON (the page says string, its examples send an object) and adds `async` (from the
/// mini-program side's page), and its response decodes `data` as JSON text and knows
/// `request_id`.
#[test]
fn the_invoke_service_page_gives_the_spec_s_facts() {
    let spec = SpecTree::read(&repo().join("spec")).expect("spec");
    let common = spec
        .files
        .iter()
        .find(|(rel, _)| rel == "common/errors.yaml")
        .expect("common table")
        .clone();
    let codes = wxapi_codegen::import::common_codes(&repo().join("spec")).expect("codes");
    let page = fs::read(invoke_service_page()).expect("page");
    let imported = wxapi_codegen::import::import_page("invoke_service.md", &page, &codes);
    let draft = imported.draft.expect("a draft");
    assert_eq!(draft.id, "invoke_service");
    assert!(
        !draft.yaml.contains("-->"),
        "a comment of the page is no doc:\n{}",
        draft.yaml
    );
    let tree = SpecTree {
        display_root: "drafts".into(),
        files: vec![
            common,
            (
                "endpoints/invoke_service.yaml".into(),
                draft.yaml.clone().into_bytes(),
            ),
        ],
    };
    let mut dx = Diagnostics::default();
    let ours = wxapi_codegen::check(&tree, &mut dx).expect("the draft validates");
    let mut dx = Diagnostics::default();
    let theirs = wxapi_codegen::check(&spec, &mut dx).expect("the spec validates");
    let ours = &ours.endpoints[0];
    let theirs = theirs
        .endpoints
        .iter()
        .find(|e| e.id == "invoke_service")
        .expect("the spec has it");
    assert_eq!((ours.method, &ours.path), (theirs.method, &theirs.path));
    assert_eq!(ours.auth, theirs.auth);
    assert_eq!(ours.security_mode, theirs.security_mode);
    let fields = |e: &wxapi_codegen::phases::model::Endpoint| -> Vec<(String, bool)> {
        e.request
            .fields
            .iter()
            .filter(|f| f.wire != "async")
            .map(|f| (f.wire.clone(), f.required))
            .collect()
    };
    assert_eq!(fields(ours), fields(theirs));
    let codes = |e: &wxapi_codegen::phases::model::Endpoint| {
        let mut all: Vec<i64> = e.errors.codes.iter().map(|c| c.code).collect();
        all.extend(&e.common_errors);
        all.sort_unstable();
        all
    };
    assert_eq!(codes(ours), codes(theirs), "{}", draft.yaml);
    let own: Vec<i64> = ours.errors.codes.iter().map(|c| c.code).collect();
    assert_eq!(
        own,
        [9301001, 9301002, 9301010, 9301012],
        "own codes, common ones listed"
    );
}

/// Every page written for the importer's tests, in each layout: its draft byte for byte
/// (`WXAPI_BLESS=1` rewrites the expected drafts), and the draft validates in the
/// repository's spec next to the endpoints already there.
#[test]
fn each_test_page_gives_its_golden_draft_which_validates() {
    let pages = repo().join("generator/tests/import/pages");
    let expected_root = repo().join("generator/tests/import/expected/pages");
    let codes = wxapi_codegen::import::common_codes(&repo().join("spec")).expect("codes");
    let bless = std::env::var_os("WXAPI_BLESS").is_some();
    let mut seen = 0;
    for layout in ["current", "openapi", "backend"] {
        let mut files: Vec<PathBuf> = fs::read_dir(pages.join(layout))
            .expect("layout folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for file in files {
            let shown = format!(
                "{layout}/{}",
                file.file_name().expect("name").to_string_lossy()
            );
            let imported =
                wxapi_codegen::import::import_page(&shown, &fs::read(&file).expect("page"), &codes);
            let draft = imported
                .draft
                .unwrap_or_else(|| panic!("{shown}: no draft"));
            let expected = expected_root
                .join(layout)
                .join(format!("{}.yaml", draft.id));
            if bless {
                fs::create_dir_all(expected.parent().expect("folder")).expect("mkdir");
                fs::write(&expected, &draft.yaml).expect("bless");
            } else {
                let golden = fs::read_to_string(&expected).unwrap_or_default();
                assert!(
                    golden == draft.yaml,
                    "{shown}: the draft differs from {}; if intended, rerun with WXAPI_BLESS=1 \
                     and review the diff\n{}",
                    expected.display(),
                    draft.yaml
                );
            }
            let mut spec = SpecTree::read(&repo().join("spec")).expect("spec");
            spec.files.push((
                format!("endpoints/{}.yaml", draft.id),
                draft.yaml.into_bytes(),
            ));
            let mut dx = Diagnostics::default();
            let _ = wxapi_codegen::check(&spec, &mut dx);
            assert!(
                !dx.has_errors(),
                "{shown}: the draft doesn't validate in the spec:\n{dx}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 9, "three pages per layout");
}
