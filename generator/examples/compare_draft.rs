//! Compares an imported draft with the spec's own file for the same endpoint: method, path,
//! auth, request and response field names with their required flags, and error codes (own
//! and common). Prints the differences; exits 1 when there are some. Used by
//! `scripts/import-compare.sh`.
//!
//! ```sh
//! cargo run -p wxapi-codegen --example compare_draft -- spec drafts/get_phone_number.yaml get_phone_number
//! ```

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use wxapi_codegen::{Diagnostics, SpecTree};

/// The facts compared, as sorted text lines.
fn facts(spec: &SpecTree, id: &str) -> Result<BTreeSet<String>, String> {
    let mut dx = Diagnostics::default();
    let model = wxapi_codegen::check(spec, &mut dx)
        .ok_or_else(|| format!("{} doesn't validate:\n{dx}", spec.display_root))?;
    let e = model
        .endpoints
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| format!("no endpoint `{id}` in {}", spec.display_root))?;
    let mut out = BTreeSet::new();
    out.insert(format!("http {:?} {}", e.method, e.path));
    out.insert(format!("auth {:?}", e.auth));
    out.insert(format!("signature {:?}", e.signature));
    out.insert(format!("response body {:?}", e.response_body));
    for f in &e.request.fields {
        out.insert(format!("request {} required={}", f.wire, f.required));
    }
    for f in &e.response.fields {
        out.insert(format!("response {}", f.wire));
    }
    for c in &e.errors.codes {
        out.insert(format!("error {}", c.code));
    }
    for c in &e.common_errors {
        out.insert(format!("error {c}"));
    }
    Ok(out)
}

fn run(args: &[String]) -> Result<bool, String> {
    let [spec, draft, id] = args else {
        return Err("usage: compare_draft SPEC_DIR DRAFT.yaml ENDPOINT_ID".into());
    };
    let spec_tree = SpecTree::read(Path::new(spec)).map_err(|e| e.to_string())?;
    let common = std::fs::read(Path::new(spec).join("common/errors.yaml"))
        .map_err(|e| format!("{spec}/common/errors.yaml: {e}"))?;
    let draft_text = std::fs::read_to_string(draft).map_err(|e| format!("{draft}: {e}"))?;
    // The draft under the spec's id, so the two are compared as one endpoint.
    let draft_id = draft_text
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let renamed = draft_text.replacen(&format!("id: {draft_id}"), &format!("id: {id}"), 1);
    let draft_tree = SpecTree {
        display_root: draft.clone(),
        files: vec![
            ("common/errors.yaml".into(), common),
            (format!("endpoints/{id}.yaml"), renamed.into_bytes()),
        ],
    };
    let theirs = facts(&spec_tree, id)?;
    let ours = facts(&draft_tree, id)?;
    let only_spec: Vec<_> = theirs.difference(&ours).collect();
    let only_draft: Vec<_> = ours.difference(&theirs).collect();
    println!(
        "{id}: {} facts in common, {} only in the spec, {} only in the draft",
        theirs.intersection(&ours).count(),
        only_spec.len(),
        only_draft.len()
    );
    for fact in &only_spec {
        println!("  spec only:  {fact}");
    }
    for fact in &only_draft {
        println!("  draft only: {fact}");
    }
    Ok(only_spec.is_empty() && only_draft.is_empty())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
