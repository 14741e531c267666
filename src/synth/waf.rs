//! WAF: a REGIONAL web ACL of AWS managed rule groups and a rate-based rule, and the association of a web ACL
//! with the load balancer ECS put the service behind.

use super::cfn::get_att;
use crate::rules::waf::DEFAULT_RATE_LIMIT;
use serde_json::{json, Value};

fn visibility(metric: &str) -> Value {
    json!({ "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": metric })
}

/// A web ACL that allows by default, blocks an IP over the rate limit first, then applies the managed groups.
pub fn web_acl(id: &str, rules: &[String], rate_limit: Option<u64>, description: &str) -> Value {
    let mut list = vec![json!({
        "Name": "RateLimitPerIp",
        "Priority": 0,
        "Action": { "Block": {} },
        "Statement": { "RateBasedStatement": { "Limit": rate_limit.unwrap_or(DEFAULT_RATE_LIMIT), "AggregateKeyType": "IP" } },
        "VisibilityConfig": visibility("RateLimitPerIp")
    })];
    for (i, group) in rules.iter().enumerate() {
        list.push(json!({
            "Name": group,
            "Priority": i + 1,
            "OverrideAction": { "None": {} },
            "Statement": { "ManagedRuleGroupStatement": { "VendorName": "AWS", "Name": group } },
            "VisibilityConfig": visibility(group)
        }));
    }
    json!({
        "Type": "AWS::WAFv2::WebACL",
        "Properties": {
            "Description": description,
            "Scope": "REGIONAL",
            "DefaultAction": { "Allow": {} },
            "VisibilityConfig": visibility(id),
            "Rules": list
        }
    })
}

/// Associates a web ACL with the service's load balancer. Kept on delete and on replacement: a load
/// balancer is shared by up to 25 Express services and holds one web ACL, so removing this association
/// would leave every service on it unprotected.
pub fn association(service: &str, web_acl_arn: Value) -> Value {
    json!({
        "Type": "AWS::WAFv2::WebACLAssociation",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "ResourceArn": get_att(service, "ECSManagedResourceArns.IngressPath.LoadBalancerArn"),
            "WebACLArn": web_acl_arn
        }
    })
}
