//! The spec tree as bytes, and the one walk of a folder on disk that both ends of the
//! pipeline use: the loader for spec files, the writer for the files it generated.

use std::io;
use std::path::{Path, PathBuf};

/// The spec tree as bytes: what the loader reads, whether from disk or from a test.
#[derive(Debug, Clone, Default)]
pub struct SpecTree {
    /// How the root is shown in diagnostics and headers, e.g. `spec`.
    pub display_root: String,
    /// Paths relative to the root, with `/` separators, sorted.
    pub files: Vec<(String, Vec<u8>)>,
}

impl SpecTree {
    /// Reads every `.yaml`/`.yml` file under `root`, in sorted order.
    pub fn read(root: &Path) -> io::Result<SpecTree> {
        let named = |(path, e): (PathBuf, io::Error)| {
            io::Error::new(e.kind(), format!("{}: {e}", path.display()))
        };
        let files = files_under(root, &|_| true, &mut |path| Ok(is_yaml(path))).map_err(named)?;
        let mut tree = SpecTree {
            display_root: root.display().to_string(),
            files: Vec::with_capacity(files.len()),
        };
        for rel in files {
            let path = root.join(&rel);
            let bytes = std::fs::read(&path).map_err(|e| named((path, e)))?;
            tree.files.push((rel, bytes));
        }
        Ok(tree)
    }

    /// The path a file is shown under, e.g. `spec/endpoints/token.yaml`.
    pub fn display(&self, rel: &str) -> String {
        if self.display_root.is_empty() {
            rel.to_owned()
        } else {
            format!("{}/{rel}", self.display_root.trim_end_matches('/'))
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The files under `root` that `keep` accepts, relative to `root` with `/` separators,
/// sorted. Folders `enter` refuses are not walked. An error comes with the path it is about.
pub(crate) fn files_under(
    root: &Path,
    enter: &dyn Fn(&Path) -> bool,
    keep: &mut dyn FnMut(&Path) -> io::Result<bool>,
) -> Result<Vec<String>, (PathBuf, io::Error)> {
    let mut out = Vec::new();
    walk(root, root, enter, keep, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    root: &Path,
    dir: &Path,
    enter: &dyn Fn(&Path) -> bool,
    keep: &mut dyn FnMut(&Path) -> io::Result<bool>,
    out: &mut Vec<String>,
) -> Result<(), (PathBuf, io::Error)> {
    let at = |path: &Path| {
        let path = path.to_path_buf();
        move |e| (path, e)
    };
    for entry in std::fs::read_dir(dir).map_err(at(dir))? {
        let path = entry.map_err(at(dir))?.path();
        if path.is_dir() {
            if enter(&path) {
                walk(root, &path, enter, keep, out)?;
            }
        } else if keep(&path).map_err(at(&path))? {
            if let Ok(rel) = path.strip_prefix(root) {
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push(rel);
            }
        }
    }
    Ok(())
}
