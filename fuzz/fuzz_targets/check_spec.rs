//! Feeds arbitrary bytes to the loader, the validator and the diagnostics renderer: up to
//! four files (split at NUL bytes), one in each place a spec file can be.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wxapi_codegen::{render, Diagnostics, Format, SpecTree};

const PLACES: [&str; 4] = ["endpoints/e.yaml", "types/t.yaml", "services/s.yaml", "common/errors.yaml"];

fuzz_target!(|data: &[u8]| {
    let files = data
        .split(|b| *b == 0)
        .zip(PLACES)
        .map(|(bytes, place)| (place.to_owned(), bytes.to_vec()))
        .collect();
    let tree = SpecTree {
        display_root: "spec".to_owned(),
        files,
    };
    let mut dx = Diagnostics::default();
    let _ = wxapi_codegen::check(&tree, &mut dx);
    let _ = render(&dx, &tree, Format::Human);
});
