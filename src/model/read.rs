//! What the rules read the model with: the report, and which values the shape pass left out (a key written
//! with a wrong type is reported there; a rule that asks whether a key was written still sees it).

use super::Val;
use crate::diag::Report;
use crate::token::is_token;
use std::collections::HashSet;

pub struct Reader<'r> {
    pub report: &'r mut Report,
    /// Paths of the values the shape pass found wrong and left out, or missing where required (each said).
    pub pruned: HashSet<String>,
}

impl Reader<'_> {
    /// Whether the value at `path` was written but left out (wrong type or unknown).
    pub fn written(&self, path: &str) -> bool {
        self.pruned.contains(path)
    }

    /// Whether anything under `path` was left out.
    pub fn written_under(&self, path: &str) -> bool {
        self.pruned_under(path)
    }

    /// Whether the shape pass left out anything at or under `path` (it reported each).
    pub fn pruned_under(&self, path: &str) -> bool {
        self.pruned.iter().any(|p| {
            p.strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }
}

/// `result` as a value, or its error reported at `path` with `code`.
pub(super) fn check<T>(
    r: &mut Reader,
    path: &str,
    code: &str,
    result: Result<T, String>,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(why) => {
            r.report.error(path, code, why);
            None
        }
    }
}

/// A string that is checked by `rule` unless it is a token.
pub(super) fn checked(
    r: &mut Reader,
    value: Option<&String>,
    path: &str,
    code: &str,
    rule: impl Fn(&str) -> Result<(), String>,
) -> Option<String> {
    let s = value?;
    if !is_token(s) {
        check(r, path, code, rule(s))?;
    }
    Some(s.clone())
}

/// A value-or-token string: a token passes unchecked, a value is checked by `rule`.
pub(super) fn checked_val(
    r: &mut Reader,
    value: Option<&Val<String>>,
    path: &str,
    code: &str,
    rule: impl Fn(&str) -> Result<(), String>,
) -> Option<String> {
    match value? {
        Val::Token(t) => Some(t.clone()),
        Val::Known(s) => checked(r, Some(s), path, code, rule),
    }
}
