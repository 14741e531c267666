//! Container image references: `[registry[:port]/]repository[:tag][@digest]`.

use crate::diag::Quoted;
/// Checks the syntax of an image reference.
pub fn image_ref(s: &str) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!("{s} is not an image reference: {why}; expected [registry/]repository[:tag][@sha256:digest]", s = Quoted(s)))
    };
    if s.is_empty() {
        return bad("it is empty");
    }
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let ok = match d.split_once(':') {
            Some(("sha256", hex)) => {
                hex.len() == 64
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            }
            _ => false,
        };
        if !ok {
            return bad("the digest must be sha256: and 64 lower-case hex digits");
        }
    }
    let (name, tag) = split_tag(name_tag);
    if let Some(tag) = tag {
        let valid = !tag.is_empty()
            && tag.len() <= 128
            && tag
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid {
            return bad(&format!(
                "the tag {tag} must be 1–128 letters, digits, _ . - (not starting with . or -)",
                tag = Quoted(tag)
            ));
        }
    }
    // ECS API, `ContainerDefinition.image`: "For images using tags (repository-url/image:tag), up to 255
    // characters total are allowed"; with a digest, "the 255 character limit applies only to the repository URL
    // and image name (everything before the @ sign)".
    if digest.is_none() && tag.is_some() && s.len() > 255 {
        return Err(format!(
            "{} is longer than the 255 characters ECS takes for an image with a tag (a digest, @sha256:…, is not counted)",
            super::domains::with_length(s)
        ));
    }
    if name.len() > 255 {
        return bad("the repository name is longer than 255 characters");
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1 && parts.first().is_some_and(|p| is_registry(p)) {
        parts.remove(0);
    }
    for part in parts {
        if !is_path_component(part) {
            return bad(&format!(
                "the repository part {part} must be lower-case letters and digits, separated by . _ __ or -", part = Quoted(part)
            ));
        }
    }
    Ok(())
}

/// Splits off the tag: the text after the last `:` that follows the last `/` (a `:` before it is a port).
fn split_tag(s: &str) -> (&str, Option<&str>) {
    let last_slash = s.rfind('/').map_or(0, |i| i + 1);
    match s.get(last_slash..).and_then(|tail| tail.rfind(':')) {
        Some(i) => {
            let at = last_slash + i;
            (s.get(..at).unwrap_or(s), s.get(at + 1..))
        }
        None => (s, None),
    }
}

fn is_registry(part: &str) -> bool {
    part.contains('.')
        || part.contains(':')
        || part == "localhost"
        || part.chars().any(|c| c.is_ascii_uppercase())
}

fn is_path_component(part: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bytes: Vec<char> = part.chars().collect();
    if bytes.first().is_none_or(|c| !alnum(*c)) || bytes.last().is_none_or(|c| !alnum(*c)) {
        return false;
    }
    // Separators: one `.`, one or two `_`, or any number of `-`, always between alphanumerics.
    let mut run = String::new();
    for c in bytes {
        if alnum(c) {
            if !(run.is_empty()
                || run == "."
                || run == "_"
                || run == "__"
                || run.chars().all(|r| r == '-'))
            {
                return false;
            }
            run.clear();
        } else if matches!(c, '.' | '-' | '_') {
            run.push(c);
        } else {
            return false;
        }
    }
    true
}

/// Why an image does not pin a version, when it does not: untagged (so `:latest`) or tagged `latest`.
pub fn mutable_tag(s: &str) -> Option<&'static str> {
    if s.contains('@') {
        return None;
    }
    match split_tag(s).1 {
        None => Some("has no tag, which means :latest"),
        Some("latest") => Some("uses :latest"),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_references() {
        for ok in [
            "nginx",
            "nginx:1.27-alpine",
            "public.ecr.aws/nginx/nginx:latest",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1.2.3",
            "localhost:5000/app",
            "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my_org/my__app",
        ] {
            assert!(image_ref(ok).is_ok(), "{ok}: {:?}", image_ref(ok));
        }
    }

    #[test]
    fn rejects_malformed_references() {
        for bad in [
            "",
            "Nginx",
            "nginx:",
            "nginx:-x",
            "nginx@sha256:abc",
            "a//b",
            "app_",
            "a...b",
            "my app",
        ] {
            assert!(image_ref(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mutable_tags() {
        assert!(mutable_tag("nginx").is_some());
        assert!(mutable_tag("nginx:latest").is_some());
        assert!(mutable_tag("localhost:5000/app").is_some());
        assert!(mutable_tag("nginx:1.27").is_none());
        assert!(mutable_tag("nginx@sha256:00").is_none());
    }
}
