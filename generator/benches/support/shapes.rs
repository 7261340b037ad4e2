#![allow(dead_code)] // shared by the shapes test and the shape_spec example, each using part
//! Spec trees of the shapes that stress a loader, built in code at a given size (nothing big
//! is committed): nested deep in every way YAML allows, and wide in every way. The deep ones
//! know where the depth limit is crossed, so a test can check the diagnostic's place; the
//! wide ones are valid specs. `scripts/bench-shapes.sh` times `validate` on 1 MiB of each.

use wxapi_codegen::SpecTree;

/// Every shape, by name.
pub const SHAPES: &[&str] = &[
    "deep_flow_seq",
    "deep_flow_map",
    "deep_flow_unclosed",
    "deep_block_map",
    "deep_block_seq",
    "deep_mixed",
    "wide_flow_seq",
    "many_keys",
    "long_line",
    "many_files",
    "type_chain",
];

/// How deep the loader lets a file nest (`wxapi_codegen::phases::load::MAX_DEPTH`).
const LIMIT: usize = wxapi_codegen::phases::load::MAX_DEPTH;

const HEAD: &str = "id: shape\ntitle: Shape\nhttp: { method: POST, path: /wxa/shape }\n";

/// One shape at one size.
pub struct Shape {
    pub tree: SpecTree,
    /// For a deep shape, where the node one level past the limit starts: the file, its
    /// 1-based line and column (in characters).
    pub too_deep_at: Option<(String, usize, usize)>,
}

/// The shape `name` in about `bytes` bytes (never more); `None` for an unknown name.
pub fn build(name: &str, bytes: usize) -> Option<Shape> {
    let mut w = Writer::new(bytes);
    match name {
        "deep_flow_seq" => {
            w.push("doc: ");
            let n = w.room() / 2;
            w.open_each(n, "[");
            w.push(&"]".repeat(n));
        }
        "deep_flow_map" => {
            w.push("doc: ");
            let n = w.room().saturating_sub(1) / 5;
            w.open_each(n, "{a: ");
            w.push("b");
            w.push(&"}".repeat(n));
        }
        // The hostile file: brackets that are never closed, all on one line.
        "deep_flow_unclosed" => {
            w.push("doc: ");
            let n = w.room();
            w.open_each(n, "[");
        }
        // One more space of indentation per level: the depth a size allows is its square root.
        "deep_block_map" => {
            w.push("doc:\n");
            let mut indent = 1;
            while w.room() > indent + 3 {
                w.push(&" ".repeat(indent));
                w.open("a:\n");
                indent += 1;
            }
        }
        // Compact block sequences nest on one line: `- - - x`.
        "deep_block_seq" => {
            w.push("doc:\n  ");
            let n = w.room().saturating_sub(2) / 2;
            w.open_each(n, "- ");
            w.push("x");
        }
        // Block sequences and mappings by turns, then flow mappings and sequences by turns.
        "deep_mixed" => {
            w.push("doc:\n");
            for indent in 1..=40 {
                w.push(&" ".repeat(indent));
                w.open(if indent % 2 == 1 { "-\n" } else { "a:\n" });
            }
            w.push(&" ".repeat(41));
            w.open("a: ");
            let n = w.room() / 7;
            w.open_each(n, "{a: [");
            w.push(&"]}".repeat(n));
        }
        "wide_flow_seq" => {
            w.push("sources: [");
            let mut i = 0;
            while w.room() > format!("u{i}, u]").len() {
                w.push(&format!("u{i}, "));
                i += 1;
            }
            w.push("u]");
        }
        "many_keys" => {
            w.push("request: { fields: {");
            let mut i = 0;
            let field = |i: usize| format!(" f{i}: {{ type: string }},");
            while w.room() > field(i).len() + 4 {
                w.push(&field(i));
                i += 1;
            }
            w.push(" } }");
        }
        "long_line" => {
            w.push("doc: ");
            let n = w.room();
            w.push(&"x".repeat(n));
        }
        "many_files" => return Some(many_files(bytes)),
        "type_chain" => return Some(type_chain(bytes)),
        _ => return None,
    }
    Some(w.finish("endpoints/shape.yaml"))
}

