//! Where every node of a YAML file is.
//!
//! serde_yaml reports positions only for syntax and type errors; its values carry none.
//! Semantic problems ("unknown type `Scne`") need a position too, so each file is also run
//! through saphyr's event parser, and the position of every node is recorded under its path
//! (`fields.content.type`). Anything the index can't find falls back to the nearest ancestor.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span as YamlSpan};

use crate::diag::Span;

/// One step into a YAML tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path from the document root to a node.
pub type Path = Vec<Seg>;

/// Renders a path the way a maintainer reads it: `fields.content.type`, `examples[0]`.
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The index key of a path: its segments joined by a separator no YAML key in a spec uses.
fn node_key(path: &[Seg]) -> String {
    let mut key = String::new();
    for seg in path {
        key.push('\u{1f}');
        match seg {
            Seg::Key(k) => key.push_str(k),
            Seg::Index(i) => {
                key.push('#');
                key.push_str(&i.to_string());
            }
        }
    }
    key
}

/// Positions of one node: the mapping key it sits under (if any) and its value.
#[derive(Debug, Clone, Copy, Default)]
struct NodeSpans {
    key: Option<Span>,
    value: Span,
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// Positions of every node in one file.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Keyed by [`node_key`]: one string per node keeps the index small (a spec tree of
    /// thousands of files is indexed at once).
    nodes: HashMap<Box<str>, NodeSpans>,
    pub duplicates: Vec<DuplicateKey>,
}

impl SpanIndex {
    /// Indexes `text`. A file the event parser rejects gets an empty index: serde_yaml
    /// reports the syntax error itself, with its position.
    pub fn build(text: &str) -> SpanIndex {
        let offsets = CharOffsets::new(text);
        let mut builder = Builder {
            index: SpanIndex::default(),
            stack: Vec::new(),
            offsets,
        };
        for event in Parser::new_from_str(text) {
            match event {
                Ok((event, span)) => builder.event(event, span),
                Err(_) => break,
            }
        }
        builder.index
    }

    /// The span of the value at `path`, or of its nearest indexed ancestor.
    pub fn value(&self, path: &[Seg]) -> Span {
        self.find(path).map(|n| n.value).unwrap_or_default_span()
    }

    /// The span of the key under which the node at `path` sits; its value's span for
    /// sequence items and the root.
    pub fn key(&self, path: &[Seg]) -> Span {
        self.find(path)
            .map(|n| n.key.unwrap_or(n.value))
            .unwrap_or_default_span()
    }

    /// True when the exact path is in the file (not an ancestor).
    pub fn contains(&self, path: &[Seg]) -> bool {
        self.nodes.contains_key(node_key(path).as_str())
    }

    fn find(&self, path: &[Seg]) -> Option<NodeSpans> {
        (0..=path.len())
            .rev()
            .find_map(|len| self.nodes.get(node_key(&path[..len]).as_str()).copied())
    }
}

/// Where the second YAML document of `text` starts (its `---`), if there is one.
pub fn second_document(text: &str) -> Option<Span> {
    let offsets = CharOffsets::new(text);
    Parser::new_from_str(text)
        .map_while(Result::ok)
        .filter(|(event, _)| matches!(event, Event::DocumentStart(_)))
        .nth(1)
        .map(|(_, span)| {
            let span = offsets.span(span);
            Span {
                len: span.len.max(3).min(text.len() - span.offset),
                ..span
            }
        })
}

trait OrFileStart {
    fn unwrap_or_default_span(self) -> Span;
}

impl OrFileStart for Option<Span> {
    fn unwrap_or_default_span(self) -> Span {
        self.unwrap_or(Span {
            line: 1,
            col: 1,
            offset: 0,
            len: 0,
        })
    }
}

/// saphyr counts characters; diagnostics render with byte offsets.
struct CharOffsets {
    bytes: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharOffsets { bytes }
    }

    fn span(&self, span: YamlSpan) -> Span {
        let at = |chars: usize| self.bytes.get(chars).copied().unwrap_or(0);
        let start = at(span.start.index());
        let end = at(span.end.index()).max(start);
        Span {
            line: span.start.line(),
            col: span.start.col() + 1,
            offset: start,
            len: end - start,
        }
    }
}

enum Frame {
    Map {
        path: Path,
        pending_key: Option<(String, Span)>,
        seen: HashMap<String, Span>,
    },
    Seq {
        path: Path,
        next: usize,
    },
}

struct Builder {
    index: SpanIndex,
    stack: Vec<Frame>,
    offsets: CharOffsets,
}

