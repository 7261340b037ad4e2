//! The fake server's integration tests, driven over HTTP with reqwest: one module per area,
//! in one test binary so that reqwest, hyper and tokio are linked once.

mod common;

mod cli;
mod component;
mod faults;
mod img_sec_check;
mod msg_sec_check;
mod security;
mod server;
mod service_market;
mod spec;
mod stable_token;
mod tokens;
