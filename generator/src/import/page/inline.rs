//! Inline Markdown and HTML reduced to plain text: links to their text, `<br>` to line
//! breaks, entities decoded, emphasis and code marks dropped.

/// HTML tags removed without a trace (`<br>` becomes a line break). Anything else between
/// `<` and `>` is kept: `Array.<Object>` and `array<string>` are types, not tags.
const TAGS: &[&str] = &[
    "p", "b", "i", "em", "strong", "code", "span", "div", "font", "u", "sup", "sub", "small",
];

/// `s` as plain text: `[text](url)` → `text`, `![alt](url)` → `alt`, `<br>` → `\n`,
/// `&lt;` → `<`, `**`/`` ` `` dropped, Markdown escapes (`\|`, `\_`, `\*`) undone, tabs as
/// spaces; each line trimmed.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            '<' => {
                if let Some((tag_len, br)) = tag(rest) {
                    if br {
                        out.push('\n');
                    }
                    rest = &rest[tag_len..];
                    continue;
                }
                out.push('<');
            }
            '&' => {
                if let Some((entity_len, ch)) = entity(rest) {
                    out.push(ch);
                    rest = &rest[entity_len..];
                    continue;
                }
                out.push('&');
            }
            '!' if rest[1..].starts_with('[') => {
                if let Some((link_len, text)) = link(&rest[1..]) {
                    out.push_str(text);
                    rest = &rest[1 + link_len..];
                    continue;
                }
                out.push('!');
            }
            '[' => {
                if let Some((link_len, text)) = link(rest) {
                    out.push_str(text);
                    rest = &rest[link_len..];
                    continue;
                }
                out.push('[');
            }
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some(e @ ('|' | '_' | '*' | '[' | ']' | '#' | '<' | '>' | '`' | '\\')) => {
                        out.push(e);
                        rest = &rest[2..];
                        continue;
                    }
                    _ => out.push('\\'),
                }
            }
            '*' if rest.starts_with("**") => {
                rest = &rest[2..];
                continue;
            }
            '`' => {}
            '\t' | '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
        rest = &rest[len..];
    }
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    lines.join("\n").trim().to_owned()
}

/// A known tag at the start of `s`: its length and whether it is a line break.
fn tag(s: &str) -> Option<(usize, bool)> {
    let end = s.find('>')?;
    let inner = s[1..end].trim().trim_end_matches('/').trim();
    let name = inner.trim_start_matches('/');
    let name = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if name == "br" {
        return Some((end + 1, true));
    }
    if TAGS.contains(&name.as_str()) {
        return Some((end + 1, false));
    }
    None
}

/// An entity at the start of `s`: its length and its character.
fn entity(s: &str) -> Option<(usize, char)> {
    const ENTITIES: &[(&str, char)] = &[
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&apos;", '\''),
        ("&nbsp;", ' '),
        ("&emsp;", ' '),
        ("&ensp;", ' '),
        ("&#124;", '|'),
    ];
    ENTITIES
        .iter()
        .find(|(name, _)| s.starts_with(name))
        .map(|(name, ch)| (name.len(), *ch))
}

/// A link `[text](url)` at the start of `s`: its length and its text.
fn link(s: &str) -> Option<(usize, &str)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    if text.contains('\n') || text.contains('[') {
        return None;
    }
    let url_start = close + 2;
    let url_len = s[url_start..].find(')')?;
    if s[url_start..url_start + url_len].contains(char::is_whitespace) {
        return None;
    }
    Some((url_start + url_len + 1, text))
}

/// `line` without a blockquote `>` and a list marker (`-`, `*`, `+`, `1.`) at its start.
pub fn strip_marks(line: &str) -> &str {
    let mut s = line.trim();
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    for marker in ["- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = s.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_tags_entities() {
        assert_eq!(
            plain("见 [文档](https://example.com/a) 与 ![图](x.png)"),
            "见 文档 与 图"
        );
        assert_eq!(plain("一<br>二<br/>三"), "一\n二\n三");
        assert_eq!(plain("Array.&lt;Object&gt;"), "Array.<Object>");
        assert_eq!(plain("Array.<Object>"), "Array.<Object>");
        assert_eq!(plain("**`name`**"), "name");
        assert_eq!(plain("a\\|b \\_c"), "a|b _c");
        assert_eq!(plain("<span class=\"x\">x</span>\t y"), "x  y");
        assert_eq!(plain("[broken](no end"), "[broken](no end");
        assert_eq!(plain("&emsp;&emsp;name"), "name");
    }

    #[test]
    fn marks() {
        assert_eq!(strip_marks("> 支持加密请求"), "支持加密请求");
        assert_eq!(strip_marks("- 调用方法：a.b"), "调用方法：a.b");
        assert_eq!(strip_marks("-1"), "-1");
    }
}
