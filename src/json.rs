//! JSON in and out: parsing a spec's text with a location on error, and the canonical text of a template
//! (the same bytes on every platform, since it is always written here).

use crate::diag::Diagnostic;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Parses JSON text. serde_json refuses nesting deeper than 128 levels, so hostile input cannot overflow
/// the stack; a key written twice in one object is an error (serde_json would keep the last silently).
pub fn parse_json(text: &str, path: &str) -> Result<Value, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| Diagnostic::new(path, "not-json", &format!("not valid JSON: {e}")))
}

/// Reads any JSON value like serde_json's own `Value`, but refuses duplicate keys.
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(Strict)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "the key \"{key}\" is written twice in one object"
                )));
            }
            let value = map.next_value_seed(Strict)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// The canonical text of a template: 2-space indentation, keys in their fixed order, a final newline.
pub fn template_json(template: &Value) -> String {
    let mut text = serde_json::to_string_pretty(template).unwrap_or_default();
    text.push('\n');
    text
}

/// The known name closest to `given`, when it is close enough to be a likely typo.
pub fn suggest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = given.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for name in known {
        let d = distance(&lower, &name.to_ascii_lowercase());
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    let limit = (given.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, n)| n)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (above + 1).min(left + 1).min(prev + cost);
            prev = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let known = ["containerPort", "cpu", "memory", "healthCheckPath"];
        assert_eq!(suggest("containerport", known), Some("containerPort"));
        assert_eq!(suggest("memroy", known), Some("memory"));
        assert_eq!(suggest("healthcheck", known), None);
        assert_eq!(suggest("zzzzzzzz", known), None);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse_json(
            r#"{"services": {"Web": {"image": "a"}, "Web": {"image": "b"}}}"#,
            "",
        )
        .unwrap_err();
        assert!(
            err.message.contains("the key \"Web\" is written twice"),
            "{}",
            err.message
        );
        assert!(err.message.contains("line 1"), "{}", err.message);
        assert_eq!(
            parse_json(r#"{"a": [1, -2, 2.5, null, true, "x"]}"#, "").unwrap(),
            serde_json::json!({ "a": [1, -2, 2.5, null, true, "x"] })
        );
        assert_eq!(parse_json("[1] x", "").unwrap_err().code, "not-json");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let err = parse_json(&text, "").unwrap_err();
        assert_eq!(err.code, "not-json");
        assert!(err.message.contains("recursion limit"), "{}", err.message);
    }
}
