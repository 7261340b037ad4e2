//! Scanning a page's text: lines with their places, headings, tables and code blocks,
//! tolerant of the variations WeChat's pages and their conversions show.
//!
//! [`scan`] cuts a page into [`Block`]s — headings (any depth, the `# #` of converted pages
//! removed), tables, fenced code, bare JSON, lines of text — each knowing its lines, so
//! that readers can report at the page's line and column and take a sample's raw text.

mod inline;
mod json;
mod table;

pub use inline::{plain, strip_marks};
pub use table::Table;

use crate::diag::Span;

/// One line of the page: its text without the line break, its byte offset, its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// From 1.
    pub no: usize,
    pub offset: usize,
    pub text: &'a str,
}

impl Line<'_> {
    /// The span of the bytes `start..start + len` of the line (clamped to its text and
    /// moved to character boundaries).
    pub fn span(&self, start: usize, len: usize) -> Span {
        let mut start = start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = start.saturating_add(len).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        Span {
            line: self.no,
            col: self.text[..start].chars().count() + 1,
            offset: self.offset + start,
            len: end - start,
        }
    }

    /// The span of the line's text without its surrounding whitespace.
    pub fn trimmed_span(&self) -> Span {
        let start = self.text.len() - self.text.trim_start().len();
        self.span(start, self.text.trim().len())
    }

    /// The span of `part`, a sub-slice of the line's text (else of the whole line).
    pub fn span_of(&self, part: &str) -> Span {
        let base = self.text.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        if at >= base && at + part.len() <= base + self.text.len() {
            self.span(at - base, part.len())
        } else {
            self.trimmed_span()
        }
    }
}

/// The page's lines: split on `\n`, a trailing `\r` dropped.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line {
            no: i + 1,
            offset,
            text: line,
        });
        offset += raw.len() + 1;
    }
    out
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A heading: its depth (the first run of `#`s) and its plain text.
    Heading {
        level: usize,
        text: String,
    },
    /// A line of text, as plain text without quote and list marks.
    Text(String),
    /// A fenced code block: its info string and its lines.
    Code {
        lang: String,
        body: String,
    },
    /// A bare JSON block, from a `{` line to the matching `}` (and stray closers after).
    Json(String),
    Table(Table),
}

/// A block and its lines (indices into the page's lines, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub first: usize,
    pub last: usize,
}

/// A scanned page.
#[derive(Debug)]
pub struct Doc<'a> {
    pub lines: Vec<Line<'a>>,
    pub blocks: Vec<Block>,
}

impl Doc<'_> {
    /// The span of the block's first line (trimmed).
    pub fn span(&self, block: &Block) -> Span {
        self.line_span(block.first)
    }

    /// The span of line `index` (trimmed), or an empty span past the end.
    pub fn line_span(&self, index: usize) -> Span {
        match self.lines.get(index) {
            Some(line) => line.trimmed_span(),
            None => Span::default(),
        }
    }

    /// The raw text of a line.
    pub fn raw(&self, index: usize) -> &str {
        self.lines.get(index).map_or("", |l| l.text)
    }
}

/// A heading line: its level and its text (without the `#` runs, with closing `#`s
/// removed). `# # 2. 请求参数` is `(1, "2. 请求参数")`; `####功能描述` is a heading too.
pub fn heading(line: &str) -> Option<(usize, String)> {
    let s = line.trim();
    let hashes = s.chars().take_while(|&c| c == '#').count();
    if hashes == 0 {
        return None;
    }
    let rest = &s[hashes..];
    match rest.chars().next() {
        None => return None,
        Some(c) if c.is_whitespace() || !c.is_ascii() => {}
        Some(_) => return None,
    }
    let mut text = rest.trim();
    // The doubled form of converted pages: `# # 1. 调用方式`, `## # HTTPS 调用`.
    loop {
        let n = text.chars().take_while(|&c| c == '#').count();
        let after = &text[n..];
        if n > 0 && (after.is_empty() || after.starts_with(char::is_whitespace)) {
            text = after.trim_start();
        } else {
            break;
        }
    }
    let text = text.trim_end_matches('#').trim_end();
    Some((hashes, plain(text)))
}

/// Whether `line` opens (or closes) a fence: its fence string.
fn fence(line: &str) -> Option<&str> {
    let s = line.trim_start();
    for f in ["```", "~~~"] {
        if s.starts_with(f) {
            let ch = f.as_bytes()[0] as char;
            let n = s.chars().take_while(|&c| c == ch).count();
            return Some(&s[..n]);
        }
    }
    None
}

