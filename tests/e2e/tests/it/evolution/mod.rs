//! The spec-evolution rules against the compiler's view. Each case edits the fixture spec
//! (`tests/evolution/spec/`) once; `diff` must report exactly the case's rules, and the
//! fixture's user program (`tests/evolution/user.rs`), compiled against the crate generated
//! from the edited spec, must fail to compile exactly when one of them is breaking. The crates
//! of every case are checked in one cargo run (`--keep-going`), so this costs one build of
//! the runtime and a few seconds per case.

mod cases;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use wxapi_codegen::diff::{diff, Level, Rule};
use wxapi_codegen::model::Model;
use wxapi_codegen::{check, generate, Diagnostics, Options, SpecTree};

use self::cases::{Case, Edit, CASES};
use crate::common;

/// The group the user program enables, alone.
const USER_GROUP: &str = "text";

fn fixture() -> SpecTree {
    let root = common::repo::root().join("tests/e2e/tests/evolution/spec");
    let mut tree = SpecTree::read(&root).expect("the fixture spec");
    tree.display_root = "spec".to_owned();
    tree
}

/// The fixture with the case's edits.
fn edited(base: &SpecTree, case: &Case) -> SpecTree {
    let mut tree = base.clone();
    for edit in case.edits {
        match *edit {
            Edit::Replace(file, from, to) => {
                let (_, bytes) = tree
                    .files
                    .iter_mut()
                    .find(|(rel, _)| rel == file)
                    .unwrap_or_else(|| panic!("{}: no file {file}", case.name));
                let text = String::from_utf8(bytes.clone()).expect("UTF-8");
                assert!(text.contains(from), "{}: {file} has no {from:?}", case.name);
                *bytes = text.replace(from, to).into_bytes();
            }
            Edit::Write(file, text) => {
                tree.files.retain(|(rel, _)| rel != file);
                tree.files.push((file.to_owned(), text.as_bytes().to_vec()));
                tree.files.sort();
            }
            Edit::Delete(file) => {
                let before = tree.files.len();
                tree.files.retain(|(rel, _)| rel != file);
                assert!(tree.files.len() < before, "{}: no file {file}", case.name);
            }
        }
    }
    tree
}

fn model(tree: &SpecTree, name: &str) -> Model {
    let mut dx = Diagnostics::default();
    check(tree, &mut dx).unwrap_or_else(|| {
        let drawn = wxapi_codegen::render(&dx, tree, wxapi_codegen::Format::Plain);
        panic!("{name}: the edited spec is invalid:\n{drawn}")
    })
}

#[test]
fn each_case_gives_exactly_its_rules_and_every_rule_has_a_case() {
    let base = fixture();
    let old = model(&base, "the fixture");
    let mut covered = BTreeSet::new();
    for case in CASES {
        let new = model(&edited(&base, case), case.name);
        let found: Vec<&str> = diff(&old, &new).iter().map(|f| f.rule.id()).collect();
        assert_eq!(found, case.rules, "{}", case.name);
        covered.extend(case.rules.iter().copied());
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn the_compiler_breaks_exactly_on_the_breaking_rules() {
    let _alone = common::heavy();
    let base = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path();
    let mut members = Vec::new();
    members.extend(write_case(work, "unchanged", &base));
    for case in CASES {
        members.extend(write_case(work, case.name, &edited(&base, case)));
    }
    write_workspace(work, &members);

    let out = common::repo::cargo()
        .args([
            "check",
            "--offline",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .env(
            "CARGO_TARGET_DIR",
            common::repo::target_dir().join("e2e-evolution"),
        )
        .current_dir(work)
        .output()
        .expect("cargo runs");
    let errors = errors_by_package(&String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);

    let generated_broken: Vec<_> = errors.keys().filter(|p| p.starts_with("api-")).collect();
    assert!(
        generated_broken.is_empty(),
        "generated crates must compile: {generated_broken:?}\n{errors:#?}\n{stderr}"
    );
    assert!(
        !errors.contains_key("user-unchanged"),
        "the user program compiles against the unchanged fixture:\n{}",
        errors["user-unchanged"]
    );
    let mut wrong = String::new();
    for case in CASES {
        let breaking = case
            .rules
            .iter()
            .any(|id| rule(id).level() == Level::Breaking);
        let broke = errors.get(&format!("user-{}", package_name(case.name)));
        match (breaking, broke) {
            (true, None) => {
                let _ = writeln!(
                    wrong,
                    "{}: {:?} is breaking, but the user program still compiles",
                    case.name, case.rules
                );
            }
            (false, Some(messages)) => {
                let _ = writeln!(
                    wrong,
                    "{}: {:?} is not breaking, but the user program fails:\n{messages}",
                    case.name, case.rules
                );
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong}");
}

fn rule(id: &str) -> Rule {
    *Rule::ALL
        .iter()
        .find(|r| r.id() == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

fn package_name(case: &str) -> String {
    case.replace('_', "-")
}

/// The crate generated from `tree` (`api-NAME`, every group a feature) and the user program
/// on it (`user-NAME`, with the user's group alone); their folders, for the workspace.
fn write_case(work: &Path, name: &str, tree: &SpecTree) -> [String; 2] {
    let name = package_name(name);
    let mut options = Options::build_script("wxapi.rs", "spec");
    options.feature_gates = true;
    let generated =
        generate(tree, &options).unwrap_or_else(|e| panic!("{name}: generating fails: {e}"));
    let features = wxapi_codegen::cargo_features(&model(tree, &name));
    let api = work.join(format!("api-{name}"));
    fs::create_dir_all(api.join("src")).expect("mkdir");
    for file in &generated.files {
        fs::write(api.join("src").join(&file.path), &file.contents).expect("generated file");
    }
    fs::write(
        api.join("src/lib.rs"),
        "//! A generated crate.\ninclude!(\"wxapi.rs\");\n",
    )
    .expect("lib.rs");
    fs::write(
        api.join("Cargo.toml"),
        format!(
            "[package]\nname = \"api-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nwxapi-runtime = {{ workspace = true }}\n\n[features]\ndefault = []\n{features}"
        ),
    )
    .expect("manifest");

    let user = work.join(format!("user-{name}"));
    fs::create_dir_all(user.join("src")).expect("mkdir");
    fs::copy(
        common::repo::root().join("tests/e2e/tests/evolution/user.rs"),
        user.join("src/lib.rs"),
    )
    .expect("user program");
    fs::write(
        user.join("Cargo.toml"),
        format!(
            "[package]\nname = \"user-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\napi = {{ package = \"api-{name}\", path = \"../api-{name}\", default-features = false, \
             features = [\"{USER_GROUP}\"] }}\n"
        ),
    )
    .expect("manifest");
    [format!("api-{name}"), format!("user-{name}")]
}

fn write_workspace(work: &Path, members: &[String]) {
    let repo = common::repo::root();
    fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = {members:?}\n\n[workspace.dependencies]\n\
             wxapi-runtime = {{ path = {:?} }}\n",
            repo.join("runtime").display().to_string()
        ),
    )
    .expect("workspace manifest");
    fs::copy(repo.join("Cargo.lock"), work.join("Cargo.lock")).expect("lock file");
}

/// The rendered compiler errors in `cargo --message-format=json` output, by package name.
fn errors_by_package(json_lines: &str) -> BTreeMap<String, String> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in json_lines.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let package = message["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .replace('_', "-");
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        errors.entry(package).or_default().push_str(rendered);
    }
    errors
}
