//! One edit of the fixture spec (`tests/evolution/spec/`) per spec-evolution rule, with the
//! findings `diff` must give for it.

/// One change to one file of the fixture.
pub enum Edit {
    /// In `file`, every `from` becomes `to` (and `from` must occur).
    Replace(&'static str, &'static str, &'static str),
    /// A new file.
    Write(&'static str, &'static str),
    /// A file removed.
    Delete(&'static str),
}

use Edit::{Delete, Replace, Write};

/// A named edit and the rules `diff` reports for it, in its order.
pub struct Case {
    pub name: &'static str,
    pub edits: &'static [Edit],
    pub rules: &'static [&'static str],
}

const CHECK: &str = "endpoints/text/check_text.yaml";
const TYPES: &str = "types/shared.yaml";
const SERVICE: &str = "services/translate.yaml";

pub const CASES: &[Case] = &[
    Case {
        name: "endpoint_removed",
        edits: &[Delete(CHECK)],
        rules: &["endpoint-removed"],
    },
    Case {
        name: "endpoint_added",
        edits: &[Write(
            "endpoints/text/echo.yaml",
            "id: echo\ntitle: Echo\ndoc: Answers with nothing.\nhttp: { method: GET, path: /wxa/echo }\nresponse:\n  fields: {}\n",
        )],
        rules: &["endpoint-added"],
    },
    Case {
        name: "endpoint_route_changed",
        edits: &[Replace(CHECK, "path: /wxa/check_text", "path: /wxa/check_text_v2")],
        rules: &["endpoint-route-changed"],
    },
    Case {
        name: "endpoint_auth_changed",
        edits: &[Replace(CHECK, "http:", "auth: none\nhttp:")],
        rules: &["endpoint-auth-changed"],
    },
    Case {
        // Signed calls take the user's session key: a new argument of `new(..)`.
        name: "endpoint_signed",
        edits: &[Replace(CHECK, "http:", "signature: session_key\nhttp:")],
        rules: &["endpoint-auth-changed", "request-field-added-required"],
    },
    Case {
        name: "endpoint_group_changed",
        edits: &[
            Delete(CHECK),
            Write("endpoints/other/check_text.yaml", include_str!("../../evolution/spec/endpoints/text/check_text.yaml")),
        ],
        rules: &["endpoint-group-changed"],
    },
    Case {
        name: "endpoint_response_kind_changed",
        edits: &[
            Replace(CHECK, "response:\n  fields:\n    trace_id: { type: string, required: true, doc: The trace id. }\n    suggest: { type: Suggest, doc: What to do with the text. }\n", "response:\n  body: binary\n"),
            Replace(CHECK, "    response: { errcode: 0, errmsg: ok, trace_id: t1, suggest: pass }\n", "    response: { errcode: 87014, errmsg: risky content }\n"),
        ],
        rules: &["endpoint-response-kind-changed"],
    },
    Case {
        name: "service_removed",
        edits: &[Delete(SERVICE)],
        rules: &["service-removed"],
    },
    Case {
        name: "service_added",
        edits: &[Write(
            "services/summarize.yaml",
            "id: summarize\ntitle: Summarize\ndoc: Summarizes a text.\nservice: wx0000000000000002\napi: Summarize\ndata:\n  fields:\n    text: { type: string, required: true, doc: The text. }\nresult:\n  fields:\n    summary: { type: string, required: true, doc: The summary. }\n",
        )],
        rules: &["service-added"],
    },
    Case {
        name: "request_field_removed",
        edits: &[Replace(CHECK, "    scene: { type: integer, doc: The scene. }\n", "")],
        rules: &["request-field-removed"],
    },
    Case {
        name: "request_field_added_required",
        edits: &[
            Replace(CHECK, "    scene:", "    version: { type: integer, required: true, doc: The version. }\n    scene:"),
            Replace(CHECK, "request: { content: hello }", "request: { content: hello, version: 2 }"),
        ],
        rules: &["request-field-added-required"],
    },
    Case {
        name: "request_field_added_optional",
        edits: &[Replace(CHECK, "    scene:", "    title: { type: string, doc: The title. }\n    scene:")],
        rules: &["request-field-added-optional"],
    },
    Case {
        name: "request_field_became_required",
        edits: &[
            Replace(CHECK, "scene: { type: integer,", "scene: { type: integer, required: true,"),
            Replace(CHECK, "request: { content: hello }", "request: { content: hello, scene: 1 }"),
        ],
        rules: &["request-field-became-required"],
    },
    Case {
        name: "request_field_became_optional",
        edits: &[Replace(CHECK, "content: { type: string, required: true,", "content: { type: string,")],
        rules: &["request-field-became-optional"],
    },
    Case {
        name: "service_data_field_added_required",
        edits: &[Replace(SERVICE, "    to:", "    from: { type: string, required: true, doc: The text's language. }\n    to:")],
        rules: &["request-field-added-required"],
    },
    Case {
        name: "response_field_removed",
        edits: &[
            Replace(CHECK, "    trace_id: { type: string, required: true, doc: The trace id. }\n", ""),
            Replace(CHECK, " trace_id: t1,", ""),
        ],
        rules: &["response-field-removed"],
    },
    Case {
        name: "response_field_added",
        edits: &[Replace(CHECK, "    suggest:", "    label: { type: integer, doc: The label. }\n    suggest:")],
        rules: &["response-field-added"],
    },
    Case {
        name: "response_field_became_optional",
        edits: &[Replace(CHECK, "trace_id: { type: string, required: true,", "trace_id: { type: string,")],
        rules: &["response-field-became-optional"],
    },
    Case {
        name: "response_field_became_required",
        edits: &[Replace(CHECK, "suggest: { type: Suggest,", "suggest: { type: Suggest, required: true,")],
        rules: &["response-field-became-required"],
    },
    Case {
        name: "service_result_field_removed",
        edits: &[Replace(SERVICE, "    translated: { type: string, required: true, doc: The translation. }\n", "    language: { type: string, doc: The language. }\n")],
        rules: &["response-field-added", "response-field-removed"],
    },
    Case {
        name: "field_type_changed",
        edits: &[
            Replace(CHECK, "trace_id: { type: string,", "trace_id: { type: integer,"),
            Replace(CHECK, "trace_id: t1", "trace_id: 1"),
        ],
        rules: &["field-type-changed"],
    },
    Case {
        name: "field_sensitivity_changed",
        edits: &[Replace(CHECK, "trace_id: { type: string, required: true,", "trace_id: { type: string, required: true, sensitive: true,")],
        rules: &["field-sensitivity-changed"],
    },
    Case {
        name: "field_renamed",
        edits: &[Replace(CHECK, "scene: { type: integer,", "scene: { type: integer, rust_name: scene_id,")],
        rules: &["field-renamed"],
    },
    Case {
        name: "type_removed",
        edits: &[Replace(TYPES, "  Label:\n    type: object\n    doc: A label (used by no endpoint, so that a case can remove it alone).\n    fields:\n      name: { type: string, required: true, doc: Its name. }\n", "")],
        rules: &["type-removed"],
    },
    Case {
        name: "type_added",
        edits: &[Replace(TYPES, "  Label:", "  Tag:\n    type: object\n    doc: A tag.\n    fields:\n      tag: { type: string, required: true, doc: The tag. }\n  Label:")],
        rules: &["type-added"],
    },
    Case {
        name: "type_kind_changed",
        edits: &[Replace(TYPES, "    type: object\n    doc: A label (used by no endpoint, so that a case can remove it alone).\n    fields:\n      name: { type: string, required: true, doc: Its name. }\n", "    type: enum\n    doc: A label.\n    values:\n      - { value: name, name: Name, doc: A name. }\n")],
        rules: &["type-kind-changed"],
    },
    Case {
        name: "enum_value_removed",
        edits: &[Replace(TYPES, "      - { value: risky, name: Risky, doc: Do not publish it. }\n", "")],
        rules: &["enum-value-removed"],
    },
    Case {
        name: "enum_value_added",
        edits: &[Replace(TYPES, "      - { value: risky,", "      - { value: review, name: Review, doc: Look at it. }\n      - { value: risky,")],
        rules: &["enum-value-added"],
    },
    Case {
        name: "enum_variant_renamed",
        edits: &[Replace(TYPES, "name: Risky,", "name: Danger,")],
        rules: &["enum-variant-renamed"],
    },
    Case {
        name: "error_code_removed",
        edits: &[Replace(CHECK, "errors:\n  87014: { name: RiskyContent, message: risky content, solution: change the text }\n", "")],
        rules: &["error-code-removed"],
    },
    Case {
        name: "common_error_code_removed",
        edits: &[
            Replace("common/errors.yaml", "  40001: { name: InvalidCredential, message: invalid credential, solution: get a new token, refresh_token: true }\n", ""),
            Replace(CHECK, "common_errors: [-1, 40001]", "common_errors: [-1]"),
            Replace("endpoints/text/invoke_service.yaml", "common_errors: [-1, 40001]", "common_errors: [-1]"),
        ],
        rules: &["error-code-removed"],
    },
    Case {
        name: "error_code_added",
        edits: &[Replace(CHECK, "errors:\n", "errors:\n  87015: { name: TooLong, message: too long, solution: shorten the text }\n")],
        rules: &["error-code-added"],
    },
    Case {
        name: "error_variant_renamed",
        edits: &[Replace(CHECK, "name: RiskyContent", "name: Risky")],
        rules: &["error-variant-renamed"],
    },
    Case {
        name: "error_retry_changed",
        edits: &[Replace("common/errors.yaml", "solution: try again, retry: true", "solution: try again")],
        rules: &["error-retry-changed"],
    },
];
