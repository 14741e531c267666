//! The spec as a user writes it: one type per object of the JSON, each field's doc comment its description and
//! default. `src/schema.json` (what editors and the reader's shape pass follow) and the field tables of
//! `docs/spec.md` are generated from these types (`UPDATE_SCHEMA=1 cargo test --test schema`); constraints
//! schemars cannot derive are written on the field (`#[schemars(extend(...))]`). Defaults are constants beside
//! the field they belong to, read by the rules and the synthesis too.
//!
//! A number or a list may also be a CDK token string (`Val`): the schema says `anyOf` the value or a token.

use super::Val;
use crate::json::Value;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// `dependsOn` conditions ECS takes for a container without a container health check (`HEALTHY` needs one,
/// and a sidecar here has none).
pub const CONDITIONS: [&str; 3] = ["START", "COMPLETE", "SUCCESS"];
/// The least memory ECS gives a container, in MiB.
pub const MIN_CONTAINER_MEMORY: u64 = 6;

/// The port a service's container listens on when `containerPort` is left out.
pub const DEFAULT_CONTAINER_PORT: u64 = 80;
/// The log stream prefix when `streamPrefix` is left out.
pub const DEFAULT_STREAM_PREFIX: &str = "ecs";
/// A created log group's retention when `retentionDays` is left out, in days.
pub const DEFAULT_RETENTION_DAYS: u64 = 30;
/// Retention periods CloudWatch Logs accepts, in days.
pub const RETENTION_DAYS: [u64; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
/// Express Mode's scaling when `scaling` is left out: one task, average CPU at 60%.
pub const DEFAULT_MIN_TASKS: u64 = 1;
pub const DEFAULT_TARGET_VALUE: u64 = 60;
/// Whether the template outputs a service's URL when `output` is left out.
pub const DEFAULT_OUTPUT: bool = true;
/// Whether a created cluster has Container Insights when `containerInsights` is left out.
pub const DEFAULT_CONTAINER_INSIGHTS: bool = true;
/// Whether a sidecar is essential when `essential` is left out (as in ECS).
pub const DEFAULT_ESSENTIAL: bool = true;

/// The pattern of a CDK token string (`${Token[...]}`, `#{Token[...]}` for lists), as `crate::token::is_token`.
pub const TOKEN_PATTERN: &str = r"^.*[$#]\{Token\[.*$";
/// Service and web ACL names: they prefix logical IDs.
const LOGICAL_NAME: &str = "^[A-Za-z][A-Za-z0-9]{0,63}$";
const ECS_NAME: &str = "^[A-Za-z0-9_-]{1,255}$";
const ENV_NAME: &str = "^[A-Za-z_][A-Za-z0-9_]*$";
const SUBNET: &str = "^subnet-([0-9a-f]{8}|[0-9a-f]{17})$";
const SECURITY_GROUP: &str = "^sg-([0-9a-f]{8}|[0-9a-f]{17})$";

/// Container services to run on Amazon ECS Express Mode.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "cdk-express-service spec",
    extend("$id" = "urn:cdk-express-service:spec")
)]
pub struct Spec {
    /// The JSON Schema this document follows, for editors; ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The template's Description.
    #[schemars(length(max = 1024))]
    pub description: Option<String>,
    /// The Region the stack deploys to (e.g. eu-west-1), when known: the ARNs that must be in it (a domain's certificateArn, a webAclArn, a taskDefinition, a cluster ARN) are checked against it; the template itself names its Region with AWS::Region. Default: unknown (those ARNs are held to one another).
    #[schemars(transform = known_pattern("^[a-z]+(-[a-z0-9]+)*-[0-9]+$"))]
    pub region: Option<Val<String>>,
    /// The WAF of every service that does not set its own. Default: none.
    pub waf: Option<Waf>,
    /// Web ACLs the template creates once and services share by name ({ "waf": { "webAcl": name } }): one web ACL for services that may share a load balancer. Default: none.
    #[schemars(extend("propertyNames" = { "pattern": LOGICAL_NAME }, "x-expected" = "an object of name: { managedRules?, rateLimit? }"))]
    pub web_acls: Option<Keyed<WebAclSettings>>,
    pub helpers: Option<Helpers>,
    /// The services, by logical name (letters and digits; it prefixes their logical IDs).
    #[schemars(required, extend("minProperties" = 1, "propertyNames" = { "pattern": LOGICAL_NAME }, "x-expected" = "an object of service name: { image, … }", "x-required" = "is required: an object of service name: { image, … }"))]
    pub services: Option<Keyed<Service>>,
}

