//! The command line: exit statuses, diagnostics, and that a broken spec writes nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wxapi-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the CLI runs")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

const COMMON: &str =
    "errors:\n  -1: { name: SystemBusy, message: system error, solution: retry, retry: true }\n";

/// A small valid spec: one endpoint using one shared type.
fn valid_spec(dir: &Path) {
    write(dir, "spec/common/errors.yaml", COMMON);
    write(
        dir,
        "spec/types/shared.yaml",
        "types:\n  Scene:\n    type: enum\n    doc: where\n    values:\n      - { value: 1, name: Profile, doc: profile }\n",
    );
    write(
        dir,
        "spec/endpoints/check.yaml",
        "id: check\ntitle: Check\ndoc: Checks.\nhttp: { method: POST, path: /wxa/check }\nrequest:\n  fields:\n    scene: { type: Scene, required: true, doc: scene }\nresponse:\n  fields:\n    ok: { type: boolean, doc: ok }\nerrors:\n  87014: { name: Risky, message: risky content, solution: change it }\nexamples:\n  - response: { errcode: 0, ok: true }\n",
    );
}

#[test]
fn three_mistakes_give_three_diagnostics_and_exit_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(dir.path());
    // 1. a typo in a type name
    write(
        dir.path(),
        "spec/endpoints/check.yaml",
        "id: check\ntitle: Check\ndoc: Checks.\nhttp: { method: POST, path: /wxa/check }\nrequest:\n  fields:\n    scene: { type: Scnee, required: true, doc: scene }\n",
    );
    // 2. a duplicate error code
    write(
        dir.path(),
        "spec/endpoints/other.yaml",
        "id: other\ntitle: Other\ndoc: Other.\nhttp: { method: POST, path: /wxa/other }\nerrors:\n  87014: { name: Risky, message: risky content, solution: a }\n  87014: { name: Risky2, message: risky content, solution: b }\n",
    );
    // 3. a missing required key (`title`)
    write(
        dir.path(),
        "spec/endpoints/third.yaml",
        "id: third\ndoc: Third.\nhttp: { method: POST, path: /wxa/third }\n",
    );
    let out = cli(dir.path(), &["--format", "short", "validate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(
        errors[0].starts_with("spec/endpoints/check.yaml:7:20: error[unknown-type]"),
        "{stderr}"
    );
    assert!(
        errors[1].starts_with("spec/endpoints/other.yaml:7:3: error[duplicate-key]"),
        "{stderr}"
    );
    assert!(
        errors[2].starts_with("spec/endpoints/third.yaml:1:1: error[missing-key]"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `Scene`?"), "{stderr}");
    assert!(
        stderr.contains("help: the first `87014` is at line 6"),
        "{stderr}"
    );
    assert!(stderr.contains("help: add `title: ...`"), "{stderr}");
    // `Scene` is not reported as unused: it is the "did you mean" of the typo.
    assert!(stderr.contains("3 errors, 0 warnings"), "{stderr}");
}

#[test]
fn a_broken_spec_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(dir.path());
    assert!(cli(dir.path(), &["generate"]).status.success());
    let before = snapshot(&dir.path().join("generated"));
    write(
        dir.path(),
        "spec/endpoints/check.yaml",
        "id: check\ntitle: [unclosed\n",
    );
    let out = cli(dir.path(), &["generate"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        snapshot(&dir.path().join("generated")),
        before,
        "nothing written"
    );
}

#[test]
fn check_lists_stale_files_and_names_the_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(dir.path());
    assert_eq!(
        cli(dir.path(), &["check"]).status.code(),
        Some(1),
        "nothing generated yet"
    );
    assert!(cli(dir.path(), &["generate"]).status.success());
    let fresh = cli(dir.path(), &["check"]);
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );

    write(
        dir.path(),
        "spec/endpoints/check.yaml",
        &fs::read_to_string(dir.path().join("spec/endpoints/check.yaml"))
            .expect("read")
            .replace("Checks.", "Checks again."),
    );
    fs::remove_file(dir.path().join("spec/types/shared.yaml")).expect("rm");
    write(
        dir.path(),
        "spec/endpoints/check.yaml",
        &fs::read_to_string(dir.path().join("spec/endpoints/check.yaml"))
            .expect("read")
            .replace("type: Scene", "type: integer"),
    );
    let stale = cli(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stale: generated/src/api/endpoints/check.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no longer generated: generated/src/api/types/shared.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cargo run -p wxapi-codegen -- generate"),
        "{stderr}"
    );

    // generate removes what no spec produces and keeps hand-written files.
    write(dir.path(), "generated/src/lib.rs", "// hand-written\n");
    assert!(cli(dir.path(), &["generate"]).status.success());
    assert!(!dir
        .path()
        .join("generated/src/api/types/shared.rs")
        .exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("generated/src/lib.rs")).expect("read"),
        "// hand-written\n"
    );
    assert!(cli(dir.path(), &["check"]).status.success());
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(dir.path());
    write(
        dir.path(),
        "spec/common/errors.yaml",
        "errors:\n  -1: { name: SystemBusy, message: system error }\n",
    );
    let out = cli(dir.path(), &["--format", "short", "validate"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[no-solution]"));
    assert_eq!(
        cli(dir.path(), &["validate", "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push((path.display().to_string(), fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn human_format_draws_the_source_line_and_json_is_one_object_per_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(dir.path());
    write(
        dir.path(),
        "spec/endpoints/check.yaml",
        "id: check\ntitle: Check\ndoc: Checks.\nhttp: { method: POST, path: /wxa/check }\nrequest:\n  fields:\n    scene: { type: Scnee, required: true, doc: scene }\n",
    );
    let human = String::from_utf8_lossy(&cli(dir.path(), &["validate"]).stderr).into_owned();
    assert!(
        human.contains("╭─[spec/endpoints/check.yaml:7:20]"),
        "{human}"
    );
    assert!(
        human.contains(" 7 │     scene: { type: Scnee, required: true, doc: scene }"),
        "{human}"
    );
    assert!(human.contains("──┬──"), "a caret under the node: {human}");
    assert!(human.contains("help: did you mean `Scene`?"), "{human}");

    let out = cli(dir.path(), &["--format", "json", "validate"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let error = lines
        .iter()
        .find(|l| l["severity"] == "error")
        .expect("one error");
    assert_eq!(error["code"], "unknown-type");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(7), Some(20))
    );
    assert_eq!(error["file"], "spec/endpoints/check.yaml");
}

/// `new` points the file's `$schema` at the schema folder as seen from where the file goes,
/// for a spec folder anywhere, and the file it writes validates.
#[test]
fn new_points_the_schema_line_at_the_schema_folder_from_any_spec_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "crates/app/spec/common/errors.yaml", COMMON);
    let out = cli(
        dir.path(),
        &[
            "new",
            "endpoint",
            "get_user_risk_rank",
            "--spec",
            "crates/app/spec",
            "--schema",
            "crates/app/schema",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("doesn't exist yet"), "{stderr}");
    let text = fs::read_to_string(
        dir.path()
            .join("crates/app/spec/endpoints/get_user_risk_rank.yaml"),
    )
    .expect("written");
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../../schema/endpoint.schema.json")
    );
    let validate = cli(dir.path(), &["validate", "--spec", "crates/app/spec"]);
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
}

/// `diff` between the fixture spec in `old/spec` and an edited copy in `spec`.
fn edited_pair(dir: &Path) {
    valid_spec(&dir.join("old"));
    valid_spec(dir);
    edited_in_place(dir);
}

/// The fixture spec in `dir/spec` with one breaking edit (an error code is gone) and one
/// that is not (a new optional response field).
fn edited_in_place(dir: &Path) {
    let check = dir.join("spec/endpoints/check.yaml");
    let text = fs::read_to_string(&check).expect("read");
    let edited = text
        .replace(
            "errors:\n  87014: { name: Risky, message: risky content, solution: change it }\n",
            "",
        )
        .replace(
            "    ok: { type: boolean, doc: ok }\n",
            "    ok: { type: boolean, doc: ok }\n    note: { type: string, doc: note }\n",
        );
    assert_ne!(edited, text, "the fixture has the edited lines");
    fs::write(&check, edited).expect("write");
}

#[test]
fn diff_against_a_folder_names_each_change_and_fails_on_a_breaking_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    edited_pair(dir.path());
    let out = cli(dir.path(), &["diff", "--against", "old/spec"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("breaking[error-code-removed]"), "{stdout}");
    assert!(
        stdout.contains("old/spec/endpoints/check.yaml:"),
        "the old place: {stdout}"
    );
    assert!(stdout.contains("response-field-added"), "{stdout}");
    assert!(stderr.contains("--allow-breaking"), "{stderr}");

    let allowed = cli(
        dir.path(),
        &["diff", "--against", "old/spec", "--allow-breaking"],
    );
    assert_eq!(allowed.status.code(), Some(0));

    let json = cli(
        dir.path(),
        &["diff", "--against", "old/spec", "--format", "json"],
    );
    let rules: Vec<String> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("--format json prints a JSON object a line");
            value["rule"]
                .as_str()
                .expect("each names its rule")
                .to_owned()
        })
        .collect();
    assert!(rules.iter().any(|r| r == "error-code-removed"), "{rules:?}");
}

