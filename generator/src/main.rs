//! `wxapi-codegen`: generate, check or validate the spec from the command line.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wxapi_codegen::render::{self, Format};
use wxapi_codegen::{generate, write, Diagnostics, Error, Options, SpecTree, REGENERATE};
use wxapi_codegen::{schema, ScaffoldKind};

#[derive(Parser)]
#[command(
    name = "wxapi-codegen",
    version,
    about = "WeChat server API specs -> Rust client, error enums and docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to print diagnostics: `human` (drawn, with the source line), `plain` (the same in
    /// rustc's plain style), `short` (one line each) or `json` (one JSON object per line, on
    /// stdout).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Treat warnings as errors.
    #[arg(long, global = true)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Plain,
    Short,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the output directory from the spec (writes only files that changed).
    Generate(Paths),
    /// Exit non-zero, listing every stale, missing or extra file, if the output is not what the spec gives.
    Check(Paths),
    /// Check the spec and print its diagnostics; write nothing.
    Validate {
        /// The spec folder.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
    },
    /// Print the JSON Schema of one kind of spec file.
    Schema {
        #[arg(value_enum, default_value_t = KindArg::Endpoint)]
        kind: KindArg,
    },
    /// Start a new spec file from a commented template that validates as is.
    New {
        #[arg(value_enum)]
        what: WhatArg,
        /// The snake_case id, e.g. `get_user_risk_rank`.
        id: String,
        /// The spec folder.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// The folder with the JSON Schemas the new file's first line points editors at
        /// (`generate` writes them to `<out>/schema`; `schema KIND` prints one).
        #[arg(long, default_value = "generated/schema")]
        schema: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Endpoint,
    Service,
    Types,
    Errors,
}

#[derive(Clone, Copy, ValueEnum)]
enum WhatArg {
    Endpoint,
    Service,
}

#[derive(clap::Args)]
struct Paths {
    /// The spec folder.
    #[arg(long, default_value = "spec")]
    spec: PathBuf,
    /// The generated crate's folder.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults suit long-running servers: they keep freed memory a while and commit
/// arena memory ahead. A generator run is short and its peak is what counts, so freed
/// memory goes back at once and memory is committed only as it is used.
#[cfg(feature = "mimalloc")]
fn tune_allocator() {
    use libmimalloc_sys::{mi_option_set, mi_option_t};
    // Positions in `mi_option_e` of mimalloc v3's `mimalloc.h`; libmimalloc-sys doesn't name
    // these two.
    const ARENA_EAGER_COMMIT: mi_option_t = 4;
    const PURGE_DELAY: mi_option_t = 15;
    // SAFETY: setting an option is a plain store mimalloc reads on later allocations; both
    // indices are valid options of the linked version.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(not(feature = "mimalloc"))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let format = match cli.format {
        FormatArg::Human if std::io::stderr().is_terminal() => Format::HumanColor,
        FormatArg::Human => Format::Human,
        FormatArg::Plain => Format::Plain,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
    };
    let printer = Printer {
        format,
        deny_warnings: cli.deny_warnings,
    };
    match run(cli.command, &printer) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

struct Printer {
    format: Format,
    deny_warnings: bool,
}

impl Printer {
    /// Prints the diagnostics; false when they should stop the command.
    fn report(&self, dx: &Diagnostics, tree: &SpecTree) -> bool {
        if !dx.is_empty() || self.format == Format::Json {
            let text = render::render(dx, tree, self.format);
            if self.format == Format::Json {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
        }
        !(dx.has_errors() || (self.deny_warnings && dx.warning_count() > 0))
    }
}

fn read(spec: &Path) -> Result<SpecTree, String> {
    SpecTree::read(spec).map_err(|e| format!("reading the spec: {e}"))
}

fn run(command: Command, printer: &Printer) -> Result<ExitCode, String> {
    match command {
        Command::Schema { kind } => {
            let kind = match kind {
                KindArg::Endpoint => schema::Kind::Endpoint,
                KindArg::Service => schema::Kind::Service,
                KindArg::Types => schema::Kind::Types,
                KindArg::Errors => schema::Kind::Errors,
            };
            let text =
                serde_json::to_string_pretty(&schema::schema(kind)).map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::New {
            what,
            id,
            spec,
            schema,
        } => {
            let kind = match what {
                WhatArg::Endpoint => ScaffoldKind::Endpoint,
                WhatArg::Service => ScaffoldKind::Service,
            };
            let folder = spec.join(kind.folder());
            let schema_ref = wxapi_codegen::relative_dir(&folder, &schema)
                .map_err(|e| format!("the current directory: {e}"))?;
            let scaffold =
                wxapi_codegen::scaffold(kind, &id, Some(&schema_ref)).map_err(|e| e.to_string())?;
            let path = spec.join(&scaffold.rel);
            if path.exists() {
                return Err(format!(
                    "{} exists already; pick another id or edit that file",
                    path.display()
                ));
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, scaffold.text).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!(
                "created {}: fill in the <...> parts, then run `{REGENERATE}`",
                path.display()
            );
            let schema_file = schema.join(kind.schema_kind().file_name());
            if !schema_file.exists() {
                eprintln!(
                    "note: its first line names the schema {}, which doesn't exist yet; \
                     `wxapi-codegen schema {}` prints it",
                    schema_file.display(),
                    match kind {
                        ScaffoldKind::Endpoint => "endpoint",
                        ScaffoldKind::Service => "service",
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { spec } => {
            let tree = read(&spec)?;
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
        Command::Generate(paths) => {
            let Some(generated) = generated(&paths, printer)? else {
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
        Command::Check(paths) => {
            let Some(generated) = generated(&paths, printer)? else {
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
    }
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
    match generate(&tree, &Options::checked_in()) {
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
