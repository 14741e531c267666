//! A custom domain (`domain`), as AWS's guide for Express does it ("Add a custom domain", under Express's
//! advanced customization): the certificate on the shared HTTPS listener (`ListenerCertificate`), the names
//! added to the host-header condition of the listener rule Express manages for the service (a custom resource:
//! CloudFormation has no resource that edits another's rule), and the DNS records.
//!
//! Not a listener rule of our own: Express moves traffic between target groups by changing its rule's action
//! weights during a canary deployment, so a rule pinned to one target group would send traffic to the old
//! tasks after a deployment. The custom resource runs again on every update of the service (its `UpdatedAt`),
//! since an Express update may write the rule anew.

use super::cfn::{get_att, resource};
use super::ids;
use super::lambda::{self, allow};
use crate::json::Value;
use crate::model::{Domain, Helpers};
use crate::rules::domains;
use crate::value::{arr, obj, text, texts};

/// The function's code (`domain_names.js`), inline in the template.
pub const CODE: &str = include_str!("domain_names.js");
/// Seconds the function may run (ModifyRule is retried while the rule is busy).
const TIMEOUT: u64 = 300;
/// Seconds resolvers keep a CNAME.
const TTL: u64 = 300;

const INGRESS: &str = "ECSManagedResourceArns.IngressPath";

/// The service's resources for `domain`, in dependency order (local IDs through `id`).
pub fn resources(
    d: &Domain,
    service_name: &str,
    service: &str,
    id: &dyn Fn(&str) -> String,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let certificate = match (&d.certificate_arn, &d.hosted_zone) {
        (Some(arn), _) => text(arn),
        (None, Some(zone)) => {
            let cert_id = id(ids::CERTIFICATE);
            out.push((cert_id.clone(), certificate(d, &zone.id)));
            obj(vec![("Ref", text(&cert_id))])
        }
        // The parser refuses a domain with neither.
        (None, None) => Value::Null,
    };
    let listener_certificate = id(ids::LISTENER_CERTIFICATE);
    out.push((
        listener_certificate.clone(),
        resource(
            "AWS::ElasticLoadBalancingV2::ListenerCertificate",
            vec![],
            obj(vec![
                (
                    "ListenerArn",
                    get_att(service, &format!("{INGRESS}.ListenerArn")),
                ),
                (
                    "Certificates",
                    arr(vec![obj(vec![("CertificateArn", certificate)])]),
                ),
            ]),
        ),
    ));
    let policy = id(ids::DOMAIN_NAMES_POLICY);
    out.push((policy.clone(), rule_policy(service_name, service)));
    let names_id = id(ids::DOMAIN_NAMES);
    let mut names = lambda::custom_resource(
        "Custom::ExpressDomainNames",
        ids::DOMAIN_NAMES_FUNCTION,
        TIMEOUT,
        vec![
            (
                "ListenerRuleArn",
                get_att(service, &format!("{INGRESS}.ListenerRuleArn")),
            ),
            (
                "LoadBalancerArn",
                get_att(service, &format!("{INGRESS}.LoadBalancerArn")),
            ),
            ("HostNames", texts(&d.names)),
            // Runs again after every update of the service, which may have written the rule anew.
            ("ServiceUpdatedAt", get_att(service, "UpdatedAt")),
        ],
    );
    // The host is served once its certificate is on the listener; the function may edit the rule once
    // its policy exists (and until the names are removed).
    if let Value::Object(m) = &mut names {
        m.insert(
            "DependsOn".into(),
            arr(vec![text(&listener_certificate), text(&policy)]),
        );
    }
    out.push((names_id.clone(), names));
    if let Some(zone) = &d.hosted_zone {
        let records = d
            .names
            .iter()
            .map(|n| record(n, domains::is_apex(n, &zone.name), service, &names_id))
            .collect();
        let mut group = resource(
            "AWS::Route53::RecordSetGroup",
            vec![],
            obj(vec![
                ("HostedZoneId", text(&zone.id)),
                (
                    "Comment",
                    text(&format!("Host names of Express service {service_name}")),
                ),
                ("RecordSets", arr(records)),
            ]),
        );
        // Served once the rule holds the names: an alias names the custom resource's attributes, CNAMEs alone
        // wait for it.
        let alias = d.names.iter().any(|n| domains::is_apex(n, &zone.name));
        if let (Value::Object(m), false) = (&mut group, alias) {
            m.insert("DependsOn".into(), arr(vec![text(&names_id)]));
        }
        out.push((id(ids::DNS_RECORDS), group));
    }
    out
}

