//! Names: the spec's service keys (logical ID prefixes), ECS service names, environment variable names,
//! and the health check path.

use crate::diag::Quoted;
/// Longest service key: its longest derived logical ID (`<key>WebAclAssociation`) stays far below 255.
const MAX_KEY: usize = 64;

/// A service's key in `services`: it prefixes the service's logical IDs, which CloudFormation allows to
/// hold only letters and digits.
pub fn service_key(s: &str) -> Result<(), String> {
    let ok = s.len() <= MAX_KEY
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s} cannot name a service: use 1–{MAX_KEY} letters and digits, starting with a letter (it prefixes the logical IDs)", s = Quoted(s)
        ))
    }
}

/// A name in the spec's `webAcls`: it names the web ACL's logical ID (`<name>WebAcl`) too.
pub fn web_acl_name(s: &str) -> Result<(), String> {
    service_key(s).map_err(|_| {
        format!(
            "{s} cannot name a web ACL: use 1–{MAX_KEY} letters and digits, starting with a letter (it prefixes its logical ID)",
            s = Quoted(s)
        )
    })
}

/// A container name of a task definition: 1–255 letters, digits, hyphens and underscores.
pub fn container_name(s: &str) -> Result<(), String> {
    let ok = !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s} is not a container name: use 1–255 letters, digits, hyphens and underscores",
            s = Quoted(s)
        ))
    }
}

/// An ECS service name: 1–255 letters, digits, hyphens and underscores.
pub fn service_name(s: &str) -> Result<(), String> {
    if s.is_empty()
        || s.len() > 255
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "{s} is not a service name: use 1–255 letters, digits, hyphens and underscores",
            s = Quoted(s)
        ));
    }
    Ok(())
}

/// An environment variable name, as shells and most runtimes accept it.
pub fn env_name(s: &str) -> Result<(), String> {
    let ok = s.len() <= 255
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s} is not a valid variable name: use letters, digits and _, not starting with a digit", s = Quoted(s)
        ))
    }
}

/// Whether a variable's name suggests it holds a secret.
pub fn looks_secret(name: &str) -> bool {
    const WORDS: [&str; 8] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "KEY",
        "APIKEY",
        "CREDENTIALS",
        "PRIVATE",
    ];
    name.to_ascii_uppercase()
        .split('_')
        .any(|part| WORDS.contains(&part))
}

/// The load balancer's health check path.
pub fn health_check_path(s: &str) -> Result<(), String> {
    if !s.starts_with('/') {
        return Err(format!(
            "{s} must start with / (e.g. /health)",
            s = Quoted(s)
        ));
    }
    if s.len() > 1024 {
        return Err("must be at most 1024 characters".to_string());
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
    {
        return Err(format!("{s} contains {}; a URL path has no spaces or non-ASCII characters (percent-encode them)", super::shown_char(c), s = Quoted(s)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_names() {
        assert!(looks_secret("DB_PASSWORD"));
        assert!(looks_secret("api_key"));
        assert!(looks_secret("GITHUB_TOKEN"));
        assert!(!looks_secret("KEYCLOAK_URL"));
        assert!(!looks_secret("PORT"));
    }
}
