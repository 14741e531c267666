//! IAM: the shared infrastructure and execution roles, a service's own task role, and the read grants of
//! exactly the secrets a service uses.

use super::cfn::{aws_managed_policy, r#ref, sub};
use crate::rules::ids::{self, SecretSource};
use crate::spec::Service;
use crate::token::is_token;
use serde_json::{json, Value};

const ECS_TASKS: &str = "ecs-tasks.amazonaws.com";

fn trust(service: &str, condition: Option<Value>) -> Value {
    let mut statement = json!({ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" });
    if let (Some(c), Some(obj)) = (condition, statement.as_object_mut()) {
        obj.insert("Condition".into(), c);
    }
    json!({ "Version": "2012-10-17", "Statement": [statement] })
}

/// Lets ECS manage the load balancer, certificate, security groups and scaling of Express services. No
/// confused-deputy condition: no AWS source says ECS sends aws:SourceAccount for this role, and a condition
/// it does not satisfy would break every deployment.
pub fn infrastructure_role() -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": "Lets Amazon ECS manage the load balancers, certificates and scaling of Express services",
            "AssumeRolePolicyDocument": trust("ecs.amazonaws.com", None),
            "ManagedPolicyArns": [aws_managed_policy("service-role/AmazonECSInfrastructureRoleforExpressGatewayServices")]
        }
    })
}

/// Pulls images and writes logs for the tasks of every service; read grants for secrets are attached per
/// service (see `execution_policy`) so the role stays the same whatever the services use.
pub fn execution_role() -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": "Lets Amazon ECS pull images, read the services' secrets and write logs for Express service tasks",
            "AssumeRolePolicyDocument": trust(ECS_TASKS, Some(json!({
                "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") }
            }))),
            "ManagedPolicyArns": [aws_managed_policy("service-role/AmazonECSTaskExecutionRolePolicy")]
        }
    })
}

/// A service's own task role: the app's AWS permissions, none until something grants them.
pub fn task_role(service: &Service) -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": format!("The task role of Express service {}", service.name),
            "AssumeRolePolicyDocument": trust(ECS_TASKS, Some(json!({
                "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") },
                "ArnLike": { "aws:SourceArn": sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*") }
            })))
        }
    })
}

/// A secret ARN as an IAM resource: a secret given without its random 6-character suffix matches any suffix.
fn secret_resource(arn: &str) -> Value {
    let name = arn.rsplit(':').next().unwrap_or_default();
    let has_suffix = name
        .rsplit_once('-')
        .is_some_and(|(_, s)| s.len() == 6 && s.chars().all(|c| c.is_ascii_alphanumeric()));
    Value::String(if has_suffix {
        arn.to_string()
    } else {
        format!("{arn}-??????")
    })
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
    for (_, from) in &service.secrets {
        if is_token(from) {
            // A token is a secret or parameter ARN of another construct; the construct grants it itself.
            continue;
        }
        match ids::secret_source(from) {
            Ok(SecretSource::SecretsManager(arn)) => add(&mut secrets, secret_resource(&arn)),
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
            add(&mut secrets, secret_resource(creds));
        }
    }
    let mut statements = Vec::new();
    if !secrets.is_empty() {
        statements.push(json!({ "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secrets }));
    }
    if !parameters.is_empty() {
        statements.push(
            json!({ "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": parameters }),
        );
    }
    if statements.is_empty() {
        return None;
    }
    Some(json!({
        "Type": "AWS::IAM::ManagedPolicy",
        "Properties": {
            "Description": format!("Lets the tasks of Express service {} read its secrets", service.name),
            "PolicyDocument": { "Version": "2012-10-17", "Statement": statements },
            "Roles": [r#ref(role)]
        }
    }))
}