/// One service: its container, task size, network, scaling, logs, roles, WAF and domain.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(
    rename = "service",
    extend(
        "anyOf" = [{ "required": ["image"] }, { "required": ["taskDefinition"] }],
        "dependentSchemas" = { "taskDefinition": excluded_by_task_definition() }
    )
)]
pub struct Service {
    /// Container image: `[registry/]repository[:tag][@sha256:digest]`; required unless taskDefinition is given.
    pub image: Option<String>,
    /// The ECS service name, 1–255 of letters, digits, `-`, `_`. **Changing it replaces the service (new URL).** Default: generated.
    #[schemars(regex(pattern = ECS_NAME))]
    pub service_name: Option<String>,
    /// The port the container listens on, 1–65535. Default: 80.
    pub container_port: Option<Val<u64>>,
    /// The container's command, a list of strings. Default: the image's.
    pub command: Option<Val<Vec<String>>>,
    /// Environment variables, `NAME: value` (numbers and booleans are written as text). Default: none.
    #[schemars(extend("propertyNames" = { "pattern": ENV_NAME }))]
    pub environment: Option<Keyed<Text>>,
    /// Secret variables, `NAME: source`: a Secrets Manager secret ARN (optionally `:jsonKey:versionStage:versionId`, e.g. `:password::`), an SSM parameter ARN, or an SSM parameter name of the same account and region. The execution role gets read access to exactly these. Default: none.
    #[schemars(extend("propertyNames" = { "pattern": ENV_NAME }))]
    pub secrets: Option<Keyed<Text>>,
    /// A Secrets Manager secret ARN with private registry credentials. Default: none.
    pub repository_credentials: Option<String>,
    /// Task CPU units (1024 = 1 vCPU): one of 256, 512, 1024, 2048, 4096, 8192, 16384 (8192 and 16384 warn, `size-unverified`: Express Mode has not been seen to run them). cpu and memory are always both written to the template. Default: 256, or the smallest that allows memory.
    #[schemars(transform = known_enum(crate::rules::fargate::cpus()))]
    pub cpu: Option<Val<u64>>,
    /// Task memory in MiB, a Fargate pair with cpu: 256: 512, 1024, 2048; 512: 1024–4096 by 1024; 1024: 2048–8192 by 1024; 2048: 4096–16384 by 1024; 4096: 8192–30720 by 1024; 8192: 16384–61440 by 4096; 16384: 32768–122880 by 8192. Default: 512, or the smallest that cpu allows.
    pub memory: Option<Val<u64>>,
    /// The load balancer's health check path; starts with `/`. Default: Express Mode's `/ping`.
    #[schemars(regex(pattern = "^/"))]
    pub health_check_path: Option<String>,
    /// An existing cluster's name or ARN (the template uses the name: an ARN fails at deploy), or `{ clusterName, containerInsights? }` to create one (shared by every service naming it). **Changing it replaces the service.** Default: the account's `default` cluster.
    #[schemars(extend("x-expected" = "a cluster name or ARN, or { clusterName } to create one"))]
    pub cluster: Option<Cluster>,
    /// `{ subnets?: [subnet-…] (1–16), securityGroups?: [sg-…] (1–5), vpc?: vpc-…, public?: boolean, createSecurityGroup?: boolean, vpcCidr?: 10.0.0.0/16 }`; private subnets get an internal load balancer. `vpc` and `public` (whether the subnets are public) tell which services may share a load balancer (see below). `createSecurityGroup: true` makes the tasks a security group (`<Service>SecurityGroup`, in `VpcId: vpc`) beside `securityGroups` (at most 4 then), letting the container port in from `vpcCidr` (the VPC's IPv4 range, /16–/28, where the load balancer is) and all traffic out, for other resources' rules to name (`Fn::GetAtt [<Service>SecurityGroup, GroupId]`); it needs `vpc` and `vpcCidr`, and is refused with `taskDefinition` (whose port it cannot know). Default: the default VPC's public subnets; Express Mode's own security group.
    pub network: Option<Network>,
    /// `{ minTasks?, maxTasks?, metric?: cpu | memory | requests, targetValue? }`; targetValue 1–100 for cpu/memory. Default: 1, minTasks, cpu, 60.
    pub scaling: Option<Scaling>,
    /// `{ logGroup? (existing), streamPrefix?, retentionDays? (created group), kmsKey? (created group: a KMS key ARN, whose key policy must let `logs.<region>.amazonaws.com` use it) }`. Default: ECS's own log group, kept forever.
    pub logs: Option<Logs>,
    /// `{ execution?, infrastructure?, task? }` existing role ARNs; `task: create` makes an empty task role for this service. **A new infrastructure role replaces the service.** Default: execution + infrastructure roles created once and shared; no task role.
    pub roles: Option<Roles>,
    /// `false`; `{ webAclArn }` (existing REGIONAL web ACL); `{ webAcl: name }` (one of the top-level `webAcls`); `{ managedRules?, rateLimit?, allowOnlyFrom? }` (rules for this service alone, in the one web ACL of its network; `allowOnlyFrom`: IPv4/IPv6 CIDR ranges, network addresses with a prefix of 1–32 / 1–128, the only ones let in). Default: the top-level `waf`, else none.
    pub waf: Option<Waf>,
    /// Up to 50 tags of the service; **set at creation only: changing them replaces the service (new URL).** Default: none.
    #[schemars(extend("maxProperties" = crate::rules::tags::MAX_TAGS, "additionalProperties" = { "type": ["string", "number", "boolean"], "maxLength": 256 }))]
    pub tags: Option<Keyed<Text>>,
    /// Whether the template outputs the service's `https://` URL. Default: true.
    pub output: Option<bool>,
    /// `{ names: [host name] (1–4; each at most 128 characters with only letters after the last dot, as a load balancer's host-header condition takes them; without `certificateArn` the first at most 64, the common name ACM gives the created certificate), certificateArn?, certificateNames?, hostedZoneId?, hostedZoneName? }`: host names of your own, added to the listener rule Express manages for the service, with the certificate on its load balancer's HTTPS listener (docs/domains.md). Without `certificateArn` a DNS-validated certificate is created in the hosted zone; with `hostedZoneId` (and `hostedZoneName`, which tells the zone's apex) the DNS records are created. `certificateNames`: what `certificateArn` covers, checked against the names. A name reaches one service. Default: none.
    pub domain: Option<Domain>,
    /// `[{ name, image, essential?, command?, environment?, secrets?, portMappings?: [{ containerPort, protocol?: tcp | udp }], cpu?, memory?, dependsOn?: [{ container, condition?: START | COMPLETE | SUCCESS }] }]` (at most 9: a task holds 10 containers; COMPLETE and SUCCESS only on a sidecar with `essential: false`, no cycles): containers beside the service's own (e.g. an OpenTelemetry collector); the template then makes `<Name>TaskDefinition` (awsvpc, Fargate, the service's cpu and memory; Main first, then these) and the service runs it. Names unique, `Main` reserved; ports unique across the task; cpu within the task's, memory leaving Main 6 MiB; secrets granted like the service's. Default: none.
    #[schemars(length(min = 1, max = 9), extend("x-expected" = "a list of { name, image, … }"))]
    pub sidecars: Option<Vec<Option<Sidecar>>>,
    /// A Fargate task definition ARN with revision (or token) whose container `Main` has one named TCP port mapping: excludes `image`, `containerPort`, `command`, `environment`, `secrets`, `repositoryCredentials`, `cpu`, `memory`, `logs`, `sidecars`, `roles.task`, `roles.execution` (Express takes them from it). Default: the template describes the container.
    #[schemars(transform = known_pattern(
        "^arn:[^:]+:ecs:[^:]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]{1,255}:0*[1-9][0-9]*$"
    ))]
    pub task_definition: Option<Val<String>>,
}

