//! Where every node of a YAML file is.
//!
//! serde_yaml reports positions only for syntax and type errors; its values carry none.
//! Semantic problems ("unknown type `Scne`") need a position too, so each file is also run
//! through saphyr's event parser, and the position of every node is recorded under its path
//! (`fields.content.type`). Anything the index can't find falls back to the nearest ancestor.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span as YamlSpan};

use super::limits::MAX_DEPTH;
use crate::diag::Span;

/// saphyr's error for a 256th open flow collection.
const FLOW_LEVEL_OVERFLOW: &str = "recursion limit exceeded";

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

/// The index key of a path: a 64-bit hash of its segments, built one segment at a time so the
/// indexer never materialises a path (a spec tree of thousands of files is indexed at once,
/// and a string per node was most of the loader's allocations). Within one file of a few
/// hundred nodes a collision is not a practical concern; at worst it would move a caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NodeKey(u64);

impl NodeKey {
    /// The document root.
    const ROOT: NodeKey = NodeKey(0xcbf2_9ce4_8422_2325);

    fn key(self, key: &str) -> NodeKey {
        self.mix(b'k').bytes(key.as_bytes())
    }

    fn index(self, i: usize) -> NodeKey {
        self.mix(b'i').bytes(&(i as u64).to_le_bytes())
    }

    fn of(path: &[Seg]) -> NodeKey {
        path.iter().fold(NodeKey::ROOT, |k, seg| k.seg(seg))
    }

    fn seg(self, seg: &Seg) -> NodeKey {
        match seg {
            Seg::Key(key) => self.key(key),
            Seg::Index(i) => self.index(*i),
        }
    }

    /// FNV-1a over the segment's bytes, with a final mix so `ab`+`c` and `a`+`bc` differ.
    fn bytes(self, bytes: &[u8]) -> NodeKey {
        let mut h = self.0;
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        NodeKey(h).mix(0xff)
    }

    fn mix(self, b: u8) -> NodeKey {
        NodeKey(
            (self.0 ^ u64::from(b))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(23),
        )
    }
}

/// Positions of one node: the mapping key it sits under (if any) and its value.
#[derive(Debug, Clone, Copy, Default)]
struct NodeSpans {
    key: Option<Packed>,
    value: Packed,
}

/// A span in half the space: spec files are at most [`super::MAX_FILE_BYTES`] long, so every
/// offset, length, line and column fits in 32 bits (the index holds every node of the tree).
#[derive(Debug, Clone, Copy, Default)]
struct Packed {
    line: u32,
    col: u32,
    offset: u32,
    len: u32,
}

impl Packed {
    fn new(span: Span) -> Packed {
        let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Packed {
            line: fit(span.line),
            col: fit(span.col),
            offset: fit(span.offset),
            len: fit(span.len),
        }
    }

    fn span(self) -> Span {
        Span {
            line: self.line as usize,
            col: self.col as usize,
            offset: self.offset as usize,
            len: self.len as usize,
        }
    }
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
    nodes: HashMap<NodeKey, NodeSpans>,
    pub duplicates: Vec<DuplicateKey>,
    /// The collection that opens one level deeper than [`MAX_DEPTH`], if one does: indexing
    /// stopped there, and the file must go no further (serde_yaml's parser slows down with
    /// the square of the depth of flow collections).
    pub too_deep: Option<Span>,
    /// Where and why the event parser gave up, if it did.
    pub syntax_error: Option<(Span, String)>,
}

