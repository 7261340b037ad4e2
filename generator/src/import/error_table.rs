//! A page's error table → the endpoint's own `errors:` and its `common_errors:`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::ir::ErrorRow;
use crate::naming;

/// Most words of an errmsg a variant name takes.
const MAX_WORDS: usize = 6;

/// One of the endpoint's own codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnError {
    pub code: i64,
    pub name: String,
    pub message: String,
    pub solution: Option<String>,
}

/// The rows whose code the common table doesn't have, named, by code; and the codes it has.
/// Code 0 (success) is neither; a code listed twice counts once (its first row).
pub fn split(rows: &[ErrorRow], common: &BTreeSet<i64>) -> (Vec<OwnError>, Vec<i64>) {
    let mut own: BTreeMap<i64, &ErrorRow> = BTreeMap::new();
    let mut shared = BTreeSet::new();
    for row in rows.iter().filter(|r| r.code != 0) {
        if common.contains(&row.code) {
            shared.insert(row.code);
        } else {
            own.entry(row.code).or_insert(row);
        }
    }
    let mut names = HashSet::new();
    let own = own
        .into_values()
        .map(|row| {
            let message = one_line(&row.message);
            let solution = one_line(&row.solution);
            let name = unique_name(row.code, &message, &mut names);
            OwnError {
                code: row.code,
                name,
                message: if message.is_empty() {
                    if solution.is_empty() {
                        format!("error {}", row.code)
                    } else {
                        solution.clone()
                    }
                } else {
                    message
                },
                solution: (!solution.is_empty()).then_some(solution),
            }
        })
        .collect();
    (own, shared.into_iter().collect())
}

/// A PascalCase name from the errmsg's English words (`invalid args` → `InvalidArgs`), else
/// `Code{n}` / `CodeMinus{n}`; made unique with the code.
fn unique_name(code: i64, message: &str, taken: &mut HashSet<String>) -> String {
    let digits = if code < 0 {
        format!("Minus{}", code.unsigned_abs())
    } else {
        code.to_string()
    };
    let from_message = name_of(message);
    let candidates = [
        from_message.clone(),
        from_message.map(|n| format!("{n}{digits}")),
        Some(format!("Code{digits}")),
    ];
    for name in candidates.into_iter().flatten() {
        if usable(&name) && taken.insert(name.clone()) {
            return name;
        }
    }
    // Codes are unique, so `Code{digits}` is only taken by a name made from a message.
    let mut n = 2;
    loop {
        let name = format!("Code{digits}V{n}");
        if taken.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// The English errmsg's first words as a name; `None` for a message in Chinese.
fn name_of(message: &str) -> Option<String> {
    if !message.is_ascii() {
        return None;
    }
    let words: Vec<&str> = message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .collect();
    if words.is_empty() || words[0].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    naming::type_name(&words.join(" "))
}

fn usable(name: &str) -> bool {
    naming::is_type_name(name) && !["Common", "Unknown"].contains(&name)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn row(code: i64, message: &str, solution: &str) -> ErrorRow {
        ErrorRow {
            code,
            message: message.to_owned(),
            solution: solution.to_owned(),
            span: Span::default(),
        }
    }

    #[test]
    fn names_come_from_the_message_and_stay_unique() {
        let rows = [
            row(40097, "invalid args", "参数错误"),
            row(-2, "invalid args", ""),
            row(85001, "不存在的 appid", "请检查"),
            row(-3, "", "系统错误"),
            row(7, "unknown", ""),
            row(0, "ok", ""),
            row(40097, "again", ""),
        ];
        let (own, common) = split(&rows, &BTreeSet::from([-1, 40001]));
        assert!(common.is_empty());
        let names: Vec<(i64, &str, &str)> = own
            .iter()
            .map(|e| (e.code, e.name.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                (-3, "CodeMinus3", "系统错误"),
                (-2, "InvalidArgs", "invalid args"),
                (7, "Unknown7", "unknown"),
                (40097, "InvalidArgs40097", "invalid args"),
                (85001, "Code85001", "不存在的 appid"),
            ]
        );
    }

    #[test]
    fn common_codes_are_listed_sorted_once() {
        let rows = [
            row(40001, "a", ""),
            row(-1, "b", ""),
            row(40001, "c", ""),
            row(9, "x", ""),
        ];
        let (own, common) = split(&rows, &BTreeSet::from([-1, 40001]));
        assert_eq!(common, vec![-1, 40001]);
        assert_eq!(own.len(), 1);
    }
}