/// What a task definition of the user's says instead of the service (Express Mode takes them from its
/// container Main), and the roles of `roles` it holds: the schema's `dependentSchemas` and the rule beside
/// `taskDefinition` both read them.
pub const EXCLUDED_BY_TASK_DEFINITION: [&str; 10] = [
    "image",
    "containerPort",
    "command",
    "environment",
    "secrets",
    "repositoryCredentials",
    "cpu",
    "memory",
    "logs",
    "sidecars",
];
pub const ROLES_OF_TASK_DEFINITION: [&str; 2] = ["task", "execution"];

/// `taskDefinition`'s dependent schema: the keys it excludes.
fn excluded_by_task_definition() -> serde_json::Value {
    let none = |keys: &[&str]| -> serde_json::Map<String, serde_json::Value> {
        keys.iter().map(|k| (k.to_string(), false.into())).collect()
    };
    let mut properties = none(&EXCLUDED_BY_TASK_DEFINITION);
    properties.insert(
        "roles".into(),
        serde_json::json!({ "properties": none(&ROLES_OF_TASK_DEFINITION) }),
    );
    serde_json::json!({ "properties": properties })
}

/// An existing cluster by name or ARN, or one the template creates.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
#[schemars(inline)]
pub enum Cluster {
    Existing(String),
    Create(CreateCluster),
}