impl SpanIndex {
    /// Indexes `text`. A file the event parser rejects is indexed up to the error (kept in
    /// `syntax_error`): serde_yaml reports the syntax error itself, with its position. A file
    /// nested deeper than [`MAX_DEPTH`] is indexed up to that node (kept in `too_deep`).
    /// The work is linear in the length of `text`, whatever its shape.
    pub fn build(text: &str) -> SpanIndex {
        let mut index = SpanIndex::index(text);
        if let Some((at, _)) = index
            .syntax_error
            .take_if(|(_, w)| w == FLOW_LEVEL_OVERFLOW)
        {
            // saphyr counts open flow collections in a byte and refuses the 256th while it
            // looks ahead for a possible key (`[[[...` on one line), before it has handed
            // out the level the limit is at. Up to that place it hands them all out.
            let prefix = SpanIndex::index(text.get(..at.offset).unwrap_or_default());
            // 256 levels are too deep anyway: should the prefix disagree, point at the 256th.
            index.too_deep = prefix.too_deep.or(Some(at));
        }
        index.nodes.shrink_to_fit();
        index
    }

    fn index(text: &str) -> SpanIndex {
        let offsets = CharOffsets::new(text);
        let mut builder = Builder {
            index: SpanIndex::default(),
            stack: Vec::new(),
            offsets,
        };
        // The parser is lazy: leaving the loop stops the scan of the rest of the file.
        for event in Parser::new_from_str(text) {
            match event {
                Ok((event, span)) => {
                    if !builder.event(event, span) {
                        break;
                    }
                }
                Err(error) => {
                    builder.index.syntax_error = Some(builder.scan_error(&error));
                    break;
                }
            }
        }
        builder.index
    }

    /// The span of the value at `path`, or of its nearest indexed ancestor.
    pub fn value(&self, path: &[Seg]) -> Span {
        self.find(path)
            .map(|n| n.value.span())
            .unwrap_or_default_span()
    }

    /// The span of the key under which the node at `path` sits; its value's span for
    /// sequence items and the root.
    pub fn key(&self, path: &[Seg]) -> Span {
        self.find(path)
            .map(|n| n.key.unwrap_or(n.value).span())
            .unwrap_or_default_span()
    }

    /// True when the exact path is in the file (not an ancestor).
    pub fn contains(&self, path: &[Seg]) -> bool {
        self.nodes.contains_key(&NodeKey::of(path))
    }

