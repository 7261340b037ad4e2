//! WeChat's envelope: every JSON answer, success or failure, comes with HTTP 200, and a
//! failure is told by a non-zero `errcode` (or `errCode`, from cloud calls). OpenAPI keys
//! responses by status, so both shapes are one `200` response here, told apart by the
//! envelope schemas below, and the codes an endpoint documents are an extension.

use serde_json::Value;

use super::json::{schema_ref, Obj};
use crate::model::{Endpoint, ErrorCode, ErrorTable, Model};

/// The shared schema of a failure.
pub(super) const ERROR_ENVELOPE: &str = "ErrorEnvelope";
/// The shared schema of what every success carries besides its fields.
pub(super) const SUCCESS_ENVELOPE: &str = "SuccessEnvelope";

/// `errcode` values that mean success: absent, `0`, or the string `"0"`.
fn zero() -> Vec<Value> {
    vec![0.into(), "0".into()]
}

fn code(description: &str) -> Obj {
    Obj::new()
        .put("type", vec!["integer", "string"])
        .put("description", description)
}

fn message(description: &str) -> Obj {
    Obj::new()
        .put("type", "string")
        .put("description", description)
}

/// The envelope schemas, for `components/schemas`.
pub(super) fn schemas() -> [(&'static str, Value); 2] {
    let is_zero = Obj::new().put("enum", zero());
    let suffix = "The message. WeChat appends a per-request suffix (` hint: [...]`, ` rid: ...`), \
                  so match on the code, never on the text.";
    let error = Obj::new()
        .put("type", "object")
        .put(
            "description",
            "A failed call. WeChat answers it with HTTP status 200 like a success: the \
             non-zero `errcode` says it failed (`errCode`/`errMsg` in cloud calls). Each \
             operation's `x-wxapi-errors` lists the codes its page documents, and the \
             document's `x-wxapi-common-errors` the global table; any global code may come \
             from any endpoint.",
        )
        .put(
            "properties",
            Obj::new()
                .put(
                    "errcode",
                    code("The error code: non-zero; sometimes sent as a numeric string.")
                        .put("not", is_zero.clone()),
                )
                .put("errmsg", message(suffix))
                .put(
                    "errCode",
                    code("`errcode` as cloud calls spell it.").put("not", is_zero),
                )
                .put("errMsg", message("`errmsg` as cloud calls spell it.")),
        )
        .put(
            "anyOf",
            vec![
                Obj::new().put("required", vec!["errcode"]),
                Obj::new().put("required", vec!["errCode"]),
            ],
        );
    let success = Obj::new()
        .put("type", "object")
        .put(
            "description",
            "What a successful JSON answer may carry besides its fields: `errcode` absent, \
             `0` or `\"0\"`, and a message.",
        )
        .put(
            "properties",
            Obj::new()
                .put(
                    "errcode",
                    code("Absent, `0` or `\"0\"` on success.").put("enum", zero()),
                )
                .put("errmsg", message("Usually `ok`."))
                .put(
                    "errCode",
                    code("`errcode` as cloud calls spell it.").put("enum", zero()),
                )
                .put("errMsg", message("`errmsg` as cloud calls spell it.")),
        );
    [
        (ERROR_ENVELOPE, error.into()),
        (SUCCESS_ENVELOPE, success.into()),
    ]
}

/// The `200` JSON schema of a call whose success is one of `successes` (the response
/// schemas): a success with the envelope's success fields, or the error envelope. The two
/// exclude each other by `errcode`, so `oneOf` holds.
pub(super) fn json_answer(successes: Vec<Value>) -> Value {
    let success = Obj::new().put(
        "allOf",
        vec![
            schema_ref(SUCCESS_ENVELOPE),
            super::json::any_of("anyOf", successes),
        ],
    );
    Obj::new()
        .put("oneOf", vec![success.into(), schema_ref(ERROR_ENVELOPE)])
        .into()
}

/// One row of an error table, for the `x-wxapi-errors` lists.
fn entry(c: &ErrorCode, table: &str) -> Value {
    Obj::new()
        .put("code", c.code)
        .put("name", c.name.as_str())
        .put("message", c.message.as_str())
        .opt("solution", c.solution.as_deref())
        .opt("description", c.doc.as_deref())
        .flag("retry", c.retry)
        .flag("refreshToken", c.refresh_token)
        .put("table", table)
        .into()
}

/// A table's rows, each marked with the table they come from (`endpoint`, `service` or
/// `common`).
pub(super) fn table(t: &ErrorTable, name: &str) -> Vec<Value> {
    t.codes.iter().map(|c| entry(c, name)).collect()
}

/// An endpoint's codes: its own table, then the common codes its page documents.
pub(super) fn endpoint_errors(model: &Model, e: &Endpoint) -> Vec<Value> {
    let mut rows = table(&e.errors, "endpoint");
    rows.extend(
        e.common_errors
            .iter()
            .filter_map(|code| model.common_errors.codes.iter().find(|c| c.code == *code))
            .map(|c| entry(c, "common")),
    );
    rows
}
