//! The shape pass: one walk of the JSON against the spec's generated schema (`src/schema.json`), reporting
//! every unknown key (with the nearest valid name) and every value of the wrong type, and handing on a copy
//! with those left out, which serde then reads into the model (`input::Spec`) without failing.
//!
//! It follows the few keywords that make the shape: `$ref`, `type`, `anyOf` (a value or a CDK token; a
//! string or an object), `properties` with `additionalProperties`, `required` (in the field's own words,
//! `x-required`), `items`, and the JSON type of a `const` or `enum`. The values the schema also states for
//! editors (ranges, lengths, patterns, which enum member) are the rules' (parse.rs and beside it): each has
//! its own code and says what would be right.
//! A wrong type is said as "expected …": the schema's `x-expected` where a field has words of its own, else
//! the type's.

use crate::diag::{join, Quoted, Report};
use crate::json::{Map, Number, Value};
use crate::suggest::suggest;
use crate::token::is_token;
use std::borrow::Cow;
use std::collections::HashSet;

/// Reports the spec's shape problems; returns the spec without the values found wrong (`None` when the whole
/// document is). A list of objects keeps its length, a wrong entry as null, so that later paths keep their
/// index; a list of strings with a wrong entry is left out whole.
/// Beside it, the paths of the values left out, for the rules that ask whether a key was written.
pub fn check<'v>(
    value: &'v Value,
    report: &mut Report,
) -> Option<(Cow<'v, Value>, HashSet<String>)> {
    let schema = crate::schema::spec_schema();
    check_with(value, schema, "", report)
}

/// `value` at `path` against the part `schema` of the spec's schema (e.g. a definition).
pub fn check_with<'v>(
    value: &'v Value,
    schema: &Value,
    path: &str,
    report: &mut Report,
) -> Option<(Cow<'v, Value>, HashSet<String>)> {
    let root = crate::schema::spec_schema();
    let mut shape = Shape {
        schema: root,
        report,
        pruned: HashSet::new(),
    };
    let mut at = path.to_string();
    if !shape.node(value, schema, &mut at, false) {
        return None;
    }
    let read = if shape.pruned.is_empty() {
        Cow::Borrowed(value)
    } else {
        let mut copy = value.clone();
        prune(&mut copy, &mut path.to_string(), &shape.pruned);
        Cow::Owned(copy)
    };
    Some((read, shape.pruned))
}

