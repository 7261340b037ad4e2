//! The JSON Schema of the spec format, generated from the very types the loader decodes
//! (`load/raw.rs`), so the schema can't drift from what the generator accepts.
//!
//! One schema per kind of file. Editors with the YAML language server validate and complete
//! a spec file as it is typed when the file's first line names its schema:
//! `# yaml-language-server: $schema=<relative path>/generated/schema/endpoint.schema.json`.

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

#[cfg(feature = "schema")]
use crate::load::raw::{RawCommonErrors, RawEndpoint, RawGroups, RawService, RawTypeGroup};
#[cfg(feature = "schema")]
use crate::write::{OutFile, MARKER};

/// A kind of spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Endpoint,
    Service,
    Types,
    Errors,
    Groups,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Endpoint,
        Kind::Service,
        Kind::Types,
        Kind::Errors,
        Kind::Groups,
    ];

    /// The schema's file name under `schema/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Endpoint => "endpoint.schema.json",
            Kind::Service => "service.schema.json",
            Kind::Types => "types.schema.json",
            Kind::Errors => "errors.schema.json",
            Kind::Groups => "groups.schema.json",
        }
    }

    /// Where files of this kind live in the spec folder.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Endpoint => "endpoints/**/*.yaml",
            Kind::Service => "services/**/*.yaml",
            Kind::Types => "types/*.yaml",
            Kind::Errors => "common/errors.yaml",
            Kind::Groups => "groups.yaml",
        }
    }
}

/// The schema of one kind of file, as JSON.
#[cfg(feature = "schema")]
pub fn schema(kind: Kind) -> serde_json::Value {
    let mut generator = SchemaGenerator::default();
    let body: Schema = match kind {
        Kind::Endpoint => RawEndpoint::json_schema(&mut generator),
        Kind::Service => RawService::json_schema(&mut generator),
        Kind::Types => RawTypeGroup::json_schema(&mut generator),
        Kind::Errors => RawCommonErrors::json_schema(&mut generator),
        Kind::Groups => RawGroups::json_schema(&mut generator),
    };
    let definitions = generator.take_definitions(true);
    let mut out = serde_json::Map::new();
    out.insert(
        "$comment".into(),
        format!(
            "{MARKER} from the loader's types; regenerate: cargo run -p wxapi-codegen -- generate"
        )
        .into(),
    );
    out.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    if let serde_json::Value::Object(body) = body.to_value() {
        out.extend(body);
    }
    if !definitions.is_empty() {
        out.insert("$defs".into(), definitions.into());
    }
    serde_json::Value::Object(out)
}

/// Every schema as an output file, `schema/<kind>.schema.json`.
#[cfg(feature = "schema")]
pub fn files() -> Vec<OutFile> {
    Kind::ALL
        .iter()
        .map(|kind| OutFile {
            path: format!("schema/{}", kind.file_name()),
            contents: format!(
                "{}\n",
                serde_json::to_string_pretty(&schema(*kind)).unwrap_or_default()
            ),
        })
        .collect()
}

#[cfg(all(test, feature = "schema"))]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_on_the_first_lines() {
        for file in files() {
            let head: Vec<&str> = file.contents.lines().take(3).collect();
            assert!(
                head.iter().any(|l| l.contains(MARKER)),
                "{}: {head:?}",
                file.path
            );
        }
    }

    #[test]
    fn the_endpoint_schema_knows_every_key_and_refuses_others() {
        let schema = schema(Kind::Endpoint);
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "id",
            "title",
            "http",
            "request",
            "response",
            "errors",
            "common_errors",
            "examples",
        ] {
            assert!(keys.contains(&key), "{key} in {keys:?}");
        }
        assert_eq!(schema["additionalProperties"], false);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(required, ["id", "title", "http"]);
    }
}
