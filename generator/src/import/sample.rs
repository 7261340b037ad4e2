//! A page's JSON samples, repaired where they can be: `…` truncations, `//` comments,
//! trailing commas, a stray closing brace.
//!
//! Only repairs that can't change what a sample says are made: text outside strings is
//! dropped (comments, ellipses, commas before a closing bracket, one closing brace too
//! many, a line such as an HTTP line before the JSON), never added. What is left must be one
//! JSON value; anything else is not a sample the draft can show.

use serde_json::Value;

/// A repair made to a sample, for the example's `doc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Repair {
    /// Text before the JSON (an HTTP line, a caption).
    Prefix,
    Comments,
    Truncation,
    TrailingCommas,
    StrayBrace,
}

impl Repair {
    /// What was removed, in a few words of Chinese like the rest of a spec's docs.
    pub fn describe(self) -> &'static str {
        match self {
            Repair::Prefix => "JSON 之前的文字",
            Repair::Comments => "注释",
            Repair::Truncation => "省略号",
            Repair::TrailingCommas => "多余的逗号",
            Repair::StrayBrace => "多余的右括号",
        }
    }
}

/// A sample as JSON, and what it took to get there.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub value: Value,
    /// The repairs made, sorted, each once.
    pub repairs: Vec<Repair>,
}

/// The JSON value `text` shows, repaired; or why there is none.
pub fn repair(text: &str) -> Result<Repaired, String> {
    let mut repairs = Vec::new();
    let (text, prefixed) = skip_prefix(text);
    if prefixed {
        repairs.push(Repair::Prefix);
    }
    let (text, comments) = strip_comments(text);
    if comments {
        repairs.push(Repair::Comments);
    }
    let (text, truncated) = strip_ellipses(&text);
    if truncated {
        repairs.push(Repair::Truncation);
    }
    let (text, commas) = strip_stray_commas(&text);
    if commas {
        repairs.push(Repair::TrailingCommas);
    }
    if text.trim().is_empty() {
        return Err("the sample is empty".to_owned());
    }
    let value = match serde_json::from_str::<Value>(&text) {
        Ok(value) => value,
        Err(first) => {
            let Some(fixed) = drop_unbalanced_closer(&text) else {
                return Err(first.to_string());
            };
            let value = serde_json::from_str::<Value>(&fixed).map_err(|_| first.to_string())?;
            repairs.push(Repair::StrayBrace);
            value
        }
    };
    repairs.sort();
    repairs.dedup();
    Ok(Repaired { value, repairs })
}

/// Calls `f` with each character of `text` and whether it is inside a JSON string (the
/// quotes themselves count as inside).
fn scan(text: &str, mut f: impl FnMut(usize, char, bool)) {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            f(i, c, true);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' || c == '\n' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            f(i, c, true);
        } else {
            f(i, c, false);
        }
    }
}

/// Drops the lines before the first one that starts like JSON, when the text doesn't.
fn skip_prefix(text: &str) -> (&str, bool) {
    let starts_json = |s: &str| {
        let s = s.trim_start();
        s.starts_with(['{', '[']) || s.is_empty()
    };
    if starts_json(text) || text.trim_start().starts_with(['"', '/']) {
        return (text, false);
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(['{', '[']) {
            return (&text[offset..], true);
        }
        offset += line.len();
    }
    (text, false)
}

/// Removes `// …` and `/* … */` outside strings.
fn strip_comments(text: &str) -> (String, bool) {
    let chars: Vec<(usize, char, bool)> = {
        let mut v = Vec::with_capacity(text.len());
        scan(text, |i, c, s| v.push((i, c, s)));
        v
    };
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut k = 0;
    while k < chars.len() {
        let (_, c, in_string) = chars[k];
        let next = chars.get(k + 1).map(|&(_, c, _)| c);
        if !in_string && c == '/' && next == Some('/') {
            changed = true;
            while k < chars.len() && chars[k].1 != '\n' {
                k += 1;
            }
            continue;
        }
        if !in_string && c == '/' && next == Some('*') {
            changed = true;
            k += 2;
            while k < chars.len()
                && !(chars[k].1 == '*' && chars.get(k + 1).map(|x| x.1) == Some('/'))
            {
                k += 1;
            }
            k += 2;
            continue;
        }
        out.push(c);
        k += 1;
    }
    (out, changed)
}

