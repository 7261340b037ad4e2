//! The spec's examples as tests of the generated crate: each one is decoded with the
//! generated types (through the runtime's envelope for responses), encoded again, and
//! decoded once more to the same value.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, int};
use crate::model::{Example, Model};

/// `src/spec_examples.rs`: a test module the crate's `lib.rs` declares next to the
/// generated root, so `super::*` is everything the crate exports.
pub fn examples_test(model: &Model) -> TokenStream {
    let mut tests = Vec::new();
    for e in &model.endpoints {
        for (i, example) in e.examples.iter().enumerate() {
            let name = ident(&format!("{}_example_{}", e.id, i + 1));
            let request = ident(&e.request.name);
            let response = ident(&e.response.name);
            let error = ident(&e.error_name);
            let mut checks = Vec::new();
            if let Some(input) = json(example.input.as_ref()) {
                checks.push(round_trip(&request, &input));
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
    for s in &model.services {
        for (i, example) in s.examples.iter().enumerate() {
            let name = ident(&format!("service_{}_example_{}", s.id, i + 1));
            let data = ident(&s.data.name);
            let result = ident(&s.result.name);
            let checks = [
                json(example.input.as_ref()).map(|j| round_trip(&data, &j)),
                json(example.output.as_ref()).map(|j| round_trip(&result, &j)),
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
    quote! {
        //! Every example of the spec, decoded with the generated types.
        use super::*;
        use ::wxapi_runtime::codegen;

        /// Decodes `json` as `T`, encodes it again and checks it decodes to the same value.
        fn round_trip<T>(json: &str) -> T
        where
            T: codegen::serde::de::DeserializeOwned + codegen::serde::Serialize + PartialEq + std::fmt::Debug,
        {
            let value: T = match codegen::serde_json::from_str(json) {
                Ok(value) => value,
                Err(e) => panic!("the example does not decode: {e}\n{json}"),
            };
            let encoded = codegen::serde_json::to_string(&value).expect("a decoded value encodes");
            let again: T = codegen::serde_json::from_str(&encoded).expect("an encoded value decodes");
            assert_eq!(again, value, "encoding changed the value");
            value
        }

        #(#tests)*
    }
}

fn json(value: Option<&serde_json::Value>) -> Option<String> {
    value.and_then(|v| serde_json::to_string(v).ok())
}

fn round_trip(ty: &proc_macro2::Ident, json: &str) -> TokenStream {
    quote! {
        round_trip::<#ty>(#json);
    }
}

fn response_check(
    response: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
    json: &str,
    example: &Example,
) -> TokenStream {
    match example.error_code {
        None => quote! {
            let decoded = codegen::decode_body::<#response, #error>(200, #json.as_bytes());
            let response = decoded.expect("the success example decodes");
            let encoded = codegen::serde_json::to_string(&response).expect("encodes");
            assert_eq!(round_trip::<#response>(&encoded), response);
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
