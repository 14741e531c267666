//! JSON in and out: parsing a spec's text with a location on error, and the canonical text of a template
//! (the same bytes on every platform, since it is always written here).

use crate::diag::Diagnostic;
use serde_json::Value;

/// Parses JSON text. serde_json refuses nesting deeper than 128 levels, so hostile input cannot overflow
/// the stack.
pub fn parse_json(text: &str, path: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        Diagnostic::new(
            path,
            "not-json",
            &format!(
                "not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
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
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let err = parse_json(&text, "").unwrap_err();
        assert_eq!(err.code, "not-json");
        assert!(err.message.contains("recursion limit"), "{}", err.message);
    }
}