/// Removes `…`, `……` and runs of three or more dots outside strings.
fn strip_ellipses(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut dots = String::new();
    let flush = |out: &mut String, dots: &mut String, changed: &mut bool| {
        if dots.chars().count() >= 3 {
            *changed = true;
        } else {
            out.push_str(dots);
        }
        dots.clear();
    };
    scan(text, |_, c, in_string| {
        if !in_string && c == '.' {
            dots.push(c);
            return;
        }
        flush(&mut out, &mut dots, &mut changed);
        if !in_string && (c == '…' || c == '⋯') {
            changed = true;
            return;
        }
        out.push(c);
    });
    flush(&mut out, &mut dots, &mut changed);
    (out, changed)
}

/// Removes commas outside strings that separate nothing: before `}`/`]`, after `{`/`[`, or
/// after another comma (what an ellipsis between two commas leaves).
fn strip_stray_commas(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    // The last significant character outside strings that was kept, and where its comma is.
    let mut last: Option<char> = None;
    let mut pending_comma: Option<usize> = None;
    scan(text, |_, c, in_string| {
        if in_string {
            pending_comma = None;
            last = Some('"');
            out.push(c);
            return;
        }
        if c.is_whitespace() {
            out.push(c);
            return;
        }
        if c == ',' {
            if matches!(last, None | Some('{' | '[' | ',')) {
                changed = true;
                return;
            }
            pending_comma = Some(out.len());
            last = Some(',');
            out.push(c);
            return;
        }
        if matches!(c, '}' | ']') {
            if let Some(at) = pending_comma.take() {
                out.remove(at);
                changed = true;
            }
        }
        pending_comma = None;
        last = Some(c);
        out.push(c);
    });
    (out, changed)
}

/// The text without the first closing bracket that closes nothing; `None` when every
/// closing bracket closes something.
fn drop_unbalanced_closer(text: &str) -> Option<String> {
    let mut depth: i64 = 0;
    let mut stray = None;
    scan(text, |i, c, in_string| {
        if in_string || stray.is_some() {
            return;
        }
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth < 0 {
                    stray = Some(i);
                }
            }
            _ => {}
        }
    });
    let mut out = text.to_owned();
    out.remove(stray?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Repaired {
        repair(text).unwrap_or_else(|e| panic!("{text:?} should repair: {e}"))
    }

    #[test]
    fn clean_json_is_taken_as_is() {
        let r = ok(r#"{ "errcode": 0, "errmsg": "ok" }"#);
        assert_eq!(r.value, json!({ "errcode": 0, "errmsg": "ok" }));
        assert!(r.repairs.is_empty());
    }

    #[test]
    fn comments_outside_strings_go_and_urls_in_strings_stay() {
        let r = ok("{\n  \"url\": \"https://a.b/c\", // the link\n  /* block */ \"n\": 1\n}");
        assert_eq!(r.value, json!({ "url": "https://a.b/c", "n": 1 }));
        assert_eq!(r.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn truncations_and_trailing_commas_go() {
        let r = ok("{\n  \"list\": [1, 2, ...],\n  \"obj\": {…},\n  …\n}");
        assert_eq!(r.value, json!({ "list": [1, 2], "obj": {} }));
        assert_eq!(r.repairs, vec![Repair::Truncation, Repair::TrailingCommas]);
        let r = ok("[\"a\", ..., \"b\"]");
        assert_eq!(r.value, json!(["a", "b"]));
        let r = ok("{\"s\": \"wait...\"}");
        assert_eq!(r.value, json!({ "s": "wait..." }));
    }

    #[test]
    fn one_stray_closing_brace_goes() {
        let r = ok("{\"a\": {\"b\": 1}}}");
        assert_eq!(r.value, json!({ "a": { "b": 1 } }));
        assert_eq!(r.repairs, vec![Repair::StrayBrace]);
        assert!(repair("{\"a\": 1}}}").is_err());
    }

    #[test]
    fn a_line_before_the_json_goes() {
        let r = ok("POST https://api.weixin.qq.com/x?access_token=T\n{\"a\": 1}");
        assert_eq!(r.value, json!({ "a": 1 }));
        assert_eq!(r.repairs, vec![Repair::Prefix]);
    }

    #[test]
    fn what_is_not_one_json_value_is_refused() {
        for text in [
            "",
            "  // only a comment",
            "{\"a\": 1} {\"b\": 2}",
            "{ a: 1 }",
            "{\"a\": }",
            "curl -F media=@a.jpg https://x",
            "{\"a\": \"unterminated}",
        ] {
            assert!(repair(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "\"", "\\", "/*", "/", "}", "]", ",", "…", "{\"\\", "é/*é", "{,}", "[,,]",
        ] {
            let _ = repair(text);
        }
    }
}