/// Cuts `text` into blocks.
pub fn scan(text: &str) -> Doc<'_> {
    let lines = lines(text);
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i].text;
        if raw.trim().is_empty() {
            i += 1;
            continue;
        }
        if let Some(open) = fence(raw) {
            let lang = raw.trim_start()[open.len()..].trim().to_owned();
            let mut j = i + 1;
            while j < lines.len() {
                if fence(lines[j].text).is_some_and(|f| f.starts_with(open)) {
                    break;
                }
                j += 1;
            }
            let end = j.min(lines.len());
            let body: Vec<&str> = lines[i + 1..end].iter().map(|l| l.text).collect();
            let last = j.min(lines.len() - 1);
            blocks.push(Block {
                kind: Kind::Code {
                    lang,
                    body: body.join("\n"),
                },
                first: i,
                last,
            });
            i = last + 1;
            continue;
        }
        if raw.trim_start().starts_with("<!--") {
            // An HTML comment is one block however many lines it runs over, so that no
            // line of it is taken for the page's text.
            let last = (i..lines.len())
                .find(|&j| lines[j].text.contains("-->"))
                .unwrap_or(lines.len() - 1);
            let body: Vec<&str> = lines[i..=last].iter().map(|l| l.text).collect();
            blocks.push(Block {
                kind: Kind::Text(plain(strip_marks(&body.join(" ")))),
                first: i,
                last,
            });
            i = last + 1;
            continue;
        }
        if let Some((level, text)) = heading(raw) {
            blocks.push(Block {
                kind: Kind::Heading { level, text },
                first: i,
                last: i,
            });
            i += 1;
            continue;
        }
        if let Some((table, last)) = read_table(&lines, i) {
            blocks.push(Block {
                kind: Kind::Table(table),
                first: i,
                last,
            });
            i = last + 1;
            continue;
        }
        if json::starts(raw) {
            let last = json::end(&lines, i, is_break);
            let body: Vec<&str> = lines[i..=last].iter().map(|l| l.text).collect();
            blocks.push(Block {
                kind: Kind::Json(body.join("\n")),
                first: i,
                last,
            });
            i = last + 1;
            continue;
        }
        blocks.push(Block {
            kind: Kind::Text(plain(strip_marks(raw))),
            first: i,
            last: i,
        });
        i += 1;
    }
    Doc { lines, blocks }
}

/// A line no block but its own can hold: a heading or a fence.
fn is_break(line: &str) -> bool {
    heading(line).is_some() || fence(line).is_some()
}

/// The raw cells of a row line that is not a heading or fence.
fn cells(line: &str) -> Option<Vec<&str>> {
    if line.trim().is_empty() || is_break(line) {
        return None;
    }
    table::split(line)
}

/// Whether `line` ends with an unescaped pipe.
fn ends_with_pipe(line: &str) -> bool {
    let t = line.trim_end();
    (t.ends_with('|') && !t.ends_with("\\|")) || t.ends_with('｜')
}

/// The row starting at line `j`, with the lines its last cell runs on to when the table
/// closes its rows with a pipe and this line doesn't (a cell with line breaks): the row's
/// text and its last line.
fn logical_row(lines: &[Line<'_>], j: usize, closed: bool) -> (String, usize) {
    let first = lines[j].text;
    if !closed || ends_with_pipe(first) || !first.trim_start().starts_with(['|', '｜']) {
        return (first.to_owned(), j);
    }
    let mut text = first.to_owned();
    let mut k = j + 1;
    while let Some(line) = lines.get(k) {
        let t = line.text.trim();
        if t.is_empty() || t.starts_with(['|', '｜']) || is_break(line.text) || k - j > 64 {
            break;
        }
        text.push_str("<br>");
        text.push_str(t);
        if ends_with_pipe(t) {
            return (text, k);
        }
        k += 1;
    }
    (first.to_owned(), j)
}

/// A table starting at line `i`: a pipe row followed by a separator row or another pipe
/// row. Ends at the first line without a pipe; a blank line ends it unless the next line
/// is a row of the same width that is not a new table's header.
fn read_table(lines: &[Line<'_>], i: usize) -> Option<(Table, usize)> {
    let head = cells(lines[i].text)?;
    let closed = ends_with_pipe(lines[i].text);
    cells(lines.get(i + 1)?.text)?;
    let (second, mut last) = logical_row(lines, i + 1, closed);
    let next = cells(&second)?;
    let width = head.len();
    let header: Vec<String> = head.iter().map(|c| plain(c)).collect();
    let mut rows = Vec::new();
    if !table::is_separator(&next) {
        rows.push(table::row(&next, i + 1));
    }
    let mut j = last + 1;
    while j < lines.len() {
        let line = lines[j].text;
        if line.trim().is_empty() {
            let resumes = lines
                .get(j + 1)
                .and_then(|l| cells(l.text))
                .is_some_and(|c| {
                    let after = lines.get(j + 2).and_then(|l| cells(l.text));
                    c.len() == width
                        && !after.is_some_and(|a| table::is_separator(&a))
                        && c.iter().map(|x| plain(x)).collect::<Vec<_>>() != header
                });
            if resumes {
                j += 1;
                continue;
            }
            break;
        }
        if cells(line).is_none() {
            break;
        }
        let (text, end) = logical_row(lines, j, closed);
        let Some(raw) = cells(&text) else { break };
        if !table::is_separator(&raw) {
            rows.push(table::row(&raw, j));
        }
        last = end;
        j = end + 1;
    }
    Some((Table { header, rows }, last))
}

#[cfg(test)]
mod tests;
