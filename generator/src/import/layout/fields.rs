//! Parameter tables → [`Param`]s: columns found by their header words, nested rows by their
//! indentation, sub-tables attached to the field they describe, enum tables to its doc.

use crate::diag::Diagnostic;
use crate::import::codes::PageCode;
use crate::import::ir::Param;
use crate::import::page::{Doc, Table};

/// How deep fields nest; deeper rows are read as siblings of the deepest.
pub const MAX_DEPTH: usize = 16;

/// Where a parameter table keeps what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub name: usize,
    pub ty: usize,
    pub required: Option<usize>,
    pub default: Option<usize>,
    pub doc: Option<usize>,
}

fn norm(cell: &str) -> String {
    cell.to_lowercase().split_whitespace().collect()
}

/// The columns of a parameter table (a name and a type column), else `None`.
pub fn columns(header: &[String]) -> Option<Columns> {
    const NAMES: &[&str] = &[
        "参数名",
        "参数",
        "属性",
        "属性名",
        "字段",
        "字段名",
        "名称",
        "参数名称",
        "name",
        "field",
        "key",
        "键",
    ];
    let cells: Vec<String> = header.iter().map(|c| norm(c)).collect();
    let find = |pred: &dyn Fn(&str) -> bool| cells.iter().position(|c| pred(c));
    let name = find(&|c| NAMES.contains(&c))?;
    let ty = find(&|c| c.contains("类型") || c == "type")?;
    Some(Columns {
        name,
        ty,
        required: find(&|c| {
            c.contains("必填") || c.contains("必选") || c.contains("必须") || c == "required"
        }),
        default: find(&|c| c.contains("默认")),
        doc: find(&|c| {
            ["说明", "描述", "备注", "含义", "description"]
                .iter()
                .any(|w| c.contains(w))
        }),
    })
}

/// `是`/`否`, `true`/`false`, `Y`/`N`, `必填`/`选填`.
pub fn required(cell: &str) -> Option<bool> {
    match norm(cell).as_str() {
        "是" | "true" | "y" | "yes" | "必填" | "必选" | "required" | "√" | "✔" => {
            Some(true)
        }
        "否" | "false" | "n" | "no" | "选填" | "可选" | "非必填" | "optional" => {
            Some(false)
        }
        _ => None,
    }
}

/// The cells of a row, `width` of them: extra cells (an unescaped pipe in a description)
/// joined into the last.
pub fn fit(cells: &[String], width: usize) -> Vec<String> {
    let mut out: Vec<String> = cells.iter().take(width).cloned().collect();
    if cells.len() > width && width > 0 {
        let extra = cells[width..].join(" | ");
        if let Some(last) = out.last_mut() {
            last.push_str(" | ");
            last.push_str(&extra);
        }
    }
    out
}

/// A warning for a row shorter than its header.
pub fn short_row(file: &str, doc: &Doc<'_>, line: usize, got: usize, want: usize) -> Diagnostic {
    PageCode::BadRow
        .at(
            file,
            doc.line_span(line),
            format!("this row has {got} cells, its table's header {want}"),
        )
        .help("the missing cells are read as empty: check the row on the official page")
}

/// The fields of a parameter table, nested by indentation.
pub fn params(
    file: &str,
    doc: &Doc<'_>,
    table: &Table,
    cols: Columns,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Param> {
    let width = table.header.len();
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let cells = fit(&row.cells, width);
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |s| s.as_str());
        let name = cell(Some(cols.name)).trim_matches(['"', '\'']).to_owned();
        if name.is_empty() || name.chars().all(|c| c == '-') {
            continue;
        }
        if row.cells.len() < width {
            diags.push(short_row(file, doc, row.line, row.cells.len(), width));
        }
        let default = cell(cols.default).trim();
        let param = Param {
            name,
            ty: cell(Some(cols.ty)).trim().to_owned(),
            required: cols.required.and_then(|i| required(cells.get(i)?)),
            default: (!default.is_empty() && default != "-").then(|| default.to_owned()),
            doc: cell(cols.doc).to_owned(),
            children: Vec::new(),
            span: doc.line_span(row.line),
        };
        rows.push((row.indent, param));
    }
    nest(rows)
}

/// Rows with their indentation → fields: a row indented more than the one above is its
/// child; equal, its sibling; less, a sibling of the nearest row indented as little.
pub fn nest(rows: Vec<(usize, Param)>) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new(); // (indent, index among its siblings)
    for (indent, param) in rows {
        while open.last().is_some_and(|(i, _)| *i >= indent) {
            open.pop();
        }
        if open.len() >= MAX_DEPTH {
            open.pop();
        }
        let mut list = &mut out;
        for &(_, index) in &open {
            list = &mut list[index].children;
        }
        list.push(param);
        open.push((indent, list.len() - 1));
    }
    out
}

/// The field at `path` (names, from the top).
pub fn find_mut<'a>(list: &'a mut [Param], path: &[String]) -> Option<&'a mut Param> {
    if path.is_empty() || path.len() > MAX_DEPTH {
        return None;
    }
    let mut list = list;
    let (last, parents) = path.split_last()?;
    for name in parents {
        list = &mut list.iter_mut().find(|p| &p.name == name)?.children;
    }
    list.iter_mut().find(|p| &p.name == last)
}

/// Gives the field at one of `paths` the `children` of its sub-table (added to those it
/// has, by name); whether there was such a field.
pub fn attach(list: &mut [Param], paths: &[Vec<String>], children: Vec<Param>) -> bool {
    let Some(field) = paths.iter().find_map(|p| find_mut(list, p).map(|_| p)) else {
        return false;
    };
    let Some(field) = find_mut(list, field) else {
        return false;
    };
    for child in children {
        if !field.children.iter().any(|c| c.name == child.name) {
            field.children.push(child);
        }
    }
    true
}

/// Adds an enum table's values to the doc of the field at one of `paths`.
pub fn attach_enum(list: &mut [Param], paths: &[Vec<String>], table: &Table) -> bool {
    let Some(path) = paths.iter().find(|p| find_mut(list, p).is_some()) else {
        return false;
    };
    let Some(field) = find_mut(list, path) else {
        return false;
    };
    let values: Vec<String> = table
        .rows
        .iter()
        .filter_map(|r| {
            let value = r.cells.first()?.trim();
            let doc = r.cells.get(1).map_or("", |s| s.trim());
            (!value.is_empty()).then(|| {
                format!("{value}: {doc}")
                    .trim_end_matches([':', ' '])
                    .to_owned()
            })
        })
        .collect();
    if !values.is_empty() {
        if !field.doc.is_empty() {
            field.doc.push('\n');
        }
        field.doc.push_str("枚举值:\n");
        field.doc.push_str(&values.join("\n"));
    }
    true
}

/// Whether any field, at any depth, is a `buffer`.
pub fn has_buffer(list: &[Param]) -> bool {
    let mut stack: Vec<&Param> = list.iter().collect();
    while let Some(p) = stack.pop() {
        if p.ty.trim().eq_ignore_ascii_case("buffer") {
            return true;
        }
        stack.extend(p.children.iter());
    }
    false
}

#[cfg(test)]
mod tests;
