//! The mini-program typings (`generated/miniprogram/service-market.d.ts`) under the
//! TypeScript compiler: `tests/miniprogram/good.ts` must compile, and each
//! `tests/miniprogram/bad/*.ts` must fail, at the line marked `// <- error`, with the error its
//! first line names (`// expect: TS2322: ...`).
//!
//! Needs `tests/miniprogram/node_modules` (`npm ci --prefix tests/miniprogram`); without it the
//! test fails and says so, it never skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;

const INSTALL: &str = "run `npm ci --prefix tests/miniprogram` (needs Node.js and npm)";

fn project() -> PathBuf {
    common::repo::root().join("tests/miniprogram")
}

fn typings() -> PathBuf {
    common::repo::root().join("generated/miniprogram/service-market.d.ts")
}

/// The pinned compiler of `tests/miniprogram/package.json`.
fn tsc() -> PathBuf {
    let tsc = project().join("node_modules/.bin/tsc");
    assert!(
        tsc.exists(),
        "the TypeScript compiler is not installed at {}: {INSTALL}",
        tsc.display()
    );
    assert!(
        typings().exists(),
        "{} is missing: run `cargo run -p wxapi-codegen -- generate`",
        typings().display()
    );
    tsc
}

/// Runs tsc on a project (a tsconfig.json, or a folder holding one).
fn run_tsc(tsc: &Path, config: &Path) -> Output {
    Command::new(tsc)
        .arg("-p")
        .arg(config)
        .args(["--pretty", "false"])
        .current_dir(project())
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}; {INSTALL}", tsc.display()))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn good_mini_program_code_compiles() {
    let _alone = common::heavy();
    let tsc = tsc();
    let output = run_tsc(&tsc, &project());
    assert!(
        output.status.success(),
        "tsc -p tests/miniprogram failed: good.ts must compile against the typings:\n{}",
        text(&output)
    );
}

/// One file of `bad/`, checked alone: the same compiler options (a config extending the
/// project's), the typings, the `wx` global, and the file.
fn check_bad_file(tsc: &Path, file: &Path, scratch: &Path) -> Result<(), String> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    let source = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
    let expected = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// expect: "))
        .ok_or_else(|| format!("{name}: the first line must be `// expect: TS<code>: <message>`"))?
        .trim()
        .to_owned();
    let marked: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("// <- error"))
        .map(|(i, _)| i + 1)
        .collect();
    let [line] = marked[..] else {
        return Err(format!(
            "{name}: mark exactly one line with `// <- error` (found {})",
            marked.len()
        ));
    };
    let config = scratch.join(format!("{name}.tsconfig.json"));
    let files = [project().join("wx.d.ts"), typings(), file.to_path_buf()];
    let json = serde_json::json!({
        "extends": project().join("tsconfig.json"),
        "files": files,
        "include": [],
    });
    std::fs::write(&config, json.to_string()).map_err(|e| format!("{name}: {e}"))?;
    let output = run_tsc(tsc, &config);
    let out = text(&output);
    if output.status.success() {
        return Err(format!(
            "{name} compiled, but it must not: the typings let its mistake through"
        ));
    }
    // `bad/<name>(<line>,<col>): error TS....: ...`
    let at_line = format!("{name}({line},");
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error TS")).collect();
    let hit = errors
        .iter()
        .any(|l| l.contains(&at_line) && l.contains(&expected));
    if !hit {
        return Err(format!(
            "{name}: expected `{expected}` at line {line}, tsc said:\n{out}"
        ));
    }
    if let Some(other) = errors.iter().find(|l| !l.contains(&at_line)) {
        return Err(format!(
            "{name}: one mistake per file, but tsc also reports:\n{other}\n(all of it:\n{out})"
        ));
    }
    Ok(())
}

#[test]
fn each_bad_file_fails_at_its_mistake() {
    let _alone = common::heavy();
    let tsc = tsc();
    let mut bad: Vec<PathBuf> = std::fs::read_dir(project().join("bad"))
        .expect("tests/miniprogram/bad")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .collect();
    bad.sort();
    assert!(
        bad.len() >= 5,
        "tests/miniprogram/bad/ should hold the mistakes (wrong type, missing field, unknown field, wrong enum value, unknown result field); found {}",
        bad.len()
    );
    let scratch = tempfile::tempdir().expect("a temporary directory");
    // One compiler per file, side by side: each run takes a second or two.
    let failures: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = bad
            .iter()
            .map(|file| s.spawn(|| check_bad_file(&tsc, file, scratch.path())))
            .collect();
        runs.into_iter()
            .filter_map(|run| run.join().expect("a check thread").err())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
