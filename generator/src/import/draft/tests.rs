//! Drafts of hand-built pages: the key lines of each, and that each validates.
//!
//! `shapes`: uploads, file answers, GETs, authentication, nested types; `content`: errors,
//! samples, placeholders, odd names; `golden`: one rich page, byte for byte; `random`:
//! any page at all.

mod content;
mod golden;
mod random;
mod shapes;

use std::collections::BTreeSet;

use super::*;
use crate::diag::Span;
use crate::import::ir::{ErrorRow, HttpLine, Layout, Located, Sample, SampleKind};
use crate::import::verify;

fn at(line: usize) -> Span {
    Span {
        line,
        col: 1,
        offset: 0,
        len: 1,
    }
}

fn loc<T>(value: T, line: usize) -> Option<Located<T>> {
    Some(Located {
        value,
        span: at(line),
    })
}

fn param(name: &str, ty: &str, required: bool, doc: &str) -> Param {
    Param {
        name: name.to_owned(),
        ty: ty.to_owned(),
        required: Some(required),
        default: None,
        doc: doc.to_owned(),
        children: Vec::new(),
        span: at(20),
    }
}

fn with(mut p: Param, children: Vec<Param>) -> Param {
    p.children = children;
    p
}

fn http(method: &str, path: &str, query: &[&str]) -> Option<Located<HttpLine>> {
    loc(
        HttpLine {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.iter().map(|s| (*s).to_owned()).collect(),
        },
        5,
    )
}

fn sample(kind: SampleKind, title: &str, text: &str, line: usize) -> Sample {
    Sample {
        kind,
        title: Some(title.to_owned()),
        text: text.to_owned(),
        span: at(line),
    }
}

fn row(code: i64, message: &str, solution: &str) -> ErrorRow {
    ErrorRow {
        code,
        message: message.to_owned(),
        solution: solution.to_owned(),
        span: at(60),
    }
}

fn page(name: &str) -> Page {
    Page {
        layout: Layout::Current,
        source_url: Some(format!(
            "https://developers.weixin.qq.com/miniprogram/dev/server/API/x/api_{name}.html"
        )),
        title: loc("示例接口".to_owned(), 1),
        english_name: loc(name.to_owned(), 2),
        description: vec!["本接口用于示例。".to_owned()],
        http: None,
        security_mode: false,
        cloud_call: None,
        query: Vec::new(),
        body: Vec::new(),
        response: Vec::new(),
        binary_response: false,
        errors: Vec::new(),
        samples: Vec::new(),
        notes: Vec::new(),
    }
}

fn token() -> Param {
    param("access_token", "string", true, "接口调用凭证")
}

fn envelope() -> Vec<Param> {
    vec![
        param("errcode", "number", false, "错误码"),
        param("errmsg", "string", false, "错误信息"),
    ]
}

fn common() -> BTreeSet<i64> {
    BTreeSet::from([-1, 40001, 40097, 40029, 45009])
}

/// The draft of `page`, checked to validate.
fn draft(page: &Page) -> (Draft, Vec<Diagnostic>) {
    let (d, dx) = write("pages/x.md", page, &common());
    assert_validates(&d);
    (d, dx)
}

fn assert_validates(d: &Draft) {
    let errors = verify::errors(&d.id, &d.yaml, &verify::common_table(&common()));
    assert!(errors.is_empty(), "{}\n{errors:#?}", d.yaml);
    assert!(!d.yaml.contains("does not validate"), "{}", d.yaml);
}

#[track_caller]
fn has(d: &Draft, line: &str) {
    assert!(
        d.yaml.lines().any(|l| l == line),
        "no line `{line}` in\n{}",
        d.yaml
    );
}

#[track_caller]
fn lacks(d: &Draft, text: &str) {
    assert!(!d.yaml.contains(text), "`{text}` in\n{}", d.yaml);
}

fn codes(dx: &[Diagnostic]) -> Vec<&'static str> {
    dx.iter().map(|d| d.code).collect()
}
