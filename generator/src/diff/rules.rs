//! The catalogue of spec-evolution rules: every kind of change `diff` reports between two
//! specs, with its level and what it means for the generated crate's version.
//!
//! The rule ids are stable (like buf's and oasdiff's): CI configurations, `--format json`
//! consumers and people's searches use them.

/// How much a change matters to code built on the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing a user wrote can stop compiling or behave differently.
    Info,
    /// Code still compiles, but calls behave differently (a path, a method, auth).
    Warning,
    /// Code written against the old crate may stop compiling: a major version.
    Breaking,
}

impl Level {
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }

    /// The version bump a change of this level needs (before 1.0, a minor one for breaking).
    pub const fn semver(self) -> &'static str {
        match self {
            Level::Info => "patch or minor",
            Level::Warning => "minor",
            Level::Breaking => "major",
        }
    }

    /// [`Level::semver`] in a sentence about the generated crate.
    pub const fn semver_note(self) -> &'static str {
        match self {
            Level::Info => "any version bump will do",
            Level::Warning => "the generated crate needs at least a minor version",
            Level::Breaking => "the generated crate needs a major version (a minor one before 1.0)",
        }
    }
}

macro_rules! rules {
    ($($variant:ident: $id:literal, $level:ident, $meaning:literal, $example:literal;)*) => {
        /// A kind of change. [`Rule::id`] is the name users see, e.g. `response-field-removed`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order the docs list them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case id.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            pub const fn level(self) -> Level {
                match self {
                    $(Rule::$variant => Level::$level,)*
                }
            }

            /// What changed, in one line.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(Rule::$variant => $meaning,)*
                }
            }

            /// A spec edit that triggers it.
            pub const fn example(self) -> &'static str {
                match self {
                    $(Rule::$variant => $example,)*
                }
            }
        }
    };
}

