//! The machinery of the library's custom resources (web ACL associations, custom domains): a Node.js
//! function with its code inline in the template (no asset, no download), its role and its log group.

use super::cfn::{get_att, r#ref, resource};
use crate::json::Value;
use crate::value::{arr, num, obj, text};

/// CloudFormation takes at most 4096 characters of inline Node.js code (`Code.ZipFile`); tests check.
#[cfg(test)]
pub const MAX_INLINE_CODE: usize = 4096;
/// Days a function's log group keeps its logs: a year, as AWS Control Tower's CT.CLOUDWATCH.PR.2 asks.
const LOG_DAYS: u64 = 365;

/// A function of the library: Node.js 24 (its AWS SDK v3 is built in), 128 MB, logging to `logs`.
pub fn function(description: &str, role: &str, logs: &str, code: &str, timeout: u64) -> Value {
    resource(
        "AWS::Lambda::Function",
        vec![],
        obj(vec![
            ("Description", text(description)),
            ("Runtime", text("nodejs24.x")),
            ("Handler", text("index.handler")),
            ("Timeout", num(timeout)),
            ("MemorySize", num(128)),
            ("Role", get_att(role, "Arn")),
            ("Code", obj(vec![("ZipFile", text(code))])),
            ("LoggingConfig", obj(vec![("LogGroup", r#ref(logs))])),
        ]),
    )
}

pub fn log_group() -> Value {
    resource(
        "AWS::Logs::LogGroup",
        vec![],
        obj(vec![("RetentionInDays", num(LOG_DAYS))]),
    )
}

pub fn allow(actions: &[&str], resources: Vec<Value>) -> Value {
    obj(vec![
        ("Effect", text("Allow")),
        ("Action", arr(actions.iter().map(|a| text(a)).collect())),
        ("Resource", arr(resources)),
    ])
}

/// A function's role, trusted by Lambda: `statements`, then writing to its own log group `logs`.
/// `metadata`: cdk-nag acknowledgements of its wildcards.
pub fn role(
    description: &str,
    policy_name: &str,
    mut statements: Vec<Value>,
    logs: &str,
    metadata: Value,
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
    let document = obj(vec![
        ("Version", text("2012-10-17")),
        ("Statement", arr(statements)),
    ]);
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
/// the reason.
pub fn nag_wildcards(reason: &str, patterns: &[&str]) -> Value {
    let as_nag = |pattern: &&str| {
        text(&format!(
            "Resource::{}",
            pattern.replace("${", "<").replace('}', ">")
        ))
    };
    let rule = obj(vec![
        ("id", text("AwsSolutions-IAM5")),
        ("reason", text(reason)),
        ("applies_to", arr(patterns.iter().map(as_nag).collect())),
    ]);
    obj(vec![(
        "cdk_nag",
        obj(vec![("rules_to_suppress", arr(vec![rule]))]),
    )])
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
