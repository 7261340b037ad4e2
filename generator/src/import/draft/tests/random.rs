//! Any page at all gives a draft that validates.

use proptest::prelude::*;

use super::*;

fn any_param(depth: u32) -> BoxedStrategy<Param> {
    let name = prop_oneof![
        Just("a"),
        Just("b"),
        Just("type"),
        Just("self"),
        Just("y"),
        Just("errcode"),
        Just("access_token"),
        Just("media"),
        Just("中文"),
        Just(""),
        Just("a b"),
        Just("userId"),
        Just("user_id"),
        Just("1st"),
        Just("request"),
        Just("response"),
        Just("errmsg"),
        Just("info_item"),
        Just("info"),
        Just("signature"),
        Just("sig_method"),
        Just("appid"),
        Just("secret"),
    ];
    let ty = prop_oneof![
        Just("string"),
        Just("number"),
        Just("double"),
        Just("boolean"),
        Just("object"),
        Just("objarray"),
        Just("Array.<string>"),
        Just("array"),
        Just("FormData"),
        Just("buffer"),
        Just("-"),
        Just(""),
        Just("uint64"),
        Just("json"),
        Just("numarray"),
        Just("Object"),
        Just("Array.<Object>"),
        Just("string[]"),
        Just("float"),
        Just("mixed"),
    ];
    let leaf = (
        name,
        ty,
        any::<Option<bool>>(),
        prop::option::of("[-0-9a-z .\"]{0,4}"),
        "[a-z 中\n:#]{0,8}",
    )
        .prop_map(|(name, ty, required, default, doc)| Param {
            name: name.to_owned(),
            ty: ty.to_owned(),
            required,
            default,
            doc,
            children: Vec::new(),
            span: at(9),
        });
    if depth == 0 {
        return leaf.boxed();
    }
    (leaf, prop::collection::vec(any_param(depth - 1), 0..3))
        .prop_map(|(mut p, children)| {
            p.children = children;
            p
        })
        .boxed()
}

/// JSON objects with the keys the pages' fields have, and values of any type.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..3).prop_map(Value::from),
        Just(Value::from(0.5)),
        Just(Value::from(u64::MAX)),
        "[a-z0-9 :\"]{0,4}".prop_map(Value::String),
    ];
    let key = prop::sample::select(vec![
        "a", "b", "info", "self", "errcode", "errmsg", "type", "y", "list",
    ]);
    leaf.prop_recursive(3, 16, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 1..4).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn any_page() -> impl Strategy<Value = Page> {
    let params = || prop::collection::vec(any_param(2), 0..5);
    let samples = prop::collection::vec(
        (
            any::<bool>(),
            prop_oneof![
                Just(r#"{"a": 1, "b": "x"}"#.to_owned()),
                Just(r#"{"errcode": 40097, "errmsg": "invalid args"}"#.to_owned()),
                Just(r#"{"errcode": 0, "a": 1.5, "info": {"a": [1]}}"#.to_owned()),
                Just("{ \"a\": [1, ...], // x\n }}".to_owned()),
                "[{}\\[\\]\",:a-z0-9 .…/]{0,12}",
                any_json().prop_map(|v| v.to_string()),
            ],
        ),
        0..4,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(req, text)| {
                sample(
                    if req {
                        SampleKind::Request
                    } else {
                        SampleKind::Response
                    },
                    "t",
                    &text,
                    30,
                )
            })
            .collect::<Vec<_>>()
    });
    let name = prop_oneof![
        Just(None),
        Just(Some("getThing")),
        Just(Some("a.b.c")),
        Just(Some("type")),
        Just(Some("中文"))
    ];
    let method = prop_oneof![
        Just(None),
        Just(Some("GET")),
        Just(Some("POST")),
        Just(Some("PUT"))
    ];
    let query_names = prop::collection::vec(
        prop_oneof![
            Just("access_token"),
            Just("appid"),
            Just("secret"),
            Just("appsecret"),
            Just("type"),
            Just("a b")
        ],
        0..3,
    );
    (
        name,
        method,
        query_names,
        params(),
        params(),
        params(),
        any::<(bool, bool)>(),
        samples,
        prop::collection::vec(
            prop::sample::select(vec![-1i64, 0, 40001, 40097, 12345, -40000]),
            0..5,
        ),
    )
        .prop_map(
            |(
                name,
                method,
                query_names,
                query,
                body,
                response,
                (binary, secure),
                samples,
                codes,
            )| {
                let mut p = page("x");
                p.english_name = name.and_then(|n| loc(n.to_owned(), 2));
                p.http = method.and_then(|m| http(m, "/wxa/x", &query_names));
                p.query = query;
                p.body = body;
                p.response = response;
                p.binary_response = binary;
                p.security_mode = secure;
                p.samples = samples;
                p.errors = codes
                    .into_iter()
                    .map(|c| row(c, "invalid args", ""))
                    .collect();
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn any_page_gives_a_draft_that_validates(p in any_page()) {
        let (d, _) = write("pages/x.md", &p, &common());
        assert_validates(&d);
    }
}
