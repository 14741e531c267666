//! WAF: a REGIONAL web ACL of AWS managed rule groups and a rate-based rule, and the one custom resource per
//! stack that associates the web ACLs with the load balancers Express Mode put the services behind.
//!
//! Not an `AWS::WAFv2::WebACLAssociation` per service: Express Mode puts up to 25 services on one load
//! balancer, which holds one web ACL, so deleting one service's association stripped the load balancer for
//! all of them, and a 26th service's new load balancer was associated only if that service had one. The
//! custom resource is given every service's load balancer (dedupes them at deploy time, when the ARNs are
//! known) and reconciles: it associates each with its web ACL, and takes a web ACL off only a load balancer
//! no service of the stack uses any more. Its function's code is `waf_associations.js`, inline in the
//! template (no asset, no download), unit-tested in tests/core.

use super::cfn::{get_att, resource, retained, sub};
use super::lambda::{self, allow};
use super::service::count;
use super::{ids, Contribution};
use crate::json::{Map, Value};
use crate::model::{Helpers, WebAclSettings};
use crate::rules::waf::DEFAULT_RATE_LIMIT;
use crate::value::{arr, empty, num, obj, text};

/// The function's code, bundled from handlers/waf-associations.ts (scripts/bundle-handlers.mjs), inline in the
/// template: CloudFormation zips it as index.js, and "this zip file cannot exceed 4MB" (AWS::Lambda::Function Code).
pub const ASSOCIATIONS_CODE: &str = include_str!("waf_associations.js");
/// Seconds the function may run: WAF asks to retry for up to two minutes after an ALB or ACL is made.
const ASSOCIATIONS_TIMEOUT: u64 = 300;

/// A rule's or web ACL's CloudWatch metrics and sampled requests, under `metric`.
pub(super) fn visibility(metric: &str) -> Value {
    obj(vec![
        ("SampledRequestsEnabled", Value::Bool(true)),
        ("CloudWatchMetricsEnabled", Value::Bool(true)),
        ("MetricName", text(metric)),
    ])
}

/// A statement per IP set (by local ID) matching the addresses it holds.
pub(super) fn ip_set_references(ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            obj(vec![(
                "IPSetReferenceStatement",
                obj(vec![("Arn", get_att(id, "Arn"))]),
            )])
        })
        .collect()
}

/// A web ACL rule whose metric is its name.
pub(super) fn rule(name: &str, priority: u64, action: (&str, Value), statement: Value) -> Value {
    obj(vec![
        ("Name", text(name)),
        ("Priority", num(priority)),
        action,
        ("Statement", statement),
        ("VisibilityConfig", visibility(name)),
    ])
}

/// The IP sets of a web ACL's allow-list (`<acl>Ipv4`, `<acl>Ipv6`, as many as the list has versions);
/// `whose` names the web ACL in their description the same way in a fragment and a template.
pub fn ip_sets(acl: &str, whose: &str, settings: &WebAclSettings) -> Vec<(String, Value)> {
    [
        ("IPV4", "Ipv4", &settings.allow_ipv4),
        ("IPV6", "Ipv6", &settings.allow_ipv6),
    ]
    .into_iter()
    .filter(|(_, _, list)| !list.is_empty())
    .map(|(version, suffix, list)| {
        let set = resource(
            "AWS::WAFv2::IPSet",
            vec![],
            obj(vec![
                (
                    "Description",
                    text(&format!("The {version} ranges {whose} lets in")),
                ),
                ("Scope", text("REGIONAL")),
                ("IPAddressVersion", text(version)),
                ("Addresses", arr(list.iter().map(|c| text(c)).collect())),
            ]),
        );
        (format!("{acl}{suffix}"), set)
    })
    .collect()
}