/// A cluster the template creates (shared by every service naming it).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "cluster")]
pub struct CreateCluster {
    /// Its name.
    #[schemars(required, regex(pattern = ECS_NAME), extend("x-required" = "is required to create a cluster (or give the cluster as a string to use an existing one)"))]
    pub cluster_name: Option<String>,
    /// CloudWatch Container Insights. Default: true.
    pub container_insights: Option<bool>,
}

/// Where tasks and the load balancer run. Default: the default VPC's public subnets. Private subnets get an internal load balancer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "network")]
pub struct Network {
    /// Subnet IDs (1–16).
    #[schemars(transform = known_items_pattern(SUBNET))]
    pub subnets: Option<Val<Vec<String>>>,
    /// Security group IDs (1–5). Default: one made by Express Mode.
    #[schemars(transform = known_items_pattern(SECURITY_GROUP))]
    pub security_groups: Option<Val<Vec<String>>>,
    /// The VPC of the subnets. With public, it tells which services Express Mode may put on one load balancer (one per VPC and kind of subnet), so that their WAF settings are composed into one web ACL per network. Default: unknown (services are then compared by their subnets).
    #[schemars(transform = known_pattern("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$"))]
    pub vpc: Option<Val<String>>,
    /// Whether the subnets are public (an internet-facing load balancer) or private (an internal one). Default: unknown.
    pub public: Option<bool>,
    /// Make a security group for the tasks (beside securityGroups), which other resources can name in their rules: it lets the container port in from vpcCidr (where Express Mode's load balancer is) and everything out. Needs vpc and vpcCidr. Default: false.
    pub create_security_group: Option<bool>,
    /// The VPC's IPv4 CIDR range, e.g. 10.0.0.0/16: where the created security group lets the load balancer in from. Needed by createSecurityGroup.
    pub vpc_cidr: Option<Val<String>>,
}

/// Host names of your own that reach the service (api.example.com), beside its generated on.aws name: added to the listener rule Express Mode manages for it, with their certificate on the load balancer's HTTPS listener. Default: none.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "domain")]
pub struct Domain {
    /// 1–4 host names; * only as the whole left-most label (*.example.com); each at most 128 characters with only letters after the last dot (a load balancer's host-header condition); without certificateArn the first at most 64 (the created certificate's common name).
    #[schemars(required, extend("x-required" = "is required: the host names that reach the service, e.g. [\"api.example.com\"]"), transform = known_with(serde_json::json!({ "minItems": 1, "maxItems": 4, "items": { "type": "string", "maxLength": 128 } })))]
    pub names: Option<Val<Vec<String>>>,
    /// An ACM certificate for the names, in the service's Region. Default: one created and validated by DNS in the hosted zone.
    #[schemars(transform = known_pattern("^arn:"))]
    pub certificate_arn: Option<Val<String>>,
    /// The names certificateArn covers, when known: each name is checked to be covered.
    pub certificate_names: Option<Val<Vec<String>>>,
    /// The Route 53 hosted zone for the names: their DNS records (a CNAME to the service's endpoint, an alias at the zone apex) and a created certificate's validation. Default: no records (point DNS at the endpoint yourself).
    #[schemars(transform = known_pattern("^Z[0-9A-Z]+$"))]
    pub hosted_zone_id: Option<Val<String>>,
    /// The hosted zone's domain name (example.com), needed with hostedZoneId.
    pub hosted_zone_name: Option<String>,
}

