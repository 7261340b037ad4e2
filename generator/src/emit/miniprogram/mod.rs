//! Stage 3c: the checked model -> TypeScript declarations for the mini-program side of the
//! service market (`wx.serviceMarket`), rendered with minijinja from the templates in
//! the crate's `templates/miniprogram/` (built in; a directory can override them).
//!
//! One file, `miniprogram/service-market.d.ts`: every service's data and result as
//! interfaces, `invokeService` typed per service id and API name (any other pair falls back
//! to untyped data), `getAsyncResult`, the `CDN` marker and the error codes.

#[cfg(feature = "docs")]
mod render;
#[cfg(feature = "docs")]
mod ts;
#[cfg(feature = "docs")]
mod view;

#[cfg(feature = "docs")]
pub use render::render;

#[cfg(feature = "docs")]
use super::templates::BuiltIn;

#[cfg(feature = "docs")]
/// Where the typings go, relative to the output directory.
pub const PATH: &str = "miniprogram/service-market.d.ts";

#[cfg(feature = "docs")]
/// The built-in templates, from the crate's `templates/miniprogram/`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "_macros.d.ts.j2",
        include_str!("../../../templates/miniprogram/_macros.d.ts.j2"),
    ),
    (
        "service-market.d.ts.j2",
        include_str!("../../../templates/miniprogram/service-market.d.ts.j2"),
    ),
];

#[cfg(feature = "docs")]
/// The mini-program templates: the built-in ones, each possibly replaced from a directory.
pub type Templates = super::templates::Templates<Miniprogram>;

#[cfg(feature = "docs")]
/// The marker for this emitter's built-in templates.
#[derive(Debug, Clone)]
pub enum Miniprogram {}

#[cfg(feature = "docs")]
impl BuiltIn for Miniprogram {
    const TEMPLATES: &'static [(&'static str, &'static str)] = BUILT_IN;
}

/// The typings could not be rendered: a broken template, or a spec name that clashes with
/// another declaration of the file.
#[derive(Debug, thiserror::Error)]
#[error("mini-program typings ({template}): {message}")]
pub struct MiniprogramError {
    pub template: String,
    pub message: String,
}

#[cfg(all(test, feature = "docs"))]
mod tests {
    use crate::{generate, Error, Options, SpecTree};

    /// The repository's spec with `services/zz_test.yaml` added.
    fn with_service(yaml: &str) -> SpecTree {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut tree = SpecTree::read(&root).expect("spec/ reads");
        tree.display_root = "spec".to_owned();
        tree.files
            .push(("services/zz_test.yaml".to_owned(), yaml.as_bytes().to_vec()));
        tree
    }

    /// The checked-in options without the docs and the JSON Schema these tests don't read.
    fn typings_only() -> Options {
        Options {
            docs: None,
            schema: false,
            ..Options::checked_in()
        }
    }

    fn typings(tree: &SpecTree) -> String {
        let out = generate(tree, &typings_only()).unwrap_or_else(|e| panic!("{e}"));
        out.files
            .into_iter()
            .find(|f| f.path == super::PATH)
            .expect("the typings are generated")
            .contents
    }

    const SERVICE: &str = r#"
id: zz_test
title: Test */ service
service: wx00000000000000zz
api: ZzTest
async: true
data:
  fields:
    urls: { type: array, items: string, file_url: true, required: true, doc: Image URLs }
    mode: { type: ZzMode, doc: "ends */ early?" }
    version: { type: integer, const: 2, doc: Version }
    "content-type": { type: string }
    blob: { type: json }
result:
  fields:
    kind: { type: ZzMode, required: true }
    kinds: { type: array, items: ZzMode }
    inner: { type: ZzInner }
    raw: { type: json_string, of: ZzInner }
types:
  ZzMode:
    type: enum
    values:
      - { value: fast, name: Fast }
      - { value: "it's", name: Quoted }
  ZzInner:
    type: object
    fields:
      level: { type: ZzLevel, required: true }
  ZzLevel:
    type: enum
    values:
      - { value: 1, name: One }
"#;

    #[test]
    fn renders_async_services_enums_and_file_urls() {
        let text = typings(&with_service(SERVICE));
        for expected in [
            "  interface ZzTestOption extends CommonOption {",
            "    service: 'wx00000000000000zz';",
            "    async: true;",
            "    urls: (string | CDN)[];",
            // Data: the exact union; results: the listed values and any other.
            "    mode?: ZzMode;",
            "  type ZzMode = 'fast' | 'it\\'s';",
            "    kind: ZzMode | (string & {});",
            "    kinds?: (ZzMode | (string & {}))[];",
            "    level: ZzLevel | (number & {});",
            "    version: 2;",
            "    'content-type'?: string;",
            "    blob?: Json;",
            "    raw?: string;",
            "      'ZzTest': {",
            "        data: unknown;",
            "/** ends *\\/ early? */",
            "Test *\\/ service",
        ] {
            assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
        }
    }

    #[test]
    fn a_spec_type_clashing_with_a_declaration_of_the_file_is_an_error() {
        let yaml = SERVICE.replace("ZzInner", "Api").replace(
            "level: { type: ZzLevel, required: true }",
            "n: { type: integer }",
        );
        match generate(&with_service(&yaml), &typings_only()) {
            Err(Error::Miniprogram(e)) => {
                assert!(e.message.contains("`Api` (services/zz_test.yaml:"), "{e}")
            }
            Err(e) => panic!("another error: {e}"),
            Ok(_) => panic!("a type named `Api` must not merge into the typings' own `Api`"),
        }
    }

    #[test]
    fn the_build_script_layout_has_no_typings() {
        let out = generate(
            &with_service(SERVICE),
            &Options::build_script("api.rs", "spec"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.files.iter().all(|f| !f.path.ends_with(".d.ts")));
    }
}
