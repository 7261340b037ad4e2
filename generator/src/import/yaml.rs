//! YAML text for a draft, in the spec's style: 2-space indent, flow mappings for short
//! entries, `|` for prose over several lines, strings quoted only when YAML would read them
//! as something else. Tagged entries remember the lines they take, so that a validator's
//! diagnostic can be traced back to the field or example it is about.

use serde_json::Value;

use scalar::{block_scalar_ok, inline, one_line, width};

mod scalar;

/// What a caller names an entry by, to find its lines again.
pub type Tag = usize;

/// The widest line a flow mapping may make (CJK characters count twice).
const MAX_WIDTH: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A string that must read back exactly: quoted when needed, never a block scalar.
    Str(String),
    /// Prose: a `|` block when it has several lines (and the context allows it).
    Text(String),
    Int(i64),
    UInt(u64),
    /// A number as JSON writes it.
    Float(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar(Scalar),
    Map(Map),
    Seq(Vec<Item>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    pub entries: Vec<Entry>,
    /// Comment lines after the entries (block style only).
    pub footer: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Scalar,
    pub value: Node,
    /// Comment lines before the entry.
    pub comments: Vec<String>,
    pub tag: Option<Tag>,
    /// Never a flow mapping, however short.
    pub block: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub value: Node,
    pub comments: Vec<String>,
    pub tag: Option<Tag>,
}

impl Node {
    pub fn str(s: impl Into<String>) -> Node {
        Node::Scalar(Scalar::Str(s.into()))
    }

    pub fn text(s: impl Into<String>) -> Node {
        Node::Scalar(Scalar::Text(s.into()))
    }

    pub fn int(n: i64) -> Node {
        Node::Scalar(Scalar::Int(n))
    }

    pub fn bool(b: bool) -> Node {
        Node::Scalar(Scalar::Bool(b))
    }

    pub fn seq(values: impl IntoIterator<Item = Node>) -> Node {
        Node::Seq(values.into_iter().map(Item::new).collect())
    }
}

impl Item {
    pub fn new(value: Node) -> Item {
        Item {
            value,
            comments: Vec::new(),
            tag: None,
        }
    }
}

impl Entry {
    pub fn new(key: impl Into<String>, value: Node) -> Entry {
        Entry {
            key: Scalar::Str(key.into()),
            value,
            comments: Vec::new(),
            tag: None,
            block: false,
        }
    }
}

impl Map {
    /// Adds `key: value`.
    pub fn put(&mut self, key: impl Into<String>, value: Node) -> &mut Entry {
        self.entries.push(Entry::new(key, value));
        self.entries.last_mut().expect("just pushed")
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// JSON as a YAML node (strings exact; object keys in their order).
pub fn from_json(value: &Value) -> Node {
    match value {
        Value::Null => Node::Scalar(Scalar::Null),
        Value::Bool(b) => Node::bool(*b),
        Value::Number(n) => Node::Scalar(match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Scalar::Int(i),
            (None, Some(u)) => Scalar::UInt(u),
            _ => Scalar::Float(n.to_string()),
        }),
        Value::String(s) => Node::str(s.clone()),
        Value::Array(items) => Node::seq(items.iter().map(from_json)),
        Value::Object(fields) => Node::Map(Map {
            entries: fields
                .iter()
                .map(|(k, v)| Entry::new(k.clone(), from_json(v)))
                .collect(),
            footer: Vec::new(),
        }),
    }
}

/// Rendered text and the lines of each tagged entry.
#[derive(Debug, Default)]
pub struct Renderer {
    lines: Vec<String>,
    /// Tag, first line, last line (1-based, inclusive).
    pub spans: Vec<(Tag, usize, usize)>,
}

impl Renderer {
    /// A comment line at the top level.
    pub fn comment(&mut self, text: &str) {
        self.lines.push(format!("# {}", one_line(text)));
    }

    /// A top-level block mapping.
    pub fn map(&mut self, map: &Map) {
        self.block_map(map, 0);
    }

    pub fn finish(self) -> (String, Vec<(Tag, usize, usize)>) {
        let mut text = self.lines.join("\n");
        text.push('\n');
        (text, self.spans)
    }

    fn push(&mut self, line: String) {
        self.lines.push(line);
    }

    fn comments(&mut self, comments: &[String], indent: usize) {
        for c in comments {
            self.push(format!("{:indent$}# {}", "", one_line(c)));
        }
    }

    fn block_map(&mut self, map: &Map, indent: usize) {
        for entry in &map.entries {
            self.comments(&entry.comments, indent);
            let start = self.lines.len() + 1;
            let head = format!("{:indent$}{}:", "", inline(&entry.key, true));
            self.value_after(head, &entry.value, entry.block, indent);
            if let Some(tag) = entry.tag {
                self.spans.push((tag, start, self.lines.len()));
            }
        }
        self.comments(&map.footer, indent);
    }

    /// `head` (a key and its colon, or a dash) followed by `value`, on one line when it fits.
    fn value_after(&mut self, head: String, value: &Node, block: bool, indent: usize) {
        match value {
            Node::Scalar(Scalar::Text(t)) if t.contains('\n') && block_scalar_ok(t) => {
                self.push(format!("{head} |"));
                for line in t.lines() {
                    if line.is_empty() {
                        self.push(String::new());
                    } else {
                        self.push(format!("{:w$}{line}", "", w = indent + 2));
                    }
                }
            }
            Node::Scalar(s) => self.push(format!("{head} {}", inline(s, false))),
            _ => {
                if !block || is_empty_collection(value) {
                    if let Some(flow) = flow(value) {
                        let line = format!("{head} {flow}");
                        if width(&line) <= MAX_WIDTH || is_empty_collection(value) {
                            self.push(line);
                            return;
                        }
                    }
                }
                self.push(head);
                match value {
                    Node::Map(map) => self.block_map(map, indent + 2),
                    Node::Seq(items) => self.block_seq(items, indent + 2),
                    Node::Scalar(_) => unreachable!("scalars are handled above"),
                }
            }
        }
    }

    fn block_seq(&mut self, items: &[Item], indent: usize) {
        for item in items {
            self.comments(&item.comments, indent);
            let start = self.lines.len() + 1;
            match &item.value {
                Node::Map(map)
                    if !map.is_empty()
                        && (item.tag.is_some() || !fits(&item.value, indent + 2)) =>
                {
                    // `- key: value` with the rest of the mapping under the first key.
                    let at = self.lines.len();
                    self.block_map(map, indent + 2);
                    if let Some(first) = self.lines.get_mut(at) {
                        if first.starts_with(&format!("{:w$}", "", w = indent + 2)) {
                            first.replace_range(indent..indent + 2, "- ");
                        }
                    }
                }
                value => {
                    let head = format!("{:indent$}-", "");
                    self.value_after(head, value, false, indent);
                }
            }
            if let Some(tag) = item.tag {
                self.spans.push((tag, start, self.lines.len()));
            }
        }
    }
}

/// Whether `value` fits on one line at `indent` after a dash.
fn fits(value: &Node, indent: usize) -> bool {
    flow(value).is_some_and(|f| indent + width(&f) <= MAX_WIDTH)
}

fn is_empty_collection(value: &Node) -> bool {
    match value {
        Node::Map(m) => m.entries.is_empty() && m.footer.is_empty(),
        Node::Seq(items) => items.is_empty(),
        Node::Scalar(_) => false,
    }
}

/// The flow form of a node, unless something in it needs block style (comments, prose on
/// several lines, an entry marked block) or has a tag (its lines must be its own).
fn flow(node: &Node) -> Option<String> {
    match node {
        Node::Scalar(Scalar::Text(t)) if t.contains('\n') => None,
        Node::Scalar(s) => Some(inline(s, true)),
        Node::Map(map) => {
            if !map.footer.is_empty() {
                return None;
            }
            if map.entries.is_empty() {
                return Some("{}".to_owned());
            }
            let mut parts = Vec::with_capacity(map.entries.len());
            for e in &map.entries {
                if e.block || !e.comments.is_empty() || e.tag.is_some() {
                    return None;
                }
                parts.push(format!("{}: {}", inline(&e.key, true), flow(&e.value)?));
            }
            Some(format!("{{ {} }}", parts.join(", ")))
        }
        Node::Seq(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                if !item.comments.is_empty() || item.tag.is_some() {
                    return None;
                }
                parts.push(flow(&item.value)?);
            }
            Some(format!("[{}]", parts.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests;
