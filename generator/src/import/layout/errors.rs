//! Error tables: `错误码 | 错误描述 | 解决方案`, `值 | 说明 | 最低版本` (under
//! `**errcode 的合法值**`), `返回码 | 说明`. The `0 | ok` row is left out.

use crate::diag::Diagnostic;
use crate::import::codes::PageCode;
use crate::import::ir::ErrorRow;
use crate::import::page::{Doc, Table};

use super::fields::{fit, short_row};

/// Where an error table keeps what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub code: usize,
    pub message: Option<usize>,
    pub solution: Option<usize>,
}

/// The columns of an error table. `after_errcode`: the table follows a line naming
/// `errcode` (so a bare `值` column is the code).
pub fn columns(header: &[String], after_errcode: bool) -> Option<Columns> {
    let cells: Vec<String> = header
        .iter()
        .map(|c| c.to_lowercase().split_whitespace().collect())
        .collect();
    let find = |pred: &dyn Fn(&str) -> bool| cells.iter().position(|c| pred(c));
    let code = find(&|c| {
        matches!(
            c,
            "错误码" | "errcode" | "返回码" | "错误代码" | "code" | "错误码errcode"
        ) || (after_errcode && matches!(c, "值" | "取值" | "合法值"))
    })?;
    let message = find(&|c| {
        [
            "描述",
            "说明",
            "errmsg",
            "错误信息",
            "含义",
            "message",
            "信息",
        ]
        .iter()
        .any(|w| c.contains(w))
            && !c.contains("解决")
    })
    .filter(|&m| m != code)
    .or_else(|| (cells.len() > 1).then_some(usize::from(code == 0)));
    let solution = find(&|c| {
        ["解决", "处理", "方案", "建议"]
            .iter()
            .any(|w| c.contains(w))
    })
    .filter(|&s| s != code && Some(s) != message);
    Some(Columns {
        code,
        message,
        solution,
    })
}

/// An error code cell as an integer: `-1`, `−1`, `` `40001` ``.
pub fn code(cell: &str) -> Option<i64> {
    let t: String = cell
        .trim()
        .trim_matches('`')
        .chars()
        .map(|c| {
            if matches!(c, '−' | '－' | '—') {
                '-'
            } else {
                c
            }
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    t.parse().ok()
}

/// The rows of an error table; rows whose code is no integer are warned about and left out.
pub fn rows(
    file: &str,
    doc: &Doc<'_>,
    table: &Table,
    cols: Columns,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ErrorRow> {
    let width = table.header.len();
    let mut out = Vec::new();
    for row in &table.rows {
        let cells = fit(&row.cells, width);
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let raw = cell(Some(cols.code));
        if raw.is_empty() && cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(code) = code(raw) else {
            diags.push(
                PageCode::BadRow
                    .at(
                        file,
                        doc.line_span(row.line),
                        format!("`{raw}` is not an error code"),
                    )
                    .help("error codes are integers; this row is left out of the draft"),
            );
            continue;
        };
        if code == 0 {
            continue;
        }
        if row.cells.len() < width {
            diags.push(short_row(file, doc, row.line, row.cells.len(), width));
        }
        out.push(ErrorRow {
            code,
            message: cell(cols.message).to_owned(),
            solution: cell(cols.solution).to_owned(),
            span: doc.line_span(row.line),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn error_columns() {
        let c = columns(&header(&["错误码", "错误描述", "解决方案"]), false).unwrap();
        assert_eq!((c.code, c.message, c.solution), (0, Some(1), Some(2)));
        assert_eq!(columns(&header(&["值", "说明", "最低版本"]), false), None);
        let c = columns(&header(&["值", "说明", "最低版本"]), true).unwrap();
        assert_eq!((c.code, c.message, c.solution), (0, Some(1), None));
        let c = columns(&header(&["errcode", "errmsg"]), false).unwrap();
        assert_eq!((c.code, c.message), (0, Some(1)));
        assert_eq!(columns(&header(&["参数名", "类型"]), false), None);
    }

    #[test]
    fn codes() {
        assert_eq!(code("-1"), Some(-1));
        assert_eq!(code(" −1 "), Some(-1));
        assert_eq!(code("`40001`"), Some(40001));
        assert_eq!(code("其他"), None);
        assert_eq!(code("40001/40002"), None);
    }
}