/// Target tracking auto scaling. Default: Express Mode's (1 task).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "scaling")]
pub struct Scaling {
    /// Fewest tasks. Default: 1.
    pub min_tasks: Option<Val<u64>>,
    /// Most tasks, at least minTasks. Default: minTasks.
    pub max_tasks: Option<Val<u64>>,
    /// What to track: average cpu or memory (%), or requests per target. Default: cpu.
    #[schemars(extend("enum" = Metric::NAMES))]
    pub metric: Option<String>,
    /// The value to hold: 1–100 for cpu and memory, requests per target for requests. Default: 60.
    pub target_value: Option<Val<u64>>,
}

/// What scaling tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    #[default]
    Cpu,
    Memory,
    Requests,
}

impl Metric {
    /// The metrics as the spec names them, in the order of `Metric`.
    pub const NAMES: [&'static str; 3] = ["cpu", "memory", "requests"];

    pub fn named(name: &str) -> Option<Metric> {
        match name {
            "cpu" => Some(Metric::Cpu),
            "memory" => Some(Metric::Memory),
            "requests" => Some(Metric::Requests),
            _ => None,
        }
    }
}

/// Container logs. Default: Express Mode's own log group (kept forever).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "logs")]
pub struct Logs {
    /// An existing log group's name. Default: one created with retentionDays.
    pub log_group: Option<String>,
    /// Log stream prefix. Default: ecs.
    pub stream_prefix: Option<String>,
    /// A KMS key (its ARN) that encrypts the created log group; its key policy must let CloudWatch Logs (logs.<region>.amazonaws.com) use it. Default: CloudWatch Logs' own encryption.
    #[schemars(transform = known_pattern("^arn:"))]
    pub kms_key: Option<Val<String>>,
    /// Retention of the created log group. Default: 30.
    #[schemars(transform = known_enum(RETENTION_DAYS.to_vec()))]
    pub retention_days: Option<Val<u64>>,
}

/// Existing IAM roles, by ARN. Default: created (execution and infrastructure roles shared by all services; no task role).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "roles")]
pub struct Roles {
    /// Task execution role ARN (pulls the image, reads secrets, writes logs).
    pub execution: Option<String>,
    /// Infrastructure role ARN (lets ECS manage the load balancer and scaling). Changing it replaces the service.
    pub infrastructure: Option<String>,
    /// Task role ARN (the app's own AWS permissions), or "create" for an empty role of this service's own. Default: none.
    #[schemars(extend("x-expected" = "a role ARN, or \"create\" for a task role of its own"))]
    pub task: Option<String>,
}

/// false: none; { webAclArn }: attach an existing REGIONAL web ACL; { webAcl }: one of the top-level webAcls; { managedRules?, rateLimit? }: create one for this service alone.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
#[schemars(
    rename = "waf",
    extend("x-expected" = "false, { webAclArn }, { webAcl } or { managedRules?, rateLimit? }")
)]
pub enum Waf {
    /// `true` is read too, for the rule to say what to write instead.
    Off(#[schemars(with = "False")] bool),
    Settings(WafSettings),
}

/// `false`, and only `false`.
#[derive(Debug)]
pub struct False;

impl JsonSchema for False {
    fn schema_name() -> Cow<'static, str> {
        "false".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": false })
    }
}

