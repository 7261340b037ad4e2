//! A small builder of JSON objects whose keys are optional: most keys of an OpenAPI object
//! are present only when the spec says something, and `json!` can't leave a key out.

use serde_json::{Map, Value};

/// An object under construction; keys keep the order they are put in.
#[derive(Debug, Default, Clone)]
pub(super) struct Obj(pub(super) Map<String, Value>);

impl Obj {
    pub(super) fn new() -> Self {
        Obj(Map::new())
    }

    /// Sets `key`.
    pub(super) fn put(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    /// Sets `key` when there is a value.
    pub(super) fn opt(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    /// Sets `key` to `true` when `flag` is.
    pub(super) fn flag(self, key: &str, flag: bool) -> Self {
        if flag {
            self.put(key, true)
        } else {
            self
        }
    }

    /// Sets `key` to the list when it is not empty.
    pub(super) fn list(self, key: &str, items: Vec<Value>) -> Self {
        if items.is_empty() {
            self
        } else {
            self.put(key, items)
        }
    }

    /// Sets `key` to the object when it has keys.
    pub(super) fn object(self, key: &str, object: Obj) -> Self {
        if object.0.is_empty() {
            self
        } else {
            self.put(key, object)
        }
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        Value::Object(o.0)
    }
}

/// `{"$ref": "#/components/schemas/<name>"}`.
pub(super) fn schema_ref(name: &str) -> Value {
    Obj::new()
        .put("$ref", format!("#/components/schemas/{name}"))
        .into()
}

/// The schemas joined by a combinator (`anyOf`, `oneOf`), or the one schema alone.
pub(super) fn any_of(keyword: &str, mut schemas: Vec<Value>) -> Value {
    if schemas.len() == 1 {
        schemas.pop().unwrap_or_default()
    } else {
        Obj::new().put(keyword, schemas).into()
    }
}
