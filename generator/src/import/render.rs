//! A [`Plan`] as spec YAML, less what verification took out ([`Fixes`]); every field,
//! error and example tagged with the lines it takes.

use std::collections::BTreeMap;

use serde_json::Value;

use super::draft::{Auth, Body, Plan};
use super::types::{Default, Field, Object, Ty};
use super::yaml::{self, Entry, Item, Map, Node, Renderer, Scalar, Tag};

/// The first line of every spec file: the schema for editors.
const SCHEMA_LINE: &str =
    "yaml-language-server: $schema=../../../generated/schema/endpoint.schema.json";

/// What verification changed, each with why (the text of its TODO).
#[derive(Debug, Default)]
pub struct Fixes {
    /// Fields written with their fallback type (`json` or `string`).
    pub downgraded: BTreeMap<usize, String>,
    pub dropped_fields: BTreeMap<usize, String>,
    /// By index in the plan.
    pub dropped_examples: BTreeMap<usize, String>,
    pub dropped_errors: BTreeMap<usize, String>,
    /// Problems no fix could take away.
    pub unresolved: Vec<String>,
}

/// What a tag stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// By field id.
    Field(usize),
    /// By index in the plan.
    Example(usize),
    Error(usize),
}

impl Target {
    fn tag(self) -> Tag {
        match self {
            Target::Field(n) => n * 3,
            Target::Example(n) => n * 3 + 1,
            Target::Error(n) => n * 3 + 2,
        }
    }

    pub fn of(tag: Tag) -> Target {
        match tag % 3 {
            0 => Target::Field(tag / 3),
            1 => Target::Example(tag / 3),
            _ => Target::Error(tag / 3),
        }
    }
}

fn todo(text: &str) -> String {
    format!("TODO: {text}")
}

/// The draft's text, and the lines of each tagged entry.
pub fn render(plan: &Plan, fixes: &Fixes) -> (String, Vec<(Tag, usize, usize)>) {
    let mut top = Map::default();
    top.put("id", Node::str(&plan.id));
    top.put("title", Node::str(&plan.title));
    let mut doc_todo = Vec::new();
    match &plan.doc {
        Some(doc) => {
            let e = top.put("doc", Node::text(doc));
            e.comments
                .push(todo("rewrite the doc in the project's own words"));
        }
        None => doc_todo.push(todo("the page has no description: write the doc")),
    }
    let mut http = Map::default();
    http.put("method", Node::str(plan.method));
    http.put("path", Node::str(&plan.path));
    let e = top.put("http", Node::Map(http));
    e.comments = doc_todo;
    e.comments.extend(plan.http_todo.iter().map(|t| todo(t)));
    match &plan.auth {
        Auth::AccessToken => {}
        Auth::None => {
            top.put("auth", Node::str("none"));
        }
        Auth::AppSecret => {
            top.put("auth", Node::str("app_secret"));
        }
        Auth::AppSecretAs(secret) => {
            let mut m = Map::default();
            m.put("scheme", Node::str("app_secret"));
            m.put("secret", Node::str(secret));
            top.put("auth", Node::Map(m));
        }
    }
    if plan.signature {
        top.put("signature", Node::str("session_key"));
    }
    if plan.security_mode {
        top.put("security_mode", Node::bool(true));
    }
    if !plan.sources.is_empty() {
        let e = top.put("sources", Node::seq(plan.sources.iter().map(Node::str)));
        e.block = true;
    }
    let mut writer = FieldWriter {
        fixes,
        types: Map::default(),
        current: 0,
    };
    request(&mut top, plan, &mut writer);
    let mut response = Map::default();
    if plan.binary {
        response.put("body", Node::str("binary"));
    } else {
        let fields = writer.fields(&plan.response);
        response.put("fields", Node::Map(fields));
    }
    top.put("response", Node::Map(response));
    if !writer.types.is_empty() {
        top.put("types", Node::Map(std::mem::take(&mut writer.types)));
    }
    errors(&mut top, plan, fixes);
    examples(&mut top, plan, fixes);
    let dropped = fixes
        .dropped_fields
        .values()
        .chain(fixes.dropped_errors.values());
    for why in dropped.chain(&fixes.unresolved) {
        top.footer.push(todo(why));
    }
    let mut r = Renderer::default();
    r.comment(SCHEMA_LINE);
    for line in &plan.header {
        r.comment(line);
    }
    r.map(&top);
    r.finish()
}

fn request(top: &mut Map, plan: &Plan, writer: &mut FieldWriter) {
    let fields = writer.fields(&plan.request);
    if fields.is_empty() && plan.request_todos.is_empty() {
        return;
    }
    let mut request = Map::default();
    match plan.body {
        Body::None => {}
        Body::Json => {
            request.put("body", Node::str("json"));
        }
        Body::Multipart => {
            request.put("body", Node::str("multipart"));
        }
    }
    request.put("fields", Node::Map(fields));
    let e = top.put("request", Node::Map(request));
    e.comments = plan.request_todos.iter().map(|t| todo(t)).collect();
}

fn errors(top: &mut Map, plan: &Plan, fixes: &Fixes) {
    let mut own = Map::default();
    for (i, e) in plan.errors.iter().enumerate() {
        if fixes.dropped_errors.contains_key(&i) {
            continue;
        }
        let mut m = Map::default();
        m.put("name", Node::str(&e.name));
        m.put("message", Node::str(&e.message));
        if let Some(s) = &e.solution {
            m.put("solution", Node::str(s));
        }
        own.entries.push(Entry {
            key: Scalar::Int(e.code),
            value: Node::Map(m),
            comments: Vec::new(),
            tag: Some(Target::Error(i).tag()),
            block: false,
        });
    }
    if !own.is_empty() {
        top.put("errors", Node::Map(own));
    }
    if !plan.common_errors.is_empty() {
        top.put(
            "common_errors",
            Node::seq(plan.common_errors.iter().map(|c| Node::int(*c))),
        );
    }
}

