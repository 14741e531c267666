//! The `AWS::ECS::ExpressGatewayService` of one service.

use super::cfn::{self, get_att, r#ref, resource, retained};
use crate::json::{Map, Value};
use crate::model::{List, Metric, Scaling, Service, Val};
use crate::rules::fargate;
use crate::value::{arr, num, obj, text, texts};

/// Where the service's references point, as resolved by the fragment builder.
pub struct Links {
    /// The task definition (the template's or the user's): the container, size and roles are then its.
    pub task_definition: Option<Value>,
    pub cluster: Option<Value>,
    pub infrastructure_role: Value,
    pub execution_role: Value,
    pub task_role: Option<Value>,
    pub log_group: Option<Value>,
    /// The group the template makes for the tasks, beside `network.securityGroups`.
    pub security_group: Option<Value>,
    pub depends_on: Vec<String>,
}

pub fn count(v: &Val<u64>) -> Value {
    match v {
        Val::Known(n) => num(*n),
        Val::Token(t) => text(t),
    }
}

fn size(v: &Val<u64>) -> Value {
    match v {
        Val::Known(n) => num_text(*n),
        Val::Token(t) => text(t),
    }
}

pub fn list(v: &List) -> Value {
    match v {
        Val::Known(items) => texts(items),
        Val::Token(t) => text(t),
    }
}

/// cpu and memory, always stated: the defaults differ between AWS pages, and a template that says them
/// cannot be read two ways. A token size is stated as given; the parser demands its partner.
pub fn task_size(s: &Service) -> (Value, Value) {
    match (&s.cpu, &s.memory) {
        (Some(c), Some(m)) => (size(c), size(m)),
        (Some(Val::Known(c)), None) => (
            num_text(*c),
            num_text(fargate::default_memory(*c).unwrap_or(0)),
        ),
        (None, Some(Val::Known(m))) => (
            num_text(fargate::default_cpu(*m).unwrap_or(0)),
            num_text(*m),
        ),
        (Some(c), None) => (size(c), Value::Null),
        (None, Some(m)) => (Value::Null, size(m)),
        (None, None) => (num_text(fargate::DEFAULT.0), num_text(fargate::DEFAULT.1)),
    }
}

fn num_text(n: u64) -> Value {
    text(&n.to_string())
}

pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Cpu => "AVERAGE_CPU",
        Metric::Memory => "AVERAGE_MEMORY",
        Metric::Requests => "REQUEST_COUNT_PER_TARGET",
    }
}

pub use crate::model::{DEFAULT_CONTAINER_PORT, DEFAULT_STREAM_PREFIX};

pub fn pairs(list: &[(String, String)], value_key: &str) -> Value {
    let items = list
        .iter()
        .map(|(k, v)| obj(vec![("Name", text(k)), (value_key, text(v))]));
    arr(items.collect())
}

/// What the service's own container runs with, in the words of both Express's `PrimaryContainer` and a task
/// definition's container: command, environment, secrets, registry credentials.
pub fn container_settings(s: &Service) -> Vec<(&'static str, Value)> {
    let mut c = Vec::new();
    if let Some(command) = &s.command {
        c.push(("Command", list(command)));
    }
    if !s.environment.is_empty() {
        c.push(("Environment", pairs(&s.environment, "Value")));
    }
    if !s.secrets.is_empty() {
        c.push(("Secrets", pairs(&s.secrets, "ValueFrom")));
    }
    if let Some(creds) = &s.repository_credentials {
        c.push((
            "RepositoryCredentials",
            obj(vec![("CredentialsParameter", text(creds))]),
        ));
    }
    c
}

fn container(s: &Service, links: &Links) -> Value {
    let port = s
        .container_port
        .as_ref()
        .map_or(num(DEFAULT_CONTAINER_PORT), count);
    let mut c = vec![
        ("Image", text(s.image.as_deref().unwrap_or_default())),
        ("ContainerPort", port),
    ];
    c.extend(container_settings(s));
    if let (Some(logs), Some(group)) = (&s.logs, &links.log_group) {
        let prefix = logs
            .stream_prefix
            .as_deref()
            .unwrap_or(DEFAULT_STREAM_PREFIX);
        let config = obj(vec![
            ("LogGroup", group.clone()),
            ("LogStreamPrefix", text(prefix)),
        ]);
        c.push(("AwsLogsConfiguration", config));
    }
    obj(c)
}

