//! The loader and the validator never panic, whatever they are fed: arbitrary bytes,
//! arbitrary YAML built from the spec's own vocabulary, and the real spec files with random
//! damage. A short run here (CI); the long run is the cargo-fuzz target in `fuzz/`
//! (see `fuzz/README.md`).

use proptest::prelude::*;
use wxapi_codegen::{Diagnostics, SpecTree};

/// Where a file may sit, so every kind of file is exercised.
const PLACES: &[&str] = &[
    "common/errors.yaml",
    "types/t.yaml",
    "endpoints/e.yaml",
    "services/s.yaml",
];

/// Keys and values the spec format knows, so random documents get deep into validation.
const KEYS: &[&str] = &[
    "id",
    "title",
    "doc",
    "http",
    "method",
    "path",
    "auth",
    "request",
    "response",
    "body",
    "fields",
    "type",
    "items",
    "of",
    "values",
    "value",
    "name",
    "required",
    "const",
    "default",
    "in",
    "format",
    "errors",
    "common_errors",
    "examples",
    "types",
    "service",
    "api",
    "data",
    "result",
    "message",
    "solution",
    "retry",
    "refresh_token",
    "sensitive",
    "file_url",
    "via",
    "async",
    "api_version",
    "errcode",
    "errmsg",
    "40001",
    "-1",
    "Scene",
];
/// Values besides the built-in type names.
const OTHER_WORDS: &[&str] = &[
    "Scene",
    "SecDetail",
    "POST",
    "GET",
    "/wxa/x",
    "json",
    "multipart",
    "none",
    "query",
    "i32",
    "u8",
    "x",
    "Risky",
    "type",
    "self",
    "中文",
    "",
];

/// Values the spec format knows: the built-in type names, then the others.
fn words() -> Vec<&'static str> {
    let builtins = wxapi_codegen::model::BUILTIN_NAMES.iter();
    builtins.chain(OTHER_WORDS).copied().collect()
}

fn check(files: Vec<(String, Vec<u8>)>) {
    let tree = SpecTree {
        display_root: "spec".into(),
        files,
    };
    let mut dx = Diagnostics::default();
    let _ = wxapi_codegen::check(&tree, &mut dx);
    // Rendering touches every span: it must not panic either.
    let _ = wxapi_codegen::render::render(&dx, &tree, wxapi_codegen::render::Format::Human);
}

fn yaml_value() -> impl Strategy<Value = serde_yaml::Value> {
    let leaf = prop_oneof![
        Just(serde_yaml::Value::Null),
        any::<bool>().prop_map(serde_yaml::Value::Bool),
        any::<i64>().prop_map(|i| serde_yaml::Value::Number(i.into())),
        prop::sample::select(words()).prop_map(|w| serde_yaml::Value::String(w.to_owned())),
        ".{0,8}".prop_map(serde_yaml::Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_yaml::Value::Sequence),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                serde_yaml::Value::Mapping(
                    entries
                        .into_iter()
                        .map(|(k, v)| {
                            let key = k.parse::<i64>().map_or_else(
                                |_| serde_yaml::Value::String(k.to_owned()),
                                |i| serde_yaml::Value::Number(i.into()),
                            );
                            (key, v)
                        })
                        .collect(),
                )
            }),
        ]
    })
}

/// The repository's spec files, to damage.
fn real_files() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    SpecTree::read(&root).map(|t| t.files).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(place in prop::sample::select(PLACES), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(vec![(place.to_owned(), bytes)]);
    }

    #[test]
    fn arbitrary_text(place in prop::sample::select(PLACES), text in "(\\PC|[\\t\\n :{}\\[\\],&*!|>'\"#-]){0,300}") {
        check(vec![(place.to_owned(), text.into_bytes())]);
    }

    #[test]
    fn well_formed_but_wrong_yaml(docs in prop::collection::vec((prop::sample::select(PLACES), yaml_value()), 1..4)) {
        let files = docs
            .into_iter()
            .enumerate()
            .map(|(i, (place, doc))| {
                let place = place.replace(".yaml", &format!("{i}.yaml")).replace("common/errors0.yaml", "common/errors.yaml");
                (place, serde_yaml::to_string(&doc).unwrap_or_default().into_bytes())
            })
            .collect();
        check(files);
    }

    #[test]
    fn damaged_real_specs(cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..4), 1..6)) {
        let mut files = real_files();
        prop_assume!(!files.is_empty());
        for (file, at, how) in cuts {
            let which = file.index(files.len());
            let (_, bytes) = &mut files[which];
            if bytes.is_empty() {
                continue;
            }
            let i = at.index(bytes.len());
            match how {
                0 => { bytes.remove(i); }
                1 => bytes.insert(i, b':'),
                2 => bytes.insert(i, b'\n'),
                _ => bytes.truncate(i),
            }
        }
        check(files);
    }
}
