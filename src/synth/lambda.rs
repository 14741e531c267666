//! The machinery of the library's custom resources (web ACL associations, custom domains): a Node.js
//! function with its code inline in the template (no asset, no download), its role and its log group, each
//! shaped by the spec's `helpers` (runtime, log key, subnets).
//!
//! What the field's checkers ask of a function that does not fit one CloudFormation calls is acknowledged on
//! the resource, in each checker's own format, with the reason; what a setting can satisfy (a VPC, a log key)
//! is left to the setting, never acknowledged.

use super::cfn::{get_att, r#ref, resource};
use super::service::list;
use crate::json::Value;
use crate::model::Helpers;
use crate::rules::lambda::DEFAULT_NODE_RUNTIME;
use crate::value::{arr, num, obj, text};

/// Days a function's log group keeps its logs: a year, as AWS Control Tower's CT.CLOUDWATCH.PR.2 asks.
const LOG_DAYS: u64 = 365;

/// Checkov's checks that do not fit a custom resource's function.
const CHECKOV_FUNCTION: [(&str, &str); 2] = [
    ("CKV_AWS_115", "Reserved concurrency would take from the account's unreserved pool and fails a deploy in an account at Lambda's minimum; CloudFormation invokes the function once per change"),
    ("CKV_AWS_116", "CloudFormation waits for the function's answer at the response URL, where every error is answered as FAILED; an event it could not answer fails the resource at its ServiceTimeout. A dead-letter queue would hold events nobody replays"),
];
/// The same two, as the AWS Guard Rules Registry names them.
const GUARD_FUNCTION: [&str; 2] = ["LAMBDA_CONCURRENCY_CHECK", "LAMBDA_DLQ_CHECK"];
/// The role's policy is inline so that it lives and dies with the role and counts against no managed-policy
/// quota (10 per role): each service with a domain adds its own grant.
pub const GUARD_INLINE_POLICY: &str = "IAM_NO_INLINE_POLICY_CHECK";
/// A statement on `*`, for actions that take no resource ARN.
pub const GUARD_WILDCARD: &str = "IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE";

/// `Metadata` acknowledging checkov's `checks` (id, reason), when any, and the Guard Rules Registry's `guard`
/// rules (Guard's format has no place for a reason: the constants above give it).
pub fn acknowledged(checks: &[(&str, &str)], guard: &[&str]) -> Value {
    let skip: Vec<Value> = checks
        .iter()
        .map(|(id, why)| obj(vec![("id", text(id)), ("comment", text(why))]))
        .collect();
    let guard = (
        "guard",
        obj(vec![(
            "SuppressedRules",
            arr(guard.iter().map(|r| text(r)).collect()),
        )]),
    );
    if skip.is_empty() {
        obj(vec![guard])
    } else {
        obj(vec![("checkov", obj(vec![("skip", arr(skip))])), guard])
    }
}

/// A function of the library: Node.js (its AWS SDK v3 is built in), 128 MB, logging to `logs`, in the
/// helpers' subnets when given.
pub fn function(
    description: &str,
    role: &str,
    logs: &str,
    code: &str,
    timeout: u64,
    helpers: &Helpers,
) -> Value {
    let runtime = helpers.runtime.as_deref().unwrap_or(DEFAULT_NODE_RUNTIME);
    let mut props = vec![
        ("Description", text(description)),
        ("Runtime", text(runtime)),
        ("Handler", text("index.handler")),
        ("Timeout", num(timeout)),
        ("MemorySize", num(128)),
        ("Role", get_att(role, "Arn")),
        ("Code", obj(vec![("ZipFile", text(code))])),
        ("LoggingConfig", obj(vec![("LogGroup", r#ref(logs))])),
    ];
    if let (Some(subnets), Some(groups)) = (&helpers.subnets, &helpers.security_groups) {
        props.push((
            "VpcConfig",
            obj(vec![
                ("SubnetIds", list(subnets)),
                ("SecurityGroupIds", list(groups)),
            ]),
        ));
    }
    let metadata = acknowledged(&CHECKOV_FUNCTION, &GUARD_FUNCTION);
    resource(
        "AWS::Lambda::Function",
        vec![("Metadata", metadata)],
        obj(props),
    )
}

/// A function's log group: a year, encrypted with the helpers' key when given.
pub fn log_group(helpers: &Helpers) -> Value {
    let mut props = vec![("RetentionInDays", num(LOG_DAYS))];
    if let Some(key) = &helpers.log_kms_key {
        props.push(("KmsKeyId", text(key)));
    }
    resource("AWS::Logs::LogGroup", vec![], obj(props))
}

pub fn allow(actions: &[&str], resources: Vec<Value>) -> Value {
    obj(vec![
        ("Effect", text("Allow")),
        ("Action", arr(actions.iter().map(|a| text(a)).collect())),
        ("Resource", arr(resources)),
    ])
}

/// What Lambda does with a function's role to put it in a VPC: its network interfaces (Lambda Developer
/// Guide, "Giving Lambda functions access to resources in an Amazon VPC": the actions of the managed policy
/// AWSLambdaVPCAccessExecutionRole; the Create and Describe actions work only on `*`).
const VPC_ACTIONS: [&str; 5] = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
];

/// A function's role, trusted by Lambda: `statements`, then writing to its own log group `logs` (and the
/// network interfaces of the helpers' subnets). `nag`: cdk-nag's acknowledgements of its wildcards, as
/// `nag_wildcards` makes them.
pub fn role(
    description: &str,
    policy_name: &str,
    mut statements: Vec<Value>,
    logs: &str,
    mut nag: Vec<(String, Vec<String>)>,
    helpers: &Helpers,
) -> Value {
    let trust = obj(vec![
        ("Version", text("2012-10-17")),
        (
            "Statement",
            arr(vec![obj(vec![
                ("Effect", text("Allow")),
                (
                    "Principal",
                    obj(vec![("Service", text("lambda.amazonaws.com"))]),
                ),
                ("Action", text("sts:AssumeRole")),
            ])]),
        ),
    ]);
    statements.push(allow(
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![get_att(logs, "Arn")],
    ));
    let in_vpc = helpers.subnets.is_some();
    if in_vpc {
        statements.push(allow(&VPC_ACTIONS, vec![text("*")]));
        nag.push((
            "Lambda manages the network interfaces of a function in a VPC with its role; ec2:CreateNetworkInterface and ec2:DescribeNetworkInterfaces work only on *".into(),
            vec!["Resource::*".into()],
        ));
    }
    let document = obj(vec![
        ("Version", text("2012-10-17")),
        ("Statement", arr(statements)),
    ]);
    let mut guard = vec![GUARD_INLINE_POLICY];
    if nag
        .iter()
        .any(|(_, a)| a.iter().any(|a| a == "Resource::*"))
    {
        guard.push(GUARD_WILDCARD);
    }
    // checkov's CKV_AWS_111 (write actions on `*`) on the network-interface actions: they take `*`.
    let checks: &[(&str, &str)] = if in_vpc {
        &[("CKV_AWS_111", "Lambda manages the network interfaces of a function in a VPC with its role; ec2:CreateNetworkInterface and ec2:DescribeNetworkInterfaces work only on *")]
    } else {
        &[]
    };
    let mut metadata = acknowledged(checks, &guard);
    if let Value::Object(m) = &mut metadata {
        m.insert("cdk_nag".into(), nag_rules(&nag));
    }
    resource(
        "AWS::IAM::Role",
        vec![("Metadata", metadata)],
        obj(vec![
            ("Description", text(description)),
            ("AssumeRolePolicyDocument", trust),
            (
                "Policies",
                arr(vec![obj(vec![
                    ("PolicyName", text(policy_name)),
                    ("PolicyDocument", document),
                ])]),
            ),
        ]),
    )
}

/// cdk-nag's AwsSolutions-IAM5 acknowledged for the wildcard resources `patterns` (`Fn::Sub` text), with
/// the reason; for `role`.
pub fn nag_wildcards(reason: &str, patterns: &[&str]) -> (String, Vec<String>) {
    let as_nag =
        |pattern: &&str| format!("Resource::{}", pattern.replace("${", "<").replace('}', ">"));
    (reason.to_string(), patterns.iter().map(as_nag).collect())
}

/// `rules_to_suppress` of cdk-nag: one AwsSolutions-IAM5 entry (cdk-nag reads one per rule), its reasons
/// joined and the findings it applies to listed once.
fn nag_rules(entries: &[(String, Vec<String>)]) -> Value {
    let reason: Vec<&str> = entries.iter().map(|(r, _)| r.as_str()).collect();
    let mut applies: Vec<&str> = Vec::new();
    for a in entries.iter().flat_map(|(_, a)| a) {
        if !applies.contains(&a.as_str()) {
            applies.push(a);
        }
    }
    let rule = obj(vec![
        ("id", text("AwsSolutions-IAM5")),
        ("reason", text(&reason.join("; "))),
        ("applies_to", arr(applies.iter().map(|a| text(a)).collect())),
    ]);
    obj(vec![("rules_to_suppress", arr(vec![rule]))])
}

/// A custom resource of type `ty` served by `function`, with `properties` after the token. It waits at most
/// a minute past the function's own `timeout`, not CloudFormation's default hour.
pub fn custom_resource(
    ty: &str,
    function: &str,
    timeout: u64,
    properties: Vec<(&str, Value)>,
) -> Value {
    let mut props = vec![("ServiceToken", get_att(function, "Arn"))];
    props.extend(properties);
    props.push(("ServiceTimeout", num(timeout + 60)));
    resource(ty, vec![], obj(props))
}
