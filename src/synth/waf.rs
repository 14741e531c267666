//! WAF: a REGIONAL web ACL of AWS managed rule groups and a rate-based rule, and the association of a web ACL
//! with the load balancer ECS put the service behind.

use super::cfn::{get_att, resource, retained};
use super::service::count;
use crate::json::Value;
use crate::rules::waf::DEFAULT_RATE_LIMIT;
use crate::spec::Val;
use crate::value::{arr, empty, num, obj, text};

fn visibility(metric: &str) -> Value {
    obj(vec![
        ("SampledRequestsEnabled", Value::Bool(true)),
        ("CloudWatchMetricsEnabled", Value::Bool(true)),
        ("MetricName", text(metric)),
    ])
}

fn rule(name: &str, priority: u64, action: (&str, Value), statement: Value) -> Value {
    obj(vec![
        ("Name", text(name)),
        ("Priority", num(priority)),
        action,
        ("Statement", statement),
        ("VisibilityConfig", visibility(name)),
    ])
}

/// A web ACL that allows by default, blocks an IP over the rate limit first, then applies the managed groups.
/// Kept on delete and on replacement, like its associations: the load balancer it is associated with may
/// outlive the stack (shared with other stacks' services), and WAF refuses to delete an associated web ACL.
pub fn web_acl(
    metric: &str,
    groups: &[String],
    rate_limit: Option<&Val<u64>>,
    description: &str,
) -> Value {
    let rate = obj(vec![(
        "RateBasedStatement",
        obj(vec![
            ("Limit", rate_limit.map_or(num(DEFAULT_RATE_LIMIT), count)),
            ("AggregateKeyType", text("IP")),
        ]),
    )]);
    let mut rules = vec![rule(
        "RateLimitPerIp",
        0,
        ("Action", obj(vec![("Block", empty())])),
        rate,
    )];
    for (i, group) in (1..).zip(groups) {
        let statement = obj(vec![(
            "ManagedRuleGroupStatement",
            obj(vec![("VendorName", text("AWS")), ("Name", text(group))]),
        )]);
        rules.push(rule(
            group,
            i,
            ("OverrideAction", obj(vec![("None", empty())])),
            statement,
        ));
    }
    resource(
        "AWS::WAFv2::WebACL",
        retained(),
        obj(vec![
            ("Description", text(description)),
            ("Scope", text("REGIONAL")),
            ("DefaultAction", obj(vec![("Allow", empty())])),
            ("VisibilityConfig", visibility(metric)),
            ("Rules", arr(rules)),
        ]),
    )
}

/// Associates a web ACL with the service's load balancer. Kept on delete and on replacement: a load
/// balancer is shared by up to 25 Express services and holds one web ACL, so removing this association
/// would leave every service on it unprotected.
pub fn association(service: &str, web_acl_arn: Value) -> Value {
    resource(
        "AWS::WAFv2::WebACLAssociation",
        retained(),
        obj(vec![
            (
                "ResourceArn",
                get_att(
                    service,
                    "ECSManagedResourceArns.IngressPath.LoadBalancerArn",
                ),
            ),
            ("WebACLArn", web_acl_arn),
        ]),
    )
}
