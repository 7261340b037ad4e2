//! What a page fills in: error tables, samples (repaired, dropped), placeholders, odd names.

use super::*;

#[test]
fn a_long_error_table_splits_into_common_and_own_codes() {
    let mut p = page("sendThing");
    p.http = http("POST", "/wxa/send", &["access_token"]);
    p.errors = vec![
        row(0, "ok", "成功"),
        row(-1, "system error", "系统繁忙"),
        row(40001, "invalid credential", "token 无效"),
        row(
            45009,
            "reach max api daily quota limit",
            "调用超过天级别频率限制",
        ),
        row(40097, "invalid args", "参数错误"),
        row(40003, "invalid openid", "openid 无效"),
        row(43101, "user refuse to accept the msg", "用户拒绝接受消息"),
        row(
            47003,
            "argument invalid! data.thing1.value invalid",
            "模板参数不准确",
        ),
        row(41030, "invalid page", "page路径不正确"),
        row(40037, "", "订阅模板id为空不正确"),
        row(-2, "invalid args", "另一个参数错误"),
        row(40001, "duplicate", ""),
    ];
    let (d, _) = draft(&p);
    has(&d, "common_errors: [-1, 40001, 40097, 45009]");
    has(
        &d,
        "  -2: { name: InvalidArgs, message: invalid args, solution: 另一个参数错误 }",
    );
    has(
        &d,
        "  40003: { name: InvalidOpenid, message: invalid openid, solution: openid 无效 }",
    );
    has(&d, "  40037: { name: Code40037, message: 订阅模板id为空不正确, solution: 订阅模板id为空不正确 }");
    has(&d, "  43101:");
    has(&d, "    name: UserRefuseToAcceptTheMsg");
    has(&d, "  47003:");
    has(&d, "    name: ArgumentInvalidDataThing1ValueInvalid");
    has(
        &d,
        "    message: argument invalid! data.thing1.value invalid",
    );
    lacks(&d, "  0:");
    lacks(&d, "  -1:");
}

#[test]
fn a_broken_sample_is_repaired_and_an_unrepairable_one_dropped() {
    let mut p = page("queryThing");
    p.http = http("POST", "/wxa/query", &["access_token"]);
    p.body = vec![
        param("id", "string", true, "编号"),
        param("list", "Array<number>", false, "列表"),
    ];
    p.response = [envelope(), vec![param("count", "number", false, "数量")]].concat();
    p.samples = vec![
        sample(
            SampleKind::Request,
            "5.1 请求示例",
            "{\n  \"id\": \"a\", // 编号\n  \"list\": [1, 2, ...],\n}",
            40,
        ),
        sample(
            SampleKind::Response,
            "5.2 返回示例",
            "{\n  \"errcode\": 0,\n  \"count\": 2,\n  …\n}}",
            45,
        ),
        sample(SampleKind::Response, "5.3 失败", "{ errcode: 40097 }", 50),
    ];
    let (d, dx) = draft(&p);
    has(&d, "  - title: 返回示例");
    has(
        &d,
        "    doc: 取自官方页面的示例；导入时去掉了注释、省略号、多余的逗号、多余的右括号。",
    );
    has(&d, "    request: { id: a, list: [1, 2] }");
    has(&d, "    response: { errcode: 0, count: 2 }");
    lacks(&d, "失败");
    assert_eq!(codes(&dx), vec!["page-bad-sample"]);
    assert_eq!(dx[0].span.line, 50);
}

#[test]
fn a_sample_the_types_reject_is_dropped_with_a_todo() {
    let mut p = page("countThing");
    p.http = http("POST", "/wxa/count", &["access_token"]);
    p.response = [envelope(), vec![param("count", "number", false, "数量")]].concat();
    p.errors = vec![row(40097, "invalid args", "")];
    p.samples = vec![
        sample(
            SampleKind::Response,
            "成功",
            r#"{"errcode": 0, "count": "three"}"#,
            45,
        ),
        sample(
            SampleKind::Response,
            "失败",
            r#"{"errcode": 40097, "errmsg": "invalid args"}"#,
            50,
        ),
        sample(
            SampleKind::Response,
            "未知错误",
            r#"{"errcode": 12345, "errmsg": "what"}"#,
            55,
        ),
    ];
    let (d, dx) = draft(&p);
    has(&d, "  - title: 失败");
    lacks(&d, "count: three");
    lacks(&d, "errcode: 12345");
    let mismatches: Vec<usize> = dx
        .iter()
        .filter(|x| x.code == "page-sample-mismatch")
        .map(|x| x.span.line)
        .collect();
    assert_eq!(mismatches, vec![45, 55]);
    assert!(
        d.todos
            .iter()
            .any(|t| t.starts_with("the page's sample \"成功\" was left out")),
        "{:?}",
        d.todos
    );
}

#[test]
fn a_page_without_name_or_http_line_gets_placeholders() {
    let mut p = page("x");
    p.english_name = None;
    p.body = vec![param("a", "string", true, "")];
    let (d, dx) = write("pages/api_getThing.md", &p, &common());
    assert_validates(&d);
    assert_eq!(d.id, "get_thing");
    has(&d, "http: { method: POST, path: /TODO/get_thing }");
    assert!(d
        .todos
        .iter()
        .any(|t| t.contains("miniprogram-api-catalogue.md")));
    assert_eq!(codes(&dx), vec!["page-no-name", "page-no-http"]);
}

#[test]
fn odd_names_and_types_give_a_valid_draft_with_warnings() {
    let mut p = page("oddThing");
    p.http = http("POST", "/wxa/odd", &["access_token"]);
    p.body = vec![
        param("场景", "string", true, "中文名"),
        param("bad name", "string", false, ""),
        param("mode", "-", false, "模式"),
        param("mode", "string", false, "again"),
        param("userId", "string", false, ""),
        param("user_id", "string", false, ""),
        param("type", "String", false, "关键字"),
        param("y", "bool", false, "像布尔的名字"),
    ];
    let (d, dx) = draft(&p);
    has(
        &d,
        "    # TODO: `mode`: the page's type is `-`; string is a guess",
    );
    has(&d, "    mode: { type: string, doc: 模式 }");
    has(&d, "    type: { type: string, doc: 关键字 }");
    has(&d, "    \"y\": { type: boolean, doc: 像布尔的名字 }");
    lacks(&d, "场景");
    lacks(&d, "user_id");
    assert_eq!(
        codes(&dx),
        vec![
            "page-bad-row",
            "page-bad-row",
            "page-unknown-type",
            "page-bad-row",
            "page-bad-row"
        ]
    );
}

#[test]
fn an_empty_page_still_gives_a_draft_that_validates() {
    let p = Page {
        layout: Layout::ApiBackend,
        source_url: Some(" ".to_owned()),
        title: loc(String::new(), 1),
        english_name: loc("...".to_owned(), 1),
        description: vec![String::new()],
        http: http("", "", &[]),
        security_mode: true,
        cloud_call: Some(String::new()),
        query: Vec::new(),
        body: Vec::new(),
        response: Vec::new(),
        binary_response: false,
        errors: vec![row(0, "", "")],
        samples: vec![sample(SampleKind::Request, "", "", 1)],
        notes: vec![String::new()],
    };
    let (d, _) = write("", &p, &common());
    assert_validates(&d);
    assert_eq!(d.id, "imported_endpoint");
}