    fn find(&self, path: &[Seg]) -> Option<NodeSpans> {
        let mut prefixes = Vec::with_capacity(path.len() + 1);
        prefixes.push(NodeKey::ROOT);
        for seg in path {
            let last = prefixes[prefixes.len() - 1];
            prefixes.push(last.seg(seg));
        }
        prefixes
            .iter()
            .rev()
            .find_map(|key| self.nodes.get(key).copied())
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
        at: NodeKey,
        pending_key: Option<(String, Span)>,
        /// The keys so far, for duplicates. A map, not a list: a spec mapping has a handful
        /// of keys, but a broken or hostile one may have 50,000, and a list search per key
        /// would make indexing it quadratic. (An empty `HashMap` does not allocate.)
        seen: HashMap<String, Span>,
    },
    Seq {
        at: NodeKey,
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
    Value(NodeKey, Option<Span>),
}

impl Builder {
    /// Indexes one event; false when the file nests too deeply to go on.
    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> bool {
        let span = self.offsets.span(span);
        match event {
            Event::Scalar(value, ..) => self.leaf(Some(&value), span),
            Event::Alias(_) => self.leaf(None, span),
            Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.index.too_deep = Some(span);
                return false;
            }
            Event::MappingStart(..) => {
                let at = self.open(span);
                self.stack.push(Frame::Map {
                    at,
                    pending_key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                let at = self.open(span);
                self.stack.push(Frame::Seq { at, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(span),
            _ => {}
        }
        true
    }

    /// The place and words of the event parser's error.
    fn scan_error(&self, error: &ScanError) -> (Span, String) {
        let mark = error.marker();
        let at = self.offsets.span(YamlSpan::empty(*mark));
        (at, error.info().to_owned())
    }

    fn role(&mut self) -> Role {
        match self.stack.last_mut() {
            None => Role::Root,
            Some(Frame::Seq { at, next }) => {
                let item = at.index(*next);
                *next += 1;
                Role::Value(item, None)
            }
            Some(Frame::Map {
                at, pending_key, ..
            }) => match pending_key.take() {
                None => Role::Key,
                Some((key, key_span)) => Role::Value(at.key(&key), Some(key_span)),
            },
        }
    }

    fn leaf(&mut self, scalar: Option<&str>, span: Span) {
        match self.role() {
            Role::Root => self.record(NodeKey::ROOT, None, span),
            Role::Key => self.set_key(scalar.unwrap_or("*").to_owned(), span),
            Role::Value(at, key) => self.record(at, key, span),
        }
    }

    /// A mapping or sequence starts: returns its path.
    fn open(&mut self, span: Span) -> NodeKey {
        match self.role() {
            Role::Root => {
                self.record(NodeKey::ROOT, None, span);
                NodeKey::ROOT
            }
            // A complex key (`? [a, b]: v`): index its insides under a placeholder.
            Role::Key => {
                self.set_key("?".to_owned(), span);
                NodeKey::ROOT.key("?")
            }
            Role::Value(at, key) => {
                self.record(at, key, span);
                at
            }
        }
    }

    fn close(&mut self, end: Span) {
        if let Some(frame) = self.stack.pop() {
            let at = match frame {
                Frame::Map { at, .. } | Frame::Seq { at, .. } => at,
            };
            if let Some(node) = self.index.nodes.get_mut(&at) {
                let stop = end.offset + end.len;
                let value = node.value.span();
                node.value.len = Packed::new(Span {
                    len: stop.saturating_sub(value.offset).max(value.len),
                    ..value
                })
                .len;
            }
        }
    }

    fn set_key(&mut self, key: String, span: Span) {
        if let Some(Frame::Map {
            pending_key, seen, ..
        }) = self.stack.last_mut()
        {
            match seen.entry(key.clone()) {
                Entry::Occupied(first) => self.index.duplicates.push(DuplicateKey {
                    key: key.clone(),
                    first: *first.get(),
                    second: span,
                }),
                Entry::Vacant(slot) => {
                    slot.insert(span);
                }
            }
            *pending_key = Some((key, span));
        }
    }

    fn record(&mut self, at: NodeKey, key: Option<Span>, value: Span) {
        self.index.nodes.entry(at).or_insert(NodeSpans {
            key: key.map(Packed::new),
            value: Packed::new(value),
        });
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
    fn stops_at_the_first_collection_past_the_depth_limit() {
        // The top-level mapping is level 1: the 128th `[` is level 129.
        let text = format!("a: {}", "[".repeat(100_000));
        let at = SpanIndex::build(&text).too_deep.expect("too deep");
        assert_eq!(
            (at.line, at.col, &text[at.offset..=at.offset]),
            (1, 131, "[")
        );
        // Block mappings, one more space each line: line 129 is level 129.
        let text: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        let at = SpanIndex::build(&text).too_deep.expect("too deep");
        assert_eq!((at.line, at.col), (129, 129));
        // Block sequences on one line, under the `a:` of the top-level mapping.
        let text = format!("a:\n  {}x\n", "- ".repeat(200));
        let at = SpanIndex::build(&text).too_deep.expect("too deep");
        assert_eq!((at.line, at.col), (2, 3 + 2 * 127));
        let index = SpanIndex::build(&format!("a: {}{}", "[".repeat(127), "]".repeat(127)));
        assert!(index.too_deep.is_none() && index.syntax_error.is_none());
    }

    #[test]
    fn many_keys_are_checked_for_duplicates_in_linear_time() {
        let mut text: String = (0..50_000).map(|i| format!("k{i}: v\n")).collect();
        text.push_str("k7: again\n");
        let index = SpanIndex::build(&text);
        assert_eq!(index.duplicates.len(), 1);
        assert_eq!(
            (
                index.duplicates[0].first.line,
                index.duplicates[0].second.line
            ),
            (8, 50_001)
        );
    }

    #[test]
    fn broken_yaml_gives_an_empty_index_not_a_panic() {
        let index = SpanIndex::build("a: [1, 2\n\tb: '");
        assert_eq!(index.value(&[key("a")]).line, 1);
        assert!(index.syntax_error.is_some());
    }
}
