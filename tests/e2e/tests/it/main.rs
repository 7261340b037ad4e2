//! The end-to-end suites, one module each, in one test binary so that wxapi, reqwest, rustls
//! and the fake server are linked once. The harness they share (the fake with our app, a
//! client on it) is the crate's library, `wxapi_e2e`; `common` holds what only tests use.

mod common;

mod api_security;
mod authorizer;
mod book;
mod build_rs;
mod endpoints;
mod evolution;
mod faults;
mod load;
mod miniprogram;
mod redis_shared;
mod secrets;
mod service_market;
mod shapes;
mod spec_edit_builds;
mod tokens;
