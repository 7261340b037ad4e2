//! Where every node of a YAML file is.
//!
//! serde_yaml reports positions only for syntax and type errors; its values carry none.
//! Semantic problems ("unknown type `Scne`") need a position too, so each file is also run
//! through saphyr's event parser, and the position of every node is recorded under its path
//! (`fields.content.type`). Anything the index can't find falls back to the nearest ancestor.

mod indexer;
mod node_key;

use std::collections::HashMap;

use super::limits::MAX_DEPTH;
use super::messages::SAPHYR_FLOW_LEVEL_OVERFLOW;
use crate::diag::Span;
use node_key::{NodeKey, NodeSpans};

pub use indexer::second_document;

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
        let mut index = indexer::index(text);
        if let Some((at, _)) = index
            .syntax_error
            .take_if(|(_, w)| w == SAPHYR_FLOW_LEVEL_OVERFLOW)
        {
            // saphyr counts open flow collections in a byte and refuses the 256th while it
            // looks ahead for a possible key (`[[[...` on one line), before it has handed
            // out the level the limit is at. Up to that place it hands them all out.
            let prefix = indexer::index(text.get(..at.offset).unwrap_or_default());
            // 256 levels are too deep anyway: should the prefix disagree, point at the 256th.
            index.too_deep = prefix.too_deep.or(Some(at));
        }
        index.nodes.shrink_to_fit();
        index
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