/// A web ACL that allows by default: first it blocks what its allow-list leaves out (the IP sets `ip_sets`
/// made), then an IP over the rate limit, then it applies the managed groups. Kept on delete and on
/// replacement: the load balancer it is associated with may outlive the stack (shared with other stacks'
/// services), and WAF refuses to delete an associated web ACL.
pub fn web_acl(
    metric: &str,
    settings: &WebAclSettings,
    description: &str,
    ip_sets: &[String],
) -> Value {
    let (groups, rate_limit) = (&settings.rules, settings.rate_limit.as_ref());
    let rate = obj(vec![(
        "RateBasedStatement",
        obj(vec![
            ("Limit", rate_limit.map_or(num(DEFAULT_RATE_LIMIT), count)),
            ("AggregateKeyType", text("IP")),
        ]),
    )]);
    let mut rules = Vec::new();
    let listed = ip_set_references(ip_sets);
    let from_listed = match listed.len() {
        0 => None,
        1 => listed.into_iter().next(),
        _ => Some(obj(vec![(
            "OrStatement",
            obj(vec![("Statements", arr(listed))]),
        )])),
    };
    if let Some(statement) = from_listed {
        let not_listed = obj(vec![("NotStatement", obj(vec![("Statement", statement)]))]);
        rules.push(rule(
            "AllowOnlyListedIps",
            0,
            ("Action", obj(vec![("Block", empty())])),
            not_listed,
        ));
    }
    let first = rules.len() as u64;
    rules.push(rule(
        "RateLimitPerIp",
        first,
        ("Action", obj(vec![("Block", empty())])),
        rate,
    ));
    for (i, group) in (first + 1..).zip(groups) {
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

/// A service's load balancer, for the associations of its web ACL (`web_acl_arn`); services with the same
/// `group` are behind the same web ACL.
pub fn association(group: String, web_acl_arn: Value, service: &str) -> Contribution {
    let mut entry = Map::new();
    entry.insert("WebAclArn".into(), web_acl_arn);
    Contribution {
        resource: ids::WAF_ASSOCIATIONS.into(),
        property: "WebAcls".into(),
        group,
        entry,
        members: "LoadBalancerArns".into(),
        value: get_att(
            service,
            "ECSManagedResourceArns.IngressPath.LoadBalancerArn",
        ),
    }
}

const WEB_ACLS: &str =
    "arn:${AWS::Partition}:wafv2:${AWS::Region}:${AWS::AccountId}:regional/webacl/*/*";
const LOAD_BALANCERS: &str =
    "arn:${AWS::Partition}:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:loadbalancer/app/*/*";

/// The function's role: WAF associations of this account's and Region's web ACLs and application load
/// balancers, and its own log group. Each action on the resource types the Service Authorization Reference
/// gives it, with the dependent actions it lists (tests/deploy checks both against that reference):
/// - `wafv2:GetWebACLForResource` (web ACL, load balancer) needs `wafv2:GetWebACL` on the web ACL and
///   `elasticloadbalancing:GetLoadBalancerWebACL` on the load balancer; without `GetWebACL`, every call after
///   the first association was denied, and the stack's updates, rollbacks and deletion failed;
/// - `wafv2:AssociateWebACL` (web ACL, load balancer) needs `elasticloadbalancing:CreateWebACLAssociation` on
///   the load balancer and `elasticloadbalancing:SetWebAcl`, which takes no resource type (so `*`);
/// - `wafv2:DisassociateWebACL` (the load balancer only) needs `elasticloadbalancing:DeleteWebACLAssociation`
///   and `SetWebAcl`.
fn associations_role(helpers: &Helpers) -> Value {
    let statements = vec![
        allow(
            &["wafv2:AssociateWebACL", "wafv2:GetWebACLForResource"],
            vec![sub(WEB_ACLS), sub(LOAD_BALANCERS)],
        ),
        allow(&["wafv2:DisassociateWebACL"], vec![sub(LOAD_BALANCERS)]),
        allow(&["wafv2:GetWebACL"], vec![sub(WEB_ACLS)]),
        allow(
            &[
                "elasticloadbalancing:GetLoadBalancerWebACL",
                "elasticloadbalancing:CreateWebACLAssociation",
                "elasticloadbalancing:DeleteWebACLAssociation",
            ],
            vec![sub(LOAD_BALANCERS)],
        ),
        allow(&["elasticloadbalancing:SetWebAcl"], vec![text("*")]),
    ];
    let nag = vec![
        lambda::nag_wildcards("Express Mode makes the load balancers at deploy time, so their ARNs are not in the template; the role is shared by the stack's web ACLs, so it names them by this account and Region", &[WEB_ACLS, LOAD_BALANCERS]),
        lambda::nag_wildcards("elasticloadbalancing:SetWebAcl, which WAF checks when it associates a web ACL with a load balancer, takes no resource ARN (Service Authorization Reference)", &["*"]),
    ];
    lambda::role(
        "Lets the function of cdk-express-service associate the stack's web ACLs with the load balancers of its Express services",
        "WebAclAssociations",
        statements,
        ids::WAF_ASSOCIATIONS_LOGS,
        nag,
        helpers,
    )
}

/// The IDs of `associations_resources`, in its order.
pub const ASSOCIATIONS_IDS: [&str; 4] = [
    ids::WAF_ASSOCIATIONS_LOGS,
    ids::WAF_ASSOCIATIONS_ROLE,
    ids::WAF_ASSOCIATIONS_FUNCTION,
    ids::WAF_ASSOCIATIONS,
];

/// The shared resources that keep the web ACL associations right: the custom resource (its `WebAcls` are
/// the services' contributions), its function, role and log group.
pub fn associations_resources(helpers: &Helpers) -> Vec<(&'static str, Value)> {
    let function = lambda::function(
        "Associates the stack's web ACLs with the load balancers Express Mode put its services behind (cdk-express-service)",
        ids::WAF_ASSOCIATIONS_ROLE,
        ids::WAF_ASSOCIATIONS_LOGS,
        ASSOCIATIONS_CODE,
        ASSOCIATIONS_TIMEOUT,
        helpers,
    );
    let associations = lambda::custom_resource(
        "Custom::ExpressWafAssociations",
        ids::WAF_ASSOCIATIONS_FUNCTION,
        ASSOCIATIONS_TIMEOUT,
        vec![("WebAcls", arr(vec![]))],
    );
    let made = [
        lambda::log_group(helpers),
        associations_role(helpers),
        function,
        associations,
    ];
    ASSOCIATIONS_IDS.into_iter().zip(made).collect()
}