fn examples(top: &mut Map, plan: &Plan, fixes: &Fixes) {
    let mut items = Vec::new();
    for (i, x) in plan.examples.iter().enumerate() {
        if let Some(why) = fixes.dropped_examples.get(&i) {
            top.footer.push(todo(why));
            continue;
        }
        let mut m = Map::default();
        m.put("title", Node::str(&x.title));
        if let Some(doc) = &x.doc {
            m.put("doc", Node::str(doc));
        }
        let request = x.request.as_ref().map(|r| {
            let mut r = r.clone();
            r.retain(|k, _| !plan.hidden.contains(k));
            r
        });
        let request = request.filter(|r| !r.is_empty());
        if request.is_none() && x.response.is_none() {
            continue;
        }
        if let Some(r) = request {
            m.put("request", yaml::from_json(&Value::Object(r)));
        }
        if let Some(r) = &x.response {
            m.put("response", yaml::from_json(&Value::Object(r.clone())));
        }
        items.push(Item {
            value: Node::Map(m),
            comments: Vec::new(),
            tag: Some(Target::Example(i).tag()),
        });
    }
    if !items.is_empty() {
        top.put("examples", Node::Seq(items));
    }
}

/// Fields as YAML; objects named because their inline name was taken go to `types`.
struct FieldWriter<'a> {
    fixes: &'a Fixes,
    types: Map,
    /// The field being written: a type it declares is tagged with it, so that a problem
    /// with the declaration loosens the field.
    current: usize,
}

impl FieldWriter<'_> {
    fn fields(&mut self, fields: &[Field]) -> Map {
        let mut out = Map::default();
        for f in fields {
            if let Some(e) = self.field(f) {
                out.entries.push(e);
            }
        }
        out
    }

    fn field(&mut self, f: &Field) -> Option<Entry> {
        if self.fixes.dropped_fields.contains_key(&f.id) {
            return None;
        }
        let mut m = Map::default();
        let mut comments: Vec<String> = f.todos.iter().map(|t| todo(t)).collect();
        let mut tail = None;
        let downgraded = self.fixes.downgraded.get(&f.id);
        if let Some(why) = downgraded {
            m.put("type", Node::str(f.fallback));
            comments.push(todo(why));
        } else {
            self.current = f.id;
            tail = self.ty(&f.ty, &mut m);
        }
        if f.required {
            m.put("required", Node::bool(true));
        }
        if let (Some(d), None) = (&f.default, downgraded) {
            m.put(
                "default",
                Node::Scalar(match d {
                    Default::Str(s) => Scalar::Str(s.clone()),
                    Default::Int(n) => Scalar::Int(*n),
                    Default::Float(x) => Scalar::Float(x.clone()),
                    Default::Bool(b) => Scalar::Bool(*b),
                }),
            );
        }
        if f.sensitive {
            m.put("sensitive", Node::bool(true));
        }
        if f.in_query {
            m.put("in", Node::str("query"));
        }
        if !f.doc.is_empty() {
            m.put("doc", Node::text(&f.doc));
        }
        let block = tail.is_some();
        if let Some((key, node)) = tail {
            m.put(key, node).block = true;
        }
        Some(Entry {
            key: Scalar::Str(f.wire.clone()),
            value: Node::Map(m),
            comments,
            tag: Some(Target::Field(f.id).tag()),
            block,
        })
    }

    /// Writes `type` (and `items`, `format`, `of`) into `m`; an inline object's `fields`
    /// (or `items` holding one) are returned instead, to come last.
    fn ty(&mut self, ty: &Ty, m: &mut Map) -> Option<(&'static str, Node)> {
        match ty {
            Ty::Builtin(b) => {
                m.put("type", Node::str(*b));
            }
            Ty::U64 => {
                m.put("type", Node::str("integer"));
                m.put("format", Node::str("u64"));
            }
            Ty::JsonString => {
                m.put("type", Node::str("json_string"));
                m.put("of", Node::str("json"));
            }
            Ty::Object(o) => match &o.named {
                Some(name) => {
                    m.put("type", Node::str(name));
                    self.declare(name, o);
                }
                None => {
                    m.put("type", Node::str("object"));
                    return Some(("fields", Node::Map(self.fields(&o.fields))));
                }
            },
            Ty::Array(item) => {
                m.put("type", Node::str("array"));
                let (items, block) = self.items(item);
                if block {
                    return Some(("items", items));
                }
                m.put("items", items);
            }
        }
        None
    }

    /// An array's items: a bare name, or a type expression.
    fn items(&mut self, ty: &Ty) -> (Node, bool) {
        match ty {
            Ty::Builtin(b) => (Node::str(*b), false),
            Ty::Object(Object {
                named: Some(name), ..
            }) => {
                if let Ty::Object(o) = ty {
                    self.declare(name, o);
                }
                (Node::str(name), false)
            }
            _ => {
                let mut m = Map::default();
                let tail = self.ty(ty, &mut m);
                let block = tail.is_some();
                if let Some((key, node)) = tail {
                    m.put(key, node).block = true;
                }
                (Node::Map(m), block)
            }
        }
    }

    fn declare(&mut self, name: &str, o: &Object) {
        let owner = self.current;
        let mut m = Map::default();
        m.put("type", Node::str("object"));
        let fields = self.fields(&o.fields);
        m.put("fields", Node::Map(fields)).block = true;
        let e = self.types.put(name, Node::Map(m));
        e.block = true;
        e.tag = Some(Target::Field(owner).tag());
    }
}
