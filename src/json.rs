//! JSON in and out, on serde_json (with `preserve_order`: keys keep the order written, so a template comes out
//! the same bytes everywhere). What serde_json does not do is here: a key written twice in one object is an
//! error with its line and column, since silently keeping one of the two values would hide a mistake in a spec.

use crate::diag::{Diagnostic, Quoted};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use std::fmt;

pub use serde_json::{Number, Value};

/// A JSON object, keys in the order inserted.
pub type Map = serde_json::Map<String, Value>;

/// Parses JSON text; a problem is a diagnostic at `path` with its line and column: `duplicate-key` for a key
/// written twice in one object, else `not-json`. Nesting deeper than serde_json's recursion limit (128) is
/// refused, so hostile input cannot overflow the stack.
// Called once per input: the size of the error costs nothing worth boxing it for.
#[allow(clippy::result_large_err)]
pub fn parse_json(text: &str, path: &str) -> Result<Value, Diagnostic> {
    reserve_for(text.len());
    serde_json::from_str::<Strict>(text)
        .map(|s| s.0)
        .map_err(|e| {
            // The visitor's own error (the only one of the data category: JSON text has no other) is a duplicate.
            let code = match e.classify() {
                Category::Data => "duplicate-key",
                _ => "not-json",
            };
            // The place is given as fields; the message says what is wrong (serde_json's words, its own
            // " at line L column C" left off since the fields carry it).
            let text = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            let what = match text.strip_suffix(&place).unwrap_or(&text) {
                // serde_json's words for its depth limit, which it names no other way.
                "recursion limit exceeded" => {
                    "nested deeper than 128 levels (a spec or template is a few levels deep)"
                }
                what => what,
            };
            let d = Diagnostic::new(path, code, format!("not valid JSON: {what}"));
            match e.line() {
                0 => d,
                line => d.at(line, e.column().max(1)),
            }
        })
}

/// Makes room for what reading `len` bytes of JSON allocates, in one step. In WebAssembly the default allocator
/// (dlmalloc) grows memory 64 KiB at a time as it runs out, and each `memory.grow` costs V8 about a millisecond
/// whatever its size: reading two 8 MB templates grew memory ~2,000 times, a second of the diff. One block of
/// about what the values will take, freed at once, grows memory once; the allocator then serves the values
/// from it. Native builds have no such cost and skip it.
fn reserve_for(len: usize) {
    if cfg!(target_arch = "wasm32") && len > 1 << 20 {
        // try_reserve: a room too large to have is no room, never an abort (a trap in WebAssembly).
        let _ = Vec::<u8>::new().try_reserve(len.saturating_mul(8).min(512 << 20));
    }
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
        let e = parse_json("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}", "p").unwrap_err();
        assert_eq!(
            e.message,
            "not valid JSON: the key \"c\" is written twice in one object"
        );
        assert_eq!(
            (e.code.as_str(), e.line, e.column),
            ("duplicate-key", Some(2), Some(18))
        );
        let e = parse_json("{\"a\": tru}", "p").unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.line, e.column),
            ("not-json", Some(1), Some(10))
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
            m.ends_with("\" (10000 characters) is written twice in one object"),
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
        assert_eq!(
            e.message,
            "not valid JSON: nested deeper than 128 levels (a spec or template is a few levels deep)"
        );
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