#[test]
fn diff_against_the_same_spec_finds_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    valid_spec(&dir.path().join("old"));
    valid_spec(dir.path());
    let out = cli(dir.path(), &["diff", "--against", "old/spec"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs git in `dir`; the test fails with git's message when it does.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tests need git: apt-get install -y git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository whose one commit holds the fixture spec and `generated/Cargo.toml` at
/// `version`.
fn committed_spec(dir: &Path, version: &str) {
    valid_spec(dir);
    fs::create_dir_all(dir.join("generated")).expect("mkdir");
    fs::write(
        dir.join("generated/Cargo.toml"),
        format!("[package]\nname = \"client\"\nversion = \"{version}\"\n"),
    )
    .expect("manifest");
    git(dir, &["init", "-q"]);
    git(dir, &["add", "spec", "generated"]);
    git(dir, &["commit", "-q", "-m", "spec"]);
}

#[test]
fn diff_against_a_git_revision_reads_the_spec_as_committed() {
    let dir = tempfile::tempdir().expect("tempdir");
    committed_spec(dir.path(), "0.1.0");
    let check = dir.path().join("spec/endpoints/check.yaml");
    let text = fs::read_to_string(&check).expect("read");
    fs::write(
        &check,
        text.replace("path: /wxa/check", "path: /wxa/check2"),
    )
    .expect("write");
    let out = cli(dir.path(), &["diff", "--against", "HEAD"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a route change is a warning: {stdout}"
    );
    assert!(
        stdout.contains("warning[endpoint-route-changed]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("HEAD:spec/endpoints/check.yaml:"),
        "{stdout}"
    );
}

#[test]
fn a_breaking_change_needs_a_version_bump_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    committed_spec(dir.path(), "0.1.0");
    let args = [
        "diff",
        "--against",
        "HEAD",
        "--require-bump",
        "generated/Cargo.toml",
    ];
    // Nothing changed: nothing asked.
    let same = cli(dir.path(), &args);
    assert_eq!(same.status.code(), Some(0));

    edited_in_place(dir.path());
    let unbumped = cli(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&unbumped.stderr);
    assert_eq!(unbumped.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("since version 0.1.0, but the crate is still 0.1.0")
            && stderr.contains("set its version to 0.2.0 or later"),
        "{stderr}"
    );

    let manifest = dir.path().join("generated/Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(&manifest, text.replace("0.1.0", "0.1.1")).expect("write");
    assert_eq!(
        cli(dir.path(), &args).status.code(),
        Some(1),
        "a patch is not enough"
    );
    fs::write(&manifest, text.replace("0.1.0", "0.2.0")).expect("write");
    let bumped = cli(dir.path(), &args);
    assert_eq!(
        bumped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&bumped.stderr)
    );

    let folder = cli(
        dir.path(),
        &[
            "diff",
            "--against",
            "spec",
            "--require-bump",
            "generated/Cargo.toml",
        ],
    );
    assert_eq!(folder.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&folder.stderr).contains("give a git revision"));
}
