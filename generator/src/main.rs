//! `wxapi-codegen`: generate, check or validate the spec from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wxapi_codegen::{generate, write, Diagnostics, Error, Options, SpecTree, REGENERATE};

#[derive(Parser)]
#[command(
    name = "wxapi-codegen",
    version,
    about = "WeChat server API specs -> Rust client, error enums and docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the output directory from the spec (writes only files that changed).
    Generate(Paths),
    /// Exit non-zero, listing every stale, missing or extra file, if the output is not what the spec gives.
    Check(Paths),
    /// Check the spec and print its diagnostics; write nothing.
    Validate {
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn read(spec: &std::path::Path) -> Result<SpecTree, String> {
    SpecTree::read(spec).map_err(|e| format!("reading the spec: {e}"))
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Validate {
            spec,
            deny_warnings,
        } => {
            let mut dx = Diagnostics::default();
            let tree = read(&spec)?;
            let ok = wxapi_codegen::check(&tree, &mut dx).is_some();
            eprintln!("{dx}");
            let failed = !ok || (deny_warnings && dx.warning_count() > 0);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Generate(paths) => {
            let Some(generated) = generated(&paths)? else {
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
            let Some(generated) = generated(&paths)? else {
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

/// Generates in memory; prints diagnostics. `None` when the spec has errors.
fn generated(paths: &Paths) -> Result<Option<wxapi_codegen::Generated>, String> {
    let tree = read(&paths.spec)?;
    match generate(&tree, &Options::checked_in()) {
        Ok(generated) => {
            if !generated.diagnostics.is_empty() {
                eprintln!("{}", generated.diagnostics);
            }
            Ok(Some(generated))
        }
        Err(Error::Spec(dx)) => {
            eprintln!("{dx}");
            Ok(None)
        }
        Err(other) => Err(other.to_string()),
    }
}
