//! Scalars as YAML text: plain when YAML reads them back unchanged, double-quoted with
//! escapes otherwise; prose as a `|` block when that is exact.

use super::Scalar;

/// A scalar on one line; `in_flow` is stricter about the characters a plain scalar may hold.
pub fn inline(s: &Scalar, in_flow: bool) -> String {
    match s {
        Scalar::Str(t) | Scalar::Text(t) => {
            if plain_ok(t, in_flow) {
                t.clone()
            } else {
                quoted(t)
            }
        }
        Scalar::Int(n) => n.to_string(),
        Scalar::UInt(n) => n.to_string(),
        Scalar::Float(f) => f.clone(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => "null".to_owned(),
    }
}

/// Characters YAML doesn't allow unescaped, or that read as a line break or a BOM.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether `s` reads back as the same string unquoted.
fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(needs_escape) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`<=~\\".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let special = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", ".inf", ".nan",
    ];
    if special.contains(&lower.as_str()) {
        return false;
    }
    let second = s.chars().nth(1);
    let numeric_start = first.is_ascii_digit()
        || ("+.".contains(first) && second.is_some_and(|c| c.is_ascii_digit() || c == '.'));
    !numeric_start
}

/// A double-quoted YAML string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether prose can be a `|` block and read back the same (up to the final line break).
pub fn block_scalar_ok(t: &str) -> bool {
    !t.starts_with([' ', '\t'])
        && !t.chars().any(|c| c != '\n' && c != '\t' && needs_escape(c))
        && t.lines().all(|l| l.trim_end() == l)
        && !t.ends_with('\n')
}

/// Text for a comment line: one line, whatever it was given.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c == '\n' || needs_escape(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The width a line takes on screen, roughly: wide (CJK) characters count twice.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}
