//! The catalogue of diagnostic codes: every kind of problem the generator reports, with its
//! severity, what it means, an example of spec text that causes it, and the label drawn
//! under the node.
//!
//! The code strings are stable: snapshots, `--format json` consumers and people's searches
//! use them. `spec/README.md` lists this catalogue (its test keeps the two in step), and
//! every code has a case in the broken-spec corpus `generator/tests/bad/`.

use super::Severity;

macro_rules! severity {
    (Error) => {
        Some(Severity::Error)
    };
    (Warning) => {
        Some(Severity::Warning)
    };
    (Either) => {
        None
    };
}

macro_rules! catalogue {
    ($($variant:ident: $code:literal, $severity:ident, $label:literal,
        $meaning:literal, $example:literal;)*) => {
        /// A kind of problem. [`Code::as_str`] is the name users see, e.g. `unknown-type`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, loading problems first, then validation's.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `unknown-type`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// `None` for a code whose severity is that of the problems it stands for.
            pub const fn severity(self) -> Option<Severity> {
                match self {
                    $(Code::$variant => severity!($severity),)*
                }
            }

            /// What the problem is, in one line.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }

            /// A short piece of spec text that causes it.
            pub const fn example(self) -> &'static str {
                match self {
                    $(Code::$variant => $example,)*
                }
            }

            /// The short label drawn under the node.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Code::$variant => $label,)*
                }
            }
        }
    };
}

