//! AWS identifiers: ARNs and resource IDs, checked for shape (their existence is only known at deploy).

use crate::diag::Quoted;
/// The parts of an ARN: `arn:partition:service:region:account:resource`.
pub struct Arn<'a> {
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

fn is_partition(s: &str) -> bool {
    s == "aws"
        || s.strip_prefix("aws-").is_some_and(|rest| {
            rest.split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        })
}

fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// The stack's Region as the spec gives it (`region`): lower-case parts and a number, e.g. eu-west-1.
pub fn region(s: &str) -> Result<(), String> {
    if is_region(s) {
        Ok(())
    } else {
        Err(format!(
            "{} is not a Region; expected its code, e.g. eu-west-1 or us-east-1",
            Quoted(s)
        ))
    }
}

/// The Region of a regional ARN (`arn:partition:service:region:…`), when it has a valid one.
pub fn arn_region(s: &str) -> Option<&str> {
    let region = s.strip_prefix("arn:")?.split(':').nth(2)?;
    is_region(region).then_some(region)
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits and checks an ARN of `service`; `regional` says whether it has a region.
pub fn arn<'a>(s: &'a str, service: &str, regional: bool) -> Result<Arn<'a>, String> {
    let mut parts = s.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(svc), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(format!(
            "{s} is not an ARN; expected arn:<partition>:{service}:…",
            s = Quoted(s)
        ));
    };
    if !is_partition(partition) {
        return Err(format!(
            "{s}: {partition} is not an AWS partition (aws, aws-cn, aws-us-gov, …)",
            s = Quoted(s),
            partition = Quoted(partition)
        ));
    }
    if svc != service {
        return Err(format!(
            "{s} is an ARN of {svc}; expected an ARN of {service}",
            s = Quoted(s)
        ));
    }
    if regional && !is_region(region) {
        return Err(format!(
            "{s}: {region} is not a region (e.g. us-east-1)",
            s = Quoted(s),
            region = Quoted(region)
        ));
    }
    if !regional && !region.is_empty() {
        return Err(format!(
            "{s}: {service} ARNs have no region (arn:<partition>:{service}::<account>:…)",
            s = Quoted(s)
        ));
    }
    if !is_account(account) {
        return Err(format!(
            "{s}: the account {account} must be 12 digits",
            s = Quoted(s),
            account = Quoted(account)
        ));
    }
    Ok(Arn {
        service: svc,
        region,
        account,
        resource,
    })
}

fn name_chars(s: &str, extra: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.chars().any(|e| e == c))
}

/// An IAM role ARN: `arn:aws:iam::123456789012:role/[path/]name`.
pub fn role_arn(s: &str) -> Result<(), String> {
    let a = arn(s, "iam", false)?;
    let Some(rest) = a.resource.strip_prefix("role/") else {
        return Err(format!(
            "{s} is not a role ARN; expected arn:<partition>:iam::<account>:role/<name>",
            s = Quoted(s)
        ));
    };
    let name = rest.rsplit('/').next().unwrap_or_default();
    if name.len() > 64
        || !name_chars(name, "+=,.@_-")
        || !rest.split('/').all(|p| name_chars(p, "+=,.@_-"))
    {
        return Err(format!(
            "{s}: the role name must be 1–64 letters, digits or +=,.@_- (with an optional /path/)",
            s = Quoted(s)
        ));
    }
    Ok(())
}

/// A cluster given by name or ARN, as its name: Express Mode fails at deploy on an ARN.
pub fn cluster_name(s: &str) -> Result<String, String> {
    let name = if s.starts_with("arn:") {
        let a = arn(s, "ecs", true)?;
        match a.resource.strip_prefix("cluster/") {
            Some(name) => name,
            None => return Err(format!("{s} is not a cluster ARN; expected arn:<partition>:ecs:<region>:<account>:cluster/<name>", s = Quoted(s))),
        }
    } else {
        s
    };
    check_cluster_name(name).map(|()| name.to_string())
}

/// A cluster name: 1–255 letters, digits, hyphens and underscores.
pub fn check_cluster_name(name: &str) -> Result<(), String> {
    if name.len() > 255 || !name_chars(name, "_-") {
        return Err(format!(
            "{name} is not a cluster name: use 1–255 letters, digits, hyphens and underscores",
            name = Quoted(name)
        ));
    }
    Ok(())
}

