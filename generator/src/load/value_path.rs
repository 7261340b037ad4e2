//! Paths into a serde_yaml value: find, cut out or put in the node at a path. The decoder
//! cuts what fails to decode and fills what is missing, then decodes again.

use serde_path_to_error::Segment;
use serde_yaml::Value;

use super::spans::{Path, Seg};

/// serde_path_to_error's path of a decoding error, in the span index's segments.
pub(super) fn to_path(path: &serde_path_to_error::Path) -> Path {
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// Removes the node at `path` from its parent. False when there is nothing to remove.
pub(super) fn remove(doc: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parent_path)) = path.split_last() else {
        return false;
    };
    let Some(node) = child(doc, parent_path) else {
        return false;
    };
    match (node, last) {
        (Value::Mapping(map), Seg::Key(key)) => {
            let found = map.keys().find(|k| key_matches(k, key)).cloned();
            found.is_some_and(|k| map.shift_remove(&k).is_some())
        }
        (Value::Sequence(items), Seg::Index(i)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Value::Tagged(tagged), _) => remove(&mut tagged.value, std::slice::from_ref(last)),
        _ => false,
    }
}

/// The node at `path`, if there is one.
pub(super) fn child<'v>(doc: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    let mut node = doc;
    for seg in path {
        node = step_into(node, seg)?;
    }
    Some(node)
}

/// Puts `value` at `path`, whose parent must be a mapping. False when there is no such parent.
pub(super) fn set(doc: &mut Value, path: &[Seg], value: Value) -> bool {
    let Some((Seg::Key(key), parent)) = path.split_last() else {
        return false;
    };
    match child(doc, parent) {
        Some(Value::Mapping(map)) => {
            let found = map.keys().find(|k| key_matches(k, key)).cloned();
            map.insert(found.unwrap_or_else(|| Value::String(key.clone())), value);
            true
        }
        _ => false,
    }
}

fn step_into<'v>(node: &'v mut Value, seg: &Seg) -> Option<&'v mut Value> {
    match (node, seg) {
        (Value::Mapping(map), Seg::Key(key)) => map
            .iter_mut()
            .find(|(k, _)| key_matches(k, key))
            .map(|(_, v)| v),
        (Value::Sequence(items), Seg::Index(i)) => items.get_mut(*i),
        (Value::Tagged(tagged), seg) => step_into(&mut tagged.value, seg),
        _ => None,
    }
}

/// serde_path_to_error renders every key as text; YAML keys may be numbers or booleans.
fn key_matches(key: &Value, text: &str) -> bool {
    match key {
        Value::String(s) => s == text,
        Value::Number(n) => n.to_string() == text,
        Value::Bool(b) => b.to_string() == text,
        _ => false,
    }
}
