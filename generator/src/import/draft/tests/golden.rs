//! One rich page, its draft byte for byte (`WXAPI_BLESS=1` rewrites the expected file).

use std::path::Path;

use super::*;

#[test]
fn a_rich_page_matches_its_golden_draft() {
    let mut p = page("getUserRiskRank");
    p.title = loc("获取用户安全等级".to_owned(), 1);
    p.description = vec![
        "根据提交的用户信息数据获取用户的安全等级 risk_rank，无需用户授权。".to_owned(),
        "第二段：可以用于业务的风控。\n换行后的文字".to_owned(),
    ];
    p.notes = vec!["每个小程序每天最多调用 10000 次。".to_owned()];
    p.cloud_call = Some("security.getUserRiskRank".to_owned());
    p.http = http("POST", "/wxa/getuserriskrank", &["access_token"]);
    p.security_mode = true;
    p.query = vec![token()];
    p.body = vec![
        param("appid", "string", true, "小程序appid"),
        param("openid", "string", true, "用户的openid"),
        param("scene", "number", true, "场景值，0:注册，1:营销作弊"),
        param("mobile_no", "string", false, "用户手机号"),
        param("client_ip", "string", true, "用户访问源ip"),
        Param {
            default: Some("false".to_owned()),
            ..param("is_test", "boolean", false, "是否测试")
        },
        param("ext_info", "-", false, "扩展字段"),
        with(
            param("extended", "Object", false, "扩展信息"),
            vec![
                param("level", "int", false, "等级"),
                param("lat", "number", false, "纬度"),
            ],
        ),
    ];
    p.response = [
        envelope(),
        vec![
            param(
                "risk_rank",
                "number",
                false,
                "用户风险等级，合法值为0,1,2,3,4，数字越大风险越高。",
            ),
            param("unoin_id", "number", false, "唯一请求标识，标记单次请求"),
        ],
    ]
    .concat();
    p.errors = vec![
        row(0, "ok", "ok"),
        row(-1, "system error", "系统繁忙"),
        row(40097, "invalid args", "参数错误"),
        row(
            61010,
            "code is expired",
            "用户访问记录超时（用户需在最近 5 分钟内访问过小程序）",
        ),
    ];
    p.samples = vec![
        sample(SampleKind::Request, "请求数据示例", "{\n  \"appid\": \"wx311232323\",\n  \"openid\": \"oahdg535ON8Q4V6XF9D5p8FPFQkc\",\n  \"scene\": 1,\n  \"client_ip\": \"0.0.0.0\",\n  \"extended\": { \"level\": 1, \"lat\": 22.5 }\n}", 40),
        sample(SampleKind::Response, "返回数据示例", "{\n  \"errcode\": 0,\n  \"errmsg\": \"getuserriskrank succ\",\n  \"risk_rank\": 0,\n  \"unoin_id\": 123456 // 唯一标识\n}", 50),
        sample(SampleKind::Response, "等级为文字", r#"{"errcode": 0, "risk_rank": "high"}"#, 58),
        sample(SampleKind::Response, "参数错误", r#"{"errcode": 40097, "errmsg": "invalid args"}"#, 62),
    ];
    let (d, dx) = draft(&p);
    assert_eq!(
        codes(&dx),
        vec!["page-unknown-type", "page-sample-mismatch"]
    );
    assert_eq!(
        d.todos,
        vec![
            "rewrite the doc in the project's own words",
            "`ext_info`: the page's type is `-`; string is a guess",
            "the page's sample \"等级为文字\" was left out: expected an integer that fits the field's format, found a string (example-mismatch); fix the types or the sample and add it back",
        ]
    );
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import/expected")
        .join(format!("{}.yaml", d.id));
    if std::env::var_os("WXAPI_BLESS").is_some() {
        std::fs::create_dir_all(expected_path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&expected_path, &d.yaml).expect("bless writes the golden draft");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != d.yaml {
        let first = expected
            .lines()
            .zip(d.yaml.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(d.yaml.lines().count()));
        panic!(
            "the draft differs from {} (first difference at line {}):\n--- expected\n{}\n--- actual\n{}\n\
             if the change is intended, run `WXAPI_BLESS=1 cargo test -p wxapi-codegen --lib import` and review the diff",
            expected_path.display(),
            first + 1,
            expected.lines().skip(first).take(5).collect::<Vec<_>>().join("\n"),
            d.yaml.lines().skip(first).take(5).collect::<Vec<_>>().join("\n"),
        );
    }
}
