use serde::de::MapAccess;
use serde::Deserialize;
use serde_json::json;

use super::{required, Entries, Fields, FromObject, ToObject};

/// A struct written the way the generator writes one.
#[derive(Debug, PartialEq)]
struct Card {
    id: String,
    count: Option<i64>,
    tags: Option<Vec<String>>,
    code: Option<u32>,
}

impl FromObject for Card {
    const NAME: &'static str = "Card";
    const KEYS: &'static [&'static str] = &["id", "count", "tags", "code"];

    fn read<'de, A: MapAccess<'de>>(mut entries: Entries<A>) -> Result<Self, A::Error> {
        let mut id: Option<String> = None;
        let mut count: Option<i64> = None;
        let mut tags: Option<Vec<String>> = None;
        let mut code: Option<u32> = None;
        while let Some(key) = entries.next_key()? {
            match key {
                "id" => id = Some(entries.value()?),
                "count" => count = entries.value()?,
                "tags" => tags = entries.value()?,
                "code" => code = entries.lenient()?,
                _ => entries.skip()?,
            }
        }
        Ok(Card {
            id: required(id, "id")?,
            count,
            tags,
            code,
        })
    }
}

impl<'de> Deserialize<'de> for Card {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize(deserializer)
    }
}

impl ToObject for Card {
    const NAME: &'static str = "Card";

    fn write<'a>(&'a self, fields: &mut Fields<'a>) {
        fields.field("id", &self.id);
        fields.optional("count", &self.count);
        fields.field("tags", &self.tags);
        fields.optional("code", &self.code);
    }
}

impl serde::Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::serialize(self, serializer)
    }
}

fn card(json: &str) -> Result<Card, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn keys_in_any_order_and_unknown_keys_skipped_whatever_their_value() {
    let got = card(r#"{"extra": {"deep": [1, {"id": "no"}]}, "tags": ["a"], "id": "c1", "count": 2, "more": null}"#)
        .unwrap();
    assert_eq!(
        got,
        Card {
            id: "c1".into(),
            count: Some(2),
            tags: Some(vec!["a".into()]),
            code: None,
        }
    );
}

#[test]
fn optional_fields_absent_or_null_are_none() {
    let got = card(r#"{"id": "c", "count": null}"#).unwrap();
    assert_eq!((got.count, got.tags, got.code), (None, None, None));
}

#[test]
fn a_missing_required_field_is_named() {
    let err = card(r#"{"count": 1}"#).unwrap_err().to_string();
    assert!(err.contains("missing field `id`"), "{err}");
}

#[test]
fn a_repeated_key_keeps_its_last_value() {
    assert_eq!(card(r#"{"id": "a", "id": "b"}"#).unwrap().id, "b");
}

#[test]
fn a_wrong_value_type_fails_with_the_position() {
    let err = card(r#"{"id": "a", "count": "many"}"#).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: string \"many\""),
        "{err}"
    );
    assert_eq!(err.line(), 1);
}

#[test]
fn lenient_fields_take_numbers_and_numeric_strings() {
    assert_eq!(card(r#"{"id": "a", "code": "7"}"#).unwrap().code, Some(7));
    assert_eq!(card(r#"{"id": "a", "code": 7}"#).unwrap().code, Some(7));
    let err = card(r#"{"id": "a", "code": "x"}"#).unwrap_err().to_string();
    assert!(err.contains("expected an integer"), "{err}");
}

#[test]
fn anything_but_an_object_names_the_struct() {
    for input in [r#"["a"]"#, r#""a""#, "3"] {
        let err = card(input).unwrap_err().to_string();
        assert!(err.contains("an object for `Card`"), "{input}: {err}");
    }
}

#[test]
fn decodes_from_a_parsed_value_as_from_text() {
    let value = json!({"id": "v", "count": 5, "ignored": true, "code": "9"});
    let from_value = Card::deserialize(value).unwrap();
    assert_eq!(
        from_value,
        card(r#"{"id": "v", "count": 5, "code": 9}"#).unwrap()
    );
}

#[test]
fn fields_are_written_in_order_and_unset_optional_ones_left_out() {
    let mut c = Card {
        id: "c".into(),
        count: None,
        tags: None,
        code: Some(4),
    };
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"id":"c","tags":null,"code":4}"#,
        "`optional` leaves out None, `field` writes null"
    );
    c.count = Some(2);
    c.tags = Some(vec!["x".into()]);
    let value = serde_json::to_value(&c).unwrap();
    assert_eq!(
        value,
        json!({"id": "c", "count": 2, "tags": ["x"], "code": 4})
    );
    assert_eq!(
        Card::deserialize(value).unwrap(),
        c,
        "what is written reads back"
    );
}
