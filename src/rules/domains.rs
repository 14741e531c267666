//! Host names of a custom domain (`domain.names`).

use crate::diag::Quoted;

/// An ALB rule holds 5 condition values in all (ELB quotas, "Condition values per rule"), and Express's
/// host-header condition keeps its own `….on.aws` name: 4 are left for a service's own names.
pub const MAX_NAMES: usize = 4;

/// A host name as DNS and an ALB host-header condition take it: at most 253 characters, labels of 1–63
/// letters, digits and hyphens not starting or ending with one (RFC 1123), at least two labels; `*` only as
/// the whole left-most label (a wildcard certificate and record).
pub fn host_name(s: &str) -> Result<(), String> {
    if s.len() > 253 {
        return Err(format!(
            "{} is {} characters; a host name has at most 253",
            Quoted(s),
            s.len()
        ));
    }
    let labels: Vec<&str> = s.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "{} is not a host name with a domain; write it in full, e.g. api.example.com",
            Quoted(s)
        ));
    }
    for (i, label) in labels.iter().enumerate() {
        if *label == "*" && i == 0 {
            continue;
        }
        let why = if label.is_empty() {
            Some("has an empty label (two dots, or a dot at an end)".to_string())
        } else if label.contains('*') {
            Some("has * where only a whole left-most label * may be (*.example.com)".to_string())
        } else if label.len() > 63 {
            Some(format!(
                "has a label of {} characters; a label has at most 63",
                label.len()
            ))
        } else if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            Some(format!("has {}, which a host name cannot hold: letters a–z, digits and - only (write an internationalized name in its xn-- form)", super::shown_char(c)))
        } else if label.starts_with('-') || label.ends_with('-') {
            Some(format!(
                "has the label {}, which starts or ends with -",
                Quoted(label)
            ))
        } else {
            None
        };
        if let Some(why) = why {
            return Err(format!("{} {why}", Quoted(s)));
        }
    }
    Ok(())
}

/// The longest value of a load balancer rule's host-header condition (ELB API, `HostHeaderConditionConfig.Values`:
/// "The maximum length of each string is 128 characters").
pub const MAX_HOST_HEADER: usize = 128;
/// The longest common name ACM puts in a certificate it issues (ACM API, `RequestCertificate.DomainName`: "cannot
/// exceed 64 octets (characters), including periods"); its Subject Alternative Names may have 253.
pub const MAX_CERTIFICATE_FIRST_NAME: usize = 64;

/// A host name (valid by `host_name`) as a value of a load balancer rule's host-header condition: at most 128
/// characters, and "only alphabetical characters after the final '.' character" (ELB API,
/// `HostHeaderConditionConfig.Values`).
pub fn host_header_value(s: &str) -> Result<(), String> {
    if s.len() > MAX_HOST_HEADER {
        return Err(format!(
            "{} is longer than a load balancer's host-header condition takes ({MAX_HOST_HEADER} characters): use a shorter name",
            with_length(s)
        ));
    }
    let last = s.rsplit('.').next().unwrap_or_default();
    if !last.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "{} ends in {}; a load balancer's host-header condition takes only letters after the last dot",
            Quoted(s),
            Quoted(last)
        ));
    }
    Ok(())
}

/// A name in quotes with its length (which `Quoted` says itself of a value it cuts).
pub fn with_length(s: &str) -> String {
    let shown = Quoted(s).to_string();
    if shown.ends_with(" characters)") {
        shown
    } else {
        format!("{shown} ({} characters)", s.chars().count())
    }
}

/// Whether certificate name `pattern` (a name or `*.` wildcard, which covers exactly one label) covers `name`.
pub fn covers(pattern: &str, name: &str) -> bool {
    let (pattern, name) = (pattern.to_ascii_lowercase(), name.to_ascii_lowercase());
    match pattern.strip_prefix("*.") {
        Some(parent) => name
            .split_once('.')
            .is_some_and(|(first, rest)| rest == parent && first != "*" || name == pattern),
        None => pattern == name,
    }
}

/// Whether `name` is in the hosted zone `zone` (the zone's apex or below it).
pub fn in_zone(name: &str, zone: &str) -> bool {
    let (name, zone) = (
        name.to_ascii_lowercase(),
        zone.trim_end_matches('.').to_ascii_lowercase(),
    );
    name == zone || name.ends_with(&format!(".{zone}"))
}

/// Whether `name` is its zone's apex, where DNS allows no CNAME (an alias record instead).
pub fn is_apex(name: &str, zone: &str) -> bool {
    name.eq_ignore_ascii_case(zone.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "api.example.com",
            "*.example.com",
            "a-b.c1.example.co.uk",
            "xn--bcher-kva.example",
        ] {
            assert_eq!(host_name(ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("localhost", "with a domain"),
            ("api..example.com", "empty label"),
            ("api.*.example.com", "only a whole left-most label"),
            ("a*.example.com", "only a whole left-most label"),
            ("-api.example.com", "starts or ends with -"),
            ("api_v1.example.com", "'_'"),
            ("bücher.example", "xn--"),
        ] {
            let e = host_name(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert!(host_name(&format!("{}.example.com", "a".repeat(64)))
            .unwrap_err()
            .contains("at most 63"));
        let long = vec!["a".repeat(60); 5].join(".");
        assert!(host_name(&long).unwrap_err().contains("at most 253"));
    }

    #[test]
    fn host_header_values() {
        assert_eq!(host_header_value("api.example.com"), Ok(()));
        assert_eq!(host_header_value("*.example.com"), Ok(()));
        let long = format!("{}.{}.example.com", "a".repeat(63), "b".repeat(51));
        assert_eq!(long.len(), 127);
        assert_eq!(host_header_value(&long), Ok(()));
        assert_eq!(host_header_value(&format!("b{long}")), Ok(()));
        assert!(host_header_value(&format!("{long}aa"))
            .unwrap_err()
            .contains("(129 characters) is longer than a load balancer's host-header condition takes (128 characters)"));
        assert!(host_header_value("api.example.xn--p1ai")
            .unwrap_err()
            .contains("only letters after the last dot"));
    }

    #[test]
    fn coverage_and_zones() {
        assert!(covers("*.example.com", "api.example.com"));
        assert!(covers("*.EXAMPLE.com", "Api.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(covers("*.example.com", "*.example.com"));
        assert!(covers("api.example.com", "API.example.com"));
        assert!(!covers("api.example.com", "www.example.com"));
        assert!(in_zone("api.example.com", "example.com."));
        assert!(in_zone("example.com", "example.com"));
        assert!(!in_zone("api.example.org", "example.com"));
        assert!(!in_zone("badexample.com", "example.com"));
        assert!(is_apex("Example.com", "example.com."));
    }
}
