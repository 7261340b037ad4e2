//! spec/README.md §14 lists every rule `wxapi-codegen diff` reports, from the rule catalogue
//! itself; `WXAPI_BLESS=1 cargo test -p wxapi-codegen --test it diff_rules` rewrites it.

use std::path::Path;

use wxapi_codegen::diff::Rule;

const START: &str = "<!-- diff rules: generated from generator/src/diff/rules.rs -->\n";
const END: &str = "<!-- end of diff rules -->";

fn rule_table() -> String {
    let mut out = String::from(
        "| Rule | Level | Version bump | Meaning | Example edit |\n|---|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | `{}` |\n",
            rule.id(),
            rule.level().as_str(),
            rule.level().semver(),
            rule.meaning().replace('|', "\\|"),
            rule.example().replace('|', "\\|"),
        ));
    }
    out
}

#[test]
fn the_spec_readme_lists_every_diff_rule() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/README.md");
    let readme = std::fs::read_to_string(&path).expect("spec/README.md");
    let start = readme
        .find(START)
        .expect("spec/README.md has the diff-rule markers")
        + START.len();
    let end = readme[start..].find(END).expect("the end marker") + start;
    let table = rule_table();
    if std::env::var_os("WXAPI_BLESS").is_some() {
        let fresh = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, fresh).expect("bless spec/README.md");
        return;
    }
    assert_eq!(
        readme[start..end],
        table,
        "spec/README.md's diff-rule table is stale: rerun with WXAPI_BLESS=1 \
         (cargo test -p wxapi-codegen --test it diff_rules)"
    );
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let mut seen = std::collections::HashSet::new();
    for rule in Rule::ALL {
        let id = rule.id();
        assert!(seen.insert(id), "`{id}` twice");
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !id.starts_with('-'),
            "`{id}` is not kebab-case"
        );
    }
}
