//! "Did you mean": the known name nearest to a mistyped one.

/// The known name closest to `given`, when it is close enough to be a likely typo.
pub fn suggest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = given.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for name in known {
        let d = strsim::levenshtein(&lower, &name.to_ascii_lowercase());
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    let limit = (given.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, n)| n)
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
}
