//! `wxapi-codegen`: generate, check or validate the spec from the command line.

mod allocator;
mod args;
mod commands;
mod diff;
mod import;
mod openapi;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use wxapi_codegen::{render, Diagnostics, Format, SpecTree};

use crate::args::{Cli, FormatArg};

fn main() -> ExitCode {
    allocator::tune();
    let cli = Cli::parse();
    let format = match cli.format {
        FormatArg::Human if std::io::stderr().is_terminal() => Format::HumanColor,
        FormatArg::Human => Format::Human,
        FormatArg::Plain => Format::Plain,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
        // Only `diff` prints these; diagnostics stay drawn.
        FormatArg::Markdown | FormatArg::Github => Format::Human,
    };
    let printer = Printer {
        format,
        deny_warnings: cli.deny_warnings,
    };
    match commands::run(cli.command, &printer, cli.format) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// How diagnostics are printed, and whether warnings stop a command.
pub struct Printer {
    pub format: Format,
    pub deny_warnings: bool,
}

impl Printer {
    /// Prints the diagnostics; false when they should stop the command.
    pub fn report(&self, dx: &Diagnostics, tree: &SpecTree) -> bool {
        if !dx.is_empty() || self.format == Format::Json {
            let text = render(dx, tree, self.format);
            if self.format == Format::Json {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
        }
        !(dx.has_errors() || (self.deny_warnings && dx.warning_count() > 0))
    }
}