/// A service's or the stack's WAF as an object: an existing web ACL, one of `webAcls`, or one of its own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "wafSettings")]
pub struct WafSettings {
    /// An existing REGIONAL web ACL to attach (excludes the others).
    pub web_acl_arn: Option<String>,
    /// The name of a web ACL of the top-level webAcls, shared with the other services that name it (excludes the others).
    #[schemars(regex(pattern = LOGICAL_NAME))]
    pub web_acl: Option<String>,
    /// AWS managed rule groups of a created web ACL. Default: AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList.
    #[schemars(transform = known_with(serde_json::json!({ "uniqueItems": true, "items": { "enum": crate::rules::waf::MANAGED_RULE_GROUPS } })))]
    pub managed_rules: Option<Val<Vec<String>>>,
    /// Requests per IP in 5 minutes before a created web ACL blocks. Default: 2000.
    #[schemars(transform = known_range(crate::rules::waf::RATE_LIMIT_RANGE))]
    pub rate_limit: Option<Val<u64>>,
    /// Only requests from these IPv4 and IPv6 CIDR ranges reach the service; WAF blocks all others. At most 10,000 IPv4 and 10,000 IPv6 ranges (one WAF IP set each). Default: everyone.
    #[schemars(transform = known_with(serde_json::json!({ "minItems": 1, "maxItems": 20000, "uniqueItems": true })))]
    pub allow_only_from: Option<Val<Vec<String>>>,
}

/// A web ACL the template creates: a per-IP rate limit, then AWS managed rule groups.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "webAclSettings")]
pub struct WebAclSettings {
    /// AWS managed rule groups of a created web ACL. Default: AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList.
    #[schemars(transform = known_with(serde_json::json!({ "uniqueItems": true, "items": { "enum": crate::rules::waf::MANAGED_RULE_GROUPS } })))]
    pub managed_rules: Option<Val<Vec<String>>>,
    /// Requests per IP in 5 minutes before a created web ACL blocks. Default: 2000.
    #[schemars(transform = known_range(crate::rules::waf::RATE_LIMIT_RANGE))]
    pub rate_limit: Option<Val<u64>>,
    /// Only requests from these IPv4 and IPv6 CIDR ranges reach the service; WAF blocks all others. At most 10,000 IPv4 and 10,000 IPv6 ranges (one WAF IP set each). Default: everyone.
    #[schemars(transform = known_with(serde_json::json!({ "minItems": 1, "maxItems": 20000, "uniqueItems": true })))]
    pub allow_only_from: Option<Val<Vec<String>>>,
}

/// The library's own functions, shared by the stack: the one that associates web ACLs with the load balancers (with any waf) and the one that adds custom host names (with any domain). Default: the newest Node.js runtime, outside any VPC, logs encrypted by CloudWatch Logs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "helpers")]
pub struct Helpers {
    /// Their Lambda runtime: `nodejs22.x`, `nodejs24.x` or `nodejs26.x`, the Node.js runtimes Lambda takes for a new function (the construct picks the newest that both Lambda and the app's aws-cdk-lib know, so that cdk-nag's AwsSolutions-L1 sees the newest runtime it knows). Default: nodejs26.x, the newest Node.js runtime Lambda takes.
    #[schemars(extend("enum" = crate::rules::lambda::NODE_RUNTIMES))]
    pub runtime: Option<String>,
    /// A KMS key ARN (or token) encrypting `WafAssociationsLogs` and `DomainNamesLogs`; its key policy must let `logs.<region>.amazonaws.com` use it (warning `log-key-policy`). Default: CloudWatch Logs' own encryption.
    #[schemars(transform = known_pattern("^arn:"))]
    pub log_kms_key: Option<Val<String>>,
    /// `[subnet-…]` (1–16) to run the functions in, with `securityGroups` (both or neither). They call WAF and Elastic Load Balancing and answer CloudFormation at an S3 URL, so the subnets need a route to all three: a NAT gateway, or interface endpoints for `wafv2` and `elasticloadbalancing` plus a gateway endpoint for S3. The roles then also get Lambda's network-interface actions (`ec2:CreateNetworkInterface` and the others of `AWSLambdaVPCAccessExecutionRole`). Default: outside any VPC.
    #[schemars(transform = known_items_pattern(SUBNET))]
    pub subnets: Option<Val<Vec<String>>>,
    /// `[sg-…]` (1–5) of the functions, with `subnets` (both or neither); they need HTTPS (TCP 443) out to the APIs. Default: none (outside any VPC).
    #[schemars(transform = known_items_pattern(SECURITY_GROUP))]
    pub security_groups: Option<Val<Vec<String>>>,
}

