//! `wxapi-codegen openapi`: the spec as one OpenAPI 3.1 document, on standard output or in
//! a file. With the default spec folder the bytes are those of `generated/openapi.json`.

use std::path::Path;
use std::process::ExitCode;

use wxapi_codegen::{Diagnostics, Format, Options, SpecTree};

use crate::Printer;

pub fn run(
    spec: &Path,
    out: Option<&Path>,
    crate_dir: &Path,
    printer: &Printer,
) -> Result<ExitCode, String> {
    if out.is_none() && printer.format == Format::Json {
        // JSON diagnostics go to standard output too; the two would mix.
        return Err(
            "`--format json` prints diagnostics on standard output: give `--out FILE`".into(),
        );
    }
    let tree = SpecTree::read(spec).map_err(|e| format!("reading the spec: {e}"))?;
    let mut dx = Diagnostics::default();
    let model = wxapi_codegen::check(&tree, &mut dx);
    let ok = printer.report(&dx, &tree);
    let (Some(model), true) = (model, ok) else {
        return Ok(ExitCode::from(1));
    };
    let mut options = Options::checked_in_for(crate_dir)?;
    // The header names the folder read, as `generate` names `spec`.
    options.spec_label = spec.display().to_string();
    let file = wxapi_codegen::openapi(&model, &options).map_err(|e| e.to_string())?;
    match out {
        None => print!("{}", file.contents),
        Some(path) => {
            std::fs::write(path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!(
                "wrote {} ({} endpoints, {} bytes)",
                path.display(),
                model.endpoints.len(),
                file.contents.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
