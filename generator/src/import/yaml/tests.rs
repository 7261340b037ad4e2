//! Rendering, quoting, and reading back what was rendered.

use super::*;
use proptest::prelude::*;
use serde_json::json;

fn render(map: &Map) -> String {
    let mut r = Renderer::default();
    r.map(map);
    r.finish().0
}

fn doc(value: &Value) -> String {
    let Node::Map(map) = from_json(value) else {
        panic!("an object")
    };
    render(&map)
}

fn reads_back(value: &Value) {
    let text = doc(value);
    let back: Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text}\nis not YAML: {e}"));
    assert_eq!(&back, value, "{text}");
}

#[test]
fn short_mappings_are_flow_and_long_ones_block() {
    let text = doc(&json!({
        "http": { "method": "POST", "path": "/wxa/x" },
        "common_errors": [-1, 40001],
        "long": { "doc": "x".repeat(120) },
        "empty": {},
    }));
    assert_eq!(
        text,
        format!(
            "http: {{ method: POST, path: /wxa/x }}\ncommon_errors: [-1, 40001]\nlong:\n  doc: {}\nempty: {{}}\n",
            "x".repeat(120)
        )
    );
}

#[test]
fn strings_that_read_as_something_else_are_quoted() {
    let text = doc(&json!({
        "a": "0", "b": "true", "c": "a: b", "d": "#x", "e": "", "f": "y", "g": "中文：可以",
        "h": "line\nbreak", "i": " lead", "j": "-1", "k": "x,y",
    }));
    assert!(text.contains("a: \"0\""), "{text}");
    assert!(text.contains("f: \"y\""), "{text}");
    assert!(text.contains("g: 中文：可以"), "{text}");
    assert!(text.contains("h: \"line\\nbreak\""), "{text}");
    assert!(
        text.contains("k: x,y"),
        "block context allows commas: {text}"
    );
}

#[test]
fn prose_over_several_lines_is_a_block_scalar() {
    let mut map = Map::default();
    map.put("doc", Node::text("第一行\n\n- 第二段"));
    assert_eq!(render(&map), "doc: |\n  第一行\n\n  - 第二段\n");
}

#[test]
fn sequences_of_long_mappings_put_the_first_key_on_the_dash() {
    let text = doc(&json!({
        "examples": [
            { "title": "t", "request": { "a": "x".repeat(100) } },
            { "title": "u" },
        ],
    }));
    let want = format!(
        "examples:\n  - title: t\n    request:\n      a: {}\n  - {{ title: u }}\n",
        "x".repeat(100)
    );
    assert_eq!(text, want);
    reads_back(&json!({ "examples": [{ "title": "t", "request": { "a": "x".repeat(100) } }] }));
}

#[test]
fn tagged_entries_know_their_lines() {
    let mut map = Map::default();
    map.put("a", Node::int(1));
    let mut inner = Map::default();
    inner.put("x", Node::str("y".repeat(120)));
    let e = map.put("b", Node::Map(inner));
    e.tag = Some(7);
    e.comments.push("TODO: check".to_owned());
    let mut r = Renderer::default();
    r.comment("header");
    r.map(&map);
    let (text, spans) = r.finish();
    assert_eq!(text.lines().nth(2), Some("# TODO: check"));
    assert_eq!(spans, vec![(7, 4, 5)]);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        ".*".prop_map(Value::String),
        "[-a-z0-9 :#,.\\[\\]{}'\"\\n中]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((".{0,6}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_object_reads_back_unchanged(
        kv in prop::collection::vec((".{0,6}", json_value()), 1..5)
    ) {
        reads_back(&Value::Object(kv.into_iter().collect()));
    }
}
