//! The spec's examples as tests of the generated crate: what is received (responses,
//! service results) is decoded with the generated types, through the runtime's envelope
//! for responses; what is sent (requests, service data) is decoded, encoded as the client
//! sends it, and compared with the example. The module also compiles the docs pages' calls
//! (`page_calls.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, int};
use crate::model::{Example, Model};

/// How many tests make one part of [`examples_test`].
const TESTS_PER_PART: usize = 100;

/// `src/spec_examples.rs`: a test module the crate's `lib.rs` declares next to the
/// generated root, so `super::*` is everything the crate exports.
///
/// Returned in parts (the module's head, then the tests a hundred at a time), each a run
/// of whole items: formatted one after another they make the file, and only one part's
/// syntax tree is in memory at a time (a large API has thousands of tests).
pub fn examples_test(model: &Model) -> Vec<TokenStream> {
    let tests = endpoint_tests(model)
        .into_iter()
        .chain(service_tests(model))
        .chain(super::page_calls::page_calls(model));
    let helpers = helpers(model);
    let head = quote! {
        //! Every example of the spec, decoded with the generated types; and the Rust call
        //! each docs page shows, compiled.
        use super::*;
        use ::wxapi_runtime::codegen;

        #helpers
    };
    let mut parts = vec![head];
    let mut tests = tests.peekable();
    while tests.peek().is_some() {
        parts.push(super::tokens::concat(tests.by_ref().take(TESTS_PER_PART)));
    }
    parts
}

/// One test per endpoint example: the request on the wire, the response decoded.
fn endpoint_tests(model: &Model) -> Vec<TokenStream> {
    let mut tests = Vec::new();
    for e in &model.endpoints {
        for (i, example) in e.examples.iter().enumerate() {
            let name = ident(&format!("{}_example_{}", e.id, i + 1));
            let request = ident(&e.request.name);
            // A file answer's examples are its JSON errors: any JSON type reads the envelope.
            let response = match e.response_body {
                crate::model::ResponseBody::Json => {
                    let name = ident(&e.response.name);
                    quote!(#name)
                }
                crate::model::ResponseBody::Binary => quote!(codegen::serde_json::Value),
            };
            let error = ident(&e.error_name);
            let mut checks = Vec::new();
            if let Some(input) = json(example.input.as_ref()) {
                let query: Vec<&str> = e
                    .request
                    .fields
                    .iter()
                    .filter(|f| f.location == crate::model::FieldIn::Query)
                    .map(|f| f.wire.as_str())
                    .collect();
                checks.push(quote! {
                    request_on_the_wire::<#request>(#input, &[#(#query),*]);
                });
            }
            if let Some(output) = json(example.output.as_ref()) {
                checks.push(response_check(&response, &error, &output, example));
            }
            tests.push(quote! {
                #[test]
                fn #name() {
                    #(#checks)*
                }
            });
        }
    }
    tests
}

