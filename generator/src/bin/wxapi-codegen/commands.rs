//! One function per command; each prints what it did and returns the exit status.

use std::path::Path;
use std::process::ExitCode;

use wxapi_codegen::{generate, write, Diagnostics, Error, Format, Options, SpecTree, REGENERATE};
use wxapi_codegen::{schema, ScaffoldKind};

use crate::args::{Command, FormatArg, KindArg, Paths, WhatArg};
use crate::Printer;

fn read(spec: &Path) -> Result<SpecTree, String> {
    SpecTree::read(spec).map_err(|e| format!("reading the spec: {e}"))
}

/// Runs one command. `Err` is a failure outside the spec (I/O, a bad argument): exit 2.
pub fn run(command: Command, printer: &Printer, format: FormatArg) -> Result<ExitCode, String> {
    match command {
        Command::Diff {
            against,
            spec,
            allow_breaking,
            require_bump,
        } => crate::diff::run(
            &spec,
            &against,
            format,
            crate::diff::Verdict::of(allow_breaking, require_bump.as_deref()),
        ),
        Command::Openapi {
            spec,
            out,
            crate_dir,
        } => crate::openapi::run(&spec, out.as_deref(), &crate_dir, printer),
        Command::Schema { kind } => print_schema(kind),
        Command::New {
            what,
            id,
            spec,
            schema,
        } => new(what, &id, &spec, &schema),
        Command::Validate { spec } => validate(&spec, printer),
        Command::Import {
            pages,
            out,
            stdout,
            force,
            spec,
            catalogue,
        } => {
            let args = crate::import::ImportArgs {
                pages: crate::import::pages(&pages)?,
                out,
                stdout,
                force,
                spec,
                catalogue,
            };
            crate::import::run(&args, printer)
        }
        Command::Generate(paths) => generate_files(&paths, printer),
        Command::Check(paths) => check(&paths, printer),
    }
}

fn print_schema(kind: KindArg) -> Result<ExitCode, String> {
    let kind = match kind {
        KindArg::Endpoint => schema::Kind::Endpoint,
        KindArg::Service => schema::Kind::Service,
        KindArg::Types => schema::Kind::Types,
        KindArg::Errors => schema::Kind::Errors,
        KindArg::Groups => schema::Kind::Groups,
    };
    let text = serde_json::to_string_pretty(&schema::schema(kind)).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Writes a scaffold whose `$schema` line points at `schema` from where the file goes.
fn new(what: WhatArg, id: &str, spec: &Path, schema: &Path) -> Result<ExitCode, String> {
    let kind = match what {
        WhatArg::Endpoint => ScaffoldKind::Endpoint,
        WhatArg::Service => ScaffoldKind::Service,
    };
    let folder = spec.join(kind.folder());
    let schema_ref = wxapi_codegen::relative_dir(&folder, schema)
        .map_err(|e| format!("the current directory: {e}"))?;
    let scaffold =
        wxapi_codegen::scaffold(kind, id, Some(&schema_ref)).map_err(|e| e.to_string())?;
    let path = spec.join(&scaffold.rel);
    if path.exists() {
        return Err(format!(
            "{} exists already; pick another id or edit that file",
            path.display()
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, scaffold.text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "created {}: fill in the <...> parts, then run `{REGENERATE}`",
        path.display()
    );
    let schema_file = schema.join(kind.schema_kind().file_name());
    if !schema_file.exists() {
        let name = match kind {
            ScaffoldKind::Endpoint => "endpoint",
            ScaffoldKind::Service => "service",
        };
        eprintln!(
            "note: its first line names the schema {}, which doesn't exist yet; \
             `wxapi-codegen schema {name}` prints it",
            schema_file.display(),
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(spec: &Path, printer: &Printer) -> Result<ExitCode, String> {
    let tree = read(spec)?;
    let mut dx = Diagnostics::default();
    let model = wxapi_codegen::check(&tree, &mut dx);
    let ok = printer.report(&dx, &tree);
    if let (Some(model), true) = (model, printer.format != Format::Json) {
        eprintln!(
            "{}: {} endpoints, {} services, {} common error codes",
            spec.display(),
            model.endpoints.len(),
            model.services.len(),
            model.common_errors.codes.len()
        );
    }
    Ok(exit(ok))
}

fn generate_files(paths: &Paths, printer: &Printer) -> Result<ExitCode, String> {
    let Some(generated) = generated(paths, printer)? else {
        return Ok(ExitCode::from(1));
    };
    let plan = write::write(&paths.out, &generated.files).map_err(|e| e.to_string())?;
    for (verb, list) in [
        ("created", &plan.created),
        ("updated", &plan.changed),
        ("removed", &plan.stale),
    ] {
        for path in list {
            eprintln!("{verb} {}", paths.out.join(path).display());
        }
    }
    eprintln!(
        "{} files generated in {}: {} created, {} updated, {} unchanged, {} removed",
        generated.files.len(),
        paths.out.display(),
        plan.created.len(),
        plan.changed.len(),
        plan.unchanged.len(),
        plan.stale.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(paths: &Paths, printer: &Printer) -> Result<ExitCode, String> {
    let Some(generated) = generated(paths, printer)? else {
        return Ok(ExitCode::from(1));
    };
    let plan = write::plan(&paths.out, &generated.files).map_err(|e| e.to_string())?;
    if plan.is_fresh() {
        eprintln!(
            "{} is up to date with {}",
            paths.out.display(),
            paths.spec.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for (what, list) in [
        ("missing", &plan.created),
        ("stale", &plan.changed),
        ("no longer generated", &plan.stale),
    ] {
        for path in list {
            eprintln!("{what}: {}", paths.out.join(path).display());
        }
    }
    eprintln!(
        "{} is out of date: run `{REGENERATE}` and commit the result",
        paths.out.display()
    );
    Ok(ExitCode::from(1))
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Generates in memory and prints diagnostics. `None` when they stop the command.
fn generated(paths: &Paths, printer: &Printer) -> Result<Option<wxapi_codegen::Generated>, String> {
    let tree = read(&paths.spec)?;
    match generate(&tree, &Options::checked_in_for(&paths.out)?) {
        Ok(generated) => Ok(printer
            .report(&generated.diagnostics, &tree)
            .then_some(generated)),
        Err(Error::Spec(dx)) => {
            printer.report(&dx, &tree);
            Ok(None)
        }
        Err(other) => Err(other.to_string()),
    }
}
