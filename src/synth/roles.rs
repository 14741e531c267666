//! IAM: the shared infrastructure and execution roles, a service's own task role, and the read grants of
//! exactly the secrets a service uses.

use super::cfn::{aws_managed_policy, r#ref, resource, sub};
use crate::json::Value;
use crate::model::Service;
use crate::rules::ids::{self, SecretSource};
use crate::token::is_token;
use crate::value::{arr, obj, text};

const ECS_TASKS: &str = "ecs-tasks.amazonaws.com";

fn document(statements: Vec<Value>) -> Value {
    obj(vec![
        ("Version", text("2012-10-17")),
        ("Statement", arr(statements)),
    ])
}

fn trust(service: &str, condition: Option<Value>) -> Value {
    let mut statement = vec![
        ("Effect", text("Allow")),
        ("Principal", obj(vec![("Service", text(service))])),
        ("Action", text("sts:AssumeRole")),
    ];
    if let Some(c) = condition {
        statement.push(("Condition", c));
    }
    document(vec![obj(statement)])
}

fn same_account() -> (&'static str, Value) {
    (
        "StringEquals",
        obj(vec![("aws:SourceAccount", r#ref("AWS::AccountId"))]),
    )
}

/// cdk-nag's AwsSolutions-IAM4 flags every AWS managed policy; these two are the ones AWS documents for
/// the roles and keeps current, so the finding is acknowledged on the role with the reason.
fn nag_acknowledgement(policy: &str, reason: &str) -> Value {
    let rule = obj(vec![
        ("id", text("AwsSolutions-IAM4")),
        ("reason", text(reason)),
        (
            "applies_to",
            arr(vec![text(&format!(
                "Policy::arn:<AWS::Partition>:iam::aws:policy/{policy}"
            ))]),
        ),
    ]);
    obj(vec![(
        "cdk_nag",
        obj(vec![("rules_to_suppress", arr(vec![rule]))]),
    )])
}

fn role(description: &str, trust: Value, managed_policy: Option<(&str, &str)>) -> Value {
    let mut props = vec![
        ("Description", text(description)),
        ("AssumeRolePolicyDocument", trust),
    ];
    let mut extra = Vec::new();
    if let Some((name, reason)) = managed_policy {
        props.push(("ManagedPolicyArns", arr(vec![aws_managed_policy(name)])));
        extra.push(("Metadata", nag_acknowledgement(name, reason)));
    }
    resource("AWS::IAM::Role", extra, obj(props))
}

/// Lets ECS manage the load balancer, certificate, security groups and scaling of Express services. No
/// confused-deputy condition: no AWS source says ECS sends aws:SourceAccount for this role, and a condition
/// it does not satisfy would break every deployment.
pub fn infrastructure_role() -> Value {
    role(
        "Lets Amazon ECS manage the load balancers, certificates and scaling of Express services",
        trust("ecs.amazonaws.com", None),
        Some((
            "service-role/AmazonECSInfrastructureRoleforExpressGatewayServices",
            "Express Mode's documented infrastructure policy: AWS keeps it matched to what ECS must manage (load balancers, certificates, security groups, scaling)",
        )),
    )
}

/// Pulls images and writes logs for the tasks of every service; read grants for secrets are attached per
/// service (see `execution_policy`) so the role stays the same whatever the services use.
pub fn execution_role() -> Value {
    role(
        "Lets Amazon ECS pull images, read the services' secrets and write logs for Express service tasks",
        trust(ECS_TASKS, Some(obj(vec![same_account()]))),
        Some((
            "service-role/AmazonECSTaskExecutionRolePolicy",
            "The documented task execution policy: image pulls and log writes only; secret reads are granted per service on exactly their ARNs",
        )),
    )
}

/// A service's own task role: the app's AWS permissions, none until something grants them.
pub fn task_role(service: &Service) -> Value {
    let condition = obj(vec![
        same_account(),
        (
            "ArnLike",
            obj(vec![(
                "aws:SourceArn",
                sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"),
            )]),
        ),
    ]);
    role(
        &format!("The task role of Express service {}", service.name),
        trust(ECS_TASKS, Some(condition)),
        None,
    )
}

/// A secret ARN as IAM resources. A partial ARN (without the random 6-character suffix Secrets Manager adds)
/// matches the full one only with `-??????`; whether the name ends in such a suffix cannot be told for sure
/// (`db-master` ends in 6 letters), so an ARN that may be full is granted both ways.
fn secret_resources(arn: &str) -> Vec<Value> {
    let name = arn.rsplit(':').next().unwrap_or_default();
    let may_be_full = name
        .rsplit_once('-')
        .is_some_and(|(_, s)| s.len() == 6 && s.chars().all(|c| c.is_ascii_alphanumeric()));
    let partial = Value::String(format!("{arn}-??????"));
    if may_be_full {
        vec![Value::String(arn.to_string()), partial]
    } else {
        vec![partial]
    }
}

fn allow(action: &str, resources: Vec<Value>) -> Value {
    obj(vec![
        ("Effect", text("Allow")),
        ("Action", text(action)),
        ("Resource", arr(resources)),
    ])
}

/// The read grants of one service's secrets and registry credentials, or `None` when it uses none.
pub fn execution_policy(service: &Service, role: &str) -> Option<Value> {
    let mut secrets: Vec<Value> = Vec::new();
    let mut parameters: Vec<Value> = Vec::new();
    let add = |list: &mut Vec<Value>, v: Value| {
        if !list.contains(&v) {
            list.push(v);
        }
    };
    // The sidecars' secrets are read by the same execution role, for the same task.
    let sidecar_secrets = service.sidecars.iter().flat_map(|c| c.secrets.iter());
    for (_, from) in service.secrets.iter().chain(sidecar_secrets) {
        if is_token(from) {
            // A token is a secret or parameter ARN of another construct; the construct grants it itself.
            continue;
        }
        match ids::secret_source(from) {
            Ok(SecretSource::SecretsManager(arn)) => secret_resources(&arn).into_iter().for_each(|r| add(&mut secrets, r)),
            Ok(SecretSource::SsmArn(arn)) => add(&mut parameters, Value::String(arn)),
            Ok(SecretSource::SsmName(name)) => add(
                &mut parameters,
                sub(&format!("arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{name}")),
            ),
            Err(_) => {}
        }
    }
    if let Some(creds) = &service.repository_credentials {
        if !is_token(creds) {
            secret_resources(creds)
                .into_iter()
                .for_each(|r| add(&mut secrets, r));
        }
    }
    let mut statements = Vec::new();
    if !secrets.is_empty() {
        statements.push(allow("secretsmanager:GetSecretValue", secrets));
    }
    if !parameters.is_empty() {
        statements.push(allow("ssm:GetParameters", parameters));
    }
    if statements.is_empty() {
        return None;
    }
    Some(resource(
        "AWS::IAM::ManagedPolicy",
        vec![],
        obj(vec![
            (
                "Description",
                text(&format!(
                    "Lets the tasks of Express service {} read its secrets",
                    service.name
                )),
            ),
            ("PolicyDocument", document(statements)),
            ("Roles", arr(vec![r#ref(role)])),
        ]),
    ))
}
