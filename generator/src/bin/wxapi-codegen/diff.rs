//! `wxapi-codegen diff --against <DIR | git rev>`: what changed in the spec, and what each
//! change means for code built on the generated crate.

use std::io::{BufRead as _, BufReader, IsTerminal as _, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use wxapi_codegen::diff::semver::{check_bump, manifest_version, Version};
use wxapi_codegen::diff::{diff, report, Level, ReportFormat};
use wxapi_codegen::model::Model;
use wxapi_codegen::{Diagnostics, SpecTree};

use crate::args::FormatArg;

/// What decides the exit status when a change is breaking.
pub enum Verdict<'a> {
    /// Exit 1.
    Fail,
    /// Exit 0.
    Allow,
    /// Exit 1 unless the crate version in this manifest was bumped far enough.
    RequireBump(&'a Path),
}

impl<'a> Verdict<'a> {
    pub fn of(allow_breaking: bool, require_bump: Option<&'a Path>) -> Verdict<'a> {
        match (allow_breaking, require_bump) {
            (true, _) => Verdict::Allow,
            (false, Some(manifest)) => Verdict::RequireBump(manifest),
            (false, None) => Verdict::Fail,
        }
    }
}

/// Compares the spec in `spec` with the one in `against` (a folder, or a git revision whose
/// tree holds the same folder), prints the findings, and exits as `verdict` says.
pub fn run(
    spec: &Path,
    against: &str,
    format: FormatArg,
    verdict: Verdict,
) -> Result<ExitCode, String> {
    let new_tree = SpecTree::read(spec).map_err(|e| format!("reading the spec: {e}"))?;
    let at_revision = !Path::new(against).is_dir();
    let old_tree = if at_revision {
        tree_at_revision(against, spec)?
    } else {
        SpecTree::read(Path::new(against)).map_err(|e| format!("reading {against}: {e}"))?
    };
    // Read the versions before comparing: a manifest that can't be read is a setup error
    // whatever the findings.
    let versions = match verdict {
        Verdict::RequireBump(manifest) if at_revision => Some(versions(manifest, against)?),
        Verdict::RequireBump(_) => {
            return Err(
                "--require-bump compares the crate's version with the one in the \
                        --against revision: give a git revision, not a folder"
                    .to_owned(),
            )
        }
        _ => None,
    };
    let old = model(&old_tree, against)?;
    let new = model(&new_tree, &spec.display().to_string())?;
    let findings = diff(&old, &new);
    let format = match format {
        FormatArg::Human if std::io::stdout().is_terminal() => ReportFormat::HumanColor,
        FormatArg::Human => ReportFormat::Human,
        FormatArg::Plain => ReportFormat::Plain,
        FormatArg::Short => ReportFormat::Short,
        FormatArg::Json => ReportFormat::Json,
        FormatArg::Markdown => ReportFormat::Markdown,
        FormatArg::Github => ReportFormat::Github,
    };
    print!("{}", report(&findings, &old_tree, &new_tree, format));
    let breaking = findings
        .iter()
        .filter(|f| f.level() == Level::Breaking)
        .count();
    if let Some((old_version, new_version)) = versions {
        return Ok(match check_bump(&findings, &old_version, &new_version) {
            Ok(()) => {
                if breaking > 0 {
                    eprintln!(
                        "{breaking} breaking change(s), and the crate went from {old_version} \
                         to {new_version}: fine"
                    );
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        });
    }
    if breaking > 0 && !matches!(verdict, Verdict::Allow) {
        eprintln!(
            "{breaking} breaking change(s): the generated crate needs a major version \
             (rerun with --allow-breaking to accept them)"
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The crate version in `manifest` as committed in `rev`, and as it is now.
fn versions(manifest: &Path, rev: &str) -> Result<(Version, Version), String> {
    let shown = manifest.display();
    let now = std::fs::read_to_string(manifest).map_err(|e| format!("reading {shown}: {e}"))?;
    let now = manifest_version(&now).map_err(|e| format!("{shown}: {e}"))?;
    let path = in_repository(manifest)?;
    let then = git(&["show", &format!("{rev}:{path}")])
        .map_err(|e| format!("reading {shown} as it was in {rev}: {e}"))?;
    let then = manifest_version(&then).map_err(|e| format!("{rev}:{path}: {e}"))?;
    Ok((then, now))
}

/// `path` (relative to the working directory) relative to the repository's root.
fn in_repository(path: &Path) -> Result<String, String> {
    let prefix = git(&["rev-parse", "--show-prefix"])
        .map_err(|e| format!("running git to find the repository: {e}"))?;
    Ok(format!(
        "{}{}",
        prefix.trim(),
        path.to_string_lossy().trim_end_matches('/')
    ))
}

fn model(tree: &SpecTree, label: &str) -> Result<Model, String> {
    let mut dx = Diagnostics::default();
    wxapi_codegen::check(tree, &mut dx).ok_or_else(|| {
        format!(
            "the spec in {label} has errors:\n{}",
            wxapi_codegen::render(&dx, tree, wxapi_codegen::Format::Plain)
        )
    })
}

/// The spec folder `spec` as it is in git revision `rev`: the file list from `git ls-tree`,
/// the contents through one `git cat-file --batch`.
fn tree_at_revision(rev: &str, spec: &Path) -> Result<SpecTree, String> {
    let git_error = |what: &str, e: std::io::Error| format!("running git to {what}: {e}");
    let folder = in_repository(spec)?;
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        "--full-tree",
        rev,
        "--",
        &folder,
    ])
    .map_err(|e| git_error("list the spec", e))?;
    let paths: Vec<&str> = listing
        .lines()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
        .collect();
    if paths.is_empty() {
        return Err(format!(
            "`{rev}` is neither a folder nor a git revision with spec files under {folder}/"
        ));
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| git_error("read the spec", e))?;
    let mut stdin = child.stdin.take().ok_or("git's stdin")?;
    let requests: String = paths.iter().map(|p| format!("{rev}:{p}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or("git's stdout")?);
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let mut header = String::new();
        out.read_line(&mut header)
            .map_err(|e| git_error("read the spec", e))?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected answer `{}`", header.trim()))?;
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes)
            .map_err(|e| git_error("read the spec", e))?;
        bytes.pop();
        let rel = path
            .strip_prefix(&format!("{folder}/"))
            .unwrap_or(path)
            .to_owned();
        files.push((rel, bytes));
    }
    let _ = writer.join();
    let _ = child.wait();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(SpecTree {
        display_root: format!("{rev}:{folder}"),
        files,
    })
}

fn git(args: &[&str]) -> std::io::Result<String> {
    let out = Command::new("git").args(args).output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