/// One test per service example: the data round-tripped, the result decoded.
fn service_tests(model: &Model) -> Vec<TokenStream> {
    let mut tests = Vec::new();
    for s in &model.services {
        for (i, example) in s.examples.iter().enumerate() {
            let name = ident(&format!("service_{}_example_{}", s.id, i + 1));
            let data = ident(&s.data.name);
            let result = ident(&s.result.name);
            let checks = [
                json(example.input.as_ref()).map(|j| round_trip(&data, &j)),
                json(example.output.as_ref()).map(|j| quote!(decode::<#result>(#j);)),
            ]
            .into_iter()
            .flatten();
            tests.push(quote! {
                #[test]
                fn #name() {
                    #(#checks)*
                }
            });
        }
    }
    tests
}

/// The helper functions the tests call, each only when some test calls it.
fn helpers(model: &Model) -> TokenStream {
    let any_request = model
        .endpoints
        .iter()
        .any(|e| e.examples.iter().any(|x| x.input.is_some()));
    let any_data = model
        .services
        .iter()
        .any(|s| s.examples.iter().any(|x| x.input.is_some()));
    let any_result = model.services.iter().any(|s| !s.examples.is_empty());
    let request_helpers = any_request.then(request_helpers);
    let round_trip_helper = any_data.then(round_trip_helper);
    let decode_helper = any_result.then(decode_helper);
    quote! {
        #decode_helper
        #round_trip_helper
        #request_helpers
    }
}

/// `request_on_the_wire` and the JSON comparison it uses.
fn request_helpers() -> TokenStream {
    quote! {
        /// Decodes a request example, encodes it as the client sends it, and checks that
        /// the query and the body carry exactly the example's fields.
        fn request_on_the_wire<R>(json: &str, query: &[&str])
        where
            R: codegen::Request + codegen::serde::de::DeserializeOwned,
        {
            use codegen::serde_json::Value;
            let mut expected: Value = codegen::serde_json::from_str(json).expect("the example is JSON");
            let request: R = match codegen::serde_json::from_str(json) {
                Ok(request) => request,
                Err(e) => panic!("the request example does not decode: {e}\n{json}"),
            };
            let encoded = codegen::Request::encode(&request).expect("the request encodes");
            let sent: Vec<(String, String)> = encoded
                .query_pairs()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            let fields = expected.as_object_mut().expect("a request example is a mapping");
            for name in query {
                if let Some(value) = fields.remove(*name) {
                    let text = match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    assert!(sent.contains(&(name.to_string(), text)), "`{name}` is in the query: {sent:?}");
                }
            }
            match encoded.body_bytes() {
                Some(body) if !body.is_empty() => {
                    let body: Value = codegen::serde_json::from_slice(body).expect("the body is JSON");
                    assert!(same_json(&body, &expected), "body {body} differs from the example {expected}");
                }
                _ => assert!(fields.is_empty(), "no body, but the example has {fields:?}"),
            }
        }

        /// JSON equality where `1` and `1.0` are the same number.
        fn same_json(a: &codegen::serde_json::Value, b: &codegen::serde_json::Value) -> bool {
            use codegen::serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
                }
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
                }
                _ => a == b,
            }
        }

    }
}

/// `round_trip`: decode, encode, decode again, compare.
fn round_trip_helper() -> TokenStream {
    quote! {
        /// Decodes `json` as `T`, encodes it again and checks it decodes to the same value.
        fn round_trip<T>(json: &str)
        where
            T: codegen::serde::de::DeserializeOwned + codegen::serde::Serialize + PartialEq + std::fmt::Debug,
        {
            let value: T = decode(json);
            let encoded = codegen::serde_json::to_string(&value).expect("a decoded value encodes");
            let again: T = codegen::serde_json::from_str(&encoded).expect("an encoded value decodes");
            assert_eq!(again, value, "encoding changed the value");
        }

    }
}

/// `decode`: a failed decode fails the test with the example.
fn decode_helper() -> TokenStream {
    quote! {
        /// Decodes `json` as `T`, failing the test with the example when it doesn't.
        fn decode<T: codegen::serde::de::DeserializeOwned>(json: &str) -> T {
            match codegen::serde_json::from_str(json) {
                Ok(value) => value,
                Err(e) => panic!("the example does not decode: {e}\n{json}"),
            }
        }

    }
}

fn json(value: Option<&serde_json::Value>) -> Option<String> {
    value.and_then(|v| serde_json::to_string(v).ok())
}

fn round_trip(ty: &proc_macro2::Ident, json: &str) -> TokenStream {
    // (used for service data and results, which travel as plain JSON)
    quote! {
        round_trip::<#ty>(#json);
    }
}

fn response_check(
    response: &TokenStream,
    error: &proc_macro2::Ident,
    json: &str,
    example: &Example,
) -> TokenStream {
    match example.error_code {
        None => quote! {
            if let Err(e) = codegen::decode_body::<#response, #error>(200, #json.as_bytes()) {
                panic!("the success example does not decode: {e:?}");
            }
        },
        Some(code) => {
            let code = int(code);
            quote! {
                match codegen::decode_body::<#response, #error>(200, #json.as_bytes()) {
                    Err(codegen::Error::Api(error)) => {
                        assert_eq!(error.code(), #code);
                        assert!(codegen::ApiError::info(&error).is_some(), "a declared code has its own variant");
                    }
                    other => panic!("expected API error {}, got {other:?}", #code),
                }
            }
        }
    }
}
