//! The corpus of broken specs: every mistake a maintainer can make, each a minimal spec
//! tree under `tests/bad/<case>/spec/` with the diagnostics it must produce drawn in
//! `tests/bad/<case>/expected.txt` (miette, no colour, 100 columns).
//!
//! A few cases can't sensibly be files in the repository (a file over the size limit, one
//! nested too deep, an alias bomb): they are built in code below, and their expected
//! output lives in the same place.
//!
//! `WXAPI_BLESS=1 cargo test -p wxapi-codegen --test it bad_specs` rewrites the expected files;
//! review them like code.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use wxapi_codegen::{generate, render, Code, Error, Format, Options, SpecTree};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// Cases built in code, by folder name.
fn synthesized(name: &str) -> Option<SpecTree> {
    let file = |rel: &str, bytes: Vec<u8>| SpecTree {
        display_root: "spec".to_owned(),
        files: vec![(rel.to_owned(), bytes)],
    };
    match name {
        "huge_file" => {
            let mut text = String::from(
                "id: huge\ntitle: Huge\nhttp: { method: POST, path: /wxa/huge }\ndoc: |\n",
            );
            while text.len() <= (1 << 20) {
                text.push_str(
                    "  padding padding padding padding padding padding padding padding\n",
                );
            }
            Some(file("endpoints/huge.yaml", text.into_bytes()))
        }
        "deep_nesting" => {
            let depth = 130; // serde_yaml stops at 128
            let text = format!(
                "id: deep\ntitle: Deep\nhttp: {{ method: POST, path: /wxa/deep }}\ndoc: {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            Some(file("endpoints/deep.yaml", text.into_bytes()))
        }
        "deep_block_mapping" => {
            // `levelN:` sits at nesting level N (the top-level mapping is level 1), one more
            // space of indentation each: the diagnostic points at `level129`.
            let mut text =
                String::from("id: deep\ntitle: Deep\nhttp: { method: POST, path: /wxa/deep }\n");
            for level in 1..200usize {
                text.push_str(&format!("{}level{level}:\n", " ".repeat(level - 1)));
            }
            Some(file("endpoints/deep.yaml", text.into_bytes()))
        }
        "deep_unclosed_brackets" => {
            // Never closed, and more than the event parser's 255 flow levels on one line.
            let text = format!(
                "id: deep\ntitle: Deep\nhttp: {{ method: POST, path: /wxa/deep }}\ndoc: {}\nauth: none\n",
                "[".repeat(300)
            );
            Some(file("endpoints/deep.yaml", text.into_bytes()))
        }
        "alias_bomb" => {
            let mut text = String::from("id: bomb\ntitle: Bomb\nhttp: { method: POST, path: /wxa/bomb }\na: &a [x, x, x, x, x, x, x, x, x]\n");
            let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
            let mut previous = "a";
            for name in names {
                let refs = vec![format!("*{previous}"); 9].join(", ");
                text.push_str(&format!("{name}: &{name} [{refs}]\n"));
                previous = name;
            }
            Some(file("endpoints/bomb.yaml", text.into_bytes()))
        }
        _ => None,
    }
}

/// The diagnostics of one case, drawn; panics are caught and reported as the case's failure.
fn run_case(tree: &SpecTree) -> Result<String, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(tree, &Options::checked_in())));
    match outcome {
        Err(_) => Err("the generator panicked".to_owned()),
        Ok(Ok(generated)) if generated.diagnostics.is_empty() => {
            Err("the spec generated without a single diagnostic".to_owned())
        }
        Ok(Ok(generated)) => Ok(render(&generated.diagnostics, tree, Format::Human)),
        Ok(Err(Error::Spec(dx))) => Ok(render(&dx, tree, Format::Human)),
        Ok(Err(other)) => Err(format!("not a spec diagnostic: {other}")),
    }
}

#[test]
fn every_broken_spec_gets_its_diagnostics() {
    let bless = std::env::var_os("WXAPI_BLESS").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("tests/bad exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let tree = match synthesized(&name) {
            Some(tree) => tree,
            None => {
                let mut tree =
                    SpecTree::read(&case.join("spec")).expect("the case has a spec/ folder");
                tree.display_root = "spec".to_owned();
                tree
            }
        };
        let actual = match run_case(&tree) {
            Ok(text) => text,
            Err(why) => {
                failures.push(format!("{name}: {why}"));
                continue;
            }
        };
        let expected_path = case.join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).expect("bless writes");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: diagnostics differ\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        cases.len() >= 40,
        "the corpus has {} cases; it should have at least 40",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed (re-bless with WXAPI_BLESS=1 if the change is intended):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every code of the catalogue has a case that shows it: the drawing starts each diagnostic
/// with its code on a line of its own.
#[test]
fn every_diagnostic_code_has_a_case() {
    let mut shown = std::collections::HashSet::new();
    for entry in fs::read_dir(corpus()).expect("tests/bad exists") {
        let expected = entry.expect("entry").path().join("expected.txt");
        let text = fs::read_to_string(&expected).unwrap_or_default();
        shown.extend(text.lines().map(|l| l.trim().to_owned()));
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !shown.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a case under tests/bad/: {missing:?}"
    );
}
