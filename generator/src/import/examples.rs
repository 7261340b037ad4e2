//! A page's samples → the draft's examples: each request paired with the response after it,
//! repaired JSON, and what can't be shown (a multipart request, the bytes of a file answer)
//! left out.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::codes::PageCode;
use super::ir::{Page, Sample, SampleKind};
use super::sample::{self, Repair};
use crate::diag::{Diagnostic, Span};

/// One example of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub title: String,
    pub doc: Option<String>,
    pub request: Option<Map<String, Value>>,
    pub response: Option<Map<String, Value>>,
    /// Where its samples are on the page.
    pub span: Span,
}

/// What the writer knows of the endpoint when it reads the samples.
pub struct Shape {
    /// A multipart request has no JSON form.
    pub multipart: bool,
    /// A file answer has no JSON success.
    pub binary: bool,
}

/// A sample read: its kind, its JSON object (if it has one), itself, and its repairs.
type Read<'a> = (
    SampleKind,
    Option<Map<String, Value>>,
    &'a Sample,
    Vec<Repair>,
);

/// The examples of `page`'s samples; the ones that aren't JSON are reported and left out.
pub fn examples(file: &str, page: &Page, shape: &Shape, dx: &mut Vec<Diagnostic>) -> Vec<Example> {
    let mut read: Vec<Read> = Vec::new();
    for s in &page.samples {
        if s.kind == SampleKind::Request && shape.multipart {
            // The page shows a form upload (curl -F …): no JSON to check.
            read.push((s.kind, None, s, Vec::new()));
            continue;
        }
        match object_of(s) {
            Ok((value, repairs)) => read.push((s.kind, Some(value), s, repairs)),
            Err(why) => {
                dx.push(
                    PageCode::BadSample
                        .at(file, s.span, format!("the sample is not a JSON object ({why}); it is left out"))
                        .help("copy it into `examples:` by hand if it shows something the others don't"),
                );
                read.push((s.kind, None, s, Vec::new()));
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < read.len() {
        let (kind, value, s, repairs) = &read[i];
        let mut example = Example {
            title: String::new(),
            doc: None,
            request: None,
            response: None,
            span: s.span,
        };
        let mut titles = vec![s.title.as_deref()];
        let mut all_repairs = repairs.clone();
        if *kind == SampleKind::Request {
            example.request = value.clone();
            if let Some((SampleKind::Response, response, r, more)) = read.get(i + 1) {
                example.response = response.clone();
                titles.insert(0, r.title.as_deref());
                all_repairs.extend(more);
                i += 1;
            }
        } else {
            example.response = value.clone();
        }
        i += 1;
        if shape.binary && example.response.as_ref().is_some_and(is_success) {
            example.response = None;
        }
        if example.request.is_none() && example.response.is_none() {
            continue;
        }
        example.title = title(&titles, out.len() + 1);
        all_repairs.sort();
        all_repairs.dedup();
        if !all_repairs.is_empty() {
            let what: Vec<&str> = all_repairs.iter().map(|r| r.describe()).collect();
            example.doc = Some(format!(
                "取自官方页面的示例；导入时去掉了{}。",
                what.join("、")
            ));
        }
        out.push(example);
    }
    out
}

/// A sample as a JSON object: repaired JSON, or a request shown as a URL with a query.
fn object_of(s: &Sample) -> Result<(Map<String, Value>, Vec<Repair>), String> {
    let repaired = match sample::repair(&s.text) {
        Ok(r) => r,
        Err(why) => {
            if s.kind == SampleKind::Request {
                if let Some(query) = url_query(&s.text) {
                    return Ok((query, Vec::new()));
                }
            }
            return Err(why);
        }
    };
    match repaired.value {
        Value::Object(map) => Ok((map, repaired.repairs)),
        other => Err(format!("its JSON is {}, not an object", kind_of(&other))),
    }
}

/// The query of a request sample that is only a URL (`GET https://…?a=1&b=2`).
fn url_query(text: &str) -> Option<Map<String, Value>> {
    let line = text.trim();
    if line.lines().count() != 1 {
        return None;
    }
    let url = line.split_whitespace().find(|w| w.starts_with("http"))?;
    let (_, query) = url.split_once('?')?;
    let mut map = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(k.to_owned(), Value::String(v.to_owned()));
    }
    (!map.is_empty()).then_some(map)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A response without an error: `errcode` (or `errCode`) absent or zero.
pub fn is_success(response: &Map<String, Value>) -> bool {
    let code = response.get("errcode").or_else(|| response.get("errCode"));
    match code {
        None => true,
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        Some(Value::String(s)) => s.trim() == "0",
        Some(_) => false,
    }
}

/// The first title there is, without its section number (`5.2 `), or `示例 n`.
fn title(candidates: &[Option<&str>], n: usize) -> String {
    candidates
        .iter()
        .flatten()
        .map(|t| {
            t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| format!("示例 {n}"))
}

/// The sample paths (`req:a.b`, `res:a.b`; arrays are their items) that hold a fraction.
pub fn fractions(examples: &[Example]) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in examples {
        for (side, map) in [("req:", &e.request), ("res:", &e.response)] {
            if let Some(map) = map {
                for (k, v) in map {
                    walk(&format!("{side}.{k}"), v, &mut out);
                }
            }
        }
    }
    out
}

fn walk(path: &str, v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Number(n) if n.is_f64() => {
            out.insert(path.to_owned());
        }
        Value::Array(items) => items.iter().for_each(|x| walk(path, x, out)),
        Value::Object(map) => {
            for (k, v) in map {
                walk(&format!("{path}.{k}"), v, out);
            }
        }
        _ => {}
    }
}
