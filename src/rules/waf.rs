//! WAF settings: the AWS managed rule groups that work without extra configuration, and rate limits.

/// AWS managed rule groups usable as they are (Bot Control, ATP and ACFP need settings of their own).
pub const MANAGED_RULE_GROUPS: [&str; 11] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesAdminProtectionRuleSet",
    "AWSManagedRulesSQLiRuleSet",
    "AWSManagedRulesLinuxRuleSet",
    "AWSManagedRulesUnixRuleSet",
    "AWSManagedRulesWindowsRuleSet",
    "AWSManagedRulesPHPRuleSet",
    "AWSManagedRulesWordPressRuleSet",
];

/// Each group's capacity in web ACL capacity units, as AWS publishes it on the group's page of the AWS WAF
/// Developer Guide ("AWS Managed Rules rule groups list": `VendorName: AWS, Name: …, WCU: …`).
pub const MANAGED_RULE_GROUP_WCUS: [(&str, u64); 11] = [
    ("AWSManagedRulesCommonRuleSet", 700),
    ("AWSManagedRulesKnownBadInputsRuleSet", 200),
    ("AWSManagedRulesAmazonIpReputationList", 25),
    ("AWSManagedRulesAnonymousIpList", 50),
    ("AWSManagedRulesAdminProtectionRuleSet", 100),
    ("AWSManagedRulesSQLiRuleSet", 200),
    ("AWSManagedRulesLinuxRuleSet", 200),
    ("AWSManagedRulesUnixRuleSet", 100),
    ("AWSManagedRulesWindowsRuleSet", 200),
    ("AWSManagedRulesPHPRuleSet", 100),
    ("AWSManagedRulesWordPressRuleSet", 100),
];

/// The published capacity of a managed group (0 for a name not listed, which the spec reader refuses).
pub fn managed_group_wcus(group: &str) -> u64 {
    MANAGED_RULE_GROUP_WCUS
        .iter()
        .find(|(n, _)| *n == group)
        .map_or(0, |(_, w)| *w)
}

/// Capacity units of the statements the library writes (AWS WAF Developer Guide, each statement's page):
/// a rate-based statement 2 (its scope-down statement's added); an IP set reference 1; a string match on the
/// Host header, "exactly matches" (2) or "ends with" (2), plus 10 for its one text transformation (LOWERCASE).
/// Logical statements (And, Or, Not) cost what they hold.
pub const RATE_BASED_WCUS: u64 = 2;
pub const IP_SET_WCUS: u64 = 1;
pub const HOST_MATCH_WCUS: u64 = 12;

/// A web ACL holds at most 5,000 capacity units (AWS WAF Developer Guide, "Web ACL capacity units (WCUs)" and
/// "AWS WAF quotas": "Maximum web ACL capacity units in a protection pack or web ACL: 5,000"), and its base price
/// covers 1,500: past those, each 500 more are billed per million requests (same page; "AWS WAF pricing").
pub const MAX_WEB_ACL_WCUS: u64 = 5_000;
pub const BASE_PRICE_WCUS: u64 = 1_500;

/// The baseline when `managedRules` is not given.
pub const DEFAULT_RULE_GROUPS: [&str; 3] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

/// Requests per IP address in 5 minutes before the rate-based rule blocks, when not given.
pub const DEFAULT_RATE_LIMIT: u64 = 2000;
pub const RATE_LIMIT_RANGE: (u64, u64) = (10, 2_000_000_000);

/// The ranges one IP set holds (AWS WAF Developer Guide, "IP set match rule statement": "An IP set can hold up to
/// 10,000 IP addresses or IP address ranges"); an allow-list has one set per IP version.
pub const MAX_IP_SET_ADDRESSES: usize = 10_000;

pub fn rate_limit(n: u64) -> Result<(), String> {
    let (lo, hi) = RATE_LIMIT_RANGE;
    if (lo..=hi).contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "{n} is out of range; WAF allows {lo} to {hi} requests per IP in 5 minutes"
        ))
    }
}

/// Which IP version a CIDR of an allow-list is, or why WAF would refuse it: a network address (no host bits
/// set) with a prefix of 1–32 (IPv4) or 1–128 (IPv6); WAF takes every range but /0.
pub fn allow_cidr(s: &str) -> Result<bool, String> {
    let c = super::cidr::parse(s, "203.0.113.0/24 or 2001:db8::/32")?;
    if c.bits == 0 {
        return Err("/0 is not a prefix length WAF takes; use a longer one (/0 would let everyone in: leave allowOnlyFrom out)".to_string());
    }
    if !c.exact {
        return Err(c.host_bits(s));
    }
    Ok(c.v4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usable_managed_group_has_its_published_capacity() {
        for g in MANAGED_RULE_GROUPS {
            assert!(managed_group_wcus(g) > 0, "{g}");
        }
        let default: u64 = DEFAULT_RULE_GROUPS
            .iter()
            .map(|g| managed_group_wcus(g))
            .sum();
        assert_eq!(default, 925);
    }

    #[test]
    fn allow_list_ranges_are_network_addresses_of_either_version() {
        assert_eq!(allow_cidr("203.0.113.0/24"), Ok(true));
        assert_eq!(allow_cidr("2001:db8::/32"), Ok(false));
        assert_eq!(allow_cidr("198.51.100.7/32"), Ok(true));
        assert!(allow_cidr("203.0.113.5/24")
            .unwrap_err()
            .contains("the range is 203.0.113.0/24"));
        assert!(allow_cidr("2001:db8::1/32")
            .unwrap_err()
            .contains("the range is 2001:db8::/32"));
        assert!(allow_cidr("0.0.0.0/0")
            .unwrap_err()
            .contains("/0 would let everyone in"));
        assert!(allow_cidr("10.0.0.0/33").unwrap_err().contains("use 1–32"));
        assert!(allow_cidr("10.0.0.0")
            .unwrap_err()
            .contains("prefix length"));
        assert!(allow_cidr("example.com/24")
            .unwrap_err()
            .contains("not an IPv4 or IPv6 address"));
    }
}
