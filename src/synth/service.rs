//! The `AWS::ECS::ExpressGatewayService` of one service.

use super::cfn::{self, get_att, r#ref};
use crate::rules::fargate;
use crate::spec::{List, Metric, Service, Val};
use serde_json::{json, Map, Value};

/// Where the service's references point, as resolved by the fragment builder.
pub struct Links {
    pub cluster: Option<Value>,
    pub infrastructure_role: Value,
    pub execution_role: Value,
    pub task_role: Option<Value>,
    pub log_group: Option<Value>,
    pub depends_on: Vec<String>,
}

fn count(v: &Val<u64>) -> Value {
    match v {
        Val::Known(n) => json!(n),
        Val::Token(t) => json!(t),
    }
}

fn size(v: &Val<u64>) -> Value {
    match v {
        Val::Known(n) => json!(n.to_string()),
        Val::Token(t) => json!(t),
    }
}

fn list(v: &List) -> Value {
    match v {
        Val::Known(items) => json!(items),
        Val::Token(t) => json!(t),
    }
}

/// cpu and memory, always stated: the defaults differ between AWS pages, and a template that says them
/// cannot be read two ways. A token size is stated as given; the parser demands its partner.
pub fn task_size(s: &Service) -> (Value, Value) {
    let (cpu, memory) = match (&s.cpu, &s.memory) {
        (Some(c), Some(m)) => (size(c), size(m)),
        (Some(Val::Known(c)), None) => (
            size(&Val::Known(*c)),
            json!(fargate::default_memory(*c).unwrap_or(0).to_string()),
        ),
        (None, Some(Val::Known(m))) => (
            json!(fargate::default_cpu(*m).unwrap_or(0).to_string()),
            size(&Val::Known(*m)),
        ),
        (Some(c), None) => (size(c), Value::Null),
        (None, Some(m)) => (Value::Null, size(m)),
        (None, None) => (
            json!(fargate::DEFAULT.0.to_string()),
            json!(fargate::DEFAULT.1.to_string()),
        ),
    };
    (cpu, memory)
}

pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Cpu => "AVERAGE_CPU",
        Metric::Memory => "AVERAGE_MEMORY",
        Metric::Requests => "REQUEST_COUNT_PER_TARGET",
    }
}

pub const DEFAULT_TARGET_VALUE: u64 = 60;
pub const DEFAULT_STREAM_PREFIX: &str = "ecs";
pub const DEFAULT_CONTAINER_PORT: u64 = 80;

fn container(s: &Service, links: &Links) -> Value {
    let mut c = Map::new();
    c.insert("Image".into(), json!(s.image));
    c.insert(
        "ContainerPort".into(),
        s.container_port
            .as_ref()
            .map_or(json!(DEFAULT_CONTAINER_PORT), count),
    );
    if let Some(command) = &s.command {
        c.insert("Command".into(), list(command));
    }
    if !s.environment.is_empty() {
        let env: Vec<Value> = s
            .environment
            .iter()
            .map(|(k, v)| json!({ "Name": k, "Value": v }))
            .collect();
        c.insert("Environment".into(), Value::Array(env));
    }
    if !s.secrets.is_empty() {
        let secrets: Vec<Value> = s
            .secrets
            .iter()
            .map(|(k, v)| json!({ "Name": k, "ValueFrom": v }))
            .collect();
        c.insert("Secrets".into(), Value::Array(secrets));
    }
    if let Some(creds) = &s.repository_credentials {
        c.insert(
            "RepositoryCredentials".into(),
            json!({ "CredentialsParameter": creds }),
        );
    }
    if let (Some(logs), Some(group)) = (&s.logs, &links.log_group) {
        let prefix = logs
            .stream_prefix
            .as_deref()
            .unwrap_or(DEFAULT_STREAM_PREFIX);
        c.insert(
            "AwsLogsConfiguration".into(),
            json!({ "LogGroup": group, "LogStreamPrefix": prefix }),
        );
    }
    Value::Object(c)
}

pub fn express_service(s: &Service, links: &Links) -> Value {
    let mut p = Map::new();
    if let Some(name) = &s.service_name {
        p.insert("ServiceName".into(), json!(name));
    }
    if let Some(cluster) = &links.cluster {
        p.insert("Cluster".into(), cluster.clone());
    }
    p.insert(
        "InfrastructureRoleArn".into(),
        links.infrastructure_role.clone(),
    );
    p.insert("ExecutionRoleArn".into(), links.execution_role.clone());
    if let Some(task) = &links.task_role {
        p.insert("TaskRoleArn".into(), task.clone());
    }
    let (cpu, memory) = task_size(s);
    p.insert("Cpu".into(), cpu);
    p.insert("Memory".into(), memory);
    if let Some(path) = &s.health_check_path {
        p.insert("HealthCheckPath".into(), json!(path));
    }
    p.insert("PrimaryContainer".into(), container(s, links));
    if let Some(net) = &s.network {
        let mut n = Map::new();
        if let Some(subnets) = &net.subnets {
            n.insert("Subnets".into(), list(subnets));
        }
        if let Some(groups) = &net.security_groups {
            n.insert("SecurityGroups".into(), list(groups));
        }
        p.insert("NetworkConfiguration".into(), Value::Object(n));
    }
    if let Some(sc) = &s.scaling {
        let min = sc.min_tasks.clone().unwrap_or(Val::Known(1));
        let max = sc.max_tasks.clone().unwrap_or_else(|| min.clone());
        p.insert(
            "ScalingTarget".into(),
            json!({
                "MinTaskCount": count(&min),
                "MaxTaskCount": count(&max),
                "AutoScalingMetric": metric_name(sc.metric),
                "AutoScalingTargetValue": sc.target_value.as_ref().map_or(json!(DEFAULT_TARGET_VALUE), count)
            }),
        );
    }
    if !s.tags.is_empty() {
        p.insert("Tags".into(), cfn::tags(&s.tags));
    }
    let mut resource = Map::new();
    resource.insert("Type".into(), json!("AWS::ECS::ExpressGatewayService"));
    if !links.depends_on.is_empty() {
        resource.insert("DependsOn".into(), json!(links.depends_on));
    }
    resource.insert("Properties".into(), Value::Object(p));
    Value::Object(resource)
}

/// The attributes a caller exposes, by name.
pub fn attributes(service: &str) -> Map<String, Value> {
    let mut a = Map::new();
    a.insert("url".into(), cfn::https_url(service));
    a.insert("endpoint".into(), get_att(service, "Endpoint"));
    a.insert("serviceArn".into(), r#ref(service));
    a.insert(
        "loadBalancerArn".into(),
        get_att(
            service,
            "ECSManagedResourceArns.IngressPath.LoadBalancerArn",
        ),
    );
    a
}

/// A cluster the template creates.
pub fn cluster(name: &str, container_insights: bool) -> Value {
    json!({
        "Type": "AWS::ECS::Cluster",
        "Properties": {
            "ClusterName": name,
            "ClusterSettings": [{ "Name": "containerInsights", "Value": if container_insights { "enabled" } else { "disabled" } }]
        }
    })
}

/// A log group the template creates; kept when the stack goes, since logs outlive what wrote them.
pub fn log_group(retention_days: u64) -> Value {
    json!({
        "Type": "AWS::Logs::LogGroup",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": { "RetentionInDays": retention_days }
    })
}
