//! The spec's endpoints as tests of the generated client against `wxapi-mock` serving the same
//! spec: every example, a call built from sample values where no example gives a request,
//! every declared error code, and a test that the spec still has exactly what was covered.
//!
//! Each test is a few lines over helpers the module declares once (start the mock, build a
//! client, steer, check the answer), so that hundreds of them stay cheap to compile.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, int, rust_ident, Scope};
use crate::model::{
    BodyKind, Endpoint, EnumRepr, Example, Field, FieldIn, IntFormat, Model, ResponseBody, Ty,
    TypeKind,
};

/// How many tests make one part of [`mock_tests`].
const TESTS_PER_PART: usize = 100;

/// The app the mock is configured with and the client calls as: the placeholders the
/// spec's examples write for an app's credentials.
const APP_ID: &str = "APPID";
const APP_SECRET: &str = "APPSECRET";

/// The session key signed requests are given (the mock can't know the user's real one).
const SESSION_KEY: &str = "session-key";

/// What [`mock_tests`] covered: the totals its coverage test compares with the spec's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Covered {
    endpoints: usize,
    examples: usize,
    codes: usize,
}

/// `src/mock_tests.rs`: a test module the crate's `lib.rs` declares next to the generated
/// root, so `super::*` is everything the crate exports. `spec_dir` is the spec folder
/// relative to the crate's manifest directory, where the mock and the coverage test read it
/// at run time.
///
/// Returned in parts like [`super::examples_test`]: the module's head, then the tests a
/// hundred at a time, each a run of whole items.
pub fn mock_tests(model: &Model, spec_dir: &str) -> Vec<TokenStream> {
    let mut covered = Covered {
        endpoints: model.endpoints.len(),
        ..Covered::default()
    };
    let mut items = Vec::new();
    let mut used = Used::default();
    for e in &model.endpoints {
        endpoint_items(model, e, &mut items, &mut covered, &mut used);
    }
    let head = head(spec_dir, covered, used);
    let mut parts = vec![head];
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        parts.push(super::tokens::concat(items.by_ref().take(TESTS_PER_PART)));
    }
    parts
}

/// The distinct codes an endpoint declares, its own table first (a common code its table
/// also lists is its own).
fn declared_codes(e: &Endpoint) -> Vec<i64> {
    let mut seen = BTreeSet::new();
    e.errors
        .codes
        .iter()
        .map(|c| c.code)
        .chain(e.common_errors.iter().copied())
        .filter(|c| seen.insert(*c))
        .collect()
}

/// Which helpers the tests call, so that the module declares only those.
#[derive(Debug, Default, Clone, Copy)]
struct Used {
    any: bool,
    decode_request: bool,
    answer_example: bool,
    answer_error: bool,
    expect_response: bool,
    expect_media: bool,
    expect_success: bool,
}

