//! The runtime's integration tests, one binary (every test binary links reqwest, axum and
//! tokio, so on a small machine more binaries mostly mean more linking). Each suite is a
//! module; `support` is what they share.

mod authorizer;
mod client;
mod hot_path;
#[cfg(feature = "redis")]
mod redis_store;
mod support;
mod token;
