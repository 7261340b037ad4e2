//! Feeds arbitrary bytes to the importer as a documentation page: it must read them, write a
//! draft or say why not, and draw its diagnostics, without panicking.

#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use wxapi_codegen::{render, Format, SpecTree};

fuzz_target!(|data: &[u8]| {
    let common: BTreeSet<i64> = [-1, 40001, 45009].into_iter().collect();
    let imported = wxapi_codegen::import::import_page("page.md", data, &common);
    let tree = SpecTree {
        display_root: String::new(),
        files: vec![("page.md".to_owned(), data.to_vec())],
    };
    let _ = render(&imported.diagnostics, &tree, Format::Human);
});