fn resource_id(s: &str, prefix: &str, what: &str) -> Result<(), String> {
    let ok = s.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{s} is not a {what} ID; expected {prefix} followed by 8 or 17 hex digits",
            s = Quoted(s)
        ))
    }
}

pub fn subnet_id(s: &str) -> Result<(), String> {
    resource_id(s, "subnet-", "subnet")
}

/// A task definition ARN with its revision: `arn:…:ecs:<region>:<account>:task-definition/<family>:<revision>`.
pub fn task_definition_arn(s: &str) -> Result<(), String> {
    let a = arn(s, "ecs", true)?;
    let ok = a
        .resource
        .strip_prefix("task-definition/")
        .and_then(|rest| rest.rsplit_once(':'))
        .is_some_and(|(family, revision)| {
            !family.is_empty()
                && !revision.is_empty()
                && revision.bytes().all(|b| b.is_ascii_digit())
        });
    if !ok {
        return Err(format!(
            "{s} is not a task definition ARN; expected arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>",
            s = Quoted(s)
        ));
    }
    let (family, revision) = a
        .resource
        .trim_start_matches("task-definition/")
        .rsplit_once(':')
        .unwrap_or_default();
    // RegisterTaskDefinition's `family`: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and
    // hyphens"; revisions are numbered from 1.
    if family.len() > 255 || !name_chars(family, "_-") {
        return Err(format!(
            "{s}: the family {f} is not one ECS registers: use 1–255 letters, digits, underscores and hyphens",
            s = Quoted(s),
            f = Quoted(family)
        ));
    }
    if revision.bytes().all(|b| b == b'0') {
        return Err(format!(
            "{s}: revision 0 does not exist: revisions start at 1",
            s = Quoted(s)
        ));
    }
    // ECS numbers revisions with an Integer (the API model's `TaskDefinition.revision`): 32-bit.
    if revision.parse::<i32>().is_err() {
        return Err(format!(
            "{s}: the revision {r} is more than ECS numbers revisions with (a 32-bit integer)",
            s = Quoted(s),
            r = Quoted(revision)
        ));
    }
    Ok(())
}

pub fn vpc_id(s: &str) -> Result<(), String> {
    resource_id(s, "vpc-", "VPC")
}

pub fn security_group_id(s: &str) -> Result<(), String> {
    resource_id(s, "sg-", "security group")
}

/// A VPC's primary IPv4 range: a network address with a prefix of /16 to /28 (Amazon VPC User Guide, "VPC CIDR
/// blocks": the sizes a VPC can have).
pub fn vpc_cidr(s: &str) -> Result<(), String> {
    let c = super::cidr::parse(s, "10.0.0.0/16")?;
    if !c.v4 {
        return Err(format!(
            "{} is not an IPv4 range; a VPC's primary range is IPv4, e.g. 10.0.0.0/16",
            Quoted(s)
        ));
    }
    if !(16..=28).contains(&c.bits) {
        return Err(format!(
            "{} is not the size of a VPC's range; a VPC has /16 to /28",
            Quoted(s)
        ));
    }
    if !c.exact {
        return Err(c.host_bits(s));
    }
    Ok(())
}

/// Where a container secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// A Secrets Manager secret: its ARN without the `:jsonKey:versionStage:versionId` suffix.
    SecretsManager(String),
    /// An SSM parameter given by ARN.
    SsmArn(String),
    /// An SSM parameter of the same account and region given by name (without the leading `/`).
    SsmName(String),
}