/// Statements decoding a request example into `request`, given the session key when the
/// call is signed (examples leave it out: it is never sent).
fn decode_statements(
    request_ty: &proc_macro2::Ident,
    signing_key: Option<&proc_macro2::Ident>,
    json: &str,
) -> TokenStream {
    match signing_key {
        None => quote!(let request: #request_ty = decode_request(#json);),
        Some(key) => quote! {
            let mut request: #request_ty = decode_request(#json);
            request.#key = #SESSION_KEY.into();
        },
    }
}

/// An endpoint's tests, and the helper building its first request when they need one.
fn endpoint_items(
    model: &Model,
    e: &Endpoint,
    items: &mut Vec<TokenStream>,
    covered: &mut Covered,
    used: &mut Used,
) {
    used.any = true;
    let id = e.id.as_str();
    let method = ident(id);
    let request_fn = ident(&format!("{id}_request"));
    let request_ty = ident(&e.request.name);
    // Uploads derive no serde traits: their examples (if any) give no request to decode.
    let decodes = matches!(e.body, BodyKind::Json | BodyKind::None);
    let input = |x: &Example| {
        x.input
            .as_ref()
            .filter(|_| decodes)
            .and_then(|v| serde_json::to_string(v).ok())
    };
    let first_input = e.examples.iter().find_map(input);
    let signing_key = e
        .request
        .fields
        .iter()
        .find(|f| f.location == FieldIn::SigningKey)
        .map(|f| rust_ident(&f.rust));
    let decoded = |json: &str| decode_statements(&request_ty, signing_key.as_ref(), json);
    let deprecated = e
        .notes
        .deprecated
        .is_some()
        .then(|| quote!(#[allow(deprecated)]));
    let call = quote!(client(&mock).#method(request).await);
    let mut tests = Vec::new();
    let codes = declared_codes(e);
    // A call that succeeds, when no example with a request shows one.
    let succeeds_with_request = e
        .examples
        .iter()
        .any(|x| x.error_code.is_none() && input(x).is_some());
    // `<id>_request()`, the first request, when more than one test sends it.
    let needs_request_fn = !codes.is_empty()
        || !succeeds_with_request
        || e.examples.iter().any(|x| input(x).is_none());
    let first_request = quote!(let request = #request_fn(););

    // One test per example: its request (or the first one), the endpoint steered to it.
    for (i, example) in e.examples.iter().enumerate() {
        covered.examples += 1;
        let name = ident(&format!("{id}_example_{}", i + 1));
        let request = match input(example) {
            Some(json) if !(needs_request_fn && first_input.as_ref() == Some(&json)) => {
                used.decode_request = true;
                decoded(&json)
            }
            _ => first_request.clone(),
        };
        let steer = example.output.as_ref().map(|_| {
            used.answer_example = true;
            let again = example
                .error_code
                .is_some_and(|c| refreshes_token(model, e, c));
            let index = proc_macro2::Literal::usize_unsuffixed(i);
            quote!(answer_example(&mock, #id, #index, #again);)
        });
        let check = match (&example.output, example.error_code, e.response_body) {
            (Some(_), Some(code), _) => {
                let code = int(code);
                quote!(expect_code(#call, #code);)
            }
            (Some(output), None, ResponseBody::Json) => {
                used.expect_response = true;
                let json = serde_json::to_string(output).unwrap_or_default();
                quote!(expect_response(#call, #json);)
            }
            // (An example without an answer has no error code.)
            (_, _, ResponseBody::Binary) => {
                used.expect_media = true;
                quote!(expect_media(#call);)
            }
            (None, _, ResponseBody::Json) => {
                used.expect_success = true;
                quote!(expect_success(#call);)
            }
        };
        tests.push(quote! {
            #[tokio::test]
            #deprecated
            async fn #name() {
                let mock = mock().await;
                #steer
                #request
                #check
            }
        });
    }

    // A call that succeeds, when no example with a request shows one: from sample values
    // when there is no request example at all, else with the first request.
    if !succeeds_with_request {
        let name = match first_input {
            None => ident(&format!("{id}_sample_request")),
            Some(_) => ident(&format!("{id}_succeeds")),
        };
        let check = match e.response_body {
            ResponseBody::Json => {
                used.expect_success = true;
                quote!(expect_success(#call);)
            }
            ResponseBody::Binary => {
                used.expect_media = true;
                quote!(expect_media(#call);)
            }
        };
        tests.push(quote! {
            #[tokio::test]
            #deprecated
            async fn #name() {
                let mock = mock().await;
                #first_request
                #check
            }
        });
    }

    // One test per declared code: the endpoint steered to answer it.
    let error_ty = ident(&e.error_name);
    for code in codes {
        covered.codes += 1;
        used.answer_error = true;
        let name = ident(&format!("{id}_error_{}", code_name(code)));
        let again = refreshes_token(model, e, code);
        let variant = match e.errors.codes.iter().find(|c| c.code == code) {
            Some(own) => {
                let v = ident(&own.name);
                quote!(#error_ty::#v)
            }
            None => {
                let common = model.common_errors.codes.iter().find(|c| c.code == code);
                match common {
                    Some(c) => {
                        let v = ident(&c.name);
                        quote!(#error_ty::Common(CommonError::#v))
                    }
                    // Validation makes every listed common code one of the table's.
                    None => quote!(#error_ty::Common(_)),
                }
            }
        };
        let code = int(code);
        tests.push(quote! {
            #[tokio::test]
            #deprecated
            async fn #name() {
                let mock = mock().await;
                answer_error(&mock, #id, #code, #again);
                #first_request
                let error = expect_code(#call, #code);
                assert!(matches!(error, #variant), "{error:?}");
            }
        });
    }

    if needs_request_fn {
        let doc = match first_input {
            Some(_) => {
                format!(" The first request example of `{id}`, which most of its tests send.")
            }
            None => format!(" A request to `{id}` from sample values: no example gives one."),
        };
        let body = match &first_input {
            Some(json) => {
                used.decode_request = true;
                match &signing_key {
                    None => quote!(decode_request(#json)),
                    Some(_) => {
                        let statements = decoded(json);
                        quote!(#statements request)
                    }
                }
            }
            None => {
                let names = Scope::test_module();
                let sample = new_call(model, &request_ty, &e.request.fields, &names, 0);
                quote!(#sample)
            }
        };
        items.push(quote! {
            #[doc = #doc]
            fn #request_fn() -> #request_ty {
                #body
            }
        });
    }
    items.extend(tests);
}

/// Whether the client answers `code` by fetching a new token and calling once more: the
/// steering must then hold for both calls.
fn refreshes_token(model: &Model, e: &Endpoint, code: i64) -> bool {
    e.errors
        .codes
        .iter()
        .chain(&model.common_errors.codes)
        .find(|c| c.code == code)
        .is_some_and(|c| c.refresh_token)
}

/// A code as part of a test name: `-1` is `minus_1`.
fn code_name(code: i64) -> String {
    if code < 0 {
        format!("minus_{}", code.unsigned_abs())
    } else {
        code.to_string()
    }
}

/// Nesting past which sample values stop (validation rejects required cycles; this only
/// keeps a broken model from recursing for ever).
const MAX_SAMPLE_DEPTH: usize = 32;

/// `Type::new(sample of each required field)`.
fn new_call(
    model: &Model,
    ty: &proc_macro2::Ident,
    fields: &[Field],
    names: &Scope,
    depth: usize,
) -> TokenStream {
    let args = fields
        .iter()
        .filter(|f| f.required && f.constant.is_none())
        .map(|f| {
            if f.location == FieldIn::SigningKey {
                quote!(#SESSION_KEY)
            } else if matches!(f.ty, Ty::Named(_)) && !f.sensitive {
                sample(model, &f.ty, names, Fit::Exact, depth + 1)
            } else {
                sample(model, &f.ty, names, Fit::Into, depth + 1)
            }
        });
    quote!(#ty::new(#(#args),*))
}

/// Where a sample value goes: a parameter taking `impl Into<T>` (`"x"` for a string), or a
/// place of type `T` exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Into,
    Exact,
}

/// A sample value of a type: the simplest value it admits.
fn sample(model: &Model, t: &Ty, names: &Scope, fit: Fit, depth: usize) -> TokenStream {
    if depth > MAX_SAMPLE_DEPTH {
        return quote!(Default::default());
    }
    match t {
        Ty::String if fit == Fit::Into => quote!("x"),
        Ty::String => quote!("x".to_owned()),
        Ty::Integer(format) => one(*format),
        Ty::Number => quote!(1.0),
        Ty::Boolean => quote!(true),
        Ty::File => quote!(codegen::File::new(
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "a.png",
            "image/png"
        )),
        Ty::Bytes => quote!(b"\x89PNG\r\n\x1a\n".to_vec()),
        Ty::Json => quote!(codegen::serde_json::Value::Object(Default::default())),
        Ty::Array(_) | Ty::Map(_) => {
            let ty = names.ty(t);
            quote!(<#ty>::new())
        }
        Ty::JsonString(inner) => {
            let inner = sample(model, inner, names, Fit::Exact, depth + 1);
            quote!(codegen::JsonString::new(#inner))
        }
        Ty::Named(r) => {
            let name = ident(&r.name);
            match model.find_type(&r.name).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields }) => new_call(model, &name, fields, names, depth),
                Some(TypeKind::Enum(def)) => match def.values.first() {
                    Some(v) => {
                        let v = ident(&v.name);
                        quote!(#name::#v)
                    }
                    None => match def.repr {
                        EnumRepr::String => quote!(#name::Unknown("x".to_owned())),
                        EnumRepr::Integer => quote!(#name::Unknown(1)),
                    },
                },
                Some(TypeKind::OneOf { variants }) => match variants.first() {
                    Some(v) => {
                        let variant = ident(&super::structs::variant_name(v));
                        let value = sample(model, &v.ty, names, Fit::Exact, depth + 1);
                        quote!(#name::#variant(#value))
                    }
                    None => quote!(Default::default()),
                },
                None => quote!(Default::default()),
            }
        }
    }
}

/// `1` of an integer format, suffixed: `impl Into<u8>` takes no unsuffixed literal.
fn one(format: IntFormat) -> TokenStream {
    let lit = match format {
        IntFormat::I8 => proc_macro2::Literal::i8_suffixed(1),
        IntFormat::I16 => proc_macro2::Literal::i16_suffixed(1),
        IntFormat::I32 => proc_macro2::Literal::i32_suffixed(1),
        IntFormat::I64 => proc_macro2::Literal::i64_suffixed(1),
        IntFormat::U8 => proc_macro2::Literal::u8_suffixed(1),
        IntFormat::U16 => proc_macro2::Literal::u16_suffixed(1),
        IntFormat::U32 => proc_macro2::Literal::u32_suffixed(1),
        IntFormat::U64 => proc_macro2::Literal::u64_suffixed(1),
    };
    quote!(#lit)
}

/// The module's head: imports, the spec's place, the covered totals, the helpers the tests
/// use, and the coverage test.
fn head(spec_dir: &str, covered: Covered, used: Used) -> TokenStream {
    let spec = format!("/{}", spec_dir.trim_end_matches('/'));
    let [endpoints, examples, codes] = [covered.endpoints, covered.examples, covered.codes]
        .map(proc_macro2::Literal::usize_unsuffixed);
    let helpers = used.any.then(|| helpers(used));
    let imports = used.any.then(|| {
        quote! {
            use super::*;
            use ::wxapi_runtime::codegen;
        }
    });
    quote! {
        //! Every endpoint of the spec called through the generated client against `wxapi-mock`
        //! serving the same spec: each example (the endpoint steered to it), a call that
        //! succeeds where no example shows one (with sample values where no example gives a
        //! request), and each declared error code.
        #imports

        /// The spec the mock serves and the coverage test reads.
        const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), #spec);

        /// Endpoints, examples and declared codes this module has tests for.
        const ENDPOINTS: usize = #endpoints;
        const EXAMPLES: usize = #examples;
        const CODES: usize = #codes;

        #helpers

        /// The spec has exactly the endpoints, examples and codes this module was generated
        /// with: one added since has no test, and fails here until the module is regenerated.
        #[test]
        fn every_endpoint_example_and_code_is_covered() {
            let tree = match wxapi_codegen::SpecTree::read(std::path::Path::new(SPEC)) {
                Ok(tree) => tree,
                Err(e) => panic!("the spec {SPEC} does not read: {e}"),
            };
            let mut dx = wxapi_codegen::Diagnostics::default();
            let Some(model) = wxapi_codegen::check(&tree, &mut dx) else {
                panic!("the spec {SPEC} has errors:\n{dx}");
            };
            let examples: usize = model.endpoints.iter().map(|e| e.examples.len()).sum();
            let codes: usize = model
                .endpoints
                .iter()
                .map(|e| {
                    let own = e.errors.codes.iter().map(|c| c.code);
                    let all: std::collections::BTreeSet<i64> =
                        own.chain(e.common_errors.iter().copied()).collect();
                    all.len()
                })
                .sum();
            assert_eq!(
                (model.endpoints.len(), examples, codes),
                (ENDPOINTS, EXAMPLES, CODES),
                "(endpoints, examples, codes) of the spec and of the tests differ: regenerate"
            );
        }
    }
}

/// The helper functions, each only when some test calls it.
fn helpers(used: Used) -> TokenStream {
    let decode_request = used.decode_request.then(|| {
        quote! {
            /// Decodes a request example, failing the test with the example when it doesn't.
            fn decode_request<R: codegen::serde::de::DeserializeOwned>(json: &str) -> R {
                match codegen::serde_json::from_str(json) {
                    Ok(request) => request,
                    Err(e) => panic!("the request example does not decode: {e}\n{json}"),
                }
            }
        }
    });
    let answer_example = used.answer_example.then(|| {
        quote! {
            /// Steers `endpoint` to answer its example at `index` to the next call, or to
            /// every call when `again` (the client calls once more after a new token).
            fn answer_example(mock: &wxapi_mock::MockServer, endpoint: &str, index: usize, again: bool) {
                match mock.steer(endpoint).and_then(|s| s.example_at(index)) {
                    Ok(steer) if again => steer.always(),
                    Ok(steer) => steer.times(1),
                    Err(e) => panic!("the mock can't answer example {index} of `{endpoint}`: {e}"),
                }
            }
        }
    });
    let answer_error = used.answer_error.then(|| {
        quote! {
            /// Steers `endpoint` to answer `code` to the next call, or to every call when
            /// `again` (the client calls once more after a new token).
            fn answer_error(mock: &wxapi_mock::MockServer, endpoint: &str, code: i64, again: bool) {
                match mock.steer(endpoint).and_then(|s| s.error(code)) {
                    Ok(steer) if again => steer.always(),
                    Ok(steer) => steer.times(1),
                    Err(e) => panic!("the mock can't answer {code} to `{endpoint}`: {e}"),
                }
            }
        }
    });
    let expect_response = used.expect_response.then(|| {
        quote! {
            /// Checks that a call answered the success example `json`, decoded.
            fn expect_response<T, E>(answer: Result<T, codegen::Error<E>>, json: &str)
            where
                T: codegen::serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
                E: codegen::ApiError + std::fmt::Debug,
            {
                let expected: T = match codegen::decode_body::<T, E>(200, json.as_bytes()) {
                    Ok(expected) => expected,
                    Err(e) => panic!("the example does not decode: {e:?}\n{json}"),
                };
                match answer {
                    Ok(got) => assert_eq!(got, expected, "the answer is not the example"),
                    Err(e) => panic!("expected the example's answer, got {e:?}"),
                }
            }
        }
    });
    let expect_media = used.expect_media.then(|| {
        quote! {
            /// Checks that a call answered a file, not empty.
            fn expect_media<E: std::fmt::Debug>(answer: Result<codegen::Media, codegen::Error<E>>) {
                match answer {
                    Ok(media) => assert!(!media.bytes.is_empty(), "the file is empty"),
                    Err(e) => panic!("expected a file, got {e:?}"),
                }
            }
        }
    });
    let expect_success = used.expect_success.then(|| {
        quote! {
            /// Checks that a call succeeded.
            fn expect_success<T: std::fmt::Debug, E: std::fmt::Debug>(answer: Result<T, codegen::Error<E>>) {
                if let Err(e) = answer {
                    panic!("expected success, got {e:?}");
                }
            }
        }
    });
    quote! {
        /// The app the mock knows and the client calls as.
        const APP_ID: &str = #APP_ID;
        const APP_SECRET: &str = #APP_SECRET;

        /// A mock serving the spec, with the app configured.
        async fn mock() -> wxapi_mock::MockServer {
            let builder = wxapi_mock::MockServer::builder().app(APP_ID, APP_SECRET).spec(SPEC);
            match builder.try_start_spec().await {
                Ok(mock) => mock,
                Err(e) => panic!("the mock does not serve the spec: {e}"),
            }
        }

        /// A client of `mock` that sends each call once: a steered error is the answer, not
        /// retried away.
        fn client(mock: &wxapi_mock::MockServer) -> Client {
            let builder = Client::builder()
                .app_id(APP_ID)
                .app_secret(APP_SECRET)
                .base_url(mock.base_url())
                .max_attempts(1);
            match builder.build() {
                Ok(client) => client,
                Err(e) => panic!("the client does not build: {e}"),
            }
        }

        /// Checks that a call failed with the API error `code`, one the spec declares, and
        /// returns it.
        fn expect_code<T, E>(answer: Result<T, codegen::Error<E>>, code: i64) -> E
        where
            T: std::fmt::Debug,
            E: codegen::ApiError + std::fmt::Debug,
        {
            match answer {
                Err(codegen::Error::Api(error)) => {
                    assert_eq!(error.code(), code, "{error:?}");
                    assert!(codegen::ApiError::info(&error).is_some(), "{code} is declared: {error:?}");
                    error
                }
                other => panic!("expected API error {code}, got {other:?}"),
            }
        }

        #decode_request
        #answer_example
        #answer_error
        #expect_response
        #expect_media
        #expect_success
    }
}
