//! Diagnostics: every problem found in a spec, each naming its property path.

use crate::json::Value;
use crate::value::{obj, text};

/// One problem (or warning) about a spec: where, what kind, and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Dotted property path inside the spec (`services.Web.scaling.maxTasks`); empty for the whole spec.
    pub path: String,
    /// A stable, kebab-case identifier of the rule (`fargate-pair`).
    pub code: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: &str, code: &str, message: &str) -> Self {
        Diagnostic {
            path: path.to_string(),
            code: code.to_string(),
            message: elide_quoted(message),
        }
    }

    pub fn to_json(&self) -> Value {
        obj(vec![
            ("path", text(&self.path)),
            ("code", text(&self.code)),
            ("message", text(&self.message)),
        ])
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Errors (the spec is rejected) and warnings (it is accepted, but something deserves a look).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    pub fn error(&mut self, path: &str, code: &str, message: impl AsRef<str>) {
        self.errors
            .push(Diagnostic::new(path, code, message.as_ref()));
    }

    pub fn warn(&mut self, path: &str, code: &str, message: impl AsRef<str>) {
        self.warnings
            .push(Diagnostic::new(path, code, message.as_ref()));
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Longest quoted value a message shows whole.
const MAX_QUOTED: usize = 120;

/// Shortens every quoted value longer than `MAX_QUOTED` characters to its start and end, so that a
/// 10 MB value makes a readable message rather than a 10 MB one. Any long stretch between quotes is
/// shortened, not only every second one: a value may hold a quote itself and shift the pairing (the
/// message's own words between quotes are always shorter).
fn elide_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push('"');
        let n = part.chars().count();
        if n > MAX_QUOTED {
            out.extend(part.chars().take(MAX_QUOTED - 21));
            out.push_str(" … ");
            out.extend(part.chars().skip(n - 18));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A list of diagnostics as JSON.
pub fn list_json(list: &[Diagnostic]) -> Value {
    Value::Array(list.iter().map(Diagnostic::to_json).collect())
}

/// One message naming every problem, one per line.
pub fn summary(errors: &[Diagnostic]) -> String {
    let noun = if errors.len() == 1 {
        "problem"
    } else {
        "problems"
    };
    let mut out = format!("the spec has {} {noun}:", errors.len());
    for d in errors {
        out.push_str("\n  ");
        out.push_str(&d.to_string());
    }
    out
}

/// Joins a property path and a key.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_elided() {
        let long = "x".repeat(10_000);
        let d = Diagnostic::new(
            "a",
            "c",
            &format!("\"{long}\" is not valid; expected \"short\""),
        );
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(
            d.message.ends_with("\" is not valid; expected \"short\""),
            "{}",
            d.message
        );
        assert!(d.message.contains(" … "));
        // A value with a quote in it does not make the long part pass for the message's own words.
        let d = Diagnostic::new(
            "a",
            "c",
            &format!("unknown key \"a\"{long}\"; did you mean \"b\"?"),
        );
        assert!(d.message.len() < 200, "{}", d.message);
        let short = Diagnostic::new("a", "c", "\"nginx:\" is fine");
        assert_eq!(short.message, "\"nginx:\" is fine");
    }
}
