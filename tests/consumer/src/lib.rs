//! An application crate with WeChat APIs of its own: it declares them in `spec/` and has
//! wxapi generate the client at build time (see `build.rs`), like `prost-build`.

include!(concat!(env!("OUT_DIR"), "/wxapi.rs"));