catalogue! {
    // Loading: files, YAML, and the shape of each kind of file.
    UnknownFile: "unknown-file", Error, "here",
        "a file outside the folders the generator reads",
        "# spec/notes/todo.yaml: notes/ is not a folder of the spec";
    FileTooLarge: "file-too-large", Error, "here",
        "a spec file over 1 MiB",
        "# doc: a whole web page pasted in, over 1 MiB";
    NotUtf8: "not-utf8", Error, "here",
        "a file that is not UTF-8 text",
        "# a file saved as GBK";
    EmptyFile: "empty-file", Error, "here",
        "a file with nothing in it but comments",
        "# TODO";
    YamlSyntax: "yaml-syntax", Error, "the YAML breaks here",
        "text that is not YAML",
        "http: { method: POST, path: /wxa/x";
    DuplicateKey: "duplicate-key", Error, "declared again here",
        "a key written twice in one mapping (the first one is kept)",
        "{ type: string, type: integer }";
    TooDeep: "too-deep", Error, "here",
        "nesting deeper than a spec file may go (128 levels)",
        "doc: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[  # and deeper";
    NotAMapping: "not-a-mapping", Error, "here",
        "a file whose top level is not a mapping of keys",
        "- id: msg_sec_check";
    UnknownKey: "unknown-key", Error, "not a key here",
        "a key the format does not have at this place (often a typo)",
        "titel: Check";
    MissingKey: "missing-key", Error, "a required key is missing here",
        "a key the node needs is absent",
        "tags: { type: array, doc: Tags. }";
    WrongType: "wrong-type", Error, "this value",
        "a value of the wrong YAML kind for its key",
        "idempotent: 1";
    // Validation: names.
    BadIdentifier: "bad-identifier", Error, "here",
        "a name that can't become the Rust identifier it must be",
        "id: MsgSecCheck";
    DuplicateId: "duplicate-id", Error, "declared again here",
        "two endpoints, or two services, with one id",
        "id: msg_sec_check  # in two endpoint files";
    DuplicateName: "duplicate-name", Error, "declared again here",
        "two things that need the same Rust name",
        "errors: { 1: { name: Busy, message: a }, 2: { name: Busy, message: b } }";
    DuplicateType: "duplicate-type", Error, "declared again here",
        "a type name declared twice",
        "SecResult: { type: object, fields: {} }  # in two types files";
    NameCollision: "name-collision", Error, "here",
        "two fields that become one Rust field name",
        "fields: { userId: { type: string }, user_id: { type: string } }";
    // Validation: types and fields.
    UnknownType: "unknown-type", Error, "this type is not declared",
        "a type that is neither built in nor declared",
        "scene: { type: SecScne, doc: The scene. }";
    BadNamedType: "bad-named-type", Error, "here",
        "a named type that is not an object or an enum",
        "types: { OpenId: { type: string } }";
    MisplacedKey: "misplaced-key", Error, "here",
        "a key the format has, but not on this node",
        "content: { type: string, format: i32 }";
    BadValue: "bad-value", Error, "this value",
        "a value outside the ones this key takes",
        "http: { method: PUT, path: /wxa/x }";
    TypeMismatch: "type-mismatch", Error, "this value",
        "a `const` or `default` that does not fit the field's type",
        "version: { type: integer, const: two }";
    ConstOptional: "const-optional", Error, "here",
        "a `const` field marked optional (it is always sent)",
        "version: { type: integer, const: 2, required: false }";
    MixedEnum: "mixed-enum", Error, "here",
        "an enum with both string and integer values",
        "values: [ { value: pass }, { value: 100, name: Risky } ]";
    EmptyEnum: "empty-enum", Error, "here",
        "an enum without values",
        "{ type: enum, values: [] }";
    DuplicateValue: "duplicate-value", Error, "declared again here",
        "an enum value listed twice",
        "values: [ { value: pass }, { value: pass } ]";
    TypeCycle: "type-cycle", Error, "here",
        "a struct that holds itself, so it would have infinite size",
        "Comment: { type: object, fields: { reply: { type: Comment } } }";
    UnusedType: "unused-type", Warning, "here",
        "a shared type no endpoint or service uses",
        "OldResult: { type: object, fields: {} }  # in spec/types/, used nowhere";
    // Validation: endpoints and services.
    DuplicatePath: "duplicate-path", Error, "declared again here",
        "two endpoints with one method, path and `api_version`",
        "http: { method: POST, path: /wxa/msg_sec_check }  # in two endpoint files";
    GetWithBody: "get-with-body", Error, "here",
        "a GET request with a body",
        "http: { method: GET, path: /x }, request: { body: json }";
    FieldWithoutBody: "field-without-body", Error, "here",
        "a field that travels in the body of a request without one",
        "request: { body: none, fields: { a: { type: string, in: body } } }";
    BadQueryField: "bad-query-field", Error, "here",
        "a query parameter that is not a single value",
        "tags: { type: array, items: string, in: query }";
    BadMultipartField: "bad-multipart-field", Error, "here",
        "a multipart part that is not a file or a single value",
        "request: { body: multipart, fields: { meta: { type: json } } }";
    MultipartWithoutFile: "multipart-without-file", Error, "here",
        "a multipart body without a file part",
        "request: { body: multipart, fields: { name: { type: string } } }";
    BadBinaryBody: "bad-binary-body", Error, "here",
        "a binary body that is not exactly one `bytes` or `file` field",
        "request: { body: binary, fields: { a: { type: bytes }, b: { type: bytes } } }";
    FileOutsideUpload: "file-outside-upload", Error, "here",
        "a file field in a request that is not an upload",
        "request: { body: json, fields: { media: { type: file } } }";
    BadOneOf: "bad-one-of", Error, "here",
        "a `one_of` outside a multipart request, with fewer than two alternatives, or with one that can't travel as a query parameter or a part",
        "response: { fields: { image: { type: one_of, fields: { a: { type: string }, b: { type: string } } } } }";
    BinaryResponseFields: "binary-response-fields", Error, "here",
        "fields on a response whose success is a file's bytes",
        "response: { body: binary, fields: { url: { type: string } } }";
    SecurityModeUpload: "security-mode-upload", Error, "here",
        "API security mode on an upload, which WeChat does not encrypt, or on a file answer",
        "security_mode: true, request: { body: multipart }";
    UnknownEndpoint: "unknown-endpoint", Error, "here",
        "a service that goes through an endpoint the spec does not declare",
        "via: invoke_servce";
    UnlistedGroup: "unlisted-group", Error, "in this folder",
        "an endpoint folder that `spec/groups.yaml` does not list",
        "# spec/endpoints/nearby/add_nearby_poi.yaml, and no nearby: in groups.yaml";
    EmptyGroup: "empty-group", Warning, "here",
        "a group in `spec/groups.yaml` with no endpoint folder",
        "groups: { nearbi: { title: 附近小程序 } }";
    NoDoc: "no-doc", Warning, "here",
        "an endpoint without a `doc`",
        "id: msg_sec_check  # and no doc:";
    // Validation: error tables.
    CommonCodeClash: "common-code-clash", Error, "already in the common table",
        "an endpoint's own error code that the common table declares",
        "errors: { -1: { name: SystemBusy, message: busy } }";
    UnknownCode: "unknown-code", Error, "here",
        "an error code the common table (or the endpoint) does not declare",
        "common_errors: [12345]";
    DuplicateCode: "duplicate-code", Error, "declared again here",
        "a code listed twice in `common_errors`",
        "common_errors: [-1, -1]";
    NoSolution: "no-solution", Warning, "here",
        "an error code without a `solution`",
        "-1: { name: SystemBusy, message: system error }";
    // Validation: examples.
    ExampleMismatch: "example-mismatch", Error, "this part of the example",
        "an example the declared types would reject",
        "response: { errcode: 0, count: three }";
    ExampleUnknownValue: "example-unknown-value", Warning, "here",
        "an example value of an enum that the enum does not list",
        "response: { errcode: 0, suggest: maybe }";
    EmptyExample: "empty-example", Error, "here",
        "an example without its request, response, data or result",
        "examples: [ { title: Nothing } ]";
    NoExample: "no-example", Warning, "here",
        "an endpoint with response fields and no response example",
        "response: { fields: { suggest: { type: string } } }  # and no examples:";
    // Rendering.
    MoreInFile: "more-in-file", Either, "here",
        "the problems of a file past the first 50, counted instead of shown",
        "# a file with 60 problems";
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// The catalogue as the markdown table `spec/README.md` shows.
    pub fn markdown_table() -> String {
        let mut out = String::from("| Code | Severity | Meaning | Example |\n|---|---|---|---|\n");
        for code in Code::ALL {
            let severity = match code.severity() {
                Some(Severity::Error) => "error",
                Some(Severity::Warning) => "warning",
                None => "error or warning",
            };
            out.push_str(&format!(
                "| `{}` | {severity} | {} | `{}` |\n",
                code.as_str(),
                code.meaning(),
                code.example()
            ));
        }
        out
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const README_START: &str =
        "<!-- diagnostic codes: generated from generator/src/diag/codes.rs -->\n";
    const README_END: &str = "<!-- end of diagnostic codes -->";

    #[test]
    fn codes_are_unique_kebab_case_and_their_texts_fit_a_table_cell() {
        for (i, code) in Code::ALL.iter().enumerate() {
            let name = code.as_str();
            assert!(
                name.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            assert!(!Code::ALL[..i].contains(code), "{name} twice");
            assert!(!code.meaning().contains(['|', '\n']), "{name}");
            assert!(!code.example().contains(['|', '`', '\n']), "{name}");
        }
    }

    /// The code list of `spec/README.md` is this catalogue; `WXAPI_BLESS=1` rewrites it.
    #[test]
    fn the_spec_readme_lists_the_catalogue() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/README.md");
        let readme = std::fs::read_to_string(&path).expect("spec/README.md reads");
        let (Some(start), Some(end)) = (readme.find(README_START), readme.find(README_END)) else {
            panic!("spec/README.md lacks the markers of the code list");
        };
        let listed = &readme[start + README_START.len()..end];
        let table = Code::markdown_table();
        if listed != table && std::env::var_os("WXAPI_BLESS").is_some() {
            let updated = format!(
                "{}{table}{}",
                &readme[..start + README_START.len()],
                &readme[end..]
            );
            std::fs::write(&path, updated).expect("spec/README.md writes");
            return;
        }
        assert_eq!(
            listed, table,
            "spec/README.md's code list is stale: rerun with WXAPI_BLESS=1"
        );
    }
}
