//! Every fixture page read, its key facts checked; and (ignored, a dev check) every page of
//! the crawl in `/work/shared/wechat-docs/miniprogram/` read without a panic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::read;

fn pages_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
            && path
                .file_name()
                .is_some_and(|n| n != "INDEX.md" && n != "README.md")
        {
            out.push(path);
        }
    }
}

#[test]
#[ignore = "dev check over the crawl in /work/shared/wechat-docs (not in the repository)"]
fn the_crawl_reads_without_panics() {
    let root = Path::new("/work/shared/wechat-docs/miniprogram");
    let mut pages = Vec::new();
    pages_under(root, &mut pages);
    if pages.is_empty() {
        return;
    }
    let (mut read_ok, mut named, mut http, mut tables, mut errors, mut samples) =
        (0, 0, 0, 0, 0, 0);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut none = Vec::new();
    for path in &pages {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let file = path.display().to_string();
        let (page, diags) = read(&file, &text);
        for d in &diags {
            *codes.entry(d.code).or_default() += 1;
            if std::env::var_os("SHOW_DIAGS").is_some() {
                eprintln!(
                    "{}:{}:{} {} {}",
                    d.file, d.span.line, d.span.col, d.code, d.message
                );
            }
        }
        if std::env::var_os("SHOW_MISSING").is_some() {
            if let Some(p) = page
                .as_ref()
                .filter(|p| p.response.is_empty() && p.body.is_empty() && p.query.is_empty())
            {
                eprintln!(
                    "no tables: {file} {:?}",
                    p.english_name.as_ref().map(|n| &n.value)
                );
            }
            for s in page.iter().flat_map(|p| &p.samples) {
                eprintln!(
                    "sample: {file} {:?} {:?} {} lines",
                    s.kind,
                    s.title,
                    s.text.lines().count()
                );
            }
        }
        let Some(page) = page else {
            none.push(file);
            continue;
        };
        read_ok += 1;
        named += usize::from(page.english_name.is_some());
        http += usize::from(page.http.is_some());
        tables += usize::from(
            !page.query.is_empty() || !page.body.is_empty() || !page.response.is_empty(),
        );
        errors += usize::from(!page.errors.is_empty());
        if std::env::var_os("SHOW_MISSING").is_some() && page.errors.is_empty() {
            eprintln!("no errors: {file}");
        }
        samples += usize::from(!page.samples.is_empty());
    }
    eprintln!(
        "{} pages: {read_ok} read, {named} named, {http} with http, {tables} with tables, {errors} with errors, {samples} with samples",
        pages.len()
    );
    eprintln!("diagnostics: {codes:?}");
    eprintln!("not read: {none:?}");
    assert!(
        read_ok * 100 >= pages.len() * 95,
        "{read_ok} of {} pages read",
        pages.len()
    );
}

#[test]
#[ignore = "dev aid: prints the page read from $PAGE"]
fn show_page() {
    let Some(path) = std::env::var_os("PAGE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (page, diags) = read("page", &text);
    eprintln!("{page:#?}\n{diags:#?}");
}
