//! Examples are checked against the declared types, so that a doc never shows a body the
//! generated types would reject. (The generated crate decodes them again, in its tests.)

mod checker;

use checker::Checker;

use super::context::{key, FileCx};
use super::resolve::Resolved;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::model::{BodyKind, Example, Field, ResponseBody};

/// Phase 4: every example of every endpoint and service, checked against the model's types
/// and then stored in it.
pub fn check(resolved: &mut Resolved, dx: &mut Diagnostics) {
    let endpoints = endpoint_examples(resolved, dx);
    let services = service_examples(resolved, dx);
    let model = &mut resolved.model;
    for (e, examples) in model.endpoints.iter_mut().zip(endpoints) {
        e.examples = examples;
    }
    for (s, examples) in model.services.iter_mut().zip(services) {
        s.examples = examples;
    }
}

fn endpoint_examples(resolved: &Resolved, dx: &mut Diagnostics) -> Vec<Vec<Example>> {
    let model = &resolved.model;
    let common: Vec<i64> = model.common_errors.codes.iter().map(|c| c.code).collect();
    let mut all = Vec::with_capacity(model.endpoints.len());
    for (file, e) in resolved.endpoint_files.iter().zip(&model.endpoints) {
        let mut known: Vec<i64> = e.errors.codes.iter().map(|c| c.code).collect();
        known.extend(&common);
        // Only a JSON request (or none) can be shown as JSON.
        let input = matches!(e.body, BodyKind::Json | BodyKind::None)
            .then_some(e.request.fields.as_slice());
        let shape = Shape {
            input_key: "request",
            input_name: &e.request.name,
            output_name: &e.response.name,
            input,
            output_key: "response",
            output: &e.response.fields,
            envelope: true,
            known_codes: &known,
        };
        let cx = FileCx::of(*file);
        let mut checker = Checker {
            model,
            cx,
            dropped: &resolved.dropped,
            dx,
        };
        let mut examples = checker.examples(&file.raw.examples, &shape);
        if e.response_body == ResponseBody::Binary {
            // The success is a file, which no JSON shows: keep the error examples.
            examples.retain(|x| {
                let success = x.output.is_some() && x.error_code.is_none();
                if success {
                    let at = at_origin(&x.origin);
                    dx.push(
                        Diagnostic::error(Code::ExampleMismatch, cx.file, at, "a binary response succeeds with the file's bytes, which a JSON example can't show")
                            .help("keep only error examples (`errcode` not 0), or drop the `response:` of this one"),
                    );
                }
                !success
            });
        }
        all.push(examples);
        if !file.raw.examples.iter().any(|x| x.response.is_some()) && !e.response.fields.is_empty()
        {
            dx.push(
                cx.warning(
                    Code::NoExample,
                    &[key("id")],
                    format!("endpoint `{}` has no response example", e.id),
                )
                .help("add `examples: [ { response: { errcode: 0, errmsg: ok, ... } } ]`"),
            );
        }
    }
    all
}

/// The span an example's origin records.
fn at_origin(origin: &crate::model::Origin) -> Span {
    Span {
        offset: origin.offset,
        len: origin.len,
        line: origin.line,
        col: origin.col,
    }
}

fn service_examples(resolved: &Resolved, dx: &mut Diagnostics) -> Vec<Vec<Example>> {
    let model = &resolved.model;
    let mut all = Vec::with_capacity(model.services.len());
    for (file, s) in resolved.service_files.iter().zip(&model.services) {
        let shape = Shape {
            input_key: "data",
            input_name: &s.data.name,
            output_name: &s.result.name,
            input: Some(&s.data.fields),
            output_key: "result",
            output: &s.result.fields,
            envelope: false,
            known_codes: &[],
        };
        let mut checker = Checker {
            model,
            cx: FileCx::of(*file),
            dropped: &resolved.dropped,
            dx,
        };
        all.push(checker.examples(&file.raw.examples, &shape));
    }
    all
}

/// What an example is an example of.
struct Shape<'a> {
    input_key: &'a str,
    /// Rust names of the input and output structs.
    input_name: &'a str,
    output_name: &'a str,
    input: Option<&'a [Field]>,
    output_key: &'a str,
    output: &'a [Field],
    /// Endpoints: the output is a whole response body with an envelope.
    envelope: bool,
    /// Error codes an error example may carry.
    known_codes: &'a [i64],
}
