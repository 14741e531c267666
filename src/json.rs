//! JSON in and out, on serde_json (with `preserve_order`: keys keep the order written, so a template comes out
//! the same bytes everywhere). What serde_json does not do is here: a key written twice in one object is an
//! error with its line and column, since silently keeping one of the two values would hide a mistake in a spec.

use crate::diag::{Diagnostic, Quoted};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

pub use serde_json::{Number, Value};

/// A JSON object, keys in the order inserted.
pub type Map = serde_json::Map<String, Value>;

/// Parses JSON text; a problem is a `not-json` diagnostic at `path`. Nesting deeper than serde_json's
/// recursion limit (128) is refused, so hostile input cannot overflow the stack.
// Called once per input: the size of the error costs nothing worth boxing it for.
#[allow(clippy::result_large_err)]
pub fn parse_json(text: &str, path: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str::<Strict>(text)
        .map(|s| s.0)
        .map_err(|e| Diagnostic::new(path, "not-json", format!("not valid JSON: {e}")))
}

/// The canonical text of a template: 2-space indentation, keys in their order, a final newline.
// Serializing a Value into memory cannot fail (its keys are strings, its numbers finite): a failure is loud.
#[allow(clippy::expect_used)]
pub fn template_json(template: &Value) -> String {
    let mut text = serde_json::to_string_pretty(template).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// A JSON value read from text, refusing duplicate keys. serde_json's own `Value` keeps the last of two equal
/// keys and offers no option against it, so this visitor builds the same `Value` and checks each key.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(n)))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Strict, E> {
        // serde_json reports a number out of range itself; a finite f64 always makes a Number.
        Ok(Strict(
            Number::from_f64(n).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, s: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(s)))
    }

    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Strict(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                // serde_json adds the line and column of the key to this error.
                return Err(de::Error::custom(format_args!(
                    "the key {} is written twice in one object",
                    Quoted(&key)
                )));
            }
            let Strict(v) = access.next_value()?;
            map.insert(key, v);
        }
        Ok(Strict(Value::Object(map)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_json(text, "p").unwrap_err().message
    }

    #[test]
    fn duplicate_keys_are_errors_with_their_place() {
        assert_eq!(
            err("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}"),
            "not valid JSON: the key \"c\" is written twice in one object at line 2 column 18"
        );
        let many: Vec<String> = (0..5000).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(parse_json(&format!("{{{}}}", many.join(",")), "").is_ok());
        let m = err(&format!("{{{}, \"k4321\": 0}}", many.join(",")));
        assert!(m.contains("\"k4321\" is written twice"), "{m}");
        // Equal keys in different objects are fine.
        assert!(parse_json("[{\"a\": 1}, {\"a\": 2}]", "").is_ok());
    }

    #[test]
    fn a_long_repeated_key_is_cut_but_the_words_are_whole() {
        let key = "k".repeat(10_000);
        let m = err(&format!("{{\"{key}\": 1, \"{key}\": 2}}"));
        assert!(m.len() < 300, "{m}");
        assert!(
            m.contains("(10000 characters)")
                && m.contains("is written twice in one object at line 1"),
            "{m}"
        );
    }

    #[test]
    fn nesting_is_capped_at_128() {
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(parse_json(&ok, "").is_ok());
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        let e = parse_json(&deep, "p").unwrap_err();
        assert_eq!((e.path.as_str(), e.code.as_str()), ("p", "not-json"));
        assert!(e.message.contains("recursion limit"), "{}", e.message);
    }

    #[test]
    fn keys_keep_their_order_and_the_text_is_canonical() {
        let v = parse_json("{\"b\":1,\"a\":[true,null,\"x\\n\"],\"c\":{}}", "").unwrap();
        assert_eq!(
            template_json(&v),
            "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"x\\n\"\n  ],\n  \"c\": {}\n}\n"
        );
    }
}
