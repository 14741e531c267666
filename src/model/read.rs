//! Typed reading of JSON values, reporting the path and what was expected for every mismatch.

use super::{List, Val};
use crate::diag::Quoted;
use crate::diag::{join, Report};
use crate::json::{Map, Number, Value};
use crate::suggest::suggest;
use crate::token::is_token;

pub struct Reader<'r> {
    pub report: &'r mut Report,
}

/// A JSON type's name, as messages say it.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Reader<'_> {
    pub fn wrong_type(&mut self, path: &str, expected: &str, v: &Value) {
        self.report.error(
            path,
            "wrong-type",
            format!("expected {expected}, got {}", describe(v)),
        );
    }

    /// An object whose keys are all in `known`; each unknown key is reported with the nearest known name.
    pub fn object<'v>(&mut self, v: &'v Value, path: &str, known: &[&str]) -> Option<&'v Map> {
        let Value::Object(map) = v else {
            self.wrong_type(path, "an object", v);
            return None;
        };
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                // A suggestion for a huge key would cost time for nothing.
                let near = if key.len() <= 64 {
                    suggest(key, known.iter().copied())
                } else {
                    None
                };
                let hint = match near {
                    Some(near) => format!("; did you mean {near}?", near = Quoted(near)),
                    None => format!("; valid keys: {}", known.join(", ")),
                };
                self.report.error(
                    &join(path, key),
                    "unknown-key",
                    format!("unknown key {key}{hint}", key = Quoted(key)),
                );
            }
        }
        Some(map)
    }

    pub fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(path, "a string", v);
                None
            }
        }
    }

    pub fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, "true or false", v);
                None
            }
        }
    }

    /// A whole number ≥ 0, or a token string.
    pub fn count(&mut self, v: &Value, path: &str) -> Option<Val<u64>> {
        match v {
            Value::String(s) if is_token(s) => Some(Val::Token(s.clone())),
            Value::Number(n) => match n.as_u64() {
                Some(n) => Some(Val::Known(n)),
                None => {
                    self.report.error(
                        path,
                        "wrong-type",
                        format!("expected a whole number ≥ 0, got {}", number_text(n)),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(path, "a whole number", v);
                None
            }
        }
    }

    /// A list of strings, or one token string standing for a list.
    pub fn list(&mut self, v: &Value, path: &str) -> Option<List> {
        match v {
            Value::String(s) if is_token(s) => Some(Val::Token(s.clone())),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(s) = self.string(item, &format!("{path}[{i}]")) {
                        out.push(s);
                    }
                }
                (out.len() == items.len()).then_some(Val::Known(out))
            }
            _ => {
                self.wrong_type(path, "a list of strings", v);
                None
            }
        }
    }

    /// A map of names to text. Numbers and booleans are taken as their text, since YAML writes
    /// `PORT: 8080` without quotes; null and nested values are errors.
    pub fn text_map(&mut self, v: &Value, path: &str) -> Vec<(String, String)> {
        let Value::Object(map) = v else {
            self.wrong_type(path, "an object of NAME: value", v);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for (key, value) in map {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    self.wrong_type(&join(path, key), "a string", other);
                    continue;
                }
            };
            out.push((key.clone(), text));
        }
        out
    }
}

/// A number as messages show it: a long one cut (its text is kept as written, so it can be megabytes of
/// digits, and only quoted values are elided by `Diagnostic`).
fn number_text(n: &Number) -> String {
    let text = n.to_string();
    match text.get(..24) {
        // Number text is ASCII, so any byte index is a character boundary.
        Some(start) if text.len() > 40 => format!("{start}… ({} characters)", text.len()),
        _ => text,
    }
}

/// A value's type and, when short, the value itself.
fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 40 => format!("the string {s}", s = Quoted(s)),
        Value::Number(n) => format!("the number {}", number_text(n)),
        Value::Bool(b) => format!("{b}"),
        other => type_name(other).to_string(),
    }
}
