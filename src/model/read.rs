//! What the rules read the model with: the report, and which values the shape pass left out (a key written
//! with a wrong type is reported there; a rule that asks whether a key was written still sees it).

use crate::diag::Report;
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
