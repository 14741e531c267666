//! The security group a service's tasks get when the spec asks for one (`network.createSecurityGroup`).

use super::cfn::resource;
use crate::json::Value;
use crate::model::{Service, Val};
use crate::token::is_token;
use crate::value::{arr, num, obj, text};

/// The port Express Mode's load balancer sends to: the container's.
pub fn target_port(s: &Service) -> Value {
    match &s.container_port {
        Some(Val::Known(p)) => num(*p),
        Some(Val::Token(t)) => text(t),
        None => num(super::service::DEFAULT_CONTAINER_PORT),
    }
}

/// A group CDK can name in other resources' rules. Ingress: the container port from the VPC's range, because
/// the load balancer's own group is made by Express at deploy time (its ID is only a `GetAtt` of the service,
/// which the service cannot depend on) and no AWS page says Express adds a rule to groups it is given.
/// Egress: everything, as Express's own group and CDK's default allow (images, logs, secrets, the app's calls).
pub fn security_group(s: &Service, vpc: &str, vpc_cidr: &str) -> Value {
    let port = target_port(s);
    // The AWS Guard Rules Registry asks for /32 sources and no open egress: the load balancer Express makes
    // has no fixed address (the VPC's range is the narrowest source known), and what the tasks reach out to
    // is the app's (a user who wants narrower egress gives groups of their own, `network.securityGroups`).
    let guard = (
        "guard",
        obj(vec![(
            "SuppressedRules",
            arr([
                "SECURITY_GROUP_INGRESS_CIDR_NON_32_RULE",
                "SECURITY_GROUP_EGRESS_ALL_PROTOCOLS_RULE",
                "EC2_SECURITY_GROUP_EGRESS_OPEN_TO_WORLD_RULE",
            ]
            .iter()
            .map(|r| text(r))
            .collect()),
        )]),
    );
    // cdk-nag's AwsSolutions-EC23 takes a range it cannot read (a VPC's `CidrBlock` attribute) for 0.0.0.0/0.
    let metadata = if is_token(vpc_cidr) {
        let rule = obj(vec![
            ("id", text("AwsSolutions-EC23")),
            (
                "reason",
                text("The ingress is the VPC's own IPv4 range (known at deploy), not the internet"),
            ),
        ]);
        obj(vec![
            guard,
            ("cdk_nag", obj(vec![("rules_to_suppress", arr(vec![rule]))])),
        ])
    } else {
        obj(vec![guard])
    };
    let extra = vec![("Metadata", metadata)];
    resource(
        "AWS::EC2::SecurityGroup",
        extra,
        obj(vec![
            (
                "GroupDescription",
                text(&format!("Tasks of Express service {}", s.name)),
            ),
            ("VpcId", text(vpc)),
            (
                "SecurityGroupIngress",
                arr(vec![obj(vec![
                    ("IpProtocol", text("tcp")),
                    ("FromPort", port.clone()),
                    ("ToPort", port),
                    ("CidrIp", text(vpc_cidr)),
                    (
                        "Description",
                        text("The load balancer, from within the VPC, to the container port"),
                    ),
                ])]),
            ),
            (
                "SecurityGroupEgress",
                arr(vec![obj(vec![
                    ("IpProtocol", text("-1")),
                    ("CidrIp", text("0.0.0.0/0")),
                    ("Description", text("All outbound traffic")),
                ])]),
            ),
        ]),
    )
}
