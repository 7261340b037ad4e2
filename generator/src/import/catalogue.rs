//! A catalogue of endpoints' HTTP lines, for pages that lack theirs.
//!
//! The site's Markdown export of the current layout drops the `POST https://…` line. A
//! catalogue is any Markdown table with an endpoint-name column and a `Method · path` column
//! (`| getQRCode | POST `/wxa/getwxacode` |`), such as the one maintainers keep next to
//! the spec; `wxapi-codegen import --catalogue FILE` fills the drafts' paths from it.

use std::collections::HashMap;

use super::ir::HttpLine;

/// HTTP lines by English name (compared without case).
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    lines: HashMap<String, HttpLine>,
}

impl Catalogue {
    /// Reads every table of `text` whose header has a name column (`Endpoint`, `name`,
    /// `接口`) and a path column (`path`); rows that don't hold one name and one
    /// `METHOD /path` are skipped.
    pub fn parse(text: &str) -> Catalogue {
        let mut lines = HashMap::new();
        let mut columns: Option<(usize, usize)> = None;
        for line in text.lines() {
            let line = line.trim();
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue;
            }
            match columns {
                None => columns = header(&cells),
                Some((name, path)) => {
                    let (Some(name), Some(path)) = (cells.get(name), cells.get(path)) else {
                        continue;
                    };
                    if let (Some(name), Some(http)) = (endpoint_name(name), http_line(path)) {
                        lines.entry(name.to_ascii_lowercase()).or_insert(http);
                    }
                }
            }
        }
        Catalogue { lines }
    }

    /// The HTTP line of the endpoint called `name` (`getQRCode`, `auth.code2Session`).
    pub fn lookup(&self, name: &str) -> Option<&HttpLine> {
        let short = name.rsplit('.').next().unwrap_or(name);
        self.lines.get(&short.to_ascii_lowercase())
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// The name and path columns of a header row.
fn header(cells: &[&str]) -> Option<(usize, usize)> {
    let find = |words: &[&str]| {
        cells.iter().position(|c| {
            let c = c.to_ascii_lowercase();
            words.iter().any(|w| c.contains(w))
        })
    };
    let path = find(&["path"])?;
    let name = find(&["endpoint", "name", "接口"]).filter(|n| *n != path)?;
    Some((name, path))
}

/// `sendMessage (subscribe)` → `sendMessage`; cells naming several endpoints are skipped.
fn endpoint_name(cell: &str) -> Option<&str> {
    let name = cell.split(['(', '（']).next()?.trim();
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then_some(name)
}

/// `GET `/sns/jscode2session`` → the line; cells with several paths are skipped.
fn http_line(cell: &str) -> Option<HttpLine> {
    let mut words = cell.split_whitespace();
    let method = words.next()?.to_ascii_uppercase();
    if method != "GET" && method != "POST" {
        return None;
    }
    let path = words.next()?.trim_matches('`');
    let single = words.next().is_none()
        && path.starts_with('/')
        && !path.contains([',', '{', '}', '*', ' ']);
    single.then(|| HttpLine {
        method,
        path: path.to_owned(),
        query: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
Some text.

| # | Category | Endpoint (EN name) | Method · path | Auth |
|---|---|---|---|---|
| 1 | Login | code2Session | GET `/sns/jscode2session` | S |
| 2 |  | sendMessage (subscribe) | POST `/cgi-bin/message/subscribe/send` | T |
| 3 |  | getOrder / batchGetOrder | POST `/x/{get,batchget}` | T |
| 4 |  | uploadFile | PUT `/tcb/uploadfile` | T |
";

    #[test]
    fn names_map_to_their_http_lines() {
        let catalogue = Catalogue::parse(TABLE);
        assert_eq!(catalogue.len(), 2);
        let login = catalogue
            .lookup("auth.code2Session")
            .expect("by its short name");
        assert_eq!(
            (login.method.as_str(), login.path.as_str()),
            ("GET", "/sns/jscode2session")
        );
        let send = catalogue.lookup("SENDMESSAGE").expect("any case");
        assert_eq!(send.path, "/cgi-bin/message/subscribe/send");
        assert!(
            catalogue.lookup("getOrder").is_none(),
            "several endpoints in one row"
        );
        assert!(
            catalogue.lookup("uploadFile").is_none(),
            "not a WeChat method"
        );
        assert!(Catalogue::parse("| a | b |\n|---|---|\n| x | y |").is_empty());
    }
}