/// What a new node is to its parent.
enum Role {
    Root,
    Key,
    Value(Path, Option<Span>),
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: YamlSpan) {
        let span = self.offsets.span(span);
        match event {
            Event::Scalar(value, ..) => self.leaf(Some(value.into_owned()), span),
            Event::Alias(_) => self.leaf(None, span),
            Event::MappingStart(..) => {
                let path = self.open(span);
                self.stack.push(Frame::Map {
                    path,
                    pending_key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                let path = self.open(span);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(span),
            _ => {}
        }
    }

    fn role(&mut self) -> Role {
        match self.stack.last_mut() {
            None => Role::Root,
            Some(Frame::Seq { path, next }) => {
                let mut p = path.clone();
                p.push(Seg::Index(*next));
                *next += 1;
                Role::Value(p, None)
            }
            Some(Frame::Map {
                path, pending_key, ..
            }) => match pending_key.take() {
                None => Role::Key,
                Some((key, key_span)) => {
                    let mut p = path.clone();
                    p.push(Seg::Key(key));
                    Role::Value(p, Some(key_span))
                }
            },
        }
    }

    fn leaf(&mut self, scalar: Option<String>, span: Span) {
        match self.role() {
            Role::Root => self.record(Vec::new(), None, span),
            Role::Key => self.set_key(scalar.unwrap_or_else(|| "*".to_owned()), span),
            Role::Value(path, key) => self.record(path, key, span),
        }
    }

    /// A mapping or sequence starts: returns its path.
    fn open(&mut self, span: Span) -> Path {
        match self.role() {
            Role::Root => {
                self.record(Vec::new(), None, span);
                Vec::new()
            }
            // A complex key (`? [a, b]: v`): index its insides under a placeholder.
            Role::Key => {
                self.set_key("?".to_owned(), span);
                vec![Seg::Key("?".to_owned())]
            }
            Role::Value(path, key) => {
                self.record(path.clone(), key, span);
                path
            }
        }
    }

    fn close(&mut self, end: Span) {
        if let Some(frame) = self.stack.pop() {
            let path = match frame {
                Frame::Map { path, .. } | Frame::Seq { path, .. } => path,
            };
            if let Some(node) = self.index.nodes.get_mut(node_key(&path).as_str()) {
                let stop = end.offset + end.len;
                node.value.len = stop.saturating_sub(node.value.offset).max(node.value.len);
            }
        }
    }

    fn set_key(&mut self, key: String, span: Span) {
        if let Some(Frame::Map {
            pending_key, seen, ..
        }) = self.stack.last_mut()
        {
            if let Some(first) = seen.get(&key) {
                self.index.duplicates.push(DuplicateKey {
                    key: key.clone(),
                    first: *first,
                    second: span,
                });
            } else {
                seen.insert(key.clone(), span);
            }
            *pending_key = Some((key, span));
        }
    }

    fn record(&mut self, path: Path, key: Option<Span>, value: Span) {
        self.index
            .nodes
            .entry(node_key(&path).into_boxed_str())
            .or_insert(NodeSpans { key, value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn finds_keys_values_and_items() {
        let text = "id: x\nfields:\n  content: { type: strin }\nlist:\n  - a\n  - b\n";
        let index = SpanIndex::build(text);
        let ty = index.value(&[key("fields"), key("content"), key("type")]);
        assert_eq!((ty.line, ty.col), (3, 20));
        assert_eq!(&text[ty.offset..ty.offset + ty.len], "strin");
        let content = index.key(&[key("fields"), key("content")]);
        assert_eq!((content.line, content.col), (3, 3));
        let second = index.value(&[key("list"), Seg::Index(1)]);
        assert_eq!((second.line, second.col), (6, 5));
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let index = SpanIndex::build("a:\n  b: 1\n");
        let span = index.value(&[key("a"), key("zzz")]);
        assert_eq!(span.line, 2);
    }

    #[test]
    fn reports_duplicate_keys_with_both_places() {
        let index = SpanIndex::build("errors:\n  1: {}\n  2: {}\n  1: {}\n");
        let dup = &index.duplicates[0];
        assert_eq!(dup.key, "1");
        assert_eq!((dup.first.line, dup.second.line), (2, 4));
    }

    #[test]
    fn multibyte_text_gets_byte_offsets() {
        let text = "title: 文本\nid: x\n";
        let index = SpanIndex::build(text);
        let id = index.value(&[key("id")]);
        assert_eq!(&text[id.offset..id.offset + id.len], "x");
    }

    #[test]
    fn finds_the_second_document() {
        let text = "# c\nid: a\n---\nid: b\n";
        let at = second_document(text).expect("two documents");
        assert_eq!((at.line, at.col), (3, 1));
        assert_eq!(&text[at.offset..at.offset + at.len], "---");
        assert!(second_document("id: a\n").is_none());
    }

    #[test]
    fn broken_yaml_gives_an_empty_index_not_a_panic() {
        let index = SpanIndex::build("a: [1, 2\n\tb: '");
        assert_eq!(index.value(&[key("a")]).line, 1);
    }
}
