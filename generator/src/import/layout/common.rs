//! What the three layouts read alike: the title, the source URL, the description, the HTTP
//! line, notes, parameter and error tables, sub-tables, samples, a binary answer.

use crate::diag::Diagnostic;
use crate::import::codes::PageCode;
use crate::import::ir::{HttpLine, Layout, Located, Page, Param};
use crate::import::page::{strip_marks, Block, Doc, Kind, Table};

use super::sections::{Section, Side, Sub};
use super::{errors, facts, fields, samples};

/// A scanned page and the section of each of its blocks.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub doc: &'a Doc<'a>,
    pub secs: &'a [Section],
    /// The index of the title heading's block.
    pub title: Option<usize>,
}

impl Ctx<'_> {
    /// The blocks with their sections.
    pub fn blocks(&self) -> impl Iterator<Item = (&Block, &Section)> {
        self.doc.blocks.iter().zip(self.secs)
    }

    /// The title's text.
    pub fn title_text(&self) -> Option<&str> {
        match &self.doc.blocks.get(self.title?)?.kind {
            Kind::Heading { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A page of `layout` with what every layout reads the same way.
    pub fn base(&self, layout: Layout) -> Page {
        let title = self.title.and_then(|i| {
            let block = self.doc.blocks.get(i)?;
            Some(Located {
                value: self.title_text()?.to_owned(),
                span: self.doc.span(block),
            })
        });
        Page {
            layout,
            source_url: self
                .doc
                .lines
                .iter()
                .take(8)
                .find_map(|l| facts::source_url(l.text)),
            title,
            english_name: None,
            description: Vec::new(),
            http: None,
            security_mode: self.doc.lines.iter().any(|l| facts::security(l.text)),
            cloud_call: None,
            query: Vec::new(),
            body: Vec::new(),
            response: Vec::new(),
            binary_response: false,
            errors: Vec::new(),
            samples: samples::collect(self.doc, self.secs),
            notes: self.notes(),
        }
    }

    /// The paragraphs of `sections` that describe the API: no quoted notices, no bare
    /// links, no `接口英文名` line, no "call it from your server" boilerplate.
    pub fn description(&self, sections: &[Section]) -> Vec<String> {
        let mut out = Vec::new();
        for (block, sec) in self.blocks() {
            let Kind::Text(text) = &block.kind else {
                continue;
            };
            let raw = self.doc.raw(block.first).trim();
            let bare_link = raw.starts_with('[') && raw.ends_with(')') && text.chars().count() < 12;
            if !sections.contains(sec)
                || raw.starts_with('>')
                || raw.starts_with("<!--")
                || bare_link
                || text.contains("接口英文名")
                || text.contains("服务器端调用")
                || text.contains("服务端调用")
                || text.is_empty()
            {
                continue;
            }
            out.push(text.clone());
        }
        out
    }

    /// The lines of the blocks in `sections` that may hold an HTTP line (not tables).
    fn lines_in<'s>(&'s self, sections: &'s [Section]) -> impl Iterator<Item = usize> + 's {
        self.blocks()
            .filter(move |(b, s)| sections.contains(s) && !matches!(b.kind, Kind::Table(_)))
            .flat_map(|(b, _)| b.first..=b.last)
    }

    /// The HTTP line: the first in `sections`, else the first line anywhere that starts
    /// with one (a sample's `// POST https://…` comment).
    pub fn http(&self, sections: &[Section]) -> Option<Located<HttpLine>> {
        let anywhere = self
            .doc
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, Kind::Table(_)))
            .flat_map(|b| b.first..=b.last);
        self.lines_in(sections)
            .find_map(|i| self.http_at(i, false))
            .or_else(|| anywhere.clone().find_map(|i| self.http_at(i, true)))
    }

    fn http_at(&self, i: usize, strict: bool) -> Option<Located<HttpLine>> {
        let line = self.doc.lines.get(i)?;
        if strict && !facts::starts_with_http(line.text) {
            return None;
        }
        let (value, at, len) = facts::http(line.text)?;
        Some(Located {
            value,
            span: line.span(at, len),
        })
    }

    /// The cloud-call method named in `sections`.
    pub fn cloud_call(&self, sections: &[Section]) -> Option<String> {
        self.lines_in(sections)
            .find_map(|i| facts::cloud_call(self.doc.raw(i)))
    }

    /// The `注意事项`, when they say more than "none".
    fn notes(&self) -> Vec<String> {
        self.blocks()
            .filter(|(_, s)| **s == Section::Notes)
            .filter_map(|(b, _)| match &b.kind {
                Kind::Text(t) => Some(t.clone()),
                Kind::Code { body, .. } | Kind::Json(body) => Some(body.clone()),
                _ => None,
            })
            .filter(|t| {
                let t = t.trim_end_matches(['。', '.']);
                !t.is_empty() && !matches!(t, "无" | "暂无") && !t.contains("无特殊注意事项")
            })
            .collect()
    }

    /// Whether the page says the answer is a file: a `Buffer` heading or a line like
    /// `直接返回图片二进制内容` in the response, notes or description.
    pub fn binary_text(&self) -> bool {
        self.blocks().any(|(b, s)| {
            let wanted = matches!(
                s,
                Section::Response | Section::Notes | Section::Intro | Section::Description
            );
            wanted
                && match &b.kind {
                    Kind::Heading { text, .. } => text.trim().eq_ignore_ascii_case("buffer"),
                    Kind::Text(t) => binary_words(t),
                    _ => false,
                }
        })
    }

    /// The error rows of every error table outside `云调用`.
    pub fn errors(&self, diags: &mut Vec<Diagnostic>) -> Vec<crate::import::ir::ErrorRow> {
        let mut out = Vec::new();
        let mut after_errcode = false;
        for (block, sec) in self.blocks() {
            match &block.kind {
                Kind::Table(t) if *sec != Section::Cloud => {
                    let labelled = after_errcode || *sec == Section::Errors;
                    if let Some(cols) = errors::columns(&t.header, labelled) {
                        out.extend(errors::rows(self.file, self.doc, t, cols, diags));
                    }
                }
                Kind::Text(t) | Kind::Heading { text: t, .. } => {
                    after_errcode = t.contains("errcode") || t.contains("错误码");
                    continue;
                }
                _ => {}
            }
            after_errcode = false;
        }
        out
    }

    /// Reads the parameter tables into `page` (sub-tables attached, orphans warned about);
    /// the fields of `请求参数` tables that no `查询参数`/`请求体` heading sorts are returned.
    pub fn tables(&self, page: &mut Page, diags: &mut Vec<Diagnostic>) -> Vec<Param> {
        let mut request = Vec::new();
        let mut subs: Vec<(&Sub, &Table, usize)> = Vec::new();
        let mut heading = 0;
        for (block, sec) in self.blocks() {
            if matches!(block.kind, Kind::Heading { .. }) {
                heading = block.first;
            }
            let Kind::Table(t) = &block.kind else {
                continue;
            };
            if let Section::Sub(sub) = sec {
                // An orphan is reported at its heading.
                subs.push((sub, t, heading));
                continue;
            }
            if errors::columns(&t.header, false).is_some() {
                continue;
            }
            let Some(cols) = fields::columns(&t.header) else {
                continue;
            };
            let target = match sec {
                Section::Query => &mut page.query,
                Section::Body => &mut page.body,
                Section::Request => &mut request,
                Section::Response => &mut page.response,
                _ => continue,
            };
            target.extend(fields::params(self.file, self.doc, t, cols, diags));
        }
        subs.sort_by_key(|(sub, _, _)| sub.paths.first().map_or(0, Vec::len));
        for (sub, table, line) in subs {
            self.attach(page, &mut request, sub, table, line, diags);
        }
        request
    }

    fn attach(
        &self,
        page: &mut Page,
        request: &mut [Param],
        sub: &Sub,
        table: &Table,
        line: usize,
        diags: &mut Vec<Diagnostic>,
    ) {
        let (lists, what): (Vec<&mut [Param]>, _) = match sub.side {
            Side::Query => (vec![&mut page.query[..], request], "query string"),
            Side::Body => (vec![&mut page.body[..], request], "request body"),
            Side::Res => (vec![&mut page.response[..]], "response"),
        };
        let children = if sub.enumeration {
            Vec::new()
        } else {
            match fields::columns(&table.header) {
                Some(cols) => fields::params(self.file, self.doc, table, cols, diags),
                None => return,
            }
        };
        let mut found = false;
        for list in lists {
            found = if sub.enumeration {
                fields::attach_enum(list, &sub.paths, table)
            } else {
                fields::attach(list, &sub.paths, children.clone())
            };
            if found {
                break;
            }
        }
        if !found {
            let path = sub.paths.first().map(|p| p.join(".")).unwrap_or_default();
            diags.push(
                PageCode::OrphanTable
                    .at(
                        self.file,
                        self.doc.line_span(line),
                        format!("`{}`: the {what} has no field `{path}`", sub.heading),
                    )
                    .help("the sub-table is left out: check the field's name in the parent table"),
            );
        }
    }
}

/// Whether a line says the answer is binary: `直接返回图片二进制内容`, `返回图片 Buffer`.
pub fn binary_words(text: &str) -> bool {
    let t: String = strip_marks(text).split_whitespace().collect();
    t.contains("返回图片二进制")
        || t.contains("返回二进制")
        || (t.contains("直接返回") && t.contains("二进制"))
        || t.contains("返回图片buffer")
        || t.contains("返回图片Buffer")
}

/// Sorts the fields of a table that holds both query and body parameters: those named in
/// the HTTP line's query, and all of a GET's, go to the query; the rest to the body.
pub fn split(page: &mut Page, request: Vec<Param>) {
    let method = page.http.as_ref().map(|h| h.value.method.as_str());
    for param in request {
        let in_query = page
            .http
            .as_ref()
            .is_some_and(|h| h.value.query.contains(&param.name));
        if in_query || method == Some("GET") {
            page.query.push(param);
        } else {
            page.body.push(param);
        }
    }
}
