//! The command line as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "wxapi-codegen",
    version,
    about = "WeChat server API specs -> Rust client, error enums and docs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How to print diagnostics: `human` (drawn, with the source line), `plain` (the same in
    /// rustc's plain style), `short` (one line each) or `json` (one JSON object per line, on
    /// stdout); `diff` also prints `markdown` (a table for a pull request) and `github`
    /// (workflow annotations).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Treat warnings as errors.
    #[arg(long, global = true)]
    pub deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Plain,
    Short,
    Json,
    Markdown,
    Github,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Compare the spec with an earlier one (a folder, or a git revision) and print every
    /// change with its rule, level and semver consequence; exit 1 on a breaking change.
    Diff {
        /// The earlier spec: a folder, or a git revision (`main`, `v0.1.0`, `HEAD~3`) whose
        /// tree has the spec folder at the same place.
        #[arg(long)]
        against: String,
        /// The spec folder.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Exit 0 even when a change is breaking.
        #[arg(long)]
        allow_breaking: bool,
        /// A breaking change is fine when the version of the crate in this manifest (e.g.
        /// `generated/Cargo.toml`) is one cargo treats as incompatible with its version in
        /// the `--against` revision; exit 1 when it is not, naming the version to set.
        #[arg(long, value_name = "MANIFEST", conflicts_with = "allow_breaking")]
        require_bump: Option<PathBuf>,
    },
    /// Write the spec as one OpenAPI 3.1 document (JSON), as `generate` writes
    /// `openapi.json`; exit 1, with the diagnostics, when the spec has errors.
    Openapi {
        /// The spec folder.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// The file to write; standard output when not given.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The generated crate whose `Cargo.toml` version the document carries as
        /// `info.version` (`0.0.0` when it has none).
        #[arg(long = "crate", value_name = "DIR", default_value = "generated")]
        crate_dir: PathBuf,
    },
    /// Print the JSON Schema of one kind of spec file.
    Schema {
        #[arg(value_enum, default_value_t = KindArg::Endpoint)]
        kind: KindArg,
    },
    /// Read official WeChat documentation pages (Markdown or text) and write one spec draft
    /// per page, `<id>.yaml`, to review: what a page doesn't say is a `# TODO:` in the draft
    /// and a warning here.
    Import {
        /// The pages; a folder stands for every `.md` and `.txt` file under it.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// Where the drafts go.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Print the drafts instead of writing them.
        #[arg(long, conflicts_with = "force")]
        stdout: bool,
        /// Overwrite drafts that exist.
        #[arg(long)]
        force: bool,
        /// The spec folder whose common error table decides `common_errors` vs `errors`.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// A Markdown table of endpoints (an `Endpoint` name column and a `Method · path`
        /// column) to take the HTTP line from when a page has none.
        #[arg(long)]
        catalogue: Option<PathBuf>,
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
pub enum KindArg {
    Endpoint,
    Service,
    Types,
    Errors,
    Groups,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum WhatArg {
    Endpoint,
    Service,
}

#[derive(clap::Args)]
pub struct Paths {
    /// The spec folder.
    #[arg(long, default_value = "spec")]
    pub spec: PathBuf,
    /// The generated crate's folder.
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
}
