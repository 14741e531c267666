//! Compact JSON builders: plain functions, not a macro expanding every key and value inline, to keep the
//! WASM module small (measured: serde_json's `json!` version of the synthesis was a third of the module).

use crate::json::{Map, Value};

/// An object with keys in the given order.
pub fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = Map::with_capacity(pairs.len());
    for (k, v) in pairs {
        map.insert(k.to_string(), v);
    }
    Value::Object(map)
}

pub fn arr(items: Vec<Value>) -> Value {
    Value::Array(items)
}

pub fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

pub fn num(n: u64) -> Value {
    Value::from(n)
}

/// A list of strings.
pub fn texts(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| text(s)).collect())
}

/// An empty object.
pub fn empty() -> Value {
    Value::Object(Map::new())
}