/// Small endpoints, 2,000 of them at 1 MiB, in a tree of folders.
fn many_files(bytes: usize) -> Shape {
    let mut files = Vec::new();
    let mut total = 0;
    for i in 0.. {
        let text = format!(
            "id: op_{i}\ntitle: Operation {i}\ndoc: Endpoint number {i}, one of many small files.\n\
             http: {{ method: POST, path: /wxa/op_{i} }}\nrequest:\n  fields:\n    \
             openid: {{ type: string, required: true, doc: The user. }}\n    \
             scene: {{ type: integer, doc: Where it happens. }}\nresponse:\n  fields:\n    \
             result: {{ type: string, doc: What was found. }}\n    \
             trace_id: {{ type: string, doc: The request. }}\n"
        );
        if total + text.len() > bytes {
            break;
        }
        total += text.len();
        files.push((
            format!("endpoints/group_{}/op_{i}.yaml", i % 20),
            text.into_bytes(),
        ));
    }
    files.sort();
    Shape {
        tree: SpecTree {
            display_root: "spec".to_owned(),
            files,
        },
        too_deep_at: None,
    }
}

/// Named types that each hold the next one (`T0` holds `T1`...), 15,000 at 1 MiB: long for
/// the type graph, which is walked from every type.
fn type_chain(bytes: usize) -> Shape {
    let endpoint = format!("{HEAD}request:\n  fields:\n    first: {{ type: T0 }}\n");
    let mut types = String::from("types:\n");
    let entry = |i: usize, next: &str| {
        format!("  T{i}:\n    type: object\n    fields:\n      next: {{ type: {next} }}\n")
    };
    let mut i = 0;
    while types.len() + entry(i + 1, &format!("T{}", i + 2)).len() + entry(i + 1, "string").len()
        < bytes.saturating_sub(endpoint.len())
    {
        types.push_str(&entry(i, &format!("T{}", i + 1)));
        i += 1;
    }
    types.push_str(&entry(i, "string"));
    Shape {
        tree: SpecTree {
            display_root: "spec".to_owned(),
            files: vec![
                ("endpoints/shape.yaml".to_owned(), endpoint.into_bytes()),
                ("types/chain.yaml".to_owned(), types.into_bytes()),
            ],
        },
        too_deep_at: None,
    }
}

/// Builds one file and tracks the nesting level and place of what it writes.
struct Writer {
    text: String,
    limit: usize,
    line: usize,
    col: usize,
    /// The nesting level of the last collection opened; the top-level mapping is level 1.
    level: usize,
    too_deep_at: Option<(usize, usize)>,
}

impl Writer {
    fn new(limit: usize) -> Writer {
        let mut w = Writer {
            text: String::new(),
            limit,
            line: 1,
            col: 1,
            level: 1,
            too_deep_at: None,
        };
        w.push(HEAD);
        w
    }

    /// Bytes left, keeping one for the final newline.
    fn room(&self) -> usize {
        self.limit.saturating_sub(self.text.len() + 1)
    }

    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.text.push_str(s);
    }

    /// Writes `s`, whose first character opens a collection one level deeper.
    fn open(&mut self, s: &str) {
        self.level += 1;
        if self.level == LIMIT + 1 {
            self.too_deep_at = Some((self.line, self.col));
        }
        self.push(s);
    }

    /// `n` openers in a row, each starting with the character that opens its level. The
    /// place past the limit is worked out, not walked, so 500,000 of them stay fast.
    fn open_each(&mut self, n: usize, unit: &str) {
        // Where each opener is in the unit (`{` and `[` in `{a: [`).
        let starts: Vec<usize> = unit
            .char_indices()
            .filter(|(_, c)| matches!(c, '[' | '{' | '-'))
            .map(|(i, _)| i)
            .collect();
        let openers = n * starts.len();
        if self.too_deep_at.is_none() && self.level <= LIMIT && self.level + openers > LIMIT {
            // The k-th opener of the run (from 0) opens level `self.level + k + 1`.
            let k = LIMIT - self.level;
            let col = self.col + (k / starts.len()) * unit.len() + starts[k % starts.len()];
            self.too_deep_at = Some((self.line, col));
        }
        self.level += openers;
        // Units are ASCII and on one line: the column moves by their length.
        self.col += n * unit.len();
        self.text.push_str(&unit.repeat(n));
    }

    fn finish(mut self, rel: &str) -> Shape {
        self.text.push('\n');
        let file = format!("spec/{rel}");
        Shape {
            tree: SpecTree {
                display_root: "spec".to_owned(),
                files: vec![(rel.to_owned(), self.text.into_bytes())],
            },
            too_deep_at: self.too_deep_at.map(|(line, col)| (file, line, col)),
        }
    }
}
