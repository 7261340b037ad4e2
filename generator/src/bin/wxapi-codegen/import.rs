//! `wxapi-codegen import`: pages in, drafts out, and a report of what each page left open.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wxapi_codegen::import::{self, Catalogue, Imported};
use wxapi_codegen::SpecTree;

use crate::Printer;

/// What `import` was asked to do.
pub struct ImportArgs {
    pub pages: Vec<PathBuf>,
    pub out: PathBuf,
    pub stdout: bool,
    pub force: bool,
    pub spec: PathBuf,
    pub catalogue: Option<PathBuf>,
}

/// Imports every page; exit 1 when a page yields no draft (or its draft can't be written
/// without `--force`), 0 otherwise.
pub fn run(args: &ImportArgs, printer: &Printer) -> Result<ExitCode, String> {
    let common = match import::common_codes(&args.spec) {
        Ok(codes) => codes,
        Err(why) => {
            eprintln!("note: no common error table ({why}); every error code goes to `errors:`");
            BTreeSet::new()
        }
    };
    let catalogue = match &args.catalogue {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let catalogue = Catalogue::parse(&text);
            if catalogue.is_empty() {
                return Err(format!(
                    "{}: no table with an endpoint name column and a `Method · path` column",
                    path.display()
                ));
            }
            Some(catalogue)
        }
        None => None,
    };
    if !args.stdout {
        std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    }
    let mut failed = 0;
    let mut written: HashMap<String, PathBuf> = HashMap::new();
    for page in &args.pages {
        let bytes = std::fs::read(page).map_err(|e| format!("{}: {e}", page.display()))?;
        let shown = page.display().to_string();
        let imported = import::import_page_with(&shown, &bytes, &common, catalogue.as_ref());
        report(&imported, &shown, bytes, printer);
        let Some(draft) = imported.draft else {
            eprintln!("{shown}: no draft (see above)");
            failed += 1;
            continue;
        };
        if args.stdout {
            print!("{}", draft.yaml);
            continue;
        }
        if let Some(first) = written.get(&draft.id) {
            eprintln!(
                "{shown}: not written: it gives the id `{}`, like {}",
                draft.id,
                first.display()
            );
            failed += 1;
            continue;
        }
        let target = args.out.join(format!("{}.yaml", draft.id));
        if target.exists() && !args.force {
            eprintln!(
                "{shown}: not written: {} exists (pass --force to overwrite it)",
                target.display()
            );
            failed += 1;
            continue;
        }
        std::fs::write(&target, &draft.yaml).map_err(|e| format!("{}: {e}", target.display()))?;
        eprintln!(
            "wrote {} from {shown} ({} layout, {} TODO{})",
            target.display(),
            draft.layout.name(),
            draft.todos.len(),
            if draft.todos.len() == 1 { "" } else { "s" }
        );
        written.insert(draft.id, page.clone());
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Draws the page's diagnostics with its own lines.
fn report(imported: &Imported, shown: &str, bytes: Vec<u8>, printer: &Printer) {
    let tree = SpecTree {
        display_root: String::new(),
        files: vec![(shown.to_owned(), bytes)],
    };
    // Warnings never stop an import: they are what the draft leaves to a human.
    let quiet = Printer {
        format: printer.format,
        deny_warnings: false,
    };
    quiet.report(&imported.diagnostics, &tree);
}

/// The page files `paths` name: files as given, folders walked for `.md` and `.txt` files,
/// sorted.
pub fn pages(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}
