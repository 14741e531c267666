//! Tags of an Express service, as the resource schema allows them.

use crate::diag::Quoted;
pub const MAX_TAGS: usize = 50;

/// The schema's pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`.
fn allowed(c: char) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

pub fn key(k: &str) -> Result<(), String> {
    let len = k.chars().count();
    if len == 0 || len > 128 {
        return Err(format!(
            "the tag key {k} must be 1–128 characters",
            k = Quoted(k)
        ));
    }
    if k.to_ascii_lowercase().starts_with("aws:") {
        return Err(format!(
            "the tag key {k} starts with aws:, which AWS reserves",
            k = Quoted(k)
        ));
    }
    if let Some(c) = k.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "the tag key {k} contains {}; allowed: letters, digits, spaces and _.:/=+-@",
            super::shown_char(c),
            k = Quoted(k)
        ));
    }
    Ok(())
}

pub fn value(v: &str) -> Result<(), String> {
    if v.chars().count() > 256 {
        return Err("the tag value must be at most 256 characters".to_string());
    }
    // ECS API, `Tag`: "Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix for
    // either keys or values as it is reserved for Amazon Web Services use."
    if v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return Err(format!(
            "the tag value {v} starts with aws:, which AWS reserves",
            v = Quoted(v)
        ));
    }
    if let Some(c) = v.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "the tag value {v} contains {}; allowed: letters, digits, spaces and _.:/=+-@",
            super::shown_char(c),
            v = Quoted(v)
        ));
    }
    Ok(())
}
