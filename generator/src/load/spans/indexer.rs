//! Builds a [`SpanIndex`] from saphyr's event stream: the path of each event's node, its
//! key and value spans, duplicate keys, and where the nesting gets too deep.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span as YamlSpan};

use super::node_key::{NodeKey, NodeSpans, Packed};
use super::{DuplicateKey, SpanIndex, MAX_DEPTH};
use crate::diag::Span;

/// Indexes `text` up to its end, the first syntax error, or the first node too deep.
pub(super) fn index(text: &str) -> SpanIndex {
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
