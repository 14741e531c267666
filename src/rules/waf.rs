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

/// The baseline when `managedRules` is not given.
pub const DEFAULT_RULE_GROUPS: [&str; 3] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

/// Requests per IP address in 5 minutes before the rate-based rule blocks, when not given.
pub const DEFAULT_RATE_LIMIT: u64 = 2000;
pub const RATE_LIMIT_RANGE: (u64, u64) = (10, 2_000_000_000);

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
