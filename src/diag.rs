//! Diagnostics: every problem found in a spec, each naming its property path, the service it is about and the
//! others it involves, so that front doors act on fields and never on message text.

use serde::Serialize;
use std::fmt;

/// One problem (or warning) about a spec: where, what kind, and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Diagnostic {
    /// Dotted property path inside the spec (`services.Web.scaling.maxTasks`); "" for the whole spec.
    pub path: String,
    /// A stable, kebab-case identifier of the rule (`fargate-pair`).
    pub code: String,
    /// What is wrong and what would be valid. The core's own words are whole; only a user's long value is cut.
    pub message: String,
    /// The service it is about (its key in `services`); absent for the spec as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub service: Option<String>,
    /// The other services it involves (their keys in `services`), e.g. the other side of a clash.
    pub related: Vec<String>,
    /// What it concerns: one service's own settings, the services of a stack together, or only the
    /// standalone template (its logical IDs, size and limits, the spec's top level).
    pub scope: Scope,
    /// For a problem in JSON text: its 1-based line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub column: Option<usize>,
}

/// What a diagnostic concerns; see `Diagnostic::scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Service,
    Stack,
    Template,
}

impl Diagnostic {
    /// A diagnostic about the spec as a whole (scope `template`); see `about` and `across`.
    pub fn new(path: &str, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            code: code.to_string(),
            message: message.into(),
            service: None,
            related: Vec::new(),
            scope: Scope::Template,
            line: None,
            column: None,
        }
    }

    /// At 1-based `line` and `column` of JSON text.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// About service `name`'s own settings.
    pub fn about(mut self, name: &str) -> Self {
        self.service = Some(name.to_string());
        self.scope = Scope::Service;
        self
    }

    /// About the services of a stack together: `name` and the `others` it is compared with.
    pub fn across(mut self, name: Option<&str>, others: &[&str]) -> Self {
        self.service = name.map(str::to_string);
        self.related = others.iter().map(|o| o.to_string()).collect();
        self.scope = Scope::Stack;
        self
    }

    /// About the standalone template only, for service `name` when there is one.
    pub fn template_only(mut self, name: Option<&str>) -> Self {
        self.service = name.map(str::to_string);
        self.scope = Scope::Template;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    /// An error about the spec as a whole; `push_error` takes one made with `Diagnostic`'s builders.
    pub fn error(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.errors.push(Diagnostic::new(path, code, message));
    }

    pub fn warn(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(path, code, message));
    }

    pub fn push_error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn push_warning(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Where the report stands, for `claim`.
    pub fn mark(&self) -> (usize, usize) {
        (self.errors.len(), self.warnings.len())
    }

    /// Makes everything reported since `mark` about service `name`'s own settings.
    pub fn claim(&mut self, mark: (usize, usize), name: &str) {
        let errors = self.errors.iter_mut().skip(mark.0);
        for d in errors.chain(self.warnings.iter_mut().skip(mark.1)) {
            d.service = Some(name.to_string());
            d.scope = Scope::Service;
        }
    }
}

/// Longest user value a message shows whole.
const MAX_SHOWN: usize = 120;

/// A user's value as messages show it: in quotes, and past `MAX_SHOWN` characters cut in the middle with its
/// length, so that a 10 MB value makes a readable message. Only values are cut, never the core's own words.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        if n <= MAX_SHOWN {
            return write!(f, "\"{}\"", self.0);
        }
        let start: String = self.0.chars().take(MAX_SHOWN - 40).collect();
        let end: String = self.0.chars().skip(n - 30).collect();
        write!(f, "\"{start} … {end}\" ({n} characters)")
    }
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
        return key.to_string();
    }
    // Not `format!`: its machinery made joins 5% of a synthesis (bench/results/profile-core.md).
    let mut joined = String::with_capacity(path.len() + 1 + key.len());
    joined.push_str(path);
    joined.push('.');
    joined.push_str(key);
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_length_and_short_ones_kept() {
        let long = "x".repeat(10_000);
        let shown = Quoted(&long).to_string();
        assert!(shown.len() < 140, "{shown}");
        assert!(shown.starts_with("\"xxx") && shown.ends_with("xxx\" (10000 characters)"));
        assert_eq!(Quoted("nginx:").to_string(), "\"nginx:\"");
        let at_limit = "é".repeat(MAX_SHOWN);
        assert_eq!(Quoted(&at_limit).to_string(), format!("\"{at_limit}\""));
    }

    #[test]
    fn claim_makes_what_was_reported_since_the_mark_about_a_service() {
        let mut r = Report::default();
        r.error("services", "required", "x");
        let mark = r.mark();
        r.error("services.Web.cpu", "fargate-cpu", "y");
        r.warn("services.Web.image", "image-not-pinned", "z");
        r.claim(mark, "Web");
        assert_eq!(
            (r.errors[0].service.as_deref(), r.errors[0].scope),
            (None, Scope::Template)
        );
        assert_eq!(
            (r.errors[1].service.as_deref(), r.errors[1].scope),
            (Some("Web"), Scope::Service)
        );
        assert_eq!(r.warnings[0].service.as_deref(), Some("Web"));
    }
}
