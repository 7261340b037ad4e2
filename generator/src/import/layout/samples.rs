//! Samples: the JSON after a `请求示例` / `返回示例` marker (a line or a heading), or the JSON
//! of a samples section, as the page prints it — fences and blank lines dropped, stray
//! closers kept for the repair to see.

use crate::diag::Span;
use crate::import::ir::{Sample, SampleKind};
use crate::import::page::{Block, Doc, Kind};

use super::sections::{numbering, Section};

/// What a marker (a short line or a heading) announces: `请求示例` a request,
/// `返回示例`/`响应示例` a response.
pub fn marker(text: &str) -> Option<SampleKind> {
    let t: String = text.split_whitespace().collect();
    let t = t.trim_end_matches([':', '：']);
    if t.chars().count() > 24 || !t.contains("示例") {
        return None;
    }
    if ["返回", "响应", "回包", "应答"]
        .iter()
        .any(|w| t.contains(w))
    {
        Some(SampleKind::Response)
    } else if t.contains("请求") {
        Some(SampleKind::Request)
    } else {
        None
    }
}

/// Whether a heading is a samples section's own (`5. 代码示例`, `调用示例`) rather than a
/// sample's title.
fn section_heading(text: &str) -> bool {
    let (minor, rest) = numbering(text);
    !minor
        && matches!(
            rest,
            "代码示例" | "调用示例" | "示例" | "请求示例与返回示例"
        )
}

/// Whether a code body looks like JSON (after its `//` comment lines).
fn jsonish(body: &str) -> bool {
    body.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('{') || l.starts_with('['))
}

/// The samples of the blocks in [`Section::Samples`].
pub fn collect(doc: &Doc<'_>, secs: &[Section]) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    let mut kind: Option<SampleKind> = None;
    let mut region: Vec<&Block> = Vec::new();
    for (block, sec) in doc.blocks.iter().zip(secs) {
        let marked = match (&block.kind, sec) {
            (_, s) if *s != Section::Samples => {
                flush(doc, &mut region, kind, title.as_deref(), &mut out);
                (title, kind) = (None, None);
                continue;
            }
            (Kind::Heading { text, .. }, _) => {
                flush(doc, &mut region, kind, title.as_deref(), &mut out);
                title = (!section_heading(text)).then(|| text.clone());
                marker(text)
            }
            (Kind::Text(text), _) => marker(text),
            _ => None,
        };
        match marked {
            Some(k) => {
                flush(doc, &mut region, kind, title.as_deref(), &mut out);
                kind = Some(k);
            }
            None if matches!(block.kind, Kind::Heading { .. }) => kind = None,
            None => region.push(block),
        }
    }
    flush(doc, &mut region, kind, title.as_deref(), &mut out);
    out
}

/// The sample of a marker's region, if it holds JSON.
fn flush(
    doc: &Doc<'_>,
    region: &mut Vec<&Block>,
    kind: Option<SampleKind>,
    title: Option<&str>,
    out: &mut Vec<Sample>,
) {
    let blocks = std::mem::take(region);
    let is_json = |b: &Block| match &b.kind {
        Kind::Json(_) => true,
        Kind::Code { body, .. } => jsonish(body),
        _ => false,
    };
    let Some(start) = blocks.iter().position(|b| {
        is_json(b) || matches!(&b.kind, Kind::Text(t) if doc.raw(b.first).trim_start().starts_with("//") && !t.is_empty())
    }) else {
        return;
    };
    // A code block is part of the sample when JSON it continues opened before it (`{`,
    // then the fields in a fence, then `}`).
    let part = |i: usize| {
        is_json(blocks[i])
            || (matches!(blocks[i].kind, Kind::Code { .. })
                && i > 0
                && matches!(&blocks[i - 1].kind, Kind::Json(body) if unbalanced(body)))
    };
    let Some(mut end) = (start..blocks.len()).rev().find(|&i| part(i)) else {
        return;
    };
    while let Some(b) = blocks.get(end + 1) {
        let raw = doc.raw(b.first).trim();
        if b.first == b.last
            && !raw.is_empty()
            && raw.chars().all(|c| matches!(c, '}' | ']' | ',' | ' '))
        {
            end += 1;
        } else {
            break;
        }
    }
    let (first, last) = (blocks[start].first, blocks[end].last);
    let text: Vec<&str> = (first..=last)
        .map(|i| doc.raw(i))
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with("```") && !t.starts_with("~~~")
        })
        .collect();
    let text = text.join("\n");
    let kind = kind.unwrap_or_else(|| guess(title, &text));
    let span = match (doc.lines.get(first), doc.lines.get(last)) {
        (Some(a), Some(b)) => Span {
            line: a.no,
            col: 1,
            offset: a.offset,
            len: b.offset + b.text.len() - a.offset,
        },
        _ => Span::default(),
    };
    out.push(Sample {
        kind,
        title: title.map(str::to_owned),
        text,
        span,
    });
}

/// Whether a JSON block opens more than it closes.
fn unbalanced(body: &str) -> bool {
    let open = body.chars().filter(|c| matches!(c, '{' | '[')).count();
    let close = body.chars().filter(|c| matches!(c, '}' | ']')).count();
    open > close
}

/// The kind of an unmarked sample: by its title's words, else by an `errcode` in it.
fn guess(title: Option<&str>, text: &str) -> SampleKind {
    if let Some(kind) = title.and_then(marker) {
        return kind;
    }
    let title = title.unwrap_or("");
    if ["返回", "响应", "回包"].iter().any(|w| title.contains(w)) {
        SampleKind::Response
    } else if title.contains("请求") {
        SampleKind::Request
    } else if text.contains("errcode") || text.contains("errmsg") {
        SampleKind::Response
    } else {
        SampleKind::Request
    }
}

#[cfg(test)]
mod tests;
