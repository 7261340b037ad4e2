//! Findings as people and tools read them: drawn with the source line of both places, one
//! line each, JSON lines, a markdown table for a pull request, or GitHub workflow
//! annotations. Every format names both places, the old one first.

use std::fmt::Write as _;

use super::draw::{self, Place};
use super::{Finding, Level};
use crate::load::SpecTree;

/// How to print findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Each finding drawn with both places' source lines, without colour.
    #[default]
    Human,
    /// The drawing with ANSI colours, for a terminal (plain without the `fancy` feature).
    HumanColor,
    /// The drawing in rustc's plain style, whatever the features.
    Plain,
    /// One line each: `file:line:col: level[rule]: message`, at the new place (or the old).
    Short,
    /// One JSON object per line.
    Json,
    /// A markdown table, for a pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (`::error file=…`), one per finding.
    Github,
}

/// Renders `findings` (from `diff(old, new)`, with the source text from the two trees), then,
/// in the drawn and short formats, a count by level.
pub fn report(
    findings: &[Finding],
    old: &SpecTree,
    new: &SpecTree,
    format: ReportFormat,
) -> String {
    let mut out = String::new();
    if format == ReportFormat::Markdown {
        out.push_str("| level | rule | change | was | now |\n|---|---|---|---|---|\n");
    }
    for f in findings {
        let was = Place::of(f.old.as_ref(), old);
        let now = Place::of(f.new.as_ref(), new);
        let (was, now) = (was.as_ref(), now.as_ref());
        match format {
            ReportFormat::Human => out.push_str(&draw::draw(f, was, now, false)),
            ReportFormat::HumanColor => out.push_str(&draw::draw(f, was, now, true)),
            ReportFormat::Plain => out.push_str(&draw::plain(f, was, now)),
            ReportFormat::Short => short(&mut out, f, was, now),
            ReportFormat::Json => json(&mut out, f, was, now),
            ReportFormat::Markdown => markdown(&mut out, f, was, now),
            ReportFormat::Github => github(&mut out, f, was, now),
        }
    }
    if matches!(
        format,
        ReportFormat::Human | ReportFormat::HumanColor | ReportFormat::Plain | ReportFormat::Short
    ) {
        out.push_str(&summary(findings));
        out.push('\n');
    }
    out
}

/// `2 breaking, 1 warning, 5 info`.
pub fn summary(findings: &[Finding]) -> String {
    let count = |level| findings.iter().filter(|f| f.level() == level).count();
    let warnings = count(Level::Warning);
    format!(
        "{} breaking, {warnings} warning{}, {} info",
        count(Level::Breaking),
        if warnings == 1 { "" } else { "s" },
        count(Level::Info)
    )
}

fn short(out: &mut String, f: &Finding, was: Option<&Place>, now: Option<&Place>) {
    let at = now.or(was).map_or("", |p| p.shown.as_str());
    let _ = write!(
        out,
        "{at}: {}[{}]: {}",
        f.level().as_str(),
        f.rule.id(),
        f.message
    );
    if let (Some(was), Some(_)) = (was, now) {
        let _ = write!(out, " (was at {})", was.shown);
    }
    out.push('\n');
}

fn json(out: &mut String, f: &Finding, was: Option<&Place>, now: Option<&Place>) {
    let place = |p: Option<&Place>| {
        p.map(|p| serde_json::json!({ "file": p.file, "line": p.line, "column": p.col }))
    };
    let line = serde_json::json!({
        "rule": f.rule.id(),
        "level": f.level().as_str(),
        "semver": f.level().semver(),
        "message": f.message,
        "old": place(was),
        "new": place(now),
    });
    let _ = writeln!(out, "{line}");
}

fn markdown(out: &mut String, f: &Finding, was: Option<&Place>, now: Option<&Place>) {
    let cell = |p: Option<&Place>| p.map_or(String::new(), |p| format!("`{}`", p.shown));
    let _ = writeln!(
        out,
        "| {} | `{}` | {} | {} | {} |",
        f.level().as_str(),
        f.rule.id(),
        f.message.replace('|', "\\|"),
        cell(was),
        cell(now)
    );
}

/// A workflow command at the new place (GitHub annotates the files of the pull request),
/// naming the old place in the message.
fn github(out: &mut String, f: &Finding, was: Option<&Place>, now: Option<&Place>) {
    let kind = match f.level() {
        Level::Breaking => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    let _ = write!(out, "::{kind} ");
    if let Some(p) = now.or(was) {
        let _ = write!(out, "file={},line={},col={},", p.file, p.line, p.col);
    }
    let mut message = f.message.clone();
    if let (Some(was), Some(_)) = (was, now) {
        let _ = write!(message, " (was at {})", was.shown);
    }
    // Workflow commands end at a newline and give `%` a meaning: escape both.
    let message = message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    let _ = writeln!(out, "title={}::{message}", f.rule.id());
}