pub fn express_service(s: &Service, links: &Links) -> Value {
    let mut p = Vec::new();
    if let Some(name) = &s.service_name {
        p.push(("ServiceName", text(name)));
    }
    if let Some(cluster) = &links.cluster {
        p.push(("Cluster", cluster.clone()));
    }
    p.push(("InfrastructureRoleArn", links.infrastructure_role.clone()));
    // With a task definition, Express refuses the container, the size and the roles beside it.
    if let Some(td) = &links.task_definition {
        p.push(("TaskDefinitionArn", td.clone()));
    } else {
        p.push(("ExecutionRoleArn", links.execution_role.clone()));
        if let Some(task) = &links.task_role {
            p.push(("TaskRoleArn", task.clone()));
        }
        let (cpu, memory) = task_size(s);
        p.push(("Cpu", cpu));
        p.push(("Memory", memory));
    }
    if let Some(path) = &s.health_check_path {
        p.push(("HealthCheckPath", text(path)));
    }
    if links.task_definition.is_none() {
        p.push(("PrimaryContainer", container(s, links)));
    }
    if let Some(net) = &s.network {
        let mut n = Vec::new();
        if let Some(subnets) = &net.subnets {
            n.push(("Subnets", list(subnets)));
        }
        match (&net.security_groups, &links.security_group) {
            (Some(Val::Known(given)), Some(made)) => {
                let mut groups: Vec<Value> = given.iter().map(|g| text(g)).collect();
                groups.push(made.clone());
                n.push(("SecurityGroups", arr(groups)));
            }
            (None, Some(made)) => n.push(("SecurityGroups", arr(vec![made.clone()]))),
            (Some(groups), _) => n.push(("SecurityGroups", list(groups))),
            (None, None) => {}
        }
        p.push(("NetworkConfiguration", obj(n)));
    }
    if let Some(sc) = s.scaling.as_ref().map(Scaling::effective) {
        p.push((
            "ScalingTarget",
            obj(vec![
                ("MinTaskCount", count(&sc.min)),
                ("MaxTaskCount", count(&sc.max)),
                ("AutoScalingMetric", text(metric_name(sc.metric))),
                ("AutoScalingTargetValue", count(&sc.target)),
            ]),
        ));
    }
    if !s.tags.is_empty() {
        p.push(("Tags", cfn::tags(&s.tags)));
    }
    let mut extra = Vec::new();
    if !links.depends_on.is_empty() {
        extra.push(("DependsOn", texts(&links.depends_on)));
    }
    resource("AWS::ECS::ExpressGatewayService", extra, obj(p))
}

/// The attributes a caller exposes, by name.
pub fn attributes(service: &str) -> Map {
    let mut a = Map::new();
    a.insert("url".into(), cfn::https_url(service));
    a.insert("endpoint".into(), get_att(service, "Endpoint"));
    a.insert("serviceArn".into(), r#ref(service));
    for (key, path) in MANAGED_RESOURCES {
        a.insert(key.into(), get_att(service, path));
    }
    a
}

/// What ECS creates for the service and manages itself (outside the template), by attribute key: the GetAtt
/// paths of `ECSManagedResourceArns` (the readOnlyProperties of the CloudFormation registry schema of
/// AWS::ECS::ExpressGatewayService, cfn-lint 1.58.0). The keys ending in `Arns` are lists whose length is known
/// only once deployed. The security groups are ARNs (the ECS API's `ManagedSecurityGroup.arn`).
pub const MANAGED_RESOURCES: [(&str, &str); 11] = [
    (
        "loadBalancerArn",
        "ECSManagedResourceArns.IngressPath.LoadBalancerArn",
    ),
    (
        "listenerArn",
        "ECSManagedResourceArns.IngressPath.ListenerArn",
    ),
    (
        "listenerRuleArn",
        "ECSManagedResourceArns.IngressPath.ListenerRuleArn",
    ),
    (
        "certificateArn",
        "ECSManagedResourceArns.IngressPath.CertificateArn",
    ),
    (
        "targetGroupArns",
        "ECSManagedResourceArns.IngressPath.TargetGroupArns",
    ),
    (
        "loadBalancerSecurityGroupArns",
        "ECSManagedResourceArns.IngressPath.LoadBalancerSecurityGroups",
    ),
    (
        "serviceSecurityGroupArns",
        "ECSManagedResourceArns.ServiceSecurityGroups",
    ),
    (
        "scalableTargetArn",
        "ECSManagedResourceArns.AutoScaling.ScalableTarget",
    ),
    (
        "scalingPolicyArns",
        "ECSManagedResourceArns.AutoScaling.ApplicationAutoScalingPolicies",
    ),
    ("logGroupArns", "ECSManagedResourceArns.LogGroups"),
    ("metricAlarmArns", "ECSManagedResourceArns.MetricAlarms"),
];

/// A cluster the template creates.
pub fn cluster(name: &str, container_insights: bool) -> Value {
    let setting = obj(vec![
        ("Name", text("containerInsights")),
        (
            "Value",
            text(if container_insights {
                "enabled"
            } else {
                "disabled"
            }),
        ),
    ]);
    let props = obj(vec![
        ("ClusterName", text(name)),
        ("ClusterSettings", arr(vec![setting])),
    ]);
    resource("AWS::ECS::Cluster", vec![], props)
}

/// A log group the template creates; kept when the stack goes, since logs outlive what wrote them.
pub fn log_group(retention_days: Val<u64>, kms_key: Option<&str>) -> Value {
    let mut props = vec![("RetentionInDays", count(&retention_days))];
    if let Some(key) = kms_key {
        props.push(("KmsKeyId", text(key)));
    }
    resource("AWS::Logs::LogGroup", retained(), obj(props))
}

/// What a KMS key's policy must say for CloudWatch Logs to encrypt this account's log groups with it (CloudWatch
/// Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS"). The log group's own ARN would make a
/// cycle (the group names the key), so the condition names the account's log groups.
pub fn logs_key_statement() -> Value {
    obj(vec![
        ("Effect", text("Allow")),
        (
            "Principal",
            obj(vec![(
                "Service",
                cfn::sub("logs.${AWS::Region}.amazonaws.com"),
            )]),
        ),
        (
            "Action",
            arr([
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ]
            .iter()
            .map(|a| text(a))
            .collect()),
        ),
        ("Resource", text("*")),
        (
            "Condition",
            obj(vec![(
                "ArnLike",
                obj(vec![(
                    "kms:EncryptionContext:aws:logs:arn",
                    cfn::sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
                    ),
                )]),
            )]),
        ),
    ])
}