/// A container beside the service's own in its task definition.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "sidecar")]
pub struct Sidecar {
    /// The container's name, unique in the task; Main is the service's own.
    #[schemars(required, regex(pattern = ECS_NAME), extend("not" = { "const": super::MAIN_CONTAINER }, "x-required" = "is required: the container's name, e.g. \"otel-collector\""))]
    pub name: Option<String>,
    /// The sidecar's image.
    #[schemars(required, extend("x-required" = "is required: the sidecar's image, e.g. \"public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1\""))]
    pub image: Option<String>,
    /// Whether the task stops when this container stops. Default: true (as in ECS).
    pub essential: Option<bool>,
    /// The command the container runs. Default: the image's.
    pub command: Option<Val<Vec<String>>>,
    /// Plain environment variables.
    pub environment: Option<Keyed<Text>>,
    /// Environment variables from Secrets Manager or SSM Parameter Store, granted to the execution role like the service's.
    pub secrets: Option<Keyed<Text>>,
    /// Ports the sidecar listens on (none of them the service's port or another container's).
    #[schemars(extend("x-expected" = "a list of { containerPort, protocol? }"))]
    pub port_mappings: Option<Vec<Option<PortMapping>>>,
    /// CPU units reserved for the container, out of the task's. Default: none reserved.
    #[schemars(transform = known_range((0, 16384)))]
    pub cpu: Option<Val<u64>>,
    /// The container's memory limit in MiB, out of the task's. Default: none of its own.
    #[schemars(transform = known_range((MIN_CONTAINER_MEMORY, 122880)))]
    pub memory: Option<Val<u64>>,
    /// Containers of the task to wait for before this one starts.
    #[schemars(extend("x-expected" = "a list of { container, condition? }"))]
    pub depends_on: Option<Vec<Option<ContainerDependency>>>,
}

/// A port a sidecar listens on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "portMapping")]
pub struct PortMapping {
    /// The port.
    #[schemars(required, extend("x-required" = "is required: the port the sidecar listens on"), transform = known_range((1, 65535)))]
    pub container_port: Option<Val<u64>>,
    /// Default: tcp.
    #[schemars(extend("enum" = ["tcp", "udp"]))]
    pub protocol: Option<String>,
}

/// A container a sidecar waits for.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[schemars(rename = "containerDependency")]
pub struct ContainerDependency {
    /// Main or another sidecar's name.
    #[schemars(required, extend("x-required" = "is required: the name of a container of the task (Main or a sidecar)"))]
    pub container: Option<String>,
    /// Default: START. COMPLETE and SUCCESS (the container exited; SUCCESS: with status 0) only on a sidecar with essential: false.
    #[schemars(extend("enum" = CONDITIONS))]
    pub condition: Option<String>,
}

/// A CDK token string: a value another construct provides at deploy time.
#[derive(Debug)]
pub struct Token;

impl JsonSchema for Token {
    fn schema_name() -> Cow<'static, str> {
        "token".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": TOKEN_PATTERN, "description": "a CDK token" })
    }
}

/// A CDK token string standing for a list.
#[derive(Debug)]
pub struct ListToken;

impl JsonSchema for ListToken {
    fn schema_name() -> Cow<'static, str> {
        "listToken".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": TOKEN_PATTERN, "description": "a CDK token for a list" })
    }
}

impl<T: JsonSchema> JsonSchema for Val<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("{}OrToken", T::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        // A list stands as one token string too (CDK encodes a list as `#{Token[...]}`).
        let token = if T::schema_name().starts_with("Array") {
            g.subschema_for::<ListToken>()
        } else {
            g.subschema_for::<Token>()
        };
        json_schema!({ "anyOf": [g.subschema_for::<T>(), token] })
    }
}

