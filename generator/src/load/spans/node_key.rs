//! How the index stores a node: its path hashed to a key, its spans packed in 32 bits.

use super::Seg;
use crate::diag::Span;

/// The index key of a path: a 64-bit hash of its segments, built one segment at a time so the
/// indexer never materialises a path (a spec tree of thousands of files is indexed at once,
/// and a string per node was most of the loader's allocations). Within one file of a few
/// hundred nodes a collision is not a practical concern; at worst it would move a caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct NodeKey(u64);

impl NodeKey {
    /// The document root.
    pub(super) const ROOT: NodeKey = NodeKey(0xcbf2_9ce4_8422_2325);

    pub(super) fn key(self, key: &str) -> NodeKey {
        self.mix(b'k').bytes(key.as_bytes())
    }

    pub(super) fn index(self, i: usize) -> NodeKey {
        self.mix(b'i').bytes(&(i as u64).to_le_bytes())
    }

    pub(super) fn of(path: &[Seg]) -> NodeKey {
        path.iter().fold(NodeKey::ROOT, |k, seg| k.seg(seg))
    }

    pub(super) fn seg(self, seg: &Seg) -> NodeKey {
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
pub(super) struct NodeSpans {
    pub key: Option<Packed>,
    pub value: Packed,
}

/// A span in half the space: spec files are at most [`crate::load::MAX_FILE_BYTES`] long, so every
/// offset, length, line and column fits in 32 bits (the index holds every node of the tree).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Packed {
    line: u32,
    col: u32,
    offset: u32,
    pub len: u32,
}

impl Packed {
    pub(super) fn new(span: Span) -> Packed {
        let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Packed {
            line: fit(span.line),
            col: fit(span.col),
            offset: fit(span.offset),
            len: fit(span.len),
        }
    }

    pub(super) fn span(self) -> Span {
        Span {
            line: self.line as usize,
            col: self.col as usize,
            offset: self.offset as usize,
            len: self.len as usize,
        }
    }
}
