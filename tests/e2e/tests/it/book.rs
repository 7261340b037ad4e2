//! The reference as a website: `mdbook build generated` succeeds without a warning, every
//! internal link and anchor of the built site resolves, and a headless Chromium reading it
//! (`tests/book/check.mjs`) sees the index, an endpoint page, the error table, the link from
//! an endpoint's error code to its row, and search results for an error code and for Chinese.
//! Needs mdbook, chromium and `npm ci --prefix tests/book`; `scripts/test.sh` installs them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// Builds the book into the target directory, failing on any warning.
fn build_book() -> PathBuf {
    let repo = common::repo::root();
    let out = common::repo::target_dir().join("book-test");
    let _ = fs::remove_dir_all(&out);
    let built = Command::new(tool("mdbook", MDBOOK_INSTALL))
        .arg("build")
        .arg(repo.join("generated"))
        .arg("--dest-dir")
        .arg(&out)
        .output()
        .expect("mdbook runs");
    let log = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "mdbook build failed:\n{log}");
    let complaints: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("[WARN]") || l.contains("[ERROR]"))
        .collect();
    assert!(complaints.is_empty(), "mdbook build warned:\n{log}");
    out
}

/// How to get the pinned mdbook.
const MDBOOK_INSTALL: &str = "bash scripts/book.sh --install";

/// `name` on the PATH (or in cargo's bin folder), or a failure saying how to install it.
fn tool(name: &str, install: &str) -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|home| home.join("bin"));
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .chain(cargo_bin)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("the book tests need `{name}`: {install} (scripts/test.sh does)"))
}

#[test]
fn the_book_builds_and_every_internal_link_resolves() {
    let _alone = common::heavy();
    let book = build_book();
    let pages = html_files(&book);
    assert!(pages.len() > 200, "{} pages", pages.len());
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let html = fs::read_to_string(page).expect("page");
        let links = attribute_values(&html, "href");
        for link in links.into_iter().chain(attribute_values(&html, "src")) {
            let Some((target, fragment)) = resolve(&book, page, &link) else {
                continue;
            };
            checked += 1;
            if !target.is_file() {
                broken.push(format!(
                    "{}: {link} (no {})",
                    shown(&book, page),
                    shown(&book, &target)
                ));
                continue;
            }
            let Some(fragment) = fragment else { continue };
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let html = fs::read_to_string(&target).unwrap_or_default();
                attribute_values(&html, "id").into_iter().collect()
            });
            if !known.contains(&fragment) {
                broken.push(format!(
                    "{}: {link} (no id `{fragment}`)",
                    shown(&book, page)
                ));
            }
        }
    }
    assert!(checked > 10_000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links of {checked}:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn a_browser_reads_the_book() {
    let _alone = common::heavy();
    let book = build_book();
    let repo = common::repo::root();
    let node = tool("node", "apt-get install -y nodejs npm");
    assert!(
        repo.join("tests/book/node_modules/puppeteer-core").is_dir(),
        "the browser test needs its packages: npm ci --prefix tests/book (scripts/test.sh does)"
    );
    let chromium = tool("chromium", "apt-get install -y chromium");
    let shots = common::repo::target_dir().join("book-screenshots");
    let out = Command::new(node)
        .arg(repo.join("tests/book/check.mjs"))
        .arg(&book)
        .arg(chromium)
        .arg(&shots)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    // The screenshots' paths, in the test's output.
    println!("{report}");
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "index",
        "endpoint-img_sec_check",
        "errors-87014",
        "search-87014",
    ] {
        let shot = shots.join(format!("{name}.png"));
        let size = fs::metadata(&shot).map_or(0, |m| m.len());
        assert!(size > 10_000, "{} is {size} bytes", shot.display());
    }
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out
}

/// The values of every `name="…"` attribute of a tag in `html` (mdBook writes them
/// double-quoted; text like `<code>&lt;a href="…"&gt;</code>` is not a tag), with
/// `&amp;`-style escapes of `&`, `"` and `'` undone.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let before = &html[..at];
            if before.rfind('<') < before.rfind('>') {
                return None;
            }
            let rest = &html[at + needle.len()..];
            let value = &rest[..rest.find('"')?];
            Some(
                value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// The file and fragment an internal link of `page` points at; `None` for links leaving the
/// site (another scheme or host) and for templates' placeholders.
fn resolve(book: &Path, page: &Path, link: &str) -> Option<(PathBuf, Option<String>)> {
    if link.contains("://")
        || link.starts_with("//")
        || link.starts_with("mailto:")
        || link.starts_with("javascript:")
        || link.starts_with("data:")
        || link.contains("{{")
    {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decoded(fragment))),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut target = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(absolute) = path.strip_prefix('/') {
        book.join(percent_decoded(absolute))
    } else {
        page.parent()?.join(percent_decoded(path))
    };
    if path.ends_with('/') || target.is_dir() {
        target = target.join("index.html");
    }
    Some((normalized(&target), fragment.filter(|f| !f.is_empty())))
}

/// `path` with its `.` and `..` parts resolved, without touching the file system.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn shown(book: &Path, path: &Path) -> String {
    path.strip_prefix(book)
        .unwrap_or(path)
        .display()
        .to_string()
}
