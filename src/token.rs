//! CDK tokens: values that another construct provides at deploy time. The construct hands unresolved
//! strings, numbers and lists over as token strings; the core passes them through and defers every check.

/// Whether a string is (or contains) an unresolved CDK token: `${Token[...]}` for strings and numbers
/// rendered with `Token.asString`, `#{Token[...]}` for encoded lists.
pub fn is_token(s: &str) -> bool {
    // Byte windows rather than `str::contains`: its substring search would cost the module 2.5 KB.
    s.as_bytes()
        .windows(8)
        .any(|w| w == b"${Token[" || w == b"#{Token[")
}

#[cfg(test)]
mod tests {
    use super::is_token;

    #[test]
    fn recognises_string_and_list_tokens() {
        assert!(is_token("${Token[TOKEN.42]}"));
        assert!(is_token("arn:aws:iam::${Token[AWS.AccountId.7]}:role/x"));
        assert!(is_token("#{Token[TOKEN.9]}"));
        assert!(!is_token("nginx:1.27"));
        assert!(!is_token("${NotAToken}"));
    }
}
