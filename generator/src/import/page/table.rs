//! Markdown table rows: cells split on unescaped pipes (`|`, or the full-width `｜` on a line
//! without ASCII pipes), leading and trailing pipes optional, separator rows recognised, and
//! the indentation of a row's first cell measured for nested rows.

use super::inline::plain;

/// A table: its header cells and rows, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells as plain text; the first without its indentation marks (`└`, `&emsp;`…).
    pub cells: Vec<String>,
    /// How far the first cell is indented: spaces, `&emsp;`, full-width spaces, tree marks.
    pub indent: usize,
    /// The line's index in the page's lines.
    pub line: usize,
}

/// The pipe a row line uses: ASCII if it has an unescaped one, else the full-width one.
fn separator(line: &str) -> Option<char> {
    let ascii = line
        .char_indices()
        .any(|(i, c)| c == '|' && !line[..i].ends_with('\\'));
    if ascii {
        Some('|')
    } else if line.contains('｜') {
        Some('｜')
    } else {
        None
    }
}

/// The raw cells of a row line, or `None` if it has no pipe. Escaped `\|` stays in its
/// cell (as `\|`, undone by [`plain`]).
pub fn split(line: &str) -> Option<Vec<&str>> {
    let sep = separator(line)?;
    // Without a leading pipe, the line's indentation is its first cell's.
    let mut s = line.trim_end();
    if let Some(rest) = s.trim_start().strip_prefix(sep) {
        s = rest;
    }
    if s.ends_with(sep) && !s.ends_with(&format!("\\{sep}")) {
        s = &s[..s.len() - sep.len_utf8()];
    }
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == sep {
            cells.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    cells.push(&s[start..]);
    if cells.len() < 2 && !line.trim().starts_with(sep) {
        return None;
    }
    Some(cells)
}

/// Whether the raw cells are a separator row (`---`, `:--:`).
pub fn is_separator(cells: &[&str]) -> bool {
    let mut dashes = false;
    for cell in cells {
        let t = cell.trim();
        if t.is_empty() {
            continue;
        }
        if !t.chars().all(|c| matches!(c, '-' | ':' | '—' | '－')) {
            return false;
        }
        dashes = true;
    }
    dashes
}

/// The indentation of a raw first cell and the cell without it.
pub fn indent(cell: &str) -> (usize, &str) {
    let mut width = 0;
    let mut rest = cell;
    loop {
        if let Some(r) = rest.strip_prefix("&emsp;") {
            width += 2;
            rest = r;
            continue;
        }
        if let Some(r) = rest
            .strip_prefix("&nbsp;")
            .or_else(|| rest.strip_prefix("&ensp;"))
        {
            width += 1;
            rest = r;
            continue;
        }
        if rest.starts_with("- ") || rest.starts_with("-\t") {
            width += 2;
            rest = &rest[1..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        let w = match c {
            ' ' | '\u{a0}' => 1,
            '\t' => 4,
            '\u{3000}' => 2,
            '└' | '├' | '│' | '┗' | '┣' | '┃' | '─' | '—' | '·' | '∟' => 2,
            _ => break,
        };
        width += w;
        rest = &rest[c.len_utf8()..];
    }
    (width, rest)
}

/// The row of `line` (index `index`), cells as plain text.
pub fn row(raw: &[&str], index: usize) -> Row {
    let mut cells = Vec::with_capacity(raw.len());
    let mut depth = 0;
    for (i, cell) in raw.iter().enumerate() {
        if i == 0 {
            let (w, rest) = indent(cell);
            depth = w;
            cells.push(plain(rest));
        } else {
            cells.push(plain(cell));
        }
    }
    Row {
        cells,
        indent: depth,
        line: index,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_and_without_pipes() {
        assert_eq!(split("| a | b |"), Some(vec![" a ", " b "]));
        assert_eq!(split("a | b"), Some(vec!["a ", " b"]));
        assert_eq!(split("\u{3000}a | b"), Some(vec!["\u{3000}a ", " b"]));
        assert_eq!(split("｜a｜b｜"), Some(vec!["a", "b"]));
        assert_eq!(split("| a \\| b | c |"), Some(vec![" a \\| b ", " c "]));
        assert_eq!(split("| a | |"), Some(vec![" a ", " "]));
        assert_eq!(split("no pipe"), None);
        assert_eq!(split("a |"), None);
    }

    #[test]
    fn separators() {
        assert!(is_separator(&["---", " :---: ", ""]));
        assert!(!is_separator(&["-1", "x"]));
        assert!(!is_separator(&["", ""]));
    }

    #[test]
    fn indentation() {
        assert_eq!(indent(" name "), (1, "name "));
        assert_eq!(indent(" &emsp;&emsp;name"), (5, "name"));
        assert_eq!(indent("　└ name"), (5, "name"));
        assert_eq!(indent("- name"), (3, "name"));
        assert_eq!(indent("-1"), (0, "-1"));
        let r = row(&[" └ `x` ", " string "], 3);
        assert_eq!(r.cells, vec!["x", "string"]);
        assert_eq!((r.indent, r.line), (4, 3));
    }
}