rules! {
    // Endpoints and services.
    EndpointRemoved: "endpoint-removed", Breaking,
        "an endpoint is gone: its client method and types with it",
        "delete spec/endpoints/security/msg_sec_check_v1.yaml";
    EndpointAdded: "endpoint-added", Info,
        "a new endpoint",
        "add spec/endpoints/nearby/add_nearby_poi.yaml";
    EndpointRouteChanged: "endpoint-route-changed", Warning,
        "an endpoint's method or path changed: the same call goes elsewhere",
        "http: { method: GET, path: /x } -> { method: POST, path: /x }";
    EndpointAuthChanged: "endpoint-auth-changed", Warning,
        "an endpoint authenticates differently (token, app secret, none, signature)",
        "auth: access_token -> auth: app_secret";
    EndpointGroupChanged: "endpoint-group-changed", Breaking,
        "an endpoint moved to another group: crates that enable only the old group's feature lose it",
        "move a file from endpoints/user/ to endpoints/login/";
    EndpointResponseKindChanged: "endpoint-response-kind-changed", Breaking,
        "an endpoint's success changed between a JSON response and a file's bytes",
        "response: { fields: … } -> response: { body: binary }";
    ServiceRemoved: "service-removed", Breaking,
        "a service-market API is gone",
        "delete spec/services/multilingual_mt.yaml";
    ServiceAdded: "service-added", Info,
        "a new service-market API",
        "add spec/services/tencent_map_geoc.yaml";
    // Fields of what the client sends (requests, service data, types reachable from them).
    RequestFieldRemoved: "request-field-removed", Breaking,
        "a field of something sent is gone: its setter or constructor argument with it",
        "request: { fields: { scene: … } } -> the field deleted";
    RequestFieldAddedRequired: "request-field-added-required", Breaking,
        "a new required field of something sent: `new(..)` takes one more argument",
        "request: { fields: { version: { type: integer, required: true } } }";
    RequestFieldAddedOptional: "request-field-added-optional", Info,
        "a new optional field of something sent: one more setter",
        "request: { fields: { title: { type: string } } }";
    RequestFieldBecameRequired: "request-field-became-required", Breaking,
        "a field of something sent became required: `new(..)` takes it",
        "title: { type: string } -> title: { type: string, required: true }";
    RequestFieldBecameOptional: "request-field-became-optional", Breaking,
        "a field of something sent became optional: `new(..)` no longer takes it",
        "title: { type: string, required: true } -> title: { type: string }";
    // Fields of what the client receives (responses, service results, types reachable from them).
    ResponseFieldRemoved: "response-field-removed", Breaking,
        "a field of something received is gone: code reading it stops compiling",
        "response: { fields: { trace_id: … } } -> the field deleted";
    ResponseFieldAdded: "response-field-added", Info,
        "a new field of something received (the structs are `#[non_exhaustive]`)",
        "response: { fields: { trace_id: { type: string } } }";
    ResponseFieldBecameOptional: "response-field-became-optional", Breaking,
        "a field of something received became optional: `T` became `Option<T>`",
        "errcode: { type: integer, required: true } -> errcode: { type: integer }";
    ResponseFieldBecameRequired: "response-field-became-required", Breaking,
        "a field of something received became required: `Option<T>` became `T`",
        "trace_id: { type: string } -> trace_id: { type: string, required: true }";
    // Fields either way.
    FieldTypeChanged: "field-type-changed", Breaking,
        "a field's type changed",
        "count: { type: integer } -> count: { type: string }";
    FieldSensitivityChanged: "field-sensitivity-changed", Breaking,
        "a field became sensitive (its type `Secret<T>`, kept out of `Debug`) or stopped being",
        "session_key: { type: string } -> session_key: { type: string, sensitive: true }";
    FieldRenamed: "field-renamed", Breaking,
        "a field's Rust name changed (its `rust_name:`), the wire name staying",
        "vaild: { type: boolean } -> vaild: { type: boolean, rust_name: valid }";
    // Named types.
    TypeRemoved: "type-removed", Breaking,
        "a named type is gone (or renamed)",
        "types: { SecResult: … } -> deleted";
    TypeAdded: "type-added", Info,
        "a new named type",
        "types: { MapPoi: … }";
    TypeKindChanged: "type-kind-changed", Breaking,
        "a named type changed between a struct, an enum and a choice",
        "SecSuggest: { type: enum … } -> { type: object … }";
    EnumValueRemoved: "enum-value-removed", Breaking,
        "an enum value is gone: matching on its variant stops compiling",
        "values: [pass, risky, review] -> [pass, risky]";
    EnumValueAdded: "enum-value-added", Info,
        "a new enum value (enums are `#[non_exhaustive]` and keep unknown values)",
        "values: [pass, risky] -> [pass, risky, review]";
    EnumVariantRenamed: "enum-variant-renamed", Breaking,
        "an enum value's Rust variant name changed",
        "{ value: 1, name: Front } -> { value: 1, name: Portrait }";
    // Error codes.
    ErrorCodeRemoved: "error-code-removed", Breaking,
        "an error code is gone: matching on its variant stops compiling",
        "errors: { 87014: … } -> deleted";
    ErrorCodeAdded: "error-code-added", Info,
        "a new error code (it decoded to `Unknown` before)",
        "errors: { 61010: { name: CodeExpired, message: code is expired } }";
    ErrorVariantRenamed: "error-variant-renamed", Breaking,
        "an error code's Rust variant name changed",
        "87014: { name: RiskyContent } -> 87014: { name: Risky }";
    ErrorRetryChanged: "error-retry-changed", Warning,
        "whether the client retries an error code, or refreshes the token on it, changed",
        "-1: { retry: true } -> -1: { retry: false }";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_texts_fit_a_table_cell() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            let id = rule.id();
            assert!(
                id.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{id}"
            );
            assert!(!Rule::ALL[..i].contains(rule), "{id} twice");
            assert!(!rule.meaning().contains(['|', '\n']), "{id}");
            assert!(!rule.example().contains(['|', '\n']), "{id}");
        }
    }
}
