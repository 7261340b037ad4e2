//! The loader and the validator never panic, whatever they are fed: arbitrary bytes,
//! arbitrary YAML built from the spec's own vocabulary, the real spec files with random
//! damage, documents nested around the depth limit, and large documents up to (and just
//! past) the 1 MiB file limit built from pieces repeated thousands of times. A short run
//! here (CI); the long run is the cargo-fuzz target in `fuzz/` (see `fuzz/README.md`).

use proptest::prelude::*;
use wxapi_codegen::phases::load::{MAX_DEPTH, MAX_FILE_BYTES};
use wxapi_codegen::{Diagnostic, Diagnostics, SpecTree};

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
    let builtins = wxapi_codegen::phases::model::BUILTIN_NAMES.iter();
    builtins.chain(OTHER_WORDS).copied().collect()
}

fn check(files: Vec<(String, Vec<u8>)>) -> Vec<Diagnostic> {
    use wxapi_codegen::{render, Format};
    let tree = SpecTree {
        display_root: "spec".into(),
        files,
    };
    let mut dx = Diagnostics::default();
    let _ = wxapi_codegen::check(&tree, &mut dx);
    // Rendering touches every span: it must not panic either.
    let _ = render(&dx, &tree, Format::Human);
    dx.sorted()
}

/// miette panics drawing a column past 65,535; such a place is drawn in a window instead.
#[test]
fn a_place_past_column_65535_is_drawn() {
    // A syntax error at the end of a 70,000-character line.
    let text = format!("id: x\ndoc: \"{}\" ]\n", "x".repeat(70_000));
    let tree = SpecTree {
        display_root: "spec".into(),
        files: vec![("endpoints/e.yaml".into(), text.into_bytes())],
    };
    let mut dx = Diagnostics::default();
    let _ = wxapi_codegen::check(&tree, &mut dx);
    let drawn = wxapi_codegen::render(&dx, &tree, wxapi_codegen::Format::Human);
    assert!(drawn.contains("spec/endpoints/e.yaml:2:"), "{drawn}");
    assert!(
        drawn.len() < 2_000,
        "a window of the line, not all of it: {drawn}"
    );
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

/// How deep a value nests: collections count, empty ones too (each is an event).
fn depth(value: &serde_yaml::Value) -> usize {
    match value {
        serde_yaml::Value::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        serde_yaml::Value::Mapping(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        serde_yaml::Value::Tagged(tagged) => depth(&tagged.value),
        _ => 0,
    }
}

/// A spec-like document nested 100 to 200 levels deep (the limit is 128), by lists and
/// mappings in any order, written out by serde_yaml (block style, compact `- - x` lists).
fn nested_document() -> impl Strategy<Value = serde_yaml::Value> {
    let wrappers = prop::collection::vec(prop::option::of(prop::sample::select(KEYS)), 99..200);
    (yaml_value(), wrappers).prop_map(|(leaf, wrappers)| {
        let mut value = leaf;
        for wrapper in wrappers {
            value = match wrapper {
                None => serde_yaml::Value::Sequence(vec![value]),
                Some(key) => {
                    let mut map = serde_yaml::Mapping::new();
                    map.insert(serde_yaml::Value::String(key.to_owned()), value);
                    serde_yaml::Value::Mapping(map)
                }
            };
        }
        let mut top = serde_yaml::Mapping::new();
        top.insert("id".into(), "deep".into());
        top.insert("doc".into(), value);
        serde_yaml::Value::Mapping(top)
    })
}

/// Pieces of YAML that make a document deep, wide or long when repeated: brackets opened
/// and closed, block lists and keys, scalars, quotes, comments, anchors.
const PIECES: &[&str] = &[
    "[", "]", "{a: ", "}", "[x, ", "{k: v, ", ", ", "- ", "? ", ": ", "k: v\n", "  ", "\n", "x",
    "中", "\"", "'", "# c\n", "&a ", "*a ", "!t ", "|\n", "\t",
];

/// A document of up to eight runs of a piece, each repeated up to 200,000 times, after a
/// real-looking head: up to a little over the 1 MiB file limit.
fn large_document() -> impl Strategy<Value = String> {
    let runs = prop::collection::vec((prop::sample::select(PIECES), 1usize..200_000), 1..8);
    let head = prop::sample::select(&["", "id: x\ntitle: X\ndoc: ", "errors:\n  1: "][..]);
    (head, runs).prop_map(|(head, runs)| {
        let cap = MAX_FILE_BYTES + 16;
        let mut text = head.to_owned();
        for (piece, times) in runs {
            let room = cap.saturating_sub(text.len()) / piece.len();
            text.push_str(&piece.repeat(times.min(room)));
        }
        text
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

proptest! {
    // Each case is up to a megabyte through a debug build: a few suffice for CI, and the
    // fuzzer (`-max_len=1048576`) does the long run.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn nested_around_the_depth_limit(place in prop::sample::select(PLACES), doc in nested_document()) {
        let text = serde_yaml::to_string(&doc).unwrap_or_default();
        let diags = check(vec![(place.to_owned(), text.into_bytes())]);
        let too_deep = diags.iter().filter(|d| d.code == "too-deep").count();
        if depth(&doc) > MAX_DEPTH {
            // One diagnostic, where the limit is crossed, and nothing else about the file.
            prop_assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["too-deep"]);
        } else {
            prop_assert_eq!(too_deep, 0);
        }
    }

    #[test]
    fn large_documents(place in prop::sample::select(PLACES), text in large_document()) {
        let diags = check(vec![(place.to_owned(), text.into_bytes())]);
        prop_assert!(diags.iter().filter(|d| d.code == "too-deep").count() <= 1);
    }
}