/// A certificate for exactly the names, validated by DNS in the zone (CloudFormation waits for it).
fn certificate(d: &Domain, zone: &str) -> Value {
    // The parser holds 1–4 names.
    let (first, rest) = d
        .names
        .split_first()
        .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
    let mut props = vec![("DomainName", text(first))];
    if !rest.is_empty() {
        props.push(("SubjectAlternativeNames", texts(rest)));
    }
    props.push(("ValidationMethod", text("DNS")));
    props.push((
        "DomainValidationOptions",
        arr(d
            .names
            .iter()
            .map(|n| obj(vec![("DomainName", text(n)), ("HostedZoneId", text(zone))]))
            .collect()),
    ));
    resource("AWS::CertificateManager::Certificate", vec![], obj(props))
}

/// A CNAME to the service's endpoint; at the zone apex, where DNS takes no CNAME, an alias to the load
/// balancer (its DNS name and zone come from the custom resource: no attribute of the service gives them).
fn record(name: &str, apex: bool, service: &str, names: &str) -> Value {
    if apex {
        obj(vec![
            ("Name", text(name)),
            ("Type", text("A")),
            (
                "AliasTarget",
                obj(vec![
                    ("DNSName", get_att(names, "LoadBalancerDnsName")),
                    ("HostedZoneId", get_att(names, "LoadBalancerHostedZoneId")),
                ]),
            ),
        ])
    } else {
        obj(vec![
            ("Name", text(name)),
            ("Type", text("CNAME")),
            ("TTL", text(&TTL.to_string())),
            ("ResourceRecords", arr(vec![get_att(service, "Endpoint")])),
        ])
    }
}

/// The fewest characters IAM counts for one service's `rule_policy`: its document without white space, with the
/// listener rule's ARN as short as ELB makes one (a one-character load balancer name, the shortest Region codes).
pub fn rule_policy_min_chars() -> usize {
    use crate::rules::limits::json_bytes;
    const SHORTEST_RULE_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/a/0123456789abcdef/0123456789abcdef/0123456789abcdef";
    let policy = rule_policy("S", "S");
    let document = policy
        .get("Properties")
        .and_then(|p| p.get("PolicyDocument"))
        .map_or(0, json_bytes);
    let attribute = get_att("S", &format!("{INGRESS}.ListenerRuleArn"));
    document.saturating_sub(json_bytes(&attribute))
        + json_bytes(&Value::String(SHORTEST_RULE_ARN.into()))
}

/// The service's own grant to the shared function: ModifyRule on its listener rule alone.
fn rule_policy(service_name: &str, service: &str) -> Value {
    let document = obj(vec![
        ("Version", text("2012-10-17")),
        (
            "Statement",
            arr(vec![allow(
                &["elasticloadbalancing:ModifyRule"],
                vec![get_att(service, &format!("{INGRESS}.ListenerRuleArn"))],
            )]),
        ),
    ]);
    // Inline in the shared role: a managed policy per service would meet IAM's quota of 10 per role.
    resource(
        "AWS::IAM::Policy",
        vec![(
            "Metadata",
            lambda::acknowledged(&[], &[lambda::GUARD_INLINE_POLICY]),
        )],
        obj(vec![
            ("PolicyName", text(&format!("{service_name}ListenerRule"))),
            ("PolicyDocument", document),
            (
                "Roles",
                arr(vec![obj(vec![("Ref", text(ids::DOMAIN_NAMES_ROLE))])]),
            ),
        ]),
    )
}

/// The IDs of `shared_resources`, in its order.
pub const SHARED_IDS: [&str; 3] = [
    ids::DOMAIN_NAMES_LOGS,
    ids::DOMAIN_NAMES_ROLE,
    ids::DOMAIN_NAMES_FUNCTION,
];

/// The resources shared by the services with a domain: the function, its role and log group.
pub fn shared_resources(helpers: &Helpers) -> Vec<(&'static str, Value)> {
    // ELB's Describe actions take no resource ARN (Service Authorization Reference: no resource types).
    let statements = vec![allow(
        &[
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeLoadBalancers",
        ],
        vec![text("*")],
    )];
    let nag = vec![lambda::nag_wildcards(
        "Elastic Load Balancing's Describe actions take no resource ARN; the rule each service's names go to is granted by that service's own policy",
        &["*"],
    )];
    let role = lambda::role(
        "Lets the function of cdk-express-service add custom host names to the listener rules of Express services",
        "DescribeListenerRules",
        statements,
        ids::DOMAIN_NAMES_LOGS,
        nag,
        helpers,
    );
    let function = lambda::function(
        "Adds custom host names to the listener rules Express Mode manages for its services (cdk-express-service)",
        ids::DOMAIN_NAMES_ROLE,
        ids::DOMAIN_NAMES_LOGS,
        CODE,
        TIMEOUT,
        helpers,
    );
    SHARED_IDS
        .into_iter()
        .zip([lambda::log_group(helpers), role, function])
        .collect()
}