// Read without serde's untagged enums, whose buffering costs the module tens of KB: the shape pass has told
// the kinds apart already. The inner value is read from `&Value`, as every other field of the model is, so the
// module carries one copy of serde_json's Value deserializers, not a second for an owned Value (5.3 KB raw, 1.6
// KB gzipped: bench/results/size.md).
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Val<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) if crate::token::is_token(&s) => Ok(Val::Token(s)),
            other => T::deserialize(&other)
                .map(Val::Known)
                .map_err(serde::de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Cluster {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Cluster::Existing(s)),
            other => CreateCluster::deserialize(&other)
                .map(Cluster::Create)
                .map_err(serde::de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Waf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(b) => Ok(Waf::Off(b)),
            other => WafSettings::deserialize(&other)
                .map(Waf::Settings)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// A text value of a map (environment, secrets, tags): YAML writes `PORT: 8080` without quotes, so numbers and
/// booleans are taken as their text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "text".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(serde::de::Error::custom("expected a string")),
        }))
    }
}

/// An object of name: value, in the order written.
#[derive(Debug)]
pub struct Keyed<T>(pub Vec<(String, T)>);

impl<T: JsonSchema> JsonSchema for Keyed<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("KeyedOf{}", T::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "additionalProperties": g.subschema_for::<T>() })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Keyed<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keyed<T>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Keyed(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

// Constraints on the known branch of a value-or-token (`anyOf: [value, token]`).

/// The value branch of a value-or-token: the first of an `anyOf` whose last is the token.
fn known(schema: &mut Schema) -> Option<&mut serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    fn find(v: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
        let any = v.get_mut("anyOf")?.as_array_mut()?;
        if is_token_ref(any.last()?) {
            return any.first_mut()?.as_object_mut();
        }
        any.iter_mut().find_map(find)
    }
    fn is_token_ref(v: &Value) -> bool {
        matches!(
            v.get("$ref").and_then(Value::as_str),
            Some("#/$defs/token" | "#/$defs/listToken")
        )
    }
    let any = schema.get_mut("anyOf")?.as_array_mut()?;
    if is_token_ref(any.last()?) {
        return any.first_mut()?.as_object_mut();
    }
    any.iter_mut().find_map(find)
}

/// Constraints written on the value (not the token) of a value-or-token field.
fn known_with(constraints: serde_json::Value) -> impl Fn(&mut Schema) {
    move |s| {
        if let (Some(k), serde_json::Value::Object(c)) = (known(s), &constraints) {
            for (key, v) in c {
                k.insert(key.clone(), v.clone());
            }
        }
    }
}

fn known_pattern(pattern: &'static str) -> impl Fn(&mut Schema) {
    known_with(serde_json::json!({ "pattern": pattern }))
}

fn known_items_pattern(pattern: &'static str) -> impl Fn(&mut Schema) {
    known_with(serde_json::json!({ "items": { "type": "string", "pattern": pattern } }))
}

fn known_range((min, max): (u64, u64)) -> impl Fn(&mut Schema) {
    known_with(serde_json::json!({ "minimum": min, "maximum": max }))
}

/// The value is one of `values` (its type goes: every value says it).
fn known_enum(values: Vec<u64>) -> impl Fn(&mut Schema) {
    move |s| {
        if let Some(k) = known(s) {
            k.clear();
            k.insert("enum".into(), values.clone().into());
        }
    }
}

/// The spec's JSON Schema, as `src/schema.json` holds it: draft 2020-12, no `null` for a field left out (the
/// reader takes a missing key, not null), no Rust integer formats.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Spec>();
    let mut value = schema.to_value();
    tidy(&mut value);
    // The document's own keywords first, as a reader looks for them.
    let mut root = serde_json::Map::new();
    if let serde_json::Value::Object(mut map) = value {
        for key in ["$schema", "$id", "title", "description"] {
            if let Some(v) = map.remove(key) {
                root.insert(key.into(), v);
            }
        }
        root.extend(map);
    }
    serde_json::Value::Object(root)
}

fn tidy(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            map.remove("format");
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let one = types.remove(0);
                    map.insert("type".into(), one);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").and_then(Value::as_str) != Some("null"));
                if any.len() == 1 && !map.contains_key("$ref") {
                    if let Some(Value::Object(only)) = map
                        .remove("anyOf")
                        .and_then(|mut a| a.as_array_mut().and_then(|a| a.pop()))
                    {
                        for (k, v) in only {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            for value in map.values_mut() {
                tidy(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}