/// A Secrets Manager secret ARN, optionally followed by `:jsonKey:versionStage:versionId` (parts may be
/// empty: `…:secret:db-AbCdEf:password::`) when `suffix` allows it. Returns the secret's own ARN.
pub fn secrets_manager_arn(s: &str, suffix: bool) -> Result<String, String> {
    let a = arn(s, "secretsmanager", true)?;
    let Some(rest) = a.resource.strip_prefix("secret:") else {
        return Err(format!("{s} is not a secret ARN; expected arn:<partition>:secretsmanager:<region>:<account>:secret:<name>", s = Quoted(s)));
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let name = parts.first().copied().unwrap_or_default();
    if name.len() > 512 || !name_chars(name, "/_+=.@-") {
        return Err(format!(
            "{s}: the secret name must be letters, digits or /_+=.@-",
            s = Quoted(s)
        ));
    }
    match parts.len() {
        1 => {}
        4 if suffix => {}
        _ if suffix => {
            return Err(format!(
                "{s}: after the secret name only \":<jsonKey>:<versionStage>:<versionId>\" may follow (e.g. \":password::\")", s = Quoted(s)
            ))
        }
        _ => return Err(format!("{s}: a JSON key or version cannot be given here; use the secret's ARN alone", s = Quoted(s))),
    }
    let own_len = s.len() - (rest.len() - name.len());
    Ok(s.get(..own_len).unwrap_or(s).to_string())
}

/// A container secret's `valueFrom`: a Secrets Manager ARN, an SSM parameter ARN, or an SSM parameter name.
pub fn secret_source(s: &str) -> Result<SecretSource, String> {
    if s.starts_with("arn:") {
        let service = s.split(':').nth(2).unwrap_or_default();
        return match service {
            "secretsmanager" => secrets_manager_arn(s, true).map(SecretSource::SecretsManager),
            "ssm" => {
                let a = arn(s, "ssm", true)?;
                match a.resource.strip_prefix("parameter/") {
                    Some(name) if name_chars(name, "_.-/") && !name.split('/').any(str::is_empty) => {
                        if s.len() > SSM_MAX_ARN {
                            return Err(format!("{} is {} characters; an SSM parameter's ARN has at most {SSM_MAX_ARN} (Systems Manager counts the ARN in its parameter names' limit)", Quoted(s), s.len()));
                        }
                        ssm_depth(s, name)?;
                        Ok(SecretSource::SsmArn(s.to_string()))
                    }
                    _ => Err(format!("{s} is not an SSM parameter ARN; expected arn:<partition>:ssm:<region>:<account>:parameter/<name>", s = Quoted(s))),
                }
            }
            other => Err(format!(
                "{s} is an ARN of {other}; expected a Secrets Manager secret ARN or an SSM parameter ARN or name", s = Quoted(s)
            )),
        };
    }
    let name = s.strip_prefix('/').unwrap_or(s);
    if name.contains('/') && !s.starts_with('/') {
        return Err(format!(
            "{}: a parameter name with a path must start with / ({})",
            Quoted(s),
            Quoted(&format!("/{s}"))
        ));
    }
    if name.split('/').any(str::is_empty) {
        return Err(format!(
            "{s}: a parameter path has no empty parts",
            s = Quoted(s)
        ));
    }
    if !name_chars(name, "_.-/") {
        return Err(format!(
            "{s} is neither a Secrets Manager secret ARN, an SSM parameter ARN nor an SSM parameter name (letters, digits and _.-/)", s = Quoted(s)
        ));
    }
    // Its ARN (`arn:aws:ssm:<region>:<account>:parameter/` and the name) counts: at least 45 characters before
    // the name, in the shortest Region codes (us-east-1).
    let max = SSM_MAX_ARN - "arn:aws:ssm:us-east-1:123456789012:parameter/".len();
    if name.len() > max {
        return Err(format!(
            "{} is {} characters; a parameter name has at most {max} characters (Systems Manager takes {SSM_MAX_ARN} with the ARN before it, at least 45)",
            Quoted(s),
            name.len()
        ));
    }
    ssm_depth(s, name)?;
    Ok(SecretSource::SsmName(name.to_string()))
}

/// Systems Manager API, `PutParameterRequest.Name`: "The maximum length for a parameter name that you specify is
/// 1011 characters. This count of 1011 characters includes the characters in the ARN that precede the name".
const SSM_MAX_ARN: usize = 1011;
/// "Parameter hierarchies are limited to a maximum depth of fifteen levels" (the same member).
const SSM_MAX_LEVELS: usize = 15;

fn ssm_depth(s: &str, name: &str) -> Result<(), String> {
    let levels = name.split('/').count();
    if levels > SSM_MAX_LEVELS {
        return Err(format!(
            "{} has {levels} levels; an SSM parameter hierarchy has at most {SSM_MAX_LEVELS}",
            Quoted(s)
        ));
    }
    Ok(())
}

/// A REGIONAL WAFv2 web ACL ARN: `arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`.
pub fn web_acl_arn(s: &str) -> Result<(), String> {
    let a = arn(s, "wafv2", true)?;
    if a.resource.starts_with("global/") {
        return Err(format!(
            "{s} is a CloudFront (global) web ACL; a load balancer needs a REGIONAL one",
            s = Quoted(s)
        ));
    }
    let parts: Vec<&str> = a.resource.split('/').collect();
    match parts.as_slice() {
        ["regional", "webacl", name, id] if name_chars(name, "_-") && !id.is_empty() => Ok(()),
        _ => Err(format!(
            "{s} is not a web ACL ARN; expected arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>", s = Quoted(s)
        )),
    }
}

/// A CloudWatch Logs log group name.
pub fn log_group_name(s: &str) -> Result<(), String> {
    if s.len() > 512 || !name_chars(s, "._-/#") {
        return Err(format!(
            "{s} is not a log group name: use 1–512 letters, digits and ._-/#",
            s = Quoted(s)
        ));
    }
    Ok(())
}

/// An ACM certificate ARN: `arn:aws:acm:<region>:<account>:certificate/<id>`.
pub fn certificate_arn(s: &str) -> Result<(), String> {
    let a = arn(s, "acm", true)?;
    match a.resource.strip_prefix("certificate/") {
        Some(id) if name_chars(id, "-") => Ok(()),
        _ => Err(format!(
            "{} is not an ACM certificate ARN; expected arn:<partition>:acm:<region>:<account>:certificate/<id>",
            Quoted(s)
        )),
    }
}

/// A KMS key ARN (`arn:aws:kms:<region>:<account>:key/<id>`): CloudWatch Logs takes a key by ARN only, not by
/// alias (CreateLogGroup's kmsKeyId).
pub fn kms_key_arn(s: &str) -> Result<(), String> {
    let a = arn(s, "kms", true)?;
    match a.resource.strip_prefix("key/") {
        Some(id) if name_chars(id, "-") => Ok(()),
        _ => Err(format!(
            "{} is not a KMS key ARN; expected arn:<partition>:kms:<region>:<account>:key/<id> (CloudWatch Logs takes no alias)",
            Quoted(s)
        )),
    }
}

/// A Route 53 hosted zone ID: `Z` and upper-case letters and digits (e.g. Z0123456789ABCDEFGHIJ), as the
/// console shows it, without `/hostedzone/`.
pub fn hosted_zone_id(s: &str) -> Result<(), String> {
    let ok = s.len() <= 32
        && s.starts_with('Z')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} is not a hosted zone ID; expected Z and upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ (without /hostedzone/)",
            Quoted(s)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_arn_becomes_its_name() {
        assert_eq!(
            cluster_name("arn:aws:ecs:eu-west-1:123456789012:cluster/apps").unwrap(),
            "apps"
        );
        assert_eq!(cluster_name("apps_2").unwrap(), "apps_2");
        assert!(cluster_name("arn:aws:ecs:eu-west-1:123456789012:service/apps/x").is_err());
        assert!(cluster_name("my cluster").is_err());
    }

    #[test]
    fn secret_sources() {
        let full = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
        assert_eq!(
            secret_source(full).unwrap(),
            SecretSource::SecretsManager(full.into())
        );
        assert_eq!(
            secret_source(&format!("{full}:password::")).unwrap(),
            SecretSource::SecretsManager(full.into())
        );
        assert!(secret_source(&format!("{full}:password")).is_err());
        assert_eq!(
            secret_source("/prod/db/url").unwrap(),
            SecretSource::SsmName("prod/db/url".into())
        );
        assert!(matches!(
            secret_source("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/a/b"),
            Ok(SecretSource::SsmArn(_))
        ));
        assert!(secret_source("arn:aws:s3:::bucket").is_err());
        assert!(secret_source("has space").is_err());
    }

    #[test]
    fn ids_and_arns() {
        assert!(subnet_id("subnet-0123456789abcdef0").is_ok());
        assert!(subnet_id("subnet-12345678").is_ok());
        assert!(subnet_id("subnet-XYZ").is_err());
        assert!(security_group_id("sg-0123456789abcdef0").is_ok());
        assert!(role_arn("arn:aws:iam::123456789012:role/service-role/my-role").is_ok());
        assert!(role_arn("arn:aws:iam:us-east-1:123456789012:role/x").is_err());
        assert!(role_arn("arn:aws:iam::123456789012:user/x").is_err());
        assert!(
            web_acl_arn("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/1234-abcd")
                .is_ok()
        );
        assert!(
            web_acl_arn("arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl/1234").is_err()
        );
    }
}
