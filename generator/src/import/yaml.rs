//! YAML text for a draft, in the spec's style: 2-space indent, flow mappings for short
//! entries, `|` for prose over several lines, strings quoted only when YAML would read them
//! as something else. Tagged entries remember the lines they take, so that a validator's
//! diagnostic can be traced back to the field or example it is about.

use serde_json::Value;

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

/// A scalar on one line; `in_flow` is stricter about the characters a plain scalar may hold.
fn inline(s: &Scalar, in_flow: bool) -> String {
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
fn block_scalar_ok(t: &str) -> bool {
    !t.starts_with([' ', '\t'])
        && !t.chars().any(|c| c != '\n' && c != '\t' && needs_escape(c))
        && t.lines().all(|l| l.trim_end() == l)
        && !t.ends_with('\n')
}

/// Text for a comment line: one line, whatever it was given.
fn one_line(text: &str) -> String {
    text.split(|c: char| c == '\n' || needs_escape(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The width a line takes on screen, roughly: wide (CJK) characters count twice.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn render(map: &Map) -> String {
        let mut r = Renderer::default();
        r.map(map);
        r.finish().0
    }

    fn doc(value: &Value) -> String {
        let Node::Map(map) = from_json(value) else {
            panic!("an object")
        };
        render(&map)
    }

    fn reads_back(value: &Value) {
        let text = doc(value);
        let back: Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text}\nis not YAML: {e}"));
        assert_eq!(&back, value, "{text}");
    }

    #[test]
    fn short_mappings_are_flow_and_long_ones_block() {
        let text = doc(&json!({
            "http": { "method": "POST", "path": "/wxa/x" },
            "common_errors": [-1, 40001],
            "long": { "doc": "x".repeat(120) },
            "empty": {},
        }));
        assert_eq!(
            text,
            format!(
                "http: {{ method: POST, path: /wxa/x }}\ncommon_errors: [-1, 40001]\nlong:\n  doc: {}\nempty: {{}}\n",
                "x".repeat(120)
            )
        );
    }

    #[test]
    fn strings_that_read_as_something_else_are_quoted() {
        let text = doc(&json!({
            "a": "0", "b": "true", "c": "a: b", "d": "#x", "e": "", "f": "y", "g": "中文：可以",
            "h": "line\nbreak", "i": " lead", "j": "-1", "k": "x,y",
        }));
        assert!(text.contains("a: \"0\""), "{text}");
        assert!(text.contains("f: \"y\""), "{text}");
        assert!(text.contains("g: 中文：可以"), "{text}");
        assert!(text.contains("h: \"line\\nbreak\""), "{text}");
        assert!(
            text.contains("k: x,y"),
            "block context allows commas: {text}"
        );
    }

    #[test]
    fn prose_over_several_lines_is_a_block_scalar() {
        let mut map = Map::default();
        map.put("doc", Node::text("第一行\n\n- 第二段"));
        assert_eq!(render(&map), "doc: |\n  第一行\n\n  - 第二段\n");
    }

    #[test]
    fn sequences_of_long_mappings_put_the_first_key_on_the_dash() {
        let text = doc(&json!({
            "examples": [
                { "title": "t", "request": { "a": "x".repeat(100) } },
                { "title": "u" },
            ],
        }));
        let want = format!(
            "examples:\n  - title: t\n    request:\n      a: {}\n  - {{ title: u }}\n",
            "x".repeat(100)
        );
        assert_eq!(text, want);
        reads_back(&json!({ "examples": [{ "title": "t", "request": { "a": "x".repeat(100) } }] }));
    }

    #[test]
    fn tagged_entries_know_their_lines() {
        let mut map = Map::default();
        map.put("a", Node::int(1));
        let mut inner = Map::default();
        inner.put("x", Node::str("y".repeat(120)));
        let e = map.put("b", Node::Map(inner));
        e.tag = Some(7);
        e.comments.push("TODO: check".to_owned());
        let mut r = Renderer::default();
        r.comment("header");
        r.map(&map);
        let (text, spans) = r.finish();
        assert_eq!(text.lines().nth(2), Some("# TODO: check"));
        assert_eq!(spans, vec![(7, 4, 5)]);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            ".*".prop_map(Value::String),
            "[-a-z0-9 :#,.\\[\\]{}'\"\\n中]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((".{0,6}", inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_object_reads_back_unchanged(
            kv in prop::collection::vec((".{0,6}", json_value()), 1..5)
        ) {
            reads_back(&Value::Object(kv.into_iter().collect()));
        }
    }
}
