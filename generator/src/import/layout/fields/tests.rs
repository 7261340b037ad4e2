use super::*;
use crate::diag::Span;
use crate::import::page::scan;

fn p(name: &str, ty: &str, children: Vec<Param>) -> Param {
    Param {
        name: name.into(),
        ty: ty.into(),
        required: None,
        default: None,
        doc: String::new(),
        children,
        span: Span::default(),
    }
}

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn table_params(text: &str) -> (Vec<Param>, Vec<Diagnostic>) {
    let doc = scan(text);
    let Some(crate::import::page::Kind::Table(t)) = doc.blocks.first().map(|b| &b.kind) else {
        panic!("no table in {text}")
    };
    let cols = columns(&t.header).expect("a parameter table");
    let mut diags = Vec::new();
    (params("t.md", &doc, t, cols, &mut diags), diags)
}

#[test]
fn columns_by_header_words() {
    let c = columns(&header(&["属性", "类型", "默认值", "必填", "说明"])).unwrap();
    assert_eq!(
        c,
        Columns {
            name: 0,
            ty: 1,
            required: Some(3),
            default: Some(2),
            doc: Some(4)
        }
    );
    let c = columns(&header(&["参数名", "类型", "说明"])).unwrap();
    assert_eq!((c.required, c.doc), (None, Some(2)));
    assert_eq!(columns(&header(&["错误码", "错误描述"])), None);
    assert_eq!(columns(&header(&["枚举值", "描述"])), None);
}

#[test]
fn required_words() {
    assert_eq!(required("是"), Some(true));
    assert_eq!(required(" N "), Some(false));
    assert_eq!(required("视情况"), None);
}

#[test]
fn rows_read_exactly() {
    let (params, diags) = table_params(
        "| 属性 | 类型 | 默认值 | 必填 | 说明 |\n|-|-|-|-|-|\n| `a` | string | x | 是 | 一<br>二 |\n| b | number |  | 否 | 有 \\| 竖线 |\n| c | boolean |\n",
    );
    assert_eq!(params.len(), 3);
    assert_eq!(params[0].name, "a");
    assert_eq!(params[0].default.as_deref(), Some("x"));
    assert_eq!(params[0].required, Some(true));
    assert_eq!(params[0].doc, "一\n二");
    assert_eq!(params[0].span.line, 3);
    assert_eq!(
        (params[1].default.as_deref(), params[1].required),
        (None, Some(false))
    );
    assert_eq!(params[1].doc, "有 | 竖线");
    assert_eq!(
        (params[2].ty.as_str(), params[2].required),
        ("boolean", None)
    );
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].code, diags[0].span.line), ("page-bad-row", 5));
}

#[test]
fn nested_rows_by_indentation() {
    let (params, _) = table_params(
        "| 属性 | 类型 |\n|-|-|\n| a | Object |\n| &emsp;b | Array.<Object> |\n| &emsp;&emsp;c | string |\n| &emsp;d | number |\n| e | string |\n",
    );
    let names = |ps: &[Param]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&params), vec!["a", "e"]);
    assert_eq!(names(&params[0].children), vec!["b", "d"]);
    assert_eq!(names(&params[0].children[0].children), vec!["c"]);
}

#[test]
fn nesting_is_capped() {
    let rows: Vec<(usize, Param)> = (0..40)
        .map(|i| (i, p(&format!("f{i}"), "object", vec![])))
        .collect();
    let out = nest(rows);
    let mut depth = 0;
    let mut level = &out;
    while let Some(first) = level.first() {
        depth += 1;
        level = &first.children;
    }
    assert_eq!(depth, MAX_DEPTH);
}

#[test]
fn sub_tables_attach_by_path() {
    let mut list = vec![
        p("a", "object", vec![p("b", "objarray", vec![])]),
        p("c", "string", vec![]),
    ];
    let path = |s: &[&str]| vec![s.iter().map(|x| x.to_string()).collect::<Vec<_>>()];
    assert!(attach(
        &mut list,
        &path(&["a", "b"]),
        vec![p("x", "string", vec![])]
    ));
    assert_eq!(list[0].children[0].children[0].name, "x");
    // The same field twice: added once.
    assert!(attach(
        &mut list,
        &path(&["a", "b"]),
        vec![p("x", "string", vec![])]
    ));
    assert_eq!(list[0].children[0].children.len(), 1);
    assert!(!attach(&mut list, &path(&["a", "zz"]), vec![]));
    assert!(!attach(&mut list, &path(&[]), vec![]));
    assert!(has_buffer(&[p(
        "x",
        "object",
        vec![p("y", "Buffer", vec![])]
    )]));
    assert!(!has_buffer(&list));
}

#[test]
fn enum_tables_go_to_the_doc() {
    let doc = scan("| 枚举值 | 描述 |\n|-|-|\n| 1 | 开 |\n| 2 | 关 |\n");
    let Some(crate::import::page::Kind::Table(t)) = doc.blocks.first().map(|b| &b.kind) else {
        panic!()
    };
    let mut list = vec![p("state", "number", vec![])];
    list[0].doc = "状态".into();
    assert!(attach_enum(&mut list, &[vec!["state".into()]], t));
    assert_eq!(list[0].doc, "状态\n枚举值:\n1: 开\n2: 关");
}
