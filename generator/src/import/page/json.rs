//! Bare JSON blocks: the lines from one starting with `{` (or `[`) to the one closing it,
//! with the stray closers some pages print after it (`}` once too often).

use super::Line;

/// Whether `line` starts a JSON block: `{` or `[` followed by nothing, a quote, a bracket
/// or a brace (`{1} 是变量` is text, not JSON).
pub fn starts(line: &str) -> bool {
    let s = line.trim_start();
    let Some(rest) = s.strip_prefix('{').or_else(|| s.strip_prefix('[')) else {
        return false;
    };
    match rest.trim_start().chars().next() {
        None => true,
        Some(c) => matches!(c, '"' | '\'' | '{' | '[' | '}' | ']'),
    }
}

/// The index of the block's last line, for a block starting at line `i`: where the braces
/// balance (strings and `//` comments skipped), before any line `stop` says is no JSON's,
/// then past lines of closers only.
pub fn end(lines: &[Line<'_>], i: usize, stop: impl Fn(&str) -> bool) -> usize {
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut last = i;
    let mut j = i;
    while j < lines.len() {
        let text = lines[j].text;
        if j > i && stop(text) {
            break;
        }
        last = j;
        let mut escaped = false;
        let mut prev = '\0';
        for c in text.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '/' if prev == '/' => break,
                '{' | '[' => depth += 1,
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
        // A string never spans lines in these samples: an unclosed quote is a typo.
        in_string = false;
        j += 1;
        if depth == 0 {
            break;
        }
    }
    while let Some(line) = lines.get(last + 1) {
        let t = line.text.trim();
        if !t.is_empty() && t.chars().all(|c| matches!(c, '}' | ']' | ',' | ' ')) {
            last += 1;
        } else {
            break;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::super::lines;
    use super::*;

    #[test]
    fn starts_only_on_json() {
        assert!(starts("{"));
        assert!(starts("  {\"a\": 1}"));
        assert!(starts("[{"));
        assert!(!starts("{1} 是变量"));
        assert!(!starts("text {"));
    }

    #[test]
    fn balanced_with_stray_closer() {
        let text = "{\n\"a\": {\"b\": \"}\"\n}\n}\n}\nafter";
        let ls = lines(text);
        assert_eq!(end(&ls, 0, |_| false), 4);
        let ls = lines("{\n\"a\": 1\n# heading");
        assert_eq!(end(&ls, 0, |l| l.starts_with('#')), 1);
        let ls = lines("{\"a\": 1} // c {\nx");
        assert_eq!(end(&ls, 0, |_| false), 0);
    }
}