/// Leaves out of `v` the values at the `pruned` paths: a key goes, an entry of a list becomes null.
fn prune(v: &mut Value, path: &mut String, pruned: &HashSet<String>) {
    let len = path.len();
    match v {
        Value::Object(map) => {
            map.retain(|key, _| {
                let at = join(path, key);
                !pruned.contains(&at)
            });
            for (key, value) in map.iter_mut() {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                prune(value, path, pruned);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
                if pruned.contains(path.as_str()) {
                    *item = Value::Null;
                } else {
                    prune(item, path, pruned);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether `s` takes whole numbers only (an integer, or one of an enum of numbers).
fn whole(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("integer")
        || s.get("enum")
            .is_some_and(|e| e.get(0).is_some_and(Value::is_number))
}

struct Shape<'s, 'r> {
    schema: &'s Value,
    report: &'r mut Report,
    pruned: HashSet<String>,
}

/// A JSON value's kind, as the schema's `type` says it.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl<'s> Shape<'s, '_> {
    fn resolve(&self, s: &'s Value) -> &'s Value {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            Some(name) => self
                .schema
                .get("$defs")
                .and_then(|d| d.get(name))
                .unwrap_or(s),
            None => s,
        }
    }

    /// Whether `v` has a JSON type the schema `s` allows (its values aside).
    fn admits(&self, s: &'s Value, v: &Value) -> bool {
        let s = self.resolve(s);
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            if s.get("type").is_none() {
                return any.iter().any(|b| self.admits(b, v));
            }
        }
        let kind = kind(v);
        let fits = |t: &str| t == kind || (t == "integer" && kind == "number");
        match s.get("type") {
            Some(Value::String(t)) => fits(t),
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(fits),
            _ => match (s.get("const"), s.get("enum")) {
                (Some(c), _) => self::kind(c) == kind,
                (_, Some(Value::Array(values))) => values.iter().any(|e| self::kind(e) == kind),
                _ => true,
            },
        }
    }

    /// The words for what `s` takes, in "expected …".
    fn expected(&self, outer: &'s Value, s: &'s Value) -> String {
        if let Some(words) = outer
            .get("x-expected")
            .or_else(|| s.get("x-expected"))
            .and_then(Value::as_str)
        {
            return words.to_string();
        }
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            // A value or a token: the value's words.
            if let Some(first) = any.first() {
                return self.expected(first, self.resolve(first));
            }
        }
        let t = s.get("type").and_then(Value::as_str).or_else(|| {
            let value = s.get("const").or_else(|| s.get("enum")?.get(0))?;
            Some(match kind(value) {
                "number" => "integer",
                k => k,
            })
        });
        match t {
            Some("string") => "a string",
            Some("boolean") => "true or false",
            Some("integer" | "number") => "a whole number",
            Some("array") => "a list of strings",
            Some("object") if s.get("properties").is_none() => "an object of NAME: value",
            Some("object") => "an object",
            _ => "a string",
        }
        .to_string()
    }

    fn wrong_type(&mut self, path: &str, expected: &str, v: &Value) {
        self.report.error(
            path,
            "wrong-type",
            format!("expected {expected}, got {}", describe(v)),
        );
    }

    /// Checks `v` at `path` against `outer` (a property's schema, perhaps a `$ref` with words of its own);
    /// false when `v` is to be left out. `path` is extended and restored on the way down.
    fn node(&mut self, v: &Value, outer: &'s Value, path: &mut String, service: bool) -> bool {
        let s = self.resolve(outer);
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            if s.get("type").is_none() {
                let is_token_ref = |b: &Value| {
                    b.get("$ref")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.ends_with("oken"))
                };
                if let Value::String(t) = v {
                    if any.iter().any(is_token_ref) && is_token(t) {
                        return true;
                    }
                }
                // A string that is no token takes the value's branch, or none.
                return match any.iter().find(|b| !is_token_ref(b) && self.admits(b, v)) {
                    Some(branch) => self.node(v, branch, path, service),
                    None => {
                        let expected = self.expected(outer, s);
                        self.wrong_type(path, &expected, v);
                        false
                    }
                };
            }
        }
        if !self.admits(s, v) {
            let expected = self.expected(outer, s);
            self.wrong_type(path, &expected, v);
            return false;
        }
        match v {
            Value::Number(n) if n.as_u64().is_none() && whole(s) => {
                self.report.error(
                    path,
                    "wrong-type",
                    format!("expected a whole number ≥ 0, got {}", number_text(n)),
                );
                false
            }
            Value::Object(map) => {
                self.object(map, s, path, service);
                true
            }
            Value::Array(items) => {
                let Some(item) = s.get("items") else {
                    return true;
                };
                let objects = self.resolve(item).get("properties").is_some();
                let mut whole = true;
                let len = path.len();
                for (i, x) in items.iter().enumerate() {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                    if !self.node(x, item, path, service) {
                        // An entry of a list of objects is left out in place (null); a list of strings goes
                        // whole, after every entry is looked at.
                        self.pruned.insert(path.clone());
                        whole = false;
                    }
                    path.truncate(len);
                }
                whole || objects
            }
            _ => true,
        }
    }

    fn object(&mut self, map: &Map, s: &'s Value, path: &mut String, service: bool) {
        let properties = s.get("properties").and_then(Value::as_object);
        let extra = s.get("additionalProperties");
        // The services: each one's diagnostics are about it (`Diagnostic::service`).
        let services = !service && path == "services";
        let len = path.len();
        for (key, value) in map {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let schema = match (properties.and_then(|p| p.get(key)), extra) {
                (Some(p), _) => Some(p),
                (None, Some(Value::Bool(false))) | (None, None) => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    self.unknown_key(path, key, &known);
                    None
                }
                (None, Some(extra)) => Some(extra),
            };
            let mark = self.report.mark();
            let fits =
                schema.is_some_and(|schema| self.node(value, schema, path, service || services));
            if services {
                self.report.claim(mark, key);
            }
            if !fits {
                self.pruned.insert(path.clone());
            }
            path.truncate(len);
        }
        // A key the object must have, in the field's own words (`x-required`) when it has some.
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !map.contains_key(name) {
                let words = properties
                    .and_then(|p| p.get(name))
                    .and_then(|p| p.get("x-required"))
                    .and_then(Value::as_str)
                    .unwrap_or("is required");
                let at = join(path, name);
                self.report.error(&at, "required", words);
                // Said here: the rules see it as a value left out.
                self.pruned.insert(at);
            }
        }
    }

    fn unknown_key(&mut self, path: &str, key: &str, known: &[&str]) {
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
            path,
            "unknown-key",
            format!("unknown key {key}{hint}", key = Quoted(key)),
        );
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
        Value::Null => "null".to_string(),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}
